package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.List;

/** One input of a dataset (a video file, a frame folder, an image, an array row): decodes into its clips. */
interface DatasetItem {
    /** How clips and reports name this input. */
    String source();

    /** The file at fault when it is bad. */
    Path path();

    /**
     * Decodes this input's clips.
     *
     * @param index position of the item in the sorted listing, the seed of its random offsets
     * @throws DatasetException (typed, naming the file) when the input is bad
     */
    List<Clip> read(ClipSampler sampler, int index);

    /** After {@link #read}: how this input's frames were turned upright, when that is worth reporting. */
    default java.util.Optional<DisplayAdjustment> display() {
        return java.util.Optional.empty();
    }
}

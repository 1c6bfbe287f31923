package dev.fvd.datasets;

import java.util.List;

/**
 * What a {@link ClipStream} delivered so far.
 *
 * @param source  the dataset path as given
 * @param items   videos (images, array rows) whose clips were delivered
 * @param clips   clips delivered
 * @param skipped inputs left out under {@link BadInputPolicy#SKIP} (and videos a protocol discards), in dataset order, with
 *                their reasons
 * @param display videos whose display matrix turns or flips them or whose pixels are not square, in dataset order, with what
 *                was applied ({@link DisplayAdjustment})
 */
public record DatasetReport(String source, long items, long clips, List<SkippedInput> skipped, List<DisplayAdjustment> display) {
    public DatasetReport {
        skipped = List.copyOf(skipped);
        display = List.copyOf(display);
    }

    /** A report with no display adjustments. */
    public DatasetReport(String source, long items, long clips, List<SkippedInput> skipped) {
        this(source, items, clips, skipped, List.of());
    }
}

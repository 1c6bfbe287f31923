package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reading one dataset as disjoint shards on several machines (fvd-spark): the shard reader lists nothing itself, it is given
 * single video (image) files with the position each has in the whole dataset's listing. That position seeds the file's random
 * clip offsets ({@link ClipSampling}), so the clips of every shard are the clips one {@link Datasets#open} pass over the whole
 * dataset would give, whatever the split. The listing rule itself (which files a directory holds, in which order) is exposed
 * here so that a lister on another file system (HDFS, S3) applies the same one.
 */
public final class DatasetShards {
    /** Natural order of relative paths, component by component ({@code v2} before {@code v10}): the order of a listing. */
    public static final Comparator<Path> NATURAL_ORDER = NaturalOrder.PATHS;

    private DatasetShards() {
    }

    /**
     * What a directory listing takes a file for, by its name alone: {@link MediaKind#VIDEO} for a video extension,
     * {@link MediaKind#IMAGE} for a still image (in a video dataset, a frame of a frame folder), empty for other files, which a
     * listing ignores. Hidden names (starting with {@code .}) are never inputs ({@link #ignored(String)}).
     */
    public static Optional<MediaKind> mediaOf(String fileName) {
        if (ignored(fileName)) {
            return Optional.empty();
        }
        String ext = DatasetScanner.extension(fileName);
        if (DatasetScanner.VIDEO_EXTENSIONS.contains(ext)) {
            return Optional.of(MediaKind.VIDEO);
        }
        if (DatasetScanner.IMAGE_EXTENSIONS.contains(ext)) {
            return Optional.of(MediaKind.IMAGE);
        }
        return Optional.empty();
    }

    /**
     * Whether a listing skips a path relative to the dataset root ({@code a/b/c.mp4}): any hidden segment (macOS {@code ._x}
     * resource forks, {@code .DS_Store}) or a {@code __MACOSX} folder.
     */
    public static boolean ignored(String relativePath) {
        return DatasetScanner.ignoredEntry(relativePath);
    }

    /**
     * Opens one shard: {@code files.get(i)} is decoded as a video file ({@link MediaKind#VIDEO}) or an image file
     * ({@link MediaKind#IMAGE}) with listing position {@code positions.get(i)}. Clips come in the order of {@code files}. Unlike
     * {@link Datasets#open}, {@link DatasetOptions#sampling()}'s {@code maxItems} must be 0 (the cap counts over the whole
     * dataset, which a shard does not see), and an empty shard is no error. When every file of a non-empty shard is skipped,
     * {@link ClipStream#hasNext()} throws {@link EmptyDatasetException} as {@link Datasets#open} does; the skipped files are
     * still in {@link ClipStream#report()}.
     *
     * @param label names the shard in reports and errors
     * @throws IllegalArgumentException if the lists differ in length or {@code maxItems} is not 0
     */
    public static ClipStream open(String label, List<Path> files, List<Integer> positions, DatasetOptions options) {
        if (files.size() != positions.size()) {
            throw new IllegalArgumentException(label + ": " + files.size() + " files but " + positions.size() + " positions");
        }
        if (options.sampling().offset() == OffsetPolicy.CD_FVD) {
            throw new IllegalArgumentException(label + ": cd-FVD's draw is planned over the whole listing; it cannot be"
                    + " split into shards");
        }
        if (options.sampling().maxItems() != 0) {
            throw new IllegalArgumentException(label + ": a shard cannot apply max items (" + options.sampling().maxItems()
                    + "); cap the listing instead");
        }
        List<DatasetItem> items = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            DatasetItem item = options.kind() == MediaKind.VIDEO ? new VideoFileItem(file, options.autorotate()) : new ImageFileItem(file);
            items.add(new ListedItem(item, positions.get(i)));
        }
        return new OrderedClipStream(Path.of(label), new DatasetScanner.Listing(items, List.of(), false), options);
    }

    /** An item read with its position in the whole listing rather than in the shard. */
    private record ListedItem(DatasetItem item, int position) implements DatasetItem {
        @Override
        public String source() {
            return item.source();
        }

        @Override
        public Path path() {
            return item.path();
        }

        @Override
        public List<Clip> read(ClipSampler sampler, int indexInShard) {
            return item.read(sampler, position);
        }
    }
}

package dev.fvd.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Lists the inputs of a dataset path in their deterministic order. */
final class DatasetScanner {
    /** Extensions listed as videos in a directory; a single file given directly is tried whatever its extension. */
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "avi", "mkv", "webm", "mov", "gif", "mpg", "mpeg", "flv",
            "wmv", "ogv", "ts", "3gp");
    /** Still image extensions (webp is listed so that it is reported as unsupported rather than silently ignored). */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "webp");

    /** The items, what must be closed with the stream, and whether items must be read by one thread in order. */
    record Listing(List<DatasetItem> items, List<AutoCloseable> resources, boolean sequential) {
    }

    private DatasetScanner() {
    }

    static Listing scan(Path input, MediaKind kind, boolean autorotate) {
        if (!Files.exists(input)) {
            throw new BadInputException(input, input + ": no such file or directory");
        }
        if (!Files.isReadable(input)) {
            throw new BadInputException(input, input + ": not readable (permission denied)");
        }
        String ext = extension(input);
        if (Files.isDirectory(input)) {
            return kind == MediaKind.VIDEO ? videoDirectory(input, autorotate) : imageDirectory(input);
        }
        if (ext.equals("npy") || ext.equals("npz")) {
            return array(input, kind);
        }
        if (kind == MediaKind.IMAGE) {
            if (ext.equals("zip")) {
                return imageZip(input);
            }
            if (!IMAGE_EXTENSIONS.contains(ext)) {
                throw new BadInputException(input, input + ": not an image dataset: expected a directory, a .zip of images, "
                        + "an .npz/.npy of [N,H,W,3] uint8, or an image file (" + String.join(", ", sorted(IMAGE_EXTENSIONS)) + ")");
            }
            return new Listing(List.of(new ImageFileItem(input)), List.of(), false);
        }
        return new Listing(List.of(new VideoFileItem(input, autorotate)), List.of(), false);
    }

    private static Listing videoDirectory(Path root, boolean autorotate) {
        Set<String> extensions = new java.util.HashSet<>(VIDEO_EXTENSIONS);
        extensions.addAll(IMAGE_EXTENSIONS);
        Walk walk = walk(root, extensions);
        List<Path> files = walk.files();
        List<Path> videos = new ArrayList<>();
        Map<Path, List<Path>> frameFolders = new TreeMap<>(NaturalOrder.PATHS);
        for (Path file : files) {
            String ext = extension(file);
            if (VIDEO_EXTENSIONS.contains(ext)) {
                videos.add(file);
            } else if (IMAGE_EXTENSIONS.contains(ext)) {
                frameFolders.computeIfAbsent(root.relativize(file.getParent()), k -> new ArrayList<>()).add(file);
            }
        }
        List<Map.Entry<Path, DatasetItem>> keyed = new ArrayList<>();
        for (Path video : videos) {
            keyed.add(Map.entry(root.relativize(video), new VideoFileItem(video, autorotate)));
        }
        for (Map.Entry<Path, List<Path>> folder : frameFolders.entrySet()) {
            List<Path> frames = folder.getValue();
            frames.sort((a, b) -> NaturalOrder.compareNames(a.getFileName().toString(), b.getFileName().toString()));
            keyed.add(Map.entry(folder.getKey(), new FrameFolderItem(root.resolve(folder.getKey()), frames)));
        }
        for (BrokenEntryItem item : walk.broken()) {
            keyed.add(Map.entry(root.relativize(item.path()), item));
        }
        if (keyed.isEmpty()) {
            throw new EmptyDatasetException(root, root + ": no videos (" + String.join(", ", sorted(VIDEO_EXTENSIONS))
                    + ") and no folders of frame images found");
        }
        keyed.sort((a, b) -> NaturalOrder.comparePaths(a.getKey(), b.getKey()));
        return new Listing(keyed.stream().map(Map.Entry::getValue).toList(), List.of(), false);
    }

    private static Listing imageDirectory(Path root) {
        Walk walk = walk(root, IMAGE_EXTENSIONS);
        List<DatasetItem> images = new ArrayList<>();
        for (Path file : walk.files()) {
            if (IMAGE_EXTENSIONS.contains(extension(file))) {
                images.add(new ImageFileItem(file));
            }
        }
        images.addAll(walk.broken());
        if (images.isEmpty()) {
            throw new EmptyDatasetException(root, root + ": no images (" + String.join(", ", sorted(IMAGE_EXTENSIONS)) + ") found");
        }
        images.sort((a, b) -> NaturalOrder.comparePaths(root.relativize(a.path()), root.relativize(b.path())));
        return new Listing(List.copyOf(images), List.of(), false);
    }

    private static Listing imageZip(Path archive) {
        InputFiles.requireReadableFile(archive);
        ZipFile zip;
        try {
            zip = new ZipFile(archive.toFile());
        } catch (IOException e) {
            throw new BadInputException(archive, archive + ": not a readable zip archive: " + e.getMessage(), e);
        }
        List<ZipEntry> entries = new ArrayList<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            // macOS archives carry __MACOSX/._x.png resource forks: not images, skipped as hidden files are in folders
            if (!entry.isDirectory() && !ignoredEntry(entry.getName()) && IMAGE_EXTENSIONS.contains(extension(entry.getName()))) {
                entries.add(entry);
            }
        }
        if (entries.isEmpty()) {
            closeQuietly(zip);
            throw new EmptyDatasetException(archive, archive + ": no images found in the archive");
        }
        entries.sort((a, b) -> NaturalOrder.comparePaths(Path.of(a.getName()), Path.of(b.getName())));
        List<DatasetItem> items = entries.stream().<DatasetItem>map(e -> new ZipImageItem(archive, zip, e)).toList();
        return new Listing(items, List.of(zip), false);
    }

    private static Listing array(Path file, MediaKind kind) {
        NpyArray array = NpyArray.open(file);
        try {
            long[] shape = array.shape();
            int rank = kind == MediaKind.VIDEO ? 5 : 4;
            String layout = kind == MediaKind.VIDEO ? "[N,T,H,W,3]" : "[N,H,W,3]";
            if (shape.length != rank || shape[rank - 1] != 3) {
                throw new BadInputException(file, array.name() + ": shape " + java.util.Arrays.toString(shape) + " is not "
                        + layout + " (" + (kind == MediaKind.VIDEO ? "videos" : "images") + " as uint8 RGB)");
            }
            long n = shape[0];
            long frames = kind == MediaKind.VIDEO ? shape[1] : 1;
            long height = shape[rank - 3];
            long width = shape[rank - 2];
            if (n > Integer.MAX_VALUE || height * width * 3 > Integer.MAX_VALUE || height < 1 || width < 1) {
                throw new BadInputException(file, array.name() + ": shape " + java.util.Arrays.toString(shape) + " is out of range");
            }
            if (n == 0) {
                throw new EmptyDatasetException(file, array.name() + ": the array holds 0 items");
            }
            List<DatasetItem> items = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                items.add(new ArrayRowItem(array, i, frames, (int) height, (int) width));
            }
            // .npz entries are read forward: one thread in order avoids reopening the entry
            return new Listing(items, List.of(array), true);
        } catch (RuntimeException e) {
            array.close();
            throw e;
        }
    }

    /** What a folder holds: its regular files, and the entries that cannot be inputs (dangling links, link loops). */
    private record Walk(List<Path> files, List<BrokenEntryItem> broken) {
    }

    /**
     * Lists a folder, following symbolic links (datasets are often linked together). Hidden files such as macOS
     * {@code ._v1.mp4} resource forks and {@code __MACOSX/} folders are not inputs. A dangling link with a dataset extension
     * and a link looping back to a folder above it are broken entries, named like any bad input.
     */
    private static Walk walk(Path root, Set<String> extensions) {
        List<Path> files = new ArrayList<>();
        List<BrokenEntryItem> broken = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && ignored(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (ignored(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    } else if (attrs.isSymbolicLink() && extensions.contains(extension(file))) {
                        // FOLLOW_LINKS reports a link's own attributes when its target cannot be read
                        broken.add(new BrokenEntryItem(file, "dangling symbolic link (its target "
                                + readLink(file) + " does not exist)"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        broken.add(new BrokenEntryItem(file, "symbolic link loop: it leads back to " + readLink(file)
                                + ", a folder above it"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (file.equals(root)) {
                        throw e;
                    }
                    broken.add(new BrokenEntryItem(file, "cannot be listed: " + e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new BadInputException(root, root + ": cannot list the directory: " + io, io);
        }
        return new Walk(files, broken);
    }

    /** Hidden names (macOS {@code ._x} resource forks, {@code .DS_Store}) and {@code __MACOSX} folders: not inputs. */
    static boolean ignored(Path path) {
        Path name = path.getFileName();
        return name != null && (name.toString().startsWith(".") || name.toString().equals("__MACOSX"));
    }

    /** Same rule for an archive entry name ({@code a/b/c.png}): any hidden or {@code __MACOSX} segment. */
    static boolean ignoredEntry(String entryName) {
        for (String segment : entryName.split("/")) {
            if (segment.startsWith(".") || segment.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    static String extension(Path path) {
        Path name = path.getFileName();
        return name == null ? "" : extension(name.toString());
    }

    static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // read-only resources: nothing to recover
        }
    }
}

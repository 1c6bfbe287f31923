package dev.fvd.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on an output path made before any work starts, so a long run does not fail only when it writes its result. */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Fails at once when {@code target} cannot be written as a file: it is a folder, its parent folder is missing (or is not a
     * folder), or the parent is not writable. An existing file is fine (it will be replaced atomically).
     *
     * @return {@code target}, for chaining
     * @throws OutputFileException naming the path and what is wrong
     */
    public static Path requireWritable(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new OutputFileException(target, "is a folder; expected a file path to write");
        }
        Path parent = absolute.getParent();
        if (parent == null || !Files.exists(parent)) {
            throw new OutputFileException(target, "cannot be written: its folder " + parent + " does not exist");
        }
        if (!Files.isDirectory(parent)) {
            throw new OutputFileException(target, "cannot be written: " + parent + " is not a folder");
        }
        if (!Files.isWritable(parent)) {
            throw new OutputFileException(target, "cannot be written: its folder " + parent + " is not writable");
        }
        return target;
    }

    /**
     * Makes sure {@code dir} is a writable folder for output files, creating it (and missing parents) if needed; fails at once
     * when it is a file or cannot be created or written.
     *
     * @return {@code dir}, for chaining
     * @throws OutputFileException naming the folder and what is wrong
     */
    public static Path requireFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new OutputFileException(dir, "is a file; expected a folder for output files");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputFileException(dir, "cannot be created: " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new OutputFileException(dir, "is not writable");
        }
        return dir;
    }
}

package dev.fvd.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An output file that cannot be written: its path is a folder, its parent folder is missing or not writable, the disk is full,
 * the final move failed. The message names the path and says what is wrong.
 */
public class OutputFileException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public OutputFileException(Path file, String problem, IOException cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public OutputFileException(Path file, String problem) {
        this(file, problem, new IOException(file + ": " + problem));
    }

    /** The output path at fault. */
    public Path file() {
        return file;
    }
}

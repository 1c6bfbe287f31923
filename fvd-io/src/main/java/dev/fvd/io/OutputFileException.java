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
    private final String problem;

    public OutputFileException(Path file, String problem, IOException cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public OutputFileException(Path file, String problem) {
        this(file, problem, new IOException(file + ": " + problem));
    }

    /** The output path at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the path prefix (for callers that rewrap it). */
    public String problem() {
        return problem;
    }
}

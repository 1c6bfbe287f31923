package dev.fvd.datasets;

import java.nio.file.Path;

/** A dataset input that cannot be read as asked. The message names the file and what is wrong. */
public class DatasetException extends RuntimeException {
    private final transient Path path;

    public DatasetException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public DatasetException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file (or directory, or archive) at fault. */
    public Path path() {
        return path;
    }
}

package dev.fvd.report;

import java.nio.file.Path;

/** The report could not be written; the message names the file and what went wrong. */
public class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public ReportException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file or folder that could not be written. */
    public Path path() {
        return path;
    }
}

package dev.fvd.datasets;

import java.nio.file.Path;

/** An input that cannot be decoded: missing or unreadable path, zero bytes, corrupt or truncated data, wrong layout. */
public class BadInputException extends DatasetException {
    public BadInputException(Path path, String message) {
        super(path, message);
    }

    public BadInputException(Path path, String message, Throwable cause) {
        super(path, message, cause);
    }
}

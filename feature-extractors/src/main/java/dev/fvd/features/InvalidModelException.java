package dev.fvd.features;

/** A model file is corrupt, has the wrong shape or fails its checksum; the message names the file. */
public class InvalidModelException extends ModelException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

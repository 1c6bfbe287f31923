package dev.fvd.features;

/** Base of all model problems (missing, corrupt, wrong shape, device). Unchecked. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

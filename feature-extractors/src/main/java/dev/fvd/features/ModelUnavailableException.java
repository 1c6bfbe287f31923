package dev.fvd.features;

/** Model weights are absent or cannot be fetched (offline); the message gives the command that fixes it. */
public class ModelUnavailableException extends ModelException {
    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

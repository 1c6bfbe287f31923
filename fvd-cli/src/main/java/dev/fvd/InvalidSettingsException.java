package dev.fvd;

/**
 * A setting of the evaluator is invalid or two settings contradict each other (for example 8 frames per clip for I3D, which
 * needs at least 9). The CLI reports it as a usage error.
 */
public class InvalidSettingsException extends IllegalArgumentException {
    public InvalidSettingsException(String message) {
        super(message);
    }
}

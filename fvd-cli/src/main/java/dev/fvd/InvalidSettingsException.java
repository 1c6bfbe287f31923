package dev.fvd;

import java.util.Optional;

/**
 * A setting of the evaluator is invalid or two settings contradict each other (for example 8 frames per clip for I3D, which
 * needs at least 9). The message says what is wrong; {@link #hint()} names the setting, so a front end can name its own option.
 * The CLI reports it as a usage error.
 */
public class InvalidSettingsException extends IllegalArgumentException {
    private final transient Setting.Hint hint;

    public InvalidSettingsException(String message) {
        this(message, null);
    }

    public InvalidSettingsException(String message, Setting.Hint hint) {
        super(message);
        this.hint = hint;
    }

    /** The setting at fault and its value, when one is. */
    public Optional<Setting.Hint> hint() {
        return Optional.ofNullable(hint);
    }
}

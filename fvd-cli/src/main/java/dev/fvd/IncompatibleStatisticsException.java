package dev.fvd;

import java.util.Optional;

/**
 * Two sets of statistics cannot be compared or merged: they were computed with different protocols, models, sampling or feature
 * dimensions, or a requested measure needs raw features a stats file does not hold. The message names the file(s) and both
 * values; {@link #hint()} names the setting that would make them comparable, when one would.
 */
public class IncompatibleStatisticsException extends RuntimeException {
    private final transient Setting.Hint hint;

    public IncompatibleStatisticsException(String message) {
        this(message, null);
    }

    public IncompatibleStatisticsException(String message, Setting.Hint hint) {
        super(message);
        this.hint = hint;
    }

    /** The setting that would make the statistics comparable, when one would. */
    public Optional<Setting.Hint> hint() {
        return Optional.ofNullable(hint);
    }
}

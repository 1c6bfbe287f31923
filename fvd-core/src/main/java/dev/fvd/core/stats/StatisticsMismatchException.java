package dev.fvd.core.stats;

/**
 * Statistics or features that cannot be combined or used: dimensions that differ, arrays of the wrong length,
 * non-finite values, too few samples. The message names what was expected and what was found.
 */
public class StatisticsMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StatisticsMismatchException(String message) {
        super(message);
    }
}

package dev.fvd;

/**
 * Two sets of statistics cannot be compared or merged: they were computed with different protocols, models, sampling or feature
 * dimensions, or kernel metrics were asked for and a stats file holds no raw features. The message names the file(s) and both
 * values.
 */
public class IncompatibleStatisticsException extends RuntimeException {
    public IncompatibleStatisticsException(String message) {
        super(message);
    }
}

package dev.fvd.report;

/**
 * A confidence interval as the bootstrap reports it (percentile interval, Efron &amp; Tibshirani 1993, §13.3).
 *
 * @param low       lower bound
 * @param high      upper bound
 * @param level     coverage, e.g. 0.95
 * @param resamples number of bootstrap resamples B
 * @param seed      seed of the resampling
 */
public record Interval(double low, double high, double level, int resamples, long seed) {
    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("interval low " + low + " must be ≤ high " + high);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
    }
}

package dev.fvd.core.stats;

/**
 * Mean and covariance of a feature set, in double precision: the input of the Fréchet distance.
 *
 * @param count      number of samples, or {@code -1} when unknown (pytorch-fid / clean-fid / guided-diffusion files)
 * @param mean       μ, length d
 * @param covariance Σ, d×d row-major
 * @param divisor    what the scatter matrix was divided by
 */
public record GaussianStatistics(long count, double[] mean, double[] covariance, CovarianceDivisor divisor) {

    /**
     * Validates shapes and values.
     *
     * @throws StatisticsMismatchException if {@code covariance} is not d×d, any value is not finite, or the count is
     *                                     neither -1 nor positive
     */
    public GaussianStatistics {
        if (mean == null || covariance == null || divisor == null) {
            throw new NullPointerException("mean, covariance and divisor are required");
        }
        int d = mean.length;
        if (d == 0) {
            throw new StatisticsMismatchException("mean has dimension 0");
        }
        if ((long) d * d != covariance.length) {
            throw new StatisticsMismatchException("covariance has " + covariance.length + " values; mean has dimension "
                    + d + " so a " + d + "x" + d + " covariance needs " + (long) d * d);
        }
        if (count != -1 && count < 1) {
            throw new StatisticsMismatchException("count is " + count + "; expected -1 (unknown) or at least 1");
        }
        requireFinite("mean", mean, d);
        requireFinite("covariance", covariance, d);
    }

    /** The feature dimension d. */
    public int dimension() {
        return mean.length;
    }

    /** Whether the number of samples is known. */
    public boolean countKnown() {
        return count >= 0;
    }

    private static void requireFinite(String what, double[] values, int d) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                String at = values.length == d ? "[" + i + "]" : "[" + i / d + "," + i % d + "]";
                throw new StatisticsMismatchException(what + at + " is " + values[i] + "; statistics must be finite");
            }
        }
    }
}

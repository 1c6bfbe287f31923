package dev.fvd.core.stats;

import dev.fvd.core.linalg.LinearAlgebra;

/** Test/benchmark hook: accumulate on a chosen backend. */
public final class FeatureStatisticsAccess {
    private FeatureStatisticsAccess() {
    }

    public static GaussianStatistics accumulate(float[][] rows, int d, LinearAlgebra algebra) {
        return accumulate(rows, d, algebra, CovarianceDivisor.N_MINUS_ONE);
    }

    public static GaussianStatistics accumulate(float[][] rows, int d, LinearAlgebra algebra, CovarianceDivisor divisor) {
        FeatureStatistics s = new FeatureStatistics(d, algebra);
        s.addAll(rows);
        return s.toGaussian(divisor);
    }
}

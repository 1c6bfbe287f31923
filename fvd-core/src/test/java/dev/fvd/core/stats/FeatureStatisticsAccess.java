package dev.fvd.core.stats;

import dev.fvd.core.linalg.LinearAlgebra;

/** Test/benchmark hook: accumulate on a chosen backend. */
public final class FeatureStatisticsAccess {
    private FeatureStatisticsAccess() {
    }

    public static GaussianStatistics accumulate(float[][] rows, int d, LinearAlgebra algebra) {
        FeatureStatistics s = new FeatureStatistics(d, algebra);
        s.addAll(rows);
        return s.toGaussian(CovarianceDivisor.N_MINUS_ONE);
    }
}

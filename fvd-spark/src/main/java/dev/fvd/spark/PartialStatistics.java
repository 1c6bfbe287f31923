package dev.fvd.spark;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;

import java.io.Serializable;
import java.util.List;

/**
 * The statistics of a run of consecutive partitions, in a form Spark can ship: count, mean and the covariance divided by N
 * (so that {@link FeatureStatistics#fromGaussian} restores the scatter matrix; the round trip costs at most an ulp or two).
 *
 * @param order      position among the partials of its level of the merge tree (the partition index at the first level)
 * @param count      feature rows; 0 for partitions whose inputs were all skipped (then mean and covariance are null)
 * @param mean       d values
 * @param covariance d × d values, row-major, scatter / count
 */
record PartialStatistics(int order, long count, double[] mean, double[] covariance) implements Serializable {

    static PartialStatistics of(int order, FeatureStatistics stats) {
        if (stats.count() == 0) {
            return new PartialStatistics(order, 0, null, null);
        }
        GaussianStatistics g = stats.toGaussian(CovarianceDivisor.N);
        return new PartialStatistics(order, g.count(), g.mean(), g.covariance());
    }

    /** The accumulator, or null when empty. */
    FeatureStatistics toStatistics() {
        return count == 0 ? null
                : FeatureStatistics.fromGaussian(new GaussianStatistics(count, mean, covariance, CovarianceDivisor.N));
    }

    /**
     * Merges {@code partials}, already sorted by {@link #order()}, left to right with the exact pairwise update of Chan, Golub
     * &amp; LeVeque (1979) ({@link FeatureStatistics#merge}); the result has order {@code order}.
     */
    static PartialStatistics mergeInOrder(int order, List<PartialStatistics> partials) {
        FeatureStatistics merged = mergedStatistics(partials);
        return merged == null ? new PartialStatistics(order, 0, null, null) : of(order, merged);
    }

    /** As {@link #mergeInOrder}, as an accumulator (null when every partial is empty). */
    static FeatureStatistics mergedStatistics(List<PartialStatistics> partials) {
        FeatureStatistics merged = null;
        int previous = Integer.MIN_VALUE;
        for (PartialStatistics p : partials) {
            if (p.order() <= previous) {
                throw new IllegalArgumentException("partials must be sorted by order: " + p.order() + " after " + previous);
            }
            previous = p.order();
            FeatureStatistics s = p.toStatistics();
            if (s != null) {
                merged = merged == null ? s : merged.merge(s);
            }
        }
        return merged;
    }
}

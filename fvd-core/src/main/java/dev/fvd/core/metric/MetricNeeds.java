package dev.fvd.core.metric;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a {@link Metric} reads from the real and the fake side.
 *
 * @param real inputs read from the real side (empty when the metric is one-sided, as the Inception Score)
 * @param fake inputs read from the fake side
 */
public record MetricNeeds(Set<Input> real, Set<Input> fake) {

    /** The kinds of input a side can carry. */
    public enum Input {
        /** Mean and covariance ({@link dev.fvd.core.stats.GaussianStatistics}); derivable from features. */
        STATISTICS,
        /** The raw {@code float[N][d]} features of the metric's network. */
        FEATURES,
        /** Class logits {@code float[N][C]} (FID-Inception: pool3·fcᵀ without bias, 1008 classes). */
        LOGITS
    }

    public MetricNeeds {
        real = Collections.unmodifiableSet(real.isEmpty() ? EnumSet.noneOf(Input.class) : EnumSet.copyOf(real));
        fake = Collections.unmodifiableSet(fake.isEmpty() ? EnumSet.noneOf(Input.class) : EnumSet.copyOf(fake));
    }

    /** The same inputs on both sides. */
    public static MetricNeeds both(Input first, Input... rest) {
        EnumSet<Input> set = EnumSet.of(first, rest);
        return new MetricNeeds(set, set);
    }

    /** Only the fake side, e.g. the Inception Score. */
    public static MetricNeeds fakeOnly(Input first, Input... rest) {
        return new MetricNeeds(EnumSet.noneOf(Input.class), EnumSet.of(first, rest));
    }

    /** Whether either side must keep its raw features for this metric. */
    public boolean features() {
        return real.contains(Input.FEATURES) || fake.contains(Input.FEATURES);
    }

    /** Whether the fake side must carry logits. */
    public boolean logits() {
        return real.contains(Input.LOGITS) || fake.contains(Input.LOGITS);
    }
}

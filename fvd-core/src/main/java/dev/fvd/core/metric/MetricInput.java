package dev.fvd.core.metric;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import java.util.Objects;
import java.util.Optional;

/**
 * One side (real or fake) of a comparison: its Gaussian statistics and/or its raw features, and optionally its class
 * logits. Built from what the caller has: a stats file gives statistics only; an extraction run can keep the features
 * too when a requested metric {@linkplain MetricNeeds#features() needs} them.
 *
 * <p>Arrays are held by reference, never copied nor modified: the caller must not change them while metrics run.
 * Statistics missing but features present are computed once on first use with the given covariance divisor
 * ({@link FeatureStatistics}); thread-safe.
 */
public final class MetricInput {

    private final GaussianStatistics given;
    private final float[][] features;
    private final float[][] logits;
    private final CovarianceDivisor divisor;
    private volatile GaussianStatistics derived;

    private MetricInput(GaussianStatistics given, float[][] features, float[][] logits, CovarianceDivisor divisor) {
        this.given = given;
        this.features = features;
        this.logits = logits;
        this.divisor = Objects.requireNonNull(divisor, "divisor");
    }

    /** Statistics only (e.g. a stats file): enough for the Fréchet distance. */
    public static MetricInput ofStatistics(GaussianStatistics statistics) {
        Objects.requireNonNull(statistics, "statistics");
        return new MetricInput(statistics, null, null, statistics.divisor());
    }

    /** Raw features {@code [N][d]}; statistics are derived on demand with {@code divisor} (the protocol's). */
    public static MetricInput ofFeatures(float[][] features, CovarianceDivisor divisor) {
        Objects.requireNonNull(features, "features");
        if (features.length == 0) {
            throw new dev.fvd.core.stats.StatisticsMismatchException("feature set has 0 rows; need at least 1");
        }
        return new MetricInput(null, features, null, divisor);
    }

    /** Statistics and the features they were computed from (the caller vouches that they match). */
    public static MetricInput of(GaussianStatistics statistics, float[][] features) {
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(features, "features");
        if (features.length == 0 || features[0].length != statistics.dimension()) {
            throw new dev.fvd.core.stats.StatisticsMismatchException("features have " + features.length + " rows of "
                    + "dimension " + (features.length == 0 ? 0 : features[0].length) + "; the statistics have "
                    + "dimension " + statistics.dimension());
        }
        return new MetricInput(statistics, features, null, statistics.divisor());
    }

    /** Logits only (a one-sided metric such as the Inception Score). */
    public static MetricInput ofLogits(float[][] logits) {
        Objects.requireNonNull(logits, "logits");
        return new MetricInput(null, null, logits, CovarianceDivisor.N_MINUS_ONE);
    }

    /** The same side with class logits {@code [N][C]} added. */
    public MetricInput withLogits(float[][] classLogits) {
        Objects.requireNonNull(classLogits, "logits");
        return new MetricInput(given, features, classLogits, divisor);
    }

    /** The covariance divisor of this side's statistics (given, or used to derive them). */
    public CovarianceDivisor divisor() {
        return divisor;
    }

    /** Whether statistics are available (given, or derivable from features). */
    public boolean hasStatistics() {
        return given != null || features != null;
    }

    /** The raw features, when kept. */
    public Optional<float[][]> features() {
        return Optional.ofNullable(features);
    }

    /** The class logits, when kept. */
    public Optional<float[][]> logits() {
        return Optional.ofNullable(logits);
    }

    /**
     * The statistics: as given, else computed from the features with {@link #divisor()}.
     *
     * @throws MissingInputException if there are neither statistics nor features
     */
    public GaussianStatistics statistics(String metric, String side) {
        if (given != null) {
            return given;
        }
        if (features == null) {
            throw new MissingInputException("metric '" + metric + "' needs the statistics or the features of the "
                    + side + " set; this side carries neither");
        }
        GaussianStatistics s = derived;
        if (s == null) {
            synchronized (this) {
                s = derived;
                if (s == null) {
                    FeatureStatistics acc = new FeatureStatistics(features[0].length);
                    acc.addAll(features);
                    s = acc.toGaussian(divisor);
                    derived = s;
                }
            }
        }
        return s;
    }

    /** @throws MissingInputException naming the metric and the side when the features were not kept */
    public float[][] requireFeatures(String metric, String side) {
        if (features == null) {
            throw new MissingInputException("metric '" + metric + "' needs the raw features of the " + side
                    + " set; only statistics were kept for it");
        }
        return features;
    }

    /** @throws MissingInputException naming the metric and the side when the logits were not kept */
    public float[][] requireLogits(String metric, String side) {
        if (logits == null) {
            throw new MissingInputException("metric '" + metric + "' needs the class logits of the " + side
                    + " set; none were kept for it");
        }
        return logits;
    }
}

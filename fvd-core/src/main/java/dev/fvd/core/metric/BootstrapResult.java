package dev.fvd.core.metric;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Bootstrap percentile interval of the Fréchet distance (both sides resampled with replacement).
 *
 * @param value      the distance between the full sets (the point estimate the interval surrounds)
 * @param low        lower percentile {@code 100·(1−level)/2} of the bootstrap distances
 * @param high       upper percentile {@code 100·(1+level)/2}
 * @param level      confidence level, e.g. 0.95
 * @param replicates B, the number of bootstrap replicates
 * @param seed       seed of the resampling
 * @param method     how the interval was formed from the bootstrap distances
 * @param bootstrapMean mean of the B bootstrap distances (minus {@code value}: the bootstrap estimate of the bias)
 * @param distances  the B bootstrap distances in replicate order, the ones the interval was read from (for a histogram;
 *                   not part of {@link #entries()})
 */
public record BootstrapResult(double value, double low, double high, double level, int replicates, long seed,
                              BootstrapMetric.Interval method, double bootstrapMean, double[] distances)
        implements MetricResult {

    public BootstrapResult {
        distances = distances.clone();
        if (distances.length != replicates) {
            throw new IllegalArgumentException("bootstrap of B = " + replicates + " came with " + distances.length
                    + " distances");
        }
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    /** Equal when every component is, the distances element by element (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof BootstrapResult b && Double.compare(value, b.value) == 0 && Double.compare(low, b.low) == 0
                && Double.compare(high, b.high) == 0 && Double.compare(level, b.level) == 0 && replicates == b.replicates
                && seed == b.seed && method == b.method && Double.compare(bootstrapMean, b.bootstrapMean) == 0
                && Arrays.equals(distances, b.distances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, low, high, level, replicates, seed, method, bootstrapMean) * 31 + Arrays.hashCode(distances);
    }

    @Override
    public String toString() {
        return "BootstrapResult[value=" + value + ", low=" + low + ", high=" + high + ", level=" + level + ", replicates="
                + replicates + ", seed=" + seed + ", method=" + method + ", bootstrapMean=" + bootstrapMean + "]";
    }

    @Override
    public String metric() {
        return "bootstrap";
    }

    /** {@code {"value": d, "ci": {"low", "high", "level", "B", "seed", "method", "bootstrap_mean"}}}. */
    @Override
    public Map<String, Object> entries() {
        Map<String, Object> ci = new LinkedHashMap<>();
        ci.put("low", low);
        ci.put("high", high);
        ci.put("level", level);
        ci.put("B", replicates);
        ci.put("seed", seed);
        ci.put("method", method.label());
        ci.put("bootstrap_mean", bootstrapMean);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("ci", ci);
        return m;
    }
}

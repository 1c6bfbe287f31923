package dev.fvd.core.metric;

import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public record BootstrapResult(double value, double low, double high, double level, int replicates, long seed,
                              BootstrapMetric.Interval method, double bootstrapMean) implements MetricResult {

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

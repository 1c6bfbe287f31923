package dev.fvd.core.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fréchet distance (FVD / FID) between the two sides' Gaussians.
 *
 * @param value     the distance (what the report prints as {@code value})
 * @param realCount samples behind the real statistics, or -1 when unknown (a pytorch-fid stats file)
 * @param fakeCount samples behind the fake statistics, or -1 when unknown
 */
public record FrechetResult(double value, long realCount, long fakeCount) implements MetricResult {

    @Override
    public String metric() {
        return FrechetMetric.ID;
    }

    /** {@code {"value": d}}. */
    @Override
    public Map<String, Object> entries() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        return m;
    }
}

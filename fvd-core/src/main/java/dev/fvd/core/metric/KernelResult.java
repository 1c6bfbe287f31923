package dev.fvd.core.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kernel distance (KID / KVD): unbiased MMD² with the cubic polynomial kernel, over random subsets or all rows.
 *
 * @param value      mean over subsets (or the full estimate when {@code subsets == 0})
 * @param std        population std (ddof 0) over subsets; 0 for the full estimate
 * @param subsetSize rows drawn per subset from each side after clipping to the smaller set; 0 for the full estimate
 * @param subsets    number of subsets; 0 for the full estimate (all rows, as TATS reports KVD)
 * @param seed       seed of the subset draws
 */
public record KernelResult(double value, double std, int subsetSize, int subsets, long seed) implements MetricResult {

    @Override
    public String metric() {
        return KernelMetric.ID;
    }

    /** {@code {"kernel": {"mean", "std", "subset_size", "subsets", "seed"}}}. */
    @Override
    public Map<String, Object> entries() {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("mean", value);
        k.put("std", std);
        k.put("subset_size", subsetSize);
        k.put("subsets", subsets);
        k.put("seed", seed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", k);
        return m;
    }
}

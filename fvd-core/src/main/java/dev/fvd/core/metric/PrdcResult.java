package dev.fvd.core.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, {@code ≤}, k = {@code kPr}) and density and coverage
 * (Naeem et al. 2020, strict {@code <}, k = {@code kDc}), with the per-sample values behind them.
 *
 * @param precision fraction of fake samples inside the real manifold (k_pr-NN balls of real samples, {@code ≤})
 * @param recall    fraction of real samples inside the fake manifold
 * @param density   (1/k_dc)·mean over fake samples of the number of real k_dc-NN balls containing it ({@code <})
 * @param coverage  fraction of real samples whose nearest fake sample lies inside their own k_dc-NN ball ({@code <})
 * @param kPr       k of precision/recall
 * @param kDc       k of density/coverage
 * @param samples   per-sample values, for a report that shows which samples are off (no recomputation)
 */
public record PrdcResult(double precision, double recall, double density, double coverage, int kPr, int kDc,
                         PrdcSamples samples) implements MetricResult {

    @Override
    public String metric() {
        return "prdc";
    }

    /** {@code {"precision", "recall", "density", "coverage", "k_pr", "k_dc"}} (per-sample arrays not included). */
    @Override
    public Map<String, Object> entries() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("density", density);
        m.put("coverage", coverage);
        m.put("k_pr", kPr);
        m.put("k_dc", kDc);
        return m;
    }
}

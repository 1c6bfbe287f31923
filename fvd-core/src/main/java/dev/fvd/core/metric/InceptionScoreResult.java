package dev.fvd.core.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inception Score (Salimans et al. 2016) as torch-fidelity {@code isc} computes it.
 *
 * @param mean        mean over splits of exp(mean KL(p(y|x) ‖ p(y)))
 * @param std         population std (ddof 0) over splits
 * @param splits      number of splits
 * @param splitScores the score of each split
 * @param seed        seed of the legacy numpy {@code RandomState} permutation of the rows
 */
public record InceptionScoreResult(double mean, double std, int splits, double[] splitScores, long seed)
        implements MetricResult {

    @Override
    public String metric() {
        return "is";
    }

    /** {@code {"inception_score": {"mean", "std", "splits"}}}. */
    @Override
    public Map<String, Object> entries() {
        Map<String, Object> is = new LinkedHashMap<>();
        is.put("mean", mean);
        is.put("std", std);
        is.put("splits", splits);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inception_score", is);
        return m;
    }
}

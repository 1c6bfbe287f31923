package dev.fvd.core.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JEDi's distance (Luo et al. 2024, oooolga/JEDi): 100 × the biased MMD² with a polynomial kernel
 * {@code (γ·xᵀy + c₀)^degree}.
 *
 * @param value  100 · MMD²_b
 * @param degree kernel degree (2)
 * @param gamma  kernel scale (1/d)
 * @param coef0  kernel offset (0)
 */
public record JediResult(double value, int degree, double gamma, double coef0) implements MetricResult {

    @Override
    public String metric() {
        return "jedi";
    }

    /** {@code {"jedi": value}}. */
    @Override
    public Map<String, Object> entries() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jedi", value);
        return m;
    }
}

package dev.fvd.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** JEDi's biased polynomial MMD against a float64 rewrite of JEDi's mmd_poly. */
@DisplayName("JediMetric")
class JediMetricTest {

    private static final float[][] X = MetricsReference.features("jedi_x");
    private static final float[][] Y = MetricsReference.features("jedi_y");

    private static JsonObject ref() {
        return MetricsReference.json().getAsJsonObject("jedi");
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }

    @Test
    void matchesMmdPolyTimes100() {
        JediResult r = new JediMetric().compute(MetricInput.ofFeatures(X, CovarianceDivisor.N),
                MetricInput.ofFeatures(Y, CovarianceDivisor.N));
        assertThat(relative(r.value(), MetricsReference.number(ref(), "jedi"))).isLessThan(1e-10);
        assertThat(r.gamma()).isEqualTo(1.0 / 64);
        assertThat(r.coef0()).isZero();
        assertThat(r.degree()).isEqualTo(2);
        assertThat(r.entries()).containsEntry("jedi", r.value());
        if (ref().has("jedi_sklearn_float32")) {
            // JEDi itself evaluates in float32 through sklearn
            assertThat(relative(r.value(), MetricsReference.number(ref(), "jedi_sklearn_float32"))).isLessThan(1e-4);
        }
    }

    @Test
    void otherKernelParametersAndBothBackends() {
        for (LinearAlgebra algebra : new LinearAlgebra[] {LinearAlgebra.ejml(), LinearAlgebra.system()}) {
            assertThat(relative(new JediMetric(Double.NaN, 1.0).compute(X, Y, algebra).value(),
                    MetricsReference.number(ref(), "coef0_1"))).isLessThan(1e-10);
            assertThat(relative(new JediMetric(0.5, 0.0).compute(X, Y, algebra).value(),
                    MetricsReference.number(ref(), "gamma_0.5"))).isLessThan(1e-10);
        }
        assertThat(new JediMetric().compute(X, X, LinearAlgebra.system()).value()).isZero();
    }
}

package dev.fvd.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fvd.core.stats.CovarianceDivisor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bootstrap interval: its coverage on Gaussians with known parameters, and its bookkeeping. */
@DisplayName("BootstrapMetric")
class BootstrapMetricTest {

    /** N(μ, I) rows in d dimensions. */
    private static float[][] normal(SplittableRandom random, int n, double[] mu) {
        float[][] rows = new float[n][mu.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mu.length; j++) {
                double u = random.nextDouble();
                double v = random.nextDouble();
                rows[i][j] = (float) (mu[j] + Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v));
            }
        }
        return rows;
    }

    @Test
    void intervalCoversThePopulationDistanceAtAboutTheNominalRate() {
        // d=2, Σ₁=Σ₂=I, ‖μ₁−μ₂‖=1: population FD = 1; N=400 per side so the c/N bias (≈0.01) is small against the
        // spread (sd ≈ 0.14). 200 seeded experiments: the count is fixed by the seeds, and a binomial(200, 0.95) lies
        // in [176, 199] with probability > 0.9999, so the bounds cannot be crossed by chance in a faithful version.
        SplittableRandom random = new SplittableRandom(2026);
        int trials = 200;
        int coveredPercentile = 0;
        int coveredBasic = 0;
        for (int t = 0; t < trials; t++) {
            float[][] real = normal(random, 400, new double[] {0, 0});
            float[][] fake = normal(random, 400, new double[] {1, 0});
            MetricInput r = MetricInput.ofFeatures(real, CovarianceDivisor.N_MINUS_ONE);
            MetricInput f = MetricInput.ofFeatures(fake, CovarianceDivisor.N_MINUS_ONE);
            BootstrapResult p = new BootstrapMetric(200, 0.95, t, 1, BootstrapMetric.Interval.PERCENTILE)
                    .compute(r, f);
            BootstrapResult b = new BootstrapMetric(200, 0.95, t, 1, BootstrapMetric.Interval.BASIC).compute(r, f);
            if (p.low() <= 1.0 && 1.0 <= p.high()) {
                coveredPercentile++;
            }
            if (b.low() <= 1.0 && 1.0 <= b.high()) {
                coveredBasic++;
            }
        }
        assertThat(coveredPercentile).isBetween(176, 199);
        assertThat(coveredBasic).isBetween(176, 199);
    }

    @Test
    void percentilesAreNumpysDefaultLinearPercentiles() {
        for (var e : MetricsReference.json().getAsJsonArray("percentile")) {
            var c = e.getAsJsonObject();
            double[] values = MetricsReference.doubles(c.getAsJsonArray("values"));
            double[] q = MetricsReference.doubles(c.getAsJsonArray("q"));
            double[] expected = MetricsReference.doubles(c.getAsJsonArray("expected"));
            for (int i = 0; i < q.length; i++) {
                // level l gives the percentiles 100(1−l)/2 and 100(1+l)/2; recover l from the low one
                double low = q[i] < 50 ? q[i] : 100 - q[i];
                double level = 1 - 2 * low / 100;
                double[] got = level > 0 ? BootstrapMetric.percentileInterval(values, level) : null;
                if (got != null) {
                    double want = expected[i];
                    double v = q[i] < 50 ? got[0] : got[1];
                    assertThat(Math.abs(v - want)).as("n=%d q=%s", values.length, q[i])
                            .isLessThanOrEqualTo(1e-13 * Math.abs(want));
                }
            }
        }
    }

    @Test
    void resultCarriesItsParametersAndBracketsTheBootstrapDistribution() {
        SplittableRandom random = new SplittableRandom(1);
        MetricInput r = MetricInput.ofFeatures(normal(random, 300, new double[] {0, 0, 0}), CovarianceDivisor.N);
        MetricInput f = MetricInput.ofFeatures(normal(random, 250, new double[] {0.5, 0, 0}), CovarianceDivisor.N);
        BootstrapResult res = new BootstrapMetric(100, 0.9, 77L, 2).compute(r, f);
        assertThat(res.replicates()).isEqualTo(100);
        assertThat(res.level()).isEqualTo(0.9);
        assertThat(res.seed()).isEqualTo(77L);
        assertThat(res.method()).isEqualTo(BootstrapMetric.Interval.PERCENTILE);
        assertThat(res.low()).isLessThan(res.bootstrapMean()).isLessThan(res.high());
        assertThat(res.value()).isEqualTo(new FrechetMetric().compute(r, f).value());
        assertThat(new BootstrapMetric(100, 0.9, 77L, 1).compute(r, f)).isEqualTo(res);
        @SuppressWarnings("unchecked")
        var ci = (java.util.Map<String, Object>) res.entries().get("ci");
        assertThat(ci).containsKeys("low", "high", "level", "B", "seed");
        assertThat(ci.get("B")).isEqualTo(100);
    }
}

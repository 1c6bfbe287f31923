package dev.fvd.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fvd.core.distance.FrechetDistance;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.stats.StatisticsMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** FVD∞ / FID∞: numpy's grid, sklearn's regression, and the extrapolation doing its job on synthetic data. */
@DisplayName("InfinityMetric")
class InfinityMetricTest {

    @Test
    void gridIsNumpysLinspaceCastToInt32() {
        for (JsonElement e : MetricsReference.json().getAsJsonObject("infinity").getAsJsonArray("grids")) {
            JsonObject g = e.getAsJsonObject();
            assertThat(InfinityMetric.grid(g.get("start").getAsInt(), g.get("stop").getAsInt(), g.get("num").getAsInt()))
                    .as("linspace(%s, %s, %s)", g.get("start"), g.get("stop"), g.get("num"))
                    .containsExactly(MetricsReference.ints(g.getAsJsonArray("sizes")));
        }
    }

    @Test
    void fitEqualsSklearnLinearRegressionOnTheSamePoints() {
        for (JsonElement e : MetricsReference.json().getAsJsonObject("infinity").getAsJsonArray("fits")) {
            JsonObject f = e.getAsJsonObject();
            int[] sizes = MetricsReference.ints(f.getAsJsonArray("sizes"));
            double[] d = MetricsReference.doubles(f.getAsJsonArray("distances"));
            List<InfinityResult.Point> pts = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                pts.add(new InfinityResult.Point(sizes[i], d[i]));
            }
            double[] fit = InfinityMetric.fit(pts);
            double intercept = MetricsReference.number(f, "intercept");
            double slope = MetricsReference.number(f, "slope");
            assertThat(Math.abs(fit[0] - intercept)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(intercept)));
            assertThat(Math.abs(fit[1] - slope)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(slope)));
        }
    }

    @Test
    void defaultSmallestSizeFollowsTheDocumentedRule() {
        assertThat(InfinityMetric.defaultMinSize(50_000, 2048)).isEqualTo(5000);   // the reference's setting
        assertThat(InfinityMetric.defaultMinSize(2048, 400)).isEqualTo(409);       // N/5
        assertThat(InfinityMetric.defaultMinSize(1000, 400)).isEqualTo(401);       // never a singular covariance
        assertThat(InfinityMetric.defaultMinSize(2048, 2048)).isEqualTo(1024);     // d ≥ N: half the set
    }

    /** N(0, diag(s)) rows, or shifted by {@code shift} in every coordinate. */
    private static float[][] normal(SplittableRandom random, int n, double[] s, double shift) {
        float[][] rows = new float[n][s.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < s.length; j++) {
                double u = random.nextDouble();
                double v = random.nextDouble();
                rows[i][j] = (float) (shift + Math.sqrt(s[j]) * Math.sqrt(-2 * Math.log1p(-u))
                        * Math.cos(2 * Math.PI * v));
            }
        }
        return rows;
    }

    @Test
    void extrapolationLandsNearerThePopulationValueThanTheDistanceAtSmallN() {
        // d=32; real = the population N(0, I) itself (exact statistics), fake ~ N(0.05, diag(s)): the population
        // FD is known in closed form, the finite-N FD is biased upward by ~c/N.
        int d = 32;
        double[] s = new double[d];
        double population = 0;
        for (int j = 0; j < d; j++) {
            s[j] = 0.5 + j / (double) d;
            population += 0.05 * 0.05 + 1 + s[j] - 2 * Math.sqrt(s[j]);
        }
        double[] identity = new double[d * d];
        for (int j = 0; j < d; j++) {
            identity[j * d + j] = 1;
        }
        MetricInput real = MetricInput.ofStatistics(new GaussianStatistics(-1, new double[d], identity,
                CovarianceDivisor.N_MINUS_ONE));
        for (long seed = 1; seed <= 3; seed++) {
            float[][] fake = normal(new SplittableRandom(seed), 20_000, s, 0.05);
            InfinityResult inf = new InfinityMetric(15, 500, seed).compute(real,
                    MetricInput.ofFeatures(fake, CovarianceDivisor.N_MINUS_ONE));
            FeatureStatistics small = new FeatureStatistics(d);
            small.addAll(java.util.Arrays.copyOf(fake, 500));
            double atSmallN = FrechetDistance.between(real.statistics("fd", "real"),
                    small.toGaussian(CovarianceDivisor.N_MINUS_ONE));
            assertThat(inf.points()).hasSize(15);
            assertThat(inf.points().get(0).n()).isEqualTo(500);
            assertThat(inf.points().get(14).n()).isEqualTo(20_000);
            assertThat(inf.slope()).as("D_N decreases with N").isPositive();
            assertThat(Math.abs(inf.value() - population)).as("seed %d: ∞=%f, D_500=%f, population %f", seed,
                    inf.value(), atSmallN, population).isLessThan(Math.abs(atSmallN - population) / 3);
        }
    }

    @Test
    void refusesAFakeSetSmallerThanTheSmallestSize() {
        SplittableRandom random = new SplittableRandom(1);
        float[][] x = normal(random, 50, new double[] {1, 1}, 0);
        assertThatThrownBy(() -> new InfinityMetric(15, 60, 0).compute(
                MetricInput.ofFeatures(x, CovarianceDivisor.N), MetricInput.ofFeatures(x, CovarianceDivisor.N)))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("50 rows");
        assertThatThrownBy(() -> new InfinityMetric(15, 0, 0).compute(
                MetricInput.ofFeatures(x, CovarianceDivisor.N), MetricInput.ofStatistics(
                        MetricInput.ofFeatures(x, CovarianceDivisor.N).statistics("fd", "fake"))))
                .isInstanceOf(MissingInputException.class).hasMessageContaining("fake");
    }
}

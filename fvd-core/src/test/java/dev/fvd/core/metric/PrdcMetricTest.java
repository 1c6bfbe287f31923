package dev.fvd.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.StatisticsMismatchException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Precision/recall/density/coverage against clovaai compute_prdc and torch-fidelity prc (counts exactly equal). */
@DisplayName("PrdcMetric")
class PrdcMetricTest {

    private static final float[][] REAL = MetricsReference.features("prdc_real");
    private static final float[][] FAKE = MetricsReference.features("prdc_fake");

    private static JsonObject ref(String name) {
        return MetricsReference.json().getAsJsonObject("prdc").getAsJsonObject(name);
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            if (f) {
                c++;
            }
        }
        return c;
    }

    private static long sum(int[] values) {
        long s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    private static void assertCounts(PrdcResult r, JsonObject pr, JsonObject dc) {
        assertThat(count(r.samples().fakeInsideReal())).isEqualTo(pr.get("precision_count").getAsInt());
        assertThat(count(r.samples().realInsideFake())).isEqualTo(pr.get("recall_count").getAsInt());
        assertThat(sum(r.samples().fakeDensityCount())).isEqualTo(dc.get("density_count").getAsLong());
        assertThat(count(r.samples().realCovered())).isEqualTo(dc.get("coverage_count").getAsInt());
        assertThat(r.precision()).isEqualTo(MetricsReference.number(pr, "precision"));
        assertThat(r.recall()).isEqualTo(MetricsReference.number(pr, "recall"));
        assertThat(r.coverage()).isEqualTo(MetricsReference.number(dc, "coverage"));
        assertThat(Math.abs(r.density() - MetricsReference.number(dc, "density"))).isLessThan(1e-15);
    }

    @Test
    void defaultsMatchTorchFidelityForPrecisionRecallAndClovaaiForDensityCoverage() {
        PrdcResult r = new PrdcMetric().compute(MetricInput.ofFeatures(REAL, CovarianceDivisor.N_MINUS_ONE),
                MetricInput.ofFeatures(FAKE, CovarianceDivisor.N_MINUS_ONE));
        assertThat(r.kPr()).isEqualTo(3);
        assertThat(r.kDc()).isEqualTo(5);
        assertCounts(r, ref("torch_fidelity_k3"), ref("clovaai_k5"));
        assertThat(r.entries()).containsKeys("precision", "recall", "density", "coverage", "k_pr", "k_dc");
    }

    @Test
    void otherKsMatchToo() {
        PrdcResult r = new PrdcMetric(5, 3, 1).compute(REAL, FAKE, LinearAlgebra.system());
        assertCounts(r, ref("torch_fidelity_k5"), ref("clovaai_k3"));
        // no ties in these features: clovaai's strict P/R equal torch-fidelity's ≤ P/R
        assertThat(ref("clovaai_k5").get("precision_count")).isEqualTo(ref("torch_fidelity_k5").get("precision_count"));
    }

    @Test
    void perSampleValuesAreTheReferenceRadiiAndNearestNeighbours() {
        PrdcResult r = new PrdcMetric().compute(REAL, FAKE, LinearAlgebra.system());
        JsonObject c = ref("clovaai_k5");
        double[] radius = MetricsReference.doubles(c.getAsJsonArray("real_radius"));
        for (int i = 0; i < radius.length; i++) {
            assertThat(Math.abs(r.samples().realRadius()[i] - radius[i])).isLessThan(1e-12 * radius[i]);
        }
        assertThat(r.samples().fakeNearestRealIndex())
                .containsExactly(MetricsReference.ints(c.getAsJsonArray("fake_nearest_real_index")));
        double[] nearest = MetricsReference.doubles(c.getAsJsonArray("fake_nearest_real_distance"));
        for (int j = 0; j < nearest.length; j++) {
            assertThat(Math.abs(r.samples().fakeNearestRealDistance()[j] - nearest[j])).isLessThan(1e-12 * nearest[j]);
        }
    }

    @Test
    void tilingThreadsAndBackendDoNotChangeTheResult() {
        PrdcResult base = new PrdcMetric(3, 5, 1).compute(REAL, FAKE, LinearAlgebra.system());
        PrdcResult tiled = new PrdcMetric(3, 5, 3).compute(REAL, FAKE, LinearAlgebra.system(), 100, 150);
        PrdcResult ejml = new PrdcMetric(3, 5, 2).compute(REAL, FAKE, LinearAlgebra.ejml(), 128, 64);
        for (PrdcResult other : new PrdcResult[] {tiled, ejml}) {
            assertThat(other.entries()).isEqualTo(base.entries());
            assertThat(other.samples().fakeNearestRealIndex()).containsExactly(base.samples().fakeNearestRealIndex());
            assertThat(other.samples().fakeDensityCount()).containsExactly(base.samples().fakeDensityCount());
            assertThat(other.samples().realCovered()).containsExactly(base.samples().realCovered());
            assertThat(other.samples().realInsideFake()).containsExactly(base.samples().realInsideFake());
        }
    }

    @Test
    void duplicatesAreNeighboursAtDistanceZeroAndSelfIsExcluded() {
        // real: 0, 0, 1, 3 on a line; fake: 0 and 10. k=1 radii: 0, 0, 1, 2.
        float[][] real = {{0}, {0}, {1}, {3}};
        float[][] fake = {{0}, {10}};
        PrdcResult r = new PrdcMetric(1, 1, 1).compute(real, fake, LinearAlgebra.system());
        assertThat(r.samples().realRadius()).containsExactly(0, 0, 1, 2);
        // fake 0 lies on radius-0 balls (≤ counts it for precision, < does not count it for density)
        assertThat(r.samples().fakeInsideReal()).containsExactly(true, false);
        // strict <: not inside the radius-0 balls of 0, nor the radius-1 ball of 1 (at distance exactly 1)
        assertThat(r.samples().fakeDensityCount()).containsExactly(0, 0);
        assertThat(r.samples().fakeNearestRealIndex()).containsExactly(0, 3);
        assertThat(r.precision()).isEqualTo(0.5);
    }

    @Test
    void refusesSetsSmallerThanK() {
        assertThatThrownBy(() -> new PrdcMetric(3, 5, 1).compute(REAL, java.util.Arrays.copyOf(FAKE, 5),
                LinearAlgebra.system())).isInstanceOf(StatisticsMismatchException.class)
                .hasMessageContaining("fake feature set has 5 rows").hasMessageContaining("at least 6");
    }
}

package dev.fvd.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fvd.core.stats.StatisticsMismatchException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Inception Score against torch-fidelity's isc, and numpy's legacy RandomState permutation bit for bit. */
@DisplayName("InceptionScoreMetric")
class InceptionScoreMetricTest {

    private static final float[][] LOGITS = MetricsReference.features("logits");

    @Test
    void permutationIsNumpysLegacyRandomStatePermutation() {
        long m = (1L << 61) - 1;
        for (JsonElement e : MetricsReference.json().getAsJsonArray("permutation")) {
            JsonObject c = e.getAsJsonObject();
            long seed = c.get("seed").getAsLong();
            int n = c.get("n").getAsInt();
            int[] perm = LegacyNumpyPermutation.permutation(seed, n);
            if (c.has("permutation")) {
                assertThat(perm).as("seed %d n %d", seed, n)
                        .containsExactly(MetricsReference.ints(c.getAsJsonArray("permutation")));
            }
            long checksum = 0;
            for (int i = 0; i < n; i++) {
                checksum = (checksum + Math.floorMod((long) i * perm[i], m)) % m;
            }
            assertThat(checksum).as("seed %d n %d", seed, n).isEqualTo(c.get("checksum").getAsLong());
            int[] head = MetricsReference.ints(c.getAsJsonArray("head"));
            assertThat(java.util.Arrays.copyOf(perm, head.length)).containsExactly(head);
        }
    }

    private static void assertMatches(InceptionScoreResult r, JsonObject want) {
        assertThat(Math.abs(r.mean() - MetricsReference.number(want, "mean"))).isLessThan(1e-9);
        assertThat(Math.abs(r.std() - MetricsReference.number(want, "std"))).isLessThan(1e-9);
        double[] scores = MetricsReference.doubles(want.getAsJsonArray("scores"));
        assertThat(r.splitScores()).hasSize(scores.length);
        for (int i = 0; i < scores.length; i++) {
            assertThat(Math.abs(r.splitScores()[i] - scores[i])).isLessThan(1e-9);
        }
    }

    @Test
    void matchesTorchFidelityIsc() {
        JsonObject isc = MetricsReference.json().getAsJsonObject("isc");
        InceptionScoreResult r = new InceptionScoreMetric().compute(null, MetricInput.ofLogits(LOGITS));
        assertMatches(r, isc.getAsJsonObject("default"));
        assertThat(r.splits()).isEqualTo(10);
        assertThat(r.seed()).isEqualTo(2020);
        assertMatches(new InceptionScoreMetric(1, 0).compute(LOGITS), isc.getAsJsonObject("splits1_seed0"));
        assertMatches(new InceptionScoreMetric(7, 99).compute(LOGITS), isc.getAsJsonObject("splits7_seed99"));
        assertThat(new InceptionScoreMetric().needs().real()).isEmpty();
    }

    @Test
    void refusesFewerRowsThanSplitsAndMissingLogits() {
        assertThatThrownBy(() -> new InceptionScoreMetric().compute(java.util.Arrays.copyOf(LOGITS, 9)))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("9 rows");
        assertThatThrownBy(() -> new InceptionScoreMetric().compute(null,
                MetricInput.ofFeatures(LOGITS, dev.fvd.core.stats.CovarianceDivisor.N)))
                .isInstanceOf(MissingInputException.class).hasMessageContaining("logits");
    }
}

package dev.fvd.core.distance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bootstrap replicates of the Fréchet distance equal the distance of the explicitly resampled sets. */
@DisplayName("FrechetBootstrap")
class FrechetBootstrapTest {

    private static float[][] gaussianRows(int n, int d, double shift, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = (float) (random.nextGaussian() * (1 + 0.1 * j) + shift);
            }
        }
        return rows;
    }

    /** The resampled set written out row by row (each row repeated by its multiplicity). */
    private static float[][] expanded(float[][] rows, int[] w) {
        int n = 0;
        for (int c : w) {
            n += c;
        }
        float[][] out = new float[n][];
        int r = 0;
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < w[i]; c++) {
                out[r++] = rows[i];
            }
        }
        return out;
    }

    private static GaussianStatistics fitted(float[][] rows, CovarianceDivisor divisor) {
        FeatureStatistics s = new FeatureStatistics(rows[0].length);
        s.addAll(rows);
        return s.toGaussian(divisor);
    }

    @Test
    void resampledStatisticsAreThoseOfTheResampledRows() {
        float[][] x = gaussianRows(300, 12, 5.0, 1);
        int[] w = FrechetBootstrap.multiplicities(new SplittableRandom(3), x.length);
        for (CovarianceDivisor divisor : CovarianceDivisor.values()) {
            GaussianStatistics got = new FrechetBootstrap.Side(x, divisor).resample(w)
                    .gaussian(LinearAlgebra.system());
            GaussianStatistics want = fitted(expanded(x, w), divisor);
            for (int j = 0; j < 12; j++) {
                assertThat(got.mean()[j]).isCloseTo(want.mean()[j], org.assertj.core.data.Offset.offset(1e-12));
            }
            for (int k = 0; k < 144; k++) {
                assertThat(got.covariance()[k]).isCloseTo(want.covariance()[k],
                        org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void bothRoutesGiveTheDistanceOfTheResampledRows() {
        for (LinearAlgebra algebra : new LinearAlgebra[] {LinearAlgebra.ejml(), LinearAlgebra.system()}) {
            // regular: N ≫ d (Gaussian route); singular: d > unique rows (cross-product route)
            for (int d : new int[] {8, 200}) {
                float[][] x = gaussianRows(150, d, 0.0, 2);
                float[][] y = gaussianRows(120, d, 0.3, 4);
                SplittableRandom random = new SplittableRandom(11);
                int[] wx = FrechetBootstrap.multiplicities(random, x.length);
                int[] wy = FrechetBootstrap.multiplicities(random, y.length);
                double got = FrechetBootstrap.distance(
                        new FrechetBootstrap.Side(x, CovarianceDivisor.N_MINUS_ONE).resample(wx),
                        new FrechetBootstrap.Side(y, CovarianceDivisor.N_MINUS_ONE).resample(wy), algebra);
                double want = FrechetDistance.betweenFeatures(expanded(x, wx), expanded(y, wy), algebra);
                assertThat(Math.abs(got - want)).as("d=%d on %s", d, algebra.name())
                        .isLessThan(1e-9 * Math.abs(want));
            }
        }
    }

    @Test
    void replicatesDependOnTheSeedOnlyNotOnTheThreadCount() {
        float[][] x = gaussianRows(200, 6, 0.0, 5);
        float[][] y = gaussianRows(180, 6, 0.5, 6);
        double[] one = FrechetBootstrap.distances(x, CovarianceDivisor.N_MINUS_ONE, y, CovarianceDivisor.N_MINUS_ONE,
                40, 9L, 1);
        double[] three = FrechetBootstrap.distances(x, CovarianceDivisor.N_MINUS_ONE, y,
                CovarianceDivisor.N_MINUS_ONE, 40, 9L, 3);
        double[] other = FrechetBootstrap.distances(x, CovarianceDivisor.N_MINUS_ONE, y,
                CovarianceDivisor.N_MINUS_ONE, 40, 10L, 1);
        assertThat(three).containsExactly(one);
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void rejectsBadArguments() {
        float[][] x = gaussianRows(20, 3, 0, 1);
        assertThatThrownBy(() -> FrechetBootstrap.distances(x, CovarianceDivisor.N, x, CovarianceDivisor.N, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicate");
        float[][] z = gaussianRows(20, 4, 0, 1);
        assertThatThrownBy(() -> FrechetBootstrap.distances(x, CovarianceDivisor.N, z, CovarianceDivisor.N, 5, 1, 1))
                .hasMessageContaining("dimension 3").hasMessageContaining("dimension 4");
    }
}

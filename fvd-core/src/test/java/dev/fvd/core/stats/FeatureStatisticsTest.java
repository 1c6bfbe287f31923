package dev.fvd.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FeatureStatistics: streaming, mergeable mean and covariance")
class FeatureStatisticsTest {

    private static final float[][] A400 = TestData.features("fd400_a");

    /** Textbook two-pass mean and covariance in double, as np.mean / np.cov compute them. */
    static GaussianStatistics twoPass(float[][] rows, double offset, CovarianceDivisor divisor) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] + offset;
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] cov = new double[d * d];
        double[] c = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                c[j] = r[j] + offset - mean[j];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i * d + j] += c[i] * c[j];
                }
            }
        }
        double div = divisor.of(n);
        for (int i = 0; i < cov.length; i++) {
            cov[i] /= div;
        }
        return new GaussianStatistics(n, mean, cov, divisor);
    }

    static double maxRelative(double[] actual, double[] expected) {
        double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
        }
        return worst;
    }

    private static FeatureStatistics accumulate(float[][] rows, int from, int to) {
        FeatureStatistics s = new FeatureStatistics(rows[0].length);
        for (int i = from; i < to; i++) {
            s.add(rows[i]);
        }
        return s;
    }

    @Test
    void meanAndCovarianceEqualTheTwoPassFormulas() {
        GaussianStatistics expected = twoPass(A400, 0, CovarianceDivisor.N_MINUS_ONE);
        GaussianStatistics actual = accumulate(A400, 0, A400.length).toGaussian(CovarianceDivisor.N_MINUS_ONE);

        assertThat(actual.count()).isEqualTo(500);
        assertThat(maxRelative(actual.mean(), expected.mean())).isLessThan(1e-13);
        assertThat(maxRelative(actual.covariance(), expected.covariance())).isLessThan(1e-13);
    }

    @Test
    void divisorNIsTheStyleganVCovariance() {
        FeatureStatistics s = accumulate(A400, 0, 100);
        GaussianStatistics unbiased = s.toGaussian(CovarianceDivisor.N_MINUS_ONE);
        GaussianStatistics ml = s.toGaussian(CovarianceDivisor.N);

        assertThat(ml.divisor()).isEqualTo(CovarianceDivisor.N);
        for (int i = 0; i < ml.covariance().length; i += 97) {
            assertThat(ml.covariance()[i]).isCloseTo(unbiased.covariance()[i] * 99 / 100, org.assertj.core.data.Offset
                    .offset(1e-15 * Math.abs(unbiased.covariance()[i]) + 1e-300));
        }
    }

    @Test
    void tenMergedShardsEqualOnePass() {
        int[] cuts = {0, 7, 60, 61, 130, 256, 300, 333, 410, 499, 500};
        FeatureStatistics merged = accumulate(A400, cuts[0], cuts[1]);
        for (int s = 1; s < 10; s++) {
            merged = merged.merge(accumulate(A400, cuts[s], cuts[s + 1]));
        }
        GaussianStatistics onePass = accumulate(A400, 0, 500).toGaussian(CovarianceDivisor.N_MINUS_ONE);
        GaussianStatistics shards = merged.toGaussian(CovarianceDivisor.N_MINUS_ONE);

        assertThat(merged.count()).isEqualTo(500);
        assertThat(maxRelative(shards.mean(), onePass.mean())).isLessThan(1e-12);
        assertThat(maxRelative(shards.covariance(), onePass.covariance())).isLessThan(1e-12);
    }

    @Test
    void mergingLeavesTheInputsUnchanged() {
        FeatureStatistics left = accumulate(A400, 0, 40);
        FeatureStatistics right = accumulate(A400, 40, 90);
        double[] before = left.toGaussian(CovarianceDivisor.N).covariance();
        left.merge(right);
        assertThat(left.count()).isEqualTo(40);
        assertThat(left.toGaussian(CovarianceDivisor.N).covariance()).containsExactly(before);
    }

    @Test
    void statsFilesMergeExactlyThroughFromGaussian() {
        for (CovarianceDivisor divisor : CovarianceDivisor.values()) {
            GaussianStatistics first = accumulate(A400, 0, 170).toGaussian(divisor);
            GaussianStatistics second = accumulate(A400, 170, 500).toGaussian(divisor);
            GaussianStatistics merged = FeatureStatistics.fromGaussian(first)
                    .merge(FeatureStatistics.fromGaussian(second)).toGaussian(divisor);
            GaussianStatistics expected = twoPass(A400, 0, divisor);

            assertThat(merged.count()).isEqualTo(500);
            assertThat(maxRelative(merged.mean(), expected.mean())).isLessThan(1e-12);
            assertThat(maxRelative(merged.covariance(), expected.covariance())).isLessThan(1e-12);
        }
    }

    @Test
    void batchingDoesNotChangeTheResult() {
        GaussianStatistics rowByRow = accumulate(A400, 0, 500).toGaussian(CovarianceDivisor.N_MINUS_ONE);
        FeatureStatistics batched = new FeatureStatistics(400);
        for (int start = 0; start < 500; start += 33) {
            batched.addAll(Arrays.copyOfRange(A400, start, Math.min(500, start + 33)));
        }
        assertThat(maxRelative(batched.toGaussian(CovarianceDivisor.N_MINUS_ONE).covariance(), rowByRow.covariance()))
                .isLessThan(1e-13);
    }

    @Test
    void aLargeCommonOffsetCostsNoPrecision() {
        GaussianStatistics plain = twoPass(A400, 0, CovarianceDivisor.N_MINUS_ONE);
        for (double offset : new double[] {1e4, 1e6}) {
            FeatureStatistics s = new FeatureStatistics(400);
            double[] row = new double[400];
            for (float[] r : A400) {
                for (int j = 0; j < 400; j++) {
                    row[j] = r[j] + offset;
                }
                s.add(row);
            }
            GaussianStatistics shifted = s.toGaussian(CovarianceDivisor.N_MINUS_ONE);
            // a naive Σx² − n·μ² loses ~offset²·ε ≈ 1e-4 (offset 1e6) absolute here
            assertThat(maxRelative(shifted.covariance(), plain.covariance())).as("offset %s", offset).isLessThan(1e-9);
            assertThat(shifted.mean()[0] - offset).isCloseTo(plain.mean()[0], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void bothBackendsAccumulateTheSameStatistics() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LinearAlgebra.openBlasAvailable(), "OpenBLAS natives not loaded");
        FeatureStatistics ejml = new FeatureStatistics(400, LinearAlgebra.ejml());
        FeatureStatistics openBlas = new FeatureStatistics(400, LinearAlgebra.openBlas());
        ejml.addAll(A400);
        openBlas.addAll(A400);
        assertThat(maxRelative(ejml.toGaussian(CovarianceDivisor.N_MINUS_ONE).covariance(),
                openBlas.toGaussian(CovarianceDivisor.N_MINUS_ONE).covariance())).isLessThan(1e-13);
    }

    @Test
    void rejectsRowsOfTheWrongDimension() {
        FeatureStatistics s = new FeatureStatistics(4);
        assertThatThrownBy(() -> s.add(new float[3]))
                .isInstanceOf(StatisticsMismatchException.class)
                .hasMessageContaining("dimension 3").hasMessageContaining("dimension 4");
        assertThatThrownBy(() -> s.addAll(new float[][] {new float[4], new float[5]}))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("row 1");
        assertThat(s.count()).isEqualTo(1);
    }

    @Test
    void rejectsNonFiniteValues() {
        FeatureStatistics s = new FeatureStatistics(3);
        assertThatThrownBy(() -> s.add(new float[] {0, Float.NaN, 1}))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("NaN").hasMessageContaining("column 1");
        assertThatThrownBy(() -> s.add(new double[] {Double.NEGATIVE_INFINITY, 0, 1}))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("Infinity");
        assertThat(s.count()).isZero();
    }

    @Test
    void refusesCovarianceFromTooFewRows() {
        FeatureStatistics s = new FeatureStatistics(2);
        s.add(new float[] {1, 2});
        assertThatThrownBy(() -> s.toGaussian(CovarianceDivisor.N_MINUS_ONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 2");
        assertThat(s.toGaussian(CovarianceDivisor.N).covariance()).containsOnly(0.0);
    }

    @Test
    void statisticsOfUnknownCountCannotBeMerged() {
        GaussianStatistics pytorchFid = new GaussianStatistics(-1, new double[] {0, 0}, new double[] {1, 0, 0, 1},
                CovarianceDivisor.N_MINUS_ONE);
        assertThatThrownBy(() -> FeatureStatistics.fromGaussian(pytorchFid))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("unknown");
    }

    @Test
    void gaussianStatisticsValidateTheirShape() {
        assertThatThrownBy(() -> new GaussianStatistics(3, new double[3], new double[8], CovarianceDivisor.N))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("3x3");
        assertThatThrownBy(() -> new GaussianStatistics(3, new double[] {0, Double.NaN}, new double[4],
                CovarianceDivisor.N)).isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("mean[1]");
    }
}

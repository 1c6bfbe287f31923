package dev.fvd.core.distance;

import static dev.fvd.core.testing.TestData.features;
import static dev.fvd.core.testing.TestData.firstRows;
import static dev.fvd.core.testing.TestData.relative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.GaussianStatistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The same distances on the EJML and OpenBLAS backends agree to ~1e-10 relative. */
@DisplayName("EJML and OpenBLAS backends compute the same distances")
class BackendContractTest {

    private static final float[][] A64 = features("fd64_a");
    private static final float[][] B64 = features("fd64_b");
    private static final float[][] A400 = features("fd400_a");
    private static final float[][] B400 = features("fd400_b");

    private static LinearAlgebra ejml;
    private static LinearAlgebra openBlas;

    @BeforeAll
    static void backends() {
        ejml = LinearAlgebra.ejml();
        assumeTrue(LinearAlgebra.openBlasAvailable(), "OpenBLAS natives not loaded on this platform");
        openBlas = LinearAlgebra.openBlas();
    }

    private static void agree(GaussianStatistics a, GaussianStatistics b) {
        double viaEjml = FrechetDistance.between(a, b, ejml);
        double viaOpenBlas = FrechetDistance.between(a, b, openBlas);
        assertThat(relative(viaEjml, viaOpenBlas)).isLessThan(1e-10);
    }

    @Test
    void choleskyPathD64() {
        agree(FrechetDistanceParityTest.stats(A64), FrechetDistanceParityTest.stats(B64));
    }

    @Test
    void choleskyPathD400() {
        agree(FrechetDistanceParityTest.stats(A400), FrechetDistanceParityTest.stats(B400));
    }

    @Test
    void oneSingularCovarianceSwapsTheFactor() {
        agree(FrechetDistanceParityTest.stats(firstRows(A400, 200)), FrechetDistanceParityTest.stats(B400));
    }

    @Test
    void eigenPathWhenBothAreSingular() {
        GaussianStatistics a = FrechetDistanceParityTest.stats(firstRows(A400, 150));
        GaussianStatistics b = FrechetDistanceParityTest.stats(firstRows(B400, 120));
        // factor path on both backends: truncated eigen-decompositions and an SVD
        assertThat(relative(FrechetDistance.between(a, b, ejml), FrechetDistance.between(a, b, openBlas)))
                .isLessThan(1e-10);
    }

    @Test
    void crossProductSvdPath() {
        float[][] a = firstRows(A400, 150);
        float[][] b = firstRows(B400, 120);
        assertThat(relative(FrechetDistance.betweenFeatures(a, b, ejml), FrechetDistance.betweenFeatures(a, b, openBlas)))
                .isLessThan(1e-10);
    }

    @Test
    void kernelDistance() {
        assertThat(relative(KernelDistance.unbiasedMmd(A64, B64, ejml), KernelDistance.unbiasedMmd(A64, B64, openBlas)))
                .isLessThan(1e-10);
    }

    @Test
    void productIntoABufferIsTheSameProductOnBothBackends() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int m = 37;
        int n = 53;
        int k = 19;
        double[] a = new double[m * k];
        double[] b = new double[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble() - 0.5;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextDouble() - 0.5;
        }
        for (LinearAlgebra algebra : new LinearAlgebra[] {ejml, openBlas}) {
            double[] c = new double[m * n + 7];
            java.util.Arrays.fill(c, Double.NaN);
            algebra.multiplyTransposed(a, m, b, n, k, c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int t = 0; t < k; t++) {
                        want += a[i * k + t] * b[j * k + t];
                    }
                    assertThat(c[i * n + j]).as("%s C[%d,%d]", algebra.name(), i, j)
                            .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-14));
                }
            }
            assertThat(c[m * n]).as("entries past m·n untouched").isNaN();
            assertThat(algebra.multiplyTransposed(a, m, b, n, k)).containsExactly(java.util.Arrays.copyOf(c, m * n));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> algebra.multiplyTransposed(a, m, b, n, k,
                    new double[m * n - 1])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter");
        }
    }

    @Test
    void singleThreadedRunsTheTaskWithOneBlasThreadAndRestoresTheCount() {
        int before = org.bytedeco.openblas.global.openblas.blas_get_num_threads();
        int inside = openBlas.singleThreaded(org.bytedeco.openblas.global.openblas::blas_get_num_threads);
        assertThat(inside).isEqualTo(1);
        assertThat(org.bytedeco.openblas.global.openblas.blas_get_num_threads()).isEqualTo(before);
        assertThat(ejml.singleThreaded(() -> 7)).isEqualTo(7);
    }

    @Test
    void matricesPassedThroughReusedNativeBuffersGiveTheSameDistance() {
        // d = 1024: 2^20 elements, the size from which OpenBLAS gets reused native copies instead of JNI's fresh ones
        java.util.SplittableRandom random = new java.util.SplittableRandom(1024);
        float[][] a = new float[1200][1024];
        float[][] b = new float[1200][1024];
        for (float[][] m : new float[][][] {a, b}) {
            for (float[] row : m) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (random.nextDouble() * (1 + j % 7) + (m == b ? 0.05 : 0));
                }
            }
        }
        GaussianStatistics sa = FrechetDistanceParityTest.stats(a);
        GaussianStatistics sb = FrechetDistanceParityTest.stats(b);
        agree(sa, sb);
        // twice on one thread: the second call reuses the buffers of the first
        assertThat(FrechetDistance.between(sa, sb, openBlas)).isEqualTo(FrechetDistance.between(sa, sb, openBlas));
    }
}

package dev.fvd.report;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

import java.util.SplittableRandom;

/**
 * The 2-D principal-component projection of the pooled real and fake features (PCA fitted on both sets together, centred on
 * their pooled mean, not scaled), so both sets are drawn in one coordinate frame.
 *
 * <p>The two leading eigenvectors of the pooled covariance (divisor n−1) come from subspace iteration with a Rayleigh–Ritz
 * step (Saad, <i>Numerical Methods for Large Eigenvalue Problems</i>, 2nd ed., §5.2, Algorithm 5.3; Golub &amp; Van Loan,
 * <i>Matrix Computations</i>, 4th ed., §8.2.4) on a block of {@value #BLOCK} vectors, applying the covariance implicitly as
 * {@code Xᵀ(X·V)/(n−1)}: each step costs 4·n·d·{@value #BLOCK} flops and no d×d matrix is formed, so d = 2048 costs a few
 * passes over the features. It stops when both Ritz residuals ‖Cv − λv‖ are below {@value #TOLERANCE}·λ₁. The sign of each
 * component is fixed so that its largest-magnitude loading is positive (deterministic output; numpy's {@code eigh} with that
 * sign rule gives the same numbers, {@code test-data/report/make_reference.py}).
 */
final class PrincipalComponents {
    static final int BLOCK = 6;
    static final double TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 1000;

    /** Coordinates of each row on the two components, and the share of total variance each component explains. */
    record Projection(double[][] real, double[][] fake, double[] explained) {
    }

    private PrincipalComponents() {
    }

    static Projection project(float[][] real, float[][] fake) {
        int n = real.length + fake.length;
        int d = real[0].length;
        double[][] x = new double[n][];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            float[] row = i < real.length ? real[i] : fake[i - real.length];
            double[] r = new double[d];
            for (int j = 0; j < d; j++) {
                r[j] = row[j];
                mean[j] += row[j];
            }
            x[i] = r;
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double total = 0;
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] -= mean[j];
                total += r[j] * r[j];
            }
        }
        double divisor = Math.max(1, n - 1);
        total /= divisor;

        int p = Math.min(BLOCK, d);
        DMatrixRMaj v = new DMatrixRMaj(d, p);
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < v.data.length; i++) {
            v.data[i] = random.nextDouble() - 0.5;
        }
        v = orthonormal(v);
        double[] eigen = new double[p];
        DMatrixRMaj ritz = v;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            DMatrixRMaj w = applyCovariance(x, v, divisor);
            DMatrixRMaj h = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransA(v, w, h);
            for (int a = 0; a < p; a++) {
                for (int b = a + 1; b < p; b++) {
                    double m = (h.get(a, b) + h.get(b, a)) / 2;
                    h.set(a, b, m);
                    h.set(b, a, m);
                }
            }
            DMatrixRMaj u = new DMatrixRMaj(p, p);
            eigen = symmetricEigen(h, u);
            ritz = new DMatrixRMaj(d, p);
            CommonOps_DDRM.mult(v, u, ritz);
            DMatrixRMaj image = new DMatrixRMaj(d, p);
            CommonOps_DDRM.mult(w, u, image);
            double residual = 0;
            for (int c = 0; c < Math.min(2, p); c++) {
                double r2 = 0;
                for (int j = 0; j < d; j++) {
                    double e = image.get(j, c) - eigen[c] * ritz.get(j, c);
                    r2 += e * e;
                }
                residual = Math.max(residual, Math.sqrt(r2));
            }
            if (residual <= TOLERANCE * Math.max(eigen[0], Double.MIN_NORMAL)) {
                break;
            }
            v = orthonormal(image);
        }
        int k = Math.min(2, p);
        double[][] components = new double[k][d];
        for (int c = 0; c < k; c++) {
            int arg = 0;
            for (int j = 0; j < d; j++) {
                components[c][j] = ritz.get(j, c);
                if (Math.abs(components[c][j]) > Math.abs(components[c][arg])) {
                    arg = j;
                }
            }
            if (components[c][arg] < 0) {
                for (int j = 0; j < d; j++) {
                    components[c][j] = -components[c][j];
                }
            }
        }
        double[][] realXy = new double[real.length][];
        double[][] fakeXy = new double[fake.length][];
        for (int i = 0; i < n; i++) {
            double[] xy = new double[2];
            for (int c = 0; c < k; c++) {
                xy[c] = dot(x[i], components[c]);
            }
            if (i < real.length) {
                realXy[i] = xy;
            } else {
                fakeXy[i - real.length] = xy;
            }
        }
        double[] explained = new double[2];
        for (int c = 0; c < k; c++) {
            explained[c] = total > 0 ? Math.max(0, eigen[c]) / total : 0;
        }
        return new Projection(realXy, fakeXy, explained);
    }

    /** {@code Xᵀ(X·V)/divisor}, row by row. */
    private static DMatrixRMaj applyCovariance(double[][] x, DMatrixRMaj v, double divisor) {
        int d = v.numRows;
        int p = v.numCols;
        DMatrixRMaj w = new DMatrixRMaj(d, p);
        double[] t = new double[p];
        for (double[] row : x) {
            java.util.Arrays.fill(t, 0);
            for (int j = 0; j < d; j++) {
                double xj = row[j];
                int o = j * p;
                for (int c = 0; c < p; c++) {
                    t[c] += xj * v.data[o + c];
                }
            }
            for (int c = 0; c < p; c++) {
                t[c] /= divisor;
            }
            for (int j = 0; j < d; j++) {
                double xj = row[j];
                int o = j * p;
                for (int c = 0; c < p; c++) {
                    w.data[o + c] += xj * t[c];
                }
            }
        }
        return w;
    }

    /** An orthonormal basis (Householder QR's Q, full rank even when the columns are not) of the columns of {@code m}. */
    private static DMatrixRMaj orthonormal(DMatrixRMaj m) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m.numRows, m.numCols);
        if (!qr.decompose(m.copy())) {
            throw new IllegalStateException("QR decomposition failed on a " + m.numRows + "×" + m.numCols + " block");
        }
        return qr.getQ(null, true);
    }

    /** Eigenvalues of the symmetric {@code h}, largest first; their eigenvectors as the columns of {@code vectors}. */
    private static double[] symmetricEigen(DMatrixRMaj h, DMatrixRMaj vectors) {
        int p = h.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        if (!eig.decompose(h.copy())) {
            throw new IllegalStateException("symmetric eigendecomposition failed on a " + p + "×" + p + " Rayleigh quotient");
        }
        Integer[] order = new Integer[p];
        double[] values = new double[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).real;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] sorted = new double[p];
        for (int c = 0; c < p; c++) {
            sorted[c] = values[order[c]];
            DMatrixRMaj vec = eig.getEigenVector(order[c]);
            for (int r = 0; r < p; r++) {
                vectors.set(r, c, vec.get(r, 0));
            }
        }
        return sorted;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}

package dev.fvd.report;

import java.util.SplittableRandom;

/**
 * The 2-D principal-component projection of the pooled real and fake features (PCA fitted on both sets together, centred on
 * their pooled mean, not scaled), so both sets are drawn in one coordinate frame.
 *
 * <p>The two leading eigenvectors of the pooled covariance are found by orthogonal (subspace) iteration, Golub &amp; Van Loan,
 * <i>Matrix Computations</i>, 4th ed., §8.2.4, applying the covariance implicitly as {@code Xᵀ(X·V)/(n−1)}: each step costs
 * 4·n·d flops and no d×d matrix is formed, so d = 2048 costs no more than a few passes over the features. The sign of each
 * component is fixed so that its largest-magnitude loading is positive (deterministic output).
 */
final class PrincipalComponents {
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-10;

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

        int k = Math.min(2, d);
        double[][] v = new double[k][d];
        SplittableRandom random = new SplittableRandom(0);
        for (double[] c : v) {
            for (int j = 0; j < d; j++) {
                c[j] = random.nextDouble() - 0.5;
            }
        }
        orthonormalize(v);
        double[] eigen = new double[k];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[][] w = applyCovariance(x, v, divisor);
            for (int c = 0; c < k; c++) {
                eigen[c] = dot(v[c], w[c]);
            }
            orthonormalize(w);
            double change = 0;
            for (int c = 0; c < k; c++) {
                change = Math.max(change, 1 - Math.abs(dot(v[c], w[c])));
            }
            v = w;
            if (change < TOLERANCE) {
                break;
            }
        }
        if (k == 2 && eigen[1] > eigen[0]) {
            double[] t = v[0];
            v[0] = v[1];
            v[1] = t;
            double e = eigen[0];
            eigen[0] = eigen[1];
            eigen[1] = e;
        }
        for (double[] c : v) {
            int arg = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(c[j]) > Math.abs(c[arg])) {
                    arg = j;
                }
            }
            if (c[arg] < 0) {
                for (int j = 0; j < d; j++) {
                    c[j] = -c[j];
                }
            }
        }
        double[][] realXy = new double[real.length][];
        double[][] fakeXy = new double[fake.length][];
        for (int i = 0; i < n; i++) {
            double[] p = new double[2];
            for (int c = 0; c < k; c++) {
                p[c] = dot(x[i], v[c]);
            }
            if (i < real.length) {
                realXy[i] = p;
            } else {
                fakeXy[i - real.length] = p;
            }
        }
        double[] explained = new double[2];
        for (int c = 0; c < k; c++) {
            explained[c] = total > 0 ? Math.max(0, eigen[c]) / total : 0;
        }
        return new Projection(realXy, fakeXy, explained);
    }

    private static double[][] applyCovariance(double[][] x, double[][] v, double divisor) {
        int k = v.length;
        int d = v[0].length;
        double[][] w = new double[k][d];
        for (double[] row : x) {
            for (int c = 0; c < k; c++) {
                double s = dot(row, v[c]) / divisor;
                double[] wc = w[c];
                for (int j = 0; j < d; j++) {
                    wc[j] += s * row[j];
                }
            }
        }
        return w;
    }

    /** Modified Gram–Schmidt in place; a column that vanishes (rank-deficient data) is replaced by a basis vector. */
    private static void orthonormalize(double[][] v) {
        int d = v[0].length;
        for (int c = 0; c < v.length; c++) {
            for (int candidate = 0; ; candidate++) {
                for (int p = 0; p < c; p++) {
                    double s = dot(v[c], v[p]);
                    for (int j = 0; j < d; j++) {
                        v[c][j] -= s * v[p][j];
                    }
                }
                double norm = Math.sqrt(dot(v[c], v[c]));
                if (norm > 1e-150 || candidate >= d) {
                    for (int j = 0; j < d && norm > 0; j++) {
                        v[c][j] /= norm;
                    }
                    break;
                }
                java.util.Arrays.fill(v[c], 0);
                v[c][candidate] = 1;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}

package dev.fvd.core.distance;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.linalg.LinearAlgebra.SymmetricEigen;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.stats.StatisticsMismatchException;

/**
 * Fréchet (2-Wasserstein) distance between two Gaussians, as FID (Heusel et al. 2017, TTUR {@code fid.py}) and FVD
 * (Unterthiner et al. 2018, google-research {@code frechet_video_distance.py} via TF-GAN) define it:
 * {@code d² = ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr √(Σ₁^½ Σ₂ Σ₁^½)}.
 *
 * <p><b>Numerics.</b> Σ₁Σ₂ is similar to the symmetric positive-semidefinite matrix Σ₁^½Σ₂Σ₁^½, so
 * {@code tr √(Σ₁Σ₂) = Σᵢ √λᵢ} over its eigenvalues. For any factor F with {@code Σ₁ = F·Fᵀ}, {@code Fᵀ·Σ₂·F} has the
 * same non-zero eigenvalues. Hence:
 * <ol>
 *   <li><b>Cholesky path</b> (Σ₁ regular and every eigenvalue of the product positive): F = L₁ from
 *       {@code dpotrf}, the congruence {@code L₁ᵀΣ₂L₁} ({@code dsygst}) and its eigenvalues only
 *       ({@code dsyevd}). ~n³/3 + n³ + 4n³/3 flops.</li>
 *   <li><b>Factor path</b> (otherwise: a Σ is singular, e.g. N ≤ d, or its Cholesky has pivots at rounding level): each
 *       Σ = GᵀG (Cholesky, or Λ_r^½V_rᵀ from the eigenvalues above {@code λ_max·d·ε}, numpy {@code matrix_rank}'s
 *       tolerance), and {@code tr √(Σ₁Σ₂)} = sum of the singular values of the r₁×r₂ matrix {@code G₁G₂ᵀ}. This
 *       avoids taking √ of the product's exact-zero eigenvalues, which would add ~√ε·λ_max of noise each.</li>
 * </ol>
 * Eigenvalues that come out slightly negative through rounding are clipped to 0. The result is never complex or NaN
 * and no ε is added to the diagonals (unlike scipy-{@code sqrtm}-based pytorch-fid / clean-fid). The computed value is
 * clipped to 0 only when it is negative by less than the rounding bound of this computation (see
 * {@link #roundingBound}); a larger negative value means the covariances are not positive semidefinite and is
 * reported as a {@link StatisticsMismatchException}. For N &lt; d prefer {@link #betweenFeatures}: the SVD of the
 * n₁×n₂ cross-product is more accurate than any d×d route.
 *
 * <p>Runs on OpenBLAS when its natives load, else on EJML (see {@link LinearAlgebra#system()}).
 */
public final class FrechetDistance {

    private static final double EPS = Math.ulp(1.0);

    private FrechetDistance() {
    }

    /**
     * Fréchet distance between two Gaussians (their divisors and counts are not used).
     *
     * @throws StatisticsMismatchException if the dimensions differ or the covariances are far from positive
     *                                     semidefinite
     */
    public static double between(GaussianStatistics a, GaussianStatistics b) {
        return between(a, b, LinearAlgebra.system());
    }

    static double between(GaussianStatistics a, GaussianStatistics b, LinearAlgebra algebra) {
        return terms(a, b, algebra).distance();
    }

    /**
     * Fréchet distance between the Gaussians fitted (covariance ÷ N−1) to two feature sets. When either set has no
     * more rows than its dimension (a singular covariance), {@code tr √(Σ₁Σ₂)} is computed as the nuclear norm of
     * {@code A·Bᵀ / √((n₁−1)(n₂−1))} with A, B the centred feature matrices (REFERENCE.md §4), an n₁×n₂ SVD that is
     * exact to rounding and cheaper than anything d×d; otherwise the statistics path of {@link #between}.
     *
     * @throws StatisticsMismatchException if the dimensions differ, a set has fewer than 2 rows, or a value is not
     *                                     finite
     */
    public static double betweenFeatures(float[][] a, float[][] b) {
        return betweenFeatures(a, b, LinearAlgebra.system());
    }

    static double betweenFeatures(float[][] a, float[][] b, LinearAlgebra algebra) {
        int d = Features.dimension("first", a, 2);
        int d2 = Features.dimension("second", b, 2);
        if (d != d2) {
            throw new StatisticsMismatchException("first feature set has dimension " + d + ", second has dimension " + d2);
        }
        int n1 = a.length;
        int n2 = b.length;
        if (n1 - 1 >= d && n2 - 1 >= d) {
            return between(gaussian(a, d), gaussian(b, d), algebra);
        }
        double[] meanA = new double[d];
        double[] meanB = new double[d];
        double[] ca = Features.centred(a, meanA);
        double[] cb = Features.centred(b, meanB);
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = meanA[j] - meanB[j];
            meanTerm += diff * diff;
        }
        double trace1 = sumOfSquares(ca) / (n1 - 1);
        double trace2 = sumOfSquares(cb) / (n2 - 1);
        double[] cross = algebra.multiplyTransposed(ca, n1, cb, n2, d);
        double nuclear = 0;
        for (double s : algebra.singularValues(cross, n1, n2)) {
            nuclear += Math.max(s, 0);
        }
        double traceSqrt = nuclear / Math.sqrt((double) (n1 - 1) * (n2 - 1));
        // singular values carry absolute error ~ min(n1,n2)·ε·σ_max; sum over them
        double bound = 8.0 * Math.min(n1, n2) * Math.min(n1, n2) * EPS * (trace1 + trace2 + meanTerm);
        return new Terms(meanTerm, trace1, trace2, traceSqrt, bound).distance();
    }

    private static GaussianStatistics gaussian(float[][] rows, int d) {
        FeatureStatistics stats = new FeatureStatistics(d);
        stats.addAll(rows);
        return stats.toGaussian(CovarianceDivisor.N_MINUS_ONE);
    }

    private static double sumOfSquares(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v * v;
        }
        return s;
    }

    /** The parts of the distance, kept for diagnostics and tests. */
    record Terms(double meanTerm, double trace1, double trace2, double traceSqrt, double roundingBound) {
        double raw() {
            return meanTerm + trace1 + trace2 - 2 * traceSqrt;
        }

        double distance() {
            double value = raw();
            if (value >= 0) {
                return value;
            }
            if (-value <= roundingBound) {
                return 0.0;
            }
            throw new StatisticsMismatchException(String.format(
                    "Fréchet distance came out negative (%.6g) beyond its rounding bound (%.3g): the covariance "
                            + "matrices are not positive semidefinite", value, roundingBound));
        }
    }

    static Terms terms(GaussianStatistics a, GaussianStatistics b, LinearAlgebra algebra) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new StatisticsMismatchException("first statistics have dimension " + d + ", second have dimension "
                    + b.dimension());
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        double[] s1 = symmetrised(a.covariance(), d);
        double[] s2 = symmetrised(b.covariance(), d);
        double trace1 = trace(s1, d);
        double trace2 = trace(s2, d);

        double scale = Math.abs(trace1) + Math.abs(trace2) + meanTerm;
        double[] l1 = s1.clone();
        boolean regular1 = algebra.choleskyLower(l1, d) && wellConditioned(l1, d);
        if (regular1) {
            // Cholesky path: eigenvalues of L₁ᵀ·Σ₂·L₁ (s2 is our own copy and may be consumed)
            double[] eigenvalues = algebra.symmetricEigenvalues(algebra.lowerCongruence(l1, s2, d), d);
            double largest = 0;
            double smallest = Double.POSITIVE_INFINITY;
            for (double lambda : eigenvalues) {
                largest = Math.max(largest, lambda);
                smallest = Math.min(smallest, lambda);
            }
            // Exact zeros (singular Σ₂) come out as ±ε·λ_max noise, about half of them negative, and their √ would add
            // ~√ε·√λ_max each; then the factor path. Tiny but positive eigenvalues of a regular, ill-conditioned
            // product are computed accurately in practice (4e-16 relative vs the SVD at d=2048, cond 2e15).
            if (smallest > 0) {
                double traceSqrt = 0;
                for (double lambda : eigenvalues) {
                    traceSqrt += Math.sqrt(lambda);
                }
                return new Terms(meanTerm, trace1, trace2, traceSqrt, roundingBound(d, d, largest, scale));
            }
            // Σ₂ (or the product) is numerically singular: fall through to the factor path
            s2 = symmetrised(b.covariance(), d);
        }
        // Exact-zero eigenvalues of the product would come out as ±ε·λ_max, and their √ as ~√ε·√λ_max noise each.
        // Factor each Σ = GᵀG (Cholesky if regular, else truncated eigen-decomposition); then
        // tr √(Σ₁Σ₂) = Σ singular values of G₁·G₂ᵀ, computed to absolute accuracy ~ε·σ_max each.
        double[] l2 = s2.clone();
        boolean regular2 = algebra.choleskyLower(l2, d) && wellConditioned(l2, d);
        Factor f1 = regular1 ? new Factor(transposed(l1, d), d) : eigenFactor(s1, d, algebra);
        Factor f2 = regular2 ? new Factor(transposed(l2, d), d) : eigenFactor(s2, d, algebra);
        double traceSqrt = 0;
        if (f1.rank() > 0 && f2.rank() > 0) {
            double[] product = algebra.multiplyTransposed(f1.rows(), f1.rank(), f2.rows(), f2.rank(), d);
            for (double sv : algebra.singularValues(product, f1.rank(), f2.rank())) {
                traceSqrt += Math.max(sv, 0);
            }
        }
        int k = Math.min(f1.rank(), f2.rank());
        return new Terms(meanTerm, trace1, trace2, traceSqrt, 16.0 * (k + d) * EPS * scale);
    }

    /** Σ = GᵀG with G {@code rank×d} row-major. */
    private record Factor(double[] rows, int rank) {
    }

    /**
     * Cholesky without pivoting also "succeeds" on many singular sample covariances, with trailing pivots at rounding
     * level; treat pivots² below {@code d·ε·max pivot²} (numpy {@code matrix_rank}'s tolerance) as singular.
     */
    private static boolean wellConditioned(double[] l, int d) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < d; i++) {
            double p = l[i * d + i] * l[i * d + i];
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        return min > max * d * EPS;
    }

    private static double[] transposed(double[] m, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[j * d + i] = m[i * d + j];
            }
        }
        return t;
    }

    /**
     * Σ = V·Λ·Vᵀ, G = Λ_r^½·V_rᵀ over the eigenvalues above {@code λ_max·d·ε} (numpy {@code matrix_rank}'s
     * tolerance): the others are rounding noise around an exact 0 (or small negatives), dropped rather than clipped.
     */
    private static Factor eigenFactor(double[] s, int d, LinearAlgebra algebra) {
        SymmetricEigen eig = algebra.symmetricEigen(s.clone(), d);
        double[] values = eig.values();
        double largest = 0;
        for (double v : values) {
            largest = Math.max(largest, v);
        }
        double tolerance = largest * d * EPS;
        int r = 0;
        for (double v : values) {
            if (v > tolerance) {
                r++;
            }
        }
        double[] g = new double[r * d];
        double[] vectors = eig.vectors();
        int row = 0;
        for (int j = 0; j < d; j++) {
            if (values[j] > tolerance) {
                double root = Math.sqrt(values[j]);
                for (int i = 0; i < d; i++) {
                    g[row * d + i] = vectors[i * d + j] * root;
                }
                row++;
            }
        }
        return new Factor(g, r);
    }

    /**
     * A generous bound on the rounding error of the Cholesky-path distance. A symmetric eigen-solver returns each
     * eigenvalue of M with absolute error ≲ c·k·ε·‖M‖₂ (Weyl; LAPACK Users' Guide §4.7), so √λ of a tiny eigenvalue
     * may be off by up to √(c·k·ε·λ_max); summing k of them and doubling gives the first term. The second covers the
     * traces and the mean term (d-term sums).
     */
    static double roundingBound(int d, int k, double largestEigenvalue, double scale) {
        double perEigenvalue = Math.sqrt(16.0 * k * EPS * Math.max(largestEigenvalue, 0));
        return 2.0 * k * perEigenvalue + 16.0 * d * EPS * scale;
    }

    /** (S + Sᵀ)/2 as a new array: both backends then see exactly the same symmetric matrix. */
    private static double[] symmetrised(double[] s, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            out[i * n + i] = s[i * n + i];
            for (int j = i + 1; j < n; j++) {
                double v = 0.5 * (s[i * n + j] + s[j * n + i]);
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
        return out;
    }

    private static double trace(double[] s, int d) {
        double t = 0;
        for (int i = 0; i < d; i++) {
            t += s[i * d + i];
        }
        return t;
    }
}

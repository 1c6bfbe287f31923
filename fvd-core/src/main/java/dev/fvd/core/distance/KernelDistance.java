package dev.fvd.core.distance;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.StatisticsMismatchException;
import java.util.SplittableRandom;

/**
 * Kernel distances KID (Bińkowski et al. 2018, "Demystifying MMD GANs") and KVD: the unbiased estimate of the squared
 * maximum mean discrepancy with the polynomial kernel {@code k(x,y) = (xᵀy/d + 1)³} on raw features (no normalisation),
 * as in MMD-GAN {@code compute_scores.py}, torch-fidelity {@code metric_kid.py} ({@code mmd_est='unbiased'}),
 * clean-fid {@code fid.py::kernel_distance} and TF-GAN {@code kernel_classifier_distance}.
 *
 * <p>{@code MMD²ᵤ = Σ_{i≠j} k(xᵢ,xⱼ)/(n₁(n₁−1)) + Σ_{i≠j} k(yᵢ,yⱼ)/(n₂(n₂−1)) − 2·Σ_{i,j} k(xᵢ,yⱼ)/(n₁n₂)}.
 *
 * <p>Gram matrices come from one matrix product per block of rows (BLAS {@code dgemm} when OpenBLAS is loaded), in
 * double precision; the Python references compute in float32 (their features are float32 arrays), so expect agreement
 * to ~1e-6 relative with them and to rounding with a float64 evaluation of the same formula.
 */
public final class KernelDistance {

    /** torch-fidelity {@code KID_SUBSETS} and clean-fid {@code num_subsets}. */
    public static final int DEFAULT_SUBSETS = 100;
    /** torch-fidelity {@code KID_SUBSET_SIZE} and clean-fid {@code max_subset_size}. */
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    /** Rows of the left operand per Gram block: bounds memory to BLOCK·n doubles. */
    private static final int BLOCK = 512;

    private KernelDistance() {
    }

    /**
     * Unbiased MMD² over all rows (the "full" estimate TATS reports as KVD).
     *
     * @throws StatisticsMismatchException if the dimensions differ, a set has fewer than 2 rows, or a value is not
     *                                     finite
     */
    public static double unbiasedMmd(float[][] x, float[][] y) {
        return unbiasedMmd(x, y, LinearAlgebra.system());
    }

    static double unbiasedMmd(float[][] x, float[][] y, LinearAlgebra algebra) {
        int d = checkedDimension(x, y);
        double[] xs = Features.select(x, identity(x.length), d);
        double[] ys = Features.select(y, identity(y.length), d);
        return mmd(xs, x.length, ys, y.length, d, algebra);
    }

    /**
     * Mean and standard deviation of the unbiased MMD² over {@code subsets} random subsets, each drawing
     * {@code min(subsetSize, n₁, n₂)} rows without replacement from each set (clean-fid clips the size this way;
     * torch-fidelity refuses instead). Randomness comes only from {@code seed} ({@link SplittableRandom}), so the result
     * is reproducible but, unavoidably, not the same subsets numpy's generator would draw.
     *
     * @throws StatisticsMismatchException if the dimensions differ, a set has fewer than 2 rows, or a value is not finite
     * @throws IllegalArgumentException    if {@code subsets < 1} or {@code subsetSize < 2}
     */
    public static KernelEstimate subsets(float[][] x, float[][] y, int subsetSize, int subsets, long seed) {
        checkedDimension(x, y);
        if (subsets < 1) {
            throw new IllegalArgumentException("number of subsets must be ≥ 1, got " + subsets);
        }
        if (subsetSize < 2) {
            throw new IllegalArgumentException("subset size must be ≥ 2, got " + subsetSize);
        }
        int m = Math.min(subsetSize, Math.min(x.length, y.length));
        SplittableRandom random = new SplittableRandom(seed);
        int[][] xi = new int[subsets][];
        int[][] yi = new int[subsets][];
        for (int s = 0; s < subsets; s++) {
            xi[s] = sampleWithoutReplacement(random, x.length, m);
            yi[s] = sampleWithoutReplacement(random, y.length, m);
        }
        return subsets(x, y, xi, yi, LinearAlgebra.system());
    }

    /** The subset estimate with given index lists (one row of {@code xIndices}/{@code yIndices} per subset). */
    static KernelEstimate subsets(float[][] x, float[][] y, int[][] xIndices, int[][] yIndices, LinearAlgebra algebra) {
        int d = checkedDimension(x, y);
        int count = xIndices.length;
        double[] values = new double[count];
        int m = xIndices[0].length;
        for (int s = 0; s < count; s++) {
            double[] xs = Features.select(x, xIndices[s], d);
            double[] ys = Features.select(y, yIndices[s], d);
            values[s] = mmd(xs, xIndices[s].length, ys, yIndices[s].length, d, algebra);
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= count;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new KernelEstimate(mean, Math.sqrt(var / count), m, count);
    }

    private static double mmd(double[] xs, int n1, double[] ys, int n2, int d, LinearAlgebra algebra) {
        double kxx = kernelSum(xs, n1, xs, n1, d, true, algebra);
        double kyy = kernelSum(ys, n2, ys, n2, d, true, algebra);
        double kxy = kernelSum(xs, n1, ys, n2, d, false, algebra);
        return kxx / ((double) n1 * (n1 - 1)) + kyy / ((double) n2 * (n2 - 1)) - 2 * kxy / ((double) n1 * n2);
    }

    /** Σ k(aᵢ, bⱼ) over all pairs, or over i ≠ j when {@code skipDiagonal} (a and b the same set). */
    private static double kernelSum(double[] a, int na, double[] b, int nb, int d, boolean skipDiagonal,
                                    LinearAlgebra algebra) {
        double total = 0;
        double inv = 1.0 / d;
        for (int start = 0; start < na; start += BLOCK) {
            int rows = Math.min(BLOCK, na - start);
            double[] part = new double[rows * d];
            System.arraycopy(a, start * d, part, 0, rows * d);
            double[] gram = algebra.multiplyTransposed(part, rows, b, nb, d);
            double blockSum = 0;
            for (int r = 0; r < rows; r++) {
                int i = start + r;
                double rowSum = 0;
                for (int j = 0; j < nb; j++) {
                    if (skipDiagonal && j == i) {
                        continue;
                    }
                    double k = gram[r * nb + j] * inv + 1.0;
                    rowSum += k * k * k;
                }
                blockSum += rowSum;
            }
            total += blockSum;
        }
        return total;
    }

    private static int checkedDimension(float[][] x, float[][] y) {
        int d = Features.dimension("first", x, 2);
        int d2 = Features.dimension("second", y, 2);
        if (d != d2) {
            throw new StatisticsMismatchException("first feature set has dimension " + d + ", second has dimension " + d2);
        }
        return d;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** Partial Fisher–Yates shuffle: the first m entries of a random permutation of 0..n-1. */
    private static int[] sampleWithoutReplacement(SplittableRandom random, int n, int m) {
        int[] pool = identity(n);
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] out = new int[m];
        System.arraycopy(pool, 0, out, 0, m);
        return out;
    }
}

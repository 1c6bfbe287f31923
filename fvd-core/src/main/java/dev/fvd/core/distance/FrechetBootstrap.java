package dev.fvd.core.distance;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.stats.StatisticsMismatchException;
import java.util.SplittableRandom;

/**
 * Bootstrap replicates of the Fréchet distance (Efron 1979; REFERENCE.md §9): each replicate resamples both feature
 * sets with replacement (N draws from N rows), refits the Gaussians with the same covariance divisor, and recomputes
 * the distance.
 *
 * <p><b>Cost.</b> A resample is a vector of multiplicities {@code w} (≈ 63 % of the rows occur at least once). With
 * the rows centred once on the full-set mean, the resampled mean is {@code μ̄ + δ}, {@code δ = Σwᵢxᵢ/N}, and the
 * resampled scatter is the Gram matrix of the rows {@code √wᵢ(xᵢ − δ)} over the rows that occur — one {@code dsyrk}
 * of ≈0.63N×d per side, never a copy of the resampled set. Then:
 * <ul>
 *   <li>when both resampled covariances can be regular ({@code unique rows − 1 ≥ d} on each side), the distance of
 *       {@link FrechetDistance#between} (Cholesky path, ~(1/3 + 1 + 4/3)·d³ flops);</li>
 *   <li>otherwise (d ≥ unique rows, e.g. d = 2048 with 2048 clips) the cross-product route of
 *       {@link FrechetDistance#betweenFeatures}: {@code tr √(Σ₁Σ₂) = ‖B₁B₂ᵀ‖_*} with {@code B} the scaled rows above
 *       divided by {@code √divisor}, an n₁'×n₂' SVD, cheaper than any d×d route and exact on singular covariances.</li>
 * </ul>
 * Replicates run on {@code threads} worker threads; replicate r always uses the r-th generator split off a
 * {@link SplittableRandom} seeded with {@code seed}, so the values do not depend on the thread count.
 */
public final class FrechetBootstrap {

    private static final double EPS = Math.ulp(1.0);

    private FrechetBootstrap() {
    }

    /**
     * The B bootstrap distances, in replicate order.
     *
     * @param real        real features [N₁][d]
     * @param realDivisor covariance divisor of the real side (the protocol's)
     * @param fake        fake features [N₂][d]
     * @param fakeDivisor covariance divisor of the fake side
     * @param replicates  B ≥ 1
     * @param seed        seed of the resampling
     * @param threads     worker threads ≥ 1 (the result does not depend on it)
     * @throws StatisticsMismatchException if the dimensions differ, a set has fewer than 2 rows, or a value is not
     *                                     finite
     * @throws IllegalArgumentException    if {@code replicates < 1} or {@code threads < 1}
     */
    public static double[] distances(float[][] real, CovarianceDivisor realDivisor, float[][] fake,
                                     CovarianceDivisor fakeDivisor, int replicates, long seed, int threads) {
        return distances(real, realDivisor, fake, fakeDivisor, replicates, seed, threads, LinearAlgebra.system());
    }

    static double[] distances(float[][] real, CovarianceDivisor realDivisor, float[][] fake,
                              CovarianceDivisor fakeDivisor, int replicates, long seed, int threads,
                              LinearAlgebra algebra) {
        if (replicates < 1) {
            throw new IllegalArgumentException("bootstrap needs at least 1 replicate, got " + replicates);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("bootstrap needs at least 1 thread, got " + threads);
        }
        int d = Features.dimension("real", real, 2);
        int d2 = Features.dimension("fake", fake, 2);
        if (d != d2) {
            throw new StatisticsMismatchException("real feature set has dimension " + d + ", fake has dimension " + d2);
        }
        Side a = new Side(real, realDivisor);
        Side b = new Side(fake, fakeDivisor);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] streams = new SplittableRandom[replicates];
        for (int r = 0; r < replicates; r++) {
            streams[r] = root.split();
        }
        double[] out = new double[replicates];
        algebra.forEachInParallel(replicates, threads, "fvd-bootstrap", r -> out[r] = replicate(a, b, streams[r], algebra));
        return out;
    }

    /** One replicate: multiplicities for each side (real first), then the distance. */
    private static double replicate(Side a, Side b, SplittableRandom random, LinearAlgebra algebra) {
        int[] wa = multiplicities(random, a.n);
        int[] wb = multiplicities(random, b.n);
        return distance(a.resample(wa), b.resample(wb), algebra);
    }

    /** Multiplicities of N draws with replacement from N rows. */
    static int[] multiplicities(SplittableRandom random, int n) {
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[random.nextInt(n)]++;
        }
        return w;
    }

    /** The distance between two resampled sets, by whichever route suits their rank (see the class comment). */
    static double distance(Resample x, Resample y, LinearAlgebra algebra) {
        int d = x.d;
        if (x.rows - 1 >= d && y.rows - 1 >= d) {
            return FrechetDistance.between(x.gaussian(algebra), y.gaussian(algebra), algebra);
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = x.mean[j] - y.mean[j];
            meanTerm += diff * diff;
        }
        double trace1 = sumOfSquares(x.scaled) / x.divisor;
        double trace2 = sumOfSquares(y.scaled) / y.divisor;
        double[] cross = algebra.multiplyTransposed(x.scaled, x.rows, y.scaled, y.rows, d);
        double nuclear = 0;
        for (double s : algebra.singularValues(cross, x.rows, y.rows)) {
            nuclear += Math.max(s, 0);
        }
        double traceSqrt = nuclear / Math.sqrt(x.divisor * y.divisor);
        int k = Math.min(x.rows, y.rows);
        double bound = 8.0 * k * k * EPS * (trace1 + trace2 + meanTerm);
        return new FrechetDistance.Terms(meanTerm, trace1, trace2, traceSqrt, bound).distance();
    }

    private static double sumOfSquares(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v * v;
        }
        return s;
    }

    /** A feature set centred once on its mean, ready for resampling. */
    static final class Side {
        final int n;
        final int d;
        final double[] mean;
        final double[] centred;
        final CovarianceDivisor divisor;

        Side(float[][] rows, CovarianceDivisor divisor) {
            this.n = rows.length;
            this.d = rows[0].length;
            this.mean = new double[d];
            this.centred = Features.centred(rows, mean);
            this.divisor = divisor;
        }

        /** The resampled set with multiplicities {@code w} (Σw = n). */
        Resample resample(int[] w) {
            double[] delta = new double[d];
            int unique = 0;
            for (int i = 0; i < n; i++) {
                if (w[i] == 0) {
                    continue;
                }
                unique++;
                double wi = w[i];
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    delta[j] += wi * centred[row + j];
                }
            }
            for (int j = 0; j < d; j++) {
                delta[j] /= n;
            }
            double div = divisor.of(n);
            double[] scaled = new double[unique * d];
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (w[i] == 0) {
                    continue;
                }
                double root = Math.sqrt(w[i]);
                int row = i * d;
                int out = r * d;
                for (int j = 0; j < d; j++) {
                    scaled[out + j] = root * (centred[row + j] - delta[j]);
                }
                r++;
            }
            double[] resampledMean = new double[d];
            for (int j = 0; j < d; j++) {
                resampledMean[j] = mean[j] + delta[j];
            }
            return new Resample(n, d, unique, resampledMean, scaled, div, divisor);
        }
    }

    /**
     * A resampled set: {@code scaled} holds the {@code rows} distinct rows as {@code √wᵢ(xᵢ − μ*)} (so its Gram matrix
     * is the scatter matrix of the resample), {@code divisor} the covariance divisor for n samples.
     */
    record Resample(int n, int d, int rows, double[] mean, double[] scaled, double divisor,
                    CovarianceDivisor divisorKind) {
        GaussianStatistics gaussian(LinearAlgebra algebra) {
            double[] cov = new double[d * d];
            algebra.addGram(scaled, rows, d, cov);
            double inv = 1.0 / divisor;
            for (int i = 0; i < d; i++) {
                cov[i * d + i] *= inv;
                for (int j = i + 1; j < d; j++) {
                    double v = cov[i * d + j] * inv;
                    cov[i * d + j] = v;
                    cov[j * d + i] = v;
                }
            }
            return new GaussianStatistics(n, mean, cov, divisorKind);
        }
    }
}

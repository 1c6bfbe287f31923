package dev.fvd.core.metric;

import dev.fvd.core.distance.FrechetDistance;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * FVD∞ / FID∞, the sample-size-free Fréchet distance of Chong &amp; Forsyth, "Effectively Unbiased FID and Inception
 * Score and where to find them" (CVPR 2020), as mchong6/FID_IS_infinity {@code score_infinity.py}
 * ({@code calculate_FID_infinity}) computes it (REFERENCE.md §9):
 * <ol>
 *   <li>subset sizes {@code np.linspace(N_min, N, points).astype('int32')} over the fake count N (truncated, as
 *       numpy's cast does; {@link #grid});</li>
 *   <li>for each size n, a fresh random order of the fake rows and its first n rows (without replacement), fitted with
 *       the fake side's covariance divisor, against the statistics of the <em>whole</em> real set;</li>
 *   <li>ordinary least squares of D_n on 1/n (commons-math3 {@link SimpleRegression}, with intercept, as sklearn's
 *       {@code LinearRegression}); the intercept (1/n → 0) is the value.</li>
 * </ol>
 *
 * <p><b>N_min.</b> The reference uses 5000 on 50,000 generated images (N/10). Video sets are often 2048 clips or fewer,
 * so the default is {@code min(5000, max(⌊N/5⌋, d+1))}: at most the reference's 5000, a fifth of the set otherwise, but
 * never a size whose covariance is singular (n ≤ d, where D_n is far from linear in 1/n); if that reaches N, ⌊N/2⌋.
 * An explicit N_min overrides it. Needs the fake side's raw features and the real side's statistics.
 */
public final class InfinityMetric implements Metric<InfinityResult> {

    /** {@value}. */
    public static final String ID = "infinity";
    /** {@code num_points} of {@code score_infinity.py}. */
    public static final int DEFAULT_POINTS = 15;
    /** The reference's smallest subset size. */
    public static final int REFERENCE_MIN_SIZE = 5000;

    private final int points;
    private final int minSize;
    private final long seed;

    /**
     * @param points  grid points ≥ 2
     * @param minSize smallest subset size ≥ 2, or 0 for the default rule (class comment)
     * @param seed    seed of the fake-side permutations
     * @throws IllegalArgumentException for values outside those ranges
     */
    public InfinityMetric(int points, int minSize, long seed) {
        if (points < 2) {
            throw new IllegalArgumentException("the ∞ fit needs at least 2 grid points, got " + points);
        }
        if (minSize != 0 && minSize < 2) {
            throw new IllegalArgumentException("smallest subset size must be ≥ 2 (or 0 for the default), got "
                    + minSize);
        }
        this.points = points;
        this.minSize = minSize;
        this.seed = seed;
    }

    /** 15 points, default N_min. */
    public InfinityMetric(long seed) {
        this(DEFAULT_POINTS, 0, seed);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MetricNeeds needs() {
        return new MetricNeeds(java.util.EnumSet.of(MetricNeeds.Input.STATISTICS),
                java.util.EnumSet.of(MetricNeeds.Input.FEATURES));
    }

    /** The default smallest subset size for {@code n} fake samples of dimension {@code d} (class comment). */
    public static int defaultMinSize(int n, int d) {
        int m = Math.min(REFERENCE_MIN_SIZE, Math.max(n / 5, d + 1));
        return m >= n ? n / 2 : m;
    }

    /**
     * {@code np.linspace(start, stop, num).astype('int32')}: {@code i·step + start} with {@code step =
     * (stop−start)/(num−1)}, the last point exactly {@code stop}, truncated toward 0 (numpy {@code linspace}).
     */
    public static int[] grid(int start, int stop, int num) {
        int[] out = new int[num];
        double step = (double) (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            double y = i * step + start;
            out[i] = (int) (i == num - 1 ? stop : y);
        }
        return out;
    }

    @Override
    public InfinityResult compute(MetricInput real, MetricInput fake) {
        GaussianStatistics r = real.statistics(ID, "real");
        float[][] y = fake.requireFeatures(ID, "fake");
        int n = y.length;
        int d = y[0].length;
        int start = minSize == 0 ? defaultMinSize(n, d) : minSize;
        if (start >= n) {
            throw new dev.fvd.core.stats.StatisticsMismatchException("the ∞ fit needs subset sizes from " + start
                    + " up to the fake set's " + n + " rows; the fake set is too small (or the smallest size too "
                    + "large)");
        }
        int[] sizes = grid(start, n, points);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<InfinityResult.Point> pts = new ArrayList<>();
        float[][] subset = new float[n][];
        for (int size : sizes) {
            shuffleFirst(random, order, size);
            for (int i = 0; i < size; i++) {
                subset[i] = y[order[i]];
            }
            FeatureStatistics acc = new FeatureStatistics(d);
            acc.addAll(java.util.Arrays.copyOf(subset, size));
            double distance = FrechetDistance.between(r, acc.toGaussian(fake.divisor()));
            pts.add(new InfinityResult.Point(size, distance));
        }
        double[] fit = fit(pts);
        return new InfinityResult(fit[0], fit[1], pts, seed);
    }

    /** {@code [intercept, slope]} of the least-squares line of D on 1/N. */
    static double[] fit(List<InfinityResult.Point> pts) {
        SimpleRegression ols = new SimpleRegression(true);
        for (InfinityResult.Point p : pts) {
            ols.addData(1.0 / p.n(), p.distance());
        }
        return new double[] {ols.getIntercept(), ols.getSlope()};
    }

    /** Fisher–Yates over the first {@code m} positions: they become a uniform random ordered m-subset. */
    private static void shuffleFirst(SplittableRandom random, int[] a, int m) {
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

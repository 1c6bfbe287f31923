package dev.fvd.core.metric;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.StatisticsMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact k-nearest-neighbour balls and their overlaps between a real and a fake feature set, the common core of
 * improved precision/recall (Kynkäänniemi et al. 2019) and density/coverage (Naeem et al. 2020).
 *
 * <p>Squared Euclidean distances come in tiles {@code ‖a‖² + ‖b‖² − 2·A·Bᵀ} (one {@code dgemm} per tile, in double,
 * clamped at 0), {@value #ROWS}×{@value #COLS} distances per tile: with d=2048 a worker holds ~64 MB (its row block,
 * one column block and the tile, all double), whatever N. Row blocks are spread over worker threads; every per-row
 * result is owned by one block and every per-column result is a min / OR merged after the workers finish, so the
 * output does not depend on the thread count. Comparisons are made on squared distances (equivalent to comparing
 * distances; sqrt is monotone).
 */
final class ManifoldOverlap {

    static final int ROWS = 1024;
    static final int COLS = 2048;

    private ManifoldOverlap() {
    }

    /** Per-row K smallest squared distances to the other rows of the same set (self excluded), ascending. */
    static double[][] nearestSquared(float[][] x, int kMax, int threads, LinearAlgebra algebra, int rowBlock,
                                     int colBlock) {
        int n = x.length;
        double[] norms = norms(x);
        double[][] best = new double[n][];
        parallelRowBlocks(n, rowBlock, threads, algebra, (start, end) -> {
            int d = x[0].length;
            double[] rows = toDouble(x, start, end, d);
            double[] cols = new double[colBlock * d];
            double[] tile = new double[rowBlock * colBlock];
            double[][] lists = new double[end - start][kMax];
            for (double[] l : lists) {
                Arrays.fill(l, Double.POSITIVE_INFINITY);
            }
            for (int c0 = 0; c0 < n; c0 += colBlock) {
                int c1 = Math.min(n, c0 + colBlock);
                fill(x, c0, c1, d, cols);
                algebra.multiplyTransposed(rows, end - start, cols, c1 - c0, d, tile);
                int w = c1 - c0;
                for (int r = 0; r < end - start; r++) {
                    int i = start + r;
                    double[] list = lists[r];
                    double ni = norms[i];
                    for (int c = 0; c < w; c++) {
                        int j = c0 + c;
                        if (j == i) {
                            continue;
                        }
                        double d2 = Math.max(0.0, ni + norms[j] - 2 * tile[r * w + c]);
                        if (d2 < list[kMax - 1]) {
                            insert(list, d2);
                        }
                    }
                }
            }
            for (int r = 0; r < end - start; r++) {
                best[start + r] = lists[r];
            }
        });
        return best;
    }

    /** The overlaps of fake rows with real balls and of real rows with fake balls. */
    record Overlap(double[] fakeNearestRealSquared, int[] fakeNearestRealIndex, boolean[] fakeInsideReal,
                   int[] fakeDensityCount, double[] realNearestFakeSquared, boolean[] realInsideFake) {
    }

    /**
     * One pass over all real×fake distances.
     *
     * @param realPr²  squared real radii for precision ({@code ≤})
     * @param realDc²  squared real radii for density ({@code <})
     * @param fakePr²  squared fake radii for recall ({@code ≤})
     */
    static Overlap overlap(float[][] real, float[][] fake, double[] realPrSquared, double[] realDcSquared,
                           double[] fakePrSquared, int threads, LinearAlgebra algebra, int rowBlock,
                           int colBlock) {
        int n1 = real.length;
        int n2 = fake.length;
        int d = real[0].length;
        double[] realNorms = norms(real);
        double[] fakeNorms = norms(fake);
        double[] nearest = new double[n2];
        int[] nearestIndex = new int[n2];
        boolean[] inside = new boolean[n2];
        int[] density = new int[n2];
        List<double[]> realNearestParts = new ArrayList<>();
        List<boolean[]> realInsideParts = new ArrayList<>();
        parallelRowBlocks(n2, rowBlock, threads, algebra, (start, end) -> {
            double[] rows = toDouble(fake, start, end, d);
            double[] cols = new double[colBlock * d];
            double[] tile = new double[rowBlock * colBlock];
            double[] realNearest = new double[n1];
            Arrays.fill(realNearest, Double.POSITIVE_INFINITY);
            boolean[] realInside = new boolean[n1];
            int m = end - start;
            double[] best = new double[m];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            int[] bestIndex = new int[m];
            boolean[] in = new boolean[m];
            int[] count = new int[m];
            for (int c0 = 0; c0 < n1; c0 += colBlock) {
                int c1 = Math.min(n1, c0 + colBlock);
                int w = c1 - c0;
                fill(real, c0, c1, d, cols);
                algebra.multiplyTransposed(rows, m, cols, w, d, tile);
                for (int r = 0; r < m; r++) {
                    int j = start + r;
                    double nj = fakeNorms[j];
                    double fr = fakePrSquared[j];
                    for (int c = 0; c < w; c++) {
                        int i = c0 + c;
                        double d2 = Math.max(0.0, nj + realNorms[i] - 2 * tile[r * w + c]);
                        if (d2 < best[r]) {          // strict: the lowest real index wins ties
                            best[r] = d2;
                            bestIndex[r] = i;
                        }
                        if (d2 <= realPrSquared[i]) {
                            in[r] = true;
                        }
                        if (d2 < realDcSquared[i]) {
                            count[r]++;
                        }
                        if (d2 < realNearest[i]) {
                            realNearest[i] = d2;
                        }
                        if (d2 <= fr) {
                            realInside[i] = true;
                        }
                    }
                }
            }
            System.arraycopy(best, 0, nearest, start, m);
            System.arraycopy(bestIndex, 0, nearestIndex, start, m);
            System.arraycopy(in, 0, inside, start, m);
            System.arraycopy(count, 0, density, start, m);
            synchronized (realNearestParts) {
                realNearestParts.add(realNearest);
                realInsideParts.add(realInside);
            }
        });
        double[] realNearest = new double[n1];
        Arrays.fill(realNearest, Double.POSITIVE_INFINITY);
        boolean[] realInside = new boolean[n1];
        for (int p = 0; p < realNearestParts.size(); p++) {
            double[] part = realNearestParts.get(p);
            boolean[] flags = realInsideParts.get(p);
            for (int i = 0; i < n1; i++) {
                realNearest[i] = Math.min(realNearest[i], part[i]);
                realInside[i] |= flags[i];
            }
        }
        return new Overlap(nearest, nearestIndex, inside, density, realNearest, realInside);
    }

    /** Keeps {@code list} (ascending, fixed length) the smallest values seen, inserting {@code v}. */
    private static void insert(double[] list, double v) {
        int p = list.length - 1;
        while (p > 0 && list[p - 1] > v) {
            list[p] = list[p - 1];
            p--;
        }
        list[p] = v;
    }

    private static double[] norms(float[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (float v : x[i]) {
                s += (double) v * v;
            }
            out[i] = s;
        }
        return out;
    }

    private static double[] toDouble(float[][] x, int start, int end, int d) {
        double[] out = new double[(end - start) * d];
        fill(x, start, end, d, out);
        return out;
    }

    private static void fill(float[][] x, int start, int end, int d, double[] out) {
        for (int i = start; i < end; i++) {
            float[] row = x[i];
            int o = (i - start) * d;
            for (int j = 0; j < d; j++) {
                out[o + j] = row[j];
            }
        }
    }

    @FunctionalInterface
    private interface Block {
        void run(int start, int end);
    }

    /** Runs {@code block} over [0, n) in blocks of {@code rows} on {@code threads} workers, each with a single-threaded BLAS. */
    private static void parallelRowBlocks(int n, int rows, int threads, LinearAlgebra algebra, Block block) {
        algebra.forEachInParallel((n + rows - 1) / rows, threads, "fvd-prdc",
                b -> block.run(b * rows, Math.min(n, (b + 1) * rows)));
    }

    /** Checks both sets (rectangular, finite, at least {@code kMax + 1} rows) and their common dimension; returns d. */
    static int checked(float[][] real, float[][] fake, int kMax) {
        return checked(real, fake, kMax + 1, "k = " + kMax + " nearest neighbours");
    }

    /** Checks both sets (rectangular, finite, at least {@code minRows} rows, for {@code purpose}); returns d. */
    static int checked(float[][] real, float[][] fake, int minRows, String purpose) {
        int d = dimension("real", real, minRows, purpose);
        int d2 = dimension("fake", fake, minRows, purpose);
        if (d != d2) {
            throw new StatisticsMismatchException("real feature set has dimension " + d + ", fake has dimension " + d2);
        }
        return d;
    }

    private static int dimension(String which, float[][] rows, int minRows, String purpose) {
        if (rows.length < minRows) {
            throw new StatisticsMismatchException(which + " feature set has " + rows.length + " rows; " + purpose
                    + " need at least " + minRows);
        }
        int d = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new StatisticsMismatchException(which + " feature set: row " + i + " has dimension "
                        + rows[i].length + ", row 0 has dimension " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(rows[i][j])) {
                    throw new StatisticsMismatchException(which + " feature set: row " + i + " has " + rows[i][j]
                            + " at column " + j + "; features must be finite");
                }
            }
        }
        return d;
    }
}

package dev.fvd.core.stats;

import dev.fvd.core.linalg.LinearAlgebra;

/**
 * Streaming, mergeable accumulator of count, mean and scatter matrix {@code M₂ = Σ(x−μ)(x−μ)ᵀ} in double precision.
 *
 * <p><b>Algorithm.</b> Rows are buffered in blocks of {@value #BLOCK_ROWS}. Each full block is centred on its own mean
 * (two passes over the block, so a large common offset such as 10⁴ costs no precision), its scatter is added to
 * {@code M₂} with one symmetric rank-k update (BLAS {@code dsyrk}; EJML {@code multInner} without natives), and the
 * block is folded into the running statistics with the pairwise update of Chan, Golub &amp; LeVeque, "Updating formulae
 * and a pairwise algorithm for computing sample variances" (1979), eq. 2.1:
 * {@code M₂ = M₂ᵃ + M₂ᵇ + δδᵀ·nₐn_b/(nₐ+n_b)}, {@code δ = μ_b − μₐ}. {@link #merge} applies the same formula to two
 * accumulators, so statistics of shards merge to the statistics of the whole (to rounding, ~1e-12 relative); the
 * structure follows Tribuo's {@code MeanVarianceAccumulator}.
 *
 * <p>Not thread-safe: use one accumulator per thread and {@link #merge} them.
 */
public final class FeatureStatistics {

    /** Rows per rank-k update: large enough for BLAS-3 efficiency, small enough to keep the buffer at ≤ 4 MB for d=2048. */
    static final int BLOCK_ROWS = 256;

    private final int dimension;
    private final LinearAlgebra algebra;
    private long count;
    private final double[] mean;
    /** Scatter matrix; only the upper triangle is maintained. */
    private final double[] scatter;
    private double[] block;
    private int pending;

    /**
     * An empty accumulator for features of dimension {@code dimension}.
     *
     * @throws IllegalArgumentException if {@code dimension < 1} or d² does not fit an array
     */
    public FeatureStatistics(int dimension) {
        this(dimension, LinearAlgebra.system());
    }

    FeatureStatistics(int dimension, LinearAlgebra algebra) {
        if (dimension < 1 || (long) dimension * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("feature dimension must be in 1.." + 46340 + ", got " + dimension);
        }
        this.dimension = dimension;
        this.algebra = algebra;
        this.mean = new double[dimension];
        this.scatter = new double[dimension * dimension];
    }

    /**
     * Adds one feature row.
     *
     * @throws StatisticsMismatchException if the row length differs from the dimension or a value is NaN/infinite
     */
    public void add(float[] row) {
        checkLength(row.length);
        int offset = slot();
        for (int j = 0; j < dimension; j++) {
            float v = row[j];
            if (!Float.isFinite(v)) {
                throw nonFinite(j, v);
            }
            block[offset + j] = v;
        }
        commit();
    }

    /**
     * Adds one feature row.
     *
     * @throws StatisticsMismatchException if the row length differs from the dimension or a value is NaN/infinite
     */
    public void add(double[] row) {
        checkLength(row.length);
        int offset = slot();
        for (int j = 0; j < dimension; j++) {
            double v = row[j];
            if (!Double.isFinite(v)) {
                throw nonFinite(j, v);
            }
            block[offset + j] = v;
        }
        commit();
    }

    /**
     * Adds every row of {@code rows} (e.g. one batch of extracted features). A row that fails validation is not added;
     * the rows before it are.
     *
     * @throws StatisticsMismatchException as {@link #add(float[])}, naming the row index
     */
    public void addAll(float[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            try {
                add(rows[i]);
            } catch (StatisticsMismatchException e) {
                throw new StatisticsMismatchException("row " + i + " of the batch: " + e.getMessage());
            }
        }
    }

    /**
     * Statistics of the union of both inputs (Chan et al. 1979 pairwise update); neither input changes its value.
     *
     * @throws StatisticsMismatchException if the dimensions differ
     */
    public FeatureStatistics merge(FeatureStatistics other) {
        if (other.dimension != dimension) {
            throw new StatisticsMismatchException("cannot merge statistics of dimension " + dimension
                    + " with statistics of dimension " + other.dimension);
        }
        flush();
        other.flush();
        FeatureStatistics merged = new FeatureStatistics(dimension, algebra);
        merged.count = count;
        System.arraycopy(mean, 0, merged.mean, 0, dimension);
        System.arraycopy(scatter, 0, merged.scatter, 0, scatter.length);
        merged.combine(other.count, other.mean, other.scatter);
        return merged;
    }

    /** Number of rows added (including merged ones). */
    public long count() {
        return count + pending;
    }

    /** Feature dimension d. */
    public int dimension() {
        return dimension;
    }

    /**
     * Mean and covariance (scatter / divisor), symmetric.
     *
     * @throws IllegalStateException if there are fewer than 2 rows (1 for {@link CovarianceDivisor#N})
     */
    public GaussianStatistics toGaussian(CovarianceDivisor divisor) {
        flush();
        long needed = divisor == CovarianceDivisor.N ? 1 : 2;
        if (count < needed) {
            throw new IllegalStateException("covariance with divisor " + divisor.label() + " needs at least " + needed
                    + " feature rows; have " + count);
        }
        double scale = 1.0 / divisor.of(count);
        int d = dimension;
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = scatter[i * d + j] * scale;
                cov[i * d + j] = v;
                cov[j * d + i] = v;
            }
        }
        return new GaussianStatistics(count, mean.clone(), cov, divisor);
    }

    /**
     * Rebuilds an accumulator from stored statistics (scatter = covariance × divisor), so that stats files merge with
     * each other and with fresh features exactly as the original accumulators would have. The upper triangle of the
     * covariance is used.
     *
     * @throws StatisticsMismatchException if the count is unknown (-1) or too small for the divisor
     */
    public static FeatureStatistics fromGaussian(GaussianStatistics g) {
        long needed = g.divisor() == CovarianceDivisor.N ? 1 : 2;
        if (g.count() < needed) {
            throw new StatisticsMismatchException("statistics with count " + g.count()
                    + (g.count() < 0 ? " (unknown, e.g. a pytorch-fid file)" : "")
                    + " cannot be turned back into an accumulator; divisor " + g.divisor().label()
                    + " needs a known count ≥ " + needed);
        }
        int d = g.dimension();
        FeatureStatistics s = new FeatureStatistics(d);
        s.count = g.count();
        System.arraycopy(g.mean(), 0, s.mean, 0, d);
        double factor = g.divisor().of(g.count());
        double[] cov = g.covariance();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                s.scatter[i * d + j] = cov[i * d + j] * factor;
            }
        }
        return s;
    }

    private void checkLength(int length) {
        if (length != dimension) {
            throw new StatisticsMismatchException("feature row has dimension " + length + "; these statistics have dimension "
                    + dimension);
        }
    }

    private StatisticsMismatchException nonFinite(int column, double value) {
        return new StatisticsMismatchException("feature row " + count() + " has " + value + " at column " + column
                + "; features must be finite");
    }

    private int slot() {
        if (block == null) {
            block = new double[BLOCK_ROWS * dimension];
        }
        return pending * dimension;
    }

    private void commit() {
        pending++;
        if (pending == BLOCK_ROWS) {
            flush();
        }
    }

    /** Folds the pending rows into count/mean/scatter. */
    private void flush() {
        if (pending == 0) {
            return;
        }
        int d = dimension;
        int rows = pending;
        double[] blockMean = new double[d];
        for (int r = 0; r < rows; r++) {
            int off = r * d;
            for (int j = 0; j < d; j++) {
                blockMean[j] += block[off + j];
            }
        }
        for (int j = 0; j < d; j++) {
            blockMean[j] /= rows;
        }
        double[] centred = rows == BLOCK_ROWS ? block : new double[rows * d];
        for (int r = 0; r < rows; r++) {
            int off = r * d;
            for (int j = 0; j < d; j++) {
                centred[off + j] = block[off + j] - blockMean[j];
            }
        }
        double[] blockScatter = new double[d * d];
        algebra.addGram(centred, rows, d, blockScatter);
        pending = 0;
        combine(rows, blockMean, blockScatter);
    }

    /** Chan et al. (1979) pairwise update with a second set (count nb, mean mb, upper-triangular scatter sb). */
    private void combine(long nb, double[] mb, double[] sb) {
        if (nb == 0) {
            return;
        }
        int d = dimension;
        if (count == 0) {
            count = nb;
            System.arraycopy(mb, 0, mean, 0, d);
            for (int i = 0; i < d; i++) {
                System.arraycopy(sb, i * d + i, scatter, i * d + i, d - i);
            }
            return;
        }
        long n = count + nb;
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = mb[j] - mean[j];
        }
        double weight = (double) count * nb / n;
        for (int i = 0; i < d; i++) {
            int row = i * d;
            double wi = weight * delta[i];
            for (int j = i; j < d; j++) {
                scatter[row + j] += sb[row + j] + wi * delta[j];
            }
        }
        double fraction = (double) nb / n;
        for (int j = 0; j < d; j++) {
            mean[j] += delta[j] * fraction;
        }
        count = n;
    }
}

package dev.fvd.core.metric;

/**
 * Inception Score (Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016) from class logits, as
 * torch-fidelity {@code metric_isc.py} ({@code isc_features_to_metric}) computes it (REFERENCE.md §10):
 * rows permuted by {@code np.random.RandomState(2020).permutation(N)} ({@link LegacyNumpyPermutation}), then in
 * float64 {@code p = softmax(logits)}, {@code log p = log_softmax(logits)}; for each of the 10 splits
 * {@code [i·N//10, (i+1)·N//10)}: {@code q = mean p}, score {@code exp(mean_x Σ_y p·(log p − log q))}; mean and
 * population std (ddof 0) over splits.
 *
 * <p>The logits are FID-Inception's {@code pool3 · fcᵀ} <b>without the fc bias</b> over all 1008 classes (torch-fidelity
 * {@code logits_unbiased}); the metric itself accepts any class count. One-sided: reads the fake side's logits only.
 */
public final class InceptionScoreMetric implements Metric<InceptionScoreResult> {

    /** {@value}. */
    public static final String ID = "is";
    /** torch-fidelity {@code isc_splits}. */
    public static final int DEFAULT_SPLITS = 10;
    /** torch-fidelity {@code rng_seed}. */
    public static final long DEFAULT_SEED = 2020;

    private final int splits;
    private final long seed;

    /**
     * @param splits ≥ 1
     * @param seed   legacy numpy seed in [0, 2³²−1]
     * @throws IllegalArgumentException for values outside those ranges
     */
    public InceptionScoreMetric(int splits, long seed) {
        if (splits < 1) {
            throw new IllegalArgumentException("the Inception Score needs at least 1 split, got " + splits);
        }
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numpy RandomState seeds lie in [0, 2^32 - 1], got " + seed);
        }
        this.splits = splits;
        this.seed = seed;
    }

    /** 10 splits, seed 2020 (torch-fidelity's defaults). */
    public InceptionScoreMetric() {
        this(DEFAULT_SPLITS, DEFAULT_SEED);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MetricNeeds needs() {
        return MetricNeeds.fakeOnly(MetricNeeds.Input.LOGITS);
    }

    /** Reads {@code fake}'s logits; {@code real} is ignored and may be null. */
    @Override
    public InceptionScoreResult compute(MetricInput real, MetricInput fake) {
        return compute(fake.requireLogits(ID, "fake"));
    }

    /**
     * The score of one logit set {@code [N][C]}.
     *
     * @throws dev.fvd.core.stats.StatisticsMismatchException if N &lt; splits, rows differ in length or a value is
     *                                                        not finite
     */
    public InceptionScoreResult compute(float[][] logits) {
        int n = logits.length;
        if (n < splits) {
            throw new dev.fvd.core.stats.StatisticsMismatchException("logit set has " + n + " rows; " + splits
                    + " splits need at least " + splits);
        }
        int c = logits[0].length;
        for (int i = 0; i < n; i++) {
            if (logits[i].length != c) {
                throw new dev.fvd.core.stats.StatisticsMismatchException("logit row " + i + " has " + logits[i].length
                        + " classes, row 0 has " + c);
            }
            for (int k = 0; k < c; k++) {
                if (!Float.isFinite(logits[i][k])) {
                    throw new dev.fvd.core.stats.StatisticsMismatchException("logit row " + i + " has "
                            + logits[i][k] + " at class " + k + "; logits must be finite");
                }
            }
        }
        int[] order = LegacyNumpyPermutation.permutation(seed, n);
        double[] scores = new double[splits];
        double[] p = new double[c];
        double[] logP = new double[c];
        for (int s = 0; s < splits; s++) {
            int start = (int) ((long) s * n / splits);
            int end = (int) ((long) (s + 1) * n / splits);
            int m = end - start;
            double[] q = new double[c];
            for (int r = start; r < end; r++) {
                softmax(logits[order[r]], p, logP);
                for (int k = 0; k < c; k++) {
                    q[k] += p[k];
                }
            }
            double[] logQ = new double[c];
            for (int k = 0; k < c; k++) {
                q[k] /= m;
                logQ[k] = Math.log(q[k]);
            }
            double klSum = 0;
            for (int r = start; r < end; r++) {
                softmax(logits[order[r]], p, logP);
                double kl = 0;
                for (int k = 0; k < c; k++) {
                    kl += p[k] * (logP[k] - logQ[k]);
                }
                klSum += kl;
            }
            scores[s] = Math.exp(klSum / m);
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double var = 0;
        for (double v : scores) {
            var += (v - mean) * (v - mean);
        }
        return new InceptionScoreResult(mean, Math.sqrt(var / splits), splits, scores, seed);
    }

    /** Softmax and log-softmax of one row in double (shifted by the row maximum, as torch does). */
    private static void softmax(float[] row, double[] p, double[] logP) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            double e = Math.exp(row[k] - max);
            p[k] = e;
            sum += e;
        }
        double logSum = Math.log(sum);
        for (int k = 0; k < row.length; k++) {
            p[k] /= sum;
            logP[k] = row[k] - max - logSum;
        }
    }
}

package dev.fvd.core.metric;

import dev.fvd.core.distance.KernelDistance;
import dev.fvd.core.distance.KernelEstimate;

/**
 * Kernel distance KID / KVD (Bińkowski et al. 2018) on raw features by {@link KernelDistance}: the mean and std of the
 * unbiased MMD² over random subsets (torch-fidelity / clean-fid defaults: 100 subsets of 1000), or over all rows.
 */
public final class KernelMetric implements Metric<KernelResult> {

    /** {@value}. */
    public static final String ID = "kernel";

    private final int subsetSize;
    private final int subsets;
    private final long seed;

    private KernelMetric(int subsetSize, int subsets, long seed) {
        this.subsetSize = subsetSize;
        this.subsets = subsets;
        this.seed = seed;
    }

    /**
     * Subset estimate ({@link KernelDistance#subsets}).
     *
     * @throws IllegalArgumentException if {@code subsetSize < 2} or {@code subsets < 1}
     */
    public static KernelMetric subsets(int subsetSize, int subsets, long seed) {
        if (subsets < 1 || subsetSize < 2) {
            throw new IllegalArgumentException("kernel subsets need size ≥ 2 and count ≥ 1, got size " + subsetSize
                    + " and count " + subsets);
        }
        return new KernelMetric(subsetSize, subsets, seed);
    }

    /** 100 subsets of 1000 ({@link KernelDistance#DEFAULT_SUBSETS}, {@link KernelDistance#DEFAULT_SUBSET_SIZE}). */
    public static KernelMetric defaults(long seed) {
        return subsets(KernelDistance.DEFAULT_SUBSET_SIZE, KernelDistance.DEFAULT_SUBSETS, seed);
    }

    /** The estimate over all rows ({@link KernelDistance#unbiasedMmd}, the KVD TATS reports). */
    public static KernelMetric full() {
        return new KernelMetric(0, 0, 0L);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MetricNeeds needs() {
        return MetricNeeds.both(MetricNeeds.Input.FEATURES);
    }

    @Override
    public KernelResult compute(MetricInput real, MetricInput fake) {
        float[][] x = real.requireFeatures(ID, "real");
        float[][] y = fake.requireFeatures(ID, "fake");
        if (subsets == 0) {
            return new KernelResult(KernelDistance.unbiasedMmd(x, y), 0.0, 0, 0, 0L);
        }
        KernelEstimate e = KernelDistance.subsets(x, y, subsetSize, subsets, seed);
        return new KernelResult(e.mean(), e.std(), e.subsetSize(), e.subsets(), seed);
    }
}

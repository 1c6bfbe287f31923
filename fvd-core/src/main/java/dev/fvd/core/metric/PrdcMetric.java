package dev.fvd.core.metric;

import dev.fvd.core.linalg.LinearAlgebra;

/**
 * Improved precision and recall and density and coverage on the metric's own features (I3D logits, Inception pool3…),
 * REFERENCE.md §10:
 * <ul>
 *   <li><b>Precision / recall</b> (Kynkäänniemi et al., "Improved Precision and Recall Metric for Assessing
 *       Generative Models", NeurIPS 2019; torch-fidelity {@code metric_prc.py}): the radius of a sample is the
 *       Euclidean distance to its k-th nearest neighbour in its own set (self excluded; {@code kthvalue(k+1)} with the
 *       zero self-distance), default k = 3; precision = fraction of fake samples within the radius of some real
 *       sample ({@code ≤}), recall = fraction of real samples within the radius of some fake sample.</li>
 *   <li><b>Density / coverage</b> (Naeem et al., "Reliable Fidelity and Diversity Metrics for Generative Models",
 *       ICML 2020; clovaai/generative-evaluation-prdc {@code compute_prdc}): real radii with k = 5, <b>strict</b>
 *       {@code <}; density = (1/k)·mean over fake samples of the number of real balls containing it; coverage =
 *       fraction of real samples whose nearest fake sample lies inside their ball.</li>
 * </ul>
 * Exact k-NN on all pairs ({@link ManifoldOverlap}: BLAS distance tiles, memory bounded by ~64 MB per worker at
 * d=2048). The per-sample values are returned in {@link PrdcSamples}. Needs raw features on both sides.
 */
public final class PrdcMetric implements Metric<PrdcResult> {

    /** {@value}. */
    public static final String ID = "prdc";
    /** torch-fidelity {@code prc_neighborhood} (Kynkäänniemi et al.). */
    public static final int DEFAULT_K_PR = 3;
    /** clovaai README {@code nearest_k = 5} (Naeem et al.). */
    public static final int DEFAULT_K_DC = 5;

    private final int kPr;
    private final int kDc;
    private final int threads;

    /**
     * @param kPr     k of precision/recall ≥ 1
     * @param kDc     k of density/coverage ≥ 1
     * @param threads worker threads ≥ 1 (the result does not depend on it)
     * @throws IllegalArgumentException for values outside those ranges
     */
    public PrdcMetric(int kPr, int kDc, int threads) {
        if (kPr < 1 || kDc < 1) {
            throw new IllegalArgumentException("nearest-neighbour k must be ≥ 1, got k_pr=" + kPr + ", k_dc=" + kDc);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("need at least 1 thread, got " + threads);
        }
        this.kPr = kPr;
        this.kDc = kDc;
        this.threads = threads;
    }

    /** k = 3 and 5, all available processors. */
    public PrdcMetric() {
        this(DEFAULT_K_PR, DEFAULT_K_DC, Runtime.getRuntime().availableProcessors());
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
    public PrdcResult compute(MetricInput real, MetricInput fake) {
        return compute(real.requireFeatures(ID, "real"), fake.requireFeatures(ID, "fake"), LinearAlgebra.system());
    }

    PrdcResult compute(float[][] x, float[][] y, LinearAlgebra algebra) {
        return compute(x, y, algebra, ManifoldOverlap.ROWS, ManifoldOverlap.COLS);
    }

    PrdcResult compute(float[][] x, float[][] y, LinearAlgebra algebra, int rowBlock, int colBlock) {
        int kMax = Math.max(kPr, kDc);
        ManifoldOverlap.checked(x, y, kMax);
        double[][] realNn = ManifoldOverlap.nearestSquared(x, kMax, threads, algebra, rowBlock, colBlock);
        double[][] fakeNn = ManifoldOverlap.nearestSquared(y, kPr, threads, algebra, rowBlock, colBlock);
        int n1 = x.length;
        int n2 = y.length;
        double[] realPr = new double[n1];
        double[] realDc = new double[n1];
        for (int i = 0; i < n1; i++) {
            realPr[i] = realNn[i][kPr - 1];
            realDc[i] = realNn[i][kDc - 1];
        }
        double[] fakePr = new double[n2];
        for (int j = 0; j < n2; j++) {
            fakePr[j] = fakeNn[j][kPr - 1];
        }
        ManifoldOverlap.Overlap o = ManifoldOverlap.overlap(x, y, realPr, realDc, fakePr, threads, algebra, rowBlock, colBlock);
        int precise = 0;
        long balls = 0;
        double[] nearest = new double[n2];
        for (int j = 0; j < n2; j++) {
            if (o.fakeInsideReal()[j]) {
                precise++;
            }
            balls += o.fakeDensityCount()[j];
            nearest[j] = Math.sqrt(o.fakeNearestRealSquared()[j]);
        }
        int recalled = 0;
        int covered = 0;
        boolean[] coveredFlags = new boolean[n1];
        double[] radius = new double[n1];
        for (int i = 0; i < n1; i++) {
            if (o.realInsideFake()[i]) {
                recalled++;
            }
            coveredFlags[i] = o.realNearestFakeSquared()[i] < realDc[i];
            if (coveredFlags[i]) {
                covered++;
            }
            radius[i] = Math.sqrt(realDc[i]);
        }
        PrdcSamples samples = new PrdcSamples(nearest, o.fakeNearestRealIndex(), o.fakeInsideReal(),
                o.fakeDensityCount(), radius, coveredFlags, o.realInsideFake());
        return new PrdcResult((double) precise / n2, (double) recalled / n1, balls / ((double) kDc * n2),
                (double) covered / n1, kPr, kDc, samples);
    }
}

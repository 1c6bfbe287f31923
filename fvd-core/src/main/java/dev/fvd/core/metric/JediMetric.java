package dev.fvd.core.metric;

import dev.fvd.core.linalg.LinearAlgebra;

/**
 * JEDi's distance (Luo et al., "Beyond FVD: Enhanced Evaluation Metrics for Video Generation Quality", 2024;
 * oooolga/JEDi {@code videojedi/JEDi.py} {@code compute_metric} and {@code mmd_polynomial.py} {@code mmd_poly}):
 * 100 × the <b>biased</b> MMD² (full kernel means, diagonals included) with sklearn's polynomial kernel
 * {@code k(x,y) = (γ·xᵀy + c₀)²}, γ = 1/d (sklearn's {@code gamma=None}), c₀ = 0, on V-JEPA features.
 *
 * <p>For degree 2 the kernel means have a closed form: with {@code S = XᵀX/n} and μ the mean,
 * {@code mean k(x,x') = γ²‖S‖²_F + 2γc₀‖μ‖² + c₀²}, so {@code MMD²_b = γ²‖S_x − S_y‖²_F + 2γc₀‖μ_x − μ_y‖²}:
 * O(N·d²) (one {@code dsyrk} per side) instead of the reference's three N×N Gram matrices, and free of their
 * cancellation (it is a sum of squares, never negative). Needs raw features on both sides.
 */
public final class JediMetric implements Metric<JediResult> {

    /** {@value}. */
    public static final String ID = "jedi";
    /** JEDi's {@code degree=2}. */
    public static final int DEGREE = 2;
    /** JEDi's scale factor. */
    public static final double SCALE = 100.0;

    private final double gamma;
    private final double coef0;

    /**
     * @param gamma kernel scale &gt; 0, or {@code NaN} for 1/d (sklearn's {@code gamma=None}, JEDi's choice)
     * @param coef0 kernel offset (JEDi: 0)
     */
    public JediMetric(double gamma, double coef0) {
        if (!Double.isNaN(gamma) && !(gamma > 0 && Double.isFinite(gamma))) {
            throw new IllegalArgumentException("kernel gamma must be positive and finite (or NaN for 1/d), got "
                    + gamma);
        }
        if (!Double.isFinite(coef0)) {
            throw new IllegalArgumentException("kernel coef0 must be finite, got " + coef0);
        }
        this.gamma = gamma;
        this.coef0 = coef0;
    }

    /** JEDi's setting: γ = 1/d, c₀ = 0. */
    public JediMetric() {
        this(Double.NaN, 0.0);
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
    public JediResult compute(MetricInput real, MetricInput fake) {
        return compute(real.requireFeatures(ID, "real"), fake.requireFeatures(ID, "fake"), LinearAlgebra.system());
    }

    JediResult compute(float[][] x, float[][] y, LinearAlgebra algebra) {
        int d = ManifoldOverlap.checked(x, y, 1, "kernel means");
        double g = Double.isNaN(gamma) ? 1.0 / d : gamma;
        double[] mx = new double[d];
        double[] my = new double[d];
        double[] sx = secondMoment(x, d, mx, algebra);
        double[] sy = secondMoment(y, d, my, algebra);
        double frobenius = 0;
        for (int i = 0; i < d; i++) {
            double diag = sx[i * d + i] - sy[i * d + i];
            frobenius += diag * diag;
            for (int j = i + 1; j < d; j++) {
                double off = sx[i * d + j] - sy[i * d + j];
                frobenius += 2 * off * off;
            }
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = mx[j] - my[j];
            meanTerm += diff * diff;
        }
        double mmd = g * g * frobenius + 2 * g * coef0 * meanTerm;
        return new JediResult(SCALE * mmd, DEGREE, g, coef0);
    }

    /** Upper triangle of {@code XᵀX/n} (row blocks through {@code dsyrk}); the mean goes to {@code meanOut}. */
    private static double[] secondMoment(float[][] rows, int d, double[] meanOut, LinearAlgebra algebra) {
        int n = rows.length;
        double[] s = new double[d * d];
        int block = 256;
        double[] buf = new double[block * d];
        for (int start = 0; start < n; start += block) {
            int m = Math.min(block, n - start);
            for (int r = 0; r < m; r++) {
                float[] row = rows[start + r];
                for (int j = 0; j < d; j++) {
                    buf[r * d + j] = row[j];
                    meanOut[j] += row[j];
                }
            }
            algebra.addGram(m == block ? buf : java.util.Arrays.copyOf(buf, m * d), m, d, s);
        }
        for (int j = 0; j < d; j++) {
            meanOut[j] /= n;
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                s[i * d + j] /= n;
            }
        }
        return s;
    }
}

package dev.fvd.core.stats;

/**
 * What the scatter matrix {@code Σ(x−μ)(x−μ)ᵀ} is divided by to get the covariance.
 *
 * <p>{@link #N_MINUS_ONE} is the unbiased estimate used by TF-GAN / google-research FVD, TTUR, pytorch-fid and clean-fid
 * ({@code np.cov(..., rowvar=False)}). {@link #N} is the maximum-likelihood estimate StyleGAN-V uses in
 * {@code src/metrics/metric_utils.py} ({@code FeatureStats.get_mean_cov}: {@code cov = raw_cov / num_items − μμᵀ}).
 */
public enum CovarianceDivisor {
    /** Divide by N−1 (unbiased; the default of every reference except StyleGAN-V). */
    N_MINUS_ONE("N-1"),
    /** Divide by N (StyleGAN-V). */
    N("N");

    private final String label;

    CovarianceDivisor(String label) {
        this.label = label;
    }

    /** The label stored in stats files and printed in reports: {@code "N-1"} or {@code "N"}. */
    public String label() {
        return label;
    }

    /** The divisor for {@code count} samples. */
    public double of(long count) {
        return this == N ? count : count - 1;
    }

    /**
     * Parses {@link #label()} (also accepts the enum names).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static CovarianceDivisor parse(String text) {
        for (CovarianceDivisor d : values()) {
            if (d.label.equals(text) || d.name().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown covariance divisor '" + text + "'; expected 'N-1' or 'N'");
    }
}

package dev.fvd;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a score can report besides (or instead of) the plain Fréchet distance. Each is computed by one class of fvd-core
 * ({@code dev.fvd.core.distance}, {@code dev.fvd.core.metric}); the ones that need every raw feature row make the evaluator keep
 * the features of both sides in memory (N · d · 4 bytes per side), the others work from the streaming statistics.
 */
public enum Measure {
    /** Fréchet distance of the feature Gaussians (FVD/FID; Heusel et al. 2017). From the statistics. */
    FD("fd", false),
    /** Kernel distance KVD/KID: unbiased MMD² with the cubic polynomial kernel over subsets (Bińkowski et al. 2018). */
    KERNEL("kernel", true),
    /** FVD∞/FID∞: the Fréchet distance extrapolated to infinitely many samples (Chong &amp; Forsyth 2020). */
    INFINITY("infinity", true),
    /** Improved precision/recall (Kynkäänniemi et al. 2019) and density/coverage (Naeem et al. 2020). */
    PRDC("prdc", true),
    /** Inception Score from the FID-Inception logits (Salimans et al. 2016; torch-fidelity {@code isc}). Images only. */
    IS("is", true),
    /** JEDi's MMD: biased MMD² with the polynomial kernel of degree 2 (Luo et al. 2024). */
    JEDI("jedi", true);

    private final String id;
    private final boolean needsFeatures;

    Measure(String id, boolean needsFeatures) {
        this.id = id;
        this.needsFeatures = needsFeatures;
    }

    /** The name in {@code --metrics} lists and reports. */
    public String id() {
        return id;
    }

    /** True when the measure needs every raw feature row of both sides, not only their mean and covariance. */
    public boolean needsFeatures() {
        return needsFeatures;
    }

    /** Parses an id (case-insensitive). */
    public static Measure fromId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingsException("unknown measure '" + id + "'; known: "
                        + Arrays.stream(values()).map(Measure::id).toList()));
    }
}

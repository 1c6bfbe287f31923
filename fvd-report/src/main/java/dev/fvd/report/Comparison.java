package dev.fvd.report;

import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.SkippedInput;

import java.util.List;
import java.util.Objects;

/**
 * Everything one report shows, computed beforehand (the report computes only its projection and the sample ranking).
 * Optional parts are {@code null} when the run did not compute them; their section then says so.
 *
 * @param title       page title, e.g. {@code FVD · real vs fake}
 * @param media       videos (frame strips) or images (thumbnails)
 * @param frames      frames per clip (1 for images)
 * @param stride      frame stride of the clips
 * @param headlines   the numbers at the top, in display order
 * @param provenance  protocol and model provenance
 * @param subsetCurve distance vs subset size with the ∞ fit, or {@code null}
 * @param bootstrap   bootstrap distribution, or {@code null}
 * @param fidelity    precision/recall/density/coverage, or {@code null}
 * @param real        real features and sources, or {@code null} (statistics-only run: no projection, no samples)
 * @param fake        fake features and sources, or {@code null}
 * @param skipped     inputs left out, both sides
 */
public record Comparison(String title, MediaKind media, int frames, int stride, List<Headline> headlines, Provenance provenance,
                         SubsetCurve subsetCurve, BootstrapSamples bootstrap, Fidelity fidelity, SideFeatures real,
                         SideFeatures fake, List<SkippedInput> skipped) {
    public Comparison {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(provenance, "provenance");
        headlines = List.copyOf(headlines);
        skipped = List.copyOf(skipped);
        if (frames < 1 || stride < 1) {
            throw new IllegalArgumentException("frames and stride must be ≥ 1, got frames=" + frames + " stride=" + stride);
        }
        if ((real == null) != (fake == null)) {
            throw new IllegalArgumentException("give the features of both sides or of neither");
        }
        if (real != null && real.dimension() != fake.dimension()) {
            throw new IllegalArgumentException("real features have d=" + real.dimension() + ", fake features d=" + fake.dimension());
        }
    }

    /** Whether raw features of both sides are present. */
    public boolean hasFeatures() {
        return real != null;
    }
}

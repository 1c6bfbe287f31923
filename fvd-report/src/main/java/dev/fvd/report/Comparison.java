package dev.fvd.report;

import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.PrdcResult;
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
 * @param infinity    distance vs subset size with the ∞ fit ({@link dev.fvd.core.metric.InfinityMetric}), or {@code null}
 * @param bootstrap   bootstrap interval and its distances, or {@code null}
 * @param prdc        precision/recall/density/coverage ({@code PrdcResult}, with its per-sample values when kept), or
 *                    {@code null}
 * @param real        real features and sources, or {@code null} (statistics-only run: no projection, no samples)
 * @param fake        fake features and sources, or {@code null}
 * @param skipped     inputs left out, both sides
 */
public record Comparison(String title, MediaKind media, int frames, int stride, List<Headline> headlines, Provenance provenance,
                         InfinityResult infinity, BootstrapResult bootstrap, PrdcResult prdc, SideFeatures real,
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
        if (prdc != null && prdc.samples() != null && real != null
                && (prdc.samples().realCovered().length != real.count()
                    || prdc.samples().fakeNearestRealDistance().length != fake.count())) {
            throw new IllegalArgumentException("per-sample PRDC values cover " + prdc.samples().realCovered().length + " real and "
                    + prdc.samples().fakeNearestRealDistance().length + " fake rows, the features " + real.count() + " and "
                    + fake.count());
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

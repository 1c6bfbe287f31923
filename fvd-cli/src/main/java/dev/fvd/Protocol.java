package dev.fvd;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.FrameTransform;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ModelSpec;

import java.util.List;
import java.util.Objects;

/**
 * Everything a published number depends on besides the data and the weights, as one value: the metric family, how clips are cut
 * from REAL and from FAKE videos, the preprocessing and network variant the graph is built with, the covariance divisor, the
 * distances it reports and the implementation it reproduces. The known protocols are the rows of {@link Protocols}; {@code fvd
 * protocols}, the JSON report and the provenance of stats files all print this record (through {@link ScoreResult.Protocol}).
 *
 * @param name           name on the command line ({@code tf}, {@code stylegan-v}, …)
 * @param metric         FVD (videos, I3D) or FID (images, Inception)
 * @param model          the network of the reference, from feature-extractors' {@code ModelRegistry}
 * @param real           clip sampling of the REAL side
 * @param fake           clip sampling of the FAKE side
 * @param extraction     preprocessing (resize filter and convention, crop, size, value scaling) and network variant (BatchNorm
 *                       eps), the value feature-extractors builds the graph from
 * @param divisor        covariance divisor: N−1 ({@code np.cov}, TF-GAN) or N (StyleGAN-V)
 * @param measures       what a score reports when the caller does not choose ({@code fd}: the Fréchet distance)
 * @param typicalSamples sample count papers use with this protocol (informative)
 * @param reference      repository and file the protocol reproduces
 * @param description    one line
 * @param notes          what a user must know to reproduce the reference exactly
 */
public record Protocol(String name, Metric metric, ModelSpec<?> model, Clips real, Clips fake, ExtractionProtocol extraction,
                       CovarianceDivisor divisor, List<Measure> measures, int typicalSamples, String reference,
                       String description, String notes) {

    public Protocol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(model, "model");
        if (model.media() != metric.media()) {
            throw new IllegalArgumentException(name + ": " + model.id() + " takes " + model.media() + ", " + metric + " needs "
                    + metric.media());
        }
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(fake, "fake");
        Objects.requireNonNull(extraction, "extraction");
        Objects.requireNonNull(divisor, "divisor");
        measures = List.copyOf(measures);
        if (measures.isEmpty()) {
            throw new IllegalArgumentException(name + ": a protocol reports at least one measure");
        }
    }

    /**
     * How one side's clips are cut from its videos (images: one frame).
     *
     * @param frames frames per clip
     * @param stride distance between sampled frames
     * @param offset where a clip starts in its video
     * @param discardShortVideos drop a video shorter than the clip (listed as skipped) instead of failing: StyleGAN-V's rule
     *                           for its real videos ({@code discard_short_videos=True}), with random offsets only
     * @param transform what the reference's loader does to the sampled frames before the model's preprocessing
     *                  ({@link FrameTransform#NONE} but for cd-FVD's folder rows)
     */
    public record Clips(int frames, int stride, OffsetPolicy offset, boolean discardShortVideos, FrameTransform transform) {
        public Clips {
            Objects.requireNonNull(offset, "offset");
            Objects.requireNonNull(transform, "transform");
            if (frames < 1 || stride < 1) {
                throw new IllegalArgumentException("frames and stride must be ≥ 1, got " + frames + " and " + stride);
            }
            if (discardShortVideos && offset != OffsetPolicy.RANDOM) {
                throw new IllegalArgumentException("short videos are discarded only with random offsets (StyleGAN-V)");
            }
        }

        public Clips(int frames, int stride, OffsetPolicy offset, boolean discardShortVideos) {
            this(frames, stride, offset, discardShortVideos, FrameTransform.NONE);
        }

        public Clips(int frames, int stride, OffsetPolicy offset) {
            this(frames, stride, offset, false);
        }

        /** One still image per item. */
        public static Clips image() {
            return new Clips(1, 1, OffsetPolicy.FIRST);
        }
    }

    /** Which side of a comparison: the clips of each are cut by that side's {@link Clips}. */
    public enum Role { REAL, FAKE }

    /** The clip sampling of one side. */
    public Clips clips(Role role) {
        return role == Role.REAL ? real : fake;
    }

    /** Videos or images. */
    public MediaKind media() {
        return metric.media();
    }
}

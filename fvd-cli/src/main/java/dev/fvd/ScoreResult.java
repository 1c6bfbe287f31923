package dev.fvd;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.ClipSampling;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one comparison, field for field the JSON report of {@code fvd score --json} (snake_case in JSON: see
 * {@link #toJson()}). Optional parts ({@code kernel}, {@code gate}) are {@code null} when not asked for and left out of the JSON.
 *
 * @param metric      {@code fvd} or {@code fid}
 * @param value       the Fréchet distance between the two feature Gaussians
 * @param protocol    every preprocessing, sampling and statistics parameter the value depends on
 * @param model       the network that produced the features
 * @param real        what the real side was made of
 * @param fake        what the fake side was made of
 * @param kernel      KVD/KID when asked for, else {@code null}
 * @param toolVersion fvd version (jar manifest {@code Implementation-Version}, or {@code dev})
 * @param elapsedS    wall-clock seconds of the whole comparison
 * @param gate        the CI gate when a maximum was given, else {@code null}
 */
public record ScoreResult(String metric, double value, Protocol protocol, Model model, Side real, Side fake, Kernel kernel,
                         String toolVersion, double elapsedS, Gate gate) {

    /** This result with a CI gate applied: passed when {@code value ≤ max}. */
    public ScoreResult withGate(double max) {
        return new ScoreResult(metric, value, protocol, model, real, fake, kernel, toolVersion, elapsedS,
                new Gate(max, value <= max));
    }

    /** The report as pretty-printed JSON with snake_case names, the format of {@code fvd score --json}. */
    public String toJson() {
        return Json.GSON.toJson(this);
    }

    /**
     * The protocol as it was applied: extraction recipe ({@code Protocols}), clip sampling ({@code ClipSampling}) and statistics.
     *
     * @param name              protocol name ({@code tf}, {@code stylegan-v}, {@code videogpt}, {@code ttur}, {@code pytorch-fid},
     *                          {@code clean})
     * @param reference         repository and file the protocol reproduces
     * @param description       one line
     * @param resize            resize filter ({@code tf1-bilinear}, {@code torch-bilinear}, {@code pil-bicubic})
     * @param crop              {@code squash} or {@code center-crop}
     * @param size              network input side in pixels
     * @param inputScale        network input = pixel · inputScale + inputOffset
     * @param inputOffset       see inputScale
     * @param batchNormEps      BatchNorm epsilon of the network
     * @param frames            frames per clip (1 for images)
     * @param stride            frame stride
     * @param offset            {@code first} or {@code random}
     * @param seed              seed of random offsets and kernel subsets
     * @param clipsPerVideo     clips taken from each video
     * @param maxItems          cap on videos/images per side, 0 = all
     * @param covarianceDivisor {@code n-1} or {@code n}
     */
    public record Protocol(String name, String reference, String description, String resize, String crop, int size,
                           double inputScale, double inputOffset, double batchNormEps, int frames, int stride, String offset,
                           long seed, int clipsPerVideo, int maxItems, String covarianceDivisor) {

        static Protocol of(ScoringProtocol p, ClipSampling s) {
            var e = p.extraction();
            return new Protocol(p.name(), e.reference(), e.description(), e.resize().id(), e.crop().id(), e.size(),
                    e.scale(), e.offset(), e.batchNormEps(), s.frames(), s.stride(), s.offset().name().toLowerCase(java.util.Locale.ROOT),
                    s.seed(), s.clipsPerVideo(), s.maxItems(), divisorName(p.divisor()));
        }

        static String divisorName(CovarianceDivisor d) {
            return d == CovarianceDivisor.N ? "n" : "n-1";
        }
    }

    /**
     * The network.
     *
     * @param id       model id ({@code i3d-kinetics400}, {@code inception-fid}) or the id a custom model declares
     * @param file     the ONNX file that ran, or {@code null} when all features came from stats files
     * @param sha256   SHA-256 of that file
     * @param metadata the model's ONNX {@code metadata_props} (source weight checksums, converter and tool versions)
     */
    public record Model(String id, String file, String sha256, Map<String, String> metadata) {
    }

    /**
     * One side of the comparison.
     *
     * @param source   the path or label given
     * @param kind     {@code dataset}, {@code stats} or {@code clips}
     * @param count    number of clips (images) in the statistics; -1 when a foreign stats file does not say
     * @param items    videos/images read (a video may give several clips); equals count for stats files
     * @param skipped  inputs left out under {@code --on-bad-input skip}, with the reason
     * @param statsFile where this side's statistics were saved or read from, or {@code null}
     * @param warnings things a reader of the number must know (foreign stats file without provenance, …)
     */
    public record Side(String source, String kind, long count, long items, List<Skipped> skipped, String statsFile,
                       List<String> warnings) {
        /** This side as JSON, the format of {@code fvd stats --json}. */
        public String toJson() {
            return Json.GSON.toJson(this);
        }
    }

    /** An input left out, and why. */
    public record Skipped(String path, String reason) {
    }

    /**
     * The kernel distance (unbiased MMD² with the cubic polynomial kernel) on the same features, over random subsets as
     * clean-fid / TF-GAN report it.
     *
     * @param metric     {@code kvd} or {@code kid}
     * @param mean       mean over subsets
     * @param std        standard deviation over subsets
     * @param subsetSize clips per subset and side
     * @param subsets    number of subsets
     */
    public record Kernel(String metric, double mean, double std, int subsetSize, int subsets) {
    }

    /**
     * A CI gate.
     *
     * @param max    the largest acceptable value
     * @param passed {@code value ≤ max}
     */
    public record Gate(double max, boolean passed) {
    }
}

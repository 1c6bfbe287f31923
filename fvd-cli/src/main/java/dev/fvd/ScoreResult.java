package dev.fvd;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fvd.core.metric.MetricResult;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.OffsetPolicy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
 * @param results     the other measures asked for (bootstrap interval, ∞ extrapolation, …), each with its parameters; in JSON
 *                    their entries ({@code ci}, {@code infinity}, …; fvd-core {@code MetricResult.entries()}) sit at the top
 *                    level of the report
 * @param toolVersion fvd version (jar manifest {@code Implementation-Version}, or {@code dev})
 * @param elapsedS    wall-clock seconds of the whole comparison
 * @param gate        the CI gate when a maximum was given, else {@code null}
 */
public record ScoreResult(String metric, double value, Protocol protocol, Model model, Side real, Side fake, Kernel kernel,
                          List<MetricResult> results, String toolVersion, double elapsedS, Gate gate) {

    public ScoreResult {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** A result with no measure besides the Fréchet distance and the kernel distance. */
    public ScoreResult(String metric, double value, Protocol protocol, Model model, Side real, Side fake, Kernel kernel,
                       String toolVersion, double elapsedS, Gate gate) {
        this(metric, value, protocol, model, real, fake, kernel, List.of(), toolVersion, elapsedS, gate);
    }

    /** This result with a CI gate applied: passed when {@code value ≤ max}. */
    public ScoreResult withGate(double max) {
        return new ScoreResult(metric, value, protocol, model, real, fake, kernel, results, toolVersion, elapsedS,
                new Gate(max, value <= max));
    }

    /** The result of one measure, if it was computed. */
    public <R extends MetricResult> Optional<R> result(Class<R> type) {
        return results.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * The report as pretty-printed JSON with snake_case names, the format of {@code fvd score --json}: the components in order,
     * with the entries of each of {@link #results} (keys of issue 10: {@code ci}, {@code infinity}, {@code precision}, …)
     * after {@code value}.
     */
    public String toJson() {
        JsonObject tree = Json.GSON.toJsonTree(this).getAsJsonObject();
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : tree.entrySet()) {
            out.add(e.getKey(), e.getValue());
            if (e.getKey().equals("value")) {
                for (MetricResult r : results) {
                    for (Map.Entry<String, Object> entry : r.entries().entrySet()) {
                        if (!entry.getKey().equals("value")) {
                            out.add(entry.getKey(), Json.GSON.toJsonTree(entry.getValue()));
                        }
                    }
                }
            }
        }
        return Json.GSON.toJson(out);
    }

    /**
     * A {@link dev.fvd.Protocol} as printed by {@code fvd protocols}, the JSON report and the provenance of stats files, with the
     * sampling as it was applied.
     *
     * @param name              protocol name ({@code tf}, {@code stylegan-v}, {@code videogpt}, {@code ttur}, {@code pytorch-fid},
     *                          {@code clean})
     * @param metric            {@code fvd} or {@code fid}
     * @param model             id of the network the protocol's reference uses (a run may use another; see the report's model)
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
     * @param offset            {@code first} or {@code random} when both sides start their clips the same way, else {@code null}
     * @param realOffset        where REAL clips start ({@code first} or {@code random})
     * @param fakeOffset        where FAKE clips start
     * @param seed              seed of random offsets and kernel subsets
     * @param clipsPerVideo     clips taken from each video
     * @param maxItems          cap on videos/images per side, 0 = all
     * @param realTransform     what the loader does to REAL frames before the model's preprocessing ({@code none},
     *                          {@code cd-fvd-folder-256}: datasets' {@code FrameTransform})
     * @param fakeTransform     the same for FAKE frames
     * @param covarianceDivisor {@code n-1} or {@code n}
     * @param measures          what the protocol reports by default ({@code fd})
     * @param typicalSamples    sample count papers use with this protocol
     * @param notes             what a user must know to reproduce the reference exactly
     */
    public record Protocol(String name, String metric, String model, String reference, String description, String resize, String crop,
                           int size, double inputScale, double inputOffset, double batchNormEps, int frames, int stride,
                           String offset, String realOffset, String fakeOffset, long seed, int clipsPerVideo, int maxItems,
                           String realTransform, String fakeTransform, String covarianceDivisor, List<String> measures, int typicalSamples, String notes) {

        /** The protocol with the sampling each side gets. */
        static Protocol of(dev.fvd.Protocol p, ClipSampling real, ClipSampling fake) {
            var e = p.extraction();
            String r = offsetName(real.offset());
            String f = offsetName(fake.offset());
            return new Protocol(p.name(), p.metric().id(), p.model().id(), p.reference(), p.description(), e.resize().id(), e.crop().id(),
                    e.size(), e.scale(), e.offset(), e.batchNormEps(), real.frames(), real.stride(), r.equals(f) ? r : null,
                    r, f, real.seed(), real.clipsPerVideo(), real.maxItems(), real.transform().id(), fake.transform().id(),
                    divisorName(p.divisor()),
                    p.measures().stream().map(Measure::id).toList(), p.typicalSamples(), p.notes());
        }

        /** The protocol with its own default sampling, as {@code fvd protocols} lists it. */
        public static Protocol of(dev.fvd.Protocol p) {
            return of(p, sampling(p.real()), sampling(p.fake()));
        }

        /** This protocol as one JSON object, with the names of the report. */
        public String toJson() {
            return Json.GSON.toJson(this);
        }

        private static ClipSampling sampling(dev.fvd.Protocol.Clips c) {
            return new ClipSampling(c.frames(), c.stride(), c.offset(), 0, 1, 0, false, c.transform());
        }

        private static String offsetName(OffsetPolicy offset) {
            return offset.name().toLowerCase(Locale.ROOT);
        }

        static String divisorName(CovarianceDivisor d) {
            return d == CovarianceDivisor.N ? "n" : "n-1";
        }
    }

    /**
     * The network.
     *
     * @param id       the store's model id ({@code i3d-kinetics400}, {@code inception-fid}), or {@code custom} for an ONNX file
     *                 the caller supplied (whatever its metadata says; the metadata is kept as it is)
     * @param file     the ONNX file that ran, or {@code null} when all features came from stats files
     * @param sha256   SHA-256 of that file
     * @param verified true only when the model store checked the weights against their pinned checksums: only then is the
     *                 number comparable to published ones
     * @param metadata the model's ONNX {@code metadata_props} (source weight checksums, converter and tool versions)
     */
    public record Model(String id, String file, String sha256, boolean verified, Map<String, String> metadata) {
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

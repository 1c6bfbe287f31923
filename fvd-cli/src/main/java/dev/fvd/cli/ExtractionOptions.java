package dev.fvd.cli;

import dev.fvd.Fvd;
import dev.fvd.Metric;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.features.store.ModelStore;
import dev.fvd.features.store.StoreLocation;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How features are made: metric, protocol, sampling, model, device. Shared by {@code score}, {@code stats} and
 * {@code features}, and by {@code fvd-spark stats} (public for that); turned into a library {@link Fvd.Builder} here so that
 * the commands stay thin.
 */
public final class ExtractionOptions {
    // no picocli default: whether the user chose the metric matters when a side is a stats file (FvdEvaluator.Explicit)
    @Option(names = "--metric", paramLabel = "fvd|fid",
            description = "FVD on videos (I3D) or FID on images (Inception). Default: fvd (an fid --protocol needs --metric fid).")
    String metric;

    @Option(names = "--protocol", paramLabel = "NAME",
            description = "Preprocessing protocol (see 'fvd protocols'). Default: tf for fvd, ttur for fid.")
    String protocol;

    @Option(names = "--frames", paramLabel = "T", description = "Frames per clip. Default: the protocol's (16 for fvd).")
    Integer frames;

    @Option(names = "--stride", paramLabel = "S", description = "Take every S-th frame. Default: 1.")
    Integer stride;

    @Option(names = "--offset", paramLabel = "first|random",
            description = "Where a clip starts in its video. Default: first (the protocol's).")
    String offset;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of random offsets and kernel subsets.")
    long seed;

    @Option(names = "--clips-per-video", defaultValue = "1", paramLabel = "K", description = "Clips taken from each video.")
    int clipsPerVideo;

    @Option(names = {"--max-videos", "--max-images"}, defaultValue = "0", paramLabel = "N",
            description = "Use only the first N videos (images) of each dataset in sorted order; 0 = all.")
    int maxItems;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "B",
            description = "Clips per network call (does not change results).")
    int batch;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda[:N]",
            description = "Where the network runs; asking for CUDA never falls back to the CPU silently.")
    String device;

    @Option(names = "--model", paramLabel = "ID|PATH.onnx",
            description = "A model id (see 'fvd models list') or an ONNX file (reported as custom, unverified)."
                    + " Default: the protocol's model.")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads. Default: available cores.")
    Integer threads;

    @Option(names = "--decode-threads", paramLabel = "N", description = "Decoder threads. Default: available cores.")
    Integer decodeThreads;

    @Option(names = "--on-bad-input", paramLabel = "fail|skip", defaultValue = "fail",
            description = "Stop at the first unreadable or too-short input, or skip it and list it in the report.")
    String onBadInput;

    @Option(names = "--no-autorotate",
            description = "Keep videos as stored instead of turning them by their display matrix (the ffmpeg command line"
                    + " turns them by default; what was applied is listed in the report and provenance).")
    boolean noAutorotate;

    @Option(names = "--offline", description = "Never download model weights (also: environment FVD_OFFLINE=1).")
    boolean offline;

    /** A library builder configured from these options and the environment ({@code FVD_HOME}, {@code FVD_OFFLINE}). */
    public Fvd.Builder builder(Environment env) {
        Fvd.Builder b = Fvd.builder()
                .protocol(protocol)
                .device(device)
                .batchSize(batch)
                .seed(seed)
                .clipsPerVideo(clipsPerVideo)
                .maxItems(maxItems)
                .onBadInput(Options.parseEnum(BadInputPolicy.class, onBadInput, "--on-bad-input"))
                .autorotate(!noAutorotate)
                .modelHome(storeRoot(env))
                .offline(offline || ModelStore.offline(env.variable(ModelStore.OFFLINE_ENV).orElse(null)));
        if (metric != null) {
            b.metric(Metric.fromId(metric));
        }
        if (model != null) {
            b.model(model);
        }
        if (frames != null) {
            b.frames(frames);
        }
        if (stride != null) {
            b.stride(stride);
        }
        if (offset != null) {
            b.offset(Options.parseEnum(OffsetPolicy.class, offset, "--offset"));
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (decodeThreads != null) {
            b.decodeThreads(decodeThreads);
        }
        return b;
    }

    /** What one item is called in messages: {@code images} for FID, else {@code clips} (a protocol never switches the metric). */
    String unit() {
        Metric m = Metric.FVD;
        try {
            m = metric != null ? Metric.fromId(metric) : Metric.FVD;
        } catch (IllegalArgumentException e) {
            // an unknown metric or protocol fails with its own message when the evaluator is built
        }
        return m == Metric.FID ? "images" : "clips";
    }

    /** The store root by the rule of {@link StoreLocation#fromEnvironment(Map, Path)}, from the given environment. */
    static Path storeRoot(Environment env) {
        Map<String, String> vars = new HashMap<>();
        env.variable("FVD_HOME").ifPresent(v -> vars.put("FVD_HOME", v));
        env.variable("XDG_CACHE_HOME").ifPresent(v -> vars.put("XDG_CACHE_HOME", v));
        return StoreLocation.fromEnvironment(vars, Path.of(System.getProperty("user.home"))).root();
    }
}

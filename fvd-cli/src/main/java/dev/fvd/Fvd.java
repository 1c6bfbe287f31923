package dev.fvd;

import dev.fvd.core.io.StatsFile;
import dev.fvd.core.io.StoredStatistics;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.features.Device;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The library entry point: configure an evaluator with {@link #builder()}, or work on stats files directly
 * ({@link #distance}, {@link #mergeStatistics}).
 *
 * <pre>{@code
 * try (FvdEvaluator fvd = Fvd.builder().metric(Metric.FVD).protocol("tf").build()) {
 *     ScoreResult r = fvd.score(Source.of(Path.of("real/")), Source.of(Path.of("fake/")));
 *     System.out.println(r.value());
 * }
 * }</pre>
 */
public final class Fvd {
    private Fvd() {
    }

    /** A builder with the published defaults: FVD, protocol {@code tf}, model {@code i3d-kinetics400}, CPU. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fvd version: jar manifest {@code Implementation-Version}, or {@code dev} when run from classes. */
    public static String version() {
        String v = Fvd.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /**
     * The Fréchet distance between two stats files, as fvd, pytorch-fid ({@code mu}, {@code sigma}) or clean-fid write them.
     * Files of fvd carry provenance: two files computed with different protocols or models are refused
     * ({@link IncompatibleStatisticsException}); files without provenance are accepted with a warning in the result.
     * The result has {@code real} = {@code a}, {@code fake} = {@code b}; {@code protocol} and {@code model} come from
     * {@code a}'s provenance (or {@code b}'s), {@code null} when neither has any.
     */
    public static ScoreResult distance(Path a, Path b) {
        long start = System.nanoTime();
        Side sa = Side.readStats(a, "A");
        Side sb = Side.readStats(b, "B");
        Side.requireSameOrigin(sa, sb);
        List<List<String>> notes = Side.comparisonWarnings(sa, sb);
        sa = sa.withWarnings(notes.get(0));
        sb = sb.withWarnings(notes.get(1));
        double value = Side.frechet(sa, sb);
        StatsProvenance p = sa.provenance().or(sb::provenance).orElse(null);
        String metric = p != null ? p.metric() : sa.stats().dimension() == 400 ? "fvd" : "fid";
        return new ScoreResult(metric, value, p == null ? null : p.protocol(), p == null ? null : p.model(), sa.report(),
                sb.report(), null, version(), (System.nanoTime() - start) / 1e9, null);
    }

    /**
     * Merges stats files of disjoint shards of one dataset into one, exactly (Chan et al. pairwise update,
     * {@code FeatureStatistics.merge}): the result equals one pass over all shards. Shards must share protocol, model and
     * sampling (checked from provenance) and carry their sample count; raw features are concatenated when every shard has them.
     * The output is written atomically.
     *
     * @return the merged statistics as written
     */
    public static GaussianStatistics mergeStatistics(List<Path> shards, Path out) {
        if (shards.size() < 2) {
            throw new InvalidSettingsException("--merge needs at least two stats files, got " + shards.size());
        }
        List<Side> sides = new ArrayList<>();
        for (Path shard : shards) {
            sides.add(Side.readStats(shard, shard.toString()));
        }
        Side first = sides.get(0);
        FeatureStatistics merged = null;
        List<float[]> features = new ArrayList<>();
        boolean allFeatures = true;
        long items = 0;
        List<ScoreResult.Skipped> skipped = new ArrayList<>();
        for (Side s : sides) {
            Side.requireSameOrigin(first, s);
            if (s.stats().count() < 2) {
                throw new IncompatibleStatisticsException(s.label() + ": the file does not say how many samples it holds"
                        + " (a pytorch-fid/clean-fid file?), so it cannot be merged exactly");
            }
            FeatureStatistics f = FeatureStatistics.fromGaussian(s.stats());
            merged = merged == null ? f : merged.merge(f);
            if (s.features().isPresent() && allFeatures) {
                features.addAll(List.of(s.features().get()));
            } else {
                allFeatures = false;
            }
            items += s.report().items();
            skipped.addAll(s.report().skipped());
        }
        requireDisjoint(shards, sides);
        CovarianceDivisor divisor = first.stats().divisor();
        GaussianStatistics result = merged.toGaussian(divisor);
        StatsProvenance p = first.provenance().orElse(null);
        String provenance = null;
        if (p != null) {
            // the merged file names the inputs of every shard, so merging it with one of them again is refused too
            List<String> inputs = new ArrayList<>();
            sides.forEach(s -> inputs.addAll(inputsOf(s)));
            ScoreResult.Side source = new ScoreResult.Side(String.join(MERGED_SEPARATOR, inputs), "merged", result.count(),
                    items, skipped, out.toString(), List.of());
            provenance = new StatsProvenance(StatsProvenance.FORMAT, version(), p.metric(), p.protocol(), p.model(), source)
                    .toJson();
        }
        StatsFile.write(out, result, provenance, allFeatures ? features.toArray(float[][]::new) : null);
        return result;
    }

    /** Between the inputs of a merged file in its provenance's {@code source}. */
    static final String MERGED_SEPARATOR = " + ";

    /**
     * Shards must be disjoint: the same file twice, two files with the same statistics (a copy), or two files whose provenance
     * names the same input (a dataset, or a shard inside a merged file) would count samples twice and inflate N.
     */
    private static void requireDisjoint(List<Path> shards, List<Side> sides) {
        java.util.Map<String, Path> inputs = new java.util.HashMap<>();
        for (int i = 0; i < sides.size(); i++) {
            Side s = sides.get(i);
            for (int j = 0; j < i; j++) {
                Side t = sides.get(j);
                if (shards.get(i).toAbsolutePath().normalize().equals(shards.get(j).toAbsolutePath().normalize())
                        || (s.stats().count() == t.stats().count() && java.util.Arrays.equals(s.stats().mean(), t.stats().mean())
                        && java.util.Arrays.equals(s.stats().covariance(), t.stats().covariance()))) {
                    throw new IncompatibleStatisticsException(shards.get(i) + " and " + shards.get(j) + " hold the same "
                            + "statistics: merging a shard twice would count its samples twice");
                }
            }
            for (String input : inputsOf(s)) {
                Path before = inputs.putIfAbsent(input, shards.get(i));
                if (before != null) {
                    throw new IncompatibleStatisticsException(shards.get(i) + " and " + before + " both contain " + input
                            + " (from their provenance): shards must be disjoint, or its samples are counted twice");
                }
            }
        }
    }

    /** The inputs a stats file was made from, by its provenance: the dataset, or every input of a merged file. */
    private static List<String> inputsOf(Side s) {
        ScoreResult.Side source = s.provenance().map(StatsProvenance::source).orElse(null);
        if (source == null || source.source() == null) {
            return List.of();
        }
        if ("merged".equals(source.kind())) {
            return List.of(source.source().split(java.util.regex.Pattern.quote(MERGED_SEPARATOR)));
        }
        return List.of(source.source());
    }

    /** Configuration of an {@link FvdEvaluator}; every setting has the published default. */
    public static final class Builder {
        private Metric metric;
        private String protocol;
        private String model;
        private Device device = Device.CPU;
        private int batchSize = 8;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Integer frames;
        private Integer stride;
        private OffsetPolicy offset;
        private long seed;
        private int clipsPerVideo = 1;
        private int maxItems;
        private BadInputPolicy onBadInput = BadInputPolicy.FAIL;
        private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private boolean kernel;
        private int kernelSubsetSize = 1000;
        private int kernelSubsets = 100;
        private Path modelHome;
        private boolean offline;
        private Path statsCache;
        private ProgressListener progress = ProgressListener.none();
        private Consumer<String> warnings = w -> { };

        private Builder() {
        }

        /** FVD (default) or FID. */
        public Builder metric(Metric metric) {
            this.metric = Objects.requireNonNull(metric);
            return this;
        }

        /** Protocol name (see {@link ScoringProtocol#all()}); default {@code tf} for FVD, {@code ttur} for FID. */
        public Builder protocol(String name) {
            this.protocol = name;
            return this;
        }

        /** A model id of the store ({@code i3d-kinetics400}, {@code inception-fid}) or a path to an {@code .onnx} file. */
        public Builder model(String idOrPath) {
            this.model = idOrPath;
            return this;
        }

        /** An ONNX file. */
        public Builder model(Path onnx) {
            this.model = onnx.toString();
            return this;
        }

        /** {@code cpu} (default), {@code cuda} or {@code cuda:N}. */
        public Builder device(String device) {
            try {
                this.device = Device.parse(device);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(e.getMessage());
            }
            return this;
        }

        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device);
            return this;
        }

        /** Clips per network call (default 8); does not change results. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** ONNX Runtime intra-op threads (default: available cores); does not change results. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Decoder threads (default: available cores); does not change results. */
        public Builder decodeThreads(int threads) {
            this.decodeThreads = threads;
            return this;
        }

        /** Frames per clip (default: the protocol's, 16 for FVD). */
        public Builder frames(int frames) {
            this.frames = frames;
            return this;
        }

        /** Frame stride (default 1). */
        public Builder stride(int stride) {
            this.stride = stride;
            return this;
        }

        /** Where clips start (default: first frame). */
        public Builder offset(OffsetPolicy offset) {
            this.offset = offset;
            return this;
        }

        /** Seed of random offsets and kernel subsets (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Clips taken from each video (default 1). */
        public Builder clipsPerVideo(int clips) {
            this.clipsPerVideo = clips;
            return this;
        }

        /** At most this many videos (images) per side, the first ones in sorted order; 0 = all (default). */
        public Builder maxItems(int maxItems) {
            this.maxItems = maxItems;
            return this;
        }

        /** All of frames, stride, offset, seed, clips per video and max items at once. */
        public Builder sampling(ClipSampling sampling) {
            this.frames = sampling.frames();
            this.stride = sampling.stride();
            this.offset = sampling.offset();
            this.seed = sampling.seed();
            this.clipsPerVideo = sampling.clipsPerVideo();
            this.maxItems = sampling.maxItems();
            return this;
        }

        /** Fail on the first bad input (default) or skip it and list it in the result. */
        public Builder onBadInput(BadInputPolicy policy) {
            this.onBadInput = Objects.requireNonNull(policy);
            return this;
        }

        /** Also compute KVD/KID (keeps the raw features of both sides in memory: N × d floats). */
        public Builder kernel(boolean kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Kernel estimate over {@code subsets} random subsets of at most {@code subsetSize} clips per side (clean-fid defaults
         * 100 × 1000; the size is capped at the smaller side).
         */
        public Builder kernelSubsets(int subsetSize, int subsets) {
            this.kernelSubsetSize = subsetSize;
            this.kernelSubsets = subsets;
            return this;
        }

        /** Model store root (default: {@code FVD_HOME}, else {@code $XDG_CACHE_HOME/fvd}, else {@code ~/.cache/fvd}). */
        public Builder modelHome(Path home) {
            this.modelHome = home;
            return this;
        }

        /** Never download weights; a missing model fails with the command that fixes it. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /**
         * Save each side's statistics under {@code dir} ({@code real.npz}, {@code fake.npz}) as soon as that side is done, and
         * reuse a saved side when its source, protocol, sampling and model checksum are the same: a failure on the fake side
         * keeps the real side's work.
         */
        public Builder saveStats(Path dir) {
            this.statsCache = dir;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** Receives warnings a reader of the number must see (non-canonical weights, foreign stats files). */
        public Builder warnings(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings);
            return this;
        }

        /** Validates the settings; the model is only opened when a side needs feature extraction. */
        public FvdEvaluator build() {
            ScoringProtocol p;
            if (protocol != null) {
                p = ScoringProtocol.named(protocol);
                if (metric != null && p.metric() != metric) {
                    throw new InvalidSettingsException("protocol '" + p.name() + "' is a " + p.metric().id()
                            + " protocol, not " + metric.id());
                }
            } else {
                p = ScoringProtocol.defaultFor(metric == null ? Metric.FVD : metric);
            }
            Metric m = p.metric();
            int f = frames != null ? frames : p.frames();
            int s = stride != null ? stride : p.stride();
            if (f < 1 || s < 1 || clipsPerVideo < 1 || maxItems < 0) {
                throw new InvalidSettingsException("frames, stride and clips per video must be ≥ 1 and max items ≥ 0, got frames="
                        + f + " stride=" + s + " clips-per-video=" + clipsPerVideo + " max=" + maxItems);
            }
            if (m == Metric.FID && (f != 1 || clipsPerVideo != 1)) {
                throw new InvalidSettingsException("FID works on still images: frames and clips per video must be 1, got frames="
                        + f + " clips-per-video=" + clipsPerVideo);
            }
            if (batchSize < 1 || threads < 1 || decodeThreads < 1) {
                throw new InvalidSettingsException("batch size and threads must be ≥ 1, got batch=" + batchSize
                        + " threads=" + threads + " decode-threads=" + decodeThreads);
            }
            if (kernel && (kernelSubsetSize < 2 || kernelSubsets < 1)) {
                throw new InvalidSettingsException("kernel subsets need size ≥ 2 and count ≥ 1, got " + kernelSubsetSize
                        + " × " + kernelSubsets);
            }
            ClipSampling sampling = new ClipSampling(f, s, offset != null ? offset : p.offset(), seed, clipsPerVideo, maxItems);
            return new FvdEvaluator(new FvdEvaluator.Settings(m, p, model != null ? model : m.defaultModel(), device, batchSize,
                    threads, decodeThreads, sampling, onBadInput, kernel, kernelSubsetSize, kernelSubsets, modelHome, offline,
                    statsCache, progress, warnings,
                    new FvdEvaluator.Explicit(metric != null, protocol != null, frames != null, stride != null)));
        }
    }
}

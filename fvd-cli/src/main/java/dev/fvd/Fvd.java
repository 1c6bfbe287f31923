package dev.fvd;

import dev.fvd.core.io.StatsFile;
import dev.fvd.core.io.StoredStatistics;
import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.metric.BootstrapMetric;
import dev.fvd.core.metric.PrdcMetric;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.features.Device;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    /** Bootstrap resamples of a report's interval when none were asked for (a histogram needs a few hundred). */
    public static final int REPORT_BOOTSTRAP = 200;

    private Fvd() {
    }

    /** A builder with the published defaults: FVD, protocol {@code tf}, model {@code i3d-kinetics400}, CPU. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fvd version ({@link FvdVersion#current()}). */
    public static String version() {
        return FvdVersion.current();
    }

    /**
     * The Fréchet distance between two stats files, as fvd, pytorch-fid ({@code mu}, {@code sigma}) or clean-fid write them.
     * Files of fvd carry provenance: two files computed with different protocols or models are refused
     * ({@link IncompatibleStatisticsException}); files without provenance are accepted with a warning in the result.
     * The result has {@code real} = {@code a}, {@code fake} = {@code b}; {@code protocol} and {@code model} come from
     * {@code a}'s provenance (or {@code b}'s), {@code null} when neither has any.
     */
    public static ScoreResult distance(Path a, Path b) {
        return distance(a, b, null);
    }

    /**
     * As {@link #distance(Path, Path)}, with the metric the caller says the files hold: the label of files without
     * provenance (pytorch-fid and clean-fid files do not say whether they hold video or image features), checked against the
     * provenance of fvd's files. {@code null}: the provenance's metric, else {@code fvd} for 400-d features and {@code fid}
     * otherwise.
     *
     * @throws IncompatibleStatisticsException a file's provenance names another metric
     */
    public static ScoreResult distance(Path a, Path b, Metric label) {
        long start = System.nanoTime();
        // A one-shot command: the OpenBLAS natives load (~0.2 s) and file B is read on their own threads while file A is read
        // here (fvd-cli/bench/distance-process.sh measures the whole process)
        Concurrently<LinearAlgebra> natives = Concurrently.start("fvd-load-natives", LinearAlgebra::system);
        Concurrently<Side> readB = Concurrently.start("fvd-read-b", () -> Side.readStats(b, "B"));
        Side sa = Side.readStats(a, "A");
        Side sb = readB.join();
        natives.join();
        Side.requireSameOrigin(sa, sb);
        for (Side s : List.of(sa, sb)) {
            if (label != null && s.provenance().isPresent() && !s.provenance().get().metric().equals(label.id())) {
                throw new IncompatibleStatisticsException(s.report().source() + " holds " + s.provenance().get().metric()
                        + " statistics, not " + label.id(), Setting.METRIC.hint(s.provenance().get().metric()));
            }
        }
        List<List<String>> notes = Side.comparisonWarnings(sa, sb);
        sa = sa.withWarnings(notes.get(0));
        sb = sb.withWarnings(notes.get(1));
        double value = Side.frechet(sa, sb);
        StatsProvenance p = sa.provenance().or(sb::provenance).orElse(null);
        String metric = p != null ? p.metric() : label != null ? label.id()
                : sa.stats().dimension() == 400 ? Metric.FVD.id() : Metric.FID.id();
        return new ScoreResult(metric, value, p == null ? null : p.protocol(), p == null ? null : p.model(), sa.report(),
                sb.report(), null, FvdVersion.current(), (System.nanoTime() - start) / 1e9, null);
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
            throw new InvalidSettingsException("merging needs at least two stats files, got " + shards.size(),
                    Setting.MERGE.hint(null));
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
            provenance = new StatsProvenance(StatsProvenance.FORMAT, FvdVersion.current(), p.metric(), p.protocol(), p.model(), source)
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
        private Protocol protocol;
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
        private boolean forReport;
        private boolean autorotate = true;
        private Set<Measure> measures;
        private int bootstrap;
        private double confidence = BootstrapMetric.DEFAULT_LEVEL;
        private int kPr = PrdcMetric.DEFAULT_K_PR;
        private int kDc = PrdcMetric.DEFAULT_K_DC;
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

        /**
         * A protocol by name (see {@link Protocols#all()}); default {@code tf} for FVD, {@code ttur} for FID. A protocol never
         * changes the metric: an FID protocol needs {@code metric(Metric.FID)}.
         */
        public Builder protocol(String name) {
            this.protocol = name == null ? null : Protocols.named(name);
            return this;
        }

        /** A protocol of {@link Protocols}. */
        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /** A model id of feature-extractors' {@code ModelRegistry} or a path to an {@code .onnx} file (a custom model). */
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
                throw new InvalidSettingsException(e.getMessage(), Setting.DEVICE.hint(device));
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

        /** Where clips start on both sides (default: the protocol's per side; first frame except StyleGAN-V's REAL side). */
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
         * What to report besides the Fréchet distance (always computed): default the protocol's {@link Protocol#measures()}.
         * Measures that {@linkplain Measure#needsFeatures() need raw features} keep N · d · 4 bytes per side in memory.
         */
        public Builder measures(Collection<Measure> measures) {
            this.measures = measures.isEmpty() ? EnumSet.noneOf(Measure.class) : EnumSet.copyOf(measures);
            return this;
        }

        /**
         * Whether videos are turned as their display matrix says (default), as the ffmpeg command line does; what was applied
         * is listed in each side's report and provenance. Non-square sample aspect ratios are kept as metadata, not resampled.
         */
        public Builder autorotate(boolean autorotate) {
            this.autorotate = autorotate;
            return this;
        }

        /**
         * Also compute what the HTML report of a score shows ({@link FvdEvaluator#scoreWithReport}): the ∞ fit and
         * precision/recall/density/coverage, and a bootstrap interval of {@link #REPORT_BOOTSTRAP} resamples unless one was
         * asked for. Keeps the raw features of both sides.
         */
        public Builder forReport(boolean forReport) {
            this.forReport = forReport;
            return this;
        }

        /**
         * A bootstrap percentile interval of the Fréchet distance from {@code replicates} resamples of both sides (fvd-core
         * {@code BootstrapMetric}, seeded by {@link #seed}); 0 = none (default). Keeps the raw features of both sides.
         *
         * @param confidence level of the interval, in (0, 1); 0.95 by default
         */
        public Builder bootstrap(int replicates, double confidence) {
            this.bootstrap = replicates;
            this.confidence = confidence;
            return this;
        }

        /**
         * The k of the k-NN balls of precision/recall (default 3, Kynkäänniemi et al. 2019) and of density/coverage
         * (default 5, Naeem et al. 2020).
         */
        public Builder prdcNeighbours(int kPr, int kDc) {
            this.kPr = kPr;
            this.kDc = kDc;
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
            Metric m = metric != null ? metric : Metric.FVD;
            Protocol p = protocol != null ? protocol : Protocols.defaultFor(m);
            if (p.metric() != m) {
                // a protocol never switches the metric: FID protocols on videos would otherwise score single frames
                throw new InvalidSettingsException("protocol '" + p.name() + "' is a " + p.metric().id() + " protocol, not "
                        + m.id() + (metric == null ? " (the default metric); " + p.metric().id() + " must be asked for" : ""),
                        Setting.METRIC.hint(p.metric().id()));
            }
            int f = frames != null ? frames : p.real().frames();
            int s = stride != null ? stride : p.real().stride();
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
            Set<Measure> asked = EnumSet.of(Measure.FD);
            asked.addAll(measures != null ? measures : p.measures());
            if (kernel) {
                asked.add(Measure.KERNEL);
            }
            int bootstrap = this.bootstrap;
            if (forReport) {
                asked.add(Measure.INFINITY);
                asked.add(Measure.PRDC);
                bootstrap = bootstrap > 0 ? bootstrap : REPORT_BOOTSTRAP;
            }
            if (asked.contains(Measure.KERNEL) && (kernelSubsetSize < 2 || kernelSubsets < 1)) {
                throw new InvalidSettingsException("kernel subsets need size ≥ 2 and count ≥ 1, got " + kernelSubsetSize
                        + " × " + kernelSubsets, Setting.KERNEL_SUBSETS.hint(kernelSubsetSize + " × " + kernelSubsets));
            }
            if (bootstrap < 0 || bootstrap > 0 && !(confidence > 0 && confidence < 1)) {
                throw new InvalidSettingsException("a bootstrap needs B ≥ 1 replicates and a confidence level in (0, 1), got B="
                        + bootstrap + " level=" + confidence, Setting.BOOTSTRAP.hint(bootstrap));
            }
            if (asked.contains(Measure.PRDC) && (kPr < 1 || kDc < 1)) {
                throw new InvalidSettingsException("nearest-neighbour k must be ≥ 1, got " + kPr + " and " + kDc,
                        Setting.MEASURES.hint("prdc"));
            }
            if (asked.contains(Measure.IS) && m != Metric.FID) {
                throw new InvalidSettingsException("the Inception Score is defined on images (FID-Inception logits), not on "
                        + m.id() + " features", Setting.MEASURES.hint("is"));
            }
            for (Measure x : asked) {
                if (!Measures.available(x)) {
                    throw new InvalidSettingsException("the measure '" + x.id() + "' is not available in this build",
                            Setting.MEASURES.hint(x.id()));
                }
            }
            // an explicit offset overrides both sides; else each side takes the protocol's (StyleGAN-V: REAL random, FAKE first)
            // StyleGAN-V drops REAL videos shorter than the clip (listed as skipped); only with its random offsets
            OffsetPolicy realOffset = offset != null ? offset : p.real().offset();
            OffsetPolicy fakeOffset = offset != null ? offset : p.fake().offset();
            if ((realOffset == OffsetPolicy.CD_FVD || fakeOffset == OffsetPolicy.CD_FVD) && clipsPerVideo != 1) {
                // cd-FVD draws a video again as another item (--max-videos), never several clips per visit
                throw new InvalidSettingsException("cd-FVD's clip draw takes one clip per item, got clips per video="
                        + clipsPerVideo + "; ask for more items with --max-videos", Setting.CLIPS_PER_VIDEO.hint(clipsPerVideo));
            }
            ClipSampling real = new ClipSampling(f, s, realOffset, seed, clipsPerVideo, maxItems,
                    p.real().discardShortVideos() && realOffset == OffsetPolicy.RANDOM, p.real().transform());
            ClipSampling fake = new ClipSampling(f, s, fakeOffset, seed, clipsPerVideo, maxItems, false,
                    p.fake().transform());
            return new FvdEvaluator(new FvdEvaluator.Settings(p, model != null ? model : p.model().id(), device, batchSize,
                    threads, decodeThreads, real, fake, onBadInput, Set.copyOf(asked), bootstrap, confidence, kPr, kDc, kernelSubsetSize,
                    kernelSubsets, modelHome, offline,
                    statsCache, progress, warnings,
                    new ExplicitSettings(metric != null, protocol != null, frames != null, stride != null), autorotate));
        }
    }
}

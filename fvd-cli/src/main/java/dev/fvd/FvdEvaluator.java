package dev.fvd;

import dev.fvd.core.metric.MetricInput;
import dev.fvd.core.metric.MetricResult;
import dev.fvd.core.io.StatsFile;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.DatasetReport;
import dev.fvd.datasets.Datasets;
import dev.fvd.datasets.SkippedInput;
import dev.fvd.features.Device;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ResolvedModel;
import dev.fvd.io.OutputPaths;
import dev.fvd.report.Comparison;
import dev.fvd.report.HtmlReport;
import dev.fvd.report.ReportFiles;
import dev.fvd.report.Sample;
import dev.fvd.report.SideFeatures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.EnumMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Computes FVD/FID (and KVD/KID) with one configuration; made by {@link Fvd#builder()}. Features are folded into streaming
 * {@link FeatureStatistics} batch by batch, so memory does not grow with the number of clips unless kernel metrics (or kept
 * features) are asked for. Holds an ONNX Runtime session once a side needed extraction: close it. Not thread-safe.
 */
public final class FvdEvaluator implements AutoCloseable {

    record Settings(Protocol protocol, String model, Device device, int batchSize, int threads, int decodeThreads,
                    ClipSampling real, ClipSampling fake, BadInputPolicy onBadInput, Set<Measure> measures, int bootstrap,
                    double confidence, int kPr, int kDc, int kernelSubsetSize, int kernelSubsets, Path modelHome, boolean offline, Path statsCache, ProgressListener progress,
                    Consumer<String> warnings, ExplicitSettings explicit, boolean autorotate) {

        Metric metric() {
            return protocol.metric();
        }

        /**
         * How a dataset is read with one side's sampling: media, bad-input policy, decoding threads, the datasets module's own
         * queue bound (it caps decoded-but-unconsumed inputs, hence memory) and autorotation (as the ffmpeg command line).
         */
        DatasetOptions datasetOptions(ClipSampling sampling) {
            DatasetOptions defaults = metric() == Metric.FVD ? DatasetOptions.videos() : DatasetOptions.images();
            return new DatasetOptions(metric().media(), sampling, onBadInput, decodeThreads, defaults.queueCapacity())
                    .withAutorotate(autorotate);
        }

        /** Whether the kernel distance was asked for. */
        boolean kernel() {
            return measures.contains(Measure.KERNEL);
        }

        /** Whether a requested measure needs every raw feature row (N · d · 4 bytes per side). */
        boolean keepFeatures() {
            return bootstrap > 0 || measures.stream().anyMatch(Measure::needsFeatures);
        }

        /** How the clips of one side are cut. */
        ClipSampling sampling(Protocol.Role role) {
            return role == Protocol.Role.REAL ? real : fake;
        }
    }

    /** The FID-Inception graph output of the Inception Score (feature-extractors: pool3·fcᵀ without the fc bias). */
    static final String INCEPTION_LOGITS = "logits";

    /** The model id reported for an ONNX file the caller supplied. */
    static final String CUSTOM_MODEL = "custom";

    private final Settings settings;
    /**
     * The class logits of the FAKE side (FID-Inception {@code logits}, pool3·fcᵀ without bias) when the Inception Score was
     * asked for and that side was extracted here, else {@code null}.
     */
    private float[][] fakeLogits;
    /** Collects the logits of the side being extracted when the Inception Score needs them, else {@code null}. */
    private List<float[]> logitRows;
    /** Collects the source of every row while {@link #saveFeatures} runs, else {@code null}. */
    private List<FeaturesFile.RowSource> rowSources;
    /** While {@link #scoreWithReport} runs: the row sources of each side extracted here, else {@code null}. */
    private Map<Protocol.Role, List<FeaturesFile.RowSource>> tracedRows;
    private final ScoreResult.Protocol protocolReport;
    private Path modelFile;
    private ScoreResult.Model modelReport;
    private FeatureExtractor extractor;

    FvdEvaluator(Settings settings) {
        this.settings = settings;
        this.protocolReport = ScoreResult.Protocol.of(settings.protocol(), settings.real(), settings.fake());
    }

    /** The metric this evaluator computes. */
    public Metric metric() {
        return settings.metric();
    }

    /** The settings (for tests of this package and {@link ShardedStats}). */
    Settings settings() {
        return settings;
    }

    /** How this evaluator cuts the clips of one side. */
    ClipSampling sampling(Protocol.Role role) {
        return settings.sampling(role);
    }

    /** The protocol with the sampling this evaluator applies, as reports print it. */
    public ScoreResult.Protocol protocol() {
        return protocolReport;
    }

    /**
     * The Fréchet distance ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr √(Σ₁^½ Σ₂ Σ₁^½) between the feature Gaussians of {@code real} and
     * {@code fake} (Heusel et al. 2017; google-research {@code frechet_video_distance.py}; computed by fvd-core
     * {@code FrechetDistance}), and with {@code kernel(true)} the unbiased MMD² with the kernel (xᵀy/d + 1)³ over random subsets
     * (Bińkowski et al. 2018; clean-fid {@code kernel_distance}; fvd-core {@code KernelDistance.subsets}). Stats files are
     * checked against this evaluator's settings and the other side (from their provenance) before any decoding.
     *
     * @throws dev.fvd.datasets.DatasetException     bad input data, naming the file
     * @throws dev.fvd.core.io.StatsFileException     a stats file is unreadable, naming the file and key
     * @throws IncompatibleStatisticsException        the sides were made differently, or kernel metrics need features a stats
     *                                                file does not hold
     * @throws dev.fvd.features.ModelException        the model is missing or invalid; the message says how to get it
     */
    public ScoreResult score(Source real, Source fake) {
        return scored(real, fake).result();
    }

    /**
     * Scores like {@link #score} and writes the HTML report of the run (fvd-report {@code HtmlReport}): both sides' raw
     * features are kept with the source of each row, and the report shows the metric results this run computed (those it did
     * not compute — bootstrap interval, ∞ fit, precision/recall/density/coverage — are computed for the report from the kept
     * features with {@code reportSettings}). The report's path is checked before any work.
     *
     * @param html   the page to write
     * @param assets folder for each chart as SVG and PNG, or {@code null}
     * @throws IncompatibleStatisticsException a side is a stats file without raw features
     * @throws dev.fvd.io.OutputFileException   naming the path when the page cannot be written
     */
    public ScoredReport scoreWithReport(Source real, Source fake, Path html, Path assets,
                                        ComparisonReports.Settings reportSettings) {
        OutputPaths.requireWritable(html);
        tracedRows = new EnumMap<>(Protocol.Role.class);
        try {
            Scored s = scored(real, fake);
            SideFeatures r = reportRows(s.real(), Protocol.Role.REAL);
            SideFeatures f = reportRows(s.fake(), Protocol.Role.FAKE);
            Comparison comparison = ComparisonReports.of(s.result(), r, f, settings.protocol().divisor(), reportSettings);
            return new ScoredReport(s.result(), HtmlReport.write(comparison, html, assets));
        } finally {
            tracedRows = null;
            rowSources = null;
        }
    }

    /** A score and the report files written for it. */
    public record ScoredReport(ScoreResult result, ReportFiles files) {
    }

    /** The result of a score with the two sides it was computed from. */
    private record Scored(ScoreResult result, Side real, Side fake) {
    }

    private SideFeatures reportRows(Side side, Protocol.Role role) {
        float[][] rows = side.features().orElseThrow(() -> new IncompatibleStatisticsException(side.report().source()
                + " holds statistics without raw features: the report of a score needs the features of both sides (keep them"
                + " when making the stats file, or report from saved features)"));
        List<Sample> samples = tracedRows.getOrDefault(role, List.of()).stream().map(t -> new Sample(t.path(), t.offset()))
                .toList();
        return new SideFeatures(side.label() + ": " + side.report().source(), rows, samples);
    }

    private Scored scored(Source real, Source fake) {
        long start = System.nanoTime();
        boolean extracted = !(real instanceof Source.Stats && fake instanceof Source.Stats);
        boolean needsModel = !(real instanceof Source.Stats || real instanceof Source.Features)
                || !(fake instanceof Source.Stats || fake instanceof Source.Features);
        // stats files first: a mismatch with the settings of the side to extract fails before any decoding
        Side r0;
        Side f0;
        if (fake instanceof Source.Stats && !(real instanceof Source.Stats)) {
            f0 = side(fake, Protocol.Role.FAKE, needsModel);
            r0 = side(real, Protocol.Role.REAL, needsModel);
        } else {
            r0 = side(real, Protocol.Role.REAL, needsModel);
            f0 = side(fake, Protocol.Role.FAKE, needsModel);
        }
        Side.requireSameOrigin(r0, f0);
        List<List<String>> notes = Side.comparisonWarnings(r0, f0);
        notes.forEach(n -> n.forEach(settings.warnings()));
        Side r = r0.withWarnings(notes.get(0));
        Side f = f0.withWarnings(notes.get(1));
        double value = Side.frechet(r, f);
        ScoreResult.Model model = modelReport != null ? modelReport
                : r.provenance().or(f::provenance).map(StatsProvenance::model).orElse(null);
        // two stats files: nothing was extracted here, so the protocol that made them is the one to report
        Optional<StatsProvenance> stored = extracted ? Optional.empty() : r.provenance().or(f::provenance);
        String metric = stored.map(StatsProvenance::metric).orElse(settings.metric().id());
        ScoreResult.Protocol protocol = stored.map(StatsProvenance::protocol).orElse(protocolReport);
        MetricInput ri = input(r);
        MetricInput fi = input(f);
        if (settings.measures().contains(Measure.IS) && fakeLogits != null) {
            fi = fi.withLogits(fakeLogits);
        }
        long seed = settings.real().seed();
        ScoreResult.Kernel kernel = settings.kernel()
                ? Measures.kernel(settings.kernelSubsetSize(), settings.kernelSubsets(), seed, metric, ri, fi) : null;
        List<MetricResult> results = Measures.run(settings.measures(), settings.bootstrap(), settings.confidence(), seed,
                settings.threads(), settings.kPr(), settings.kDc(), ri, fi);
        return new Scored(new ScoreResult(metric, value, protocol, model, r.report(), f.report(), kernel, results,
                FvdVersion.current(), (System.nanoTime() - start) / 1e9, null), r, f);
    }

    /**
     * What the decoder did to the display of the videos (datasets {@code DisplayAdjustment}): rotations applied or refused,
     * non-square sample aspect ratios kept as metadata (as the ffmpeg command line does), so the provenance says so.
     */
    private static List<String> displayNotes(DatasetReport report) {
        if (report.display().isEmpty()) {
            return List.of();
        }
        List<String> shown = report.display().stream().limit(10).map(a -> a.source() + ": rotation " + a.rotation() + "° "
                + (a.applied() ? "applied (" + a.filter() + ")" : "not applied") + (a.sampleAspectRatio() == null ? ""
                : ", sample aspect ratio " + a.sampleAspectRatio() + " kept as metadata")).toList();
        int more = report.display().size() - shown.size();
        return List.of(report.display().size() + " video(s) with a display matrix or non-square pixels: "
                + String.join("; ", shown) + (more > 0 ? "; and " + more + " more" : ""));
    }

    /** Whether this run keeps every raw feature row: a requested measure needs them, or a report is being made. */
    private boolean keepFeatures() {
        return settings.keepFeatures() || tracedRows != null;
    }

    /** A side as fvd-core metrics read it: its statistics, and its raw features when kept. */
    private static MetricInput input(Side s) {
        return s.features().map(x -> MetricInput.of(s.stats(), x)).orElseGet(() -> MetricInput.ofStatistics(s.stats()));
    }

    /** Mean and covariance of the features of one source sampled as REAL (with the protocol's covariance divisor). */
    public GaussianStatistics statistics(Source source) {
        return statistics(source, Protocol.Role.REAL);
    }

    /** Mean and covariance of the features of one source sampled as the given side (StyleGAN-V cuts them differently). */
    public GaussianStatistics statistics(Source source, Protocol.Role role) {
        return side(source, role, false).stats();
    }

    /**
     * Extracts features and writes mergeable statistics to {@code out} (atomically: an interrupted run leaves no partial file),
     * with this evaluator's provenance, and the raw features too when {@code keepFeatures}.
     *
     * @return the side as reported (counts, skipped inputs)
     */
    public ScoreResult.Side saveStatistics(Source source, Path out, boolean keepFeatures) {
        return saveStatistics(source, Protocol.Role.REAL, out, keepFeatures);
    }

    /**
     * As {@link #saveStatistics(Source, Path, boolean)}, with the clips cut as for the given side; the provenance records that
     * side's sampling.
     */
    public ScoreResult.Side saveStatistics(Source source, Protocol.Role role, Path out, boolean keepFeatures) {
        if (source instanceof Source.Stats) {
            throw new InvalidSettingsException(source.label() + " is already a stats file; stats files are combined by merging");
        }
        Side s = extract(source, source.label(), role, keepFeatures);
        ScoreResult.Side report = withStatsFile(s.report(), out);
        StatsFile.write(out, s.stats(), provenance(report, role).toJson(), s.features().orElse(null));
        return report;
    }

    /**
     * The raw features of a source, one row per clip, in the dataset's deterministic order (for {@code fvd features}). Holds
     * them all in memory (N × d floats).
     */
    public float[][] features(Source source) {
        if (source instanceof Source.Stats) {
            throw new InvalidSettingsException(source.label() + " is a stats file; features come from a dataset");
        }
        return extract(source, source.label(), Protocol.Role.REAL, true, 1).features().orElseThrow();
    }

    /**
     * Extracts the raw features of a source and writes them atomically with where each row came from: to an {@code .npz},
     * arrays {@code features} (float32 [N, d]) and {@code sources} (a JSON string: one {@code {"path", "clip"}} per row, the
     * input file and the clip's index in the dataset's order); to any other name, the float32 {@code .npy} matrix and the
     * sources beside it in {@code OUT.sources.json}.
     *
     * @return the features written
     */
    public float[][] saveFeatures(Source source, Path out) {
        rowSources = new ArrayList<>();
        float[][] features;
        List<FeaturesFile.RowSource> sources;
        try {
            features = features(source);
            sources = List.copyOf(rowSources);
        } finally {
            rowSources = null;
        }
        FeaturesFile.write(out, features, sources);
        return features;
    }

    /** The model that ran, once a side needed extraction (else empty). */
    public Optional<ScoreResult.Model> model() {
        return Optional.ofNullable(modelReport);
    }

    /** Releases the ONNX Runtime session. */
    @Override
    public void close() {
        if (extractor != null) {
            extractor.close();
            extractor = null;
        }
    }

    /** @param strict the other side is extracted with these settings, so a stats file must match all of them */
    private Side side(Source source, Protocol.Role role, boolean strict) {
        String label = role.name().toLowerCase(java.util.Locale.ROOT);
        if (source instanceof Source.Stats stats) {
            Side s = Side.readStats(stats.path(), label);
            Side.requireMatches(s, settings.metric().id(), protocolReport, modelReport,
                    strict ? ExplicitSettings.all() : settings.explicit());
            s.report().warnings().forEach(settings.warnings());
            if (keepFeatures() && s.features().isEmpty()) {
                throw noFeatures(s);
            }
            return s;
        }
        if (source instanceof Source.Features features) {
            return readFeatures(features, label);
        }
        Path cache = settings.statsCache() == null ? null : settings.statsCache().resolve(label + ".npz");
        if (cache != null && source instanceof Source.Dataset && Files.isRegularFile(cache)) {
            Optional<Side> reused = reuse(cache, (Source.Dataset) source, label, role);
            if (reused.isPresent()) {
                return reused.get();
            }
        }
        boolean logits = role == Protocol.Role.FAKE && settings.measures().contains(Measure.IS);
        logitRows = logits ? new ArrayList<>() : null;
        Side s;
        try {
            s = extract(source, label, role, keepFeatures());
            if (logits) {
                fakeLogits = logitRows.toArray(float[][]::new);
            }
        } finally {
            logitRows = null;
        }
        if (cache != null) {
            ScoreResult.Side report = withStatsFile(s.report(), cache);
            StatsFile.write(OutputPaths.requireFolder(cache.getParent()).resolve(cache.getFileName()), s.stats(),
                    provenance(report, role).toJson(), s.features().orElse(null));
            s = new Side(s.label(), s.stats(), s.features(), s.provenance(), report);
        }
        return s;
    }

    /** A side of raw features: statistics with the protocol's divisor, the rows kept when a measure needs them. */
    private Side readFeatures(Source.Features source, String label) {
        float[][] rows = FeaturesFile.rows(source.path());
        FeatureStatistics stats = new FeatureStatistics(rows.length == 0 ? 1 : rows[0].length);
        stats.addAll(rows);
        require(stats, 2, source.label());
        ScoreResult.Side report = new ScoreResult.Side(source.path().toAbsolutePath().normalize().toString(), "features",
                stats.count(), stats.count(), List.of(), null, List.of(source.path() + " holds raw features: the protocol"
                + " and model that made them are not recorded, only their dimension is checked against the other side"));
        report.warnings().forEach(settings.warnings());
        return new Side(label, stats.toGaussian(settings.protocol().divisor()),
                keepFeatures() ? Optional.of(rows) : Optional.empty(), Optional.empty(), report);
    }


    /** A saved side is reused only if it was made from the same source with the same protocol, sampling and model bytes. */
    private Optional<Side> reuse(Path cache, Source.Dataset source, String label, Protocol.Role role) {
        Side saved = Side.readStats(cache, label);
        ScoreResult.Model model = openModelReport();
        boolean same = saved.provenance().isPresent()
                && source.path().toAbsolutePath().normalize().toString().equals(saved.provenance().get().source().source())
                && appliedProtocol(role).equals(saved.provenance().get().protocol())
                && saved.provenance().get().model() != null
                && model.sha256().equals(saved.provenance().get().model().sha256())
                && (!keepFeatures() || saved.features().isPresent());
        if (!same) {
            return Optional.empty();
        }
        settings.warnings().accept("reusing " + cache + " for " + label + " (" + source.label()
                + "); delete it to recompute");
        ScoreResult.Side r = saved.provenance().get().source();
        ScoreResult.Side report = new ScoreResult.Side(source.label(), "dataset", saved.stats().count(), r.items(), r.skipped(),
                cache.toString(), List.of("statistics reused from " + cache));
        return Optional.of(new Side(label, saved.stats(), saved.features(), saved.provenance(), report));
    }

    private Side extract(Source source, String label, Protocol.Role role, boolean keepFeatures) {
        return extract(source, label, role, keepFeatures, 2);
    }

    /** @param minimum clips that must give features: 2 for statistics (a covariance), 1 for a raw feature matrix */
    private Side extract(Source source, String label, Protocol.Role role, boolean keepFeatures, int minimum) {
        if (source instanceof Source.Stats || source instanceof Source.Features) {
            throw new InvalidSettingsException(source.label() + " holds statistics or features already; nothing to extract");
        }
        FeatureExtractor ex = extractor();
        FeatureStatistics stats = new FeatureStatistics(ex.featureDimension());
        List<float[]> kept = keepFeatures ? new ArrayList<>() : null;
        if (tracedRows != null) {
            rowSources = new ArrayList<>();
        }
        ProgressListener progress = settings.progress();
        ClipSampling sampling = settings.sampling(role);
        long expected = sampling.maxItems() > 0 ? (long) sampling.maxItems() * sampling.clipsPerVideo() : -1;
        if (source instanceof Source.Dataset d) {
            DatasetOptions options = settings.datasetOptions(sampling);
            try (ClipStream clips = Datasets.open(d.path(), options)) {
                long listed = clips.listedItems();
                if (listed >= 0) {
                    long items = sampling.maxItems() > 0 ? Math.min(listed, sampling.maxItems()) : listed;
                    expected = items * sampling.clipsPerVideo();
                }
                progress.start(label, expected);
                try {
                    List<ScoreResult.Skipped> rejected = new ArrayList<>();
                    consume(clips, ex, stats, kept, rejected);
                    DatasetReport report = clips.report();
                    List<ScoreResult.Skipped> skipped = new ArrayList<>();
                    for (SkippedInput s : report.skipped()) {
                        skipped.add(new ScoreResult.Skipped(s.path(), s.reason()));
                    }
                    skipped.addAll(rejected);
                    require(stats, minimum, d.label());
                    ScoreResult.Side side = new ScoreResult.Side(d.path().toAbsolutePath().normalize().toString(), "dataset",
                            stats.count(), report.items(), List.copyOf(skipped), null, displayNotes(report));
                    return finish(label, role, stats, kept, side);
                } finally {
                    progress.finish();
                }
            }
        }
        progress.start(label, expected);
        try {
            Source.Clips c = (Source.Clips) source;
            List<ScoreResult.Skipped> rejected = new ArrayList<>();
            long items = consume(c.clips(), ex, stats, kept, rejected);
            require(stats, minimum, c.label());
            ScoreResult.Side side = new ScoreResult.Side(c.label(), "clips", stats.count(), items, List.copyOf(rejected), null,
                    List.of());
            return finish(label, role, stats, kept, side);
        } finally {
            progress.finish();
        }
    }

    private Side finish(String label, Protocol.Role role, FeatureStatistics stats, List<float[]> kept,
                        ScoreResult.Side report) {
        // one clip has features but no covariance: only `fvd features` gets here with one (it never reads the statistics)
        GaussianStatistics g = stats.count() < 2 ? null : stats.toGaussian(settings.protocol().divisor());
        Optional<float[][]> features = kept == null ? Optional.empty() : Optional.of(kept.toArray(float[][]::new));
        if (tracedRows != null && rowSources != null) {
            tracedRows.put(role, List.copyOf(rowSources));
            rowSources = null;
        }
        return new Side(label, g, features, Optional.of(provenance(report, role)), report);
    }

    /**
     * Feeds clips to the network one batch at a time. Only the current batch is referenced, so memory stays flat. In-memory
     * clips shorter than the network needs are skipped (and listed) under the skip policy; datasets do that themselves.
     *
     * @return clips read
     */
    long consume(Iterator<Clip> clips, FeatureExtractor ex, FeatureStatistics stats, List<float[]> kept,
                 List<ScoreResult.Skipped> rejected) {
        int minFrames = ex.inputSpec().minFrames();
        List<Clip> batch = new ArrayList<>(settings.batchSize());
        long read = 0;
        while (clips.hasNext()) {
            Clip clip = clips.next();
            read++;
            if (clip.frames() < minFrames && settings.onBadInput() == BadInputPolicy.SKIP) {
                rejected.add(new ScoreResult.Skipped(clip.source(), "clip has " + clip.frames() + " frames; " + ex.id()
                        + " needs ≥ " + minFrames));
                continue;
            }
            batch.add(clip);
            if (batch.size() == settings.batchSize()) {
                run(ex, batch, stats, kept);
            }
        }
        if (!batch.isEmpty()) {
            run(ex, batch, stats, kept);
        }
        return read;
    }

    private void run(FeatureExtractor ex, List<Clip> batch, FeatureStatistics stats, List<float[]> kept) {
        float[][] rows;
        if (logitRows != null) {
            // the Inception Score reads the logits output of the same run of the network
            String features = ex.outputNames().get(0);
            Map<String, float[][]> both = ex.extract(batch, List.of(features, INCEPTION_LOGITS));
            rows = both.get(features);
            logitRows.addAll(List.of(both.get(INCEPTION_LOGITS)));
        } else {
            rows = ex.extract(batch);
        }
        if (rowSources != null) {
            batch.forEach(c -> rowSources.add(new FeaturesFile.RowSource(c.source(), c.index(), c.start())));
        }
        stats.addAll(rows);
        if (kept != null) {
            kept.addAll(List.of(rows));
        }
        settings.progress().advance(batch.size());
        batch.clear();
    }

    private void require(FeatureStatistics stats, int minimum, String label) {
        if (stats.count() < minimum) {
            String unit = settings.metric() == Metric.FID ? "image" : "clip";
            throw new IncompatibleStatisticsException(label + ": " + stats.count() + " " + unit + (stats.count() == 1 ? "" : "s")
                    + " gave features; " + (minimum == 2 ? "a covariance needs at least 2" : "at least 1 is needed"));
        }
    }

    /** The provenance of one side's statistics: the protocol with the sampling that side was cut with. */
    StatsProvenance provenance(ScoreResult.Side report, Protocol.Role role) {
        return new StatsProvenance(StatsProvenance.FORMAT, FvdVersion.current(), settings.metric().id(), appliedProtocol(role),
                modelReport, report);
    }

    /** The protocol as applied to one side alone (both offsets are that side's). */
    private ScoreResult.Protocol appliedProtocol(Protocol.Role role) {
        ClipSampling applied = settings.sampling(role);
        return ScoreResult.Protocol.of(settings.protocol(), applied, applied);
    }

    private static ScoreResult.Side withStatsFile(ScoreResult.Side s, Path file) {
        return new ScoreResult.Side(s.source(), s.kind(), s.count(), s.items(), s.skipped(), file.toString(), s.warnings());
    }

    private IncompatibleStatisticsException noFeatures(Side s) {
        return new IncompatibleStatisticsException(s.report().source() + " holds no raw features, which "
                + settings.measures().stream().filter(Measure::needsFeatures).map(Measure::id).toList()
                + (settings.bootstrap() > 0 ? " and the bootstrap" : "") + " need; recompute its statistics with the raw"
                + " features kept, or leave those measures out",
                Setting.KEEP_FEATURES.hint(null));
    }

    /** Locates the model and describes it (checksum, metadata, verified or custom) without starting a session. */
    private ScoreResult.Model openModelReport() {
        if (modelReport == null) {
            ResolvedModel resolved = ModelLocator.locate(settings.model(), settings.protocol(), settings.modelHome(),
                    settings.offline(), settings.warnings());
            modelFile = resolved.onnx();
            // a custom file is reported as custom whatever its metadata claims; the claim stays visible in the metadata
            modelReport = new ScoreResult.Model(resolved.custom() ? CUSTOM_MODEL : resolved.spec().id(),
                    modelFile.toAbsolutePath().toString(), resolved.sha256(), resolved.verified(),
                    new TreeMap<>(resolved.metadata()));
        }
        return modelReport;
    }

    FeatureExtractor extractor() {
        if (extractor == null) {
            openModelReport();
            FeatureExtractor ex = FeatureExtractors.open(modelFile, settings.protocol().extraction(),
                    new ExtractorOptions(settings.device(), settings.batchSize(), settings.threads()));
            if (ex.inputSpec().kind() != settings.metric().media()) {
                ex.close();
                throw new InvalidModelException(modelFile + ": the model takes " + ex.inputSpec().kind().name().toLowerCase()
                        + "s, but " + settings.metric().id() + " needs " + settings.metric().media().name().toLowerCase() + "s");
            }
            if (settings.real().frames() < ex.inputSpec().minFrames()) {
                ex.close();
                throw new InvalidSettingsException("clips of " + settings.real().frames() + " frames: " + ex.id() + " needs ≥ "
                        + ex.inputSpec().minFrames() + " frames per clip", Setting.FRAMES.hint(settings.real().frames()));
            }
            if (settings.measures().contains(Measure.IS) && !ex.outputNames().contains(INCEPTION_LOGITS)) {
                ex.close();
                throw new InvalidModelException(modelFile + ": the Inception Score needs the class logits, but the model's"
                        + " outputs are " + ex.outputNames() + "; re-import it with this version of fvd");
            }
            extractor = ex;
        }
        return extractor;
    }
}

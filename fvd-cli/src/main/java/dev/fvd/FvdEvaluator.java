package dev.fvd;

import dev.fvd.core.distance.KernelDistance;
import dev.fvd.core.distance.KernelEstimate;
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
import dev.fvd.io.Npy;
import dev.fvd.io.OutputPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Computes FVD/FID (and KVD/KID) with one configuration; made by {@link Fvd#builder()}. Features are folded into streaming
 * {@link FeatureStatistics} batch by batch, so memory does not grow with the number of clips unless kernel metrics (or kept
 * features) are asked for. Holds an ONNX Runtime session once a side needed extraction: close it. Not thread-safe.
 */
public final class FvdEvaluator implements AutoCloseable {

    record Settings(Metric metric, ScoringProtocol protocol, String model, Device device, int batchSize, int threads,
                    int decodeThreads, ClipSampling sampling, BadInputPolicy onBadInput, boolean kernel, int kernelSubsetSize,
                    int kernelSubsets, Path modelHome, boolean offline, Path statsCache, ProgressListener progress,
                    Consumer<String> warnings, Explicit explicit) {
    }

    /**
     * Which settings the caller gave (rather than took from the protocol's defaults). A stats file is checked against the
     * given ones; the others are compared between the two sides only, so {@code score a.npz b.npz} needs no flags repeated.
     */
    record Explicit(boolean metric, boolean protocol, boolean frames, boolean stride) {
    }

    private final Settings settings;
    private final ScoreResult.Protocol protocolReport;
    private Path modelFile;
    private ScoreResult.Model modelReport;
    private FeatureExtractor extractor;

    FvdEvaluator(Settings settings) {
        this.settings = settings;
        this.protocolReport = ScoreResult.Protocol.of(settings.protocol(), settings.sampling());
    }

    /** The metric this evaluator computes. */
    public Metric metric() {
        return settings.metric();
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
        long start = System.nanoTime();
        boolean extracted = !(real instanceof Source.Stats && fake instanceof Source.Stats);
        // stats files first: a mismatch with the settings of the side to extract fails before any decoding
        Side r0;
        Side f0;
        if (fake instanceof Source.Stats && !(real instanceof Source.Stats)) {
            f0 = side(fake, "fake", extracted);
            r0 = side(real, "real", extracted);
        } else {
            r0 = side(real, "real", extracted);
            f0 = side(fake, "fake", extracted);
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
        ScoreResult.Kernel kernel = null;
        if (settings.kernel()) {
            float[][] x = r.features().orElseThrow(() -> noFeatures(r));
            float[][] y = f.features().orElseThrow(() -> noFeatures(f));
            int subsetSize = Math.min(settings.kernelSubsetSize(), Math.min(x.length, y.length));
            KernelEstimate k = KernelDistance.subsets(x, y, subsetSize, settings.kernelSubsets(), settings.sampling().seed());
            kernel = new ScoreResult.Kernel(Metric.fromId(metric).kernelId(), k.mean(), k.std(), k.subsetSize(), k.subsets());
        }
        return new ScoreResult(metric, value, protocol, model, r.report(), f.report(), kernel, Fvd.version(),
                (System.nanoTime() - start) / 1e9, null);
    }

    /** Mean and covariance of the features of one source (with the protocol's covariance divisor). */
    public GaussianStatistics statistics(Source source) {
        return side(source, source.label(), false).stats();
    }

    /**
     * Extracts features and writes mergeable statistics to {@code out} (atomically: an interrupted run leaves no partial file),
     * with this evaluator's provenance, and the raw features too when {@code keepFeatures}.
     *
     * @return the side as reported (counts, skipped inputs)
     */
    public ScoreResult.Side saveStatistics(Source source, Path out, boolean keepFeatures) {
        if (source instanceof Source.Stats) {
            throw new InvalidSettingsException(source.label() + " is already a stats file; to combine stats files use --merge");
        }
        Side s = extract(source, source.label(), keepFeatures);
        ScoreResult.Side report = withStatsFile(s.report(), out);
        StatsFile.write(out, s.stats(), provenance(report).toJson(), s.features().orElse(null));
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
        return extract(source, source.label(), true, 1).features().orElseThrow();
    }

    /**
     * Extracts the raw features of a source and writes them as a float32 {@code .npy} matrix [N, d] (atomically).
     *
     * @return the features written
     */
    public float[][] saveFeatures(Source source, Path out) {
        float[][] features = features(source);
        Npy.write(out, features);
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
    private Side side(Source source, String label, boolean strict) {
        if (source instanceof Source.Stats stats) {
            Side s = Side.readStats(stats.path(), label);
            Side.requireMatches(s, settings.metric().id(), protocolReport, modelReport,
                    strict ? new Explicit(true, true, true, true) : settings.explicit());
            s.report().warnings().forEach(settings.warnings());
            if (settings.kernel() && s.features().isEmpty()) {
                throw noFeatures(s);
            }
            return s;
        }
        Path cache = settings.statsCache() == null ? null : settings.statsCache().resolve(label + ".npz");
        if (cache != null && source instanceof Source.Dataset && Files.isRegularFile(cache)) {
            Optional<Side> reused = reuse(cache, (Source.Dataset) source, label);
            if (reused.isPresent()) {
                return reused.get();
            }
        }
        Side s = extract(source, label, settings.kernel());
        if (cache != null) {
            ScoreResult.Side report = withStatsFile(s.report(), cache);
            StatsFile.write(OutputPaths.requireFolder(cache.getParent()).resolve(cache.getFileName()), s.stats(),
                    provenance(report).toJson(), s.features().orElse(null));
            s = new Side(s.label(), s.stats(), s.features(), s.provenance(), report);
        }
        return s;
    }

    /** A saved side is reused only if it was made from the same source with the same protocol, sampling and model bytes. */
    private Optional<Side> reuse(Path cache, Source.Dataset source, String label) {
        Side saved = Side.readStats(cache, label);
        ScoreResult.Model model = openModelReport();
        boolean same = saved.provenance().isPresent()
                && source.path().toAbsolutePath().normalize().toString().equals(saved.provenance().get().source().source())
                && protocolReport.equals(saved.provenance().get().protocol())
                && saved.provenance().get().model() != null
                && model.sha256().equals(saved.provenance().get().model().sha256())
                && (!settings.kernel() || saved.features().isPresent());
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

    private Side extract(Source source, String label, boolean keepFeatures) {
        return extract(source, label, keepFeatures, 2);
    }

    /** @param minimum clips that must give features: 2 for statistics (a covariance), 1 for a raw feature matrix */
    private Side extract(Source source, String label, boolean keepFeatures, int minimum) {
        FeatureExtractor ex = extractor();
        FeatureStatistics stats = new FeatureStatistics(ex.featureDimension());
        List<float[]> kept = keepFeatures ? new ArrayList<>() : null;
        ProgressListener progress = settings.progress();
        ClipSampling sampling = settings.sampling();
        long expected = sampling.maxItems() > 0 ? (long) sampling.maxItems() * sampling.clipsPerVideo() : -1;
        if (source instanceof Source.Dataset d) {
            // the datasets module's own queue bound: it caps decoded-but-unconsumed inputs, hence memory
            DatasetOptions defaults = settings.metric() == Metric.FVD ? DatasetOptions.videos() : DatasetOptions.images();
            DatasetOptions options = new DatasetOptions(settings.metric().media(), sampling, settings.onBadInput(),
                    settings.decodeThreads(), defaults.queueCapacity());
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
                            stats.count(), report.items(), List.copyOf(skipped), null, List.of());
                    return finish(label, stats, kept, side);
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
            return finish(label, stats, kept, side);
        } finally {
            progress.finish();
        }
    }

    private Side finish(String label, FeatureStatistics stats, List<float[]> kept, ScoreResult.Side report) {
        // one clip has features but no covariance: only `fvd features` gets here with one (it never reads the statistics)
        GaussianStatistics g = stats.count() < 2 ? null : stats.toGaussian(settings.protocol().divisor());
        Optional<float[][]> features = kept == null ? Optional.empty() : Optional.of(kept.toArray(float[][]::new));
        return new Side(label, g, features, Optional.of(provenance(report)), report);
    }

    /**
     * Feeds clips to the network one batch at a time. Only the current batch is referenced, so memory stays flat. In-memory
     * clips shorter than the network needs are skipped (and listed) under the skip policy; datasets do that themselves.
     *
     * @return clips read
     */
    private long consume(Iterator<Clip> clips, FeatureExtractor ex, FeatureStatistics stats, List<float[]> kept,
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
        float[][] rows = ex.extract(batch);
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

    private StatsProvenance provenance(ScoreResult.Side report) {
        return new StatsProvenance(StatsProvenance.FORMAT, Fvd.version(), settings.metric().id(), protocolReport, modelReport,
                report);
    }

    private static ScoreResult.Side withStatsFile(ScoreResult.Side s, Path file) {
        return new ScoreResult.Side(s.source(), s.kind(), s.count(), s.items(), s.skipped(), file.toString(), s.warnings());
    }

    private static IncompatibleStatisticsException noFeatures(Side s) {
        return new IncompatibleStatisticsException(s.report().source() + " holds no raw features, which kernel metrics need;"
                + " compute it with 'fvd stats --keep-features' or drop --kernel");
    }

    /** Locates the model and describes it (checksum, metadata) without starting a session. */
    private ScoreResult.Model openModelReport() {
        if (modelReport == null) {
            modelFile = ModelLocator.locate(settings.model(), settings.protocol(), settings.modelHome(), settings.offline(),
                    settings.warnings());
            OnnxMetadata.Info info = OnnxMetadata.read(modelFile);
            String id = info.metadata().getOrDefault("model_id", ModelLocator.isPath(settings.model())
                    ? modelFile.getFileName().toString() : settings.model());
            modelReport = new ScoreResult.Model(id, modelFile.toAbsolutePath().toString(), info.sha256(), info.metadata());
        }
        return modelReport;
    }

    private FeatureExtractor extractor() {
        if (extractor == null) {
            openModelReport();
            FeatureExtractor ex = FeatureExtractors.open(modelFile, settings.protocol().extraction(),
                    new ExtractorOptions(settings.device(), settings.batchSize(), settings.threads()));
            if (ex.inputSpec().kind() != settings.metric().media()) {
                ex.close();
                throw new InvalidModelException(modelFile + ": the model takes " + ex.inputSpec().kind().name().toLowerCase()
                        + "s, but " + settings.metric().id() + " needs " + settings.metric().media().name().toLowerCase() + "s");
            }
            if (settings.sampling().frames() < ex.inputSpec().minFrames()) {
                ex.close();
                throw new InvalidSettingsException("--frames " + settings.sampling().frames() + ": " + ex.id() + " needs ≥ "
                        + ex.inputSpec().minFrames() + " frames per clip");
            }
            modelReport = new ScoreResult.Model(ex.id(), modelReport.file(), modelReport.sha256(), modelReport.metadata());
            extractor = ex;
        }
        return extractor;
    }
}

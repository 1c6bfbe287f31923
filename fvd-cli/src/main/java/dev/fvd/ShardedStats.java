package dev.fvd;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.core.io.StatsFile;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.EmptyDatasetException;
import dev.fvd.datasets.SkippedInput;
import dev.fvd.features.FeatureExtractor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * {@code fvd stats} split over the workers of an engine (fvd-spark): each worker runs {@link #extract} on its shard of the
 * dataset with the pipeline of {@link FvdEvaluator#saveStatistics} (same dataset options, model session, batching and
 * statistics fold), the shards' {@link FeatureStatistics} are merged exactly ({@link FeatureStatistics#merge}, Chan et al.
 * 1979), and {@link #write} saves the result with the provenance {@code fvd stats} writes plus an {@code engine} entry.
 *
 * <p>One instance holds one model session, opened when it is made; {@link #extract} may be called from several threads at once
 * (the session runs one batch at a time). Made from the same {@link Fvd.Builder} settings on every worker.
 */
public final class ShardedStats implements AutoCloseable {

    /**
     * The statistics of one shard, unreduced.
     *
     * @param statistics mergeable statistics of the shard's features (count 0 when every input was skipped)
     * @param items      inputs that gave clips
     * @param skipped    inputs left out under {@link BadInputPolicy#SKIP}, in shard order, with the reason
     * @param rows       the raw features with their source, in clip order, when asked for (else empty)
     */
    public record Shard(FeatureStatistics statistics, long items, List<ScoreResult.Skipped> skipped, List<Row> rows) {
    }

    /**
     * One clip's features.
     *
     * @param source        the input it came from, as the dataset names it
     * @param clipInVideo   0-based index of the clip among the clips of its input
     * @param features      the network's output for the clip
     */
    public record Row(String source, int clipInVideo, float[] features) {
    }

    /**
     * How the engine ran, stored in the stats file's provenance beside what {@code fvd stats} stores.
     *
     * @param name       engine, e.g. {@code spark}
     * @param version    its version
     * @param master     where it ran, e.g. {@code local[2]}, {@code yarn}
     * @param partitions shards the dataset was split into
     */
    public record Engine(String name, String version, String master, int partitions) {
    }

    private final FvdEvaluator evaluator;
    private final FeatureExtractor extractor;

    private ShardedStats(FvdEvaluator evaluator) {
        this.evaluator = evaluator;
        this.extractor = evaluator.extractor();
    }

    /**
     * Validates the settings and opens the model (as {@code fvd stats} does before its first clip).
     *
     * @throws InvalidSettingsException                  bad settings
     * @throws dev.fvd.features.ModelException           the model is missing or invalid
     */
    public static ShardedStats open(Fvd.Builder builder) {
        FvdEvaluator evaluator = builder.build();
        if (evaluator.sampling(Protocol.Role.REAL).offset() == dev.fvd.datasets.OffsetPolicy.CD_FVD) {
            evaluator.close();
            // its clip starts depend on every video's frame count and on one shuffle of the whole listing
            throw new InvalidSettingsException("cd-FVD's clip draw is planned over the whole listing in one process;"
                    + " it cannot be split into shards: use fvd stats", Setting.PROTOCOL.hint(evaluator.protocol().name()));
        }
        try {
            return new ShardedStats(evaluator);
        } catch (RuntimeException e) {
            evaluator.close();
            throw e;
        }
    }

    /** The protocol with its sampling, as reports print it. */
    public ScoreResult.Protocol protocol() {
        return evaluator.protocol();
    }

    /** The model that runs (id, file, checksum, metadata). */
    public ScoreResult.Model model() {
        return evaluator.model().orElseThrow();
    }

    /** The ONNX file of the model, to ship to workers. */
    public Path modelFile() {
        return Path.of(model().file());
    }

    /** Feature dimension d. */
    public int featureDimension() {
        return extractor.featureDimension();
    }

    /**
     * The clip sampling of the whole dataset, as {@code fvd stats} cuts it (the real side's); its {@code maxItems} caps the
     * listing, shards read with 0.
     */
    public ClipSampling sampling() {
        return evaluator.settings().sampling(Protocol.Role.REAL);
    }

    /** What to do with bad input. */
    public BadInputPolicy onBadInput() {
        return evaluator.settings().onBadInput();
    }

    /** The options every shard is read with: those of {@code fvd stats}, with no item cap. */
    public DatasetOptions shardOptions() {
        return evaluator.settings().datasetOptions(sampling().withMaxItems(0));
    }

    /**
     * Extracts the features of one shard and folds them into statistics. Thread-safe. Under {@link BadInputPolicy#SKIP} a
     * shard whose inputs were all skipped gives empty statistics, not an error (other shards may hold clips).
     *
     * @param clips    the shard, opened with {@link #shardOptions()} ({@code dev.fvd.datasets.DatasetShards}); consumed, not
     *                 closed
     * @param keepRows also return each clip's features with its source
     * @throws dev.fvd.datasets.DatasetException bad input under {@link BadInputPolicy#FAIL}, naming the file
     */
    public Shard extract(ClipStream clips, boolean keepRows) {
        FeatureStatistics stats = new FeatureStatistics(extractor.featureDimension());
        List<float[]> kept = keepRows ? new ArrayList<>() : null;
        List<String> sources = keepRows ? new ArrayList<>() : null;
        Iterator<Clip> input = keepRows ? recording(clips, sources) : clips;
        List<ScoreResult.Skipped> rejected = new ArrayList<>();
        try {
            evaluator.consume(input, extractor, stats, kept, rejected);
        } catch (EmptyDatasetException e) {
            if (onBadInput() != BadInputPolicy.SKIP || clips.report().clips() != 0 || clips.report().skipped().isEmpty()) {
                throw e;
            }
        }
        List<ScoreResult.Skipped> skipped = new ArrayList<>();
        for (SkippedInput s : clips.report().skipped()) {
            skipped.add(new ScoreResult.Skipped(s.path(), s.reason()));
        }
        skipped.addAll(rejected);
        List<Row> rows = new ArrayList<>();
        if (keepRows) {
            String previous = null;
            int k = 0;
            for (int i = 0; i < kept.size(); i++) {
                String source = sources.get(i);
                k = source.equals(previous) ? k + 1 : 0;
                previous = source;
                rows.add(new Row(source, k, kept.get(i)));
            }
        }
        return new Shard(stats, clips.report().items(), List.copyOf(skipped), List.copyOf(rows));
    }

    /**
     * Writes the merged statistics of all shards to {@code out} (atomically) with the provenance of {@code fvd stats} and
     * {@code engine}.
     *
     * @param source  the dataset as given (path or URI)
     * @param items   inputs that gave clips, over all shards
     * @param skipped skipped inputs of all shards, in dataset order
     * @return the side as {@code fvd stats --json} reports it
     * @throws EmptyDatasetException            every input was skipped
     * @throws IncompatibleStatisticsException  fewer than 2 clips gave features
     */
    public ScoreResult.Side write(Path out, FeatureStatistics merged, String source, long items,
                                  List<ScoreResult.Skipped> skipped, Engine engine) {
        Objects.requireNonNull(engine, "engine");
        if (merged.count() == 0 && !skipped.isEmpty()) {
            throw new EmptyDatasetException(Path.of(source), source + ": all " + skipped.size()
                    + " inputs were skipped; first: " + skipped.get(0).reason());
        }
        if (merged.count() < 2) {
            throw new IncompatibleStatisticsException(source + ": " + merged.count()
                    + " clip(s) gave features; a covariance needs at least 2");
        }
        GaussianStatistics g = merged.toGaussian(evaluator.settings().protocol().divisor());
        ScoreResult.Side side = new ScoreResult.Side(source, "dataset", g.count(), items, List.copyOf(skipped), out.toString(),
                List.of());
        JsonObject provenance = JsonParser.parseString(evaluator.provenance(side, Protocol.Role.REAL).toJson())
                .getAsJsonObject();
        provenance.add("engine", Json.COMPACT.toJsonTree(engine));
        StatsFile.write(out, g, provenance.toString(), null);
        return side;
    }

    /** Releases the model session. */
    @Override
    public void close() {
        evaluator.close();
    }

    private static Iterator<Clip> recording(Iterator<Clip> clips, List<String> sources) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return clips.hasNext();
            }

            @Override
            public Clip next() {
                Clip clip = clips.next();
                sources.add(clip.source());
                return clip;
            }
        };
    }
}

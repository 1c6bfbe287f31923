package dev.fvd.spark;

import dev.fvd.ScoreResult;
import dev.fvd.ShardedStats;
import dev.fvd.cli.ExitCode;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.datasets.BadInputPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of fvd-spark: {@code fvd stats} over a Spark cluster.
 *
 * <ol>
 *   <li>The driver opens the pipeline once (settings and model checked as {@code fvd stats} checks them), lists the dataset
 *       ({@link InputListing}) and ships the model file with {@code SparkContext.addFile} (the mechanism of
 *       {@code spark-submit --files}): executors read it with {@code SparkFiles.get}, one copy per executor, never a download
 *       per task.</li>
 *   <li>The listing is split into contiguous slices ({@code parallelize}); each task reads its slice with the pipeline of its
 *       JVM ({@link ExecutorPipelines}, opened once per executor) and folds its features into {@code FeatureStatistics}
 *       ({@link PartitionTask}).</li>
 *   <li>Partials are merged exactly in partition order ({@link OrderedTreeMerge}), so the result does not depend on scheduling;
 *       counts and skipped inputs are collected to the driver in partition order, i.e. dataset order.</li>
 *   <li>The driver writes the stats file with the provenance of {@code fvd stats} plus {@code engine} (Spark version, master,
 *       partitions); with {@code --features}, the raw features as Parquet ({@link FeatureTable}).</li>
 * </ol>
 */
public final class SparkStats {

    /**
     * What a run produced.
     *
     * @param side       the stats file's side, as {@code fvd stats --json} reports it
     * @param partitions partitions the dataset was split into
     * @param inputs     input files listed
     */
    public record Result(ScoreResult.Side side, int partitions, int inputs) {
    }

    private SparkStats() {
    }

    /**
     * Runs one job on {@code spark}.
     *
     * @throws SparkStatsException with the {@code fvd} exit code, the message naming the file at fault
     */
    public static Result run(SparkSession spark, StatsJob job) {
        try {
            return execute(spark, job);
        } catch (SparkStatsException e) {
            throw e;
        } catch (RuntimeException e) {
            ExitCode code = ExitCode.of(e);
            if (code == ExitCode.INTERNAL) {
                throw e;
            }
            throw new SparkStatsException(code.code(), e.getMessage());
        }
    }

    private static Result execute(SparkSession spark, StatsJob job) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // the driver checks settings and model as fvd stats does; on a cluster it runs no task, so it opens the model on the
        // CPU (a GPU cluster's driver may have no GPU); in local mode it is the executor and shares its pipeline with the tasks
        ShardedStats pipeline;
        String sha256;
        if (sc.isLocal()) {
            ShardedStats opened = ShardedStats.open(ExtractionArgs.builder(job.extractionArgs()));
            sha256 = opened.model().sha256();
            pipeline = ExecutorPipelines.register(ExecutorPipelines.key(sha256, job.extractionArgs()), opened);
        } else {
            pipeline = ShardedStats.open(ExtractionArgs.builder(job.extractionArgs()).device("cpu"));
            sha256 = pipeline.model().sha256();
        }
        try {
            return distribute(spark, sc, job, pipeline, sha256);
        } finally {
            if (!sc.isLocal()) {
                pipeline.close();
            }
        }
    }

    private static Result distribute(SparkSession spark, JavaSparkContext sc, StatsJob job, ShardedStats pipeline,
                                     String sha256) {
        Configuration hadoop = sc.hadoopConfiguration();
        List<String> files = InputListing.list(job.input(), pipeline.shardOptions().kind(), hadoop);
        int max = pipeline.sampling().maxItems();
        if (max > 0) {
            if (pipeline.onBadInput() == BadInputPolicy.SKIP) {
                // which inputs count towards the cap depends on which earlier ones are skipped: a sequential rule
                throw new SparkStatsException(ExitCode.USAGE.code(), "--max-videos/--max-images with --on-bad-input skip is"
                        + " not supported by fvd-spark; cap the listing (a list file) or use --on-bad-input fail");
            }
            files = files.subList(0, Math.min(max, files.size()));
        }
        List<DatasetInput> inputs = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            inputs.add(new DatasetInput(i, files.get(i)));
        }
        int partitions = job.partitions() > 0 ? job.partitions()
                : Math.max(1, Math.min(files.size(), 4 * sc.defaultParallelism()));

        Path model = pipeline.modelFile();
        sc.addFile(model.toAbsolutePath().toString());
        PartitionTask task = new PartitionTask(job, model.getFileName().toString(), sha256, new HadoopConfiguration(hadoop));
        JavaRDD<PartitionResult> results = sc.parallelize(inputs, partitions)
                .mapPartitionsWithIndex(task, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // one small record per partition; collect() returns them in partition order, whatever order tasks finished in
            List<PartitionReport> reports = results.map(r -> new PartitionReport(r.items(), r.skipped(), r.failure()))
                    .collect();
            long items = 0;
            List<ScoreResult.Skipped> skipped = new ArrayList<>();
            for (PartitionReport r : reports) {
                if (r.failure() != null) {
                    throw r.failure();
                }
                items += r.items();
                r.skipped().forEach(s -> skipped.add(new ScoreResult.Skipped(s.path(), s.reason())));
            }
            FeatureStatistics merged = OrderedTreeMerge.merge(results.map(PartitionResult::partial), partitions);
            if (merged == null) {
                merged = new FeatureStatistics(pipeline.featureDimension());
            }
            if (job.features() != null && merged.count() > 0) {
                FeatureTable.write(spark, results, job.features());
            }
            ShardedStats.Engine engine = new ShardedStats.Engine("spark", spark.version(), sc.master(), partitions);
            ScoreResult.Side side = writeStats(job.output(), hadoop, pipeline, merged, source(job.input()), items, skipped,
                    engine);
            return new Result(side, partitions, files.size());
        } finally {
            results.unpersist(false);
        }
    }

    private record PartitionReport(long items, List<PartitionResult.SkippedFile> skipped, SparkStatsException failure)
            implements java.io.Serializable {
    }

    /** A local output is written atomically in place; any other is written locally, copied next to it and renamed. */
    private static ScoreResult.Side writeStats(String output, Configuration hadoop, ShardedStats pipeline,
                                               FeatureStatistics merged, String source, long items,
                                               List<ScoreResult.Skipped> skipped, ShardedStats.Engine engine) {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
        String scheme = out.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            Path local = scheme == null ? Path.of(output) : Path.of(out.toUri().getPath());
            return pipeline.write(local, merged, source, items, skipped, engine);
        }
        try {
            Path dir = Files.createTempDirectory("fvd-spark-out-");
            Path local = dir.resolve(out.getName());
            try {
                ScoreResult.Side side = pipeline.write(local, merged, source, items, skipped, engine);
                FileSystem fs = out.getFileSystem(hadoop);
                org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(out.getParent(), "." + out.getName() + ".part");
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), partial);
                fs.delete(out, false);
                if (!fs.rename(partial, out)) {
                    throw new IOException("rename " + partial + " → " + out + " failed");
                }
                return new ScoreResult.Side(side.source(), side.kind(), side.count(), side.items(), side.skipped(), output,
                        side.warnings());
            } finally {
                Files.deleteIfExists(local);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new SparkStatsException(ExitCode.BAD_INPUT.code(), output + ": cannot write the stats file: " + e);
        }
    }

    /** As {@code fvd stats} names a local dataset: its absolute normalised path; a URI or glob as given. */
    private static String source(String input) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
        if (p.toUri().getScheme() == null && !input.contains("*") && !input.contains("?")) {
            return Path.of(input).toAbsolutePath().normalize().toString();
        }
        return input;
    }
}

package dev.fvd.spark;

import dev.fvd.ShardedStats;
import dev.fvd.cli.ExitCode;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetShards;
import dev.fvd.datasets.OffsetPolicy;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.Function2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The work of one task: its slice of the listing, read and extracted with the {@code fvd stats} pipeline of this JVM
 * ({@link ExecutorPipelines}), folded into {@link PartialStatistics}. Files on a non-local file system are copied to a
 * temporary folder of the executor first (FFmpeg reads local files) and deleted when the task ends; {@code file:} inputs are
 * read in place (local mode, or a folder every worker mounts). A failure of the pipeline is returned in the result
 * ({@link PartitionResult#failure()}); only unforeseen errors are thrown to Spark (which retries the task).
 */
final class PartitionTask implements Function2<Integer, Iterator<DatasetInput>, Iterator<PartitionResult>> {
    private static final long serialVersionUID = 1L;

    private final StatsJob job;
    private final String modelFileName;
    private final String modelSha256;
    private final HadoopConfiguration conf;

    PartitionTask(StatsJob job, String modelFileName, String modelSha256, HadoopConfiguration conf) {
        this.job = job;
        this.modelFileName = modelFileName;
        this.modelSha256 = modelSha256;
        this.conf = conf;
    }

    @Override
    public Iterator<PartitionResult> call(Integer partition, Iterator<DatasetInput> inputs) {
        List<DatasetInput> slice = new ArrayList<>();
        inputs.forEachRemaining(slice::add);
        Path temp = null;
        try {
            ShardedStats pipeline = ExecutorPipelines.get(ExecutorPipelines.key(modelSha256, job.extractionArgs()), this::open);
            List<Path> files = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            Map<String, DatasetInput> bySource = new HashMap<>();
            for (DatasetInput input : slice) {
                org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(input.uri());
                Path local;
                if ("file".equals(remote.toUri().getScheme())) {
                    local = Path.of(remote.toUri().getPath());
                } else {
                    if (temp == null) {
                        temp = Files.createTempDirectory("fvd-spark-");
                    }
                    local = temp.resolve(input.position() + "-" + remote.getName());
                    FileSystem fs = remote.getFileSystem(conf.get());
                    fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(local.toUri()), true);
                }
                files.add(local);
                positions.add(input.position());
                bySource.put(local.toString(), input);
            }
            String label = job.input() + " (partition " + partition + ")";
            ShardedStats.Shard shard;
            try (ClipStream clips = DatasetShards.open(label, files, positions, pipeline.shardOptions())) {
                shard = pipeline.extract(clips, job.features() != null);
            }
            List<PartitionResult.SkippedFile> skipped = new ArrayList<>();
            for (var s : shard.skipped()) {
                DatasetInput input = bySource.get(s.path());
                String name = input == null || input.uri().startsWith("file:") ? s.path() : input.uri();
                skipped.add(new PartitionResult.SkippedFile(name, s.reason().replace(s.path(), name)));
            }
            List<PartitionResult.FeatureRow> rows = new ArrayList<>();
            boolean first = pipeline.sampling().offset() == OffsetPolicy.FIRST;
            int span = pipeline.sampling().span();
            for (ShardedStats.Row row : shard.rows()) {
                DatasetInput input = bySource.get(row.source());
                String name = input.uri().startsWith("file:") ? row.source() : input.uri();
                rows.add(new PartitionResult.FeatureRow(name, input.position(), row.clipInVideo(),
                        first ? row.clipInVideo() * span : null, row.features()));
            }
            return List.of(new PartitionResult(partition, PartialStatistics.of(partition, shard.statistics()), shard.items(),
                    List.copyOf(skipped), List.copyOf(rows), null)).iterator();
        } catch (SparkStatsException e) {
            return List.of(PartitionResult.failed(partition, e)).iterator();
        } catch (IOException e) {
            return List.of(PartitionResult.failed(partition, new SparkStatsException(ExitCode.BAD_INPUT.code(), job.input()
                    + " (partition " + partition + "): cannot copy an input to the executor: " + e))).iterator();
        } catch (RuntimeException e) {
            // the pipeline's own exceptions name the file; ship the message, not the object (its fields need not serialise)
            ExitCode code = ExitCode.of(e);
            if (code == ExitCode.INTERNAL) {
                throw e;
            }
            return List.of(PartitionResult.failed(partition, new SparkStatsException(code.code(), e.getMessage()))).iterator();
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** Opens this JVM's pipeline from the driver's extraction options and the model file Spark shipped. */
    private ShardedStats open() {
        ShardedStats pipeline = ShardedStats.open(ExtractionArgs.builder(job.extractionArgs())
                .model(Path.of(SparkFiles.get(modelFileName)))
                .offline(true));
        if (!pipeline.model().sha256().equals(modelSha256)) {
            String found = pipeline.model().sha256();
            pipeline.close();
            throw new SparkStatsException(ExitCode.MODEL.code(), SparkFiles.get(modelFileName) + ": sha256 " + found
                    + " on this executor, but the driver resolved the model with sha256 " + modelSha256);
        }
        return pipeline;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("fvd-spark: could not delete " + root + ": " + e);
        }
    }
}

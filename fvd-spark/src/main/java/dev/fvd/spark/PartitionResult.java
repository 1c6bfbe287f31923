package dev.fvd.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one task hands back: its partial statistics, its counts, its skipped inputs and (with {@code --features}) its rows.
 *
 * @param partition partition index
 * @param partial   statistics of the partition's features
 * @param items     inputs that gave clips
 * @param skipped   inputs left out under {@code --on-bad-input skip}, in listing order
 * @param rows      raw features, in clip order (empty without {@code --features})
 * @param failure   the error that stopped the partition (bad input under {@code --on-bad-input fail}, a model that does not
 *                  open), else null. Returned rather than thrown: the driver then reports the first failure in dataset order,
 *                  as {@code fvd stats} does, with its exit code, and Spark does not retry a task whose input is bad
 */
record PartitionResult(int partition, PartialStatistics partial, long items, List<SkippedFile> skipped, List<FeatureRow> rows,
                       SparkStatsException failure) implements Serializable {

    static PartitionResult failed(int partition, SparkStatsException failure) {
        return new PartitionResult(partition, new PartialStatistics(partition, 0, null, null), 0, List.of(), List.of(), failure);
    }

    /**
     * An input left out, and why.
     *
     * @param path   the file as the dataset names it
     * @param reason the message {@code --on-bad-input fail} would have stopped with
     */
    record SkippedFile(String path, String reason) implements Serializable {
    }

    /**
     * One clip's features, a row of the {@code --features} Parquet table.
     *
     * @param source     the input file
     * @param position   the input's place in the dataset listing
     * @param clip       0-based index of the clip within its input
     * @param startFrame first source frame of the clip, null when drawn at random ({@code --offset random})
     * @param features   the network's output
     */
    record FeatureRow(String source, int position, int clip, Integer startFrame, float[] features) implements Serializable {
    }
}

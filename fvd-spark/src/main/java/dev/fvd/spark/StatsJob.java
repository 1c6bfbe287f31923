package dev.fvd.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One {@code fvd-spark stats} run as every task sees it.
 *
 * @param input           the dataset as given: a folder, a glob or a list file, on any Hadoop file system
 * @param output          the stats file to write ({@code .npz}), on any Hadoop file system
 * @param features        where to write the raw features as Parquet, or {@code null}
 * @param partitions      shards the dataset is split into; 0 = four per core of the cluster
 * @param extractionArgs  the {@code fvd stats} extraction options as given on the command line ({@code --protocol tf …}),
 *                        parsed again on every executor so that each builds the pipeline the driver built
 */
public record StatsJob(String input, String output, String features, int partitions, List<String> extractionArgs)
        implements Serializable {
    public StatsJob {
        extractionArgs = List.copyOf(extractionArgs);
    }
}

package dev.fvd.spark;

import java.io.Serializable;

/**
 * One input file of the dataset.
 *
 * @param position its place in the dataset's listing, the seed of its random clip offsets
 * @param uri      fully qualified ({@code file:/…}, {@code hdfs://…}, {@code s3a://…})
 */
record DatasetInput(int position, String uri) implements Serializable {
}

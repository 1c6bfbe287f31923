package dev.fvd.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code --features} output: one Parquet row per clip, in dataset order (partition files {@code part-00000…} in partition
 * order, rows in clip order within each), the input of bootstrap intervals or precision/recall at scale.
 *
 * <pre>
 * source       string         the input file
 * position     int            the input's place in the dataset listing (the seed index of its random offsets)
 * clip         int            0-based index of the clip within its input
 * start_frame  int, nullable  first source frame of the clip; null for --offset random
 * features     array&lt;float&gt;   the network's output (d values)
 * </pre>
 */
final class FeatureTable {
    static final StructType SCHEMA = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("clip", DataTypes.IntegerType, false)
            .add("start_frame", DataTypes.IntegerType, true)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private FeatureTable() {
    }

    /** Writes the rows of {@code results} to {@code path} (any Hadoop file system), replacing what is there. */
    static void write(SparkSession spark, JavaRDD<PartitionResult> results, String path) {
        JavaRDD<Row> rows = results.flatMap(r -> r.rows().stream().map(FeatureTable::row).iterator());
        spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Overwrite).parquet(path);
    }

    private static Row row(PartitionResult.FeatureRow f) {
        Float[] boxed = new Float[f.features().length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = f.features()[i];
        }
        return RowFactory.create(f.source(), f.position(), f.clip(), f.startFrame(), boxed);
    }
}

package dev.fvd.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** The repository's fixtures (located by fvd-io's shared test support), and a small local Spark for tests. */
final class TestData {
    private TestData() {
    }

    /** A file or folder under {@code test-data/}, absolute. */
    static Path path(String first, String... more) {
        return dev.fvd.io.testing.TestData.file(Path.of(first, more).toString()).toAbsolutePath();
    }

    /** {@code local[threads]} without the web UI, small shuffles. */
    static SparkSession localSpark(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").appName("fvd-spark test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}

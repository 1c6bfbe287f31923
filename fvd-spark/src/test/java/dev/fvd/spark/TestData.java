package dev.fvd.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's fixtures are, and a small local Spark for tests. */
final class TestData {
    private TestData() {
    }

    /** The repository root: system property {@code fvd.root} (set by surefire), else the nearest parent holding test-data/. */
    static Path root() {
        String prop = System.getProperty("fvd.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "test-data"))) {
            return Path.of(prop);
        }
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("test-data"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no test-data/ above " + System.getProperty("user.dir"));
        }
        return p;
    }

    static Path path(String first, String... more) {
        return root().resolve("test-data").resolve(Path.of(first, more)).toAbsolutePath();
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

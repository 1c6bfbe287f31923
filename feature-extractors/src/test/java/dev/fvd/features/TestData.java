package dev.fvd.features;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's test-data/ (system property fvd.root, else walk up from user.dir). */
public final class TestData {
    private TestData() {
    }

    public static Path root() {
        String prop = System.getProperty("fvd.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "test-data"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-data"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find test-data/ above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    public static Path file(String relative) {
        return root().resolve("test-data").resolve(relative);
    }
}

package dev.fvd.io.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository's committed fixtures for the tests of every module: system property {@code fvd.root} (set by the
 * parent pom's surefire configuration), else the nearest ancestor of {@code user.dir} holding {@code test-data/}.
 */
public final class TestData {
    private TestData() {
    }

    /** The repository root. */
    public static Path root() {
        String property = System.getProperty("fvd.root");
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property, "test-data"))) {
            return Path.of(property).toAbsolutePath();
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

    /** {@code test-data/<relative>}. */
    public static Path file(String relative) {
        return root().resolve("test-data").resolve(relative);
    }
}

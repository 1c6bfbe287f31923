package dev.fvd.datasets.resize;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code test-data/resize}: system property {@code fvd.root}, else the nearest ancestor holding {@code test-data/}. */
final class TestData {
    private TestData() {
    }

    static Path resizeDir() {
        String root = System.getProperty("fvd.root");
        if (root != null && Files.isDirectory(Path.of(root, "test-data"))) {
            return Path.of(root, "test-data", "resize");
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-data"))) {
                return p.resolve("test-data").resolve("resize");
            }
        }
        throw new IllegalStateException("cannot find test-data/ from fvd.root or " + System.getProperty("user.dir"));
    }
}

package dev.fvd.features.inception;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code test-data/} (system property {@code fvd.root}, else walking up from {@code user.dir}). */
public final class InceptionTestData {
    private InceptionTestData() {
    }

    public static Path root() {
        String prop = System.getProperty("fvd.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "test-data"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-data"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find test-data/ above " + System.getProperty("user.dir"));
    }

    /** {@code test-data/inception/<name>}. */
    public static Path inception(String name) {
        return root().resolve("test-data").resolve("inception").resolve(name);
    }
}

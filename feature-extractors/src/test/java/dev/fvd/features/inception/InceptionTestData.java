package dev.fvd.features.inception;

import java.nio.file.Path;

/** {@code test-data/inception/} (the locator itself is fvd-io's shared {@code dev.fvd.io.testing.TestData}). */
public final class InceptionTestData {
    private InceptionTestData() {
    }

    public static Path root() {
        return dev.fvd.io.testing.TestData.root();
    }

    /** {@code test-data/inception/<name>}. */
    public static Path inception(String name) {
        return root().resolve("test-data").resolve("inception").resolve(name);
    }
}

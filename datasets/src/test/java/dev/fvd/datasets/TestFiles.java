package dev.fvd.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helpers that need this module's types. Fixture locations and {@code .npy}/{@code .npz} fixture readers and writers are
 * the shared test support of fvd-io ({@code dev.fvd.io.testing.TestData}, {@code NpyFixture}).
 */
final class TestFiles {
    private TestFiles() {
    }

    /** Drains a stream. */
    static List<Clip> all(ClipStream stream) {
        List<Clip> clips = new ArrayList<>();
        while (stream.hasNext()) {
            clips.add(stream.next());
        }
        return clips;
    }
}

package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The video and clip start of every item equal those of cd-FVD's loader run by torch 1.13.1's own DataLoader (4 workers,
 * batches of 16, shuffling) for fixed seeds: {@code test-data/cdfvd/make_draws.py}.
 */
class CdFvdClipDrawTest {

    @Test
    void everyItemEqualsTheReferenceLoaders() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("cdfvd").resolve("draws.txt"));
        int cases = 0;
        for (int i = 0; i < lines.size(); ) {
            String[] head = lines.get(i++).split(" ");
            assertThat(head[0]).isEqualTo("case");
            String name = head[1];
            long seed = Long.parseLong(head[3]);
            int max = Integer.parseInt(head[5]);
            int[] frames = Arrays.stream(head[7].split(",")).mapToInt(Integer::parseInt).toArray();
            List<CdFvdClipDraw.Draw> expected = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).startsWith("case")) {
                String[] f = lines.get(i++).split(" ");
                expected.add(new CdFvdClipDraw.Draw(Integer.parseInt(f[0]), Integer.parseInt(f[1])));
            }

            List<CdFvdClipDraw.Draw> actual = CdFvdClipDraw.draws(frames, seed, 16, 4, max);

            assertThat(actual).as(name).containsExactlyElementsOf(expected);
            cases++;
        }
        assertThat(cases).isEqualTo(5);
    }

    @Test
    void pythonRandomMatchesCPython() {
        // python3 -c "import random; random.seed(42); print([random.randint(0, 9) for _ in range(5)])" -> [1, 0, 4, 3, 3]
        CdFvdClipDraw.PythonRandom r = new CdFvdClipDraw.PythonRandom(42);
        long[] got = new long[5];
        for (int k = 0; k < 5; k++) {
            got[k] = r.randbelow(10);
        }
        assertThat(got).containsExactly(1, 0, 4, 3, 3);
    }

    @Test
    void seedsAbove2To63AreUnsigned() {
        // python3 -c "import random; random.seed(2**63 + 2); print(random.getrandbits(32))" -> 1023253805
        assertThat(new CdFvdClipDraw.PythonRandom(Long.MIN_VALUE + 2).getrandbits(32)).isEqualTo(1023253805L);
    }

    @Test
    void refusesVideosWithoutAClip() {
        assertThatThrownBy(() -> CdFvdClipDraw.draws(new int[]{15, 3}, 42, 16, 4, 0))
                .hasMessageContaining("no video has the 16 frames");
    }
}

package dev.fvd.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 12, datasets side: StyleGAN-V's real-video sampling ({@code universome/stylegan-v}
 * {@code src/training/dataset.py}): offset {@code random.randint(0, L - n·s + s - 1)} (inclusive), videos with fewer than
 * {@code n·s} frames discarded (listed, never fatal). Its fake videos are read from frame 0 ({@link OffsetPolicy#FIRST}).
 */
@DisplayName("StyleGAN-V sampling: seeded random offsets for real clips, short real videos discarded and listed")
class StyleganVSamplingTest {
    private static final int N = 4;
    private static final int S = 3;

    @TempDir
    Path dir;

    /** Frame folders v0 (12 frames = n·s, kept), v1 (11: a clip fits but StyleGAN-V drops it), v2 (9), v3 (15); pixel = 10·t. */
    private Path frameFolders() throws IOException {
        int[] lengths = {12, 11, 9, 15};
        for (int v = 0; v < lengths.length; v++) {
            Path folder = Files.createDirectories(dir.resolve("real/v" + v));
            for (int t = 0; t < lengths[v]; t++) {
                BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
                int c = 10 * t;
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        image.setRGB(x, y, c << 16 | c << 8 | c);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(String.format("%03d.png", t)).toFile());
            }
        }
        return dir.resolve("real");
    }

    @Test
    void theOffsetBoundIsInclusiveAsRandintIs() {
        ClipSampler sampler = new ClipSampler(ClipSampling.styleganVReal(N, S, 0));
        Set<Integer> starts = new TreeSet<>();
        for (int seed = 0; seed < 200; seed++) {
            ClipSampler seeded = new ClipSampler(ClipSampling.styleganVReal(N, S, seed));
            starts.add(seeded.starts(12, 0, Path.of("v"), "v")[0]);
        }
        // L = 12: randint(0, 12 - 12 + 3 - 1) = randint(0, 2), both ends included
        assertThat(starts).containsExactly(0, 1, 2);
        assertThat(sampler.framesNeeded()).isEqualTo(12);
    }

    @Test
    void shortRealVideosAreDiscardedAndListedEvenWhenBadInputFails() throws IOException {
        Path real = frameFolders();
        ClipSampling sampling = ClipSampling.styleganVReal(N, S, 7);
        List<Clip> clips;
        DatasetReport report;
        try (ClipStream stream = Datasets.open(real, DatasetOptions.videos().withSampling(sampling))) {
            clips = TestFiles.all(stream);
            report = stream.report();
        }
        assertThat(clips).extracting(c -> Path.of(c.source()).getFileName().toString()).containsExactly("v0", "v3");
        assertThat(report.skipped()).extracting(s -> Path.of(s.path()).getFileName().toString()).containsExactly("v1", "v2");
        assertThat(report.skipped().get(0).reason())
                .endsWith("has 11 frames; StyleGAN-V discards real videos shorter than frames × stride = 4 × 3 = 12"
                        + " (discard_short_videos)");
        for (Clip clip : clips) {
            int start = clip.value(0, 0, 0, 0) / 10;
            for (int t = 0; t < N; t++) {
                assertThat(clip.value(t, 0, 0, 0)).isEqualTo(10 * (start + t * S));
            }
        }
        int lastStart = clips.get(1).value(0, 0, 0, 0) / 10;
        assertThat(lastStart).isBetween(0, 15 - 10);
    }

    @Test
    void offsetsDependOnTheSeedAndNotOnThreads() throws IOException {
        Path real = frameFolders();
        ClipSampling sampling = ClipSampling.styleganVReal(N, S, 11);
        List<Clip> one;
        List<Clip> three;
        try (ClipStream stream = Datasets.open(real, DatasetOptions.videos().withSampling(sampling).withThreads(1))) {
            one = TestFiles.all(stream);
        }
        try (ClipStream stream = Datasets.open(real, DatasetOptions.videos().withSampling(sampling).withThreads(3))) {
            three = TestFiles.all(stream);
        }
        assertThat(three).hasSameSizeAs(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.get(i).pixels()).isEqualTo(one.get(i).pixels());
        }
    }

    @Test
    void theFakeSideReadsFromFrameZeroAndTheRuleNeedsRandomOffsets() {
        ClipSampling fake = ClipSampling.defaults().withFrames(N).withStride(S);
        assertThat(new ClipSampler(fake).firstStarts()).containsExactly(0);
        assertThat(fake.discardShortVideos()).isFalse();
        assertThatThrownBy(() -> fake.withDiscardShortVideos(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the RANDOM offset policy");
        assertThat(ClipSampling.styleganVReal(N, S, 0).withOffset(OffsetPolicy.FIRST).discardShortVideos()).isFalse();
    }
}

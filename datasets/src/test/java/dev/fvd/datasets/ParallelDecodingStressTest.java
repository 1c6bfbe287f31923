package dev.fvd.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fvd.io.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 20: the parallel decoder under stress. Hundreds of short inputs of mixed sizes (frame folders of 5–40 px
 * frames, real MP4s decoded by FFmpeg, a few broken files), far more threads than cores, a one-slot queue, random offsets and
 * two clips per video, repeated: every run delivers the same clips, in the same order, with the same skipped list, bit for
 * bit, as the single-threaded run.
 */
@DisplayName("Many threads, hundreds of mixed inputs, repeated: identical to one thread, bit for bit")
class ParallelDecodingStressTest {
    private static final int FOLDERS = 160;
    private static final int VIDEOS = 12;

    @TempDir
    static Path dir;
    static Path dataset;

    @BeforeAll
    static void mixedDataset() throws IOException {
        dataset = Files.createDirectories(dir.resolve("mixed"));
        SplittableRandom random = new SplittableRandom(20261201);
        for (int i = 0; i < FOLDERS; i++) {
            Path folder = Files.createDirectories(dataset.resolve(String.format("clip%03d", i)));
            int width = 5 + random.nextInt(36);
            int height = 5 + random.nextInt(36);
            int frames = 4 + random.nextInt(5);
            for (int t = 0; t < frames; t++) {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        image.setRGB(x, y, random.nextInt(1 << 24));
                    }
                }
                ImageIO.write(image, "png", folder.resolve(t + ".png").toFile());
            }
        }
        List<Path> samples;
        try (var files = Files.list(TestData.file("sample/videos/real"))) {
            samples = files.sorted().limit(VIDEOS).toList();
        }
        for (int i = 0; i < samples.size(); i++) {
            Files.copy(samples.get(i), dataset.resolve(String.format("clip%03d_video.mp4", i * 25)));
        }
        Files.writeString(dataset.resolve("clip050_broken.mp4"), "not a video");
        Files.write(dataset.resolve("clip150_empty.mp4"), new byte[0]);
    }

    private static String digest(int threads) {
        ClipSampling sampling = ClipSampling.defaults().withFrames(3).withOffset(OffsetPolicy.RANDOM).withClipsPerVideo(2)
                .withSeed(5);
        DatasetOptions options = DatasetOptions.videos().withSampling(sampling).withThreads(threads).withQueueCapacity(1)
                .withOnBadInput(BadInputPolicy.SKIP);
        try (ClipStream stream = Datasets.open(dataset, options)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long clips = 0;
            while (stream.hasNext()) {
                Clip clip = stream.next();
                sha.update(clip.source().getBytes(StandardCharsets.UTF_8));
                sha.update(ByteBuffer.allocate(32).putLong(clip.index()).putInt(clip.frames()).putInt(clip.height())
                        .putInt(clip.width()).array());
                sha.update(clip.pixels());
                clips++;
            }
            DatasetReport report = stream.report();
            assertThat(clips).isEqualTo(2L * (FOLDERS + VIDEOS));
            assertThat(report.skipped()).extracting(s -> Path.of(s.path()).getFileName().toString())
                    .containsExactly("clip050_broken.mp4", "clip150_empty.mp4");
            report.skipped().forEach(s -> sha.update(s.reason().getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void moreThreadsThanCoresRepeatedGiveTheSingleThreadedResult() {
        String single = digest(1);
        int many = 4 * Runtime.getRuntime().availableProcessors() + 3;
        for (int run = 0; run < 3; run++) {
            assertThat(digest(many)).as("run %d with %d threads", run, many).isEqualTo(single);
        }
    }
}

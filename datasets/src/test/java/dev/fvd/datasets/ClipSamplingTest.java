package dev.fvd.datasets;

import dev.fvd.io.testing.NpyFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clip sampling semantics, read back from an array whose frame {@code t} of video {@code v} is filled with the value
 * {@code (v * 50 + t) % 256}: every clip tells which source frames it holds.
 */
class ClipSamplingTest {
    static final int VIDEOS = 5;
    static final int FRAMES = 40;

    @TempDir
    Path dir;

    Path videosNpy() throws IOException {
        int h = 4;
        int w = 6;
        byte[] data = new byte[VIDEOS * FRAMES * h * w * 3];
        for (int v = 0; v < VIDEOS; v++) {
            for (int t = 0; t < FRAMES; t++) {
                java.util.Arrays.fill(data, (v * FRAMES + t) * h * w * 3, (v * FRAMES + t + 1) * h * w * 3, (byte) (v * 50 + t));
            }
        }
        Path file = dir.resolve("videos.npy");
        Files.write(file, NpyFixture.npy(data, "|u1", VIDEOS, FRAMES, h, w, 3));
        return file;
    }

    /** The source frame numbers a clip holds (value − 50·video). */
    static List<Integer> frameNumbers(Clip clip, int video) {
        List<Integer> frames = new ArrayList<>();
        for (int t = 0; t < clip.frames(); t++) {
            frames.add(clip.value(t, 0, 0, 0) - video * 50);
        }
        return frames;
    }

    static List<Clip> read(Path input, ClipSampling sampling, int threads) {
        try (ClipStream stream = Datasets.open(input, DatasetOptions.videos().withSampling(sampling).withThreads(threads))) {
            return TestFiles.all(stream);
        }
    }

    @Test
    void firstOffsetTakesFramesFromZeroWithTheStride() throws IOException {
        List<Clip> clips = read(videosNpy(), ClipSampling.defaults().withFrames(4).withStride(3), 1);

        assertThat(clips).hasSize(VIDEOS);
        assertThat(frameNumbers(clips.get(2), 2)).containsExactly(0, 3, 6, 9);
        assertThat(clips.get(2).source()).endsWith("videos.npy[2]");
    }

    @Test
    void severalFirstClipsOfAVideoLieBackToBack() throws IOException {
        List<Clip> clips = read(videosNpy(), ClipSampling.defaults().withFrames(3).withStride(2).withClipsPerVideo(3), 1);

        assertThat(clips).hasSize(3 * VIDEOS);
        // span = (3-1)*2+1 = 5: clips start at 0, 5, 10
        assertThat(frameNumbers(clips.get(0), 0)).containsExactly(0, 2, 4);
        assertThat(frameNumbers(clips.get(1), 0)).containsExactly(5, 7, 9);
        assertThat(frameNumbers(clips.get(2), 0)).containsExactly(10, 12, 14);
        assertThat(frameNumbers(clips.get(3), 1)).containsExactly(0, 2, 4);
    }

    @Test
    void randomOffsetsAreSeededPerVideoAndCoverEveryValidStart() throws IOException {
        ClipSampling random = ClipSampling.defaults().withFrames(16).withStride(2).withOffset(OffsetPolicy.RANDOM).withSeed(42);
        List<Clip> a = read(videosNpy(), random, 1);
        List<Clip> b = read(videosNpy(), random, 3);
        List<Clip> c = read(videosNpy(), random.withSeed(43), 1);

        int span = 31;
        List<Integer> starts = new ArrayList<>();
        for (int v = 0; v < VIDEOS; v++) {
            List<Integer> frames = frameNumbers(a.get(v), v);
            int start = frames.get(0);
            assertThat(start).isBetween(0, FRAMES - span);
            for (int t = 0; t < 16; t++) {
                assertThat(frames.get(t)).isEqualTo(start + 2 * t);
            }
            assertThat(b.get(v).pixels()).isEqualTo(a.get(v).pixels());
            starts.add(start);
        }
        List<Integer> otherSeed = new ArrayList<>();
        for (int v = 0; v < VIDEOS; v++) {
            otherSeed.add(frameNumbers(c.get(v), v).get(0));
        }
        assertThat(otherSeed).isNotEqualTo(starts);

        // StyleGAN-V: random.randint(0, n - F*s + s - 1) → every start in [0, n - span] occurs, and nothing outside it
        ClipSampler sampler = new ClipSampler(random.withClipsPerVideo(1));
        boolean[] seen = new boolean[FRAMES];
        for (int v = 0; v < 2000; v++) {
            seen[sampler.starts(FRAMES, v, dir, "v")[0]] = true;
        }
        for (int s = 0; s < FRAMES; s++) {
            assertThat(seen[s]).as("start %d", s).isEqualTo(s <= FRAMES - span);
        }
    }

    @Test
    void aVideoShorterThanItsClipFailsByDefaultAndIsListedWhenSkipping() throws IOException {
        Path file = videosNpy();
        ClipSampling tooLong = ClipSampling.defaults().withFrames(21).withStride(2);
        try (ClipStream stream = Datasets.open(file, DatasetOptions.videos().withSampling(tooLong))) {
            assertThatThrownBy(stream::hasNext).isInstanceOf(TooFewFramesException.class)
                    .hasMessageEndingWith("videos.npy[0] has 40 frames; a clip of 21 frames with stride 2 needs 41")
                    .satisfies(e -> {
                        assertThat(((TooFewFramesException) e).available()).isEqualTo(40);
                        assertThat(((TooFewFramesException) e).needed()).isEqualTo(41);
                        assertThat(((TooFewFramesException) e).path()).isEqualTo(file);
                    });
        }
        ClipSampling threeBackToBack = ClipSampling.defaults().withFrames(14).withClipsPerVideo(3);
        try (ClipStream stream = Datasets.open(file, DatasetOptions.videos().withSampling(threeBackToBack)
                .withOnBadInput(BadInputPolicy.SKIP))) {
            assertThatThrownBy(stream::hasNext).isInstanceOf(EmptyDatasetException.class)
                    .hasMessageContaining("all 5 inputs were skipped")
                    .hasMessageContaining("has 40 frames; 3 back-to-back clips of 14 frames with stride 1 need 42");
            assertThat(stream.report().skipped()).hasSize(5);
            assertThat(stream.report().skipped().get(0).path()).endsWith("videos.npy[0]");
        }
    }

    @Test
    void maxItemsTakesTheFirstVideosInOrder() throws IOException {
        List<Clip> clips = read(videosNpy(), ClipSampling.defaults().withFrames(2).withClipsPerVideo(2).withMaxItems(3), 2);

        assertThat(clips).hasSize(6);
        assertThat(clips.get(5).source()).endsWith("videos.npy[2]");
        assertThat(clips).extracting(Clip::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void npzArchivesGiveTheSameClipsAsNpy() throws IOException {
        Path npy = videosNpy();
        Path npz = dir.resolve("videos.npz");
        NpyFixture.npz(npz, List.of("arr_0"), List.of(Files.readAllBytes(npy)));
        ClipSampling sampling = ClipSampling.defaults().withFrames(5).withStride(3).withOffset(OffsetPolicy.RANDOM).withSeed(3)
                .withClipsPerVideo(2);

        List<Clip> fromNpy = read(npy, sampling, 1);
        List<Clip> fromNpz = read(npz, sampling, 2);

        assertThat(fromNpz).hasSameSizeAs(fromNpy);
        for (int i = 0; i < fromNpy.size(); i++) {
            assertThat(fromNpz.get(i).pixels()).isEqualTo(fromNpy.get(i).pixels());
        }
        assertThat(fromNpz.get(0).source()).endsWith("videos.npz[arr_0][0]");
    }

    @Test
    void arraysOfTheWrongTypeOrLayoutAreRefusedWithTheReason() throws IOException {
        Path floats = dir.resolve("floats.npy");
        Files.write(floats, NpyFixture.npy(new byte[4 * 2 * 2 * 2 * 3 * 4], "<f4", 1, 4, 2, 2, 3));
        assertThatThrownBy(() -> Datasets.open(floats, DatasetOptions.videos())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("floats.npy: dtype <f4 is not uint8; floating-point arrays are refused");

        Path images = dir.resolve("images.npy");
        Files.write(images, NpyFixture.npy(new byte[2 * 2 * 2 * 3], "|u1", 2, 2, 2, 3));
        assertThatThrownBy(() -> Datasets.open(images, DatasetOptions.videos())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("images.npy: shape [2, 2, 2, 3] is not [N,T,H,W,3]");

        Path truncated = dir.resolve("truncated.npy");
        byte[] whole = NpyFixture.npy(new byte[2 * 4 * 2 * 2 * 3], "|u1", 2, 4, 2, 2, 3);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> Datasets.open(truncated, DatasetOptions.videos())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("truncated");

        Path twoArrays = dir.resolve("two.npz");
        NpyFixture.npz(twoArrays, List.of("real", "fake"), List.of(whole, whole));
        assertThatThrownBy(() -> Datasets.open(twoArrays, DatasetOptions.videos())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected an array 'arr_0'").hasMessageContaining("[real, fake]");
    }

    @Test
    void samplingParametersAreValidated() {
        assertThatThrownBy(() -> ClipSampling.defaults().withStride(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClipSampling.defaults().withFrames(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClipSampling.defaults()).isEqualTo(new ClipSampling(16, 1, OffsetPolicy.FIRST, 0, 1, 0));
        assertThat(ClipSampling.defaults().withFrames(16).withStride(2).span()).isEqualTo(31);
    }
}

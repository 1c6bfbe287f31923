package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;
import dev.fvd.io.testing.NpyFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Videos decode at native resolution to the RGB frames the reference tools see. */
class VideoDecodingTest {
    private static final Path GIF = TestData.file("kinetics-i3d/v_CricketShot_g04_c01_rgb.gif");

    @Test
    void theUcf101GifHas79FramesOf224x224EqualToPilsDecoding() throws Exception {
        DatasetOptions all79 = DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(79));

        List<Clip> clips;
        try (ClipStream stream = Datasets.open(GIF, all79)) {
            clips = TestFiles.all(stream);
        }

        assertThat(clips).hasSize(1);
        Clip clip = clips.get(0);
        assertThat(clip.frames()).isEqualTo(79);
        assertThat(clip.height()).isEqualTo(224);
        assertThat(clip.width()).isEqualTo(224);

        // first 16 frames pixel by pixel against PIL (seek(t); convert('RGB'))
        Path reference = TestData.file("datasets/gif-pil-frames.npz");
        assertThat(NpyFixture.read(reference).shape()).containsExactly(16, 224, 224, 3);
        byte[] pil = NpyFixture.read(reference).uint8();
        byte[] first16 = java.util.Arrays.copyOf(clip.pixels(), pil.length);
        assertThat(StillImageParityTest.maxAbsDifference(first16, pil)).as("max |FFmpeg − PIL| over the first 16 frames").isZero();

        // every frame by checksum
        List<String> lines = Files.readAllLines(TestData.file("datasets/gif-pil-sha256.txt"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(79);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int t = 0; t < 79; t++) {
            sha.update(clip.pixels(), t * clip.frameBytes(), clip.frameBytes());
            assertThat(t + " " + HexFormat.of().formatHex(sha.digest())).as("frame %d", t).isEqualTo(lines.get(t));
        }
    }

    @Test
    void decodingNeedsNoOpenCv() {
        // the parent pom excludes every JavaCV preset but FFmpeg; the video reader must not touch an OpenCV-backed class
        assertThatThrownBy(() -> Class.forName("org.bytedeco.opencv.global.opencv_core"))
                .isInstanceOf(ClassNotFoundException.class);
        try (ClipStream stream = Datasets.open(GIF, DatasetOptions.videos())) {
            assertThat(stream.next().frames()).isEqualTo(16);
        }
    }

    @Test
    void aClipLongerThanTheVideoIsRefusedNamingTheCounts() {
        DatasetOptions stride2 = DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(41).withStride(2));

        try (ClipStream stream = Datasets.open(GIF, stride2)) {
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(TooFewFramesException.class)
                    .hasMessage("v_CricketShot_g04_c01_rgb.gif has 79 frames; a clip of 41 frames with stride 2 needs 81");
        }
    }

    @Test
    void randomOffsetsFromAContainerWithoutFrameCountStayInsideTheVideo() {
        // GIF has no container frame count: the reader counts by decoding, then draws offsets in [0, 79 - 16]
        DatasetOptions random = DatasetOptions.videos().withSampling(ClipSampling.defaults().withOffset(OffsetPolicy.RANDOM)
                .withSeed(7).withClipsPerVideo(3));
        List<Clip> all;
        try (ClipStream stream = Datasets.open(GIF, DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(79)))) {
            all = TestFiles.all(stream);
        }
        List<Clip> clips;
        try (ClipStream stream = Datasets.open(GIF, random)) {
            clips = TestFiles.all(stream);
        }

        assertThat(clips).hasSize(3);
        int[] starts = new ClipSampler(random.sampling()).starts(79, 0, GIF, "gif");
        for (int k = 0; k < 3; k++) {
            byte[] expected = java.util.Arrays.copyOfRange(all.get(0).pixels(), starts[k] * clips.get(k).frameBytes(),
                    (starts[k] + 16) * clips.get(k).frameBytes());
            assertThat(clips.get(k).pixels()).as("clip %d from frame %d", k, starts[k]).isEqualTo(expected);
        }
    }

    @Test
    void sampleMp4sDecodeToTheirNativeSizeInNaturalOrder() {
        List<Clip> clips;
        try (ClipStream stream = Datasets.open(TestData.file("sample/videos/real"), DatasetOptions.videos())) {
            clips = TestFiles.all(stream);
            assertThat(stream.report().items()).isEqualTo(24);
            assertThat(stream.report().clips()).isEqualTo(24);
            assertThat(stream.report().skipped()).isEmpty();
        }
        assertThat(clips).hasSize(24);
        for (int i = 0; i < clips.size(); i++) {
            Clip clip = clips.get(i);
            assertThat(clip.index()).isEqualTo(i);
            assertThat(clip.source()).endsWith(String.format("real_%02d.mp4", i));
            assertThat(clip.frames()).isEqualTo(16);
            assertThat(clip.height()).isBetween(64, 96);
            assertThat(clip.width()).isBetween(64, 96);
        }
    }

    @Test
    void decodedMp4FramesAreCloseToWhatWasEncoded() {
        // lossy H.264: no parity claim, but channel order and row stride mistakes would give errors of ~100
        java.util.SplittableRandom random = new java.util.SplittableRandom(1000);
        int frames = 16 + random.nextInt(5);
        int width = 64 + 16 * random.nextInt(3);
        int height = 64 + 16 * random.nextInt(3);
        byte[][] encoded = SampleDataGenerator.shapes(random, frames, height, width);
        Clip clip;
        try (ClipStream stream = Datasets.open(TestData.file("sample/videos/real/real_00.mp4"), DatasetOptions.videos())) {
            clip = stream.next();
        }
        assertThat(clip.width()).isEqualTo(width);
        assertThat(clip.height()).isEqualTo(height);
        double sum = 0;
        for (int t = 0; t < 16; t++) {
            for (int i = 0; i < encoded[t].length; i++) {
                sum += Math.abs((encoded[t][i] & 0xff) - (clip.pixels()[t * clip.frameBytes() + i] & 0xff));
            }
        }
        double mean = sum / (16.0 * encoded[0].length);
        assertThat(mean).as("mean |decoded − encoded|").isLessThan(6.0);
    }
}

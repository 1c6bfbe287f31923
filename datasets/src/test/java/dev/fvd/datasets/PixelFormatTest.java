package dev.fvd.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg sources of every pixel layout arrive as 8-bit RGB: encoded losslessly (FFV1, PNG) in Matroska so that the decoded
 * pixels can be compared exactly with what was written. Matroska has no frame count, so these also exercise counting by decoding.
 */
class PixelFormatTest {
    static final int W = 38; // odd-ish width: RGB24 rows of 114 bytes get padded by FFmpeg
    static final int H = 22;
    static final int T = 12;

    @TempDir
    Path dir;

    /** Writes {@code T} frames of {@code channels} samples per pixel with FFmpeg's {@code codec}/{@code pixelFormat}. */
    private Path write(String name, int codec, int pixelFormat, int channels, int depth, int sourceFormat, Object[] frames)
            throws Exception {
        Path file = dir.resolve(name);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), W, H, 0)) {
            recorder.setFormat("matroska");
            recorder.setVideoCodec(codec);
            recorder.setPixelFormat(pixelFormat);
            recorder.setFrameRate(25);
            recorder.start();
            for (Object data : frames) {
                Frame frame = new Frame(W, H, depth, channels);
                if (depth == Frame.DEPTH_USHORT) {
                    ShortBuffer buffer = (ShortBuffer) frame.image[0];
                    for (int y = 0; y < H; y++) {
                        buffer.put(y * frame.imageStride, (short[]) data, y * W * channels, W * channels);
                    }
                } else {
                    ByteBuffer buffer = (ByteBuffer) frame.image[0];
                    for (int y = 0; y < H; y++) {
                        buffer.put(y * frame.imageStride, (byte[]) data, y * W * channels, W * channels);
                    }
                }
                recorder.record(frame, sourceFormat);
            }
            recorder.stop();
        }
        return file;
    }

    private static byte[][] randomBytes(int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] frames = new byte[T][H * W * channels];
        for (byte[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (byte) random.nextInt(256);
            }
        }
        return frames;
    }

    private static Clip decodeAll(Path file) {
        try (ClipStream stream = Datasets.open(file, DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(T)))) {
            List<Clip> clips = TestFiles.all(stream);
            assertThat(clips).hasSize(1);
            return clips.get(0);
        }
    }

    private static byte[] frame(Clip clip, int t) {
        return Arrays.copyOfRange(clip.pixels(), t * clip.frameBytes(), (t + 1) * clip.frameBytes());
    }

    @Test
    void losslessRgbDecodesExactlyInRgbOrder() throws Exception {
        byte[][] rgb = randomBytes(3, 1);
        Clip clip = decodeAll(write("rgb.mkv", avcodec.AV_CODEC_ID_FFV1, avutil.AV_PIX_FMT_BGR0, 3, Frame.DEPTH_UBYTE,
                avutil.AV_PIX_FMT_RGB24, rgb));

        assertThat(clip.width()).isEqualTo(W);
        assertThat(clip.height()).isEqualTo(H);
        for (int t = 0; t < T; t++) {
            assertThat(frame(clip, t)).as("frame %d", t).isEqualTo(rgb[t]);
        }
    }

    @Test
    void greyBecomesThreeEqualChannels() throws Exception {
        byte[][] grey = randomBytes(1, 2);
        Clip clip = decodeAll(write("grey.mkv", avcodec.AV_CODEC_ID_FFV1, avutil.AV_PIX_FMT_GRAY8, 1, Frame.DEPTH_UBYTE,
                avutil.AV_PIX_FMT_GRAY8, grey));

        for (int t = 0; t < T; t++) {
            byte[] expected = new byte[H * W * 3];
            for (int i = 0; i < H * W; i++) {
                expected[3 * i] = expected[3 * i + 1] = expected[3 * i + 2] = grey[t][i];
            }
            assertThat(frame(clip, t)).as("frame %d", t).isEqualTo(expected);
        }
    }

    @Test
    void alphaIsDroppedWithoutTouchingColour() throws Exception {
        byte[][] rgba = randomBytes(4, 3);
        Clip clip = decodeAll(write("rgba.mkv", avcodec.AV_CODEC_ID_PNG, avutil.AV_PIX_FMT_RGBA, 4, Frame.DEPTH_UBYTE,
                avutil.AV_PIX_FMT_RGBA, rgba));

        for (int t = 0; t < T; t++) {
            byte[] expected = new byte[H * W * 3];
            for (int i = 0; i < H * W; i++) {
                System.arraycopy(rgba[t], 4 * i, expected, 3 * i, 3);
            }
            assertThat(frame(clip, t)).as("frame %d", t).isEqualTo(expected);
        }
    }

    @Test
    void sixteenBitGreyIsReducedToEightBits() throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        short[][] grey16 = new short[T][H * W];
        for (short[] f : grey16) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (short) random.nextInt(65536);
            }
        }
        Clip clip = decodeAll(write("grey16.mkv", avcodec.AV_CODEC_ID_FFV1, avutil.AV_PIX_FMT_GRAY16LE, 1, Frame.DEPTH_USHORT,
                avutil.AV_PIX_FMT_GRAY16LE, grey16));

        // measured: swscale's gray16 → rgb24 rounds to the nearest 8-bit level the way (v + 128) >> 8 does (saturating at 255),
        // not v >> 8 (PIL's rule for 16-bit RGB PNGs) nor round(v / 257)
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < H * W; i++) {
                int expected = Math.min(255, ((grey16[t][i] & 0xffff) + 128) >>> 8);
                for (int c = 0; c < 3; c++) {
                    assertThat(clip.pixels()[t * clip.frameBytes() + 3 * i + c] & 0xff).as("frame %d pixel %d", t, i)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void randomOffsetsInAContainerWithoutFrameCountMatchTheFullDecoding() throws Exception {
        byte[][] rgb = randomBytes(3, 5);
        Path file = write("count.mkv", avcodec.AV_CODEC_ID_FFV1, avutil.AV_PIX_FMT_BGR0, 3, Frame.DEPTH_UBYTE,
                avutil.AV_PIX_FMT_RGB24, rgb);
        ClipSampling sampling = ClipSampling.defaults().withFrames(3).withStride(2).withOffset(OffsetPolicy.RANDOM).withSeed(9)
                .withClipsPerVideo(4);

        List<Clip> clips;
        try (ClipStream stream = Datasets.open(file, DatasetOptions.videos().withSampling(sampling))) {
            clips = TestFiles.all(stream);
        }

        int[] starts = new ClipSampler(sampling).starts(T, 0, file, "count.mkv");
        assertThat(clips).hasSize(4);
        for (int k = 0; k < 4; k++) {
            assertThat(clips.get(k).start()).as("clip %d start frame", k).isEqualTo(starts[k]);
            for (int j = 0; j < 3; j++) {
                assertThat(frame(clips.get(k), j)).as("clip %d frame %d", k, j).isEqualTo(rgb[starts[k] + 2 * j]);
            }
        }
    }
}

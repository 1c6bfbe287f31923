package dev.fvd.datasets.resize;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/** Behaviour every filter and crop mode shares; the numbers themselves are pinned by {@link FrameResizerParityTest}. */
class FrameResizerTest {

    static Stream<Arguments> filters() {
        List<Arguments> all = new ArrayList<>();
        for (ResizeMethod m : ResizeMethod.values()) {
            for (CropMode c : CropMode.values()) {
                all.add(Arguments.of(m, c));
            }
        }
        return all.stream();
    }

    private static byte[] randomFrames(long seed, int frames, int h, int w) {
        byte[] b = new byte[frames * h * w * 3];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("filters")
    void aClipIsResizedFrameByFrame(ResizeMethod method, CropMode crop) {
        int t = 4;
        int h = 31;
        int w = 45;
        byte[] pixels = randomFrames(1, t, h, w);
        FrameResizer resizer = FrameResizer.of(method, crop, 20, 20);

        float[] clip = resizer.resizeClip(new Clip("test", 0, t, h, w, pixels));

        int n = resizer.outputFrameLength();
        assertThat(clip).hasSize(t * n);
        for (int i = 0; i < t; i++) {
            float[] frame = resizer.resize(Arrays.copyOfRange(pixels, i * h * w * 3, (i + 1) * h * w * 3), h, w);
            assertThat(Arrays.copyOfRange(clip, i * n, (i + 1) * n)).as("frame %d", i).containsExactly(frame);
        }
        FloatBuffer direct = ByteBuffer.allocateDirect(4 * (t * n + 2)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        direct.position(2);
        resizer.resizeClipInto(new Clip("test", 0, t, h, w, pixels), direct);
        assertThat(direct.position()).isEqualTo(2 + t * n);
        float[] fromDirect = new float[t * n];
        direct.position(2);
        direct.get(fromDirect);
        assertThat(fromDirect).containsExactly(clip);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("filters")
    void writingIntoArraysAndBuffersGivesTheSameFloats(ResizeMethod method, CropMode crop) {
        int h = 23;
        int w = 17;
        byte[] frame = randomFrames(2, 1, h, w);
        FrameResizer resizer = FrameResizer.of(method, crop, 11, 11);
        float[] expected = resizer.resize(frame, h, w);
        int n = resizer.outputFrameLength();

        byte[] shifted = new byte[frame.length + 5];
        System.arraycopy(frame, 0, shifted, 5, frame.length);
        float[] array = new float[n + 7];
        resizer.resizeInto(shifted, 5, h, w, array, 7);
        assertThat(Arrays.copyOfRange(array, 7, 7 + n)).containsExactly(expected);
        assertThat(Arrays.copyOfRange(array, 0, 7)).containsOnly(0f);

        FloatBuffer heap = FloatBuffer.allocate(n + 3).position(3);
        resizer.resizeInto(frame, 0, h, w, heap);
        assertThat(heap.position()).isEqualTo(n + 3);
        assertThat(Arrays.copyOfRange(heap.array(), 3, 3 + n)).containsExactly(expected);

        FloatBuffer direct = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        resizer.resizeInto(frame, 0, h, w, direct);
        float[] fromDirect = new float[n];
        direct.flip().get(fromDirect);
        assertThat(fromDirect).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("filters")
    void aConstantFrameStaysConstant(ResizeMethod method, CropMode crop) {
        byte[] frame = new byte[19 * 40 * 3];
        Arrays.fill(frame, (byte) 200);

        float[] out = FrameResizer.of(method, crop, 27, 27).resize(frame, 19, 40);

        for (float v : out) {
            assertThat((double) v).isCloseTo(200.0, offset(1e-4));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("filters")
    void valuesStayWithinTheUint8RangeUpToRounding(ResizeMethod method, CropMode crop) {
        // black and white stripes make bicubic overshoot before clean-fid's clip
        int h = 40;
        int w = 40;
        byte[] frame = new byte[h * w * 3];
        for (int i = 0; i < h * w; i++) {
            Arrays.fill(frame, i * 3, i * 3 + 3, (byte) ((i % w) / 3 % 2 == 0 ? 0 : 255));
        }
        float[] out = FrameResizer.of(method, crop, 57, 57).resize(frame, h, w);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : out) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // bilinear weights sum to 1 only up to float rounding (torch gives 255.00003 here too); clean-fid clips bicubic exactly
        float slack = method == ResizeMethod.PIL_BICUBIC ? 0f : 1e-4f;
        assertThat(min).isGreaterThanOrEqualTo(-slack);
        assertThat(max).isLessThanOrEqualTo(255f + slack);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void resizingToTheSameSizeKeepsEveryValue(ResizeMethod method, CropMode crop) {
        byte[] frame = randomFrames(3, 1, 13, 13);

        float[] out = FrameResizer.of(method, crop, 13, 13).resize(frame, 13, 13);

        for (int i = 0; i < frame.length; i++) {
            assertThat(out[i]).isEqualTo((float) (frame[i] & 0xff));
        }
    }

    @Test
    void threadsSharingOneResizerGetTheSingleThreadedResults() throws Exception {
        FrameResizer resizer = FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.CENTER_CROP, 32, 32);
        int[][] sizes = {{48, 64}, {64, 48}, {33, 35}, {100, 20}, {32, 32}};
        List<byte[]> frames = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] f = randomFrames(10 + i, 1, sizes[i][0], sizes[i][1]);
            frames.add(f);
            expected.add(FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.CENTER_CROP, 32, 32)
                    .resize(f, sizes[i][0], sizes[i][1]));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 200; task++) {
                int i = task % sizes.length;
                results.add(pool.submit(() -> Arrays.equals(resizer.resize(frames.get(i), sizes[i][0], sizes[i][1]),
                        expected.get(i))));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsSizesAndArraysThatDoNotFit() {
        assertThatThrownBy(() -> FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, 0, 224))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x224");
        FrameResizer resizer = FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, 8, 8);
        assertThatThrownBy(() -> resizer.resize(new byte[10], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x2x3 needs 12 bytes");
        assertThatThrownBy(() -> resizer.resizeInto(new byte[12], 0, 2, 2, new float[100], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold a 8x8x3 frame");
        Clip clip = new Clip("videos/a.mp4", 0, 2, 2, 2, new byte[24]);
        assertThatThrownBy(() -> resizer.resizeClipInto(clip, new float[200], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("videos/a.mp4");
    }

    @Test
    void describesItselfByTheReportNames() {
        assertThat(FrameResizer.of(ResizeMethod.PIL_BICUBIC, CropMode.SQUASH, 299, 299))
                .hasToString("FrameResizer[pil-bicubic, squash, 299x299]");
    }
}

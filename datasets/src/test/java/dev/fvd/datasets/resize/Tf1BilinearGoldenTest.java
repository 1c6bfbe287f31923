package dev.fvd.datasets.resize;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The expected values TensorFlow's own kernel test asserts for {@code ResizeBilinear} with default attributes
 * ({@code tensorflow/core/kernels/image/resize_bilinear_op_test.cc}, {@code ResizeBilinearOpTest.TestBilinear*}), an
 * independent check of the TF1 formula next to the generated parity data (TensorFlow is not installed here).
 */
class Tf1BilinearGoldenTest {

    /** Resizes a one-channel image (replicated into R, G, B) and returns the R channel. */
    private static float[] resize(int h, int w, int outH, int outW, int... values) {
        byte[] rgb = new byte[h * w * 3];
        for (int i = 0; i < h * w; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) values[i];
        }
        float[] out = FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, outH, outW).resize(rgb, h, w);
        float[] r = new float[outH * outW];
        for (int i = 0; i < r.length; i++) {
            r[i] = out[3 * i];
            assertThat(out[3 * i + 1]).isEqualTo(r[i]);
            assertThat(out[3 * i + 2]).isEqualTo(r[i]);
        }
        return r;
    }

    @Test
    void downscaling2x2To1x1PicksTheTopLeftPixel() {
        assertThat(resize(2, 2, 1, 1, 1, 2, 3, 4)).containsExactly(1f);
    }

    @Test
    void upscaling2x2To3x3() {
        assertThat(resize(2, 2, 3, 3, 1, 2, 3, 4)).containsExactly(new float[] {
                1, 5f / 3, 2,
                7f / 3, 3, 10f / 3,
                3, 11f / 3, 4}, offset(1e-5f));
    }

    @Test
    void downscaling3x3To2x2() {
        assertThat(resize(3, 3, 2, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9)).containsExactly(new float[] {
                1, 2.5f,
                5.5f, 7}, offset(1e-5f));
    }

    @Test
    void upscaling3x3To4x4() {
        assertThat(resize(3, 3, 4, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9)).containsExactly(new float[] {
                1, 1.75f, 2.5f, 3,
                3.25f, 4, 4.75f, 5.25f,
                5.5f, 6.25f, 7, 7.5f,
                7, 7.75f, 8.5f, 9}, offset(1e-5f));
    }

    @Test
    void downscaling4x4To3x3() {
        assertThat(resize(4, 4, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)).containsExactly(new float[] {
                1, 7f / 3, 11f / 3,
                19f / 3, 23f / 3, 27f / 3,
                35f / 3, 39f / 3, 43f / 3}, offset(1e-5f));
    }

    @Test
    void upscaling2x2To4x4RepeatsTheLastRowAndColumn() {
        assertThat(resize(2, 2, 4, 4, 1, 2, 3, 4)).containsExactly(new float[] {
                1, 1.5f, 2, 2,
                2, 2.5f, 3, 3,
                3, 3.5f, 4, 4,
                3, 3.5f, 4, 4}, offset(1e-5f));
    }
}

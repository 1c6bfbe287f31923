package dev.fvd.datasets.resize;

/**
 * TF1 {@code tf.image.resize_bilinear(align_corners=False, half_pixel_centers=False)} on the CPU, float32 throughout, as in
 * TensorFlow {@code tensorflow/core/kernels/image/resize_bilinear_op.cc} and {@code tensorflow/core/util/image_resizer_state.h}:
 * <ul>
 *   <li>{@code CalculateResizeScale}: {@code scale = in_size / (float) out_size} (float32 division);</li>
 *   <li>{@code LegacyScaler}: {@code in = (float) x * scale} (no half-pixel offset);</li>
 *   <li>{@code compute_interpolation_weights}: {@code lower = max(floor(in), 0)}, {@code upper = min(ceil(in), in_size - 1)},
 *       {@code lerp = in - floor(in)} (float32);</li>
 *   <li>{@code compute_lerp}: {@code top = tl + (tr - tl) * x_lerp}, {@code bottom = bl + (br - bl) * x_lerp},
 *       {@code out = top + (bottom - top) * y_lerp} (float32, no antialiasing, no rounding or clamping).</li>
 * </ul>
 * ({@code upper = ceil(in)} equals {@code floor(in) + 1} except when {@code in} is integral, where {@code lerp = 0} and the
 * result is the same.) The SSE path of the kernel uses separate multiply and add intrinsics, and the official TF1 binaries
 * were built without FMA, so plain float32 arithmetic (Java's default) reproduces it. The horizontal lerps of one input row
 * do not depend on the output row, so they are computed once per input row (separable, value-identical).
 */
final class Tf1Bilinear extends SeparableTwoTap {
    private final float[] yLerp;
    /** Byte offsets within a row (already multiplied by 3 channels), as the TF kernel pre-scales {@code xs}. */
    private final int[] xLower3;
    private final int[] xUpper3;
    private final float[] xLerp;

    Tf1Bilinear(CropWindow window) {
        super(window);
        yLerp = new float[window.outHeight()];
        fill(window.inHeight(), window.resizedHeight(), window.top(), rowLower, rowUpper, yLerp, 1);
        xLower3 = new int[outWidth];
        xUpper3 = new int[outWidth];
        xLerp = new float[outWidth];
        fill(window.inWidth(), window.resizedWidth(), window.left(), xLower3, xUpper3, xLerp, 3);
    }

    /** {@code compute_interpolation_weights} with {@code LegacyScaler} for outputs {@code offset .. offset + lower.length - 1}. */
    static void fill(int inSize, int resizedSize, int offset, int[] lower, int[] upper, float[] lerp, int stride) {
        float scale = inSize / (float) resizedSize;
        for (int i = 0; i < lower.length; i++) {
            float in = (float) (offset + i) * scale;
            float inFloor = (float) Math.floor(in);
            lower[i] = Math.max((int) inFloor, 0) * stride;
            upper[i] = Math.min((int) Math.ceil(in), inSize - 1) * stride;
            lerp[i] = in - inFloor;
        }
    }

    /** {@code top + (bottom - top) * dy} per sample; a separate small method so the JIT vectorises it. */
    @Override
    void vertical(float[] top, float[] bottom, int y, float[] dst, int out, int n) {
        float dy = yLerp[y];
        for (int i = 0; i < n; i++) {
            float t = top[i];
            dst[out + i] = t + (bottom[i] - t) * dy;
        }
    }

    /** {@code a + (b - a) * dx} along one input row, three channels per pixel. */
    @Override
    void horizontal(byte[] src, int rowStart, float[] row) {
        int[] lower = xLower3;
        int[] upper = xUpper3;
        float[] lerp = xLerp;
        for (int x = 0, o = 0; x < lerp.length; x++, o += 3) {
            int l = rowStart + lower[x];
            int u = rowStart + upper[x];
            float dx = lerp[x];
            float a0 = Uint8.toFloat(src[l]);
            float a1 = Uint8.toFloat(src[l + 1]);
            float a2 = Uint8.toFloat(src[l + 2]);
            row[o] = a0 + (Uint8.toFloat(src[u]) - a0) * dx;
            row[o + 1] = a1 + (Uint8.toFloat(src[u + 1]) - a1) * dx;
            row[o + 2] = a2 + (Uint8.toFloat(src[u + 2]) - a2) * dx;
        }
    }
}

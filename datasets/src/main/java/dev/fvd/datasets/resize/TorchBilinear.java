package dev.fvd.datasets.resize;

/**
 * PyTorch {@code F.interpolate(x, size=(H, W), mode='bilinear', align_corners=False)} on a contiguous float32 NCHW CPU tensor,
 * as computed by the Debian build of torch 1.13.1 ({@code aten/src/ATen/native/UpSample.h},
 * {@code aten/src/ATen/native/cpu/UpSampleKernel.cpp}):
 * <ul>
 *   <li>{@code area_pixel_compute_scale}: {@code scale = (float) in_size / out_size} (float32) when a size is given;</li>
 *   <li>{@code area_pixel_compute_source_index}: {@code src = scale * (dst + 0.5) - 0.5}, clamped to 0 below (half-pixel
 *       centres). The {@code 0.5} literals are doubles and the Debian 1.13.1 build keeps {@code src} in double up to the
 *       lambda: measured, rounding {@code src} to float first is off by up to 0.004 (0–255 scale) at 300 pixels;</li>
 *   <li>{@code compute_source_index_and_lambda}: {@code i0 = (int) src}, {@code i1 = i0 + (i0 < in - 1 ? 1 : 0)},
 *       {@code l1 = (float) (src - i0)}, {@code l0 = 1 - l1}; when {@code in_size == out_size} a plain copy
 *       ({@code l0 = 1, l1 = 0});</li>
 *   <li>the generic separable kernel interpolates the last dimension (W) first, then H: {@code t0 * w0 + t1 * w1}. The AVX2
 *       kernel is compiled with FMA contraction, so each sum is {@code fma(t0, w0, t1 * w1)}.</li>
 * </ul>
 * Verified bit-exact (0 differing floats) against {@code /usr/bin/python3} torch 1.13.1 on the parity cases of
 * {@code test-data/resize/make_reference.py}; a torch build without FMA differs by at most 2 float32 ulps. The fused
 * multiply-add is emulated as {@code (float) ((double) t0 * w0 + (float) (t1 * w1))}: the product of two floats is exact in
 * double, so only the final sum is rounded twice (double, then float), which can differ from a true FMA in rare ties by
 * 1 ulp. When the JVM runs with hardware FMA ({@code -XX:+UseFMA}, the default on CPUs that have it) the exact
 * {@code Math.fma} intrinsic is used instead (also faster); without it {@code Math.fma} would fall back to BigDecimal.
 */
final class TorchBilinear extends SeparableTwoTap {
    /** Whether {@code Math.fma} is a hardware intrinsic in this JVM; read once, constant-folded by the JIT. */
    static final boolean HARDWARE_FMA = hardwareFma();

    private final float[] yW0;
    private final float[] yW1;
    private final int[] x0;
    private final int[] x1;
    private final float[] xW0;
    private final float[] xW1;

    TorchBilinear(CropWindow window) {
        super(window);
        int outHeight = window.outHeight();
        yW0 = new float[outHeight];
        yW1 = new float[outHeight];
        fill(window.inHeight(), window.resizedHeight(), window.top(), rowLower, rowUpper, yW0, yW1, 1);
        x0 = new int[outWidth];
        x1 = new int[outWidth];
        xW0 = new float[outWidth];
        xW1 = new float[outWidth];
        fill(window.inWidth(), window.resizedWidth(), window.left(), x0, x1, xW0, xW1, 3);
    }

    static void fill(int inSize, int resizedSize, int offset, int[] i0, int[] i1, float[] w0, float[] w1, int stride) {
        float scale = (float) inSize / (float) resizedSize;
        for (int i = 0; i < i0.length; i++) {
            int dst = offset + i;
            if (inSize == resizedSize) {
                i0[i] = dst * stride;
                i1[i] = dst * stride;
                w0[i] = 1f;
                w1[i] = 0f;
                continue;
            }
            double src = scale * (dst + 0.5) - 0.5;
            if (src < 0) {
                src = 0;
            }
            int lower = (int) src;
            int upper = lower + (lower < inSize - 1 ? 1 : 0);
            float lambda1 = (float) (src - lower);
            i0[i] = lower * stride;
            i1[i] = upper * stride;
            w1[i] = lambda1;
            w0[i] = 1f - lambda1;
        }
    }

    /** {@code fma(a, wa, b * wb)} as the AVX2 kernel computes it (see the class comment for the emulation). */
    private static float blend(float a, float wa, float b, float wb) {
        if (HARDWARE_FMA) {
            return Math.fma(a, wa, b * wb);
        }
        return (float) ((double) a * wa + (double) (b * wb));
    }

    private static boolean hardwareFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or jdk.management absent: use the double-precision emulation
        }
    }

    @Override
    void vertical(float[] top, float[] bottom, int y, float[] dst, int out, int n) {
        float w0 = yW0[y];
        float w1 = yW1[y];
        if (HARDWARE_FMA) {
            for (int i = 0; i < n; i++) {
                dst[out + i] = Math.fma(top[i], w0, bottom[i] * w1);
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[out + i] = (float) ((double) top[i] * w0 + (double) (bottom[i] * w1));
            }
        }
    }

    @Override
    void horizontal(byte[] src, int rowStart, float[] row) {
        int[] lower = x0;
        int[] upper = x1;
        float[] w0s = xW0;
        float[] w1s = xW1;
        for (int x = 0, o = 0; x < w0s.length; x++, o += 3) {
            int l = rowStart + lower[x];
            int u = rowStart + upper[x];
            float w0 = w0s[x];
            float w1 = w1s[x];
            row[o] = blend(Uint8.toFloat(src[l]), w0, Uint8.toFloat(src[u]), w1);
            row[o + 1] = blend(Uint8.toFloat(src[l + 1]), w0, Uint8.toFloat(src[u + 1]), w1);
            row[o + 2] = blend(Uint8.toFloat(src[l + 2]), w0, Uint8.toFloat(src[u + 2]), w1);
        }
    }
}

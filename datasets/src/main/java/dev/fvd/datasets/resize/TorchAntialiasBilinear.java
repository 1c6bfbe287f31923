package dev.fvd.datasets.resize;

/**
 * PyTorch {@code F.interpolate(x, size=(H, W), mode='bilinear', align_corners=False, antialias=True)} on a float32 CPU tensor,
 * as the Debian build of torch 1.13.1 computes it ({@code aten/src/ATen/native/cpu/UpSampleKernel.cpp},
 * {@code HelperInterpLinear::compute_indices_weights_aa}, {@code _compute_weights_aa}, {@code aa_filter}; a port of Pillow's
 * {@code Resample.c} with a triangle filter). Per axis, output {@code i}:
 * <ul>
 *   <li>{@code scale = (float) in / out}; {@code support = scale ≥ 1 ? scale : 1} (interp_size 2 × 0.5);
 *       {@code invscale = scale ≥ 1 ? (float) (1.0 / scale) : 1};</li>
 *   <li>{@code center = (float) (scale · (i + 0.5))}; {@code xmin = max((long) ((double) (center − support) + 0.5), 0)};
 *       {@code xsize = min((long) ((double) (center + support) + 0.5), in) − xmin};</li>
 *   <li>{@code w_j = aa_filter((float) (((double) ((float) (j + xmin) − center) + 0.5) · invscale))} with
 *       {@code aa_filter(x) = max(0, 1 − |x|)}, accumulated in float and each divided by the float sum (all float32). Checked
 *       weight by weight against torch (one-hot inputs).</li>
 * </ul>
 * The width is interpolated first (stored as float32), then the height. Each output is {@code t0·w0} followed by the other taps
 * in order; measured on this machine's torch 1.13.1 (AVX2/AVX-512 dispatch, GCC), the compiled loop adds the taps
 * {@code 1 .. 4·⌊(n−1)/4⌋} in blocks of four as separately rounded products (the multiplications are vectorised) and the
 * remaining taps with a fused multiply-add: with exactly that rule the output equals torch's bit for bit on every size tried
 * ({@code test-data/cdfvd/make_reference.py}); plain float sums or FMA throughout differ by 1 ulp in thousands of places.
 * The fused multiply-add uses the {@code Math.fma} intrinsic when HotSpot has hardware FMA, else the same double-precision
 * emulation as {@link TorchBilinear}.
 */
final class TorchAntialiasBilinear {
    /** Taps added as plain products before the FMA tail (see the class comment). */
    private static final int PLAIN_BLOCK = 4;

    private TorchAntialiasBilinear() {
    }

    /**
     * The taps of outputs {@code offset .. offset + count − 1} of one axis resized from {@code inSize} to {@code outSize}.
     *
     * @param min     first input index of each output
     * @param size    taps of each output
     * @param weights {@code ksize} weights per output (unused ones 0)
     * @param ksize   weights stored per output
     */
    record Taps(int[] min, int[] size, float[] weights, int ksize) {

        static Taps of(int inSize, int outSize, int offset, int count) {
            float scale = (float) inSize / (float) outSize;
            float support = scale >= 1f ? scale : 1f;
            float invscale = scale >= 1f ? (float) (1.0 / scale) : 1f;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] min = new int[count];
            int[] size = new int[count];
            float[] weights = new float[count * ksize];
            for (int o = 0; o < count; o++) {
                int i = offset + o;
                float center = (float) (scale * (i + 0.5));
                int xmin = (int) Math.max((long) ((double) (center - support) + 0.5), 0L);
                int xsize = (int) Math.min((long) ((double) (center + support) + 0.5), inSize) - xmin;
                float total = 0f;
                int base = o * ksize;
                for (int j = 0; j < xsize; j++) {
                    float d = (float) (j + xmin) - center;
                    float x = Math.abs((float) (((double) d + 0.5) * invscale));
                    float w = x < 1f ? 1f - x : 0f;
                    weights[base + j] = w;
                    total += w;
                }
                if (total != 0f) {
                    for (int j = 0; j < xsize; j++) {
                        weights[base + j] /= total;
                    }
                }
                min[o] = xmin;
                size[o] = xsize;
            }
            return new Taps(min, size, weights, ksize);
        }

        /** First input index any output reads. */
        int first() {
            return min[0];
        }

        /** One past the last input index any output reads. */
        int end() {
            int end = 0;
            for (int o = 0; o < min.length; o++) {
                end = Math.max(end, min[o] + size[o]);
            }
            return end;
        }
    }

    /**
     * Output {@code o} of {@code taps} over the samples {@code src[base + (min + j) · step]}, with torch's accumulation order.
     */
    static float sum(float[] src, int base, int step, Taps taps, int o) {
        int n = taps.size[o];
        int w0 = o * taps.ksize;
        int at = base + taps.min[o] * step;
        float[] w = taps.weights;
        float acc = src[at] * w[w0];
        int plain = (n - 1) / PLAIN_BLOCK * PLAIN_BLOCK;
        int j = 1;
        for (; j <= plain; j++) {
            acc += src[at + j * step] * w[w0 + j];
        }
        for (; j < n; j++) {
            acc = fma(src[at + j * step], w[w0 + j], acc);
        }
        return acc;
    }

    private static float fma(float a, float b, float c) {
        if (TorchBilinear.HARDWARE_FMA) {
            return Math.fma(a, b, c);
        }
        return (float) ((double) a * b + c);
    }
}

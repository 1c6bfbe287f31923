package dev.fvd.datasets.resize;

import java.util.Arrays;

/**
 * Pillow {@code Image.resize(size, Image.BICUBIC)} of a float ({@code 'F'} mode) channel, clipped to [0, 255], as clean-fid
 * {@code cleanfid/resize.py} {@code make_resizer("PIL", False, "bicubic", ...)} runs it per channel. Pillow
 * {@code src/libImaging/Resample.c}:
 * <ul>
 *   <li>{@code bicubic_filter}: Keys cubic with {@code a = -0.5}, support 2;</li>
 *   <li>{@code precompute_coeffs} (double): {@code scale = in / out}, {@code filterscale = max(scale, 1)} (antialiasing when
 *       reducing), {@code support = 2 * filterscale}; for each output {@code xx}: {@code center = (xx + 0.5) * scale},
 *       {@code xmin = max((int) (center - support + 0.5), 0)}, {@code xmax = min((int) (center + support + 0.5), in) - xmin},
 *       {@code k[x] = filter((x + xmin - center + 0.5) / filterscale)}, normalised by their sum;</li>
 *   <li>{@code ImagingResampleHorizontal_32bpc} then {@code ImagingResampleVertical_32bpc} (horizontal pass first, over the
 *       input rows the vertical pass needs): {@code ss = sum(pixel * k)} accumulated in double in index order, stored as
 *       float32 after each pass.</li>
 * </ul>
 * {@code Image.resize} without {@code reducing_gap} (clean-fid passes none) never takes the {@code reduce()} box fast path, and
 * an unchanged size is a copy, which these coefficients reproduce exactly (weights 0, 1, 0, -0). Channels are independent in
 * Pillow's per-channel calls, so processing the three interleaved channels together gives the same floats.
 */
final class PilBicubic implements FramePlan {
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final int[] xMin3;
    private final int[] xCount;
    private final double[] xCoeffs;
    private final int xKsize;
    private final int[] yMin;
    private final int[] yCount;
    private final double[] yCoeffs;
    private final int yKsize;
    private final int firstRow;
    private final int rowSpan;

    /** Coefficients of one axis for outputs {@code offset .. offset + count - 1} of a resize from {@code inSize} to {@code outSize}. */
    record Coefficients(int[] min, int[] count, double[] k, int ksize) {
        static Coefficients of(int inSize, int outSize, int offset, int outputs) {
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = 2.0 * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] min = new int[outputs];
            int[] count = new int[outputs];
            double[] k = new double[outputs * ksize];
            double ss = 1.0 / filterscale;
            for (int i = 0; i < outputs; i++) {
                int xx = offset + i;
                double center = (xx + 0.5) * scale;
                double ww = 0.0;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                int base = i * ksize;
                for (int x = 0; x < xmax; x++) {
                    double w = bicubic((x + xmin - center + 0.5) * ss);
                    k[base + x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    if (ww != 0.0) {
                        k[base + x] /= ww;
                    }
                }
                min[i] = xmin;
                count[i] = xmax;
            }
            return new Coefficients(min, count, k, ksize);
        }
    }

    /** Pillow {@code bicubic_filter}, same operation order (a = -0.5). */
    static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    PilBicubic(CropWindow window) {
        this.inWidth = window.inWidth();
        this.outHeight = window.outHeight();
        this.outWidth = window.outWidth();
        Coefficients xs = Coefficients.of(window.inWidth(), window.resizedWidth(), window.left(), outWidth);
        Coefficients ys = Coefficients.of(window.inHeight(), window.resizedHeight(), window.top(), outHeight);
        xMin3 = new int[outWidth];
        for (int i = 0; i < outWidth; i++) {
            xMin3[i] = xs.min()[i] * 3;
        }
        xCount = xs.count();
        xCoeffs = xs.k();
        xKsize = xs.ksize();
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (int i = 0; i < outHeight; i++) {
            first = Math.min(first, ys.min()[i]);
            last = Math.max(last, ys.min()[i] + ys.count()[i]);
        }
        firstRow = first;
        rowSpan = last - first;
        yMin = new int[outHeight];
        for (int i = 0; i < outHeight; i++) {
            yMin[i] = ys.min()[i] - first;
        }
        yCount = ys.count();
        yCoeffs = ys.k();
        yKsize = ys.ksize();
    }

    @Override
    public void apply(byte[] src, int srcOffset, float[] dst, int dstOffset) {
        int rowLength = outWidth * 3;
        float[] temp = new float[rowSpan * rowLength];
        int inRowBytes = inWidth * 3;
        for (int r = 0; r < rowSpan; r++) {
            int rowStart = srcOffset + (firstRow + r) * inRowBytes;
            int o = r * rowLength;
            for (int x = 0; x < outWidth; x++, o += 3) {
                int p = rowStart + xMin3[x];
                int n = xCount[x];
                int kb = x * xKsize;
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                for (int j = 0; j < n; j++, p += 3) {
                    double k = xCoeffs[kb + j];
                    s0 += Uint8.toDouble(src[p]) * k;
                    s1 += Uint8.toDouble(src[p + 1]) * k;
                    s2 += Uint8.toDouble(src[p + 2]) * k;
                }
                temp[o] = (float) s0;
                temp[o + 1] = (float) s1;
                temp[o + 2] = (float) s2;
            }
        }
        double[] acc = new double[rowLength];
        int out = dstOffset;
        for (int y = 0; y < outHeight; y++) {
            int n = yCount[y];
            int kb = y * yKsize;
            int base = yMin[y] * rowLength;
            Arrays.fill(acc, 0.0);
            // Same summation order per sample as Pillow (ascending source row), just row-vectorised.
            for (int j = 0; j < n; j++) {
                double k = yCoeffs[kb + j];
                int p = base + j * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    acc[i] += temp[p + i] * k;
                }
            }
            for (int i = 0; i < rowLength; i++) {
                dst[out + i] = clip((float) acc[i]);
            }
            out += rowLength;
        }
    }

    /** clean-fid's {@code np.asarray(img).clip(0, 255)} on the float32 result. */
    private static float clip(float v) {
        return v < 0f ? 0f : (v > 255f ? 255f : v);
    }
}

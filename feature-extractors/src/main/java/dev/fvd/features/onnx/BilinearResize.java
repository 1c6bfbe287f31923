package dev.fvd.features.onnx;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

import java.util.List;
import java.util.Map;

/**
 * Bilinear resizes written out as ONNX Gather + arithmetic so that ONNX Runtime reproduces the reference kernels value for
 * value (the ONNX {@code Resize} op derives source coordinates as {@code x / (out/in)} and differs from TF1 / torch by up to
 * 0.009 on the 0–255 scale). The same formulas as the Java {@code dev.fvd.datasets.resize.FrameResizer}:
 *
 * <ul>
 *   <li>{@link ResizeMethod#TF1_BILINEAR} — TF1 {@code resize_bilinear(align_corners=False, half_pixel_centers=False)},
 *       {@code tensorflow/core/kernels/image/resize_bilinear_op.cc}: {@code scale = in / (float) out},
 *       {@code src = (float) dst · scale}, {@code lo = floor(src)}, {@code hi = min(ceil(src), in−1)},
 *       {@code lerp = src − floor(src)}; {@code a + (b − a)·lerp} along W, then along H; all float32.</li>
 *   <li>{@link ResizeMethod#TORCH_BILINEAR} — torch 1.13 {@code F.interpolate(bilinear, align_corners=False)},
 *       {@code aten/src/ATen/native/UpSample.h} + {@code cpu/UpSampleKernel.cpp}: {@code scale = (float) in / out},
 *       {@code src = max(scale·(dst + 0.5) − 0.5, 0)} in double, {@code i0 = (int) src}, {@code i1 = min(i0+1, in−1)},
 *       {@code l1 = (float)(src − i0)}, {@code l0 = 1 − l1}; W first, then H, each sum {@code fma(a, l0, b·l1)} (the AVX2
 *       kernel contracts to FMA), emulated here in double: {@code (float)((double) a·l0 + (double)(b·l1))}.</li>
 * </ul>
 * Crop: {@link CropMode#SQUASH} resizes the whole frame; {@link CropMode#CENTER_CROP} is VideoGPT's
 * {@code preprocess}: short side to {@code size}, long side {@code ceil(long · size/short)} in double (the {@code h < w}
 * test decides which side is "short", as in Python), then the centre window at {@code (resized − size) // 2}.
 * Only the kept window is computed (value-identical to resizing in full and slicing). Input and output sizes are read
 * from the tensor at run time, so one graph serves every input size; the output is {@code size × size}.
 */
public final class BilinearResize {
    private BilinearResize() {
    }

    /**
     * Resizes float tensor {@code x} on axes {@code hAxis} and {@code wAxis} (the last two axes, e.g. NCHW or NCTHW) to
     * {@code size × size}. Returns the output name.
     */
    public static String resize(GraphBuilder g, String x, int rank, ResizeMethod method, CropMode crop, int size) {
        int hAxis = rank - 2;
        int wAxis = rank - 1;
        String h = g.node("Shape", List.of(x), Map.of("start", (long) hAxis, "end", (long) hAxis + 1));
        String w = g.node("Shape", List.of(x), Map.of("start", (long) wAxis, "end", (long) wAxis + 1));
        String sizeVec = g.initializerInt64(unique(g, "size"), new long[] {size}, 1);
        String resizedH = sizeVec;
        String resizedW = sizeVec;
        String top = g.initializerInt64(unique(g, "zero"), new long[] {0}, 1);
        String left = top;
        if (crop == CropMode.CENTER_CROP) {
            String hD = g.cast(h, ElementType.DOUBLE);
            String wD = g.cast(w, ElementType.DOUBLE);
            String scale = g.node("Div", List.of(g.cast(sizeVec, ElementType.DOUBLE), g.node("Min", List.of(hD, wD), null)),
                    null);
            String ceilH = g.cast(g.node("Ceil", List.of(g.node("Mul", List.of(hD, scale), null)), null), ElementType.INT64);
            String ceilW = g.cast(g.node("Ceil", List.of(g.node("Mul", List.of(wD, scale), null)), null), ElementType.INT64);
            String hShort = g.node("Less", List.of(h, w), null);
            resizedH = g.node("Max", List.of(g.node("Where", List.of(hShort, sizeVec, ceilH), null), sizeVec), null);
            resizedW = g.node("Max", List.of(g.node("Where", List.of(hShort, ceilW, sizeVec), null), sizeVec), null);
            String two = g.initializerInt64(unique(g, "two"), new long[] {2}, 1);
            top = g.node("Div", List.of(g.node("Sub", List.of(resizedH, sizeVec), null), two), null);
            left = g.node("Div", List.of(g.node("Sub", List.of(resizedW, sizeVec), null), two), null);
        }
        String index = g.initializerInt64(unique(g, "index"), range(size), size);
        // W first, then H: TF1 lerps each input row horizontally before the vertical lerp; torch's separable kernel does W
        // first too. Resizing all input rows along W first is value-identical and cheaper than gathering rows first.
        String alongW = axis(g, x, wAxis, rank, method, w, resizedW, left, index, size);
        return axis(g, alongW, hAxis, rank, method, h, resizedH, top, index, size);
    }

    private static String axis(GraphBuilder g, String x, int axis, int rank, ResizeMethod method, String in,
                               String resized, String offset, String index, int size) {
        long[] weightShape = new long[rank - axis];
        java.util.Arrays.fill(weightShape, 1);
        weightShape[0] = size;
        String one = g.initializerInt64(unique(g, "one"), new long[] {1}, 1);
        String last = g.node("Sub", List.of(in, one), null);
        String scale = g.node("Div", List.of(g.cast(in, ElementType.FLOAT), g.cast(resized, ElementType.FLOAT)), null);
        String dst = g.node("Add", List.of(index, offset), null);
        Map<String, Object> axisAttr = Map.of("axis", (long) axis);
        switch (method) {
            case TF1_BILINEAR -> {
                String src = g.node("Mul", List.of(g.cast(dst, ElementType.FLOAT), scale), null);
                String floor = g.node("Floor", List.of(src), null);
                String lo = g.cast(floor, ElementType.INT64);
                String hi = g.node("Min", List.of(g.cast(g.node("Ceil", List.of(src), null), ElementType.INT64), last), null);
                String lerp = g.reshape(g.node("Sub", List.of(src, floor), null), weightShape);
                String a = g.node("Gather", List.of(x, lo), axisAttr);
                String b = g.node("Gather", List.of(x, hi), axisAttr);
                return g.node("Add", List.of(a, g.node("Mul", List.of(g.node("Sub", List.of(b, a), null), lerp), null)),
                        null);
            }
            case TORCH_BILINEAR -> {
                String half = g.cast(g.initializer(unique(g, "half"), new float[] {0.5f}, 1), ElementType.DOUBLE);
                String zero = g.cast(g.initializer(unique(g, "zeroF"), new float[] {0f}, 1), ElementType.DOUBLE);
                String src = g.node("Sub", List.of(g.node("Mul", List.of(g.cast(scale, ElementType.DOUBLE),
                        g.node("Add", List.of(g.cast(dst, ElementType.DOUBLE), half), null)), null), half), null);
                src = g.node("Max", List.of(src, zero), null);
                String floor = g.node("Floor", List.of(src), null);
                String i0 = g.cast(floor, ElementType.INT64);
                String i1 = g.node("Min", List.of(g.node("Add", List.of(i0, one), null), last), null);
                String l1 = g.cast(g.node("Sub", List.of(src, floor), null), ElementType.FLOAT);
                String l0 = g.node("Sub", List.of(g.initializer(unique(g, "oneF"), new float[] {1f}, 1), l1), null);
                String a = g.node("Gather", List.of(x, i0), axisAttr);
                String b = g.node("Gather", List.of(x, i1), axisAttr);
                String w0 = g.reshape(l0, weightShape);
                String w1 = g.reshape(l1, weightShape);
                // fma(a, l0, b·l1): the product a·l0 is exact in double, then one double add, then round to float
                String aw = g.node("Mul", List.of(g.cast(a, ElementType.DOUBLE), g.cast(w0, ElementType.DOUBLE)), null);
                String bw = g.cast(g.node("Mul", List.of(b, w1), null), ElementType.DOUBLE);
                return g.cast(g.node("Add", List.of(aw, bw), null), ElementType.FLOAT);
            }
            default -> throw new IllegalArgumentException("not a bilinear resize: " + method);
        }
    }

    private static long[] range(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static String unique(GraphBuilder g, String what) {
        return g.freshName("resize_" + what);
    }
}

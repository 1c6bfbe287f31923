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
     * Resizes {@code x} on its last two axes (e.g. NCHW or NCTHW) to {@code size × size}; see
     * {@link #resize(GraphBuilder, String, int, int, int, ResizeMethod, CropMode, int)}.
     */
    public static String resize(GraphBuilder g, String x, int rank, ResizeMethod method, CropMode crop, int size) {
        return resize(g, x, rank, rank - 2, rank - 1, method, crop, size);
    }

    /**
     * Resizes {@code x} (uint8 or float, values 0–255) on axes {@code hAxis} and {@code wAxis} (e.g. 2 and 3 of NTHWC) to
     * {@code size × size}; returns the name of the float result. The source rows and columns each output sample needs are
     * gathered first, in the input's type, and only the {@code size × size} result is converted to float: a 1080p batch never
     * exists as float.
     */
    public static String resize(GraphBuilder g, String x, int rank, int hAxis, int wAxis, ResizeMethod method,
                                CropMode crop, int size) {
        if (method != ResizeMethod.TF1_BILINEAR && method != ResizeMethod.TORCH_BILINEAR) {
            throw new IllegalArgumentException("not a bilinear resize: " + method);
        }
        String h = g.node("Shape", List.of(x), Map.of("start", (long) hAxis, "end", (long) hAxis + 1));
        String w = g.node("Shape", List.of(x), Map.of("start", (long) wAxis, "end", (long) wAxis + 1));
        String sizeVec = g.initializerInt64(unique(g, "size"), new long[] {size}, 1);
        // Frames already size × size: every filter and crop here is then exactly the identity (TF1: src = dst, lerp 0;
        // torch: src = dst, weights 1 and 0; VideoGPT: resized = size, offset 0), so skip the arithmetic, as TTUR skips
        // its resize at 299.
        String same = g.node("And", List.of(g.node("Equal", List.of(h, sizeVec), null),
                g.node("Equal", List.of(w, sizeVec), null)), null);
        GraphBuilder identity = g.subgraph("resize_identity");
        String asFloat = identity.freshName("resize_cast");
        identity.identity(identity.cast(x, ElementType.FLOAT), asFloat);
        identity.outputOfAnyShape(asFloat, ElementType.FLOAT);
        GraphBuilder general = g.subgraph("resize_general");
        String resized = general.freshName("resize_out");
        general.identity(resizeAlways(general, x, h, w, rank, hAxis, wAxis, method, crop, size), resized);
        general.outputOfAnyShape(resized, ElementType.FLOAT);
        Map<String, Object> branches = new java.util.LinkedHashMap<>();
        branches.put("then_branch", identity.buildGraph());
        branches.put("else_branch", general.buildGraph());
        return g.node("If", List.of(same), branches);
    }

    private static String resizeAlways(GraphBuilder g, String x, String h, String w, int rank, int hAxis, int wAxis,
                                       ResizeMethod method, CropMode crop, int size) {
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
        Plan rows = plan(g, method, h, resizedH, top, index, size, rank - hAxis);
        Plan cols = plan(g, method, w, resizedW, left, index, size, rank - wAxis);
        // TF1 and torch both interpolate along W first (each needed input row once), then along H.
        String upper = horizontal(g, g.node("Gather", List.of(x, rows.lo()), Map.of("axis", (long) hAxis)), cols, wAxis,
                method);
        String lower = horizontal(g, g.node("Gather", List.of(x, rows.hi()), Map.of("axis", (long) hAxis)), cols, wAxis,
                method);
        return blend(g, upper, lower, rows, method);
    }

    /** Source indices and weights of one axis: {@code lo}, {@code hi} int64 [size]; weights shaped to broadcast. */
    private record Plan(String lo, String hi, String w0, String w1) {
    }

    private static String horizontal(GraphBuilder g, String rows, Plan cols, int wAxis, ResizeMethod method) {
        Map<String, Object> axis = Map.of("axis", (long) wAxis);
        String a = g.cast(g.node("Gather", List.of(rows, cols.lo()), axis), ElementType.FLOAT);
        String b = g.cast(g.node("Gather", List.of(rows, cols.hi()), axis), ElementType.FLOAT);
        return blend(g, a, b, cols, method);
    }

    /** TF1: {@code a + (b − a)·lerp}; torch: {@code fma(a, l0, b·l1)} emulated in double. */
    private static String blend(GraphBuilder g, String a, String b, Plan p, ResizeMethod method) {
        if (method == ResizeMethod.TF1_BILINEAR) {
            return g.node("Add", List.of(a, g.node("Mul", List.of(g.node("Sub", List.of(b, a), null), p.w1()), null)), null);
        }
        // the product a·l0 is exact in double; one double add; one rounding to float (see class comment)
        String aw = g.node("Mul", List.of(g.cast(a, ElementType.DOUBLE), g.cast(p.w0(), ElementType.DOUBLE)), null);
        String bw = g.cast(g.node("Mul", List.of(b, p.w1()), null), ElementType.DOUBLE);
        return g.cast(g.node("Add", List.of(aw, bw), null), ElementType.FLOAT);
    }

    /**
     * @param trailing number of axes from this axis to the end (weights get shape {@code [size, 1, ..., 1]})
     */
    private static Plan plan(GraphBuilder g, ResizeMethod method, String in, String resized, String offset, String index,
                             int size, int trailing) {
        long[] weightShape = new long[trailing];
        java.util.Arrays.fill(weightShape, 1);
        weightShape[0] = size;
        String one = g.initializerInt64(unique(g, "one"), new long[] {1}, 1);
        String last = g.node("Sub", List.of(in, one), null);
        String scale = g.node("Div", List.of(g.cast(in, ElementType.FLOAT), g.cast(resized, ElementType.FLOAT)), null);
        String dst = g.node("Add", List.of(index, offset), null);
        if (method == ResizeMethod.TF1_BILINEAR) {
            String src = g.node("Mul", List.of(g.cast(dst, ElementType.FLOAT), scale), null);
            String floor = g.node("Floor", List.of(src), null);
            String lo = g.cast(floor, ElementType.INT64);
            String hi = g.node("Min", List.of(g.cast(g.node("Ceil", List.of(src), null), ElementType.INT64), last), null);
            String lerp = g.reshape(g.node("Sub", List.of(src, floor), null), weightShape);
            return new Plan(lo, hi, null, lerp);
        }
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
        return new Plan(i0, i1, g.reshape(l0, weightShape), g.reshape(l1, weightShape));
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

package dev.fvd.features.i3d;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.ExtractionBench;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * I3D's stem alone (Conv3d_1a 7×7×7 stride 2 on 3 channels + ReLU + MaxPool 1×3×3 stride 1,2,2, TF SAME), two ways:
 * as one Conv3d (MLAS im2col + sgemm) and as seven Conv2d over the frames (ORT's NCHWc direct convolution), same input,
 * to see which one the full graph should use. Prints ms per batch and the largest difference.
 */
public final class I3dStemBench {
    private I3dStemBench() {
    }

    public static void main(String[] args) throws OrtException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int t = 16;
        float[] w = random(64 * 3 * 343, 3, Math.sqrt(2.0 / 1029));
        float[] b = random(64, 4, 0.1);
        float[] x = random(n * 3 * t * 224 * 224, 5, 1);
        Map<String, byte[]> models = new LinkedHashMap<>();
        models.put("Conv3d", conv3d(w, b));
        models.put("7 x Conv2d over frames", framewise(w, b, n));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<float[]> outs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<String, byte[]> m : models.entrySet()) {
                try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                    so.setIntraOpNumThreads(threads);
                    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    if (round == 1) {
                        so.enableProfiling("/tmp/fvd-stem");
                    }
                    try (OrtSession s = env.createSession(m.getValue(), so);
                         OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, 3, t, 224, 224})) {
                        double best = Double.MAX_VALUE;
                        float[] out = null;
                        for (int r = 0; r < 4; r++) {
                            long s0 = System.nanoTime();
                            try (OrtSession.Result res = s.run(Map.of("x", in))) {
                                best = r == 0 ? best : Math.min(best, (System.nanoTime() - s0) / 1e6);
                                if (r == 0 && round == 0) {
                                    FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer();
                                    out = new float[fb.remaining()];
                                    fb.get(out);
                                }
                            }
                        }
                        if (out != null) {
                            outs.add(out);
                        }
                        System.out.printf("%-26s batch %d: best %.1f ms (load %s)%n", m.getKey(), n, best,
                                ExtractionBench.loadAverage());
                        if (round == 1) {
                            java.nio.file.Path trace = java.nio.file.Path.of(s.endProfiling());
                            try {
                                dev.fvd.features.OperatorProfile.parse(java.nio.file.Files.readString(trace), 3)
                                        .print(m.getKey());
                                java.nio.file.Files.delete(trace);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                }
            }
        }
        double diff = 0;
        for (int i = 0; i < outs.get(0).length; i++) {
            diff = Math.max(diff, Math.abs(outs.get(0)[i] - outs.get(1)[i]));
        }
        System.out.printf("max |difference| %.3g over %d values%n", diff, outs.get(0).length);
    }

    static byte[] conv3d(float[] w, float[] b) {
        GraphBuilder g = new GraphBuilder("stem", GraphBuilder.MIN_OPSET);
        String x = g.input("x", ElementType.FLOAT, "N", "3", "16", "224", "224");
        String y = g.relu(g.node("Conv", List.of(x, g.initializer("w", w, 64, 3, 7, 7, 7), g.initializer("b", b, 64)),
                Map.of("kernel_shape", new long[] {7, 7, 7}, "strides", new long[] {2, 2, 2}, "auto_pad", "SAME_UPPER")));
        y = g.node("MaxPool", List.of(y), Map.of("kernel_shape", new long[] {1, 3, 3}, "strides", new long[] {1, 2, 2},
                "auto_pad", "SAME_UPPER"));
        g.identity(y, "y");
        g.output("y", ElementType.FLOAT, "N", "64", "8", "56", "56");
        return g.build(Map.of()).toByteArray();
    }

    /** Frames as the batch: pad time (2, 3), for each kt a strided frame slice through a Conv2d, summed; then pool. */
    static byte[] framewise(float[] w, float[] b, int n) {
        GraphBuilder g = new GraphBuilder("stem2d", GraphBuilder.MIN_OPSET);
        String x = g.input("x", ElementType.FLOAT, "N", "3", "16", "224", "224");
        String ntc = g.transpose(x, 0, 2, 1, 3, 4); // [N, T, 3, H, W]
        String padded = g.node("Pad", List.of(ntc, g.initializerInt64("pads", new long[] {0, 2, 0, 0, 0, 0, 3, 0, 0, 0}, 10)),
                Map.of("mode", "constant"));
        String sum = null;
        for (int kt = 0; kt < 7; kt++) {
            String slice = g.node("Slice", List.of(padded,
                    g.initializerInt64(g.freshName("starts"), new long[] {kt}, 1),
                    g.initializerInt64(g.freshName("ends"), new long[] {kt + 15}, 1),
                    g.initializerInt64(g.freshName("axes"), new long[] {1}, 1),
                    g.initializerInt64(g.freshName("steps"), new long[] {2}, 1)), null);
            String frames = g.reshape(slice, -1, 3, 224, 224);
            float[] wk = new float[64 * 3 * 49];
            for (int o = 0; o < 64; o++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(w, ((o * 3 + c) * 7 + kt) * 49, wk, (o * 3 + c) * 49, 49);
                }
            }
            List<String> in = new ArrayList<>(List.of(frames, g.initializer(g.freshName("w"), wk, 64, 3, 7, 7)));
            if (kt == 0) {
                in.add(g.initializer("b", b, 64));
            }
            String c = g.node("Conv", in, Map.of("kernel_shape", new long[] {7, 7}, "strides", new long[] {2, 2},
                    "pads", new long[] {2, 2, 3, 3}));
            sum = sum == null ? c : g.node("Add", List.of(sum, c), null);
        }
        String y = g.node("MaxPool", List.of(g.relu(sum)), Map.of("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2}, "pads", new long[] {0, 0, 1, 1}));
        y = g.reshape(y, n, 8, 64, 56, 56);
        g.identity(g.transpose(y, 0, 2, 1, 3, 4), "y");
        g.output("y", ElementType.FLOAT, "N", "64", "8", "56", "56");
        return g.build(Map.of()).toByteArray();
    }

    private static float[] random(int count, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }
}

package dev.fvd.features.i3d;

import dev.fvd.features.checkpoint.tf.FloatTensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random I3D weights under the canonical kinetics-i3d names and TF layouts, widths = real widths / {@code divisor}
 * (same scheme as test-data/i3d/i3d_reference.py, different random stream). For benchmarks and full-size checks.
 */
public final class I3dRandomWeights {
    static final int[][] MIXED_WIDTHS = {
        {64, 96, 128, 16, 32, 32}, {128, 128, 192, 32, 96, 64}, {192, 96, 208, 16, 48, 64}, {160, 112, 224, 24, 64, 64},
        {128, 128, 256, 24, 64, 64}, {112, 144, 288, 32, 64, 64}, {256, 160, 320, 32, 128, 128},
        {256, 160, 320, 32, 128, 128}, {384, 192, 384, 48, 128, 128}};

    private I3dRandomWeights() {
    }

    public static Map<String, FloatTensor> generate(int divisor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, FloatTensor> w = new LinkedHashMap<>();
        unit(w, random, "Conv3d_1a_7x7", 7, 3, 64 / divisor);
        unit(w, random, "Conv3d_2b_1x1", 1, 64 / divisor, 64 / divisor);
        unit(w, random, "Conv3d_2c_3x3", 3, 64 / divisor, 192 / divisor);
        int cin = 192 / divisor;
        for (int m = 0; m < I3dGraph.MIXED.length; m++) {
            String b = I3dGraph.MIXED[m];
            int[] c = new int[6];
            for (int i = 0; i < 6; i++) {
                c[i] = MIXED_WIDTHS[m][i] / divisor;
            }
            unit(w, random, b + "/Branch_0/Conv3d_0a_1x1", 1, cin, c[0]);
            unit(w, random, b + "/Branch_1/Conv3d_0a_1x1", 1, cin, c[1]);
            unit(w, random, b + "/Branch_1/Conv3d_0b_3x3", 3, c[1], c[2]);
            unit(w, random, b + "/Branch_2/Conv3d_0a_1x1", 1, cin, c[3]);
            unit(w, random, b + "/Branch_2/" + (b.equals("Mixed_5b") ? "Conv3d_0a_3x3" : "Conv3d_0b_3x3"), 3, c[3], c[4]);
            unit(w, random, b + "/Branch_3/Conv3d_0b_1x1", 1, cin, c[5]);
            cin = c[0] + c[2] + c[4] + c[5];
        }
        w.put(I3dGraph.SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/w",
                new FloatTensor(new long[] {1, 1, 1, cin, 400}, gaussian(random, cin * 400, Math.sqrt(1.0 / cin))));
        w.put(I3dGraph.SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/b", new FloatTensor(new long[] {400}, gaussian(random, 400, 0.1)));
        return w;
    }

    private static void unit(Map<String, FloatTensor> w, SplittableRandom r, String scope, int k, int cin, int cout) {
        int n = k * k * k * cin * cout;
        String p = I3dGraph.SCOPE + scope;
        w.put(p + "/conv_3d/w", new FloatTensor(new long[] {k, k, k, cin, cout},
                gaussian(r, n, Math.sqrt(2.0 / (k * k * k * cin)))));
        w.put(p + "/batch_norm/beta", new FloatTensor(new long[] {cout}, gaussian(r, cout, 0.1)));
        w.put(p + "/batch_norm/moving_mean", new FloatTensor(new long[] {cout}, gaussian(r, cout, 0.1)));
        float[] var = new float[cout];
        for (int i = 0; i < cout; i++) {
            var[i] = (float) (0.5 + r.nextDouble());
        }
        w.put(p + "/batch_norm/moving_variance", new FloatTensor(new long[] {cout}, var));
    }

    private static float[] gaussian(SplittableRandom r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Box–Muller from the splittable stream (deterministic across JVMs)
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }
}

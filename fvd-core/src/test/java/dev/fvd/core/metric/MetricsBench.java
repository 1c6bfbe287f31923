package dev.fvd.core.metric;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark (not a test) of the feature-based metrics; prints one line per run. Run with
 * {@code fvd-core/bench/metrics-bench.sh}. Arguments: {@code bootstrap D N B THREADS} or {@code prdc D N THREADS};
 * features are seeded Gaussians with a random per-dimension scale (the cost does not depend on the values).
 */
public final class MetricsBench {

    private MetricsBench() {
    }

    static float[][] gaussian(int n, int d, double shift, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] scale = new double[d];
        SplittableRandom s = new SplittableRandom(42);
        for (int j = 0; j < d; j++) {
            scale[j] = 0.2 + s.nextDouble();
        }
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                // Box–Muller, enough for a benchmark
                double u = random.nextDouble();
                double v = random.nextDouble();
                rows[i][j] = (float) (shift + scale[j] * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v));
            }
        }
        return rows;
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "bootstrap";
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        float[][] real = gaussian(n, d, 0.0, 1);
        float[][] fake = gaussian(n, d, 0.1, 2);
        MetricInput r = MetricInput.ofFeatures(real, CovarianceDivisor.N_MINUS_ONE);
        MetricInput f = MetricInput.ofFeatures(fake, CovarianceDivisor.N_MINUS_ONE);
        String backend = LinearAlgebra.system().name();
        switch (what) {
            case "bootstrap" -> {
                int b = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
                int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
                long t0 = System.nanoTime();
                BootstrapResult res = new BootstrapMetric(b, 0.95, 0L, threads).compute(r, f);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "bootstrap d=%d N=%d B=%d threads=%d backend=%s: %.2f s (%.1f ms per "
                                + "replicate)  FD=%.4f CI=[%.4f, %.4f]%n", d, n, b, threads, backend, s, 1000 * s / b,
                        res.value(), res.low(), res.high());
            }
            case "prdc" -> {
                int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
                long t0 = System.nanoTime();
                PrdcResult res = new PrdcMetric(PrdcMetric.DEFAULT_K_PR, PrdcMetric.DEFAULT_K_DC, threads)
                        .compute(r, f);
                double s = (System.nanoTime() - t0) / 1e9;
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "prdc d=%d N=%d per side threads=%d backend=%s: %.1f s  P=%.4f R=%.4f "
                                + "D=%.4f C=%.4f  heap used after %.0f MB (features %.0f MB)%n", d, n, threads, backend,
                        s, res.precision(), res.recall(), res.density(), res.coverage(),
                        (rt.totalMemory() - rt.freeMemory()) / 1e6, 2.0 * n * d * 4 / 1e6);
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + what + "; expected bootstrap or prdc");
        }
    }
}

package dev.fvd.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fp32 matrix-multiply rate of this machine, measured in this JVM with a given thread count: a large square sgemm as
 * an ONNX Runtime {@code MatMul} (MLAS, the GEMM behind ORT's CPU Conv) and as OpenBLAS {@code cblas_sgemm} (bytedeco
 * openblas, the library numpy uses). A network's GFLOP/s divided by the higher of the two is its roofline fraction: a
 * convolution network is at best as fast as the GEMMs it reduces to.
 */
public final class SgemmRoofline {
    /** GFLOP/s (2·n³ per multiply, best of the repetitions) of each library. */
    public record Rates(int n, int threads, double ortMatMul, double openBlas) {
        public double best() {
            return Math.max(ortMatMul, openBlas);
        }

        @Override
        public String toString() {
            return String.format("sgemm %d³, %d threads: ORT MatMul (MLAS) %.1f GFLOP/s, OpenBLAS cblas_sgemm %.1f GFLOP/s",
                    n, threads, ortMatMul, openBlas);
        }
    }

    private SgemmRoofline() {
    }

    public static Rates measure(int n, int threads, int repetitions) {
        return new Rates(n, threads, ortMatMul(n, threads, repetitions), openBlas(n, threads, repetitions));
    }

    /** An open ORT MatMul session, to time one sgemm next to each network batch (the machine's load drifts). */
    public static final class OrtSgemm implements AutoCloseable {
        private final int n;
        private final OrtSession.SessionOptions options;
        private final OrtSession session;
        private final OnnxTensor input;

        public OrtSgemm(int n, int threads) {
            this.n = n;
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try {
                options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                session = env.createSession(matMulModel(n), options);
                input = OnnxTensor.createTensor(env, FloatBuffer.wrap(random(n * n, 1)), new long[] {n, n});
                gflops();
            } catch (OrtException e) {
                throw new IllegalStateException("ORT MatMul sgemm: " + e.getMessage(), e);
            }
        }

        /** GFLOP/s of one {@code n³} multiply now. */
        public double gflops() {
            long t = System.nanoTime();
            try {
                session.run(Map.of("a", input)).close();
            } catch (OrtException e) {
                throw new IllegalStateException("ORT MatMul sgemm: " + e.getMessage(), e);
            }
            return 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
        }

        @Override
        public void close() {
            input.close();
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
            options.close();
        }
    }

    private static byte[] matMulModel(int n) {
        GraphBuilder g = new GraphBuilder("sgemm", GraphBuilder.MIN_OPSET);
        String a = g.input("a", ElementType.FLOAT, String.valueOf(n), String.valueOf(n));
        String b = g.initializer("b", random(n * n, 2), n, n);
        g.identity(g.node("MatMul", List.of(a, b), null), "c");
        g.output("c", ElementType.FLOAT, String.valueOf(n), String.valueOf(n));
        return g.build(Map.of()).toByteArray();
    }

    static double ortMatMul(int n, int threads, int repetitions) {
        byte[] model = matMulModel(n);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, so);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(random(n * n, 1)), new long[] {n, n})) {
                session.run(Map.of("a", in)).close();
                double best = Double.MAX_VALUE;
                for (int r = 0; r < repetitions; r++) {
                    long t = System.nanoTime();
                    session.run(Map.of("a", in)).close();
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
                return 2.0 * n * n * n / best / 1e9;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ORT MatMul sgemm: " + e.getMessage(), e);
        }
    }

    static double openBlas(int n, int threads, int repetitions) {
        Loader.load(openblas.class);
        openblas.blas_set_num_threads(threads);
        try (FloatPointer a = new FloatPointer(random(n * n, 1));
             FloatPointer b = new FloatPointer(random(n * n, 2));
             FloatPointer c = new FloatPointer((long) n * n)) {
            double best = Double.MAX_VALUE;
            for (int r = 0; r <= repetitions; r++) {
                long t = System.nanoTime();
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, n, n, 1f,
                        a, n, b, n, 0f, c, n);
                if (r > 0) { // the first call warms threads and pages
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    private static float[] random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (random.nextDouble() - 0.5);
        }
        return v;
    }
}

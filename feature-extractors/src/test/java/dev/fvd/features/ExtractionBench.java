package dev.fvd.features;

import ai.onnxruntime.OrtSession;
import dev.fvd.datasets.Clip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the model benchmarks ({@code I3dBench}, {@code InceptionBench}) print, in one run: network-only clips/s through
 * {@link FeatureExtractors} (mean, median, best batch), the model's GFLOP per clip counted from the graph's Conv / MatMul /
 * Gemm shapes ({@link OperatorProfile#multiplyAdds}), the machine's sgemm GFLOP/s with the same thread count
 * ({@link SgemmRoofline}, measured before and after, and an ORT sgemm timed right before each batch: the "paired"
 * roofline, robust to a load that drifts during the run), the roofline fraction, and ORT's per-operator profile.
 * A last line {@code RESULT ...} is read by the shell scripts (ratio to PyTorch).
 */
public final class ExtractionBench {
    /** Clips per second of the timed batches. */
    public record Timing(double mean, double median, double best) {
    }

    private ExtractionBench() {
    }

    /** Runs one warm-up call, then {@code batches} timed calls of {@code extractor.extract(clips)}. */
    public static Timing time(FeatureExtractor extractor, List<Clip> clips, int batches) {
        extractor.extract(clips);
        double[] seconds = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t = System.nanoTime();
            extractor.extract(clips);
            seconds[b] = (System.nanoTime() - t) / 1e9;
        }
        return timing(seconds, clips.size());
    }

    public static Timing timing(double[] seconds, int clipsPerBatch) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        double total = Arrays.stream(s).sum();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new Timing(s.length * clipsPerBatch / total, clipsPerBatch / median, clipsPerBatch / s[0]);
    }

    /**
     * The whole report for one model.
     *
     * @param label    e.g. {@code "I3D (full width, 16x224x224)"}
     * @param clips    one batch of input clips (its size is the batch size)
     * @param video    whether the model takes {@code [N,T,H,W,3]} (else {@code [N,H,W,3]})
     * @param profile  whether to print ORT's per-operator profile of one batch
     * @return the network-only timing
     */
    public static Timing report(String label, byte[] model, List<Clip> clips, boolean video, int threads, int batches,
                                boolean profile) {
        String load0 = loadAverage();
        ExtractorOptions options = ExtractorOptions.defaults().withThreads(threads).withBatchSize(clips.size());
        Clip first = clips.get(0);
        double macs = OperatorProfile.run(model, input(clips.subList(0, 1)), shape(first, 1, video),
                options.withBatchSize(1), so -> optLevel(so, OrtSession.SessionOptions.OptLevel.NO_OPT), 1).multiplyAdds();
        double gflop = 2 * macs / 1e9;
        System.out.printf("%s: %.2f GMAC = %.2f GFLOP per clip (Conv/MatMul/Gemm shapes of the graph)%n", label,
                macs / 1e9, gflop);
        SgemmRoofline.Rates before = SgemmRoofline.measure(4096, threads, 3);
        System.out.println("before: " + before);
        Timing t;
        double[] paired = new double[batches];
        try (FeatureExtractor e = FeatureExtractors.open(model, label, null, null, options);
             SgemmRoofline.OrtSgemm sgemmNow = new SgemmRoofline.OrtSgemm(4096, threads)) {
            e.extract(clips); // warm-up
            double[] seconds = new double[batches];
            for (int b = 0; b < batches; b++) {
                double rate = sgemmNow.gflops(); // the sgemm rate right before this batch: the load drifts
                long s0 = System.nanoTime();
                e.extract(clips);
                seconds[b] = (System.nanoTime() - s0) / 1e9;
                paired[b] = gflop * clips.size() / seconds[b] / rate;
            }
            t = timing(seconds, clips.size());
        }
        Arrays.sort(paired);
        double pairedMedian = paired.length % 2 == 1 ? paired[paired.length / 2]
                : (paired[paired.length / 2 - 1] + paired[paired.length / 2]) / 2;
        SgemmRoofline.Rates after = SgemmRoofline.measure(4096, threads, 3);
        System.out.println("after:  " + after);
        double sgemm = Math.max(before.best(), after.best());
        System.out.printf("ONNX Runtime %s, batch %d, %d threads, %d batches: mean %.3f, median %.3f, best batch %.3f "
                        + "clips/s%n", label, clips.size(), threads, batches, t.mean(), t.median(), t.best());
        System.out.printf("roofline: median %.1f GFLOP/s = %.1f %% of sgemm %.1f GFLOP/s (best batch %.1f GFLOP/s = "
                        + "%.1f %%)%n", gflop * t.median(), 100 * gflop * t.median() / sgemm, sgemm, gflop * t.best(),
                100 * gflop * t.best() / sgemm);
        System.out.printf("roofline, each batch against the ORT sgemm timed right before it: median %.1f %%, best %.1f %%%n",
                100 * pairedMedian, 100 * paired[paired.length - 1]);
        if (profile) {
            OperatorProfile.run(model, input(clips), shape(first, clips.size(), video), options, null, 1)
                    .print("ORT profile, " + label + ", batch " + clips.size() + ", default session options");
        }
        String load1 = loadAverage();
        System.out.printf("load average: %s → %s%n", load0, load1);
        System.out.printf("RESULT clips_per_s_median=%.4f clips_per_s_best=%.4f gflop_per_clip=%.3f sgemm=%.1f "
                + "roofline_median_pct=%.1f roofline_paired_median_pct=%.1f%n", t.median(), t.best(), gflop, sgemm,
                100 * gflop * t.median() / sgemm, 100 * pairedMedian);
        return t;
    }

    /** {@code configure} as a session-options change that sets the optimisation level. */
    public static void optLevel(OrtSession.SessionOptions so, OrtSession.SessionOptions.OptLevel level) {
        try {
            so.setOptimizationLevel(level);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Times raw sessions with changed session options on one batch (same input), to compare with the defaults. */
    public static void variants(byte[] model, List<Clip> clips, boolean video, int threads, int batches,
                                List<String> names, List<Consumer<OrtSession.SessionOptions>> changes) {
        ByteBuffer in = input(clips);
        long[] shape = shape(clips.get(0), clips.size(), video);
        ExtractorOptions options = ExtractorOptions.defaults().withThreads(threads).withBatchSize(clips.size());
        for (int round = 0; round < 2; round++) { // twice, interleaved: the machine's load drifts
            for (int v = 0; v < names.size(); v++) {
                double[] seconds = new double[batches];
                try (OrtSession.SessionOptions so = FeatureExtractors.sessionOptions(options)) {
                    changes.get(v).accept(so);
                    ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
                    try (OrtSession session = env.createSession(model, so);
                         ai.onnxruntime.OnnxTensor t = ai.onnxruntime.OnnxTensor.createTensor(env, in, shape,
                                 ai.onnxruntime.OnnxJavaType.UINT8)) {
                        String name = session.getInputNames().iterator().next();
                        session.run(java.util.Map.of(name, t)).close();
                        for (int b = 0; b < batches; b++) {
                            long s = System.nanoTime();
                            session.run(java.util.Map.of(name, t)).close();
                            seconds[b] = (System.nanoTime() - s) / 1e9;
                        }
                    }
                } catch (ai.onnxruntime.OrtException e) {
                    throw new IllegalStateException(names.get(v) + ": " + e.getMessage(), e);
                }
                Timing t = timing(seconds, clips.size());
                System.out.printf("variant %-40s median %.3f best %.3f clips/s (load %s)%n", names.get(v), t.median(),
                        t.best(), loadAverage());
            }
        }
    }

    static ByteBuffer input(List<Clip> clips) {
        ByteBuffer in = ByteBuffer.allocateDirect(clips.size() * clips.get(0).pixels().length).order(ByteOrder.nativeOrder());
        clips.forEach(c -> in.put(c.pixels()));
        return in.flip();
    }

    static long[] shape(Clip c, int n, boolean video) {
        return video ? new long[] {n, c.frames(), c.height(), c.width(), 3} : new long[] {n, c.height(), c.width(), 3};
    }

    /**
     * Before/after in one run: times each model file on the same batch, alternating ({@code rounds} rounds of
     * {@code batches} batches each), and prints each one's median clips/s and the ratio to the first.
     */
    public static void compare(List<Path> models, List<Clip> clips, int threads, int batches, int rounds) {
        ExtractorOptions options = ExtractorOptions.defaults().withThreads(threads).withBatchSize(clips.size());
        List<FeatureExtractor> extractors = new ArrayList<>();
        try {
            float[][] reference = null;
            for (Path m : models) {
                extractors.add(FeatureExtractors.open(m, null, options));
                float[][] f = extractors.get(extractors.size() - 1).extract(clips); // warm-up
                if (reference == null) {
                    reference = f;
                }
                double diff = 0;
                double max = 0;
                for (int i = 0; i < f.length; i++) {
                    for (int j = 0; j < f[i].length; j++) {
                        diff = Math.max(diff, Math.abs(f[i][j] - reference[i][j]));
                        max = Math.max(max, Math.abs(reference[i][j]));
                    }
                }
                System.out.printf("%s: max |feature − first model's| = %.3g (features up to %.3g)%n", m.getFileName(), diff,
                        max);
            }
            double[][] seconds = new double[models.size()][rounds * batches];
            for (int r = 0; r < rounds; r++) {
                for (int m = 0; m < models.size(); m++) {
                    for (int b = 0; b < batches; b++) {
                        long t = System.nanoTime();
                        extractors.get(m).extract(clips);
                        seconds[m][r * batches + b] = (System.nanoTime() - t) / 1e9;
                    }
                }
                System.out.printf("round %d done (load %s)%n", r + 1, loadAverage());
            }
            Timing first = timing(seconds[0], clips.size());
            for (int m = 0; m < models.size(); m++) {
                Timing t = timing(seconds[m], clips.size());
                System.out.printf("COMPARE %s median %.3f best %.3f clips/s, median ratio to the first %.3f, best ratio %.3f%n",
                        models.get(m).getFileName(), t.median(), t.best(), t.median() / first.median(),
                        t.best() / first.best());
            }
        } finally {
            extractors.forEach(FeatureExtractor::close);
        }
    }

    /** {@code /proc/loadavg}'s first three fields (the machine is shared), or "?" elsewhere. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    public static List<Clip> randomClips(int count, int frames, int height, int width, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] px = new byte[frames * height * width * 3];
            random.nextBytes(px);
            clips.add(new Clip("random" + i, i, frames, height, width, px));
        }
        return clips;
    }
}

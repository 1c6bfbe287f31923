package dev.fvd.bench;

import dev.fvd.Fvd;
import dev.fvd.FvdEvaluator;
import dev.fvd.Metric;
import dev.fvd.Source;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.Datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * End-to-end throughput of {@code fvd stats}' path (the facade's {@link FvdEvaluator#statistics}: decode mp4 files in the
 * dataset threads, in-graph resize, network, streaming statistics) next to the network-only throughput of the same
 * evaluator on the same clips decoded beforehand ({@link Source#ofClips}), in one JVM, runs interleaved. Run by
 * {@code fvd-cli/bench/pipeline.sh}, which makes the mp4 files and the full-width random I3D model.
 *
 * <p>Arguments: {@code VIDEO_DIR MODEL.onnx [BATCH=8] [THREADS=2] [RUNS=2]}.
 */
public final class PipelineRun {
    private PipelineRun() {
    }

    public static void main(String[] args) throws IOException {
        Path videos = Path.of(args[0]);
        Path model = Path.of(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        List<Clip> decoded = new ArrayList<>();
        long d0 = System.nanoTime();
        try (ClipStream clips = Datasets.open(videos, DatasetOptions.videos())) {
            clips.forEachRemaining(decoded::add);
        }
        double decodeSeconds = (System.nanoTime() - d0) / 1e9;
        Clip c = decoded.get(0);
        System.out.printf("decoded %d clips of %dx%dx%d alone (first pass, FFmpeg start included): %.2f s%n",
                decoded.size(), c.frames(), c.height(), c.width(), decodeSeconds);
        long dc0 = cpuNanos();
        long dw0 = System.nanoTime();
        int again = 0;
        try (ClipStream clips = Datasets.open(videos, DatasetOptions.videos())) {
            while (clips.hasNext()) {
                clips.next();
                again++;
            }
        }
        System.out.printf("decoded again: %.1f clips/s, CPU %.1f ms per clip (load %s)%n",
                again / ((System.nanoTime() - dw0) / 1e9), (cpuNanos() - dc0) / 1e6 / again, load());
        double[] endToEnd = new double[runs];
        double[] oneDecoder = new double[runs];
        double[] networkOnly = new double[runs];
        try (FvdEvaluator fvd = evaluator(model, c.frames(), batch, threads, Runtime.getRuntime().availableProcessors());
             FvdEvaluator fvd1 = evaluator(model, c.frames(), batch, threads, 1)) {
            for (FvdEvaluator f : List.of(fvd, fvd1)) {
                f.statistics(Source.ofClips("warm-up", decoded.subList(0, Math.min(batch, decoded.size())).iterator()));
            }
            for (int r = 0; r < runs; r++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                long n1 = fvd.statistics(Source.of(videos)).count();
                endToEnd[r] = n1 / ((System.nanoTime() - t0) / 1e9);
                long c1 = cpuNanos();
                long t1 = System.nanoTime();
                long n2 = fvd.statistics(Source.ofClips("decoded", decoded.iterator())).count();
                networkOnly[r] = n2 / ((System.nanoTime() - t1) / 1e9);
                long c2 = cpuNanos();
                long t2 = System.nanoTime();
                long n3 = fvd1.statistics(Source.of(videos)).count();
                oneDecoder[r] = n3 / ((System.nanoTime() - t2) / 1e9);
                long c3 = cpuNanos();
                // process CPU time per clip (all threads; ORT's spinning workers included in each)
                System.out.printf("run %d: mp4 → statistics %.3f clips/s (1 decoding thread: %.3f), decoded clips → "
                        + "statistics (network only) %.3f clips/s, ratio %.1f %% (%.1f %%); CPU per clip %.3f s (%.3f s) vs "
                        + "%.3f s (load %s)%n", r + 1, endToEnd[r], oneDecoder[r], networkOnly[r],
                        100 * endToEnd[r] / networkOnly[r], 100 * oneDecoder[r] / networkOnly[r], (c1 - c0) / 1e9 / n1,
                        (c3 - c2) / 1e9 / n3, (c2 - c1) / 1e9 / n2, load());
            }
        }
        double e = median(endToEnd);
        double n = median(networkOnly);
        System.out.printf("PIPELINE end_to_end_median=%.3f end_to_end_1_decoder_median=%.3f network_only_median=%.3f "
                + "ratio_pct=%.1f ratio_1_decoder_pct=%.1f clips=%d batch=%d threads=%d%n", e, median(oneDecoder), n,
                100 * e / n, 100 * median(oneDecoder) / n, decoded.size(), batch, threads);
    }

    private static FvdEvaluator evaluator(Path model, int frames, int batch, int threads, int decodeThreads) {
        return Fvd.builder().metric(Metric.FVD).model(model).frames(frames).batchSize(batch).threads(threads)
                .decodeThreads(decodeThreads).build();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException ex) {
            return "?";
        }
    }
}

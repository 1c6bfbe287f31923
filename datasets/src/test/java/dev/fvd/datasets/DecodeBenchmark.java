package dev.fvd.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import dev.fvd.datasets.resize.FrameResizer;

/**
 * Prints decoded clips per second for 16-frame 256×256 H.264 (libopenh264) MP4 clips, with and without the FVD resize to
 * 224×224 (TF1 bilinear, squash) of every frame.
 *
 * <pre>
 * mvn -q -pl datasets test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.fvd.datasets.DecodeBenchmark [-Dexec.args="THREADS VIDEOS SECONDS"]
 * </pre>
 * Defaults: 2 decoding threads, 64 videos (written once to {@code datasets/target/bench-videos}), 10 s per measurement after a
 * warm-up pass. With resize, every frame is resized to 224×224 on a second pool of {@code THREADS} threads while the
 * workers decode, so both stages share the cores (as under a feature extractor that resizes in parallel).
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int videos = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        Path dir = Path.of("target/bench-videos");
        if (Files.exists(Path.of("datasets/pom.xml"))) {
            dir = Path.of("datasets/target/bench-videos");
        }
        Files.createDirectories(dir);
        for (int i = 0; i < videos; i++) {
            Path file = dir.resolve(String.format("v%03d.mp4", i));
            if (!Files.exists(file)) {
                byte[][] frames = SampleDataGenerator.shapes(new SplittableRandom(i), 16, 256, 256);
                SampleDataGenerator.writeVideo(file, frames, 16, 256, 256);
            }
        }
        System.out.printf("%d videos of 16 frames 256x256 H.264 (libopenh264) in %s; %d decoding threads, %d cores, %s%n", videos,
                dir, threads, Runtime.getRuntime().availableProcessors(), Runtime.version());
        DatasetOptions options = DatasetOptions.videos().withThreads(threads).withQueueCapacity(8);
        FrameResizer resizer = FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, 224, 224);
        run(dir, options, null, Math.min(seconds, 3)); // warm-up: JIT, native libraries, page cache
        report("decode only", run(dir, options, null, seconds));
        report("decode + resize 224", run(dir, options, resizer, seconds));
    }

    private static void report(String what, double[] result) {
        // CPU time per clip is what a busy shared machine distorts least: a quiet machine with C cores reaches about
        // C * 1000 / cpuMs clips/s when every core is busy
        System.out.printf("  %-22s %7.1f clips/s  (%.2f ms wall per clip, %.2f ms CPU per clip -> %.0f clips/s on %d idle cores;"
                + " %d clips)%n", what, result[0], 1e3 / result[0], result[2], Runtime.getRuntime().availableProcessors() * 1e3
                / result[2], Runtime.getRuntime().availableProcessors(), (long) result[1]);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Reads the directory again and again for {@code seconds}; returns clips/s and the clip count. With a resizer, clips are
     * resized on a second pool of as many threads (at most 2 × threads clips in flight), so decoding and resizing share the
     * cores as they would under a feature extractor.
     */
    private static double[] run(Path dir, DatasetOptions options, FrameResizer resizer, double seconds) {
        long clips = 0;
        double sink = 0;
        java.util.concurrent.ExecutorService pool = resizer == null ? null
                : java.util.concurrent.Executors.newFixedThreadPool(options.threads());
        java.util.ArrayDeque<java.util.concurrent.Future<Float>> inFlight = new java.util.ArrayDeque<>();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long deadline = start + (long) (seconds * 1e9);
        try {
            while (System.nanoTime() < deadline) {
                try (ClipStream stream = Datasets.open(dir, options)) {
                    while (stream.hasNext()) {
                        Clip clip = stream.next();
                        if (pool != null) {
                            inFlight.add(pool.submit(() -> resizer.resizeClip(clip)[12345]));
                            if (inFlight.size() >= 2 * options.threads()) {
                                sink += inFlight.poll().get();
                            }
                        }
                        clips++;
                    }
                }
            }
            while (!inFlight.isEmpty()) {
                sink += inFlight.poll().get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMsPerClip = (processCpuNanos() - cpuStart) / 1e6 / clips;
        if (sink == 42.4242) {
            System.out.println(sink);
        }
        return new double[] {clips / elapsed, clips, cpuMsPerClip};
    }
}

package dev.fvd.datasets.resize;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

import java.util.Random;

/**
 * Prints single-thread frames per second of {@link FrameResizer} for every filter (default: 256x256 -> 224x224, squash).
 *
 * <pre>
 * mvn -q -o -pl datasets test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.fvd.datasets.resize.ResizeBenchmark [-Dexec.args="IN_H IN_W OUT SECONDS"]
 * </pre>
 */
public final class ResizeBenchmark {
    private ResizeBenchmark() {
    }

    public static void main(String[] args) {
        int inH = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int inW = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int out = args.length > 2 ? Integer.parseInt(args[2]) : 224;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 3.0;
        byte[] frame = new byte[inH * inW * 3];
        new Random(1).nextBytes(frame);
        System.out.printf("FrameResizer %dx%d -> %dx%d, 1 thread, %s, %d cores%n", inH, inW, out, out,
                System.getProperty("java.vm.name") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors());
        for (CropMode crop : CropMode.values()) {
            for (ResizeMethod method : ResizeMethod.values()) {
                FrameResizer resizer = FrameResizer.of(method, crop, out, out);
                float[] dst = new float[resizer.outputFrameLength()];
                run(resizer, frame, inH, inW, dst, seconds / 2); // warm-up (JIT)
                long t0 = System.nanoTime();
                long frames = run(resizer, frame, inH, inW, dst, seconds);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  %-15s %-12s %9.0f frames/s  %7.3f ms/frame  (16-frame clips: %6.0f/s)%n", method.id(),
                        crop.id(), frames / elapsed, 1e3 * elapsed / frames, frames / elapsed / 16);
            }
        }
    }

    private static long run(FrameResizer resizer, byte[] frame, int inH, int inW, float[] dst, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        float sink = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 16; i++) {
                resizer.resizeInto(frame, 0, inH, inW, dst, 0);
                sink += dst[i];
            }
            n += 16;
        }
        if (sink == 42.4242f) {
            System.out.println(sink);
        }
        return n;
    }
}

package dev.fvd.datasets.resize;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

import java.util.Random;

/**
 * Prints single-thread frames per second of {@link FrameResizer} for every filter and crop mode (default: 256x256 -> 224x224,
 * 3 s each after a warm-up; best and median of five rounds).
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
                // five rounds; the best one is the least disturbed by other processes on a shared machine
                double[] rates = new double[5];
                for (int r = 0; r < rates.length; r++) {
                    long t0 = System.nanoTime();
                    long frames = run(resizer, frame, inH, inW, dst, seconds / rates.length);
                    rates[r] = frames / ((System.nanoTime() - t0) / 1e9);
                }
                java.util.Arrays.sort(rates);
                double best = rates[rates.length - 1];
                System.out.printf("  %-15s %-12s best %7.0f frames/s = %6.3f ms/frame (median %7.0f/s); 16-frame clips %5.0f/s%n",
                        method.id(), crop.id(), best, 1e3 / best, rates[rates.length / 2], best / 16);
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

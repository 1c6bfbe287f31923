package dev.fvd.bench;

import dev.fvd.Fvd;
import dev.fvd.FvdEvaluator;
import dev.fvd.Metric;
import dev.fvd.Source;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.Clip;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Memory benchmark of the streaming pipeline: feeds N generated clips through {@link FvdEvaluator#statistics} from an iterator
 * that makes each clip on demand (as a generator would), and prints the count, the time and the peak Java heap. Run by
 * {@code fvd-cli/bench/memory.sh}, which also reports the process's peak RSS ({@code /usr/bin/time -v}) for 500 and 2,000 clips.
 *
 * <p>Arguments: {@code fvd|fid COUNT MODEL.onnx [FRAMES] [SIZE] [BATCH]}.
 */
public final class MemoryRun {
    private MemoryRun() {
    }

    public static void main(String[] args) {
        Metric metric = Metric.fromId(args[0]);
        int count = Integer.parseInt(args[1]);
        Path model = Path.of(args[2]);
        int frames = args.length > 3 ? Integer.parseInt(args[3]) : (metric == Metric.FVD ? 10 : 1);
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        long start = System.nanoTime();
        GaussianStatistics stats;
        try (FvdEvaluator fvd = Fvd.builder().metric(metric).model(model).frames(frames).batchSize(batch).build()) {
            stats = fvd.statistics(Source.ofClips("generated", new GeneratedClips(count, frames, size)));
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        // peak heap counts garbage not yet collected (the collector lets it pile up when -Xmx allows); the live heap after a
        // full collection is what the run retains
        System.gc();
        long live = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("metric=%s clips=%d frames=%d size=%dx%d batch=%d dim=%d seconds=%.1f peak_heap_mb=%.1f"
                        + " live_heap_after_gc_mb=%.1f max_heap_mb=%.0f%n",
                metric.id(), stats.count(), frames, size, size, batch, stats.dimension(), (System.nanoTime() - start) / 1e9,
                peakHeap / 1e6, live / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }

    /** Seeded noise clips made one at a time; nothing is retained after a clip is handed out. */
    static final class GeneratedClips implements Iterator<Clip> {
        private final int count;
        private final int frames;
        private final int size;
        private final SplittableRandom random = new SplittableRandom(2026);
        private int made;

        GeneratedClips(int count, int frames, int size) {
            this.count = count;
            this.frames = frames;
            this.size = size;
        }

        @Override
        public boolean hasNext() {
            return made < count;
        }

        @Override
        public Clip next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            byte[] pixels = new byte[frames * size * size * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) random.nextInt(256);
            }
            return new Clip("generated-" + made, made++, frames, size, size, pixels);
        }
    }
}

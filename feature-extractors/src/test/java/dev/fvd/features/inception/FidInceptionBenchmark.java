package dev.fvd.features.inception;

import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prints how long reading a state dict, building the FID-Inception graph and extracting features take (no asserts).
 *
 * <pre>
 * FidInceptionBenchmark &lt;state-dict.pth&gt; [protocol=ttur] [images=64] [height=299] [width=299] [batch=16] [threads=2]
 * </pre>
 * A full-width random state dict comes from {@code /usr/bin/python3 test-data/inception/inception_reference.py --full DIR};
 * see {@code feature-extractors/INCEPTION.md} for the command line.
 */
public final class FidInceptionBenchmark {
    private FidInceptionBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: FidInceptionBenchmark <state-dict.pth> [protocol] [images] [height] [width] [batch] "
                    + "[threads]");
            System.exit(2);
        }
        Path pth = Path.of(args[0]);
        ExtractionProtocol protocol = ReferenceProtocols.byName(arg(args, 1, "ttur"));
        int images = Integer.parseInt(arg(args, 2, "64"));
        int height = Integer.parseInt(arg(args, 3, "299"));
        int width = Integer.parseInt(arg(args, 4, "299"));
        int batch = Integer.parseInt(arg(args, 5, "16"));
        int threads = Integer.parseInt(arg(args, 6, "2"));

        long t0 = System.nanoTime();
        Map<String, TorchTensor> stateDict = TorchCheckpointReader.read(pth);
        long t1 = System.nanoTime();
        // as importFidInception builds it: resize in the graph, or by FrameResizer in the runtime for clean
        byte[] model = FidInceptionGraph.build(stateDict, protocol, FidInceptionGraph.ResizeLocation.defaultFor(protocol),
                0, 0, "benchmark", false, Map.of()).toByteArray();
        long t2 = System.nanoTime();
        System.out.printf("read %s (%s, %d tensors): %.2f s; build graph (%d bytes): %.2f s%n", pth.getFileName(),
                TorchCheckpointReader.sniff(pth), stateDict.size(), (t1 - t0) / 1e9, model.length, (t2 - t1) / 1e9);

        Random random = new Random(1);
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            byte[] pixels = new byte[height * width * 3];
            random.nextBytes(pixels);
            clips.add(new Clip("random#" + i, i, 1, height, width, pixels));
        }
        ExtractorOptions options = ExtractorOptions.defaults().withBatchSize(batch).withThreads(threads);
        try (FeatureExtractor fx = FeatureExtractors.open(model, pth.toString(), protocol, null, options)) {
            fx.extract(clips.subList(0, Math.min(batch, images)));           // warm-up
            long s = System.nanoTime();
            float[][] features = fx.extract(clips);
            double seconds = (System.nanoTime() - s) / 1e9;
            System.out.printf("protocol %s, %d images %dx%d, batch %d, %d threads: %.2f s, %.1f images/s, %d features%n",
                    protocol.name(), images, height, width, batch, threads, seconds, images / seconds,
                    features[0].length);
        }
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}

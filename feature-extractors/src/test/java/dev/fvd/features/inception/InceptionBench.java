package dev.fvd.features.inception;

import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractionBench;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.checkpoint.torch.TorchDtype;
import dev.fvd.features.checkpoint.torch.TorchTensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * FID-Inception throughput on ONNX Runtime: the full-width network (names and shapes of
 * {@code test-data/fid-inception/fid-inception-state-dict.tsv}, seeded random weights made here, never stored), protocol
 * ttur, 299×299 uint8 images (the resize is the identity branch); GFLOP per image, roofline and profile as
 * {@link ExtractionBench}. Compare with {@code feature-extractors/bench/inception_bench_torch.py}.
 *
 * <pre>sh feature-extractors/bench/inception_bench.sh   (args: --threads 2 --batch 32 --batches 3 [--profile])</pre>
 */
public final class InceptionBench {
    private InceptionBench() {
    }

    public static void main(String[] args) {
        int threads = 2;
        int batch = 32;
        int batches = 3;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profile = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        byte[] model = FidInceptionGraph.build(randomStateDict(7), ReferenceProtocols.TTUR,
                FidInceptionGraph.ResizeLocation.IN_GRAPH, 0, 0, "inception-random-full", false, Map.of()).toByteArray();
        System.out.printf("built full-width FID-Inception graph: %.1f MB%n", model.length / 1e6);
        List<Clip> images = ExtractionBench.randomClips(batch, 1, 299, 299, 1);
        ExtractionBench.report("FID-Inception (full width, 299x299)", model, images, false, threads, batches, profile);
    }

    /** Seeded weights in the canonical shapes: He-scaled convs, BatchNorm near identity (as inception_reference.py). */
    static Map<String, TorchTensor> randomStateDict(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, TorchTensor> sd = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(InceptionTestData.root().resolve("test-data/fid-inception/fid-inception-state-dict.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String[] dims = f[1].replaceAll("[\\[\\] ]", "").split(",");
            long[] shape = new long[dims.length];
            long n = 1;
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Long.parseLong(dims[i]);
                n *= shape[i];
            }
            float[] v = new float[(int) n];
            String name = f[0];
            double fanIn = shape.length > 1 ? (double) n / shape[0] : 1;
            for (int i = 0; i < v.length; i++) {
                double u = random.nextDouble();
                double gauss = random.nextGaussian();
                v[i] = (float) (name.endsWith("conv.weight") ? gauss * Math.sqrt(2.0 / fanIn)
                        : name.endsWith("bn.weight") ? 0.8 + 0.4 * u
                        : name.endsWith("bn.bias") || name.endsWith("running_mean") ? 0.1 * gauss
                        : name.endsWith("running_var") ? 0.5 + u : 0.05 * gauss);
            }
            sd.put(name, new TorchTensor(name, shape, v, TorchDtype.FLOAT32));
        }
        return sd;
    }
}

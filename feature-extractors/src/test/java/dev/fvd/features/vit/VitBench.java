package dev.fvd.features.vit;

import dev.fvd.features.vjepa.VjepaModel;
import dev.fvd.features.videomae.VideoMaeModel;
import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.videomae.VideoMaeGraph;
import dev.fvd.features.vjepa.VjepaGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Video-ViT throughput on ONNX Runtime: full-width VideoMAE-v2 ViT-g/14 or V-JEPA ViT-H/16 (+ SSv2 pooler) with seeded
 * random weights generated in memory (never stored), 16×224² uint8 clips, CPU. Prints clips/s and GFLOP/s (the matmul
 * and convolution FLOPs counted by {@link #gflopPerClip}). {@code --depth} cuts the block count (default: the full 40 /
 * 32); the per-block cost is the same for every block, so clips/s scale as 1/depth. Models over 1 GB of weights are
 * written with external data to a temp folder and opened by path, as the store does.
 *
 * <pre>sh feature-extractors/bench/vit_bench.sh --model videomae --depth 2 --threads 2 --batch 1 --batches 2</pre>
 */
public final class VitBench {
    private VitBench() {
    }

    public static void main(String[] args) throws IOException {
        String model = "videomae";
        int depth = -1;
        int threads = 2;
        int batch = 1;
        int batches = 2;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--depth" -> depth = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--batches" -> batches = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean mae = model.equals("videomae");
        int embed = mae ? 1408 : 1280;
        int hidden = mae ? 6144 : 5120;
        int tokens = mae ? 8 * 16 * 16 : 8 * 14 * 14;
        int patch = mae ? 14 : 16;
        if (depth < 0) {
            depth = mae ? 40 : 32;
        }
        long t0 = System.nanoTime();
        OnnxProto.ModelProto proto = mae
                ? VideoMaeGraph.build(VideoMaeGraph.stateDict(VitRandomWeights.videoMae(embed, hidden, depth, 1), "random"),
                        VideoMaeModel.ORIGINAL_PREPROCESSING, "videomae-random", false, Map.of())
                : VjepaGraph.build(VjepaGraph.encoderStateDict(VitRandomWeights.vjepaEncoder(embed, hidden, depth, 1),
                        "random"), VjepaGraph.probeStateDict(VitRandomWeights.vjepaProbe(embed, hidden, 2), "random"),
                        VjepaModel.ORIGINAL_PREPROCESSING, "vjepa-random", false, Map.of());
        Path dir = Files.createTempDirectory("fvd-vit-bench");
        Path file = dir.resolve(model + ".onnx");
        List<Path> written = OnnxModelFile.write(proto, file);
        proto = null;
        long bytes = 0;
        for (Path p : written) {
            bytes += Files.size(p);
        }
        System.out.printf("built %s (width %d, depth %d): %.1f MB in %d file(s), %.1f s%n", model, embed, depth, bytes / 1e6,
                written.size(), (System.nanoTime() - t0) / 1e9);
        List<Clip> clips = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < batch; i++) {
            byte[] px = new byte[16 * 224 * 224 * 3];
            random.nextBytes(px);
            clips.add(new Clip("random" + i, i, 16, 224, 224, px));
        }
        double gflop = gflopPerClip(embed, hidden, depth, tokens, patch, !mae);
        try (FeatureExtractor e = FeatureExtractors.open(file, null,
                ExtractorOptions.defaults().withThreads(threads).withBatchSize(batch))) {
            long w0 = System.nanoTime();
            e.extract(clips);
            System.out.printf("warm-up batch: %.2f s%n", (System.nanoTime() - w0) / 1e9);
            double total = 0;
            double best = Double.MAX_VALUE;
            for (int b = 0; b < batches; b++) {
                long start = System.nanoTime();
                e.extract(clips);
                double seconds = (System.nanoTime() - start) / 1e9;
                total += seconds;
                best = Math.min(best, seconds);
            }
            double mean = batches * batch / total;
            System.out.printf("ONNX Runtime %s (width %d, depth %d, 16x224x224, batch %d, %d threads): mean %.4f clips/s "
                    + "(%.1f GFLOP/s), best batch %.4f clips/s (%.1f GFLOP/s); %.0f GFLOP per clip%n", model, embed, depth,
                    batch, threads, mean, mean * gflop, batch / best, batch / best * gflop, gflop);
        } finally {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Multiply-adds × 2 of one 16×224² clip: tubelet conv, per block qkv + proj + MLP ({@code 2·L·D·(4D + 2H)}) and
     * attention ({@code 4·L²·D}); with {@code pooler}, V-JEPA's cross-attention block over the L tokens.
     */
    static double gflopPerClip(long d, long hidden, int depth, long tokens, int patch, boolean pooler) {
        double conv = 2.0 * tokens * d * 3 * 2 * patch * patch;
        double block = 2.0 * tokens * d * (4 * d + 2 * hidden) + 4.0 * tokens * tokens * d;
        double pool = pooler ? 2.0 * tokens * d * 2 * d + 2.0 * (2 * d * d + 2 * d * hidden) + 4.0 * tokens * d : 0;
        return (conv + depth * block + pool) / 1e9;
    }
}

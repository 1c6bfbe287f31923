package dev.fvd.features.i3d;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractionBench;
import dev.fvd.features.ReferenceProtocols;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * I3D throughput on ONNX Runtime: the FULL-width network with random weights (generated here, never stored), protocol tf,
 * 16×224² uint8 clips; GFLOP per clip, roofline fraction against this machine's sgemm and ORT's per-operator profile
 * ({@link ExtractionBench}). Compare with {@code feature-extractors/bench/i3d_bench_torch.py} (the shell script prints
 * the ratio).
 *
 * <pre>sh feature-extractors/bench/i3d_bench.sh   (args: --threads 2 --batch 8 --batches 3 [--profile] [--variants])</pre>
 * {@code --write-model FILE} only writes the model (for {@code fvd-cli/bench/pipeline.sh}, or for before/after);
 * {@code --profile-model FILE [--size HxW]} prints the ORT profile of a model file (clips of that size, default 224x224);
 * {@code --compare A.onnx B.onnx ...} times model files alternately on the same batch (3 rounds) and prints the ratios.
 * {@code --variants} also times raw sessions with other session options (each twice, interleaved).
 */
public final class I3dBench {
    private I3dBench() {
    }

    public static void main(String[] args) {
        int threads = 2;
        int batch = 8;
        int batches = 3;
        boolean variants = false;
        boolean profile = false;
        java.nio.file.Path writeModel = null;
        List<java.nio.file.Path> compare = null;
        java.nio.file.Path profileModel = null;
        int height = 224;
        int width = 224;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--variants" -> variants = true;
                case "--profile" -> profile = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                case "--size" -> {
                    String[] hw = args[++i].split("x");
                    height = Integer.parseInt(hw[0]);
                    width = Integer.parseInt(hw[1]);
                }
                case "--profile-model" -> profileModel = java.nio.file.Path.of(args[++i]);
                case "--write-model" -> writeModel = java.nio.file.Path.of(args[++i]);
                case "--compare" -> {
                    List<java.nio.file.Path> files = new ArrayList<>();
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        files.add(java.nio.file.Path.of(args[++i]));
                    }
                    compare = files;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (profileModel != null) { // the per-operator profile of a model file (e.g. one written at another commit)
            List<Clip> clips = ExtractionBench.randomClips(batch, 16, height, width, 1);
            try {
                dev.fvd.features.OperatorProfile.run(java.nio.file.Files.readAllBytes(profileModel), clips, threads, batches)
                        .print("ORT profile of " + profileModel.getFileName() + ", batch " + batch);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        if (compare != null) { // before/after: model files written by --write-model at two commits
            ExtractionBench.compare(compare, ExtractionBench.randomClips(batch, 16, 224, 224, 1), threads, batches, 3);
            return;
        }
        long t0 = System.nanoTime();
        byte[] model = I3dGraph.build(I3dRandomWeights.generate(1, 42), ReferenceProtocols.TF, "i3d-random-full", false, Map.of())
                .toByteArray();
        System.out.printf("built full-width I3D graph: %.1f MB in %.1f s%n", model.length / 1e6, (System.nanoTime() - t0) / 1e9);
        if (writeModel != null) { // for fvd-cli/bench/pipeline.sh: the same model as a file, nothing timed
            try {
                java.nio.file.Files.write(writeModel, model);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        List<Clip> clips = ExtractionBench.randomClips(batch, 16, 224, 224, 1);
        if (variants) {
            sessionVariants(model, clips, threads, batches);
        }
        ExtractionBench.report("I3D (full width, 16x224x224)", model, clips, true, threads, batches, profile);
    }

    /** Raw ORT sessions with other options than FeatureExtractors' defaults, same input, to justify the defaults. */
    static void sessionVariants(byte[] model, List<Clip> clips, int threads, int batches) {
        List<String> names = new ArrayList<>();
        List<Consumer<OrtSession.SessionOptions>> changes = new ArrayList<>();
        names.add("defaults (opt ALL, memory pattern on)");
        changes.add(so -> { });
        names.add("memory pattern off");
        changes.add(so -> call(() -> so.setMemoryPatternOptimization(false)));
        names.add("opt EXTENDED");
        changes.add(so -> call(() -> so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT)));
        names.add("opt BASIC");
        changes.add(so -> call(() -> so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT)));
        names.add("intra_op.allow_spinning 0");
        changes.add(so -> call(() -> so.addConfigEntry("session.intra_op.allow_spinning", "0")));
        names.add("CPU arena off");
        changes.add(so -> call(() -> so.setCPUArenaAllocator(false)));
        names.add("intra_op_thread_affinities 2");
        changes.add(so -> call(() -> so.addConfigEntry("session.intra_op_thread_affinities", "2")));
        names.add("dynamic_block_base 4");
        changes.add(so -> call(() -> so.addConfigEntry("session.dynamic_block_base", "4")));
        ExtractionBench.variants(model, clips, true, threads, batches, names, changes);
    }

    interface OrtCall {
        void run() throws OrtException;
    }

    static void call(OrtCall c) {
        try {
            c.run();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

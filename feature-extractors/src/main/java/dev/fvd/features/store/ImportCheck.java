package dev.fvd.features.store;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.MediaKind;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelException;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What {@code fvd models import} proves before it stores anything (issue 15 item 2): every tensor parses (nothing in a
 * pickle runs: {@code TorchCheckpointReader}'s allowlist), names and shapes fit the architecture, the ONNX graph builds, and
 * one forward pass on a tiny seeded input gives finite features of the registered dimension.
 */
final class ImportCheck {
    private static final int TINY = 32;

    private ImportCheck() {
    }

    /**
     * @param filesByRole the files to import, keyed by role, at their source location
     * @param scratch     folder for the graph of a model over {@link OnnxModelFile#INLINE_LIMIT} (ViT-g: ≈ 4 GB), which
     *                    cannot be one protobuf message and is opened from a file with external data; deleted after
     * @throws InvalidModelException naming the file(s) and the first wrong tensor, or what the forward pass found
     */
    static <W> void check(ModelSpec<W> spec, Map<String, Path> filesByRole, Path scratch) {
        W weights = spec.importWeights(filesByRole);
        OnnxProto.ModelProto graph = spec.graph(weights, filesByRole, spec.importCheck(), false);
        weights = null; // the graph holds the weights now (a releasing state dict already dropped its copy)
        String source = String.join(", ", filesByRole.values().stream().map(Path::toString).toList());
        long initializerBytes = graph.getGraph().getInitializerList().stream().mapToLong(t -> t.getRawData().size()).sum();
        float[][] out;
        Path dir = null;
        try {
            FeatureExtractor fx;
            if (initializerBytes <= OnnxModelFile.INLINE_LIMIT) {
                fx = FeatureExtractors.open(graph.toByteArray(), source, spec.importCheck(), null,
                        ExtractorOptions.defaults().withBatchSize(1));
            } else {
                dir = Files.createDirectories(scratch).resolve("import-check-" + spec.id() + "-" + System.nanoTime());
                Files.createDirectory(dir);
                Path onnx = dir.resolve(spec.id() + ".onnx");
                OnnxModelFile.write(graph, onnx);
                graph = null; // ONNX Runtime loads the file into native memory: the heap copy can go
                fx = FeatureExtractors.open(onnx, spec.importCheck(), ExtractorOptions.defaults().withBatchSize(1));
            }
            try (fx) {
                out = fx.extract(List.of(tinyClip(spec)));
            }
        } catch (InvalidModelException e) {
            throw e;
        } catch (ModelException e) {
            throw new InvalidModelException(source + ": not usable as model " + spec.id() + ": one forward pass on a tiny"
                    + " input failed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelException(scratch + ": cannot write the import check's graph: " + e, e);
        } finally {
            deleteQuietly(dir);
        }
        if (out[0].length != spec.featureDimension()) {
            throw new InvalidModelException(source + ": gives " + out[0].length + " features; model " + spec.id()
                    + " has " + spec.featureDimension());
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover scratch file is harmless; the next import uses a new name
        }
    }

    /** A seeded noise clip: {@code minFrames} frames (one image) of 32×32; the graph resizes it to the network size. */
    private static Clip tinyClip(ModelSpec<?> spec) {
        int frames = spec.media() == MediaKind.IMAGE ? 1 : spec.minFrames();
        byte[] pixels = new byte[frames * TINY * TINY * 3];
        new Random(15).nextBytes(pixels);
        return new Clip("import check of " + spec.id(), 0, frames, TINY, TINY, pixels);
    }
}

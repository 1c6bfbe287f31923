package dev.fvd.features.store;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.MediaKind;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelException;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.onnx.proto.OnnxProto;

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
     * @throws InvalidModelException naming the file(s) and the first wrong tensor, or what the forward pass found
     */
    static <W> void check(ModelSpec<W> spec, Map<String, Path> filesByRole) {
        W weights = spec.importWeights(filesByRole);
        OnnxProto.ModelProto graph = spec.graph(weights, filesByRole, spec.importCheck(), false);
        String source = String.join(", ", filesByRole.values().stream().map(Path::toString).toList());
        float[][] out;
        try (FeatureExtractor fx = FeatureExtractors.open(graph.toByteArray(), source, spec.importCheck(), null,
                ExtractorOptions.defaults().withBatchSize(1))) {
            out = fx.extract(List.of(tinyClip(spec)));
        } catch (InvalidModelException e) {
            throw e;
        } catch (ModelException e) {
            throw new InvalidModelException(source + ": not usable as model " + spec.id() + ": one forward pass on a tiny"
                    + " input failed (" + e.getMessage() + ")", e);
        }
        if (out[0].length != spec.featureDimension()) {
            throw new InvalidModelException(source + ": gives " + out[0].length + " features; model " + spec.id()
                    + " has " + spec.featureDimension());
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

package dev.fvd.features.store;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a model's verified weight files into an ONNX model for one preprocessing. The model is handed over as a message,
 * not as bytes, because a model over protobuf's 2 GB (VideoMAE-v2 ViT-g) has no byte-array form: the store writes it with
 * {@link dev.fvd.features.onnx.OnnxModelFile} (external data when it is that large).
 *
 * <p>The store uses {@link dev.fvd.features.ModelSpec#convert} of every {@link dev.fvd.features.ModelRegistry} model;
 * tests register their own. The store caches the result under a key made of the model id, the whole preprocessing value,
 * source digests, canonical-ness, tool version and {@link #version()}.
 */
@FunctionalInterface
public interface ModelConverter {

    /**
     * @param files         the model's files keyed by manifest role (e.g. {@code index}, {@code data}; {@code state-dict})
     * @param preprocessing resize, crop, scaling and BatchNorm eps to bake into the graph
     * @param canonical     whether every source file matched its canonical pins (the graph's {@code fvd.canonical})
     * @return the {@code ModelProto}
     */
    OnnxProto.ModelProto convert(Map<String, Path> files, ExtractionProtocol preprocessing, boolean canonical);

    /** Bump when the converter's output changes for the same input, so cached graphs are rebuilt. */
    default String version() {
        return "1";
    }
}

package dev.fvd.features.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a model's verified weight files into a serialized ONNX model for one extraction protocol.
 *
 * <p>Implemented by the importers (I3D from the TF checkpoint, FID Inception from the torch state dict; wired in
 * {@link CanonicalModels}); the store caches the result under a key made of the model id, protocol, source digests,
 * canonical-ness, tool version and {@link #version()}.
 */
@FunctionalInterface
public interface ModelConverter {

    /**
     * @param files        the model's files keyed by manifest role (e.g. {@code index}, {@code data}; {@code state-dict})
     * @param protocolName extraction protocol name (e.g. {@code tf}, {@code ttur})
     * @return the serialized {@code ModelProto}
     */
    byte[] convert(Map<String, Path> files, String protocolName);

    /**
     * The form the store calls: as {@link #convert(Map, String)}, also told whether every source file matched its canonical
     * pins, so the graph's metadata ({@code fvd.canonical}) can say so. Override it when the converter records that.
     */
    default byte[] convert(Map<String, Path> files, String protocolName, boolean canonical) {
        return convert(files, protocolName);
    }

    /** Bump when the converter's output changes for the same input, so cached graphs are rebuilt. */
    default String version() {
        return "1";
    }
}

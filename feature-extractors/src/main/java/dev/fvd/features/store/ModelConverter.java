package dev.fvd.features.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a model's verified weight files into a serialized ONNX model for one extraction protocol.
 *
 * <p>Implemented by the importers (I3D from the TF checkpoint, FID Inception from the torch state dict); the store caches the
 * result under a key made of the model id, protocol, source digests, tool version and {@link #version()}.
 */
@FunctionalInterface
public interface ModelConverter {

    /**
     * @param files        the model's files keyed by manifest role (e.g. {@code index}, {@code data}; {@code state-dict})
     * @param protocolName extraction protocol name (e.g. {@code tf}, {@code ttur})
     * @return the serialized {@code ModelProto}
     */
    byte[] convert(Map<String, Path> files, String protocolName);

    /** Bump when the converter's output changes for the same input, so cached graphs are rebuilt. */
    default String version() {
        return "1";
    }
}

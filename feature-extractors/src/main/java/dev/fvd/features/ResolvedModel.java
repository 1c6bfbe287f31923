package dev.fvd.features;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A model ready to open: its ONNX file and what a report may say about it.
 *
 * @param onnx     the ONNX file
 * @param sha256   lowercase hex checksum of the model ({@link ModelMetadata#modelChecksum}): the sha256 of the file, or for a
 *                 model with ONNX external data the sha256 of the file's bytes followed by its data files' bytes
 * @param verified true only when the model store checked the weights the file was built from against their pinned
 *                 checksums ({@code ModelStore.resolve}); a user-supplied ONNX file is never verified, whatever its
 *                 metadata claims
 * @param spec     the registry entry the store built it from, or null for a custom (user-supplied) file
 * @param metadata the file's {@code metadata_props} ({@link ModelMetadata#readProperties})
 */
public record ResolvedModel(Path onnx, String sha256, boolean verified, ModelSpec<?> spec, Map<String, String> metadata) {
    public ResolvedModel {
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(sha256, "sha256");
        metadata = Map.copyOf(metadata);
        if (verified && spec == null) {
            throw new IllegalArgumentException(onnx + ": only a model built by the store from verified weights is verified");
        }
    }

    /**
     * A user-supplied ONNX file: custom and unverified even if its metadata says {@code fvd.canonical=true}.
     *
     * @throws ModelUnavailableException when the file does not exist
     * @throws InvalidModelException     when it is not a readable ONNX model
     */
    public static ResolvedModel custom(Path onnx) {
        ModelMetadata.OnnxFileInfo info = ModelMetadata.readFile(onnx);
        return new ResolvedModel(onnx, info.sha256(), false, null, info.properties());
    }

    /** True for a file that did not come from the model store. */
    public boolean custom() {
        return spec == null;
    }

    /**
     * The id a report prints: the registry id for store models; for a custom file its file name (its metadata's
     * {@code fvd.model_id} is the file's own claim and is available in {@link #claimedModelId()}).
     */
    public String modelId() {
        return spec != null ? spec.id() : onnx.getFileName().toString();
    }

    /** The file's own {@code fvd.model_id}, or null. */
    public String claimedModelId() {
        return metadata.get(ModelMetadata.MODEL_ID);
    }
}

package dev.fvd.features;

import java.util.Map;
import java.util.Objects;

/**
 * What a built graph says about where its weights come from ({@link ModelMetadata} keys {@code fvd.model_id},
 * {@code fvd.canonical}, {@code fvd.source.*}).
 *
 * @param modelId         id written to the graph
 * @param canonical       true only when the store verified every source file against its pins
 * @param sourceChecksums source file name → {@code sha256:<hex>}
 */
public record ModelIdentity(String modelId, boolean canonical, Map<String, String> sourceChecksums) {
    public ModelIdentity {
        Objects.requireNonNull(modelId, "modelId");
        sourceChecksums = Map.copyOf(sourceChecksums == null ? Map.of() : sourceChecksums);
    }
}

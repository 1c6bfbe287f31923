package dev.fvd.features;

import dev.fvd.features.onnx.proto.OnnxProto;

/**
 * Builds a model's ONNX feature graph from its imported weights, with the preprocessing inside the graph.
 *
 * @param <W> the weights its {@link ModelImporter} returns
 */
@FunctionalInterface
public interface ModelGraphBuilder<W> {
    /**
     * @param weights       validated weights
     * @param preprocessing resize, crop, value scaling and BatchNorm eps baked into the graph
     * @param identity      id, canonical flag and source checksums written to the graph's {@link ModelMetadata}
     * @throws InvalidModelException when a tensor does not fit the architecture (the message names it)
     */
    OnnxProto.ModelProto build(W weights, ExtractionProtocol preprocessing, ModelIdentity identity);
}

package dev.fvd.features;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a model's checkpoint files into named tensors and validates them (every tensor parsed, names and shapes checked
 * against the architecture), without building a graph.
 *
 * @param <W> the importer's weights in memory (e.g. TF tensors by checkpoint name, a torch state dict)
 */
@FunctionalInterface
public interface ModelImporter<W> {
    /**
     * @param filesByRole the model's files keyed by the roles of its {@link ModelSpec#files()}
     * @throws InvalidModelException naming the file and the first wrong tensor when the files are not this model's weights
     */
    W read(Map<String, Path> filesByRole);
}

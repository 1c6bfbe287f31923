package dev.fvd.features;

import dev.fvd.datasets.MediaKind;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.store.ModelFile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything fvd knows about one feature network: its files and their pins, what it computes, where it comes from, and how
 * its checkpoint becomes an ONNX graph. One constant per model package ({@code i3d.I3dModel.SPEC},
 * {@code inception.FidInceptionModel.SPEC}), listed by {@link ModelRegistry}.
 *
 * @param id               model id, e.g. {@code i3d-kinetics400}
 * @param files            the checkpoint files with their download addresses and checksum pins (roles are unique)
 * @param featureDimension length of a feature row ({@code features} output)
 * @param media            {@link MediaKind#VIDEO} (input {@code [N,T,H,W,3]}) or {@link MediaKind#IMAGE} ({@code [N,H,W,3]})
 * @param minFrames        shortest clip the network accepts (1 for images)
 * @param license          license of the weights, as their authors publish it
 * @param citation         what to cite when using them
 * @param importCheck      the preprocessing the graph is built with when an import is checked by one forward pass (any
 *                         preprocessing the network serves would do; the one of its original code is used)
 * @param importer         checkpoint files → validated weights
 * @param graphBuilder     weights + preprocessing → ONNX graph
 * @param <W>              the weights in memory
 */
public record ModelSpec<W>(String id, List<ModelFile> files, int featureDimension, MediaKind media, int minFrames,
                           String license, String citation, ExtractionProtocol importCheck, ModelImporter<W> importer,
                           ModelGraphBuilder<W> graphBuilder) {
    public ModelSpec {
        Objects.requireNonNull(id, "id");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " has no files");
        }
        for (ModelFile f : files) {
            if (!f.modelId().equals(id)) {
                throw new IllegalArgumentException("model " + id + " lists a file of model " + f.modelId() + ": " + f);
            }
        }
        if (featureDimension <= 0 || minFrames <= 0) {
            throw new IllegalArgumentException("model " + id + ": feature dimension and minimum frames must be positive");
        }
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(importCheck, "importCheck");
        Objects.requireNonNull(importer, "importer");
        Objects.requireNonNull(graphBuilder, "graphBuilder");
        license = Objects.requireNonNullElse(license, "");
        citation = Objects.requireNonNullElse(citation, "");
    }

    /** Reads and validates the weights (see {@link ModelImporter#read}). */
    public W importWeights(Map<String, Path> filesByRole) {
        return importer.read(filesByRole);
    }

    /**
     * Imports the files and builds the graph for {@code preprocessing}.
     *
     * @param canonical whether the store verified every file against its pins (written as {@code fvd.canonical})
     * @return the {@code ModelProto}; write it with {@link dev.fvd.features.onnx.OnnxModelFile#write} (a model over
     *         protobuf's 2 GB has no byte-array form)
     * @throws InvalidModelException naming the file and tensor when the weights do not fit the architecture
     */
    public OnnxProto.ModelProto convert(Map<String, Path> filesByRole, ExtractionProtocol preprocessing,
                                        boolean canonical) {
        return graph(importWeights(filesByRole), filesByRole, preprocessing, canonical);
    }

    /** The graph of already imported weights; {@code filesByRole} gives the source checksums written to the metadata. */
    public OnnxProto.ModelProto graph(W weights, Map<String, Path> filesByRole, ExtractionProtocol preprocessing,
                                      boolean canonical) {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (ModelFile f : files) {
            Path p = filesByRole.get(f.role());
            if (p != null) {
                checksums.put(p.getFileName().toString(), ModelMetadata.sha256(p));
            }
        }
        String source = String.join(", ", filesByRole.values().stream().map(Path::toString).toList());
        try {
            return graphBuilder.build(weights, preprocessing, new ModelIdentity(id, canonical, checksums));
        } catch (InvalidModelException e) {
            throw e.getMessage().startsWith(source) ? e : new InvalidModelException(source + ": " + e.getMessage(), e);
        }
    }

    /** The file of a role. */
    public ModelFile file(String role) {
        return files.stream().filter(f -> f.role().equals(role)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + id + " has no file of role " + role));
    }
}

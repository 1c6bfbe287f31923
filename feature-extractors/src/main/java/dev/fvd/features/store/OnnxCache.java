package dev.fvd.features.store;

import dev.fvd.features.ExtractionProtocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;

/**
 * The conversion cache: one ONNX file per (model, preprocessing value, source digests, canonical-ness, tool version,
 * converter version), named {@code <model>-<protocol>-<first 16 hex of the key>.onnx} in the store's {@code onnx/} folder.
 */
final class OnnxCache {
    private static final String ONNX_KEY_VERSION = "fvd-onnx-cache-v2";

    private final Path directory;
    private final String toolVersion;

    OnnxCache(Path directory, String toolVersion) {
        this.directory = directory;
        this.toolVersion = toolVersion;
    }

    /** Where the graph of these inputs lives (it may not exist yet). */
    Path target(String modelId, ExtractionProtocol p, String converterVersion, WeightsProvenance provenance) {
        String key = key(modelId, p, converterVersion, provenance);
        return directory.resolve(prefix(modelId, p) + key.substring(0, 16) + ".onnx");
    }

    /** Stores a converted graph and removes the superseded graphs of the same model and protocol name. */
    void store(String modelId, ExtractionProtocol p, Path target, byte[] model) {
        CacheFiles.createDirectories(directory);
        CacheFiles.writeAtomically(target, model);
        removeSuperseded(prefix(modelId, p), target);
    }

    private static String prefix(String modelId, ExtractionProtocol p) {
        return modelId + "-" + p.name() + "-";
    }

    private String key(String modelId, ExtractionProtocol p, String converterVersion, WeightsProvenance provenance) {
        // every field of the preprocessing value, doubles in full precision: a changed eps or scale is a new graph
        StringBuilder text = new StringBuilder(ONNX_KEY_VERSION).append('\n')
                .append("model=").append(modelId).append('\n')
                .append("protocol=").append(p.name()).append('\n')
                .append("preprocessing=").append(p.resize()).append(',').append(p.crop()).append(',').append(p.size())
                .append(',').append(Double.toHexString(p.scale())).append(',').append(Double.toHexString(p.offset()))
                .append(',').append(Double.toHexString(p.batchNormEps())).append('\n')
                .append("tool=").append(toolVersion).append('\n')
                .append("converter=").append(converterVersion).append('\n')
                .append("canonical=").append(provenance.canonical()).append('\n');
        provenance.files().stream().sorted(Comparator.comparing(StoredFile::role))
                .forEach(s -> text.append(s.role()).append('=').append(s.digest().sha256()).append('\n'));
        try {
            return FileDigest.hex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private void removeSuperseded(String prefix, Path keep) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, path -> {
            String name = path.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".onnx") && !path.equals(keep)
                    && name.substring(prefix.length()).matches("[0-9a-f]{16}\\.onnx");
        })) {
            for (Path old : stream) {
                CacheFiles.deleteQuietly(old);
            }
        } catch (IOException e) {
            // stale graphs only cost disk space; never fail a conversion for them
        }
    }

}

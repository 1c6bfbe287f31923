package dev.fvd.features.store;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ModelException;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;

/**
 * The conversion cache: one ONNX file per (model, preprocessing value, source digests, canonical-ness, tool version,
 * converter version), named {@code <model>-<protocol>-<first 16 hex of the key>.onnx} in the store's {@code onnx/} folder.
 *
 * <p>A model whose initializers exceed {@link OnnxModelFile#INLINE_LIMIT} (protobuf cannot hold 2 GB in one message) is
 * written with ONNX external data by {@link OnnxModelFile#write}: the weights in {@code <name>.onnx.data} beside it, written
 * first, the model last, each through fvd-io's {@code AtomicFile}. A graph is a cache hit only when the model file exists and
 * every data file it refers to holds the bytes its tensors need, so a missing or truncated {@code .data} file leads to a
 * new conversion; eviction removes the {@code .data} file with its model.
 */
final class OnnxCache {
    private static final String ONNX_KEY_VERSION = "fvd-onnx-cache-v2";

    private final Path directory;
    private final String toolVersion;
    private final long inlineLimit;

    OnnxCache(Path directory, String toolVersion) {
        this(directory, toolVersion, OnnxModelFile.INLINE_LIMIT);
    }

    /** @param inlineLimit initializer bytes above which a graph is written with external data (tests lower it) */
    OnnxCache(Path directory, String toolVersion, long inlineLimit) {
        if (inlineLimit < 0) {
            throw new IllegalArgumentException("inline limit must not be negative, got " + inlineLimit);
        }
        this.directory = directory;
        this.toolVersion = toolVersion;
        this.inlineLimit = inlineLimit;
    }

    /** Where the graph of these inputs lives (it may not exist yet). */
    Path target(String modelId, ExtractionProtocol p, String converterVersion, WeightsProvenance provenance) {
        String key = key(modelId, p, converterVersion, provenance);
        return directory.resolve(prefix(modelId, p) + key.substring(0, 16) + ".onnx");
    }

    /**
     * Whether {@code target} is a usable cached graph: a non-empty model file whose external data files (if any) exist and
     * are at least as long as its tensors need. An unreadable model file is not usable either (it is converted again).
     */
    boolean isComplete(Path target) {
        if (!Files.isRegularFile(target) || CacheFiles.size(target) <= 0) {
            return false;
        }
        try {
            for (OnnxModelFile.DataFile data : OnnxModelFile.externalDataOf(target)) {
                if (!Files.isRegularFile(data.path()) || CacheFiles.size(data.path()) < data.requiredBytes()) {
                    return false;
                }
            }
            return true;
        } catch (ModelException e) {
            return false;
        }
    }

    /**
     * Stores a converted graph (inline, or with external data above the inline limit) and removes the superseded graphs of
     * the same model and protocol name with their data files. An incomplete earlier copy of {@code target} is deleted first,
     * so until the new model file is in place there is no model file that could look like a hit.
     */
    void store(String modelId, ExtractionProtocol p, Path target, OnnxProto.ModelProto model) {
        CacheFiles.createDirectories(directory);
        CacheFiles.deleteQuietly(target);
        List<Path> written;
        try {
            written = OnnxModelFile.write(model, target, inlineLimit);
        } catch (ModelException e) {
            throw CacheFiles.cacheError("cannot write", target, e);
        }
        if (!written.contains(OnnxModelFile.dataFileOf(target))) {
            CacheFiles.deleteQuietly(OnnxModelFile.dataFileOf(target)); // left by an earlier external-data copy
        }
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

    /** Removes the other graphs of {@code prefix}: model files and their {@code .onnx.data} files (orphans included). */
    private void removeSuperseded(String prefix, Path keep) {
        Path keepData = OnnxModelFile.dataFileOf(keep);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, path -> {
            String name = path.getFileName().toString();
            return name.startsWith(prefix) && !path.equals(keep) && !path.equals(keepData)
                    && name.substring(prefix.length()).matches("[0-9a-f]{16}\\.onnx(\\.data)?");
        })) {
            for (Path old : stream) {
                CacheFiles.deleteQuietly(old);
            }
        } catch (IOException e) {
            // stale graphs only cost disk space; never fail a conversion for them
        }
    }

}

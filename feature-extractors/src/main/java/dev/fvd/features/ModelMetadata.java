package dev.fvd.features;

import dev.fvd.datasets.MediaKind;
import dev.fvd.features.onnx.OnnxModelFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What fvd writes into an ONNX model's {@code metadata_props} so that {@link FeatureExtractors#open} needs nothing else.
 *
 * <table>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@code fvd.model_id}</td><td>e.g. {@code i3d-kinetics400}, {@code inception-fid}, {@code i3d-slim-random}</td></tr>
 *   <tr><td>{@code fvd.protocol}</td><td>name of the preprocessing ({@link ExtractionProtocol}) baked into the graph</td></tr>
 *   <tr><td>{@code fvd.feature_dim}</td><td>length of each feature row</td></tr>
 *   <tr><td>{@code fvd.input_kind}</td><td>{@code video} (input uint8 [N,T,H,W,3]) or {@code image} (uint8 [N,H,W,3])</td></tr>
 *   <tr><td>{@code fvd.min_frames}</td><td>smallest clip length the network accepts</td></tr>
 *   <tr><td>{@code fvd.canonical}</td><td>{@code true} only for the published weights</td></tr>
 *   <tr><td>{@code fvd.source.<file>}</td><td>{@code sha256:<hex>} of each source file the model was built from</td></tr>
 *   <tr><td>{@code fvd.tool_version}</td><td>version of the fvd build that wrote the model</td></tr>
 *   <tr><td>{@code fvd.format}</td><td>{@value #FORMAT} (version of this key set, checked on read)</td></tr>
 * </table>
 */
public record ModelMetadata(String modelId, String protocol, int featureDimension, MediaKind kind, int minFrames,
                            boolean canonical, Map<String, String> sourceChecksums) {
    public static final String FORMAT = "1";
    public static final String MODEL_ID = "fvd.model_id";
    public static final String PROTOCOL = "fvd.protocol";
    public static final String FEATURE_DIM = "fvd.feature_dim";
    public static final String INPUT_KIND = "fvd.input_kind";
    public static final String MIN_FRAMES = "fvd.min_frames";
    public static final String CANONICAL = "fvd.canonical";
    public static final String SOURCE_PREFIX = "fvd.source.";
    public static final String TOOL_VERSION = "fvd.tool_version";
    public static final String FORMAT_KEY = "fvd.format";
    /**
     * Optional: present (value = a {@code ResizeMethod} constant name, e.g. {@code PIL_BICUBIC}) when the model takes float
     * frames already resized to its input size (values 0–255) and the runtime must resize with the Java
     * {@code FrameResizer} (PIL-exact where ONNX ops are not). Written by {@code FidInceptionGraph} (CALLER resize).
     */
    public static final String INPUT_RESIZE = "fvd.input_resize";

    public ModelMetadata {
        sourceChecksums = Map.copyOf(sourceChecksums == null ? Map.of() : sourceChecksums);
    }

    public InputSpec inputSpec() {
        return new InputSpec(kind, minFrames, kind == MediaKind.IMAGE ? 1 : 0);
    }

    /** The key/value pairs for {@code GraphBuilder.build}. */
    public Map<String, String> toProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FORMAT_KEY, FORMAT);
        m.put(MODEL_ID, modelId);
        m.put(PROTOCOL, protocol);
        m.put(FEATURE_DIM, Integer.toString(featureDimension));
        m.put(INPUT_KIND, kind.name().toLowerCase(Locale.ROOT));
        m.put(MIN_FRAMES, Integer.toString(minFrames));
        m.put(CANONICAL, Boolean.toString(canonical));
        m.put(TOOL_VERSION, toolVersion());
        new java.util.TreeMap<>(sourceChecksums).forEach((file, sum) -> m.put(SOURCE_PREFIX + file, sum));
        return m;
    }

    /**
     * Reads the metadata of a model; returns null if the model carries no fvd metadata (a custom ONNX file).
     *
     * @throws InvalidModelException naming {@code source} if the fvd keys are present but incomplete or of another format
     */
    public static ModelMetadata fromProperties(Map<String, String> props, String source) {
        if (props == null || !props.containsKey(MODEL_ID)) {
            return null;
        }
        String format = props.get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
            throw new InvalidModelException(source + ": fvd metadata format " + format + " is not supported (expected "
                    + FORMAT + "); rebuild the model with this fvd version");
        }
        try {
            Map<String, String> sums = new LinkedHashMap<>();
            props.forEach((k, v) -> {
                if (k.startsWith(SOURCE_PREFIX)) {
                    sums.put(k.substring(SOURCE_PREFIX.length()), v);
                }
            });
            return new ModelMetadata(require(props, MODEL_ID, source), require(props, PROTOCOL, source),
                    Integer.parseInt(require(props, FEATURE_DIM, source)),
                    MediaKind.valueOf(require(props, INPUT_KIND, source).toUpperCase(Locale.ROOT)),
                    Integer.parseInt(require(props, MIN_FRAMES, source)),
                    Boolean.parseBoolean(props.getOrDefault(CANONICAL, "false")), sums);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(source + ": invalid fvd metadata (" + e.getMessage() + ")", e);
        }
    }

    private static String require(Map<String, String> props, String key, String source) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidModelException(source + ": fvd metadata lacks " + key);
        }
        return v;
    }

    /** {@code sha256:<hex>} of a file. */
    public static String sha256(Path file) {
        return sha256(List.of(file));
    }

    /** {@code sha256:<hex>} of the files' bytes one after the other (one digest, no separators). */
    private static String sha256(List<Path> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                } catch (IOException e) {
                    throw new InvalidModelException("cannot read " + file + " for its checksum: " + e.getMessage(), e);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The checksum a report prints for an ONNX model: the sha256 of the model file's bytes followed by the bytes of each
     * external data file it refers to, in order of first reference ({@link OnnxModelFile#externalDataOf}); for a model
     * without external data simply the sha256 of the file. So a changed {@code .data} file changes the checksum.
     *
     * @throws InvalidModelException naming the file when the model or one of its data files cannot be read
     */
    public static String modelChecksum(Path onnx) {
        List<Path> files = new ArrayList<>();
        files.add(onnx);
        try {
            OnnxModelFile.externalDataOf(onnx).forEach(d -> files.add(d.path()));
        } catch (ModelException e) {
            throw new InvalidModelException(e.getMessage(), e);
        }
        return sha256(files);
    }

    /**
     * What {@link #readFile} finds: the model's {@link #modelChecksum} (lowercase hex, the file's sha256 when it has no
     * external data) and its {@code metadata_props}.
     */
    public record OnnxFileInfo(String sha256, Map<String, String> properties) {
        public OnnxFileInfo {
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }
    }

    /**
     * The {@code metadata_props} of an ONNX file, read without building a session or parsing the graph (ONNX
     * {@code onnx.proto}: {@code ModelProto.metadata_props} = field 14, {@code StringStringEntryProto} key = 1, value = 2;
     * the graph, field 7, is skipped).
     *
     * @throws ModelUnavailableException when the file does not exist
     * @throws InvalidModelException     naming the file when it is not a readable protobuf
     */
    public static Map<String, String> readProperties(Path onnx) {
        requireFile(onnx);
        Map<String, String> metadata = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(onnx)) {
            com.google.protobuf.CodedInputStream coded = com.google.protobuf.CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            for (int tag; (tag = coded.readTag()) != 0; ) {
                if (com.google.protobuf.WireFormat.getTagFieldNumber(tag) == METADATA_PROPS_FIELD
                        && com.google.protobuf.WireFormat.getTagWireType(tag)
                        == com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = coded.pushLimit(coded.readRawVarint32());
                    String key = "";
                    String value = "";
                    while (!coded.isAtEnd()) {
                        int t = coded.readTag();
                        switch (com.google.protobuf.WireFormat.getTagFieldNumber(t)) {
                            case 1 -> key = coded.readString();
                            case 2 -> value = coded.readString();
                            default -> coded.skipField(t);
                        }
                    }
                    coded.popLimit(limit);
                    metadata.put(key, value);
                } else if (!coded.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new InvalidModelException(onnx + ": cannot read the ONNX model: " + e.getMessage(), e);
        }
        return metadata;
    }

    /** {@link #readProperties} and the model's {@link #modelChecksum} (one extra sequential read of its files). */
    public static OnnxFileInfo readFile(Path onnx) {
        Map<String, String> props = readProperties(onnx);
        return new OnnxFileInfo(modelChecksum(onnx).substring("sha256:".length()), props);
    }

    private static void requireFile(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new ModelUnavailableException(onnx + ": model file does not exist");
        }
    }

    private static final int METADATA_PROPS_FIELD = 14;

    static String toolVersion() {
        String v = ModelMetadata.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}

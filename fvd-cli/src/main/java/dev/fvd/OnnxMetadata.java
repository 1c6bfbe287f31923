package dev.fvd;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.fvd.features.InvalidModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a report needs to know about an ONNX file without building a session: its SHA-256 and its {@code metadata_props}
 * (ONNX {@code onnx.proto}: {@code ModelProto.metadata_props} = field 14, {@code StringStringEntryProto} key = 1, value = 2).
 * The graph (field 7, the bulk of the bytes) is skipped, so this costs one sequential read of the file.
 */
final class OnnxMetadata {
    private static final int METADATA_PROPS = 14;

    private OnnxMetadata() {
    }

    record Info(String sha256, Map<String, String> metadata) {
    }

    static Info read(Path onnx) {
        try {
            // The digest is taken in its own pass: the protobuf reader skips the graph with InputStream.skip, which a
            // DigestInputStream does not see.
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(onnx), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(onnx)) {
                CodedInputStream coded = CodedInputStream.newInstance(in);
                coded.setSizeLimit(Integer.MAX_VALUE);
                while (true) {
                    int tag = coded.readTag();
                    if (tag == 0) {
                        break;
                    }
                    if (WireFormat.getTagFieldNumber(tag) == METADATA_PROPS
                            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        readEntry(coded, metadata);
                    } else if (!coded.skipField(tag)) {
                        break;
                    }
                }
            }
            return new Info(HexFormat.of().formatHex(sha.digest()), metadata);
        } catch (IOException e) {
            throw new InvalidModelException(onnx + ": cannot read the ONNX model: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void readEntry(CodedInputStream coded, Map<String, String> metadata) throws IOException {
        int limit = coded.pushLimit(coded.readRawVarint32());
        String key = "";
        String value = "";
        while (!coded.isAtEnd()) {
            int tag = coded.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = coded.readString();
                case 2 -> value = coded.readString();
                default -> coded.skipField(tag);
            }
        }
        coded.popLimit(limit);
        metadata.put(key, value);
    }
}

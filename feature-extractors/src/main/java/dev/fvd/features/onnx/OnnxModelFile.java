package dev.fvd.features.onnx;

import dev.fvd.features.ModelException;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.fvd.features.onnx.proto.OnnxProto.TensorProto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.fvd.io.AtomicFile;
import dev.fvd.io.Npy;
import dev.fvd.io.OutputFileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an ONNX model to disk, with its large initializers in an external data file when the model would not fit one
 * protobuf message (protobuf refuses messages of 2 GB and more; VideoMAE-v2 ViT-g holds about 4 GB of float32 weights).
 *
 * <p>External data follows onnx.proto ({@code TensorProto.data_location = EXTERNAL}, {@code external_data} entries
 * {@code location} (a file name relative to the model file), {@code offset}, {@code length}) and the layout of the onnx
 * Python package's {@code convert_model_to_external_data}: one data file, each tensor at an offset aligned to
 * {@value #ALIGNMENT} bytes. ONNX Runtime resolves {@code location} against the model's folder, so such a model must be
 * opened by path, not from bytes.
 *
 * <p>Both files are written with fvd-io's {@link AtomicFile} (temporary file in the target folder, fsync, atomic move), the
 * data file first and the model last; a reader never sees a model whose data is incomplete.
 */
public final class OnnxModelFile {
    /** Models whose initializers total more than this are written with external data (protobuf's limit is 2 GiB − 1). */
    public static final long INLINE_LIMIT = 1L << 30;
    /** Initializers of at least this many bytes go to the data file (onnx's default {@code size_threshold}). */
    public static final long EXTERNAL_THRESHOLD = 1024;
    static final int ALIGNMENT = 4096;

    private OnnxModelFile() {
    }

    /** The data file that {@link #write} uses for {@code model}: {@code <model file name>.data} beside it. */
    public static Path dataFileOf(Path model) {
        return model.resolveSibling(model.getFileName() + ".data");
    }

    /**
     * Writes {@code model} to {@code target}: inline when its initializers fit {@link #INLINE_LIMIT}, else with external
     * data in {@link #dataFileOf}. Returns the files written (the model first).
     */
    public static java.util.List<Path> write(OnnxProto.ModelProto model, Path target) {
        return write(model, target, INLINE_LIMIT);
    }

    /**
     * {@link #write(OnnxProto.ModelProto, Path)} with another limit: inline when the initializers total at most
     * {@code inlineLimit} bytes, else with external data (the store's cache lowers it in tests).
     */
    public static java.util.List<Path> write(OnnxProto.ModelProto model, Path target, long inlineLimit) {
        long total = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            total += t.getRawData().size();
        }
        if (total <= inlineLimit) {
            writeAtomically(target, out -> model.writeTo(out));
            return java.util.List.of(target);
        }
        writeWithExternalData(model, target, EXTERNAL_THRESHOLD);
        return java.util.List.of(target, dataFileOf(target));
    }

    /** Writes {@code model} with every top-level initializer of at least {@code thresholdBytes} in the data file. */
    public static void writeWithExternalData(OnnxProto.ModelProto model, Path target, long thresholdBytes) {
        Path data = dataFileOf(target);
        String location = data.getFileName().toString();
        OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
        long[] offset = {0};
        writeAtomically(data, out -> {
            for (int i = 0; i < graph.getInitializerCount(); i++) {
                TensorProto t = graph.getInitializer(i);
                long length = t.getRawData().size();
                if (length < thresholdBytes) {
                    continue;
                }
                long padding = (ALIGNMENT - offset[0] % ALIGNMENT) % ALIGNMENT;
                out.write(new byte[(int) padding]);
                offset[0] += padding;
                t.getRawData().writeTo(out);
                graph.setInitializer(i, t.toBuilder().clearRawData()
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", location))
                        .addExternalData(entry("offset", String.valueOf(offset[0])))
                        .addExternalData(entry("length", String.valueOf(length))));
                offset[0] += length;
            }
        });
        OnnxProto.ModelProto slim = model.toBuilder().setGraph(graph).build();
        writeAtomically(target, slim::writeTo);
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /**
     * An external data file a model refers to.
     *
     * @param path          the file, resolved against the model's folder
     * @param requiredBytes the smallest size that holds every tensor stored in it (largest {@code offset + length})
     */
    public record DataFile(Path path, long requiredBytes) {
    }

    /**
     * The external data files the top-level initializers of the model at {@code model} refer to, in order of first
     * reference (none for an inline model). Reads the file without building the graph: {@code ModelProto.graph},
     * {@code GraphProto.initializer} and their {@code TensorProto.external_data} entries are walked, every other field
     * (raw data included) is skipped.
     *
     * @throws ModelException naming the file when it is not a readable protobuf
     */
    public static java.util.List<DataFile> externalDataOf(Path model) {
        Map<String, Long> extents = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(model)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            for (int tag; (tag = coded.readTag()) != 0; ) {
                if (isMessage(tag, OnnxProto.ModelProto.GRAPH_FIELD_NUMBER)) {
                    int graphLimit = coded.pushLimit(coded.readRawVarint32());
                    for (int g; (g = coded.readTag()) != 0; ) {
                        if (isMessage(g, OnnxProto.GraphProto.INITIALIZER_FIELD_NUMBER)) {
                            int tensorLimit = coded.pushLimit(coded.readRawVarint32());
                            readExternalEntries(coded, extents);
                            coded.popLimit(tensorLimit);
                        } else {
                            coded.skipField(g);
                        }
                    }
                    coded.popLimit(graphLimit);
                } else if (!coded.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new ModelException(model + ": cannot read the ONNX model's external data references: " + e, e);
        }
        Path dir = model.toAbsolutePath().getParent();
        java.util.List<DataFile> out = new java.util.ArrayList<>();
        extents.forEach((location, bytes) -> out.add(new DataFile(dir.resolve(location), bytes)));
        return out;
    }

    private static boolean isMessage(int tag, int field) {
        return WireFormat.getTagFieldNumber(tag) == field
                && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    /** One {@code TensorProto}: its {@code external_data} entries (location, offset, length) into {@code extents}. */
    private static void readExternalEntries(CodedInputStream coded, Map<String, Long> extents) throws IOException {
        String location = null;
        long offset = 0;
        long length = 0;
        for (int t; (t = coded.readTag()) != 0; ) {
            if (isMessage(t, TensorProto.EXTERNAL_DATA_FIELD_NUMBER)) {
                StringStringEntryProto e = StringStringEntryProto.parseFrom(coded.readBytes());
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue());
                    case "length" -> length = Long.parseLong(e.getValue());
                    default -> { }
                }
            } else {
                coded.skipField(t);
            }
        }
        if (location != null) {
            extents.merge(location, offset + length, Math::max);
        }
    }

    private static void writeAtomically(Path target, Npy.Body content) {
        try {
            AtomicFile.write(target, content);
        } catch (OutputFileException e) {
            throw new ModelException("cannot write ONNX model file " + target + ": " + e.getMessage(), e);
        }
    }
}

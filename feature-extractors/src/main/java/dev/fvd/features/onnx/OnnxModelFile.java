package dev.fvd.features.onnx;

import dev.fvd.features.ModelException;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.fvd.features.onnx.proto.OnnxProto.TensorProto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
 * <p>Both files are written to temporary files in the target folder, forced to disk and moved into place, the data file
 * first; a reader never sees a model whose data is incomplete.
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
        long total = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            total += t.getRawData().size();
        }
        if (total <= INLINE_LIMIT) {
            writeAtomically(target, out -> model.writeTo(out));
            return java.util.List.of(target);
        }
        writeWithExternalData(model, target, EXTERNAL_THRESHOLD);
        return java.util.List.of(target, dataFileOf(target));
    }

    /**
     * The model's bytes, for callers that hold models in memory; a model over protobuf's 2 GB cannot be one byte array
     * and must be written with {@link #write} and opened by path.
     *
     * @throws ModelException naming {@code source} when the model is too large
     */
    public static byte[] toBytes(OnnxProto.ModelProto model, Object source) {
        long size = model.getSerializedSize();
        if (size < 0 || size >= Integer.MAX_VALUE - 8) {
            throw new ModelException(source + ": the converted model exceeds protobuf's 2 GB; write it with "
                    + "OnnxModelFile.write (external data) and open it by path");
        }
        return model.toByteArray();
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

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 20)) {
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ModelException("cannot write ONNX model file " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and named after the target
                }
            }
        }
    }
}

package dev.fvd.features.checkpoint.tf;

import com.google.protobuf.CodedOutputStream;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a single-shard TF tensor bundle ({@code <prefix>.index} + {@code <prefix>.data-00000-of-00001}) in the real
 * on-disk format read by {@link TfCheckpointReader} and by TensorFlow ({@code tensorflow/core/util/tensor_bundle}):
 * a LevelDB table with prefix-compressed, crc-checked blocks, optionally snappy-compressed (as in the TF-Hub copy).
 * Used to write random weights under canonical names for tests and benchmarks; never for third-party weights.
 */
public final class TfCheckpointWriter {
    private static final int BLOCK_SIZE = 4096;
    private static final int RESTART_INTERVAL = 16;

    private TfCheckpointWriter() {
    }

    /** Writes the bundle; returns the index file. Keys are written in byte order, as the table format requires. */
    public static Path write(Path prefix, Map<String, FloatTensor> tensors, boolean snappyBlocks) {
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        Path data = prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001");
        TreeMap<String, FloatTensor> sorted = new TreeMap<>(tensors);
        try {
            if (prefix.getParent() != null) {
                Files.createDirectories(prefix.getParent());
            }
            TreeMap<String, byte[]> entries = new TreeMap<>();
            entries.put("", header());
            try (OutputStream out = Files.newOutputStream(data)) {
                long offset = 0;
                for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
                    float[] v = e.getValue().values();
                    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bb.asFloatBuffer().put(v);
                    byte[] bytes = bb.array();
                    out.write(bytes);
                    entries.put(e.getKey(), entry(e.getValue().shape(), offset, bytes.length,
                            Crc32c.masked(bytes, 0, bytes.length)));
                    offset += bytes.length;
                }
            }
            Files.write(index, table(entries, snappyBlocks));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + prefix, e);
        }
    }

    static byte[] header() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        out.writeInt32(1, 1);            // num_shards
        // endianness = LITTLE (0) is the default and therefore not written, as TF does
        ByteArrayOutputStream version = new ByteArrayOutputStream();
        CodedOutputStream v = CodedOutputStream.newInstance(version);
        v.writeInt32(1, 1);              // VersionDef.producer
        v.flush();
        out.writeByteArray(3, version.toByteArray());
        out.flush();
        return bos.toByteArray();
    }

    static byte[] entry(long[] shape, long offset, long size, int crc) throws IOException {
        ByteArrayOutputStream shapeBytes = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(shapeBytes);
        for (long d : shape) {
            ByteArrayOutputStream dim = new ByteArrayOutputStream();
            CodedOutputStream dd = CodedOutputStream.newInstance(dim);
            dd.writeInt64(1, d);
            dd.flush();
            s.writeByteArray(2, dim.toByteArray());
        }
        s.flush();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        out.writeEnum(1, TensorEntry.DT_FLOAT);
        out.writeByteArray(2, shapeBytes.toByteArray());
        if (offset != 0) {
            out.writeInt64(4, offset);
        }
        out.writeInt64(5, size);
        out.writeFixed32(6, crc);
        out.flush();
        return bos.toByteArray();
    }

    // ---------------------------------------------------------------- LevelDB table writer

    private static byte[] table(TreeMap<String, byte[]> entries, boolean snappy) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<byte[][]> indexEntries = new ArrayList<>();
        BlockBuilder block = new BlockBuilder(RESTART_INTERVAL);
        byte[] lastKey = null;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            block.add(key, e.getValue());
            lastKey = key;
            if (block.size() >= BLOCK_SIZE) {
                indexEntries.add(new byte[][] {lastKey, writeBlock(file, block.finish(), snappy)});
                block = new BlockBuilder(RESTART_INTERVAL);
            }
        }
        if (!block.isEmpty()) {
            indexEntries.add(new byte[][] {lastKey, writeBlock(file, block.finish(), snappy)});
        }
        byte[] metaHandle = writeBlock(file, new BlockBuilder(RESTART_INTERVAL).finish(), false);
        BlockBuilder index = new BlockBuilder(1);
        for (byte[][] ie : indexEntries) {
            index.add(ie[0], ie[1]);
        }
        byte[] indexHandle = writeBlock(file, index.finish(), false);
        ByteBuffer footer = ByteBuffer.allocate(TfCheckpointReader.FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        footer.put(metaHandle).put(indexHandle);
        footer.putLong(TfCheckpointReader.FOOTER_LENGTH - 8, TfCheckpointReader.TABLE_MAGIC);
        file.write(footer.array());
        return file.toByteArray();
    }

    /** Appends block + trailer; returns the encoded BlockHandle (varint offset, varint size). */
    private static byte[] writeBlock(ByteArrayOutputStream file, byte[] contents, boolean snappy) throws IOException {
        byte type = 0;
        byte[] stored = contents;
        if (snappy) {
            stored = Snappy.compress(contents);
            type = 1;
        }
        long offset = file.size();
        file.write(stored);
        byte[] withType = java.util.Arrays.copyOf(stored, stored.length + 1);
        withType[stored.length] = type;
        int crc = Crc32c.masked(withType, 0, withType.length);
        file.write(type);
        file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        CodedOutputStream h = CodedOutputStream.newInstance(handle);
        h.writeUInt64NoTag(offset);
        h.writeUInt64NoTag(stored.length);
        h.flush();
        return handle.toByteArray();
    }

    /** LevelDB BlockBuilder: keys share a prefix with the previous key except at restart points. */
    private static final class BlockBuilder {
        private final int restartInterval;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>(List.of(0));
        private byte[] lastKey = new byte[0];
        private int counter;
        private boolean empty = true;

        BlockBuilder(int restartInterval) {
            this.restartInterval = restartInterval;
        }

        void add(byte[] key, byte[] value) throws IOException {
            int shared = 0;
            if (counter < restartInterval) {
                int max = Math.min(lastKey.length, key.length);
                while (shared < max && lastKey[shared] == key[shared]) {
                    shared++;
                }
            } else {
                restarts.add(buf.size());
                counter = 0;
            }
            CodedOutputStream out = CodedOutputStream.newInstance(buf);
            out.writeUInt32NoTag(shared);
            out.writeUInt32NoTag(key.length - shared);
            out.writeUInt32NoTag(value.length);
            out.flush();
            buf.write(key, shared, key.length - shared);
            buf.write(value);
            lastKey = key;
            counter++;
            empty = false;
        }

        int size() {
            return buf.size() + 4 * restarts.size() + 4;
        }

        boolean isEmpty() {
            return empty;
        }

        byte[] finish() {
            ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
            restarts.forEach(tail::putInt);
            tail.putInt(restarts.size());
            buf.writeBytes(tail.array());
            return buf.toByteArray();
        }
    }
}

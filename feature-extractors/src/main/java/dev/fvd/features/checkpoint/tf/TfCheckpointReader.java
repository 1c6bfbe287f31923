package dev.fvd.features.checkpoint.tf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.fvd.features.InvalidModelException;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TensorFlow V2 checkpoint ("tensor bundle"): the {@code .index} file is a LevelDB-format sorted table
 * (leveldb {@code doc/table_format.md}; TF copy in {@code tensorflow/core/lib/io/table.cc}) mapping variable names to
 * {@code BundleEntryProto} (tensorflow/core/protobuf/tensor_bundle.proto); the key {@code ""} holds the
 * {@code BundleHeaderProto}. Tensor bytes live in {@code .data-00000-of-00001}, each verified against its masked crc32c.
 *
 * <p>Only single-shard, little-endian, unsliced DT_FLOAT bundles are supported, which covers the DeepMind kinetics-i3d
 * checkpoints (REFERENCE.md §1) and the TF-Hub copy (snappy-compressed index blocks).
 */
public final class TfCheckpointReader {
    static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    static final int BLOCK_TRAILER = 5;

    private final Path indexFile;
    private final Map<String, TensorEntry> tensors;

    private TfCheckpointReader(Path indexFile, Map<String, TensorEntry> tensors) {
        this.indexFile = indexFile;
        this.tensors = tensors;
    }

    /**
     * Parses an {@code .index} file.
     *
     * @throws InvalidModelException naming the file when it is not a valid tensor-bundle index
     */
    public static TfCheckpointReader open(Path indexFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(indexFile);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read checkpoint index " + indexFile + ": " + e.getMessage(), e);
        }
        try {
            return new TfCheckpointReader(indexFile, parse(bytes, indexFile));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidModelException ime) {
                throw ime;
            }
            throw new InvalidModelException(indexFile + ": not a TF tensor-bundle index (" + e + ")", e);
        }
    }

    /** Tensors in key (name) order. The header entry is not included. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    public TensorEntry entry(String name) {
        TensorEntry e = tensors.get(name);
        if (e == null) {
            throw new InvalidModelException(indexFile + ": checkpoint has no tensor '" + name + "'");
        }
        return e;
    }

    public Path indexFile() {
        return indexFile;
    }

    /** The default data file next to the index: {@code <prefix>.data-00000-of-00001}. */
    public Path defaultDataFile() {
        String name = indexFile.getFileName().toString();
        String prefix = name.endsWith(".index") ? name.substring(0, name.length() - ".index".length()) : name;
        return indexFile.resolveSibling(prefix + ".data-00000-of-00001");
    }

    /**
     * Reads all DT_FLOAT tensors from {@code dataFile}, verifying each tensor's crc32c.
     *
     * @throws InvalidModelException naming the file and tensor on size or checksum mismatch
     */
    public Map<String, float[]> readAll(Path dataFile) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (RandomAccessFile raf = new RandomAccessFile(dataFile.toFile(), "r")) {
            for (TensorEntry e : tensors.values()) {
                out.put(e.name(), read(raf, dataFile, e));
            }
        } catch (IOException ex) {
            throw new InvalidModelException("cannot read checkpoint data " + dataFile + ": " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Reads one tensor (see {@link #readAll}). */
    public float[] read(Path dataFile, String name) {
        try (RandomAccessFile raf = new RandomAccessFile(dataFile.toFile(), "r")) {
            return read(raf, dataFile, entry(name));
        } catch (IOException ex) {
            throw new InvalidModelException("cannot read checkpoint data " + dataFile + ": " + ex.getMessage(), ex);
        }
    }

    private static float[] read(RandomAccessFile raf, Path dataFile, TensorEntry e) throws IOException {
        if (e.dtype() != TensorEntry.DT_FLOAT) {
            throw new InvalidModelException(dataFile + ": tensor " + e.name() + " has dtype " + e.dtype()
                    + "; only DT_FLOAT (1) is supported");
        }
        if (e.shardId() != 0) {
            throw new InvalidModelException(dataFile + ": tensor " + e.name() + " is in shard " + e.shardId()
                    + "; only single-shard checkpoints are supported");
        }
        if (e.size() != e.elementCount() * 4) {
            throw new InvalidModelException(dataFile + ": tensor " + e.name() + " " + e.shapeString() + " needs "
                    + e.elementCount() * 4 + " bytes, index says " + e.size());
        }
        if (e.offset() + e.size() > raf.length()) {
            throw new InvalidModelException(dataFile + ": tensor " + e.name() + " ends at byte " + (e.offset() + e.size())
                    + " but the file has " + raf.length() + " bytes (truncated?)");
        }
        byte[] bytes = new byte[(int) e.size()];
        raf.seek(e.offset());
        raf.readFully(bytes);
        int crc = Crc32c.masked(bytes, 0, bytes.length);
        if (crc != e.maskedCrc32c()) {
            throw new InvalidModelException(dataFile + ": crc32c mismatch for tensor " + e.name() + " (expected "
                    + Integer.toHexString(e.maskedCrc32c()) + ", found " + Integer.toHexString(crc) + ")");
        }
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    // ---------------------------------------------------------------- LevelDB table

    private static Map<String, TensorEntry> parse(byte[] file, Path path) throws IOException {
        if (file.length < FOOTER_LENGTH) {
            throw new InvalidModelException(path + ": " + file.length + " bytes is shorter than the 48-byte table footer");
        }
        ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER_LENGTH, FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long magic = footer.getLong(file.length - 8);
        if (magic != TABLE_MAGIC) {
            throw new InvalidModelException(path + ": bad table magic 0x" + Long.toHexString(magic));
        }
        CodedInputStream in = CodedInputStream.newInstance(file, file.length - FOOTER_LENGTH, FOOTER_LENGTH - 8);
        in.readRawVarint64(); // metaindex offset (the metaindex block is empty in tensor bundles)
        in.readRawVarint64(); // metaindex size
        long indexOffset = in.readRawVarint64();
        long indexSize = in.readRawVarint64();

        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        boolean sawHeader = false;
        for (byte[][] kv : blockEntries(readBlock(file, indexOffset, indexSize, path), path)) {
            CodedInputStream handle = CodedInputStream.newInstance(kv[1]);
            long offset = handle.readRawVarint64();
            long size = handle.readRawVarint64();
            for (byte[][] entry : blockEntries(readBlock(file, offset, size, path), path)) {
                String key = new String(entry[0], StandardCharsets.UTF_8);
                if (key.isEmpty()) {
                    checkHeader(entry[1], path);
                    sawHeader = true;
                } else {
                    tensors.put(key, parseEntry(key, entry[1]));
                }
            }
        }
        if (!sawHeader) {
            throw new InvalidModelException(path + ": tensor-bundle header (key \"\") is missing");
        }
        return Collections.unmodifiableMap(tensors);
    }

    /** Returns the block contents after verifying the trailer's masked crc32c (over contents + type byte). */
    private static byte[] readBlock(byte[] file, long offset, long size, Path path) throws IOException {
        if (offset < 0 || size < 0 || offset + size + BLOCK_TRAILER > file.length) {
            throw new InvalidModelException(path + ": block handle (" + offset + ", " + size + ") outside the file");
        }
        int off = (int) offset;
        int len = (int) size;
        int type = file[off + len] & 0xff;
        int stored = ByteBuffer.wrap(file, off + len + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int actual = Crc32c.masked(file, off, len + 1);
        if (stored != actual) {
            throw new InvalidModelException(path + ": block at " + offset + " fails its crc32c check");
        }
        byte[] raw = java.util.Arrays.copyOfRange(file, off, off + len);
        return switch (type) {
            case 0 -> raw;
            case 1 -> Snappy.uncompress(raw);
            default -> throw new InvalidModelException(path + ": block at " + offset + " has unknown compression "
                    + type + " (0 none, 1 snappy)");
        };
    }

    /** Decodes the prefix-compressed entries of a block; restart points are only needed for seeking, not scanning. */
    private static List<byte[][]> blockEntries(byte[] block, Path path) {
        ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        if (block.length < 4) {
            throw new InvalidModelException(path + ": block of " + block.length + " bytes is too short");
        }
        int numRestarts = bb.getInt(block.length - 4);
        int end = block.length - 4 - 4 * numRestarts;
        if (numRestarts < 1 || end < 0) {
            throw new InvalidModelException(path + ": block has an invalid restart count " + numRestarts);
        }
        List<byte[][]> out = new ArrayList<>();
        byte[] lastKey = new byte[0];
        int[] pos = {0};
        while (pos[0] < end) {
            int shared = varint32(block, pos);
            int nonShared = varint32(block, pos);
            int valueLength = varint32(block, pos);
            if (shared > lastKey.length || pos[0] + nonShared + valueLength > end) {
                throw new InvalidModelException(path + ": corrupt block entry at byte " + pos[0]);
            }
            byte[] key = new byte[shared + nonShared];
            System.arraycopy(lastKey, 0, key, 0, shared);
            System.arraycopy(block, pos[0], key, shared, nonShared);
            pos[0] += nonShared;
            byte[] value = java.util.Arrays.copyOfRange(block, pos[0], pos[0] + valueLength);
            pos[0] += valueLength;
            out.add(new byte[][] {key, value});
            lastKey = key;
        }
        return out;
    }

    private static int varint32(byte[] b, int[] pos) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            result |= (x & 0x7f) << shift;
            if (x < 0x80) {
                return result;
            }
        }
        throw new IllegalStateException("varint32 too long");
    }

    // ---------------------------------------------------------------- protobuf messages (hand-decoded)

    /** BundleHeaderProto {num_shards = 1; endianness = 2 (0 = LITTLE); version = 3 (VersionDef)}. */
    private static void checkHeader(byte[] value, Path path) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(value);
        int numShards = 0;
        int endianness = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> numShards = in.readInt32();
                case 2 -> endianness = in.readEnum();
                default -> in.skipField(tag);
            }
        }
        if (numShards != 1) {
            throw new InvalidModelException(path + ": checkpoint has " + numShards + " shards; only 1 is supported");
        }
        if (endianness != 0) {
            throw new InvalidModelException(path + ": checkpoint is big-endian; only little-endian is supported");
        }
    }

    /** BundleEntryProto {dtype = 1; shape = 2; shard_id = 3; offset = 4; size = 5; crc32c = 6 (fixed32); slices = 7}. */
    private static TensorEntry parseEntry(String name, byte[] value) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(value);
        int dtype = 0;
        long[] shape = new long[0];
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> dtype = in.readEnum();
                case 2 -> shape = parseShape(in.readBytes().toByteArray());
                case 3 -> shard = in.readInt32();
                case 4 -> offset = in.readInt64();
                case 5 -> size = in.readInt64();
                case 6 -> crc = in.readFixed32();
                case 7 -> throw new InvalidModelException("tensor " + name + " is stored in slices; not supported");
                default -> in.skipField(tag);
            }
        }
        return new TensorEntry(name, dtype, shape, shard, offset, size, crc);
    }

    /** TensorShapeProto {dim = 2 (Dim {size = 1; name = 2}); unknown_rank = 3}. */
    private static long[] parseShape(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<Long> dims = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 2) {
                CodedInputStream dim = CodedInputStream.newInstance(in.readBytes().toByteArray());
                long size = 0;
                while (!dim.isAtEnd()) {
                    int t = dim.readTag();
                    if (WireFormat.getTagFieldNumber(t) == 1) {
                        size = dim.readInt64();
                    } else {
                        dim.skipField(t);
                    }
                }
                dims.add(size);
            } else {
                in.skipField(tag);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}

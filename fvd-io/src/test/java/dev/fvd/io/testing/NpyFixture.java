package dev.fvd.io.testing;

import dev.fvd.io.Npy;
import dev.fvd.io.NpyHeader;
import dev.fvd.io.NpzArchive;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A whole (small) C-order array read from a fixture {@code .npy} or gzip-compressed {@code .npy.gz} with the project's codec,
 * plus writers of hand-made {@code .npy} bytes and {@code .npz} archives for tests that need odd headers.
 *
 * @param header the parsed header
 * @param data   the raw element bytes in file order
 */
public record NpyFixture(NpyHeader header, byte[] data) {

    /** Reads the array {@code key} of an {@code .npz} archive. */
    public static NpyFixture read(Path npz, String key) {
        try (NpzArchive archive = NpzArchive.open(npz)) {
            return archive.read(key, (in, h) -> contiguous(npz, h, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code file}: a {@code .npy}, a gzip-compressed {@code .npy.gz}, or the {@code arr_0} (or only) array of an {@code .npz}. */
    public static NpyFixture read(Path file) {
        if (file.toString().endsWith(".npz")) {
            try (NpzArchive archive = NpzArchive.open(file)) {
                var keys = archive.arrayKeys();
                String key = keys.contains("arr_0") || keys.size() != 1 ? "arr_0" : keys.iterator().next();
                return archive.read(key, (in, h) -> contiguous(file, h, in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return contiguous(file, Npy.readHeader(in, file, null, -1), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NpyFixture contiguous(Path file, NpyHeader h, InputStream in) throws IOException {
        if (h.fortranOrder()) {
            throw new IllegalArgumentException(file + ": Fortran-ordered fixture; write it with np.ascontiguousarray");
        }
        return new NpyFixture(h, Npy.readRawBytes(in, h));
    }

    /** The dtype as numpy spells it ({@code |u1}, {@code <f4}, …). */
    public String dtype() {
        return header.dtype();
    }

    public long[] shape() {
        return header.shape();
    }

    /** The shape as ints. */
    public int[] intShape() {
        return Arrays.stream(header.shape()).mapToInt(Math::toIntExact).toArray();
    }

    public byte[] uint8() {
        require('u', 1);
        return data.clone();
    }

    public float[] float32() {
        require('f', 4);
        float[] out = new float[data.length / 4];
        buffer().asFloatBuffer().get(out);
        return out;
    }

    public int[] int32() {
        require('i', 4);
        int[] out = new int[data.length / 4];
        buffer().asIntBuffer().get(out);
        return out;
    }

    /** A float32 [N,d] array as rows. */
    public float[][] floatMatrix() {
        require('f', 4);
        if (header.rank() != 2) {
            throw new IllegalStateException(header.source() + ": not a matrix: " + header.shapeText());
        }
        var floats = buffer().asFloatBuffer();
        float[][] m = new float[(int) header.dimension(0)][(int) header.dimension(1)];
        for (float[] row : m) {
            floats.get(row);
        }
        return m;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(header.order());
    }

    private void require(char kind, int size) {
        if (header.kind() != kind || header.itemSize() != size) {
            throw new IllegalStateException(header.source() + ": expected dtype " + kind + size + ", found " + dtype());
        }
    }

    /** The bytes of a format 1.0 {@code .npy} holding {@code data} under a header that claims {@code dtype} and {@code shape}. */
    public static byte[] npy(byte[] data, String dtype, long... shape) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            Npy.writeHeader(out, dtype, shape);
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The bytes of a format 1.0 {@code .npy} with a literal header dict (for malformed or hostile headers). */
    public static byte[] npyWithHeader(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + data.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) (h.length & 0xff);
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }

    /** Writes an {@code .npz} with one deflated entry {@code <name>.npy} per array (like {@code np.savez_compressed}). */
    public static void npz(Path file, List<String> names, List<byte[]> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i) + ".npy"));
                zip.write(arrays.get(i));
                zip.closeEntry();
            }
        }
    }

    /** Little-endian bytes of float32 values. */
    public static byte[] float32Bytes(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}

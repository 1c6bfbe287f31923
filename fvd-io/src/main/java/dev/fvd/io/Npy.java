package dev.fvd.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * THE reader and writer of the NumPy {@code .npy} format in this project, versions 1.0–3.0 (numpy {@code numpy/lib/format.py},
 * NEP 1): magic {@code \x93NUMPY}, major/minor version, little-endian header length (u16 in 1.0, u32 in 2.0/3.0), an ASCII
 * (3.0: UTF-8) Python dict literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces and
 * {@code \n} so that data starts at a multiple of 64 bytes, then the raw elements.
 *
 * <p><b>Reads</b> numeric dtypes ({@code f4 f8 i1..i8 u1..u8}) in either byte order and C or Fortran order, and unicode
 * ({@code U}) / byte ({@code S}) string scalars. <b>Writes</b> little-endian C-order {@code f4}, {@code f8}, {@code i8} and
 * 0-d {@code U} (what {@code np.array(str)} saves; {@code numpy.load(allow_pickle=False)} reads it). {@code .npz} archives
 * are {@link NpzArchive} (read) and {@link NpzWriter} (write); random access into one large array is {@link NpyArrayFile}.
 *
 * <p>Every format problem is an {@link NpyFormatException} naming the file and key; headers with a negative dimension or
 * a shape whose byte count overflows 64 bits are refused while parsing, before anything is allocated.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final int CHUNK = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Writes the body of one array to a stream. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Decodes one array from a stream positioned just after its header. */
    @FunctionalInterface
    public interface ArrayReader<T> {
        T read(InputStream in, NpyHeader header) throws IOException;
    }

    // ------------------------------------------------------------------ files

    /**
     * Reads a 2-D float32/float64 {@code .npy} file as float rows (float64 values are rounded to float).
     *
     * @throws NpyFormatException if the file is missing, not .npy, not 2-D float, or truncated
     */
    public static float[][] readFloatMatrix(Path file) {
        return readFile(file, (in, h) -> readFloatRows(in, h, -1));
    }

    /**
     * Reads a 2-D float32/float64 {@code .npy} file as double rows.
     *
     * @throws NpyFormatException if the file is missing, not .npy, not 2-D float, or truncated
     */
    public static double[][] readDoubleMatrix(Path file) {
        return readFile(file, (in, h) -> readDoubleRows(in, h, -1));
    }

    /**
     * Reads one {@code .npy} file with {@code reader}, after parsing (and size-checking) its header.
     *
     * @throws NpyFormatException if the file is missing, unreadable or not a valid array for {@code reader}
     */
    public static <T> T readFile(Path file, ArrayReader<T> reader) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            NpyHeader h = readHeader(in, file, null, Files.size(file));
            return reader.read(in, h);
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(file, null, "does not exist", e);
        } catch (IOException e) {
            throw new NpyFormatException(file, null, "cannot be read: " + e, e);
        }
    }

    /**
     * Writes rows as a float32 [N,d] {@code .npy}, atomically ({@link AtomicFile}).
     *
     * @throws IllegalArgumentException if the rows are ragged
     * @throws OutputFileException      if the file cannot be written
     */
    public static void write(Path file, float[][] rows) {
        int cols = columns(file, rows.length == 0 ? 0 : rows[0].length, rows.length, i -> rows[i].length);
        AtomicFile.write(file, out -> writeFloatRows(out, rows, cols));
    }

    /**
     * Writes rows as a float64 [N,d] {@code .npy}, atomically ({@link AtomicFile}).
     *
     * @throws IllegalArgumentException if the rows are ragged
     * @throws OutputFileException      if the file cannot be written
     */
    public static void write(Path file, double[][] rows) {
        int cols = columns(file, rows.length == 0 ? 0 : rows[0].length, rows.length, i -> rows[i].length);
        AtomicFile.write(file, out -> writeDoubleRows(out, rows, cols));
    }

    private static int columns(Path file, int cols, int rows, java.util.function.IntUnaryOperator length) {
        for (int i = 0; i < rows; i++) {
            if (length.applyAsInt(i) != cols) {
                throw new IllegalArgumentException(file + ": cannot be written: row " + i + " has " + length.applyAsInt(i)
                        + " values, row 0 has " + cols);
            }
        }
        return cols;
    }

    // ------------------------------------------------------------------ header

    /**
     * Parses the header of one array and leaves {@code in} at its first element.
     *
     * @param key            the array's key inside an archive, or {@code null} (for messages)
     * @param availableBytes the size of the array's stream when known, else -1: a shorter stream is reported as truncated
     *                       before anything is allocated
     * @throws NpyFormatException on bad magic, an unsupported version or dtype, a malformed header, a negative dimension,
     *                            a byte count that overflows 64 bits, or (with {@code availableBytes}) a truncated array
     */
    public static NpyHeader readHeader(InputStream in, Path file, String key, long availableBytes) throws IOException {
        byte[] magic = in.readNBytes(6);
        if (magic.length < 6) {
            throw new NpyFormatException(file, key, "is not a .npy array: shorter than the 6-byte magic");
        }
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException(file, key, "is not a .npy array: bad magic (expected \\x93NUMPY)");
        }
        byte[] version = in.readNBytes(2);
        if (version.length < 2) {
            throw new NpyFormatException(file, key, "is truncated inside its .npy header");
        }
        int major = version[0] & 0xFF;
        int prefix = major == 1 ? 10 : 12;
        if (major != 1 && major != 2 && major != 3) {
            throw new NpyFormatException(file, key, "has .npy format version " + major + "; supported: 1, 2, 3");
        }
        byte[] lengthBytes = in.readNBytes(prefix - 8);
        if (lengthBytes.length < prefix - 8) {
            throw new NpyFormatException(file, key, "is truncated inside its .npy header");
        }
        long length = 0;
        for (int i = lengthBytes.length - 1; i >= 0; i--) {
            length = length << 8 | (lengthBytes[i] & 0xFF);
        }
        if (length > MAX_HEADER) {
            throw new NpyFormatException(file, key, "has a .npy header of " + length + " bytes; refusing (> 1 MiB)");
        }
        byte[] headerBytes = in.readNBytes((int) length);
        if (headerBytes.length < length) {
            throw new NpyFormatException(file, key, "is truncated inside its .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new NpyFormatException(file, key, "has a malformed .npy header: " + header.trim());
        }
        String d = descr.group(1);
        // numpy always writes a byte-order character; accept a bare kind+size ('u1') as native order too
        String typed = d.length() >= 2 && Character.isLetter(d.charAt(0)) ? "=" + d : d;
        if (typed.length() < 3) {
            throw new NpyFormatException(file, key, "has unsupported dtype '" + d + "' (structured arrays are not read)");
        }
        ByteOrder order = switch (typed.charAt(0)) {
            case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw new NpyFormatException(file, key, "has unsupported dtype '" + d + "'");
        };
        char kind = typed.charAt(1);
        int size;
        try {
            size = Integer.parseInt(typed.substring(2));
            if (kind == 'U') {
                size = Math.multiplyExact(size, 4);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NpyFormatException(file, key, "has unsupported dtype '" + d + "'");
        }
        if (size < 0) {
            throw new NpyFormatException(file, key, "has unsupported dtype '" + d + "'");
        }
        String dimsText = shape.group(1);
        long[] dims = java.util.Arrays.stream(dimsText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(s -> {
                    try {
                        return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                    } catch (NumberFormatException e) {
                        throw new NpyFormatException(file, key, "has a malformed shape (" + dimsText + ")");
                    }
                }).toArray();
        for (long s : dims) {
            if (s < 0) {
                throw new NpyFormatException(file, key, "has a negative dimension in shape (" + dimsText + ")");
            }
        }
        long dataOffset = prefix + length;
        long needed;
        try {
            long n = 1;
            for (long s : dims) {
                n = Math.multiplyExact(n, s);
            }
            needed = Math.addExact(dataOffset, Math.multiplyExact(n, (long) size));
        } catch (ArithmeticException e) {
            throw new NpyFormatException(file, key, "has an impossible shape (" + dimsText + ") of " + d
                    + ": its byte count overflows 64 bits");
        }
        NpyHeader h = new NpyHeader(file, key, order, kind, size, fortran.group(1).equals("True"), dims, dataOffset);
        if (availableBytes >= 0 && needed > availableBytes) {
            throw h.error("is truncated: shape " + h.shapeText() + " of " + d + " needs " + needed + " bytes, only "
                    + availableBytes + " present");
        }
        return h;
    }

    /** Writes a version 1.0 header, padded so the data starts at a multiple of 64 bytes (as numpy writes it). */
    public static void writeHeader(OutputStream out, String descr, long... shape) throws IOException {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        dims.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        if (header.length() > 0xFFFF) {
            throw new IllegalArgumentException("npy header too long");
        }
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ reading arrays

    /** Streams the elements of a numeric array in file order. */
    private static final class Elements {
        private final DataInputStream in;
        private final NpyHeader h;
        private final ByteBuffer buffer;
        private long remaining;

        Elements(InputStream in, NpyHeader h) {
            this.in = in instanceof DataInputStream d ? d : new DataInputStream(in);
            this.h = h;
            this.buffer = ByteBuffer.allocate(CHUNK - CHUNK % 8).order(h.order());
            this.buffer.limit(0);
            this.remaining = h.byteCount();
        }

        /**
         * The next {@code count} elements of a float array into {@code out[offset…]}: whole chunks decoded by one bulk
         * {@code DoubleBuffer}/{@code FloatBuffer} copy instead of one call per element (a d = 2048 sigma is 4M elements).
         */
        void nextFloats(double[] out, int offset, int count) throws IOException {
            if (!h.isFloat()) {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = next();
                }
                return;
            }
            int done = 0;
            while (done < count) {
                if (!buffer.hasRemaining()) {
                    refill();
                }
                int n = Math.min(count - done, buffer.remaining() / h.itemSize());
                if (h.itemSize() == 8) {
                    buffer.asDoubleBuffer().get(out, offset + done, n);
                } else {
                    java.nio.FloatBuffer floats = buffer.asFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        out[offset + done + i] = floats.get(i);
                    }
                }
                buffer.position(buffer.position() + n * h.itemSize());
                done += n;
            }
        }

        private void refill() throws IOException {
            int n = (int) Math.min(buffer.capacity(), remaining);
            if (n <= 0) {
                throw h.error("has fewer elements than its shape " + h.shapeText() + " says");
            }
            buffer.clear();
            try {
                in.readFully(buffer.array(), 0, n);
            } catch (EOFException e) {
                throw h.error("is truncated: fewer data bytes than its shape " + h.shapeText() + " needs");
            }
            buffer.limit(n);
            remaining -= n;
        }

        double next() throws IOException {
            if (!buffer.hasRemaining()) {
                refill();
            }
            return switch (h.kind()) {
                case 'f' -> h.itemSize() == 4 ? buffer.getFloat() : buffer.getDouble();
                case 'i' -> switch (h.itemSize()) {
                    case 1 -> buffer.get();
                    case 2 -> buffer.getShort();
                    case 4 -> buffer.getInt();
                    default -> buffer.getLong();
                };
                default -> switch (h.itemSize()) {
                    case 1 -> Byte.toUnsignedInt(buffer.get());
                    case 2 -> Short.toUnsignedInt(buffer.getShort());
                    case 4 -> Integer.toUnsignedLong(buffer.getInt());
                    default -> {
                        long v = buffer.getLong();
                        yield v >= 0 ? v : Math.scalb((double) (v >>> 1), 1);
                    }
                };
            };
        }
    }

    /** A 1-D float array of length {@code expected} (or any length when {@code expected < 0}). */
    public static double[] readVector(InputStream in, NpyHeader h, int expected) throws IOException {
        requireFloat(h);
        if (h.rank() != 1 || (expected >= 0 && h.dimension(0) != expected)) {
            throw h.error("has shape " + h.shapeText() + "; expected " + (expected >= 0 ? "[" + expected + "]" : "[d]"));
        }
        if (h.dimension(0) > Integer.MAX_VALUE - 8) {
            throw h.error("has shape " + h.shapeText() + ", too large");
        }
        double[] out = new double[(int) h.dimension(0)];
        new Elements(in, h).nextFloats(out, 0, out.length);
        return out;
    }

    /** A 2-D float array of shape [d,d], returned row-major flat. */
    public static double[] readSquare(InputStream in, NpyHeader h, int d) throws IOException {
        requireFloat(h);
        if (h.rank() != 2 || h.dimension(0) != d || h.dimension(1) != d) {
            throw h.error("has shape " + h.shapeText() + "; expected [" + d + "," + d + "]");
        }
        double[] out = new double[d * d];
        Elements e = new Elements(in, h);
        if (!h.fortranOrder()) {
            e.nextFloats(out, 0, out.length);
            return out;
        }
        for (long k = 0, n = (long) d * d; k < n; k++) {
            int i = (int) (h.fortranOrder() ? k % d : k / d);
            int j = (int) (h.fortranOrder() ? k / d : k % d);
            out[i * d + j] = e.next();
        }
        return out;
    }

    /** A 2-D float array as rows; {@code expectedColumns < 0} accepts any. */
    public static float[][] readFloatRows(InputStream in, NpyHeader h, int expectedColumns) throws IOException {
        requireMatrix(h, expectedColumns);
        int rows = (int) h.dimension(0);
        int cols = (int) h.dimension(1);
        float[][] out = new float[rows][cols];
        Elements e = new Elements(in, h);
        for (long k = 0, n = (long) rows * cols; k < n; k++) {
            int i = (int) (h.fortranOrder() ? k % rows : k / cols);
            int j = (int) (h.fortranOrder() ? k / rows : k % cols);
            out[i][j] = (float) e.next();
        }
        return out;
    }

    /** A 2-D float array as double rows; {@code expectedColumns < 0} accepts any. */
    public static double[][] readDoubleRows(InputStream in, NpyHeader h, int expectedColumns) throws IOException {
        requireMatrix(h, expectedColumns);
        int rows = (int) h.dimension(0);
        int cols = (int) h.dimension(1);
        double[][] out = new double[rows][cols];
        Elements e = new Elements(in, h);
        if (!h.fortranOrder()) {
            for (double[] row : out) {
                e.nextFloats(row, 0, cols);
            }
            return out;
        }
        for (long k = 0, n = (long) rows * cols; k < n; k++) {
            int i = (int) (h.fortranOrder() ? k % rows : k / cols);
            int j = (int) (h.fortranOrder() ? k / rows : k % cols);
            out[i][j] = e.next();
        }
        return out;
    }

    /** An integer scalar (0-d or single-element array). */
    public static long readIntegerScalar(InputStream in, NpyHeader h) throws IOException {
        if (!h.isInteger()) {
            throw h.error("has dtype " + h.dtype() + "; expected an integer scalar");
        }
        if (h.elements() != 1) {
            throw h.error("has shape " + h.shapeText() + "; expected a scalar");
        }
        double v = new Elements(in, h).next();
        return (long) v;
    }

    /** A unicode ({@code U}) or bytes ({@code S}) scalar; trailing NULs are stripped as numpy does. */
    public static String readString(InputStream in, NpyHeader h) throws IOException {
        if ((h.kind() != 'U' && h.kind() != 'S') || h.elements() != 1) {
            throw h.error("has dtype " + h.dtype() + " and shape " + h.shapeText() + "; expected a string scalar");
        }
        byte[] raw = in.readNBytes(h.itemSize());
        if (raw.length < h.itemSize()) {
            throw h.error("is truncated");
        }
        String s;
        if (h.kind() == 'S') {
            s = new String(raw, StandardCharsets.UTF_8);
        } else {
            ByteBuffer b = ByteBuffer.wrap(raw).order(h.order());
            StringBuilder sb = new StringBuilder(raw.length / 4);
            while (b.hasRemaining()) {
                int cp = b.getInt();
                if (!Character.isValidCodePoint(cp)) {
                    throw h.error("holds an invalid unicode code point " + cp);
                }
                sb.appendCodePoint(cp);
            }
            s = sb.toString();
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * The raw data bytes of a whole array in file order (byte order and memory order as in {@code h}); for small arrays only.
     *
     * @throws NpyFormatException if the data is larger than a Java array or truncated
     */
    public static byte[] readRawBytes(InputStream in, NpyHeader h) throws IOException {
        long n = h.byteCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw h.error("has shape " + h.shapeText() + ", too large to read whole (" + n + " bytes)");
        }
        byte[] out = in.readNBytes((int) n);
        if (out.length < n) {
            throw h.error("is truncated: shape " + h.shapeText() + " needs " + n + " data bytes, only " + out.length
                    + " present");
        }
        return out;
    }

    private static void requireFloat(NpyHeader h) {
        if (!h.isFloat()) {
            throw h.error("has dtype " + h.dtype() + "; expected float32 or float64");
        }
    }

    private static void requireMatrix(NpyHeader h, int expectedColumns) {
        requireFloat(h);
        if (h.rank() != 2 || (expectedColumns >= 0 && h.dimension(1) != expectedColumns)) {
            throw h.error("has shape " + h.shapeText() + "; expected [N," + (expectedColumns >= 0 ? expectedColumns : "d")
                    + "]");
        }
        if (h.dimension(0) > Integer.MAX_VALUE - 8 || h.dimension(1) > Integer.MAX_VALUE - 8) {
            throw h.error("has shape " + h.shapeText() + ", too large for Java arrays");
        }
    }

    // ------------------------------------------------------------------ writing arrays

    /** A float64 [n] array. */
    public static void writeVector(OutputStream out, double[] values) throws IOException {
        writeHeader(out, "<f8", values.length);
        writeDoubles(out, values);
    }

    /** A float64 [d,d] array from row-major flat values. */
    public static void writeSquare(OutputStream out, double[] values, int d) throws IOException {
        writeHeader(out, "<f8", d, d);
        writeDoubles(out, values);
    }

    /** A float32 [rows,cols] array. */
    public static void writeFloatRows(OutputStream out, float[][] rows, int cols) throws IOException {
        writeHeader(out, "<f4", rows.length, cols);
        ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                if (b.remaining() < 4) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                b.putFloat(v);
            }
        }
        out.write(b.array(), 0, b.position());
    }

    /** A float64 [rows,cols] array. */
    public static void writeDoubleRows(OutputStream out, double[][] rows, int cols) throws IOException {
        writeHeader(out, "<f8", rows.length, cols);
        for (double[] row : rows) {
            writeDoubles(out, row);
        }
    }

    /** A 0-d int64 array. */
    public static void writeLongScalar(OutputStream out, long value) throws IOException {
        writeHeader(out, "<i8");
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        out.write(b.array());
    }

    /** A 0-d {@code <U} array: what {@code np.array(str)} saves; numpy.load reads it without allow_pickle. */
    public static void writeString(OutputStream out, String value) throws IOException {
        int[] codePoints = value.codePoints().toArray();
        int length = Math.max(1, codePoints.length);
        writeHeader(out, "<U" + length);
        ByteBuffer b = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
        for (int cp : codePoints) {
            b.putInt(cp);
        }
        out.write(b.array());
    }

    private static void writeDoubles(OutputStream out, double[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (b.remaining() < 8) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            b.putDouble(v);
        }
        out.write(b.array(), 0, b.position());
    }
}

package dev.fvd.core.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own reader/writer of the NumPy {@code .npy} format, versions 1.0–3.0 (numpy {@code numpy/lib/format.py},
 * NEP 1): magic {@code \x93NUMPY}, major/minor version, little-endian header length (u16 in 1.0, u32 in 2.0/3.0),
 * an ASCII (3.0: UTF-8) Python dict literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}
 * padded with spaces and {@code \n} so that data starts at a multiple of 64 bytes, then the raw elements.
 *
 * <p>Reads float16-free numeric dtypes ({@code f4 f8 i1..i8 u1..u8}) in either byte order and C or Fortran order,
 * and unicode ({@code U}) / byte ({@code S}) strings; writes little-endian C-order {@code f4}, {@code f8},
 * {@code i8} and {@code U}. Every problem becomes a {@link StatsFileException} naming the file and key.
 */
final class NpyFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final int CHUNK = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {
    }

    /** The parsed header of one array. */
    record Header(Path file, String key, ByteOrder order, char kind, int itemSize, boolean fortran, long[] shape,
                  long headerBytes) {

        long elements() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }

        String shapeText() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < shape.length; i++) {
                b.append(i == 0 ? "" : ",").append(shape[i]);
            }
            return b.append(']').toString();
        }

        String dtype() {
            return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + itemSize;
        }

        boolean isFloat() {
            return kind == 'f' && (itemSize == 4 || itemSize == 8);
        }

        boolean isInteger() {
            return (kind == 'i' || kind == 'u') && (itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8);
        }

        StatsFileException error(String problem) {
            return new StatsFileException(file, key, problem);
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Parses the header. {@code availableBytes} is the size of the array's data source when known (-1 otherwise) and
     * is used to reject truncated arrays before allocating anything.
     */
    static Header readHeader(DataInputStream in, Path file, String key, long availableBytes) throws IOException {
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new StatsFileException(file, key, "is not a .npy array: shorter than the 6-byte magic");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new StatsFileException(file, key, "is not a .npy array: bad magic (expected \\x93NUMPY)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long length;
        int prefix;
        if (major == 1) {
            length = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            length = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            prefix = 12;
        } else {
            throw new StatsFileException(file, key, "has .npy format version " + major + "; supported: 1, 2, 3");
        }
        if (length > MAX_HEADER) {
            throw new StatsFileException(file, key, "has a .npy header of " + length + " bytes; refusing (> 1 MiB)");
        }
        byte[] headerBytes = new byte[(int) length];
        try {
            in.readFully(headerBytes);
        } catch (EOFException e) {
            throw new StatsFileException(file, key, "is truncated inside its .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new StatsFileException(file, key, "has a malformed .npy header: " + header.trim());
        }
        String d = descr.group(1);
        if (d.length() < 3) {
            throw new StatsFileException(file, key, "has unsupported dtype '" + d + "' (structured arrays are not read)");
        }
        char orderChar = d.charAt(0);
        ByteOrder order = switch (orderChar) {
            case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw new StatsFileException(file, key, "has unsupported dtype '" + d + "'");
        };
        char kind = d.charAt(1);
        int size;
        try {
            size = Integer.parseInt(d.substring(2));
        } catch (NumberFormatException e) {
            throw new StatsFileException(file, key, "has unsupported dtype '" + d + "'");
        }
        if (kind == 'U') {
            size = Math.multiplyExact(size, 4);
        }
        String[] dims = shape.group(1).split(",");
        long[] dimsParsed = Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(s -> {
                    try {
                        return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                    } catch (NumberFormatException e) {
                        throw new StatsFileException(file, key, "has a malformed shape (" + shape.group(1) + ")");
                    }
                }).toArray();
        for (long s : dimsParsed) {
            if (s < 0) {
                throw new StatsFileException(file, key, "has a negative dimension in shape (" + shape.group(1) + ")");
            }
        }
        Header h = new Header(file, key, order, kind, size, fortran.group(1).equals("True"), dimsParsed,
                prefix + length);
        if (availableBytes >= 0) {
            long needed;
            try {
                needed = Math.addExact(h.headerBytes(), Math.multiplyExact(h.elements(), (long) size));
            } catch (ArithmeticException e) {
                throw h.error("has an impossible shape " + h.shapeText());
            }
            if (needed > availableBytes) {
                throw h.error("is truncated: shape " + h.shapeText() + " of " + d + " needs " + needed
                        + " bytes, only " + availableBytes + " present");
            }
        }
        return h;
    }

    /** Streams the elements of a numeric array in file order. */
    private static final class Elements {
        private final DataInputStream in;
        private final Header h;
        private final ByteBuffer buffer;
        private long remaining;

        Elements(DataInputStream in, Header h) {
            this.in = in;
            this.h = h;
            this.buffer = ByteBuffer.allocate(CHUNK - CHUNK % 8).order(h.order());
            this.buffer.limit(0);
            this.remaining = h.elements() * h.itemSize();
        }

        double next() throws IOException {
            if (!buffer.hasRemaining()) {
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
    static double[] readVector(DataInputStream in, Header h, int expected) throws IOException {
        requireFloat(h);
        if (h.shape().length != 1 || (expected >= 0 && h.shape()[0] != expected)) {
            throw h.error("has shape " + h.shapeText() + "; expected " + (expected >= 0 ? "[" + expected + "]" : "[d]"));
        }
        if (h.shape()[0] > Integer.MAX_VALUE - 8) {
            throw h.error("has shape " + h.shapeText() + ", too large");
        }
        double[] out = new double[(int) h.shape()[0]];
        Elements e = new Elements(in, h);
        for (int i = 0; i < out.length; i++) {
            out[i] = e.next();
        }
        return out;
    }

    /** A 2-D float array of shape [d,d], returned row-major flat. */
    static double[] readSquare(DataInputStream in, Header h, int d) throws IOException {
        requireFloat(h);
        if (h.shape().length != 2 || h.shape()[0] != d || h.shape()[1] != d) {
            throw h.error("has shape " + h.shapeText() + "; expected [" + d + "," + d + "]");
        }
        double[] out = new double[d * d];
        Elements e = new Elements(in, h);
        for (long k = 0, n = (long) d * d; k < n; k++) {
            int i = (int) (h.fortran() ? k % d : k / d);
            int j = (int) (h.fortran() ? k / d : k % d);
            out[i * d + j] = e.next();
        }
        return out;
    }

    /** A 2-D float array as rows; {@code expectedColumns < 0} accepts any. */
    static float[][] readFloatRows(DataInputStream in, Header h, int expectedColumns) throws IOException {
        requireMatrix(h, expectedColumns);
        int rows = (int) h.shape()[0];
        int cols = (int) h.shape()[1];
        float[][] out = new float[rows][cols];
        Elements e = new Elements(in, h);
        for (long k = 0, n = (long) rows * cols; k < n; k++) {
            int i = (int) (h.fortran() ? k % rows : k / cols);
            int j = (int) (h.fortran() ? k / rows : k % cols);
            out[i][j] = (float) e.next();
        }
        return out;
    }

    /** A 2-D float array as double rows; {@code expectedColumns < 0} accepts any. */
    static double[][] readDoubleRows(DataInputStream in, Header h, int expectedColumns) throws IOException {
        requireMatrix(h, expectedColumns);
        int rows = (int) h.shape()[0];
        int cols = (int) h.shape()[1];
        double[][] out = new double[rows][cols];
        Elements e = new Elements(in, h);
        for (long k = 0, n = (long) rows * cols; k < n; k++) {
            int i = (int) (h.fortran() ? k % rows : k / cols);
            int j = (int) (h.fortran() ? k / rows : k % cols);
            out[i][j] = e.next();
        }
        return out;
    }

    /** An integer scalar (0-d or single-element array). */
    static long readIntegerScalar(DataInputStream in, Header h) throws IOException {
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
    static String readString(DataInputStream in, Header h) throws IOException {
        if ((h.kind() != 'U' && h.kind() != 'S') || h.elements() != 1) {
            throw h.error("has dtype " + h.dtype() + " and shape " + h.shapeText() + "; expected a string scalar");
        }
        byte[] raw = new byte[h.itemSize()];
        try {
            in.readFully(raw);
        } catch (EOFException e) {
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

    private static void requireFloat(Header h) {
        if (!h.isFloat()) {
            throw h.error("has dtype " + h.dtype() + "; expected float32 or float64");
        }
    }

    private static void requireMatrix(Header h, int expectedColumns) {
        requireFloat(h);
        if (h.shape().length != 2 || (expectedColumns >= 0 && h.shape()[1] != expectedColumns)) {
            throw h.error("has shape " + h.shapeText() + "; expected [N," + (expectedColumns >= 0 ? expectedColumns : "d")
                    + "]");
        }
        if (h.shape()[0] > Integer.MAX_VALUE - 8 || h.shape()[1] > Integer.MAX_VALUE - 8) {
            throw h.error("has shape " + h.shapeText() + ", too large for Java arrays");
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes a version 1.0 header, padded so the data starts at a multiple of 64 bytes (as numpy ≥ 1.? does). */
    static void writeHeader(OutputStream out, String descr, long... shape) throws IOException {
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

    static void writeVector(OutputStream out, double[] values) throws IOException {
        writeHeader(out, "<f8", values.length);
        writeDoubles(out, values);
    }

    static void writeSquare(OutputStream out, double[] values, int d) throws IOException {
        writeHeader(out, "<f8", d, d);
        writeDoubles(out, values);
    }

    static void writeFloatRows(OutputStream out, float[][] rows, int cols) throws IOException {
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

    static void writeDoubleRows(OutputStream out, double[][] rows, int cols) throws IOException {
        writeHeader(out, "<f8", rows.length, cols);
        for (double[] row : rows) {
            writeDoubles(out, row);
        }
    }

    static void writeLongScalar(OutputStream out, long value) throws IOException {
        writeHeader(out, "<i8");
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        out.write(b.array());
    }

    /** A 0-d {@code <U} array: what {@code np.array(str)} saves; numpy.load reads it without allow_pickle. */
    static void writeString(OutputStream out, String value) throws IOException {
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

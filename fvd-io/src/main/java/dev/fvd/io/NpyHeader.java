package dev.fvd.io;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The parsed header of one NumPy array (numpy {@code numpy/lib/format.py}): element type, byte order, memory order and shape,
 * and where the data starts. Parsing already checked that no dimension is negative and that the byte count
 * {@code dataOffset + elements · itemSize} fits a {@code long}, so {@link #elements()} and {@link #byteCount()} never overflow.
 *
 * @param file         the file the array is in (for messages)
 * @param key          its key inside an {@code .npz} archive, or {@code null} for a {@code .npy} file
 * @param order        byte order of multi-byte elements ({@code |} and {@code =} read as little-endian)
 * @param kind         numpy kind character: {@code f}, {@code i}, {@code u}, {@code b}, {@code U}, {@code S}, …
 * @param itemSize     bytes per element ({@code <U5} has 20)
 * @param fortranOrder whether the data is column-major
 * @param shape        dimensions, empty for a 0-d array
 * @param dataOffset   bytes from the start of the array's stream to its first element
 */
public record NpyHeader(Path file, String key, ByteOrder order, char kind, int itemSize, boolean fortranOrder, long[] shape,
                        long dataOffset) {

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code i}. */
    public long dimension(int i) {
        return shape[i];
    }

    /** The number of elements (1 for a 0-d array). */
    public long elements() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** The number of data bytes. */
    public long byteCount() {
        return Math.multiplyExact(elements(), (long) itemSize);
    }

    /** The shape as {@code [a,b,c]}. */
    public String shapeText() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return b.append(']').toString();
    }

    /** The dtype as numpy spells it, e.g. {@code <f8}, {@code |u1}, {@code <U5}. */
    public String dtype() {
        boolean single = itemSize == 1 && kind != 'U';
        String prefix = single ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<";
        return prefix + kind + (kind == 'U' ? itemSize / 4 : itemSize);
    }

    /** float32 or float64. */
    public boolean isFloat() {
        return kind == 'f' && (itemSize == 4 || itemSize == 8);
    }

    /** A signed or unsigned integer of 1, 2, 4 or 8 bytes. */
    public boolean isInteger() {
        return (kind == 'i' || kind == 'u') && (itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8);
    }

    /** uint8. */
    public boolean isUint8() {
        return kind == 'u' && itemSize == 1;
    }

    /** The array as named in messages: the file, or {@code file[key]} inside an archive. */
    public String source() {
        return key == null ? file.toString() : file + "[" + key + "]";
    }

    /** An exception naming this array's file and key. */
    public NpyFormatException error(String problem) {
        return new NpyFormatException(file, key, problem);
    }
}

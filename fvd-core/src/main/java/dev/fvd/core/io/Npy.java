package dev.fvd.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Feature matrices as NumPy {@code .npy} files ({@code np.save} / {@code np.load}), e.g. for {@code --keep-features}
 * or to hand features to Python. Reads float32 or float64, either byte order, C or Fortran order (format versions
 * 1–3); writes little-endian C-order float32 ({@code <f4}) or float64 ({@code <f8}), format 1.0. Our own
 * implementation of numpy's {@code numpy/lib/format.py}; no external npy library.
 */
public final class Npy {

    private Npy() {
    }

    /**
     * Reads a 2-D float32/float64 array as float rows (float64 values are rounded to float).
     *
     * @throws StatsFileException if the file is missing, not .npy, not 2-D float, or truncated
     */
    public static float[][] readFloatMatrix(Path file) {
        try (DataInputStream in = open(file)) {
            NpyFormat.Header h = NpyFormat.readHeader(in, file, null, Files.size(file));
            return NpyFormat.readFloatRows(in, h, -1);
        } catch (IOException e) {
            throw new StatsFileException(file, null, "cannot be read: " + e, e);
        }
    }

    /**
     * Reads a 2-D float32/float64 array as double rows.
     *
     * @throws StatsFileException if the file is missing, not .npy, not 2-D float, or truncated
     */
    public static double[][] readDoubleMatrix(Path file) {
        try (DataInputStream in = open(file)) {
            NpyFormat.Header h = NpyFormat.readHeader(in, file, null, Files.size(file));
            return NpyFormat.readDoubleRows(in, h, -1);
        } catch (IOException e) {
            throw new StatsFileException(file, null, "cannot be read: " + e, e);
        }
    }

    /**
     * Writes rows as a float32 [N,d] array (via a temporary file, moved into place when complete).
     *
     * @throws StatsFileException if the rows are ragged or the file cannot be written
     */
    public static void write(Path file, float[][] rows) {
        int cols = columns(file, rows.length == 0 ? 0 : rows[0].length, rows.length, i -> rows[i].length);
        writeAtomically(file, out -> NpyFormat.writeFloatRows(out, rows, cols));
    }

    /**
     * Writes rows as a float64 [N,d] array (via a temporary file, moved into place when complete).
     *
     * @throws StatsFileException if the rows are ragged or the file cannot be written
     */
    public static void write(Path file, double[][] rows) {
        int cols = columns(file, rows.length == 0 ? 0 : rows[0].length, rows.length, i -> rows[i].length);
        writeAtomically(file, out -> NpyFormat.writeDoubleRows(out, rows, cols));
    }

    private static int columns(Path file, int cols, int rows, java.util.function.IntUnaryOperator length) {
        for (int i = 0; i < rows; i++) {
            if (length.applyAsInt(i) != cols) {
                throw new StatsFileException(file, null, "cannot be written: row " + i + " has " + length.applyAsInt(i)
                        + " values, row 0 has " + cols);
            }
        }
        return cols;
    }

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    static void writeAtomically(Path file, Body body) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new StatsFileException(file, null, "cannot be written: " + e, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }
}

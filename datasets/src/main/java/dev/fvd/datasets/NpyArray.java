package dev.fvd.datasets;

import dev.fvd.io.NpyArrayFile;
import dev.fvd.io.NpyFormatException;
import dev.fvd.io.NpyHeader;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.Set;

/**
 * A uint8 C-order array of videos or images in a {@code .npy} file or {@code .npz} archive, read clip by clip through fvd-io's
 * {@link NpyArrayFile} (the one codec). Adds the dataset rules: only uint8 (a float array's value range cannot be known), only
 * C order, and in an archive the array {@code arr_0} ({@code np.savez(f, videos)}, guided-diffusion batches) or the only array.
 * Every format problem becomes a {@link BadInputException} naming the file.
 */
final class NpyArray implements Closeable {
    private final NpyArrayFile array;

    private NpyArray(NpyArrayFile array) {
        this.array = array;
    }

    /** Opens {@code file}: a {@code .npy}, or a {@code .npz} whose array {@code arr_0} (or only array) is read. */
    static NpyArray open(Path file) {
        InputFiles.requireReadableFile(file);
        NpyArrayFile array;
        try {
            array = NpyArrayFile.open(file, keys -> pickKey(file, keys));
        } catch (NpyFormatException e) {
            throw new BadInputException(file, e.getMessage(), e);
        }
        try {
            NpyHeader h = array.header();
            if (!h.isUint8()) {
                String hint = h.kind() == 'f'
                        ? "; floating-point arrays are refused because their value range ([0,1] or [0,255]) cannot be known: "
                        + "convert with np.clip(np.round(x * 255), 0, 255).astype(np.uint8) for [0,1] data"
                        : "";
                throw new BadInputException(file, h.source() + ": dtype " + h.dtype() + " is not uint8" + hint);
            }
            if (h.fortranOrder()) {
                throw new BadInputException(file, h.source()
                        + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
            }
            return new NpyArray(array);
        } catch (RuntimeException e) {
            array.close();
            throw e;
        }
    }

    private static String pickKey(Path file, Set<String> arrays) {
        if (arrays.contains("arr_0")) {
            return "arr_0";
        }
        if (arrays.size() == 1) {
            return arrays.iterator().next();
        }
        throw new BadInputException(file, file + ": expected an array 'arr_0' (np.savez(f, videos)) or a single array; found "
                + arrays);
    }

    Path file() {
        return array.header().file();
    }

    /** The array as named in messages: the file, or {@code file[key]} for an archive entry. */
    String name() {
        return array.header().source();
    }

    long[] shape() {
        return array.header().shape();
    }

    /** Reads {@code out.length} bytes at element offset {@code element} (C order). Thread-safe; forward reads are cheapest. */
    void read(long element, byte[] out) {
        try {
            array.read(element, out);
        } catch (NpyFormatException e) {
            throw new BadInputException(file(), e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        array.close();
    }
}

package dev.fvd.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Locations of the committed fixtures and writers of small arrays for tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** The repository root: system property {@code fvd.root}, else the nearest ancestor of {@code user.dir} with test-data/. */
    static Path root() {
        String property = System.getProperty("fvd.root");
        if (property != null && Files.isDirectory(Path.of(property, "test-data"))) {
            return Path.of(property);
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-data"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find test-data/ above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    static Path testData(String relative) {
        return root().resolve("test-data").resolve(relative);
    }

    /** A uint8 .npy (format 1.0) of the given shape. */
    static byte[] npy(byte[] data, String dtype, long... shape) {
        String dims = String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList()) + (shape.length == 1 ? "," : "");
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        int padding = (64 - total % 64) % 64;
        header = header + " ".repeat(padding) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + data.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, out, 1, 5);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (h.length & 0xff);
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }

    /** An .npz with one deflated entry per name (like np.savez_compressed). */
    static void npz(Path file, List<String> names, List<byte[]> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i) + ".npy"));
                zip.write(arrays.get(i));
                zip.closeEntry();
            }
        }
    }

    /** Reads a whole uint8 array with the module's own reader (fixtures are small). */
    static byte[] readAll(Path file) {
        try (NpyArray array = NpyArray.open(file)) {
            long n = Arrays.stream(array.shape()).reduce(1, Math::multiplyExact);
            byte[] out = new byte[(int) n];
            array.read(0, out);
            return out;
        }
    }

    static long[] shape(Path file) {
        try (NpyArray array = NpyArray.open(file)) {
            return array.shape();
        }
    }

    /** Drains a stream. */
    static List<Clip> all(ClipStream stream) {
        List<Clip> clips = new ArrayList<>();
        while (stream.hasNext()) {
            clips.add(stream.next());
        }
        return clips;
    }
}

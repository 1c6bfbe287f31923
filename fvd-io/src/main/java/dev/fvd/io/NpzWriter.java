package dev.fvd.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a NumPy {@code .npz} archive as {@code np.savez_compressed} does: one deflated {@code <key>.npy} entry per array. Wrap
 * the stream of an {@link AtomicFile} so the archive appears whole or not at all.
 */
public final class NpzWriter {
    private final ZipOutputStream zip;

    public NpzWriter(OutputStream out) {
        this.zip = new ZipOutputStream(out);
    }

    /** Sets the deflate level of the entries that follow ({@link Deflater#BEST_SPEED} for float data that barely compresses). */
    public NpzWriter level(int level) {
        zip.setLevel(level);
        return this;
    }

    /** Adds the array {@code key}; {@code body} writes one {@code .npy} (header and data) and must not close the stream. */
    public NpzWriter add(String key, Npy.Body body) throws IOException {
        zip.putNextEntry(new ZipEntry(key + ".npy"));
        body.write(new OutputStream() {
            // keep body writers from closing the zip stream
            @Override
            public void write(int b) throws IOException {
                zip.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
            }
        });
        zip.closeEntry();
        return this;
    }

    /** Writes the central directory; the underlying stream stays open. */
    public void finish() throws IOException {
        zip.finish();
    }
}

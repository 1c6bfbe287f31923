package dev.fvd.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} archive opened for reading ({@code np.savez} / {@code np.savez_compressed}: a zip of {@code <key>.npy}
 * entries). Stored and deflated entries and ZIP64 archives are read ({@link ZipFile}); arrays are decoded only when asked for,
 * so a large entry that is never read (the uint8 image batch {@code arr_0} of a guided-diffusion reference batch) costs
 * nothing. Not thread-safe.
 */
public final class NpzArchive implements Closeable {
    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    private NpzArchive(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
        zip.stream().forEach(e -> entries.put(keyOf(e), e));
    }

    /**
     * Opens {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws ZipException                      if it is not a zip archive
     * @throws IOException                       if it cannot be read
     */
    public static NpzArchive open(Path file) throws IOException {
        return new NpzArchive(file, new ZipFile(file.toFile()));
    }

    /** The key of an entry: its name without {@code .npy}, as {@code numpy.load(f).files} lists it. */
    static String keyOf(ZipEntry e) {
        String name = e.getName();
        return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }

    public Path file() {
        return file;
    }

    /** The keys of all entries, in archive order (as {@code numpy.load(f).files}). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The keys of the {@code .npy} entries only, in archive order. */
    public Set<String> arrayKeys() {
        Set<String> arrays = new java.util.LinkedHashSet<>();
        entries.forEach((k, e) -> {
            if (e.getName().endsWith(".npy")) {
                arrays.add(k);
            }
        });
        return arrays;
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** The uncompressed size of the entry {@code key}, or -1 if the archive does not say. */
    public long size(String key) {
        return entry(key).getSize();
    }

    /**
     * Decodes the array {@code key} with {@code reader}, after parsing and size-checking its header.
     *
     * @throws NpyFormatException if the key is missing, the entry is corrupt, or the array is not what {@code reader} needs
     */
    public <T> T read(String key, Npy.ArrayReader<T> reader) throws IOException {
        ZipEntry entry = entry(key);
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
            NpyHeader h = Npy.readHeader(in, file, key, entry.getSize());
            return reader.read(in, h);
        } catch (ZipException e) {
            throw new NpyFormatException(file, key, "is corrupt: " + e.getMessage(), e);
        }
    }

    /** A fresh stream over the raw bytes of entry {@code key} (its {@code .npy} header first). */
    public InputStream openEntry(String key) throws IOException {
        return zip.getInputStream(entry(key));
    }

    private ZipEntry entry(String key) {
        ZipEntry e = entries.get(key);
        if (e == null) {
            throw new NpyFormatException(file, key, "is missing (keys present: " + String.join(", ", entries.keySet()) + ")");
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}

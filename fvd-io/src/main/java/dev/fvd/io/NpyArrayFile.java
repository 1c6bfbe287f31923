package dev.fvd.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * One array of a {@code .npy} file or {@code .npz} archive opened for reading by byte range, so an array much larger than
 * memory can be read piece by piece (e.g. a [N,T,H,W,3] uint8 video batch clip by clip). Only the header is parsed up front.
 * {@code .npy} data is read at any position; an {@code .npz} entry (stored or deflated) is read forward, reopening the entry
 * when asked to go back. Thread-safe.
 */
public final class NpyArrayFile implements Closeable {
    private final NpyHeader header;
    private final FileChannel channel;
    private final NpzArchive archive;
    private InputStream stream;
    private long streamPosition;

    private NpyArrayFile(NpyHeader header, FileChannel channel, NpzArchive archive) {
        this.header = header;
        this.channel = channel;
        this.archive = archive;
    }

    /**
     * Opens {@code file}: a {@code .npy}, or (name ending {@code .npz}, any case) the archive entry that {@code chooseKey}
     * picks from the archive's array keys (it may throw to refuse them all).
     *
     * @throws NpyFormatException if the file is missing, unreadable, not an array, or shorter than its header promises
     */
    public static NpyArrayFile open(Path file, Function<Set<String>, String> chooseKey) {
        boolean npz = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
        try {
            if (npz) {
                NpzArchive archive = NpzArchive.open(file);
                try {
                    String key = chooseKey.apply(archive.arrayKeys());
                    NpyHeader h;
                    try (InputStream in = archive.openEntry(key)) {
                        h = Npy.readHeader(in, file, key, archive.size(key));
                    }
                    return new NpyArrayFile(h, null, archive);
                } catch (RuntimeException | IOException e) {
                    archive.close();
                    throw e;
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                NpyHeader h = Npy.readHeader(Channels.newInputStream(channel.position(0)), file, null, channel.size());
                return new NpyArrayFile(h, channel, null);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(file, null, "does not exist", e);
        } catch (java.util.zip.ZipException e) {
            throw new NpyFormatException(file, null, "is not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NpyFormatException(file, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The array's header. */
    public NpyHeader header() {
        return header;
    }

    /**
     * Reads {@code out.length} data bytes starting {@code byteOffset} bytes after the first element. Forward reads are cheapest.
     *
     * @throws NpyFormatException if the data ends early or cannot be read
     */
    public synchronized void read(long byteOffset, byte[] out) {
        try {
            if (channel != null) {
                ByteBuffer buffer = ByteBuffer.wrap(out);
                long position = header.dataOffset() + byteOffset;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + buffer.position());
                    if (n < 0) {
                        throw new EOFException("end of file at byte " + (position + buffer.position()));
                    }
                }
                return;
            }
            long target = header.dataOffset() + byteOffset;
            if (stream == null || target < streamPosition) {
                if (stream != null) {
                    stream.close();
                }
                stream = archive.openEntry(header.key());
                streamPosition = 0;
            }
            while (streamPosition < target) {
                long skipped = stream.skip(target - streamPosition);
                if (skipped <= 0) {
                    if (stream.read() < 0) {
                        throw new EOFException("entry ends at byte " + streamPosition);
                    }
                    skipped = 1;
                }
                streamPosition += skipped;
            }
            int n = stream.readNBytes(out, 0, out.length);
            streamPosition += n;
            if (n < out.length) {
                throw new EOFException("entry ends at byte " + streamPosition);
            }
        } catch (IOException e) {
            throw header.error("has truncated or unreadable array data: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (stream != null) {
                stream.close();
            }
            if (channel != null) {
                channel.close();
            }
            if (archive != null) {
                archive.close();
            }
        } catch (IOException e) {
            // closing a read-only file: nothing to recover
        }
    }
}

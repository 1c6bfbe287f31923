package dev.fvd.datasets;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A minimal streaming reader of a uint8 NumPy array in a {@code .npy} file or a {@code .npz} archive entry (format:
 * numpy {@code lib/format.py}, versions 1.0–3.0). Only the header is parsed up front; rows are read on demand, so an array much
 * larger than memory can be read clip by clip. {@code .npy} files are read at any position; {@code .npz} entries (stored or
 * deflated) are read forward, reopening the entry if asked to go back.
 */
final class NpyArray implements Closeable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path file;
    private final String name;
    private final long[] shape;
    private final long dataOffset;
    private final FileChannel channel;
    private final ZipFile zip;
    private final ZipEntry entry;
    private InputStream stream;
    private long streamPosition;

    private NpyArray(Path file, String name, long[] shape, long dataOffset, FileChannel channel, ZipFile zip, ZipEntry entry) {
        this.file = file;
        this.name = name;
        this.shape = shape;
        this.dataOffset = dataOffset;
        this.channel = channel;
        this.zip = zip;
        this.entry = entry;
    }

    /** Opens {@code file}: a {@code .npy}, or a {@code .npz} whose array {@code arr_0} (or only array) is read. */
    static NpyArray open(Path file) {
        InputFiles.requireReadableFile(file);
        String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (lower.endsWith(".npz")) {
                ZipFile zip = new ZipFile(file.toFile());
                try {
                    ZipEntry entry = pickEntry(zip, file);
                    String name = file + "[" + entry.getName().substring(0, entry.getName().length() - 4) + "]";
                    long[] header = new long[1];
                    long[] shape;
                    try (InputStream in = zip.getInputStream(entry)) {
                        shape = readHeader(in, file, name, header);
                    }
                    return new NpyArray(file, name, shape, header[0], null, zip, entry);
                } catch (RuntimeException | IOException e) {
                    zip.close();
                    throw e;
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long[] header = new long[1];
                long[] shape = readHeader(java.nio.channels.Channels.newInputStream(channel.position(0)), file, file.toString(),
                        header);
                long needed = header[0] + Arrays.stream(shape).reduce(1, Math::multiplyExact);
                if (channel.size() < needed) {
                    throw new BadInputException(file, file + ": truncated: the header promises " + needed + " bytes, the file has "
                            + channel.size());
                }
                return new NpyArray(file, file.toString(), shape, header[0], channel, null, null);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (java.util.zip.ZipException e) {
            throw new BadInputException(file, file + ": not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static ZipEntry pickEntry(ZipFile zip, Path file) {
        List<String> arrays = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            if (e.getName().endsWith(".npy")) {
                arrays.add(e.getName());
            }
        }
        if (arrays.contains("arr_0.npy")) {
            return zip.getEntry("arr_0.npy");
        }
        if (arrays.size() == 1) {
            return zip.getEntry(arrays.get(0));
        }
        throw new BadInputException(file, file + ": expected an array 'arr_0' (np.savez(f, videos)) or a single array; found "
                + arrays.stream().map(a -> a.substring(0, a.length() - 4)).toList());
    }

    /** Parses the header; returns the shape and puts the data offset in {@code offsetOut[0]}. Only uint8 C-order arrays. */
    private static long[] readHeader(InputStream in, Path file, String name, long[] offsetOut) throws IOException {
        byte[] start = in.readNBytes(10);
        if (start.length < 10 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
            throw new BadInputException(file, name + ": not a NumPy .npy array (bad magic)");
        }
        int major = start[6] & 0xff;
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = (start[8] & 0xff) | (start[9] & 0xff) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw new BadInputException(file, name + ": truncated .npy header");
            }
            headerLength = (start[8] & 0xffL) | (start[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24;
            prefix = 12;
        } else {
            throw new BadInputException(file, name + ": unsupported .npy format version " + major);
        }
        if (headerLength > 1 << 20) {
            throw new BadInputException(file, name + ": implausible .npy header length " + headerLength);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new BadInputException(file, name + ": truncated .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw new BadInputException(file, name + ": malformed .npy header: " + header.strip());
        }
        String dtype = descr.group(1);
        if (!dtype.equals("|u1") && !dtype.equals("<u1") && !dtype.equals(">u1") && !dtype.equals("u1")) {
            String hint = dtype.contains("f")
                    ? "; floating-point arrays are refused because their value range ([0,1] or [0,255]) cannot be known: "
                    + "convert with np.clip(np.round(x * 255), 0, 255).astype(np.uint8) for [0,1] data"
                    : "";
            throw new BadInputException(file, name + ": dtype " + dtype + " is not uint8" + hint);
        }
        if (fortran.group(1).equals("True")) {
            throw new BadInputException(file, name + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }
        String[] dims = shapeMatch.group(1).split(",");
        List<Long> shape = new ArrayList<>();
        for (String d : dims) {
            if (!d.isBlank()) {
                shape.add(Long.parseLong(d.strip()));
            }
        }
        offsetOut[0] = prefix + headerLength;
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    Path file() {
        return file;
    }

    /** The array as named in messages: the file, or {@code file[key]} for an archive entry. */
    String name() {
        return name;
    }

    long[] shape() {
        return shape.clone();
    }

    /** Reads {@code out.length} bytes at element offset {@code element} (C order). Thread-safe; forward reads are cheapest. */
    synchronized void read(long element, byte[] out) {
        try {
            if (channel != null) {
                ByteBuffer buffer = ByteBuffer.wrap(out);
                long position = dataOffset + element;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + buffer.position());
                    if (n < 0) {
                        throw new EOFException("end of file at byte " + (position + buffer.position()));
                    }
                }
                return;
            }
            long target = dataOffset + element;
            if (stream == null || target < streamPosition) {
                if (stream != null) {
                    stream.close();
                }
                stream = zip.getInputStream(entry);
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
            throw new BadInputException(file, name + ": truncated or unreadable array data: " + e.getMessage(), e);
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
            if (zip != null) {
                zip.close();
            }
        } catch (IOException e) {
            // closing a read-only file: nothing to recover
        }
    }
}

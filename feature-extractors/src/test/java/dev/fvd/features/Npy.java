package dev.fvd.features;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Minimal reader of the NumPy .npy files written by the reference scripts (uint8 '|u1' and float32 '<f4', C order). */
public record Npy(String dtype, long[] shape, byte[] data) {
    public static Npy read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            byte[] all = in.readAllBytes();
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(all));
            byte[] magic = new byte[6];
            d.readFully(magic);
            int major = d.readUnsignedByte();
            d.readUnsignedByte();
            ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            int headerLen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
            int start = major == 1 ? 10 : 12;
            String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
            Matcher descr = Pattern.compile("'descr':\\s*'([^']+)'").matcher(header);
            Matcher shape = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
            if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
                throw new IllegalArgumentException(file + ": unsupported npy header " + header);
            }
            long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            return new Npy(descr.group(1), dims, Arrays.copyOfRange(all, start + headerLen, all.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public float[][] floatMatrix() {
        if (!dtype.equals("<f4") || shape.length != 2) {
            throw new IllegalStateException("not a float32 matrix: " + dtype + " " + Arrays.toString(shape));
        }
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[][] m = new float[(int) shape[0]][(int) shape[1]];
        for (float[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = bb.getFloat();
            }
        }
        return m;
    }

    /** Splits a uint8 [N,T,H,W,3] array into clips named {@code name[i]}. */
    public java.util.List<dev.fvd.datasets.Clip> clips(String name) {
        if (!dtype.equals("|u1") || shape.length != 5) {
            throw new IllegalStateException("not a uint8 video batch: " + dtype + " " + Arrays.toString(shape));
        }
        int n = (int) shape[0];
        int t = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int per = t * h * w * 3;
        java.util.List<dev.fvd.datasets.Clip> clips = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            clips.add(new dev.fvd.datasets.Clip(name + "[" + i + "]", i, t, h, w,
                    Arrays.copyOfRange(data, i * per, (i + 1) * per)));
        }
        return clips;
    }
}

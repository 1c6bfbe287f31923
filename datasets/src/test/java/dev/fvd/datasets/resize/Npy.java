package dev.fvd.datasets.resize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal reader of the C-order {@code .npy} files written by {@code test-data/resize/make_reference.py}. */
record Npy(String descr, int[] shape, ByteBuffer data) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static Npy read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException(file + ": not an .npy file");
        }
        int major = b.get();
        b.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] header = new byte[headerLength];
        b.get(header);
        String h = new String(header, StandardCharsets.ISO_8859_1);
        if (h.contains("'fortran_order': True")) {
            throw new IOException(file + ": Fortran order not supported");
        }
        Matcher d = DESCR.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!d.find() || !s.find()) {
            throw new IOException(file + ": unreadable header " + h);
        }
        int[] shape = Arrays.stream(s.group(1).split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
        return new Npy(d.group(1), shape, b.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    byte[] uint8() {
        require("|u1");
        byte[] out = new byte[size()];
        data.duplicate().get(out);
        return out;
    }

    float[] float32() {
        require("<f4");
        float[] out = new float[size()];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    int[] int32() {
        require("<i4");
        int[] out = new int[size()];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    private void require(String expected) {
        if (!descr.equals(expected)) {
            throw new IllegalStateException("expected dtype " + expected + ", file has " + descr);
        }
    }
}

package dev.fvd.features;

import dev.fvd.datasets.Clip;
import dev.fvd.io.testing.NpyFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference-script array ({@code .npy} / {@code .npy.gz}) read with the shared fixture reader ({@link NpyFixture}, fvd-io's
 * codec), plus the one view this module needs: a uint8 [N,T,H,W,3] batch as {@link Clip}s.
 */
public record Npy(NpyFixture array) {
    public static Npy read(Path file) {
        return new Npy(NpyFixture.read(file));
    }

    public float[][] floatMatrix() {
        return array.floatMatrix();
    }

    /** Splits a uint8 [N,T,H,W,3] array into clips named {@code name[i]}. */
    public List<Clip> clips(String name) {
        int[] shape = array.intShape();
        if (!array.dtype().equals("|u1") || shape.length != 5) {
            throw new IllegalStateException("not a uint8 video batch: " + array.dtype() + " " + java.util.Arrays.toString(shape));
        }
        byte[] data = array.uint8();
        int per = shape[1] * shape[2] * shape[3] * 3;
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < shape[0]; i++) {
            clips.add(new Clip(name + "[" + i + "]", i, shape[1], shape[2], shape[3],
                    java.util.Arrays.copyOfRange(data, i * per, (i + 1) * per)));
        }
        return clips;
    }
}

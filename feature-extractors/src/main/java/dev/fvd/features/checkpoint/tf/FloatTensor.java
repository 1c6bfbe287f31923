package dev.fvd.features.checkpoint.tf;

/** A float32 tensor in TF dimension order, values row-major. */
public record FloatTensor(long[] shape, float[] values) {
    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }
}

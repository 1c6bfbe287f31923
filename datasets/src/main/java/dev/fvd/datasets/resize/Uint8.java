package dev.fvd.datasets.resize;

/** uint8 sample values as floats. A table lookup is about twice as fast in the gather loops as {@code (float) (b & 0xff)}. */
final class Uint8 {
    private static final float[] FLOAT = new float[256];
    private static final double[] DOUBLE = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            FLOAT[i] = i;
            DOUBLE[i] = i;
        }
    }

    private Uint8() {
    }

    static float toFloat(byte b) {
        return FLOAT[b & 0xff];
    }

    static double toDouble(byte b) {
        return DOUBLE[b & 0xff];
    }
}

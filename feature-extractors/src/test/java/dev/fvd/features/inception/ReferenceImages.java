package dev.fvd.features.inception;

/**
 * The seeded test images of {@code test-data/inception/inception_reference.py} ({@code pixels}): byte k of the uint8
 * {@code [n,h,w,3]} array is the top byte of splitmix64(k + seed·0x9E3779B97F4A7C15).
 */
final class ReferenceImages {
    private ReferenceImages() {
    }

    static byte[] pixels(int n, int h, int w, long seed) {
        byte[] out = new byte[n * h * w * 3];
        long base = seed * 0x9E3779B97F4A7C15L;
        for (int k = 0; k < out.length; k++) {
            long z = k + base;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            out[k] = (byte) (z >>> 56);
        }
        return out;
    }
}

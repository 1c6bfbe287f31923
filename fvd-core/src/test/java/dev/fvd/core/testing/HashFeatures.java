package dev.fvd.core.testing;

/**
 * Java twin of {@code hash_features} in {@code test-data/core/make_reference.py}: float32 features from a
 * counter-based splitmix64 hash, bit-identical to numpy's, so d=2048 references need no 20 MB fixture.
 */
public final class HashFeatures {
    private HashFeatures() {
    }

    static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static float[][] generate(long seed, int n, int d, String variant) {
        float[][] out = new float[n][d];
        long[] k = new long[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                k[j] = splitmix64((seed << 40) + (long) i * d + j) >>> 42;
            }
            for (int j = 0; j < d; j++) {
                long next = k[(j + 1) % d];
                long v = variant.equals("a") ? k[j] + (next >> 1) : k[j] + (next >> 2) + ((long) (j % 5) << 19);
                out[i][j] = (float) v / (float) (1 << 22);
            }
        }
        return out;
    }
}

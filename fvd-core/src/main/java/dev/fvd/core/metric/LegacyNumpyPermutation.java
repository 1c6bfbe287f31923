package dev.fvd.core.metric;

import dev.fvd.io.Mt19937;

/**
 * {@code numpy.random.RandomState(seed).permutation(n)} reproduced bit for bit, so the Inception Score splits the same
 * rows as torch-fidelity ({@code rng = np.random.RandomState(2020); feature[rng.permutation(N)]}).
 *
 * <p>Legacy seeding of an integer seed is MT19937 {@code init_genrand(seed)} (numpy {@code _mt19937.pyx}
 * {@code _legacy_seeding} → {@code mt19937_seed}; Matsumoto &amp; Nishimura {@code mt19937ar.c}; fvd-io's {@link Mt19937}),
 * not commons-math3's, because commons-math3's {@code MersenneTwister.setSeed(int)} sign-extends seeds ≥ 2³¹ and then differs.
 * {@code permutation(n)} shuffles {@code arange(n)} in place: for {@code i = n−1 … 1}, swap {@code i} with
 * {@code j = random_interval(i)} (numpy {@code distributions.c}: draw 32-bit outputs masked to the smallest
 * {@code 2^b − 1 ≥ i} until one is ≤ i).
 */
final class LegacyNumpyPermutation {

    private LegacyNumpyPermutation() {
    }

    /**
     * @param seed 0 … 2³²−1, as numpy accepts
     * @param n    length ≥ 0
     */
    static int[] permutation(long seed, int n) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numpy RandomState seeds lie in [0, 2^32 - 1], got " + seed);
        }
        Mt19937 mt = new Mt19937();
        mt.initGenrand((int) seed); // the low 32 bits, as numpy's mt19937_seed
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(mt, i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** numpy {@code random_interval(max)} for {@code max ≤ 2³²−1}: masked rejection sampling on 32-bit outputs. */
    private static long interval(Mt19937 mt, long max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = mt.next32() & mask;
        } while (value > max);
        return value;
    }
}

package dev.fvd.core.metric;

/**
 * {@code numpy.random.RandomState(seed).permutation(n)} reproduced bit for bit, so the Inception Score splits the same
 * rows as torch-fidelity ({@code rng = np.random.RandomState(2020); feature[rng.permutation(N)]}).
 *
 * <p>Legacy seeding of an integer seed is MT19937 {@code init_genrand(seed)} (numpy {@code _mt19937.pyx}
 * {@code _legacy_seeding} → {@code mt19937_seed}; Matsumoto &amp; Nishimura {@code mt19937ar.c}). It is written out
 * here because commons-math3's {@code MersenneTwister.setSeed(int)} sign-extends seeds ≥ 2³¹ and then differs.
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
        Mt19937 mt = new Mt19937(seed);
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
            value = mt.next() & mask;
        } while (value > max);
        return value;
    }

    /** MT19937 ({@code mt19937ar.c}: {@code init_genrand}, {@code genrand_int32}), outputs as unsigned longs. */
    static final class Mt19937 {
        private static final int N = 624;
        private static final int M = 397;
        private final int[] mt = new int[N];
        private int index;

        Mt19937(long seed) {
            mt[0] = (int) seed;
            for (int i = 1; i < N; i++) {
                long prev = mt[i - 1] & 0xFFFF_FFFFL;
                mt[i] = (int) (1812433253L * (prev ^ (prev >>> 30)) + i);
            }
            index = N;
        }

        long next() {
            if (index >= N) {
                for (int k = 0; k < N; k++) {
                    int y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % N] & 0x7FFF_FFFF);
                    mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0);
                }
                index = 0;
            }
            int y = mt[index++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9D2C_5680;
            y ^= (y << 15) & 0xEFC6_0000;
            y ^= y >>> 18;
            return y & 0xFFFF_FFFFL;
        }
    }
}

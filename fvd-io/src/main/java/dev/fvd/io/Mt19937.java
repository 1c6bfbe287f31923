package dev.fvd.io;

/**
 * The 32-bit Mersenne Twister (Matsumoto and Nishimura 1998, {@code mt19937ar.c}), the engine behind CPython's
 * {@code random} ({@code Modules/_randommodule.c}), PyTorch's CPU generator ({@code aten/src/ATen/core/MT19937RNGEngine.h})
 * and numpy's legacy {@code RandomState} ({@code _mt19937.pyx}). Only the seeding routines differ between them; see
 * {@link #initGenrand} and {@link #initByArray}. The one copy for the modules that reproduce those draws (datasets: cd-FVD's
 * clip choice; fvd-core: torch-fidelity's Inception Score splits); it lives here, in the module both depend on.
 */
public final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int mti = N + 1;

    /**
     * {@code init_genrand(s)}: PyTorch's {@code mt19937(seed)} and numpy's legacy {@code RandomState(seed)} seed with the low 32
     * bits this way.
     */
    public void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    /** {@code init_by_array(key)}: CPython's {@code random.seed(int)} with the 32-bit words of {@code |seed|}, low first. */
    public void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    /** {@code genrand_int32()}: the next 32 bits, as an unsigned value in a long. */
    public long next32() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            int y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }
}

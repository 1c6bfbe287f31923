package dev.fvd.core.linalg;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import java.util.Arrays;
import java.util.function.Supplier;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Native backend: OpenBLAS (BLAS + reference LAPACK) through the JavaCPP preset {@code org.bytedeco:openblas}
 * ({@code org.bytedeco.openblas.global.openblas}): {@code dpotrf} (Cholesky), {@code dsyevd} (eigenvalues, and
 * eigenvectors), {@code dgesdd} (SVD), {@code dsygst} (congruence with a Cholesky factor), CBLAS {@code dsyrk},
 * {@code dgemm}. For eigenvalues only, the one-stage {@code dsyevd} ({@code dsytrd} + {@code dsterf}) beats
 * {@code dsyevd_2stage} at every size measured on 2 cores of an AMD EPYC (OpenBLAS 0.3.31): 4.7 vs 9.6 ms at
 * d = 400, 54 vs 162 ms at d = 1024, 352 vs 536 ms at d = 2048.
 *
 * <p>Symmetric inputs and the SVD are passed to LAPACKE as <em>column-major</em> (a row-major symmetric matrix is its
 * own transpose; a row-major m×n matrix is the column-major n×m transpose with the same singular values), which spares
 * LAPACKE's row-major transposition copies. JavaCPP copies the {@code double[]} arguments to native memory and back:
 * O(n²) against O(n³) work.
 *
 * <p>Threads: OpenBLAS' own default (all cores, or {@code OPENBLAS_NUM_THREADS}); system property
 * {@code fvd.linalg.threads=k} sets k at load. On an oversubscribed machine one thread is several times faster than
 * two (OpenBLAS' threads busy-wait).
 */
final class OpenBlasLinearAlgebra implements LinearAlgebra {

    private OpenBlasLinearAlgebra() {
    }

    /** Loads the natives; throws {@link LinkageError} or a runtime exception when they are not usable. */
    static OpenBlasLinearAlgebra load() {
        Loader.load(openblas.class);
        String threads = System.getProperty("fvd.linalg.threads", "").trim();
        if (!threads.isEmpty()) {
            openblas.blas_set_num_threads(Integer.parseInt(threads));
        }
        OpenBlasLinearAlgebra backend = new OpenBlasLinearAlgebra();
        // smoke test: a library that loads but cannot run a 2x2 Cholesky is not usable
        double[] probe = {4, 2, 2, 3};
        if (!backend.choleskyLower(probe, 2) || Math.abs(probe[0] - 2) > 1e-15) {
            throw new IllegalStateException("OpenBLAS loaded but failed a 2x2 Cholesky probe");
        }
        return backend;
    }

    @Override
    public String name() {
        return "openblas";
    }

    /** Serialises the tasks that change OpenBLAS' process-wide thread count. */
    private static final Object THREAD_COUNT = new Object();

    @Override
    public <T> T singleThreaded(Supplier<T> task) {
        synchronized (THREAD_COUNT) {
            int before = openblas.blas_get_num_threads();
            openblas.blas_set_num_threads(1);
            try {
                return task.get();
            } finally {
                openblas.blas_set_num_threads(before);
            }
        }
    }

    @Override
    public void addGram(double[] a, int rows, int n, double[] c) {
        // row-major C(n×n) += Aᵀ·A with A stored rows×n (lda = n)
        openblas.cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, rows, 1.0, a, n, 1.0, c, n);
    }

    /**
     * Matrices of at least this many elements go to LAPACK through {@link NativeCopies} instead of as {@code double[]}:
     * JNI hands a {@code double[]} over as a fresh native copy (malloc, which maps new pages for 32 MB, then copies back), which
     * cost ~40 ms per 2048×2048 matrix and call here, as much as the Cholesky itself.
     */
    static final int NATIVE_COPY_ELEMENTS = 1 << 20;

    @Override
    public boolean choleskyLower(double[] s, int n) {
        // column-major 'U' on the symmetric input = row-major lower triangle; the result U is row-major L = Uᵀ
        int info;
        if ((long) n * n >= NATIVE_COPY_ELEMENTS) {
            DoublePointer p = NativeCopies.of(0, s, n * n);
            info = openblas.LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, p, n);
            NativeCopies.back(p, s, n * n);
        } else {
            info = openblas.LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, s, n);
        }
        if (info < 0) {
            throw new IllegalArgumentException("LAPACKE_dpotrf: illegal argument " + (-info));
        }
        if (info > 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            Arrays.fill(s, i * n + i + 1, (i + 1) * n, 0.0);
        }
        return true;
    }

    @Override
    public double[] lowerCongruence(double[] l, double[] s, int n) {
        // LAPACK dsygst (itype 2, column-major, uplo U): A := U·A·Uᵀ with U = Lᵀ (our row-major L read column-major),
        // i.e. A := Lᵀ·A·L, using the symmetry of
        // A: n³ flops instead of the 2n³ of two dtrmm. Only one triangle of the result is computed (column-major upper =
        // row-major lower); mirror it.
        int info;
        if ((long) n * n >= NATIVE_COPY_ELEMENTS) {
            DoublePointer sp = NativeCopies.of(0, s, n * n);
            info = openblas.LAPACKE_dsygst(LAPACK_COL_MAJOR, 2, (byte) 'U', n, sp, n, NativeCopies.of(1, l, n * n), n);
            NativeCopies.back(sp, s, n * n); // l is only read
        } else {
            info = openblas.LAPACKE_dsygst(LAPACK_COL_MAJOR, 2, (byte) 'U', n, s, n, l, n);
        }
        if (info != 0) {
            throw new IllegalArgumentException("LAPACKE_dsygst: info=" + info);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                s[j * n + i] = s[i * n + j];
            }
        }
        return s;
    }

    @Override
    public double[] congruence(double[] f, int r, double[] s, int n) {
        double[] sf = new double[n * r];
        openblas.cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, r, n, 1.0, s, n, f, r, 0.0, sf, r);
        double[] out = new double[r * r];
        openblas.cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, r, n, 1.0, f, r, sf, r, 0.0, out, r);
        return out;
    }

    @Override
    public double[] symmetricEigenvalues(double[] a, int n) {
        double[] w = new double[n];
        if ((long) n * n >= NATIVE_COPY_ELEMENTS) {
            // a is overwritten by contract: its destroyed native copy is not copied back
            try (DoublePointer values = new DoublePointer(n)) {
                check("LAPACKE_dsyevd", openblas.LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'L', n,
                        NativeCopies.of(0, a, n * n), n, values));
                values.get(w);
            }
        } else {
            check("LAPACKE_dsyevd", openblas.LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'L', n, a, n, w));
        }
        return w;
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] a, int n) {
        double[] w = new double[n];
        check("LAPACKE_dsyevd", openblas.LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, a, n, w));
        // column-major eigenvectors are the rows of the row-major view; transpose so that column j is vector j
        double[] vectors = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vectors[j * n + i] = a[i * n + j];
            }
        }
        return new SymmetricEigen(w, vectors);
    }

    @Override
    public double[] singularValues(double[] a, int m, int n) {
        double[] s = new double[Math.min(m, n)];
        double[] unused = new double[1];
        check("LAPACKE_dgesdd",
                openblas.LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'N', n, m, a, n, s, unused, 1, unused, 1));
        return s;
    }

    @Override
    public double[] multiplyTransposed(double[] a, int m, double[] b, int n, int k) {
        double[] c = new double[m * n];
        openblas.cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, a, k, b, k, 0.0, c, n);
        return c;
    }

    @Override
    public void multiplyTransposed(double[] a, int m, double[] b, int n, int k, double[] c) {
        Backends.checkProductShapes(a, m, b, n, k, c);
        openblas.cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, a, k, b, k, 0.0, c, n);
    }

    private static void check(String routine, int info) {
        if (info < 0) {
            throw new IllegalArgumentException(routine + ": illegal argument " + (-info));
        }
        if (info > 0) {
            throw new ArithmeticException(routine + " did not converge (info=" + info + ")");
        }
    }

    /**
     * Two native buffers per thread, kept and reused: the second 2048×2048 LAPACK call of a distance finds its pages mapped.
     * They hold at most the two largest matrices the thread passed (64 MB at d = 2048) until the thread ends.
     */
    private static final class NativeCopies {
        private static final ThreadLocal<DoublePointer[]> BUFFERS = ThreadLocal.withInitial(() -> new DoublePointer[2]);

        private NativeCopies() {
        }

        /** Buffer {@code slot} holding the first {@code count} values of {@code values}. */
        static DoublePointer of(int slot, double[] values, int count) {
            DoublePointer[] buffers = BUFFERS.get();
            if (buffers[slot] == null || buffers[slot].capacity() < count) {
                if (buffers[slot] != null) {
                    buffers[slot].close();
                }
                buffers[slot] = new DoublePointer(count);
            }
            return buffers[slot].position(0).put(values, 0, count);
        }

        /** Copies the buffer's first {@code count} values back into {@code values}. */
        static void back(DoublePointer buffer, double[] values, int count) {
            buffer.position(0).get(values, 0, count);
        }
    }
}

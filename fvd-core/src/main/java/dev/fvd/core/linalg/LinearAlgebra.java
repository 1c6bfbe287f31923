package dev.fvd.core.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The few dense linear-algebra kernels fvd-core needs, on row-major {@code double[]} matrices.
 *
 * <p><b>Internal contract, not public API</b> (it is public only because two packages of this module use it).
 * Two implementations: {@link OpenBlasLinearAlgebra} (native LAPACK/BLAS through {@code org.bytedeco:openblas}, chosen
 * automatically when its natives load) and {@link EjmlLinearAlgebra} (pure Java, always available). System property
 * {@code fvd.linalg=ejml|openblas|auto} forces a choice; see {@link #system()}.
 *
 * <p>All matrices are row-major; an {@code m×n} matrix occupies {@code m*n} doubles. Methods document which arguments
 * they overwrite.
 */
public interface LinearAlgebra {

    /** Short name for reports: {@code "openblas"} or {@code "ejml"}. */
    String name();

    /**
     * Runs {@code task} with this backend's own threads limited to one, for callers that run many small products on
     * several worker threads of their own (bootstrap replicates, k-NN tiles): OpenBLAS' threads busy-wait, so two
     * workers each calling a two-thread BLAS on two cores run 2.5× slower than two single-thread ones (d = 400 bootstrap
     * replicate: 53 vs 21 ms). The setting is process-wide while the task runs (OpenBLAS has no per-thread setting
     * in its Java binding); such tasks run one at a time and the previous count is restored. Results do not depend on it.
     */
    default <T> T singleThreaded(Supplier<T> task) {
        return task.get();
    }

    /**
     * Runs {@code task(0) … task(count − 1)} on up to {@code workers} daemon threads called {@code name}, taking the next index
     * as each finishes, with this backend {@link #singleThreaded single-threaded} while they run; with one worker (or one
     * task), in order on the calling thread and the backend as it is. The first runtime exception of a task is rethrown.
     * Tasks must write disjoint results (or merge them order-independently): their order is not fixed.
     */
    default void forEachInParallel(int count, int workers, String name, IntConsumer task) {
        int threads = Math.min(workers, count);
        if (threads <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        singleThreaded(() -> {
            ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread t = new Thread(runnable, name);
                t.setDaemon(true);
                return t;
            });
            try {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    running.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            task.accept(i);
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + " interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(name + " failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        });
    }

    /**
     * Symmetric rank-k update {@code C += Aᵀ·A} (BLAS {@code dsyrk}). {@code a} is {@code rows×n}; {@code c} is
     * {@code n×n} and only its upper triangle ({@code i ≤ j}) is updated and meaningful; the strict lower triangle
     * is left unspecified.
     */
    void addGram(double[] a, int rows, int n, double[] c);

    /**
     * Cholesky factorisation {@code S = L·Lᵀ} in place (LAPACK {@code dpotrf}). On success the lower triangle of
     * {@code s} holds {@code L} and the strict upper triangle is zeroed. Returns {@code false} if {@code S} is not
     * numerically positive definite (then {@code s} is garbage).
     */
    boolean choleskyLower(double[] s, int n);

    /**
     * Congruence with a lower-triangular factor: returns {@code Lᵀ·S·L} ({@code n×n}), exactly symmetric. {@code s} is
     * overwritten.
     * (LAPACK {@code dsygst} in the native backend.)
     */
    double[] lowerCongruence(double[] l, double[] s, int n);

    /** General congruence: returns {@code Fᵀ·S·F} ({@code r×r}) for {@code S} {@code n×n} and {@code F} {@code n×r}. */
    double[] congruence(double[] f, int r, double[] s, int n);

    /** Eigenvalues of the symmetric {@code n×n} matrix {@code a}, ascending. {@code a} is overwritten. */
    double[] symmetricEigenvalues(double[] a, int n);

    /**
     * Eigen-decomposition of the symmetric matrix {@code a}: values ascending; {@code vectors} row-major {@code n×n}
     * whose column {@code j} is the unit eigenvector of value {@code j}. {@code a} is overwritten.
     */
    SymmetricEigen symmetricEigen(double[] a, int n);

    /** Singular values of the {@code m×n} matrix {@code a} (any order). {@code a} is overwritten. */
    double[] singularValues(double[] a, int m, int n);

    /** Returns {@code A·Bᵀ} ({@code m×n}) for {@code A} {@code m×k} and {@code B} {@code n×k}. */
    double[] multiplyTransposed(double[] a, int m, double[] b, int n, int k);

    /**
     * General matrix product into a caller's buffer (BLAS {@code dgemm}, {@code C = A·Bᵀ}): {@code A} {@code m×k},
     * {@code B} {@code n×k}, {@code c} overwritten in its first {@code m·n} entries (row-major {@code m×n}); a
     * reused buffer saves re-allocating the distance tiles of the nearest-neighbour metrics.
     *
     * @throws IllegalArgumentException if an array is shorter than its shape
     */
    void multiplyTransposed(double[] a, int m, double[] b, int n, int k, double[] c);

    /** Eigenvalues (ascending) and eigenvectors (columns of a row-major matrix). */
    record SymmetricEigen(double[] values, double[] vectors) { }

    /**
     * The backend selected for this JVM: system property {@code fvd.linalg} = {@code ejml} or {@code openblas}
     * forces one (forcing {@code openblas} when its natives do not load is an error); otherwise ({@code auto}, the
     * default) OpenBLAS when its natives load, else EJML.
     */
    static LinearAlgebra system() {
        return Backends.SYSTEM;
    }

    /** The pure-Java EJML backend (always available). */
    static LinearAlgebra ejml() {
        return Backends.EJML;
    }

    /**
     * The native OpenBLAS backend.
     *
     * @throws UnsupportedOperationException if its natives cannot be loaded on this platform (message has the cause)
     */
    static LinearAlgebra openBlas() {
        return Backends.openBlas();
    }

    /** Whether {@link #openBlas()} works on this machine. */
    static boolean openBlasAvailable() {
        return Backends.openBlasFailure() == null;
    }
}

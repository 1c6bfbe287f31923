package dev.fvd.core.linalg;

import java.util.Locale;

/** Loads the backends once per JVM (natives are loaded lazily, on first use of the holder). */
final class Backends {
    static final LinearAlgebra EJML = new EjmlLinearAlgebra();
    static final LinearAlgebra SYSTEM;

    private static final LinearAlgebra OPENBLAS;
    private static final String OPENBLAS_FAILURE;

    static {
        LinearAlgebra native_ = null;
        String failure = null;
        try {
            native_ = OpenBlasLinearAlgebra.load();
        } catch (LinkageError | RuntimeException e) {
            // missing classifier jar, unsupported platform, or a broken native library: EJML still works
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        OPENBLAS = native_;
        OPENBLAS_FAILURE = failure;

        String choice = System.getProperty("fvd.linalg", "auto").trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "ejml" -> SYSTEM = EJML;
            case "openblas" -> {
                if (OPENBLAS == null) {
                    throw new ExceptionInInitializerError(
                            "-Dfvd.linalg=openblas but the OpenBLAS natives did not load: " + OPENBLAS_FAILURE);
                }
                SYSTEM = OPENBLAS;
            }
            case "auto", "" -> SYSTEM = OPENBLAS != null ? OPENBLAS : EJML;
            default -> throw new ExceptionInInitializerError(
                    "-Dfvd.linalg=" + choice + " is not one of ejml, openblas, auto");
        }
    }

    private Backends() {
    }

    static LinearAlgebra openBlas() {
        if (OPENBLAS == null) {
            throw new UnsupportedOperationException("OpenBLAS natives are not available: " + OPENBLAS_FAILURE);
        }
        return OPENBLAS;
    }

    static String openBlasFailure() {
        return OPENBLAS_FAILURE;
    }

    /** Shape check shared by the backends' {@code multiplyTransposed} into a buffer. */
    static void checkProductShapes(double[] a, int m, double[] b, int n, int k, double[] c) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative shape m=" + m + " n=" + n + " k=" + k);
        }
        if (a.length < (long) m * k || b.length < (long) n * k || c.length < (long) m * n) {
            throw new IllegalArgumentException("A·Bᵀ with A " + m + "x" + k + " (" + a.length + " values), B " + n
                    + "x" + k + " (" + b.length + " values) into C " + m + "x" + n + " (" + c.length
                    + " values): an array is shorter than its shape");
        }
    }
}

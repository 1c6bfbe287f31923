package dev.fvd.core.linalg;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Pure-Java backend on EJML's dense row-major kernels (EJML 0.46, {@code ejml-ddense}): Cholesky
 * ({@code CholeskyDecompositionInner_DDRM}), symmetric QR eigen-solver ({@code SymmetricQRAlgorithmDecomposition_DDRM})
 * and bidiagonal SVD. About 10× slower than OpenBLAS at d=2048 but always available.
 */
final class EjmlLinearAlgebra implements LinearAlgebra {

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void addGram(double[] a, int rows, int n, double[] c) {
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multInner(DMatrixRMaj.wrap(rows, n, a), gram);
        double[] g = gram.data;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = i; j < n; j++) {
                c[row + j] += g[row + j];
            }
        }
    }

    @Override
    public boolean choleskyLower(double[] s, int n) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        DMatrixRMaj m = DMatrixRMaj.wrap(n, n, s.clone());
        if (!chol.decompose(m)) {
            return false;
        }
        DMatrixRMaj l = chol.getT(null);
        // EJML reports success for a zero or negative pivot in some builds; check the diagonal ourselves
        for (int i = 0; i < n; i++) {
            double v = l.data[i * n + i];
            if (!(v > 0) || !Double.isFinite(v)) {
                return false;
            }
        }
        System.arraycopy(l.data, 0, s, 0, n * n);
        return true;
    }

    @Override
    public double[] lowerCongruence(double[] l, double[] s, int n) {
        double[] out = congruence(l, n, s, n);
        // two general products round the two triangles differently: average them, as the contract promises a symmetric result
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = 0.5 * (out[i * n + j] + out[j * n + i]);
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
        return out;
    }

    @Override
    public double[] congruence(double[] f, int r, double[] s, int n) {
        DMatrixRMaj fm = DMatrixRMaj.wrap(n, r, f);
        DMatrixRMaj sf = new DMatrixRMaj(n, r);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(n, n, s), fm, sf);
        DMatrixRMaj out = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(fm, sf, out);
        return out.data;
    }

    @Override
    public double[] symmetricEigenvalues(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(a, n, false);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(values);
        return values;
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(a, n, true);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(x).real, eig.getEigenvalue(y).real));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int j = 0; j < n; j++) {
            values[j] = eig.getEigenvalue(order[j]).real;
            double[] v = eig.getEigenVector(order[j]).data;
            for (int i = 0; i < n; i++) {
                vectors[i * n + j] = v[i];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(double[] a, int n, boolean vectors) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, vectors, true);
        if (!eig.decompose(DMatrixRMaj.wrap(n, n, a))) {
            throw new ArithmeticException("EJML symmetric eigen-decomposition of a " + n + "x" + n
                    + " matrix did not converge");
        }
        return eig;
    }

    @Override
    public double[] singularValues(double[] a, int m, int n) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
        if (!svd.decompose(DMatrixRMaj.wrap(m, n, a))) {
            throw new ArithmeticException("EJML SVD of a " + m + "x" + n + " matrix did not converge");
        }
        return svd.getSingularValues().clone();
    }

    @Override
    public double[] multiplyTransposed(double[] a, int m, double[] b, int n, int k) {
        DMatrixRMaj out = new DMatrixRMaj(m, n);
        CommonOps_DDRM.multTransB(DMatrixRMaj.wrap(m, k, a), DMatrixRMaj.wrap(n, k, b), out);
        return out.data;
    }

    @Override
    public void multiplyTransposed(double[] a, int m, double[] b, int n, int k, double[] c) {
        Backends.checkProductShapes(a, m, b, n, k, c);
        DMatrixRMaj out = DMatrixRMaj.wrap(m, n, c);
        CommonOps_DDRM.multTransB(DMatrixRMaj.wrap(m, k, a), DMatrixRMaj.wrap(n, k, b), out);
        if (out.data != c) {
            throw new IllegalStateException("EJML re-allocated the output of multTransB");
        }
    }
}

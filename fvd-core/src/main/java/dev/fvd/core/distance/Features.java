package dev.fvd.core.distance;

import dev.fvd.core.stats.StatisticsMismatchException;

/** Validation and conversion of feature matrices ({@code float[N][d]}) shared by the distances. */
final class Features {
    private Features() {
    }

    /** Checks the matrix is rectangular, finite and has at least {@code minRows} rows; returns d. */
    static int dimension(String which, float[][] rows, int minRows) {
        if (rows == null || rows.length < minRows) {
            throw new StatisticsMismatchException(which + " feature set has " + (rows == null ? 0 : rows.length)
                    + " rows; need at least " + minRows);
        }
        int d = rows[0].length;
        if (d == 0) {
            throw new StatisticsMismatchException(which + " feature set has dimension 0");
        }
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            if (row.length != d) {
                throw new StatisticsMismatchException(which + " feature set: row " + i + " has dimension " + row.length
                        + ", row 0 has dimension " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new StatisticsMismatchException(which + " feature set: row " + i + " has " + row[j]
                            + " at column " + j + "; features must be finite");
                }
            }
        }
        return d;
    }

    /** Row-major double copy minus the column means (written to {@code meanOut}); means use a two-pass sum. */
    static double[] centred(float[][] rows, double[] meanOut) {
        int n = rows.length;
        int d = meanOut.length;
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                meanOut[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            meanOut[j] /= n;
        }
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = rows[i][j] - meanOut[j];
            }
        }
        return out;
    }

    /** Row-major double copy of the selected rows. */
    static double[] select(float[][] rows, int[] indices, int d) {
        double[] out = new double[indices.length * d];
        for (int r = 0; r < indices.length; r++) {
            float[] row = rows[indices[r]];
            for (int j = 0; j < d; j++) {
                out[r * d + j] = row[j];
            }
        }
        return out;
    }
}

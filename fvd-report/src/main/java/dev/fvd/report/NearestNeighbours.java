package dev.fvd.report;

import dev.fvd.core.metric.PrdcSamples;

import java.util.Arrays;

/**
 * Exact Euclidean nearest-neighbour facts the sample sections rank by: each fake sample's distance to its nearest real sample,
 * and which real samples no fake sample covers in the sense of Naeem et al. 2020 (clovaai {@code prdc/prdc.py}: a real sample
 * is covered when some fake sample lies strictly inside its k-NN ball, the radius being the distance to its k-th nearest real
 * neighbour, itself excluded).
 *
 * <p>Distances are ‖a‖² + ‖b‖² − 2·a·b in double precision, one real row at a time, so memory stays O(N). The cost is
 * O(N²·d) (one pass per real row over both sets); it is used only when the PRDC metric did not run (or kept no per-sample
 * values), otherwise {@link #fromPrdc} reads them.
 */
final class NearestNeighbours {
    /**
     * @param fakeToReal  per fake row, the distance to its nearest real row
     * @param realRadius  per real row, the distance to its k-th nearest other real row
     * @param realToFake  per real row, the distance to its nearest fake row
     * @param covered     per real row, whether {@code realToFake < realRadius}
     */
    record Result(double[] fakeToReal, double[] realRadius, double[] realToFake, boolean[] covered, int k) {
    }

    private NearestNeighbours() {
    }

    /**
     * The same facts from the PRDC metric's per-sample values ({@code PrdcSamples}): only the distance from each uncovered
     * real row to its nearest fake row is computed here, O(misses·N·d), to rank the misses.
     */
    static Result fromPrdc(float[][] real, float[][] fake, PrdcSamples samples, int k) {
        boolean[] covered = samples.realCovered().clone();
        double[] realNorms = norms(real);
        double[] fakeNorms = norms(fake);
        double[] realToFake = new double[real.length];
        for (int i = 0; i < real.length; i++) {
            if (covered[i]) {
                realToFake[i] = Double.NaN;
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < fake.length; j++) {
                best = Math.min(best, distance(real[i], realNorms[i], fake[j], fakeNorms[j]));
            }
            realToFake[i] = best;
        }
        return new Result(samples.fakeNearestRealDistance().clone(), samples.realRadius().clone(), realToFake, covered, k);
    }

    static Result compute(float[][] real, float[][] fake, int k) {
        if (k < 1 || k >= real.length) {
            throw new IllegalArgumentException("coverage needs 1 ≤ k < " + real.length + " real samples, got k=" + k);
        }
        double[] realNorms = norms(real);
        double[] fakeNorms = norms(fake);
        double[] fakeToReal = new double[fake.length];
        Arrays.fill(fakeToReal, Double.POSITIVE_INFINITY);
        double[] realToFake = new double[real.length];
        Arrays.fill(realToFake, Double.POSITIVE_INFINITY);
        double[] radius = new double[real.length];
        double[] row = new double[Math.max(real.length, fake.length)];
        for (int i = 0; i < real.length; i++) {
            for (int j = 0; j < fake.length; j++) {
                double dist = distance(real[i], realNorms[i], fake[j], fakeNorms[j]);
                if (dist < realToFake[i]) {
                    realToFake[i] = dist;
                }
                if (dist < fakeToReal[j]) {
                    fakeToReal[j] = dist;
                }
            }
            for (int j = 0; j < real.length; j++) {
                row[j] = j == i ? 0 : distance(real[i], realNorms[i], real[j], realNorms[j]);
            }
            double[] sorted = Arrays.copyOf(row, real.length);
            Arrays.sort(sorted);
            radius[i] = sorted[k];
        }
        boolean[] covered = new boolean[real.length];
        for (int i = 0; i < real.length; i++) {
            covered[i] = realToFake[i] < radius[i];
        }
        return new Result(fakeToReal, radius, realToFake, covered, k);
    }

    private static double[] norms(float[][] x) {
        double[] n = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (float v : x[i]) {
                s += (double) v * v;
            }
            n[i] = s;
        }
        return n;
    }

    private static double distance(float[] a, double na, float[] b, double nb) {
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
            dot += (double) a[j] * b[j];
        }
        return Math.sqrt(Math.max(0, na + nb - 2 * dot));
    }
}

package dev.fvd.core.distance;

import static dev.fvd.core.testing.TestData.fdCase;
import static dev.fvd.core.testing.TestData.features;
import static dev.fvd.core.testing.TestData.firstRows;

import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatisticsAccess;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.testing.HashFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the actual relative errors behind the parity tests (not a test). Run:
 * {@code mvn -q -o -pl fvd-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.fvd.core.distance.ParityReport}
 */
public final class ParityReport {
    private ParityReport() {
    }

    public static void main(String[] args) {
        List<LinearAlgebra> backends = new ArrayList<>();
        if (LinearAlgebra.openBlasAvailable()) {
            backends.add(LinearAlgebra.openBlas());
        }
        backends.add(LinearAlgebra.ejml());
        float[][] a64 = features("fd64_a");
        float[][] b64 = features("fd64_b");
        float[][] a400 = features("fd400_a");
        float[][] b400 = features("fd400_b");
        float[][] a2048 = HashFeatures.generate(1, 2500, 2048, "a");
        float[][] b2048 = HashFeatures.generate(2, 2300, 2048, "b");
        for (LinearAlgebra la : backends) {
            System.out.println("backend " + la.name());
            report("d64", between(a64, b64, la, CovarianceDivisor.N_MINUS_ONE));
            report("d64_divisor_n", between(a64, b64, la, CovarianceDivisor.N));
            report("d400", between(a400, b400, la, CovarianceDivisor.N_MINUS_ONE));
            report("d400_singular_150_120", between(firstRows(a400, 150), firstRows(b400, 120), la,
                    CovarianceDivisor.N_MINUS_ONE));
            System.out.printf(Locale.ROOT, "  %-34s %.3e%n", "d400_singular_150_120 (features)",
                    rel(FrechetDistance.betweenFeatures(firstRows(a400, 150), firstRows(b400, 120), la),
                            "d400_singular_150_120"));
            report("d2048_hash", between(a2048, b2048, la, CovarianceDivisor.N_MINUS_ONE));
            GaussianStatistics s = FeatureStatisticsAccess.accumulate(a400, 400, la);
            System.out.printf(Locale.ROOT, "  %-34s %.3e (absolute)%n", "d400_identical",
                    FrechetDistance.between(s, s, la));
        }
    }

    private static double between(float[][] a, float[][] b, LinearAlgebra la, CovarianceDivisor divisor) {
        GaussianStatistics ga = FeatureStatisticsAccess.accumulate(a, a[0].length, la, divisor);
        GaussianStatistics gb = FeatureStatisticsAccess.accumulate(b, b[0].length, la, divisor);
        return FrechetDistance.between(ga, gb, la);
    }

    private static void report(String name, double value) {
        System.out.printf(Locale.ROOT, "  %-34s %.3e  (fd %.15g, sqrtm differs by %.3e)%n", name, rel(value, name), value,
                rel(fdCase(name).get("fd_sqrtm").getAsDouble(), name));
    }

    private static double rel(double value, String name) {
        double expected = fdCase(name).get("fd").getAsDouble();
        return Math.abs(value - expected) / Math.abs(expected);
    }
}

package dev.fvd.core.distance;

import dev.fvd.io.Npy;
import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.testing.HashFeatures;
import dev.fvd.core.testing.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): Fréchet distance at d=400 and d=2048 on the EJML and OpenBLAS backends, and pytorch-fid's
 * scipy-sqrtm method on the same matrices (run through {@code /usr/bin/python3 fvd-core/bench/sqrtm_fd.py}).
 * Run with {@code fvd-core/bench/frechet-bench.sh}. Arguments: {@code [--no-ejml-2048] [--python PATH] [--threads 1,2]}
 * (OpenBLAS thread counts to time; default 1 and all cores).
 */
public final class FrechetBench {

    private record Row(String d, String method, double seconds, double fd) {
    }

    public static void main(String[] args) throws Exception {
        boolean ejml2048 = true;
        int[] openBlasThreads = {1, Runtime.getRuntime().availableProcessors()};
        String python = "/usr/bin/python3";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-ejml-2048" -> ejml2048 = false;
                case "--python" -> python = args[++i];
                case "--threads" -> openBlasThreads = java.util.Arrays.stream(args[++i].split(","))
                        .mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf("cores=%d OPENBLAS_NUM_THREADS=%s OPENBLAS_CORETYPE=%s openblas=%s default backend=%s%n",
                Runtime.getRuntime().availableProcessors(), System.getenv("OPENBLAS_NUM_THREADS"),
                System.getenv("OPENBLAS_CORETYPE"), LinearAlgebra.openBlasAvailable(), LinearAlgebra.system().name());
        Path dir = Files.createTempDirectory("frechet-bench");
        List<Row> rows = new ArrayList<>();
        // hash features: well-conditioned covariances (scipy's easy case); "relu": Inception-like non-negative features
        // with a power-law spectrum and N barely above d, so Σ₁Σ₂ is ill-conditioned (sqrtm's hard case)
        String[] cases = {"400 hash 900 800", "2048 hash 2500 2300", "2048 relu 2100 2100"};
        for (String spec : cases) {
            String[] parts = spec.split(" ");
            int d = Integer.parseInt(parts[0]);
            String kind = parts[1];
            int na = Integer.parseInt(parts[2]);
            int nb = Integer.parseInt(parts[3]);
            float[][] a = kind.equals("hash") ? HashFeatures.generate(1, na, d, "a") : relu(11, na, d);
            float[][] b = kind.equals("hash") ? HashFeatures.generate(2, nb, d, "b") : relu(12, nb, d);
            String label = d + (kind.equals("hash") ? "" : " relu");
            GaussianStatistics ga = stats(a, d);
            GaussianStatistics gb = stats(b, d);
            writeInputs(dir, label.replace(" ", "_"), d, ga, gb);
            for (LinearAlgebra algebra : backends()) {
                if (algebra.name().equals("openblas")) {
                    for (int threads : openBlasThreads) {
                        org.bytedeco.openblas.global.openblas.blas_set_num_threads(threads);
                        long a0 = System.nanoTime();
                        accumulate(a, d, algebra);
                        rows.add(new Row(label, "accumulate " + a.length + " rows, openblas, " + threads + " thread(s)",
                                (System.nanoTime() - a0) / 1e9, Double.NaN));
                        FrechetDistance.between(ga, gb, algebra); // warm-up
                        double best = Double.POSITIVE_INFINITY;
                        double value = Double.NaN;
                        for (int r = 0; r < 3; r++) {
                            long t0 = System.nanoTime();
                            value = FrechetDistance.between(ga, gb, algebra);
                            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                        }
                        rows.add(new Row(label, "fvd-core openblas, " + threads + " thread(s) (best of 3)", best, value));
                        System.out.printf(Locale.ROOT, "  d=%s openblas %d thread(s): %.3f s%n", label, threads, best);
                    }
                    continue;
                }
                if (d == 2048 && algebra.name().equals("ejml") && !ejml2048) {
                    continue;
                }
                long a0 = System.nanoTime();
                accumulate(a, d, algebra);
                rows.add(new Row(label, "accumulate " + a.length + " rows, ejml", (System.nanoTime() - a0) / 1e9, Double.NaN));
                int repeats = algebra.name().equals("ejml") && d == 2048 ? 1 : 3;
                FrechetDistance.between(ga, gb, algebra); // warm-up (JIT, native load, OpenBLAS buffers)
                double best = Double.POSITIVE_INFINITY;
                double value = Double.NaN;
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    value = FrechetDistance.between(ga, gb, algebra);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                rows.add(new Row(label, "fvd-core " + algebra.name() + " (best of " + repeats + ")", best, value));
                System.out.printf(Locale.ROOT, "  d=%s %s: %.3f s%n", label, algebra.name(), best);
            }
        }
        rows.addAll(python(python, dir));
        print(rows);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void accumulate(float[][] rows, int d, LinearAlgebra algebra) {
        // FeatureStatistics picks the system backend; time both through the package-private hook
        dev.fvd.core.stats.FeatureStatisticsAccess.accumulate(rows, d, algebra);
    }

    private static List<LinearAlgebra> backends() {
        List<LinearAlgebra> list = new ArrayList<>();
        if (LinearAlgebra.openBlasAvailable()) {
            list.add(LinearAlgebra.openBlas());
        }
        list.add(LinearAlgebra.ejml());
        return list;
    }

    private static GaussianStatistics stats(float[][] rows, int d) {
        FeatureStatistics s = new FeatureStatistics(d);
        s.addAll(rows);
        return s.toGaussian(CovarianceDivisor.N_MINUS_ONE);
    }

    private static void writeInputs(Path dir, String name, int d, GaussianStatistics a, GaussianStatistics b) {
        Npy.write(dir.resolve("mu1_" + name + ".npy"), new double[][] {a.mean()});
        Npy.write(dir.resolve("mu2_" + name + ".npy"), new double[][] {b.mean()});
        Npy.write(dir.resolve("sigma1_" + name + ".npy"), square(a.covariance(), d));
        Npy.write(dir.resolve("sigma2_" + name + ".npy"), square(b.covariance(), d));
    }

    /** ReLU(z·M) with z standard normal and M = random Gaussian with column scales k^-0.75 (seeded). */
    private static float[][] relu(long seed, int n, int d) {
        java.util.Random random = new java.util.Random(seed);
        double[] z = new double[n * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextGaussian();
        }
        double[] mixT = new double[d * d];
        for (int c = 0; c < d; c++) {
            double scale = Math.pow(c + 1, -0.75);
            for (int k = 0; k < d; k++) {
                mixT[c * d + k] = random.nextGaussian() * scale;
            }
        }
        double[] x = LinearAlgebra.system().multiplyTransposed(z, n, mixT, d, d);
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = (float) Math.max(0, x[i * d + j]);
            }
        }
        return out;
    }

    private static double[][] square(double[] flat, int d) {
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private static List<Row> python(String python, Path dir) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        Path script = TestData.root().resolve("fvd-core/bench/sqrtm_fd.py");
        if (!Files.isExecutable(Path.of(python))) {
            System.out.println("(no " + python + ": skipping the scipy rows)");
            return rows;
        }
        Process p = new ProcessBuilder(python, script.toString(), dir.toString(), "400", "2048", "2048_relu")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Pattern json = Pattern.compile("\"d\": \"([^\"]+)\", \"method\": \"([^\"]+)\", \"seconds\": ([-0-9.eE+]+), "
                + "\"fd\": ([-0-9.eE+naNinf]+)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = json.matcher(line);
                if (m.find()) {
                    rows.add(new Row(m.group(1).replace("_", " "), "python " + m.group(2), Double.parseDouble(m.group(3)),
                            Double.parseDouble(m.group(4))));
                    System.out.println("  " + line);
                }
            }
        }
        p.waitFor();
        return rows;
    }

    private static void print(List<Row> rows) {
        Map<String, Double> sqrtm = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.method().equals("python scipy-sqrtm")) {
                sqrtm.put(r.d(), r.seconds());
            }
        }
        System.out.println();
        System.out.println("| d | method | seconds | speed-up vs scipy sqrtm | FD |");
        System.out.println("|---|---|---|---|---|");
        for (String d : new String[] {"400", "2048", "2048 relu"}) {
            for (Row r : rows) {
                if (!r.d().equals(d)) {
                    continue;
                }
                Double ref = sqrtm.get(d);
                String speedup = ref == null || Double.isNaN(r.fd()) ? "" : String.format(Locale.ROOT, "%.1f×",
                        ref / r.seconds());
                String fd = Double.isNaN(r.fd()) ? "" : String.format(Locale.ROOT, "%.12f", r.fd());
                System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %s | %s |%n", d, r.method(), r.seconds(), speedup, fd);
            }
        }
    }
}

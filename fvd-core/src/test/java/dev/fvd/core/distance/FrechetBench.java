package dev.fvd.core.distance;

import dev.fvd.core.io.Npy;
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

    private record Row(int d, String method, double seconds, double fd) {
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
        int[][] sizes = {{400, 900, 800}, {2048, 2500, 2300}};
        for (int[] size : sizes) {
            int d = size[0];
            float[][] a = HashFeatures.generate(1, size[1], d, "a");
            float[][] b = HashFeatures.generate(2, size[2], d, "b");
            for (LinearAlgebra algebra : backends()) {
                long t0 = System.nanoTime();
                accumulate(a, d, algebra);
                double seconds = (System.nanoTime() - t0) / 1e9;
                rows.add(new Row(d, "accumulate " + a.length + " rows, " + algebra.name(), seconds, Double.NaN));
            }
            GaussianStatistics ga = stats(a, d);
            GaussianStatistics gb = stats(b, d);
            writeInputs(dir, d, ga, gb);
            for (LinearAlgebra algebra : backends()) {
                if (algebra.name().equals("openblas")) {
                    for (int threads : openBlasThreads) {
                        org.bytedeco.openblas.global.openblas.blas_set_num_threads(threads);
                        FrechetDistance.between(ga, gb, algebra); // warm-up
                        double best = Double.POSITIVE_INFINITY;
                        double value = Double.NaN;
                        for (int r = 0; r < 3; r++) {
                            long t0 = System.nanoTime();
                            value = FrechetDistance.between(ga, gb, algebra);
                            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                        }
                        rows.add(new Row(d, "fvd-core openblas, " + threads + " thread(s) (best of 3)", best, value));
                        System.out.printf(Locale.ROOT, "  d=%d openblas %d thread(s): %.3f s%n", d, threads, best);
                    }
                    continue;
                }
                if (d == 2048 && algebra.name().equals("ejml") && !ejml2048) {
                    continue;
                }
                int repeats = algebra.name().equals("ejml") && d == 2048 ? 1 : 3;
                FrechetDistance.between(ga, gb, algebra); // warm-up (JIT, native load, OpenBLAS buffers)
                double best = Double.POSITIVE_INFINITY;
                double value = Double.NaN;
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    value = FrechetDistance.between(ga, gb, algebra);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                rows.add(new Row(d, "fvd-core " + algebra.name() + " (best of " + repeats + ")", best, value));
                System.out.printf(Locale.ROOT, "  d=%d %s: %.3f s%n", d, algebra.name(), best);
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

    private static void writeInputs(Path dir, int d, GaussianStatistics a, GaussianStatistics b) {
        Npy.write(dir.resolve("mu1_" + d + ".npy"), new double[][] {a.mean()});
        Npy.write(dir.resolve("mu2_" + d + ".npy"), new double[][] {b.mean()});
        Npy.write(dir.resolve("sigma1_" + d + ".npy"), square(a.covariance(), d));
        Npy.write(dir.resolve("sigma2_" + d + ".npy"), square(b.covariance(), d));
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
        Process p = new ProcessBuilder(python, script.toString(), dir.toString(), "400", "2048")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Pattern json = Pattern.compile("\"d\": (\\d+), \"method\": \"([^\"]+)\", \"seconds\": ([-0-9.eE+]+), "
                + "\"fd\": ([-0-9.eE+naNinf]+)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = json.matcher(line);
                if (m.find()) {
                    rows.add(new Row(Integer.parseInt(m.group(1)), "python " + m.group(2), Double.parseDouble(m.group(3)),
                            Double.parseDouble(m.group(4))));
                    System.out.println("  " + line);
                }
            }
        }
        p.waitFor();
        return rows;
    }

    private static void print(List<Row> rows) {
        Map<Integer, Double> sqrtm = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.method().equals("python scipy-sqrtm")) {
                sqrtm.put(r.d(), r.seconds());
            }
        }
        System.out.println();
        System.out.println("| d | method | seconds | speed-up vs scipy sqrtm | FD |");
        System.out.println("|---|---|---|---|---|");
        for (int d : new int[] {400, 2048}) {
            for (Row r : rows) {
                if (r.d() != d) {
                    continue;
                }
                Double ref = sqrtm.get(d);
                String speedup = ref == null || Double.isNaN(r.fd()) ? "" : String.format(Locale.ROOT, "%.1f×",
                        ref / r.seconds());
                String fd = Double.isNaN(r.fd()) ? "" : String.format(Locale.ROOT, "%.12f", r.fd());
                System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %s | %s |%n", d, r.method(), r.seconds(), speedup, fd);
            }
        }
    }
}

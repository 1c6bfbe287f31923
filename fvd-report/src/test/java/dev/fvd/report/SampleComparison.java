package dev.fvd.report;

import dev.fvd.core.distance.FrechetDistance;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.DatasetReport;
import dev.fvd.datasets.Datasets;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.SkippedInput;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The report of the bundled sample data ({@code test-data/sample}), built the way a score run builds it: clips decoded by the
 * {@code datasets} module, one feature row per clip, the distances computed from those rows.
 *
 * <p>The features are a small hand-made descriptor (per 2×2 cell: mean RGB over the clip, and mean absolute frame-to-frame
 * change), not a network's: this fixture exercises the report, not the numbers of a protocol. Bootstrap and subset curve are
 * computed here with {@link FrechetDistance} on resampled rows; precision/recall/density/coverage by brute force after
 * clovaai {@code prdc/prdc.py}.
 */
final class SampleComparison {
    private SampleComparison() {
    }

    static Path root() {
        String prop = System.getProperty("fvd.root");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-data/sample"))) {
                return p;
            }
        }
        throw new IllegalStateException("test-data/sample not found above " + start);
    }

    /** One side: its rows, their sources and what was skipped. */
    record Side(SideFeatures features, List<SkippedInput> skipped) {
    }

    static Side side(Path input, MediaKind media, String label) {
        DatasetOptions options = media == MediaKind.VIDEO ? DatasetOptions.videos() : DatasetOptions.images();
        List<float[]> rows = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        DatasetReport report;
        try (ClipStream clips = Datasets.open(input, options)) {
            while (clips.hasNext()) {
                Clip clip = clips.next();
                rows.add(describe(clip));
                samples.add(new Sample(clip.source(), 0));
            }
            report = clips.report();
        }
        return new Side(new SideFeatures(label, rows.toArray(float[][]::new), samples), report.skipped());
    }

    /** Per 2×2 cell: mean R, G, B over all frames, and the mean absolute change between consecutive frames. 16 values. */
    static float[] describe(Clip clip) {
        double[] f = new double[16];
        long[] count = new long[4];
        long[] changes = new long[4];
        for (int t = 0; t < clip.frames(); t++) {
            for (int y = 0; y < clip.height(); y++) {
                for (int x = 0; x < clip.width(); x++) {
                    int cell = (y * 2 / clip.height()) * 2 + x * 2 / clip.width();
                    count[cell]++;
                    for (int c = 0; c < 3; c++) {
                        int v = clip.value(t, y, x, c);
                        f[cell * 4 + c] += v;
                        if (t > 0) {
                            f[cell * 4 + 3] += Math.abs(v - clip.value(t - 1, y, x, c));
                        }
                    }
                    if (t > 0) {
                        changes[cell] += 3;
                    }
                }
            }
        }
        float[] out = new float[16];
        for (int cell = 0; cell < 4; cell++) {
            for (int c = 0; c < 3; c++) {
                out[cell * 4 + c] = (float) (f[cell * 4 + c] / count[cell] / 255.0);
            }
            out[cell * 4 + 3] = changes[cell] == 0 ? 0 : (float) (f[cell * 4 + 3] / changes[cell] / 255.0);
        }
        return out;
    }

    private static Comparison videos;
    private static Comparison images;

    /** The sample videos' comparison (built once per test JVM). */
    static synchronized Comparison videos() {
        if (videos == null) {
            videos = build(MediaKind.VIDEO, "videos", "FVD");
        }
        return videos;
    }

    /** The sample images' comparison (built once per test JVM). */
    static synchronized Comparison images() {
        if (images == null) {
            images = build(MediaKind.IMAGE, "images", "FID");
        }
        return images;
    }

    private static Comparison build(MediaKind media, String folder, String metric) {
        Path base = root().resolve("test-data/sample").resolve(folder);
        Side real = side(base.resolve("real"), media, "real: test-data/sample/" + folder + "/real");
        Side fake = side(base.resolve("fake"), media, "fake: test-data/sample/" + folder + "/fake");
        float[][] r = real.features().features();
        float[][] f = fake.features().features();
        double value = FrechetDistance.betweenFeatures(r, f);

        int resamples = 200;
        long seed = 0;
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            replicates[b] = FrechetDistance.betweenFeatures(resample(r, random), resample(f, random));
        }
        double[] sorted = replicates.clone();
        Arrays.sort(sorted);
        Interval ci = new Interval(sorted[(int) (0.025 * (resamples - 1))], sorted[(int) Math.ceil(0.975 * (resamples - 1))], 0.95,
                resamples, seed);

        List<SubsetCurve.Point> points = new ArrayList<>();
        SimpleRegression regression = new SimpleRegression();
        for (int n = 18; n <= f.length; n++) {
            float[][] subset = subset(f, n, random);
            double d = FrechetDistance.betweenFeatures(r, subset);
            points.add(new SubsetCurve.Point(n, d));
            regression.addData(1.0 / n, d);
        }
        SubsetCurve curve = new SubsetCurve(points, regression.getIntercept(), regression.getSlope());

        Fidelity fidelity = prdc(r, f, 3, 5);
        List<SkippedInput> skipped = new ArrayList<>(real.skipped());
        skipped.addAll(fake.skipped());
        skipped.add(new SkippedInput(base.resolve("fake/broken_99.mp4").toString(),
                "illustration only (this fixture has no broken input): a file that FFmpeg could not open"));
        Provenance provenance = new Provenance("test", false, "fixture features (hand-made 16-d descriptor), not a "
                + "reference network: not comparable to published " + metric + " values",
                List.of(new Provenance.Fact("protocol", "fixture (frames 16, stride 1, first frames)"),
                        new Provenance.Fact("model", "handmade-16d (no weights)"),
                        new Provenance.Fact("model sha256", null),
                        new Provenance.Fact("weights verified", "no"),
                        new Provenance.Fact("real", real.features().label() + " · " + r.length + " samples"),
                        new Provenance.Fact("fake", fake.features().label() + " · " + f.length + " samples"),
                        new Provenance.Fact("covariance divisor", "n-1")));
        List<Headline> headlines = List.of(new Headline(metric, value, ci, null),
                new Headline(metric + "∞", curve.intercept(), null, "intercept of the subset curve"),
                new Headline("coverage", fidelity.coverage(), null, "k = " + fidelity.kDc()));
        return new Comparison(metric + " · sample real vs sample fake", media, media == MediaKind.VIDEO ? 16 : 1, 1, headlines,
                provenance, curve, new BootstrapSamples(metric, value, replicates, ci), fidelity, real.features(),
                fake.features(), skipped);
    }

    private static float[][] resample(float[][] x, SplittableRandom random) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[random.nextInt(x.length)];
        }
        return out;
    }

    private static float[][] subset(float[][] x, int n, SplittableRandom random) {
        int[] idx = new int[x.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = idx.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }

    /** Brute-force PRDC after clovaai {@code prdc/prdc.py} (precision/recall with k-NN balls, ≤; density/coverage, <). */
    static Fidelity prdc(float[][] real, float[][] fake, int kPr, int kDc) {
        double[] realR = radii(real, kPr);
        double[] fakeR = radii(fake, kPr);
        int precise = 0;
        for (float[] y : fake) {
            for (int i = 0; i < real.length; i++) {
                if (dist(y, real[i]) <= realR[i]) {
                    precise++;
                    break;
                }
            }
        }
        int recalled = 0;
        for (float[] x : real) {
            for (int j = 0; j < fake.length; j++) {
                if (dist(x, fake[j]) <= fakeR[j]) {
                    recalled++;
                    break;
                }
            }
        }
        double[] realD = radii(real, kDc);
        long inside = 0;
        int covered = 0;
        for (int i = 0; i < real.length; i++) {
            boolean any = false;
            for (float[] y : fake) {
                if (dist(y, real[i]) < realD[i]) {
                    inside++;
                    any = true;
                }
            }
            covered += any ? 1 : 0;
        }
        return new Fidelity(precise / (double) fake.length, recalled / (double) real.length,
                inside / (double) kDc / fake.length, covered / (double) real.length, kPr, kDc);
    }

    private static double[] radii(float[][] x, int k) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                d[j] = dist(x[i], x[j]);
            }
            Arrays.sort(d);
            r[i] = d[k];
        }
        return r;
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (double) a[j] - b[j];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}

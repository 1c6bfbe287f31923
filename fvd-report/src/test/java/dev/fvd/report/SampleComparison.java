package dev.fvd.report;

import dev.fvd.core.metric.BootstrapMetric;
import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.FrechetMetric;
import dev.fvd.core.metric.InfinityMetric;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.MetricInput;
import dev.fvd.core.metric.PrdcMetric;
import dev.fvd.core.metric.PrdcResult;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.DatasetReport;
import dev.fvd.datasets.Datasets;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.SkippedInput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of the bundled sample data ({@code test-data/sample}), built the way a score run builds it: clips decoded by the
 * {@code datasets} module, one feature row per clip, the distances computed from those rows.
 *
 * <p>The features are a small hand-made descriptor (per 2×2 cell: mean RGB over the clip, and mean absolute frame-to-frame
 * change), not a network's: this fixture exercises the report, not the numbers of a protocol. Every number comes from
 * fvd-core's metrics, as in a score run.
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
        MetricInput realInput = MetricInput.ofFeatures(r, CovarianceDivisor.N_MINUS_ONE);
        MetricInput fakeInput = MetricInput.ofFeatures(f, CovarianceDivisor.N_MINUS_ONE);
        double value = new FrechetMetric().compute(realInput, fakeInput).value();
        int replicates = 200;
        long seed = 0;
        BootstrapResult ci = new BootstrapMetric(replicates, 0.95, seed, 1).compute(realInput, fakeInput);
        InfinityResult curve = new InfinityMetric(7, 12, seed).compute(realInput, fakeInput);
        PrdcResult prdc = new PrdcMetric(3, 5, 1).compute(realInput, fakeInput);
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
                new Headline(metric + "∞", curve.value(), null, "intercept of the subset curve"),
                new Headline("coverage", prdc.coverage(), null, "k = " + prdc.kDc()));
        return new Comparison(metric + " · sample real vs sample fake", media, media == MediaKind.VIDEO ? 16 : 1, 1, headlines,
                provenance, curve, ci, prdc, real.features(), fake.features(), skipped);
    }
}

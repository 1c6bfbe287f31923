package dev.fvd.report;

import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.PrdcResult;
import dev.fvd.core.metric.PrdcSamples;
import dev.fvd.datasets.MediaKind;
import dev.fvd.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The module's entry point: one {@link Comparison} in, one self-contained HTML file out (charts inline as SVG, sample frames
 * inline as JPEG {@code data:} URIs, no request to anything outside the file), and optionally each chart as its own SVG and
 * PNG file for a paper.
 *
 * <p>The report computes only what it draws: a 2-D PCA of at most {@value #MAX_PROJECTED} rows per side
 * ({@link PrincipalComponents}), each fake sample's distance to its nearest real one and the coverage flags
 * ({@link NearestNeighbours}, taken from the PRDC metric's per-sample values when it kept them), and the frame strips of the {@value #SHOWN} samples of each list.
 */
public final class HtmlReport {
    /** Samples shown per list (farthest, closest, uncovered). */
    public static final int SHOWN = 6;
    /** Rows per side drawn in the projection (an even subsample beyond this, so the page stays a few MB). */
    public static final int MAX_PROJECTED = 2000;
    /** k of the coverage misses when the comparison carries no density/coverage result (Naeem et al. 2020 use 5). */
    public static final int DEFAULT_COVERAGE_K = 5;

    private static final int CHART_WIDTH = 640;
    private static final int CHART_HEIGHT = 400;

    private HtmlReport() {
    }

    /** The page as a string. */
    public static String render(Comparison comparison) {
        return HtmlPage.render(comparison, views(comparison));
    }

    /**
     * Writes the page to {@code html} (with {@link AtomicFile}: an interrupted run leaves no partial page) and, when
     * {@code assets} is not {@code null}, each chart to {@code assets/<name>.svg} and {@code .png} (the folder is created).
     *
     * @throws dev.fvd.io.OutputFileException naming the file when the page or an asset cannot be written (missing or
     *                                        unwritable folder, a folder in the way, I/O failure)
     * @throws ReportException                naming the folder when the assets folder cannot be created
     */
    public static ReportFiles write(Comparison comparison, Path html, Path assets) {
        long start = System.nanoTime();
        HtmlPage.Views views = views(comparison);
        String page = HtmlPage.render(comparison, views);
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        writeAtomically(html, bytes);
        List<Path> written = new ArrayList<>();
        if (assets != null) {
            try {
                Files.createDirectories(assets);
            } catch (IOException e) {
                throw new ReportException(assets, "cannot create the report assets folder " + assets + ": " + e.getMessage(), e);
            }
            for (ChartImage chart : views.charts()) {
                Path svg = assets.resolve(chart.name() + ".svg");
                writeAtomically(svg, chart.svgDocument().getBytes(StandardCharsets.UTF_8));
                written.add(svg);
                Path png = assets.resolve(chart.name() + ".png");
                java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
                try {
                    chart.writePng(buffer);
                } catch (IOException e) {
                    throw new ReportException(png, "cannot draw " + png + ": " + e.getMessage(), e);
                }
                writeAtomically(png, buffer.toByteArray());
                written.add(png);
            }
        }
        return new ReportFiles(html, bytes.length, written, (System.nanoTime() - start) / 1e9);
    }

    static HtmlPage.Views views(Comparison c) {
        String metric = c.headlines().isEmpty() ? "distance" : c.headlines().get(0).name();
        List<ChartImage> charts = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        if (c.infinity() != null) {
            InfinityResult curve = c.infinity();
            charts.add(new ChartImage("subset-curve", Charts.subsetCurve(metric, curve), CHART_WIDTH, CHART_HEIGHT));
            captions.add(String.format(Locale.ROOT, "%s measured on %d subsets of the generated set (N = %d … %d, seed %d; real "
                            + "statistics from the whole real set) against 1/N. The distance is biased upwards at small N; the "
                            + "least-squares line meets 1/N = 0 at %s∞ = %s (Chong & Forsyth 2020).", metric,
                    curve.points().size(), curve.points().get(0).n(), curve.points().get(curve.points().size() - 1).n(),
                    curve.seed(), metric, HtmlPage.number(curve.value())));
        }
        if (c.bootstrap() != null) {
            BootstrapResult b = c.bootstrap();
            charts.add(new ChartImage("bootstrap", Charts.bootstrap(metric, c.bootstrap()), CHART_WIDTH, CHART_HEIGHT));
            captions.add(String.format(Locale.ROOT, "Both sets resampled with replacement %d times (seed %d), %s recomputed each "
                            + "time. The shaded band is the %.0f%% %s interval; the line is the value on the full sets.",
                    b.replicates(), b.seed(), metric, b.level() * 100, b.method().label()));
        }
        if (c.prdc() != null) {
            PrdcResult f = c.prdc();
            charts.add(new ChartImage("fidelity", Charts.fidelity(f), CHART_WIDTH, CHART_HEIGHT));
            captions.add("Precision: share of generated samples inside the real samples' k-NN balls (fidelity). Recall: share "
                    + "of real samples inside the generated samples' balls (diversity) (Kynkäänniemi et al. 2019, k = " + f.kPr()
                    + "). Density counts how many real balls hold each generated sample (1 ≈ as dense as real); coverage is "
                    + "the share of real samples with a generated sample in their ball (Naeem et al. 2020, k = " + f.kDc() + ").");
        }
        List<HtmlPage.SampleView> farthest = List.of();
        List<HtmlPage.SampleView> closest = List.of();
        List<HtmlPage.SampleView> uncovered = List.of();
        int uncoveredTotal = 0;
        int k = c.prdc() != null ? c.prdc().kDc() : DEFAULT_COVERAGE_K;
        String note = "";
        if (c.hasFeatures()) {
            float[][] realRows = evenSubsample(c.real().features(), MAX_PROJECTED);
            float[][] fakeRows = evenSubsample(c.fake().features(), MAX_PROJECTED);
            PrincipalComponents.Projection p = PrincipalComponents.project(realRows, fakeRows);
            charts.add(new ChartImage("projection", Charts.projection(p, realRows.length, fakeRows.length), CHART_WIDTH,
                    CHART_HEIGHT));
            captions.add(String.format(Locale.ROOT, "A 2-D linear projection (PCA of real and generated features pooled, centred, "
                            + "not scaled; d = %d). It keeps %.1f%% of the variance, so sets that overlap here may still differ in "
                            + "the other directions, which the distance sees.%s", c.real().dimension(),
                    (p.explained()[0] + p.explained()[1]) * 100,
                    realRows.length < c.real().count() || fakeRows.length < c.fake().count()
                            ? " An even subsample of " + MAX_PROJECTED + " rows per side is drawn and fitted." : ""));
            PrdcSamples given = c.prdc() == null ? null : c.prdc().samples();
            k = given != null ? k : Math.min(k, c.real().count() - 1);
            if (k >= 1) {
                NearestNeighbours.Result nn = given != null
                        ? NearestNeighbours.fromPrdc(c.real().features(), c.fake().features(), given, k)
                        : NearestNeighbours.compute(c.real().features(), c.fake().features(), k);
                Integer[] fakeOrder = order(nn.fakeToReal());
                farthest = views(c, c.fake(), reversed(fakeOrder), nn.fakeToReal(), "distance to nearest real sample");
                closest = views(c, c.fake(), Arrays.asList(fakeOrder), nn.fakeToReal(), "distance to nearest real sample");
                List<Integer> misses = new ArrayList<>();
                for (Integer i : reversed(order(nn.realToFake()))) {
                    if (!nn.covered()[i]) {
                        misses.add(i);
                    }
                }
                uncoveredTotal = misses.size();
                uncovered = views(c, c.real(), misses, nn.realToFake(), "distance to nearest generated sample");
            }
            if (c.real().samples().isEmpty() || c.fake().samples().isEmpty()) {
                note = "The features carry no sources, so no frames can be shown.";
            }
        }
        String generated = "Made by fvd " + c.provenance().toolVersion() + " on " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ". Charts drawn by JFreeChart as SVG (Apache Batik); each can be saved on its own with --report-assets DIR. "
                + "This file is self-contained: it loads nothing from the network or from disk.";
        return new HtmlPage.Views(charts, captions, farthest, closest, uncovered, uncoveredTotal, k, note, generated);
    }

    private static List<HtmlPage.SampleView> views(Comparison c, SideFeatures side, List<Integer> order, double[] measure,
                                                    String what) {
        List<HtmlPage.SampleView> rows = new ArrayList<>();
        for (int r = 0; r < Math.min(SHOWN, order.size()); r++) {
            int i = order.get(r);
            Sample sample = side.samples().isEmpty() ? new Sample(side.label() + " row " + i, 0) : side.samples().get(i);
            FrameStrips.Strip strip = side.samples().isEmpty() ? FrameStrips.Strip.missing("no source recorded for row " + i)
                    : FrameStrips.of(sample, c.media(), c.media() == MediaKind.VIDEO ? c.frames() : 1, c.stride());
            rows.add(new HtmlPage.SampleView(r + 1, sample, strip, String.format(Locale.ROOT, "%s %s · row %d", what,
                    HtmlPage.number(measure[i]), i)));
        }
        return rows;
    }

    /** Indices by increasing value; ties by index (deterministic). */
    private static Integer[] order(double[] values) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> values[i]).thenComparing(i -> i)).toArray(Integer[]::new);
    }

    private static List<Integer> reversed(Integer[] order) {
        List<Integer> list = new ArrayList<>(Arrays.asList(order));
        java.util.Collections.reverse(list);
        return list;
    }

    private static float[][] evenSubsample(float[][] rows, int max) {
        if (rows.length <= max) {
            return rows;
        }
        float[][] out = new float[max][];
        for (int i = 0; i < max; i++) {
            out[i] = rows[(int) ((long) i * rows.length / max)];
        }
        return out;
    }

    private static void writeAtomically(Path target, byte[] bytes) {
        AtomicFile.write(target, out -> out.write(bytes));
    }
}

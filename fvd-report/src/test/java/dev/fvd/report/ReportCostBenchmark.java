package dev.fvd.report;

import dev.fvd.datasets.MediaKind;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints what building a report costs, phase by phase, on the bundled sample videos (a command, not a test):
 * {@code java -cp … dev.fvd.report.ReportCostBenchmark [repeats]}. The first round includes class loading and font setup.
 */
public final class ReportCostBenchmark {
    private ReportCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Comparison c = SampleComparison.videos();
        Path out = Files.createTempDirectory("fvd-report-cost");
        for (int round = 0; round < repeats; round++) {
            long t0 = System.nanoTime();
            PrincipalComponents.project(c.real().features(), c.fake().features());
            long t1 = System.nanoTime();
            NearestNeighbours.compute(c.real().features(), c.fake().features(), 5);
            long t2 = System.nanoTime();
            for (int i = 0; i < 3 * HtmlReport.SHOWN; i++) {
                FrameStrips.of(c.fake().samples().get(i % c.fake().count()), MediaKind.VIDEO, 16, 1);
            }
            long t3 = System.nanoTime();
            for (ChartImage chart : HtmlReport.views(c).charts()) {
                chart.svgElement();
            }
            long t4 = System.nanoTime();
            ReportFiles files = HtmlReport.write(c, out.resolve("report.html"), null);
            long t5 = System.nanoTime();
            System.out.printf("round %d: pca %.3f s · nearest neighbours %.3f s · %d strips %.3f s · views+svg %.3f s · whole write %.3f s (%d bytes)%n",
                    round, (t1 - t0) / 1e9, (t2 - t1) / 1e9, 3 * HtmlReport.SHOWN, (t3 - t2) / 1e9, (t4 - t3) / 1e9,
                    (t5 - t4) / 1e9, files.bytes());
        }
    }
}

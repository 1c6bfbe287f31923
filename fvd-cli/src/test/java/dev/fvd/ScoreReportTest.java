package dev.fvd;

import dev.fvd.cli.FvdRunAccess;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.Datasets;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.report.Comparison;
import dev.fvd.report.HtmlReport;
import dev.fvd.report.ReportFiles;
import dev.fvd.report.Sample;
import dev.fvd.report.SideFeatures;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of a score run on the bundled sample videos with the slim I3D fixture: what {@code fvd score --report} is to
 * write (features kept with the source of each row, metrics computed from them).
 */
class ScoreReportTest {
    static final Path REAL = FvdRunAccess.root().resolve("test-data/sample/videos/real");
    static final Path FAKE = FvdRunAccess.root().resolve("test-data/sample/videos/fake");
    static final Path I3D = FvdRunAccess.root().resolve("test-data/models/i3d-slim-random.onnx");
    /** 16 first frames of the first 12 videos per side (enough for 6 farthest + 6 closest, and quick). */
    static final ClipSampling SAMPLING = new ClipSampling(16, 1, OffsetPolicy.FIRST, 0, 1, 12);

    @Test
    void scoreRunReportShowsTheRunsNumbersProvenanceAndFrames() throws Exception {
        try (FvdEvaluator fvd = Fvd.builder().model(I3D).sampling(SAMPLING).batchSize(4).build()) {
            ScoreResult result = fvd.score(Source.dataset(REAL), Source.dataset(FAKE));
            SideFeatures real = new SideFeatures("real", fvd.features(Source.dataset(REAL)), sources(REAL));
            SideFeatures fake = new SideFeatures("fake", fvd.features(Source.dataset(FAKE)), sources(FAKE));
            Comparison c = ComparisonReports.of(result, real, fake, CovarianceDivisor.N_MINUS_ONE,
                    new ComparisonReports.Settings(100, 0.95, 0, 1));
            assertThat(c.headlines().get(0).value()).isEqualTo(result.value());
            assertThat(c.provenance().canonical()).isFalse();
            Path out = Path.of("target/score-report").toAbsolutePath();
            Files.createDirectories(out);
            ReportFiles files = HtmlReport.write(c, out.resolve("sample-i3d-slim.html"), null);
            String page = Files.readString(files.html());
            assertThat(page).contains("FVD").contains("FVD∞").contains("95% CI").contains("not canonical")
                    .contains(result.model().sha256()).contains("fake_").contains("id=\"fidelity\"");
            assertThat(page.split("<img class=\"thumb\"", -1).length - 1).isGreaterThanOrEqualTo(2 * HtmlReport.SHOWN);
        }
    }

    /** The source of each clip, in the dataset's order (one clip per video, from frame 0). */
    private static List<Sample> sources(Path dir) {
        List<Sample> samples = new ArrayList<>();
        try (ClipStream clips = Datasets.open(dir, DatasetOptions.videos().withSampling(SAMPLING))) {
            while (clips.hasNext()) {
                samples.add(new Sample(clips.next().source(), 0));
            }
        }
        return samples;
    }
}

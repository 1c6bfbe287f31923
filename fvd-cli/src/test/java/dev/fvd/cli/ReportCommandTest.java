package dev.fvd.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fvd report REAL FAKE -o report.html}: remade from saved features or statistics, no extraction. */
class ReportCommandTest {
    static final Path REAL = testData("report", "real.npy");
    static final Path FAKE = testData("report", "fake.npy");

    @Test
    void rawFeaturesGiveTheFullReportAndEachChartOnItsOwn(@TempDir Path home) throws Exception {
        Path html = home.resolve("report.html");
        Path assets = home.resolve("figures");
        FvdRun run = fvd(home, "report", REAL.toString(), FAKE.toString(), "-o", html.toString(), "--bootstrap", "50",
                "--report-assets", assets.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().trim()).isEqualTo(html.toString());
        assertThat(run.err()).contains("report: " + html);
        String page = Files.readString(html);
        assertThat(page).contains("FD∞").contains("95% CI").contains("id=\"bootstrap\"").contains("id=\"subset-curve\"")
                .contains("id=\"projection\"").contains("id=\"farthest\"").contains("coverage").contains("the inputs carry no provenance");
        try (var files = Files.list(assets)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("subset-curve.svg",
                    "subset-curve.png", "bootstrap.svg", "bootstrap.png", "fidelity.svg", "fidelity.png", "projection.svg",
                    "projection.png");
        }
    }

    @Test
    void featuresOfFvdFeaturesAreTracedToTheirVideos(@TempDir Path home) throws Exception {
        String model = testData("models", "i3d-slim-random.onnx").toString();
        Path realNpz = home.resolve("real.npz");
        Path fakeNpy = home.resolve("fake.npy");
        for (String[] side : new String[][] {{"real", realNpz.toString()}, {"fake", fakeNpy.toString()}}) {
            FvdRun made = fvd(home, "features", testData("sample", "videos", side[0]).toString(), "-o", side[1], "--model", model,
                    "--max-videos", "8", "-q");
            assertThat(made.exitCode()).as(made.toString()).isZero();
        }
        Path html = home.resolve("traced.html");
        FvdRun run = fvd(home, "report", realNpz.toString(), fakeNpy.toString(), "-o", html.toString(), "--bootstrap", "20");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("FVD").contains("test-data/sample/videos/fake/fake_0").contains("from the start of its video");
        assertThat(page.split("<img class=\"thumb\"", -1).length - 1).as("frame strips").isGreaterThanOrEqualTo(12);
    }

    @Test
    void statisticsOnlyGiveTheDistanceAndSayWhatIsMissing(@TempDir Path home) throws Exception {
        Path html = home.resolve("stats.html");
        FvdRun run = fvd(home, "report", testData("cli", "pytorch_fid_a.npz").toString(),
                testData("cli", "clean_fid_b.npz").toString(), "-o", html.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(html)).contains("statistics only").doesNotContain("<svg ");
    }

    @Test
    void aFileThatIsNeitherFeaturesNorStatsIsBadInputNamedInTheMessage(@TempDir Path home) throws Exception {
        Path bad = Files.writeString(home.resolve("bad.npy"), "not an array");
        FvdRun run = fvd(home, "report", bad.toString(), FAKE.toString(), "-o", home.resolve("r.html").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains(bad.toString());
        assertThat(home.resolve("r.html")).doesNotExist();
    }
}

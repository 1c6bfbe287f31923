package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fvd score … --report report.html}: the run's own numbers, computed once, shown with the frames of its videos. */
class ScoreReportCommandTest {

    @Test
    void aScoreRunWritesItsReportWithTheNumbersOfItsJsonAndFramesOfItsVideos(@TempDir Path home) throws Exception {
        Path html = home.resolve("report.html");
        Path assets = home.resolve("figures");
        FvdRun run = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--model", testData("models", "i3d-slim-random.onnx").toString(),
                "--frames", "10", "--max-videos", "12", "--bootstrap", "40", "--json", "--report", html.toString(),
                "--report-assets", assets.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("report: " + html);
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        // --report adds what the page shows to the run itself: ∞ fit and PRDC are in the JSON too, the bootstrap is the one asked
        assertThat(json.has("infinity")).isTrue();
        assertThat(json.has("precision")).isTrue();
        assertThat(json.getAsJsonObject("ci").get("B").getAsInt()).isEqualTo(40);
        String page = Files.readString(html);
        String low = String.format(java.util.Locale.ROOT, "%.4g", json.getAsJsonObject("ci").get("low").getAsDouble());
        assertThat(page).contains("FVD").contains("FVD∞").contains("95% CI").contains("not canonical")
                .contains(json.getAsJsonObject("model").get("sha256").getAsString())
                .contains("test-data/sample/videos/fake/fake_0").contains(low.substring(0, 4));
        assertThat(page.split("<img class=\"thumb\"", -1).length - 1).as("frame strips").isGreaterThanOrEqualTo(12);
        try (var files = Files.list(assets)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("bootstrap.svg", "bootstrap.png");
        }
    }

    @Test
    void reportAssetsWithoutAReportIsAUsageError(@TempDir Path home) {
        FvdRun run = fvd(home, "score", "a", "b", "--report-assets", home.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--report-assets needs --report");
    }

    @Test
    void anUnwritableReportPathFailsBeforeAnyExtraction(@TempDir Path home) {
        FvdRun run = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--model", testData("models", "i3d-slim-random.onnx").toString(),
                "--report", home.resolve("missing/report.html").toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("missing");
    }
}

package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's report: {@code --metrics} and {@code --bootstrap} add their results under the stable JSON keys and to the human
 * line; {@code fvd distance --metric} labels foreign stats files (issue 15 item 6).
 */
class MeasuresCommandTest {
    @TempDir
    Path home;

    @Test
    void bootstrapAndInfinityAppearUnderTheirKeysAndInTheHumanLine() {
        FvdRun run = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--model",
                testData("models", "i3d-slim-random.onnx").toString(), "--frames", "10", "--max-videos", "8",
                "--metrics", "fd,infinity", "--bootstrap", "40", "--confidence", "0.9", "--seed", "3", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        double value = json.get("value").getAsDouble();
        JsonObject ci = json.getAsJsonObject("ci");
        assertThat(ci.get("level").getAsDouble()).isEqualTo(0.9);
        assertThat(ci.get("B").getAsInt()).isEqualTo(40);
        assertThat(ci.get("seed").getAsLong()).isEqualTo(3);
        assertThat(ci.get("low").getAsDouble()).isLessThanOrEqualTo(ci.get("high").getAsDouble());
        JsonObject infinity = json.getAsJsonObject("infinity");
        assertThat(infinity.get("points").getAsJsonArray()).hasSize(15);
        assertThat(infinity.get("points").getAsJsonArray().get(14).getAsJsonArray().get(0).getAsInt()).isEqualTo(8);
        assertThat(infinity.has("slope")).isTrue();
        assertThat(json.has("kernel")).isFalse();
        assertThat(run.err()).containsPattern("FVD = [0-9.]+ \\(90% CI [0-9.e+-]+–[0-9.e+-]+, B=40\\) · FVD∞ = [0-9.e+-]+");
        assertThat(value).isPositive();
    }

    @Test
    void imagesGetTheInceptionScorePrdcAndJediUnderTheirKeys() {
        FvdRun run = fvd(home, "score", testData("sample", "images", "real").toString(),
                testData("sample", "images", "fake").toString(), "--metric", "fid", "--model",
                testData("models", "inception-slim-random.onnx").toString(), "--metrics", "is,prdc,jedi", "--k-pr", "2",
                "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        JsonObject is = json.getAsJsonObject("inception_score");
        assertThat(is.get("splits").getAsInt()).isEqualTo(10);
        assertThat(is.get("mean").getAsDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(is.get("std").getAsDouble()).isNotNegative();
        for (String key : new String[] {"precision", "recall", "density", "coverage"}) {
            assertThat(json.get(key).getAsDouble()).as(key).isNotNegative();
        }
        assertThat(json.get("k_pr").getAsInt()).isEqualTo(2);
        assertThat(json.get("k_dc").getAsInt()).isEqualTo(5);
        assertThat(json.get("jedi").getAsDouble()).isFinite();
        assertThat(run.err()).contains("· IS = ").contains("precision").contains("(k=2)").contains("coverage")
                .contains("· JEDi = ");
    }

    @Test
    void anUnknownMeasureIsAUsageError() {
        FvdRun run = fvd(home, "score", "a", "b", "--metrics", "fd,nope");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("unknown measure 'nope'");
    }

    @Test
    void theInceptionScoreOfVideosIsAUsageError() {
        FvdRun run = fvd(home, "score", "a", "b", "--metrics", "is");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("Inception Score").contains("(--metrics is)");
    }

    @Test
    void distanceOfForeignStatsTakesTheMetricForItsLabel() {
        Path a = testData("cli", "pytorch_fid_a.npz");
        Path b = testData("cli", "clean_fid_b.npz");
        FvdRun asFvd = fvd(home, "distance", a.toString(), b.toString(), "--metric", "fvd", "--json");
        assertThat(asFvd.exitCode()).as(asFvd.toString()).isZero();
        assertThat(JsonParser.parseString(asFvd.out()).getAsJsonObject().get("metric").getAsString()).isEqualTo("fvd");
        assertThat(asFvd.err()).contains("FVD = ");
        FvdRun asFid = fvd(home, "distance", a.toString(), b.toString(), "--metric", "fid", "--json");
        assertThat(JsonParser.parseString(asFid.out()).getAsJsonObject().get("metric").getAsString()).isEqualTo("fid");
    }
}

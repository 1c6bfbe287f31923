package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/** What a person (or a jq pipeline) sees: stdout holds only machine output, failures too; messages count right. */
class HonestOutputTest {
    static final Path REAL = testData("sample", "videos", "real");
    static final String MODEL = testData("models", "i3d-slim-random.onnx").toString();

    @TempDir
    Path work;

    private FvdRun fvdOnATerminal(String... args) {
        Map<String, String> env = new HashMap<>(Map.of("FVD_HOME", work.resolve("store").toString(), "FVD_OFFLINE", "1"));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = FvdCommandLine.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                Environment.of(env, true), args);
        return new FvdRun(code, out.toString(), err.toString());
    }

    private Path videos(int n) throws IOException {
        Path dir = Files.createDirectories(work.resolve("videos" + n));
        for (int i = 0; i < n; i++) {
            Files.copy(REAL.resolve(String.format("real_%02d.mp4", i)), dir.resolve(String.format("real_%02d.mp4", i)));
        }
        return dir;
    }

    @Test
    void progressGoesToStandardErrorOnlyEvenOnATerminal() throws IOException {
        Path out = work.resolve("s.npz");
        FvdRun run = fvdOnATerminal("stats", videos(3).toString(), "-o", out.toString(), "--json", "--model", MODEL,
                "--frames", "10");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonParser.parseString(run.out()).getAsJsonObject();  // stdout is exactly one JSON object
        assertThat(run.out()).doesNotContain("\r").doesNotContain("extracting");
        assertThat(run.err()).contains("\r").contains("/3");  // the bar, with the total of the folder
    }

    @Test
    void jsonFailureIsOneJsonObjectOnStandardOutputNamingTheFile() throws IOException {
        Path bad = Files.writeString(work.resolve("bad.npz"), "not a zip");
        FvdRun run = fvd(work, "distance", bad.toString(), bad.toString(), "--json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        JsonObject error = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("exit_code").getAsInt()).isEqualTo(3);
        assertThat(error.get("kind").getAsString()).isEqualTo("bad_input");
        assertThat(error.get("message").getAsString()).contains("bad.npz");
        assertThat(error.get("file").getAsString()).isEqualTo(bad.toString());
        assertThat(run.err()).contains("fvd: ").contains("bad.npz");
    }

    @Test
    void jsonUsageErrorIsAJsonObjectToo() {
        FvdRun run = fvd(work, "score", "a", "b", "--json", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(2);
        JsonObject error = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("kind").getAsString()).isEqualTo("usage");
        assertThat(error.get("file").isJsonNull()).isTrue();
    }

    @Test
    void withoutJsonAFailurePrintsNothingOnStandardOutput() throws IOException {
        Path bad = Files.writeString(work.resolve("bad.npz"), "not a zip");
        FvdRun run = fvd(work, "distance", bad.toString(), bad.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theGateIsFailAboveAndMaxIsNoLongerAnOption() {
        FvdRun run = fvd(work, "score", "a", "b", "--max", "2048");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--max");
        assertThat(fvd(work, "score", "--help").out()).contains("--fail-above").doesNotContain("--max=").doesNotContain("--max ");
        assertThat(fvd(work, "distance", "--help").out()).contains("--fail-above");
    }

    @Test
    void featuresOfOneClipAreAOneRowMatrixAndMessagesSayOneClip() throws IOException {
        Path out = work.resolve("one.npy");
        FvdRun run = fvd(work, "features", videos(1).toString(), "-o", out.toString(), "--model", MODEL, "--frames", "10");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        float[][] features = Npy.readFloatMatrix(out);
        assertThat(features.length).isEqualTo(1);
        assertThat(features[0]).hasSize(400);
        assertThat(run.err()).contains("1 clip in").doesNotContain("1 clips");
    }

    @Test
    void statsOfOneClipStillNeedTwo() throws IOException {
        FvdRun run = fvd(work, "stats", videos(1).toString(), "-o", work.resolve("one.npz").toString(), "--model", MODEL,
                "--frames", "10");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("1 clip gave features; a covariance needs at least 2");
    }

    @Test
    void aSkippedFileIsNamedOnce() throws IOException {
        Path dir = videos(3);
        Path bad = Files.writeString(dir.resolve("broken.mp4"), "not a video");
        FvdRun run = fvd(work, "stats", dir.toString(), "-o", work.resolve("s.npz").toString(), "--model", MODEL,
                "--frames", "10", "--on-bad-input", "skip");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Matcher m = Pattern.compile(Pattern.quote(bad.toString())).matcher(run.err());
        int times = 0;
        while (m.find()) {
            times++;
        }
        assertThat(times).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("3 clips from");
    }

    @Test
    void outputPathsAreCheckedBeforeAnyExtraction() throws IOException {
        Path dir = videos(2);
        FvdRun folder = fvd(work, "features", dir.toString(), "-o", work.toString(), "--model", MODEL, "--frames", "10");
        assertThat(folder.exitCode()).as(folder.toString()).isEqualTo(2);
        assertThat(folder.err()).contains("is a folder").doesNotContain("extracting");
        Path missing = work.resolve("no-such-folder").resolve("s.npz");
        FvdRun parent = fvd(work, "stats", dir.toString(), "-o", missing.toString(), "--model", MODEL, "--frames", "10");
        assertThat(parent.exitCode()).as(parent.toString()).isEqualTo(2);
        assertThat(parent.err()).contains("does not exist").doesNotContain("extracting");
        Path file = Files.writeString(work.resolve("a-file"), "x");
        FvdRun save = fvd(work, "score", dir.toString(), dir.toString(), "--save-stats", file.toString(), "--model", MODEL,
                "--frames", "10", "--json");
        assertThat(save.exitCode()).as(save.toString()).isEqualTo(2);
        assertThat(save.err()).contains("a-file").doesNotContain("extracting");
        assertThat(JsonParser.parseString(save.out()).getAsJsonObject().getAsJsonObject("error").get("file").getAsString())
                .isEqualTo(file.toString());
    }
}

package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fvd score --metric fid} end to end on the bundled sample images ({@code test-data/sample/images}) decoded by ImageIO and
 * run through ONNX Runtime on the slim random-weight FID-Inception fixture ({@code test-data/models/inception-slim-random.onnx}).
 */
class ImageScoringTest {
    static final Path REAL = testData("sample", "images", "real");
    static final Path FAKE = testData("sample", "images", "fake");
    static final String MODEL = testData("models", "inception-slim-random.onnx").toString();

    @TempDir
    Path home;

    @Test
    void fidWithKidOnImageFolders() {
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--metric", "fid", "--model", MODEL, "--json",
                "--kernel", "--kernel-subset-size", "10", "--kernel-subsets", "5", "--max-images", "12");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(json.get("metric").getAsString()).isEqualTo("fid");
        assertThat(json.get("value").getAsDouble()).isPositive();
        JsonObject protocol = json.getAsJsonObject("protocol");
        assertThat(protocol.get("name").getAsString()).isEqualTo("ttur");
        assertThat(protocol.get("size").getAsInt()).isEqualTo(299);
        assertThat(protocol.get("frames").getAsInt()).isEqualTo(1);
        assertThat(protocol.get("input_scale").getAsDouble()).isEqualTo(1.0 / 128);
        assertThat(json.getAsJsonObject("real").get("count").getAsLong()).isEqualTo(12);
        assertThat(json.getAsJsonObject("kernel").get("metric").getAsString()).isEqualTo("kid");
        assertThat(json.getAsJsonObject("model").get("id").getAsString()).isEqualTo("custom");
        assertThat(json.getAsJsonObject("model").getAsJsonObject("metadata").get("fvd.model_id").getAsString())
                .isEqualTo("inception-slim-random");
        assertThat(run.err()).contains("FID = ").contains("12 images");
    }

    @Test
    void aFixtureConvertedForOneProtocolIsRefusedForAnother() {
        // the fixture's graph carries the ttur preprocessing; asking for clean-fid must not silently run ttur
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--metric", "fid", "--model", MODEL,
                "--protocol", "clean", "--max-images", "4");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("built for protocol 'ttur'").contains("'clean'");
    }

    @Test
    void aCorruptImageIsBadInputNamingTheFile() throws IOException {
        Path bad = Files.createDirectories(home.resolve("bad"));
        Files.copy(REAL.resolve("real_00.png"), bad.resolve("a.png"));
        Files.writeString(bad.resolve("b.png"), "this is not a png");
        FvdRun run = fvd(home, "score", REAL.toString(), bad.toString(), "--metric", "fid", "--model", MODEL,
                "--max-images", "4");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("b.png").doesNotContain("\tat ");
    }

    @Test
    void aVideoModelForFidIsAnInvalidModel() {
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--metric", "fid", "--model",
                testData("models", "i3d-slim-random.onnx").toString(), "--max-images", "2");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
    }
}

package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.Protocols;
import dev.fvd.features.i3d.I3dGraph;
import dev.fvd.features.inception.FidInceptionGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Golden end-to-end numbers: {@code fvd score} on the bundled sample videos and images, for every protocol, equals the
 * reference pipeline of {@code test-data/e2e/make_expected.py} (ffmpeg command line decode or PIL, the reference networks in
 * float64 PyTorch with the same slim seeded weights, numpy statistics with the protocol's divisor, pytorch-fid's
 * {@code calculate_frechet_distance} with scipy) to 1e-5 relative. A protocol wired to the wrong resize, crop, value range,
 * BatchNorm eps or covariance divisor, or a decoder that converts colours differently, moves the value far more than that.
 */
class GoldenScoreTest {
    static final JsonObject EXPECTED;

    static {
        try {
            EXPECTED = JsonParser.parseString(Files.readString(testData("e2e", "expected.json"))).getAsJsonObject()
                    .getAsJsonObject("protocols");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"tf", "stylegan-v", "videogpt", "cd-fvd-i3d-folder", "ttur", "pytorch-fid", "clean"})
    void scoreOfTheSampleDataEqualsTheReferencePipeline(String protocol) throws IOException {
        JsonObject expected = EXPECTED.getAsJsonObject(protocol);
        String kind = expected.get("inputs").getAsString().endsWith("videos") ? "videos" : "images";
        Path model = slimModel(protocol, kind);
        // a protocol never switches the metric; the generator decodes the first 16 frames of every video, so StyleGAN-V's
        // random REAL offsets and cd-FVD's draw are set to the first frame here (their sampling is tested in LibraryTest and
        // datasets' CdFvdFolderSamplingTest); cd-fvd-i3d-folder keeps cd-FVD's folder frames (256² antialiased, .byte())
        FvdRun run = fvd(Files.createDirectories(work.resolve("store")), "score",
                testData("sample", kind, "real").toString(), testData("sample", kind, "fake").toString(),
                "--protocol", protocol, "--metric", Protocols.named(protocol).metric().id(), "--offset", "first",
                "--model", model.toString(), "--json", "--quiet");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(json.getAsJsonObject("protocol").get("name").getAsString()).isEqualTo(protocol);
        assertThat(json.getAsJsonObject("protocol").get("covariance_divisor").getAsString())
                .isEqualTo(expected.get("covariance_divisor").getAsString());
        assertThat(json.getAsJsonObject("real").get("count").getAsLong()).isEqualTo(expected.get("real_count").getAsLong());
        assertThat(json.getAsJsonObject("fake").get("count").getAsLong()).isEqualTo(expected.get("fake_count").getAsLong());
        double want = expected.get("value").getAsDouble();
        assertThat(json.get("value").getAsDouble()).as(protocol).isCloseTo(want, within(1e-5 * Math.abs(want)));
    }

    /** The slim fixture network built for the protocol (the committed fixtures are tf and ttur builds). */
    private Path slimModel(String protocol, String kind) throws IOException {
        Path out = work.resolve(protocol + ".onnx");
        byte[] onnx = kind.equals("videos")
                ? I3dGraph.importI3d(testData("i3d", "slim", "model.ckpt.index"),
                        testData("i3d", "slim", "model.ckpt.data-00000-of-00001"), Protocols.named(protocol).extraction(),
                        "i3d-slim-random", false)
                : FidInceptionGraph.importFidInception(testData("inception", "inception-slim-random.pth"),
                        Protocols.named(protocol).extraction(), "inception-slim-random");
        return Files.write(out, onnx);
    }
}

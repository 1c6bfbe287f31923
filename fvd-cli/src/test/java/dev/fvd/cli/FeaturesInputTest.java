package dev.fvd.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 10 "Inputs": raw features are a first-class REAL/FAKE input (a float {@code .npy} [N, d]), and {@code fvd features}
 * records which source each row came from.
 */
class FeaturesInputTest {
    static final String[] CLIPS = {"--model", testData("models", "i3d-slim-random.onnx").toString(), "--frames", "10",
            "--max-videos", "6"};

    @TempDir
    static Path work;

    static Path realNpy;
    static Path fakeNpz;

    @BeforeAll
    static void extract() {
        realNpy = work.resolve("real.npy");
        fakeNpz = work.resolve("fake.npz");
        FvdRun r = fvd(work, concat(new String[] {"features", testData("sample", "videos", "real").toString(), "-o",
                realNpy.toString()}, CLIPS));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        FvdRun f = fvd(work, concat(new String[] {"features", testData("sample", "videos", "fake").toString(), "-o",
                fakeNpz.toString()}, CLIPS));
        assertThat(f.exitCode()).as(f.toString()).isZero();
    }

    @Test
    void featuresRecordTheStartFrameOfEachRandomlyPlacedClip() throws IOException {
        Path out = work.resolve("random-offsets.npy");
        FvdRun run = fvd(work, concat(new String[] {"features", testData("sample", "videos", "real").toString(), "-o",
                out.toString(), "--offset", "random", "--seed", "3"}, CLIPS));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonArray sidecar = JsonParser.parseString(Files.readString(work.resolve("random-offsets.npy.sources.json")))
                .getAsJsonArray();
        List<Integer> offsets = new ArrayList<>();
        sidecar.forEach(e -> offsets.add(e.getAsJsonObject().get("offset").getAsInt()));
        assertThat(offsets).hasSize(6).allSatisfy(o -> assertThat(o).isNotNegative()).anySatisfy(o -> assertThat(o).isPositive());
    }

    @Test
    void featuresRecordTheSourceOfEveryRow() throws IOException {
        JsonArray sidecar = JsonParser.parseString(Files.readString(work.resolve("real.npy.sources.json"))).getAsJsonArray();
        assertThat(sidecar).hasSize(6);
        JsonObject first = sidecar.get(0).getAsJsonObject();
        assertThat(first.get("path").getAsString()).endsWith("real_00.mp4");
        assertThat(first.get("clip").getAsLong()).isZero();
        assertThat(first.get("offset").getAsInt()).isZero(); // tf: every clip starts at the first frame
        assertThat(sidecar.get(5).getAsJsonObject().get("path").getAsString()).endsWith("real_05.mp4");
        try (var zip = new java.util.zip.ZipFile(fakeNpz.toFile())) {
            assertThat(zip.getEntry("features.npy")).isNotNull();
            assertThat(zip.getEntry("sources.npy")).isNotNull();
        }
        FvdRun fromNpz = fvd(work, "score", realNpy.toString(), fakeNpz.toString(), "--json");
        assertThat(fromNpz.exitCode()).as(fromNpz.toString()).isZero();
        assertThat(JsonParser.parseString(fromNpz.out()).getAsJsonObject().getAsJsonObject("fake").get("kind").getAsString())
                .isEqualTo("features");
    }

    @Test
    void aFeatureMatrixScoresLikeTheDatasetItCameFrom() {
        Path fakeNpy = work.resolve("fake.npy");
        FvdRun f = fvd(work, concat(new String[] {"features", testData("sample", "videos", "fake").toString(), "-o",
                fakeNpy.toString()}, CLIPS));
        assertThat(f.exitCode()).as(f.toString()).isZero();
        FvdRun fromFeatures = fvd(work, "score", realNpy.toString(), fakeNpy.toString(), "--json");
        assertThat(fromFeatures.exitCode()).as(fromFeatures.toString()).isZero();
        FvdRun fromVideos = fvd(work, concat(new String[] {"score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--json"}, CLIPS));
        JsonObject a = JsonParser.parseString(fromFeatures.out()).getAsJsonObject();
        JsonObject b = JsonParser.parseString(fromVideos.out()).getAsJsonObject();
        assertThat(a.get("value").getAsDouble()).isCloseTo(b.get("value").getAsDouble(),
                within(1e-9 * b.get("value").getAsDouble()));
        assertThat(a.getAsJsonObject("real").get("kind").getAsString()).isEqualTo("features");
        assertThat(a.getAsJsonObject("real").get("count").getAsLong()).isEqualTo(6);
        assertThat(fromFeatures.err()).contains("holds raw features");
    }

    @Test
    void featuresOfAnotherDimensionAreRefused() throws IOException {
        Path narrow = work.resolve("narrow.npy");
        dev.fvd.io.Npy.write(narrow, new float[][] {{1, 2}, {3, 4}, {5, 7}});
        FvdRun run = fvd(work, "score", realNpy.toString(), narrow.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("400-d").contains("2-d");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

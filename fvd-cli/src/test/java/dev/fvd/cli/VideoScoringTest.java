package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.Protocols;
import dev.fvd.features.i3d.I3dGraph;
import dev.fvd.io.Npy;
import dev.fvd.core.io.StatsFile;
import dev.fvd.core.io.StoredStatistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code fvd score}, {@code stats}, {@code distance} and {@code features} end to end on the bundled sample videos
 * ({@code test-data/sample/videos}), decoded by FFmpeg and run through ONNX Runtime on the slim random-weight I3D fixture
 * ({@code test-data/models/i3d-slim-random.onnx}). Few videos and 10 frames keep it quick; extraction results are shared
 * between tests through stats files computed once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoScoringTest {
    static final Path REAL = testData("sample", "videos", "real");
    static final Path FAKE = testData("sample", "videos", "fake");
    static final String MODEL = testData("models", "i3d-slim-random.onnx").toString();
    /** Clip settings of every run here: the fixture needs ≥ 9 frames; 8 videos per side. */
    static final String[] CLIPS = {"--model", MODEL, "--frames", "10", "--max-videos", "8", "--batch", "3"};

    @TempDir
    static Path work;
    Path home;
    FvdRun folders;
    Path realStats;
    Path fakeStats;

    @BeforeAll
    void scoreTheFoldersAndSaveTheirStats() throws IOException {
        home = Files.createDirectories(work.resolve("empty-store"));
        folders = fvd(home, concat(new String[] {"score", REAL.toString(), FAKE.toString(), "--json", "--kernel",
                "--kernel-subset-size", "6", "--kernel-subsets", "20"}, CLIPS));
        realStats = work.resolve("real.npz");
        fakeStats = work.resolve("fake.npz");
        FvdRun r = fvd(home, concat(new String[] {"stats", REAL.toString(), "-o", realStats.toString(), "--keep-features"}, CLIPS));
        FvdRun f = fvd(home, concat(new String[] {"stats", FAKE.toString(), "-o", fakeStats.toString(), "--keep-features"}, CLIPS));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(f.exitCode()).as(f.toString()).isZero();
    }

    @Test
    void scoreOnFoldersPrintsOneJsonReportWithEveryField() {
        assertThat(folders.exitCode()).as(folders.toString()).isZero();
        JsonObject json = JsonParser.parseString(folders.out()).getAsJsonObject();
        assertThat(json.keySet()).containsExactlyInAnyOrder("metric", "value", "protocol", "model", "real", "fake", "kernel",
                "tool_version", "elapsed_s");
        assertThat(json.get("metric").getAsString()).isEqualTo("fvd");
        assertThat(json.get("value").getAsDouble()).isPositive().isFinite();
        JsonObject protocol = json.getAsJsonObject("protocol");
        assertThat(protocol.get("name").getAsString()).isEqualTo("tf");
        assertThat(protocol.get("resize").getAsString()).isEqualTo("tf1-bilinear");
        assertThat(protocol.get("frames").getAsInt()).isEqualTo(10);
        assertThat(protocol.get("stride").getAsInt()).isEqualTo(1);
        assertThat(protocol.get("offset").getAsString()).isEqualTo("first");
        assertThat(protocol.get("seed").getAsLong()).isZero();
        assertThat(protocol.get("covariance_divisor").getAsString()).isEqualTo("n-1");
        assertThat(protocol.get("reference").getAsString()).contains("frechet_video_distance.py");
        JsonObject model = json.getAsJsonObject("model");
        assertThat(model.get("id").getAsString()).as("a model file given by path is custom").isEqualTo("custom");
        assertThat(model.get("verified").getAsBoolean()).isFalse();
        assertThat(model.getAsJsonObject("metadata").get("fvd.model_id").getAsString()).isEqualTo("i3d-slim-random");
        assertThat(model.get("sha256").getAsString()).hasSize(64);
        assertThat(model.getAsJsonObject("metadata").keySet()).isNotEmpty();
        for (String side : List.of("real", "fake")) {
            JsonObject s = json.getAsJsonObject(side);
            assertThat(s.get("kind").getAsString()).isEqualTo("dataset");
            assertThat(s.get("count").getAsLong()).isEqualTo(8);
            assertThat(s.getAsJsonArray("skipped")).isEmpty();
        }
        assertThat(json.getAsJsonObject("real").get("source").getAsString()).endsWith("videos/real");
        JsonObject kernel = json.getAsJsonObject("kernel");
        assertThat(kernel.get("metric").getAsString()).isEqualTo("kvd");
        assertThat(kernel.get("subset_size").getAsInt()).isEqualTo(6);
        assertThat(kernel.get("subsets").getAsInt()).isEqualTo(20);
        assertThat(kernel.get("std").getAsDouble()).isNotNegative();
        assertThat(json.get("elapsed_s").getAsDouble()).isPositive();
        assertThat(folders.err()).contains("FVD = ").contains("KVD = ").doesNotContain("{")
                .contains("real: 8 clips in").contains("fake: 8 clips in");
    }

    @Test
    void quietPrintsOnlyTheValue() {
        FvdRun run = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--frames", "10", "--quiet");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        double expected = JsonParser.parseString(folders.out()).getAsJsonObject().get("value").getAsDouble();
        assertThat(Double.parseDouble(run.out().strip())).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void statsThenScoreOnTheStatsFilesEqualsScoreOnTheFolders() {
        FvdRun fromStats = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--json", "--kernel",
                "--kernel-subset-size", "6", "--kernel-subsets", "20", "--frames", "10");
        assertThat(fromStats.exitCode()).as(fromStats.toString()).isZero();
        JsonObject a = JsonParser.parseString(folders.out()).getAsJsonObject();
        JsonObject b = JsonParser.parseString(fromStats.out()).getAsJsonObject();
        double expected = a.get("value").getAsDouble();
        assertThat(b.get("value").getAsDouble()).isCloseTo(expected, within(1e-9 * expected));
        assertThat(b.getAsJsonObject("kernel").get("mean").getAsDouble())
                .isCloseTo(a.getAsJsonObject("kernel").get("mean").getAsDouble(), within(1e-9));
        assertThat(b.getAsJsonObject("real").get("kind").getAsString()).isEqualTo("stats");
        assertThat(b.getAsJsonObject("real").get("count").getAsLong()).isEqualTo(8);
        // the model is known from the stats files' provenance, although no model was opened
        assertThat(b.getAsJsonObject("model").get("sha256")).isEqualTo(a.getAsJsonObject("model").get("sha256"));
    }

    @Test
    void twoStatsFilesNeedNoSettingsRepeatedAndReportTheirProtocol() {
        FvdRun run = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(json.getAsJsonObject("protocol").get("frames").getAsInt()).isEqualTo(10);
        assertThat(json.getAsJsonObject("protocol").get("max_items").getAsInt()).isEqualTo(8);
        assertThat(json.get("metric").getAsString()).isEqualTo("fvd");
    }

    @Test
    void aStatsFileAgainstAFolderExtractedWithOtherFramesIsRefused() {
        FvdRun run = fvd(home, "score", realStats.toString(), FAKE.toString(), "--model", MODEL, "--max-videos", "3");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains(realStats.toString()).contains("frames per clip 10").contains("--frames 10")
                .doesNotContain("extracting");
    }

    @Test
    void anExplicitMetricThatDiffersFromTheStatsIsRefused() {
        FvdRun run = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--metric", "fid");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("--metric fvd");
    }

    @Test
    void distanceOnTheStatsFilesEqualsScore() {
        FvdRun run = fvd(home, "distance", realStats.toString(), fakeStats.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        double expected = JsonParser.parseString(folders.out()).getAsJsonObject().get("value").getAsDouble();
        assertThat(Double.parseDouble(run.out().strip())).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void statsFilesAreReadableAsPytorchFidFilesAndCarryProvenance() {
        StoredStatistics stored = StatsFile.read(realStats);
        assertThat(stored.stats().count()).isEqualTo(8);
        assertThat(stored.stats().dimension()).isEqualTo(400);
        assertThat(stored.features()).get().satisfies(f -> assertThat(f).hasNumberOfRows(8));
        assertThat(stored.provenanceJson()).get().asString()
                .contains("\"format\":\"fvd-stats/1\"").contains("\"name\":\"tf\"").contains("i3d-slim-random");
    }

    @Test
    void statsAsFakeCutsTheClipsAsTheProtocolCutsFakeOnesAndSaysSo() throws IOException {
        // stylegan-v: real clips at a seeded random offset, fake clips from frame 0 (REFERENCE.md, issue 15 item 12)
        Path model = Files.write(work.resolve("i3d-slim-stylegan-v.onnx"), I3dGraph.importI3d(
                testData("i3d", "slim", "model.ckpt.index"), testData("i3d", "slim", "model.ckpt.data-00000-of-00001"),
                Protocols.named("stylegan-v").extraction(), "i3d-slim-random", false));
        String[] clips = {"--model", model.toString(), "--frames", "10", "--max-videos", "8", "--protocol", "stylegan-v"};
        Path asReal = work.resolve("stylegan-v-real.npz");
        Path asFake = work.resolve("stylegan-v-fake.npz");
        FvdRun r = fvd(home, concat(new String[] {"stats", FAKE.toString(), "-o", asReal.toString()}, clips));
        FvdRun f = fvd(home, concat(new String[] {"stats", FAKE.toString(), "-o", asFake.toString(), "--as", "fake"}, clips));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(f.exitCode()).as(f.toString()).isZero();
        assertThat(StatsFile.read(asReal).provenanceJson()).get().asString().contains("\"offset\":\"random\"");
        assertThat(StatsFile.read(asFake).provenanceJson()).get().asString().contains("\"offset\":\"first\"");
        FvdRun bad = fvd(home, concat(new String[] {"stats", FAKE.toString(), "-o", work.resolve("x.npz").toString(), "--as",
                "generated"}, CLIPS));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--as takes real or fake");
    }

    @Test
    void mergingShardStatsEqualsOnePass() throws IOException {
        Path shardA = Files.createDirectories(work.resolve("shard-a"));
        Path shardB = Files.createDirectories(work.resolve("shard-b"));
        List<Path> videos;
        try (var list = Files.list(REAL)) {
            videos = list.filter(p -> p.toString().endsWith(".mp4")).sorted().limit(8).toList();
        }
        for (int i = 0; i < videos.size(); i++) {
            Files.copy(videos.get(i), (i < 3 ? shardA : shardB).resolve(videos.get(i).getFileName()));
        }
        Path a = work.resolve("shard-a.npz");
        Path b = work.resolve("shard-b.npz");
        Path merged = work.resolve("merged.npz");
        assertThat(fvd(home, concat(new String[] {"stats", shardA.toString(), "-o", a.toString()}, CLIPS)).exitCode()).isZero();
        assertThat(fvd(home, concat(new String[] {"stats", shardB.toString(), "-o", b.toString()}, CLIPS)).exitCode()).isZero();
        FvdRun run = fvd(home, "stats", "--merge", a.toString(), b.toString(), "-o", merged.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();

        var onePass = StatsFile.read(realStats).stats();
        var shards = StatsFile.read(merged).stats();
        assertThat(shards.count()).isEqualTo(onePass.count());
        assertThat(shards.divisor()).isEqualTo(onePass.divisor());
        assertArrayCloseRelative(shards.mean(), onePass.mean(), 1e-10);
        assertArrayCloseRelative(shards.covariance(), onePass.covariance(), 1e-10);
        // and the merged file scores like the one-pass file
        FvdRun d1 = fvd(home, "distance", merged.toString(), fakeStats.toString());
        FvdRun d2 = fvd(home, "distance", realStats.toString(), fakeStats.toString());
        assertThat(Double.parseDouble(d1.out().strip())).isCloseTo(Double.parseDouble(d2.out().strip()), within(1e-8));
    }

    @Test
    void gatePassesAtOrBelowMaxAndFailsAboveWithExitOne() {
        double value = JsonParser.parseString(folders.out()).getAsJsonObject().get("value").getAsDouble();
        FvdRun pass = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--frames", "10", "--json",
                "--fail-above", Double.toString(value * 2));
        assertThat(pass.exitCode()).as(pass.toString()).isZero();
        JsonObject gate = JsonParser.parseString(pass.out()).getAsJsonObject().getAsJsonObject("gate");
        assertThat(gate.get("passed").getAsBoolean()).isTrue();
        assertThat(gate.get("max").getAsDouble()).isEqualTo(value * 2);

        FvdRun fail = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--frames", "10", "--json",
                "--fail-above", Double.toString(value / 2));
        assertThat(fail.exitCode()).isEqualTo(ExitCode.GATE_FAILED.code());
        assertThat(JsonParser.parseString(fail.out()).getAsJsonObject().getAsJsonObject("gate").get("passed").getAsBoolean())
                .isFalse();
        assertThat(fail.err()).contains("gate failed");
    }

    @Test
    void statsMadeWithOtherSettingsAreRefusedNamingTheFile() {
        FvdRun run = fvd(home, "score", realStats.toString(), fakeStats.toString(), "--frames", "12");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains(realStats.toString()).contains("frames per clip 10").contains("--frames 10");
    }

    @Test
    void kernelFromStatsWithoutFeaturesIsRefused() throws IOException {
        Path noFeatures = work.resolve("no-features.npz");
        StatsFile.write(noFeatures, StatsFile.read(fakeStats).stats(), StatsFile.read(fakeStats).provenanceJson().orElseThrow(),
                null);
        FvdRun run = fvd(home, "score", realStats.toString(), noFeatures.toString(), "--frames", "10", "--kernel");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains(noFeatures.toString()).contains("--keep-features");
    }

    @Test
    void badInputExitsThreeNamingTheFileWithoutAStackTrace() throws IOException {
        Path bad = Files.createDirectories(work.resolve("bad"));
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Files.write(bad.resolve("broken.mp4"), junk);
        FvdRun run = fvd(home, concat(new String[] {"score", REAL.toString(), bad.toString()}, CLIPS));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("broken.mp4").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void skipPolicyListsTheBadFileInTheReport() throws IOException {
        Path mixed = Files.createDirectories(work.resolve("mixed"));
        try (var list = Files.list(FAKE)) {
            for (Path p : list.sorted().limit(3).toList()) {
                Files.copy(p, mixed.resolve(p.getFileName()));
            }
        }
        Files.write(mixed.resolve("zz-empty.mp4"), new byte[0]);
        Path out = work.resolve("mixed.npz");
        FvdRun run = fvd(home, concat(new String[] {"stats", mixed.toString(), "-o", out.toString(), "--on-bad-input", "skip",
                "--json"}, CLIPS));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject side = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(side.get("count").getAsLong()).isEqualTo(3);
        assertThat(side.getAsJsonArray("skipped")).hasSize(1);
        assertThat(side.getAsJsonArray("skipped").get(0).getAsJsonObject().get("path").getAsString()).endsWith("zz-empty.mp4");
    }

    @Test
    void savedStatsSurviveAFailureOnTheFakeSideAndAreReused() throws IOException {
        Path bad = Files.createDirectories(work.resolve("bad-fake"));
        Files.write(bad.resolve("truncated.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        Path cache = work.resolve("cache");
        String[] args = concat(new String[] {"score", REAL.toString(), bad.toString(), "--save-stats", cache.toString(),
                "--max-videos", "3"}, new String[] {"--model", MODEL, "--frames", "10"});
        FvdRun first = fvd(home, args);
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(cache.resolve("real.npz")).isRegularFile();
        assertThat(StatsFile.read(cache.resolve("real.npz")).stats().count()).isEqualTo(3);
        assertThat(cache.resolve("fake.npz")).doesNotExist();

        FvdRun second = fvd(home, args);
        assertThat(second.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(second.err()).contains("reusing " + cache.resolve("real.npz"));
    }

    @Test
    void aFailedStatsRunLeavesThePreviousFileUntouchedAndNoTemporaryFiles() throws IOException {
        Path bad = Files.createDirectories(work.resolve("bad-stats"));
        try (var list = Files.list(REAL)) {
            for (Path p : list.sorted().limit(2).toList()) {
                Files.copy(p, bad.resolve(p.getFileName()));
            }
        }
        Files.write(bad.resolve("zz-broken.mp4"), new byte[] {1, 2, 3});
        Path outDir = Files.createDirectories(work.resolve("stats-out"));
        Path out = outDir.resolve("previous.npz");
        Files.copy(realStats, out);
        byte[] before = Files.readAllBytes(out);
        FvdRun run = fvd(home, concat(new String[] {"stats", bad.toString(), "-o", out.toString()}, CLIPS));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        try (var list = Files.list(outDir)) {
            assertThat(list.toList()).containsExactly(out);
        }
    }

    @Test
    void featuresWritesOneRowPerClip() {
        Path out = work.resolve("features.npy");
        FvdRun run = fvd(home, "features", FAKE.toString(), "-o", out.toString(), "--model", MODEL, "--frames", "10",
                "--max-videos", "4");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        float[][] features = Npy.readFloatMatrix(out);
        assertThat(features).hasNumberOfRows(4);
        assertThat(features[0]).hasSize(400);
        float[][] kept = StatsFile.read(fakeStats).features().orElseThrow();
        // same clips as the stats run, but another batch size (8 vs 3): equal up to float32 rounding in ONNX Runtime kernels
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 400; j++) {
                assertThat(features[i][j]).isCloseTo(kept[i][j], within(1e-4f));
            }
        }
    }

    @Test
    void tooFewFramesForI3dIsAUsageError() {
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--model", MODEL, "--frames", "8");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--frames 8").contains("≥ 9");
    }

    @Test
    void missingCanonicalModelOfflineExitsFourAndSaysHowToGetIt() {
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--frames", "10");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("fvd models fetch i3d-kinetics400").contains("fvd models import i3d-kinetics400")
                .doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void randomOffsetsAreSeededAndReported() {
        String[] args = {"score", REAL.toString(), FAKE.toString(), "--model", MODEL, "--frames", "10", "--max-videos", "3",
                "--offset", "random", "--seed", "5", "--stride", "1", "--json"};
        FvdRun first = fvd(home, args);
        FvdRun again = fvd(home, args);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonObject a = JsonParser.parseString(first.out()).getAsJsonObject();
        JsonObject b = JsonParser.parseString(again.out()).getAsJsonObject();
        assertThat(a.getAsJsonObject("protocol").get("offset").getAsString()).isEqualTo("random");
        assertThat(a.getAsJsonObject("protocol").get("seed").getAsLong()).isEqualTo(5);
        assertThat(a.getAsJsonObject("protocol").get("max_items").getAsInt()).isEqualTo(3);
        assertThat(b.get("value").getAsDouble()).isEqualTo(a.get("value").getAsDouble());
    }

    @Test
    void cudaOnAMachineWithoutItIsAModelErrorNotASilentFallback() {
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--model", MODEL, "--frames", "10",
                "--max-videos", "2", "--device", "cuda");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).containsIgnoringCase("cuda").doesNotContain("\tat ");
    }

    @Test
    void verboseFailuresShowTheStackTrace() {
        FvdRun run = fvd(home, "score", REAL.toString(), FAKE.toString(), "--frames", "10", "--verbose");
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("\tat ");
    }

    private static void assertArrayCloseRelative(double[] actual, double[] expected, double relative) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(relative * scale));
        }
    }

    static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}

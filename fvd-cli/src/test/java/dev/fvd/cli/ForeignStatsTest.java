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
import static org.assertj.core.api.Assertions.within;

/**
 * {@code fvd distance} on stats files written the way pytorch-fid ({@code np.savez_compressed}, float64 mu/sigma) and clean-fid
 * ({@code np.savez}, float32) write them, against the distance pytorch-fid's own formula gives
 * ({@code test-data/cli/make_foreign_stats.py}).
 */
class ForeignStatsTest {
    static final Path A = testData("cli", "pytorch_fid_a.npz");
    static final Path B = testData("cli", "clean_fid_b.npz");

    @TempDir
    Path home;

    static double expected() throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(testData("cli", "foreign_stats_expected.json")))
                .getAsJsonObject();
        return json.get("frechet_distance").getAsDouble();
    }

    @Test
    void distanceBetweenPytorchFidAndCleanFidFilesMatchesTheirFormula() throws IOException {
        FvdRun run = fvd(home, "distance", A.toString(), B.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Double.parseDouble(run.out().strip())).isCloseTo(expected(), within(1e-8 * expected()));
        assertThat(run.err()).contains("carries no fvd provenance");
    }

    @Test
    void distanceJsonSaysTheCountsAreUnknownAndWarns() throws IOException {
        FvdRun run = fvd(home, "distance", A.toString(), B.toString(), "--json");
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(json.get("value").getAsDouble()).isCloseTo(expected(), within(1e-8 * expected()));
        assertThat(json.getAsJsonObject("real").get("kind").getAsString()).isEqualTo("stats");
        assertThat(json.getAsJsonObject("real").get("count").getAsLong()).isEqualTo(-1);
        assertThat(json.getAsJsonObject("fake").getAsJsonArray("warnings")).hasSize(1);
        assertThat(json.has("protocol")).isFalse();
    }

    @Test
    void scoreAcceptsForeignStatsFilesWithoutOpeningAModel() throws IOException {
        FvdRun run = fvd(home, "score", A.toString(), B.toString(), "--metric", "fid", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JsonParser.parseString(run.out()).getAsJsonObject().get("value").getAsDouble())
                .isCloseTo(expected(), within(1e-8 * expected()));
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void distanceGateFailsWithExitOne() {
        FvdRun run = fvd(home, "distance", A.toString(), B.toString(), "--fail-above", "100");
        assertThat(run.exitCode()).isEqualTo(ExitCode.GATE_FAILED.code());
    }

    @Test
    void aCorruptStatsFileIsBadInputNamingTheFile() throws IOException {
        Path corrupt = home.resolve("corrupt.npz");
        Files.write(corrupt, "not a zip".getBytes());
        FvdRun run = fvd(home, "distance", A.toString(), corrupt.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("corrupt.npz").doesNotContain("\tat ");
    }

    @Test
    void aMissingStatsFileIsBadInput() {
        FvdRun run = fvd(home, "distance", A.toString(), home.resolve("nope.npz").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("nope.npz");
    }

    @Test
    void mergingFilesWithoutCountsIsRefused() {
        FvdRun run = fvd(home, "stats", "--merge", A.toString(), A.toString(), "-o", home.resolve("m.npz").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(run.err()).contains("cannot be merged exactly");
    }
}

package dev.fvd.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.core.io.StatsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fvd-spark stats} as the launcher and {@code spark-submit} run it: options, JSON on stdout, exit codes. */
class MainTest {
    @TempDir
    Path work;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void statsRunsOnTheGivenMasterWithTheExtractionOptionsOfFvdStats() {
        Path out = work.resolve("out.npz");
        Run r = run("stats", SparkStatsTest.REAL.toString(), "-o", out.toString(), "--master", "local[2]", "--partitions", "3",
                "--model", SparkStatsTest.MODEL, "--frames", "9", "--max-videos", "5", "--threads", "1", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonObject side = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(side.get("count").getAsLong()).isEqualTo(5);
        assertThat(r.err()).contains("5 clips from").contains("in 3 partitions on local[2]");
        JsonObject provenance = JsonParser.parseString(StatsFile.read(out).provenanceJson().orElseThrow()).getAsJsonObject();
        assertThat(provenance.getAsJsonObject("protocol").get("frames").getAsInt()).isEqualTo(9);
        assertThat(provenance.getAsJsonObject("protocol").get("max_items").getAsInt()).isEqualTo(5);
        assertThat(provenance.getAsJsonObject("engine").get("partitions").getAsInt()).isEqualTo(3);
    }

    @Test
    void aMissingOutputIsAUsageError() {
        Run r = run("stats", SparkStatsTest.REAL.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--output");
    }

    @Test
    void aCapWithSkipIsRefusedBeforeAnyDecoding() {
        Run r = run("stats", SparkStatsTest.REAL.toString(), "-o", work.resolve("x.npz").toString(), "--master", "local[1]",
                "--model", SparkStatsTest.MODEL, "--frames", "9", "--max-videos", "3", "--on-bad-input", "skip");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--max-videos").contains("--on-bad-input skip");
    }
}

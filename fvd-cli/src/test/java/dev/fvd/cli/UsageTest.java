package dev.fvd.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static org.assertj.core.api.Assertions.assertThat;

/** Help, version, usage errors and the protocol list: the parts of the command line that need no data and no model. */
class UsageTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"", "score", "stats", "distance", "features", "models", "models fetch", "protocols"})
    void everyCommandHasHelpThatListsTheExitCodes(String command) {
        String[] args = (command + " --help").trim().split(" ");
        FvdRun run = fvd(home, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Exit codes:");
        for (ExitCode code : ExitCode.values()) {
            assertThat(run.out()).contains(code.code() + "   " + code.meaning());
        }
    }

    @Test
    void topLevelHelpListsEverySubcommandAndEachHelpShowsItsOwnOptions() {
        // only the subcommand the first word names is built (a one-shot `fvd distance` starts faster); help still lists all
        FvdRun top = fvd(home, "--help");
        assertThat(top.exitCode()).isZero();
        for (String sub : new String[] {"score", "stats", "distance", "features", "models", "protocols", "report"}) {
            assertThat(top.out()).containsPattern("(?m)^  " + sub + " ");
            FvdRun help = fvd(home, sub, "--help");
            assertThat(help.exitCode()).as(sub).isZero();
            assertThat(help.out()).as(sub).startsWith("Usage: fvd " + sub);
        }
    }

    @Test
    void helpShowsDefaults() {
        FvdRun run = fvd(home, "score", "--help");
        String help = run.out().replaceAll("\\s+", " ");
        assertThat(help).contains("--metric=fvd|fid").contains("Default: fvd (an fid --protocol needs --metric fid)")
                .contains("--batch=B").contains("Default: 8")
                .contains("--on-bad-input=fail|skip")
                .contains("--save-stats=DIR")
                .contains("a failure on FAKE keeps the work done on REAL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V", "score -V", "models list -V"})
    void versionEverywhere(String args) {
        FvdRun run = fvd(home, args.split(" "));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("fvd ");
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLineAndAHint() {
        FvdRun run = fvd(home, "score", "a", "b", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--no-such-option").contains("Try 'fvd score --help'");
        assertThat(run.err().lines().count()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingArgumentIsAUsageError() {
        assertThat(fvd(home, "score", "only-one").exitCode()).isEqualTo(2);
        assertThat(fvd(home).exitCode()).isEqualTo(2);
    }

    @Test
    void unknownProtocolIsAUsageErrorThatListsTheKnownOnes() {
        FvdRun run = fvd(home, "score", "a", "b", "--protocol", "nope");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("unknown protocol 'nope'").contains("stylegan-v").doesNotContain("\tat ");
    }

    @Test
    void protocolOfTheOtherMetricIsAUsageError() {
        FvdRun run = fvd(home, "score", "a", "b", "--metric", "fvd", "--protocol", "clean");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'clean' is a fid protocol");
    }

    @Test
    void anFidProtocolOnVideosIsAUsageErrorNotASilentSwitchToFid() {
        // issue 15 item 6: before, --protocol clean alone turned the run into FID of single frames
        FvdRun run = fvd(home, "score", "test-data/sample/videos/real", "test-data/sample/videos/fake",
                "--protocol", "clean");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("'clean' is a fid protocol, not fvd (the default metric)").contains("(--metric fid)");
    }

    @Test
    void badDeviceAndOffsetAreUsageErrors() {
        assertThat(fvd(home, "score", "a", "b", "--device", "tpu").exitCode()).isEqualTo(2);
        assertThat(fvd(home, "score", "a", "b", "--offset", "middle").exitCode()).isEqualTo(2);
        assertThat(fvd(home, "score", "a", "b", "--frames", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void protocolsListsEveryProtocolWithItsReference() {
        FvdRun run = fvd(home, "protocols");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("tf (fvd, default)").contains("google-research/google-research frechet_video_distance")
                .contains("stylegan-v (fvd)").contains("universome/stylegan-v")
                .contains("videogpt (fvd)").contains("ttur (fid, default)").contains("bioinf-jku/TTUR")
                .contains("pytorch-fid (fid)").contains("clean (fid)").contains("GaParmar/clean-fid")
                .contains("divided by N-1").contains("divided by N\n")
                .contains("16 frames, stride 1, real offset random, fake offset first")
                .contains("cd-fvd-folder (fvd)").contains("frames       real /255, short side to 256 (torch bilinear,"
                        + " antialias=True), centre crop 256x256, (x*255).byte() truncation; fake /255");
    }

    @Test
    void protocolsAsJsonCarryEveryParameter() {
        FvdRun run = fvd(home, "protocols", "--json");
        JsonArray all = JsonParser.parseString(run.out()).getAsJsonArray();
        assertThat(all).hasSize(11);
        var tf = all.get(0).getAsJsonObject();
        assertThat(tf.get("name").getAsString()).isEqualTo("tf");
        assertThat(tf.get("resize").getAsString()).isEqualTo("tf1-bilinear");
        assertThat(tf.get("size").getAsInt()).isEqualTo(224);
        assertThat(tf.get("frames").getAsInt()).isEqualTo(16);
        assertThat(tf.get("covariance_divisor").getAsString()).isEqualTo("n-1");
        var sv = all.get(1).getAsJsonObject();
        assertThat(sv.get("covariance_divisor").getAsString()).isEqualTo("n");
        assertThat(sv.get("real_offset").getAsString()).isEqualTo("random");
        assertThat(sv.get("fake_offset").getAsString()).isEqualTo("first");
        assertThat(sv.has("offset")).isFalse();
        assertThat(tf.get("offset").getAsString()).isEqualTo("first");
        assertThat(tf.get("default").getAsBoolean()).isTrue();
        assertThat(tf.get("metric").getAsString()).isEqualTo("fvd");
        assertThat(tf.get("real_transform").getAsString()).isEqualTo("none");
        var folder = all.asList().stream().map(e -> e.getAsJsonObject())
                .filter(o -> o.get("name").getAsString().equals("cd-fvd-folder")).findFirst().orElseThrow();
        assertThat(folder.get("real_transform").getAsString()).isEqualTo("cd-fvd-folder-256");
        assertThat(folder.get("fake_transform").getAsString()).isEqualTo("cd-fvd-folder-256");
    }
}

package dev.fvd.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fvd models} on an empty store, offline: what is missing and how to get it, never a download. */
class ModelsCommandTest {
    @TempDir
    Path home;

    @Test
    void listShowsBothModelsMissingWithTheFix() {
        FvdRun run = fvd(home, "models", "list");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("i3d-kinetics400").contains("inception-fid").contains("missing")
                .contains("fvd models fetch i3d-kinetics400").contains(home.toString());
    }

    @Test
    void listAsJson() {
        FvdRun run = fvd(home, "models", "list", "--json");
        JsonArray all = JsonParser.parseString(run.out()).getAsJsonArray();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).getAsJsonObject().get("status").getAsString()).isEqualTo("missing");
        assertThat(all.get(0).getAsJsonObject().getAsJsonArray("files").get(0).getAsJsonObject().get("url").getAsString())
                .startsWith("https://");
    }

    @Test
    void fetchOfflineExitsFourWithTheFix() {
        FvdRun run = fvd(home, "models", "fetch", "i3d-kinetics400");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("fvd models import i3d-kinetics400").doesNotContain("\tat ");
    }

    @Test
    void verifyOfAMissingModelExitsFour() {
        FvdRun run = fvd(home, "models", "verify", "inception-fid");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("inception-fid is missing");
    }

    @Test
    void verifyOfAllModelsExitsFourWhenAnyIsMissing() {
        FvdRun run = fvd(home, "models", "verify");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("i3d-kinetics400 is missing").contains("inception-fid is missing");
    }

    /** Issue 15 item 2: a 313-byte malicious pickle or random bytes are refused at import, exit 4, store unchanged. */
    @Test
    void importOfAMaliciousPickleOrRandomBytesExitsFourAndStoresNothing() throws java.io.IOException {
        Path evil = java.nio.file.Files.copy(testData("inception", "malicious-os-system.pth"),
                java.nio.file.Files.createDirectories(home.resolve("usb")).resolve("pt_inception-2015-12-05-6726825d.pth"));
        FvdRun run = fvd(home, "models", "import", "inception-fid", "--from", evil.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains(evil.toString()).contains("posix.system").doesNotContain("\tat ");

        Path noise = java.nio.file.Files.write(home.resolve("usb/noise.pth"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        FvdRun random = fvd(home, "models", "import", "inception-fid", "--from", noise.toString());
        assertThat(random.exitCode()).as(random.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(random.err()).contains(noise.toString());

        assertThat(home.resolve("weights")).doesNotExist();
        assertThat(fvd(home, "models", "list").out()).doesNotContain("non-canonical");
    }

    @Test
    void importFromAPlaceWithoutTheFilesExitsFour() {
        FvdRun run = fvd(home, "models", "import", "i3d-kinetics400", "--from", home.resolve("nowhere").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
    }

    @Test
    void unknownModelIdIsRefused() {
        FvdRun run = fvd(home, "models", "fetch", "resnet50");
        assertThat(run.exitCode()).as(run.toString()).isIn(ExitCode.USAGE.code(), ExitCode.MODEL.code());
        assertThat(run.err()).contains("resnet50");
    }
}

package dev.fvd.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
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
        assertThat(all).hasSize(dev.fvd.features.ModelRegistry.all().size());
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

package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The air-gapped workflow through model ids: import weights into an empty store, then score with {@code --model ID} (the default),
 * which converts the TF checkpoint to ONNX once through the store. The weights are the slim random-weight TF bundle under the
 * canonical file names ({@code test-data/i3d/slim}), so the store must flag them as non-canonical everywhere.
 */
class StoreWorkflowTest {
    @TempDir
    Path home;

    @Test
    void importThenScoreByModelIdFlagsNonCanonicalWeights() {
        FvdRun imported = fvd(home, "models", "import", "i3d-kinetics400", "--from", testData("i3d", "slim").toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.err()).contains("WARNING").contains("NOT canonical");

        FvdRun list = fvd(home, "models", "list");
        assertThat(list.out()).contains("i3d-kinetics400").contains("non-canonical");

        FvdRun score = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--frames", "10", "--max-videos", "4", "--json");
        assertThat(score.exitCode()).as(score.toString()).isZero();
        JsonObject model = JsonParser.parseString(score.out()).getAsJsonObject().getAsJsonObject("model");
        assertThat(model.get("id").getAsString()).isEqualTo("i3d-kinetics400");
        assertThat(model.get("file").getAsString()).startsWith(home.toString());
        assertThat(model.getAsJsonObject("metadata").toString()).contains("canonical");
        assertThat(score.err()).containsIgnoringCase("not comparable");

        // issue 15 item 3: verify exits 4 when a file is not the canonical one, so a CI job can rely on it
        FvdRun verify = fvd(home, "models", "verify", "i3d-kinetics400");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(verify.err()).contains("i3d-kinetics400 is non-canonical");
    }
}

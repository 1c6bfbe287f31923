package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files users download import as they are: stand-ins with the published files' own top-level structure (training
 * checkpoints with optimizer and GradScaler state, DDP {@code module.} prefixes, VideoMAE's pickled {@code argparse.Namespace},
 * the legacy-format I3D state dict), written by {@code test-data/vit/make_published_layouts.py} under the published file names
 * in one folder, given to {@code fvd models import ID --from DIR}.
 */
class PublishedLayoutImportTest {
    private static final Path FOLDER = testData("vit", "checkpoints", "published-layout");

    @TempDir
    Path home;

    /** The I3D stand-in is full width: import, verify and a cd-fvd-i3d score by model id. */
    @Test
    void i3dTorchImportVerifyScore() {
        FvdRun imported = fvd(home, "models", "import", "i3d-torch-400", "--from", FOLDER.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.err()).contains("no checksum published");

        FvdRun verify = fvd(home, "models", "verify", "i3d-torch-400");
        assertThat(verify.toString()).contains("i3d-torch-400");

        FvdRun score = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--protocol", "cd-fvd-i3d", "--max-videos", "3", "--json");
        assertThat(score.exitCode()).as(score.toString()).isZero();
        JsonObject result = JsonParser.parseString(score.out()).getAsJsonObject();
        assertThat(result.getAsJsonObject("model").get("id").getAsString()).isEqualTo("i3d-torch-400");
        assertThat(result.toString()).contains("\"fvd\"");

        // the same model with cd-FVD's folder frames and draw: 6 items per side from 24 videos, 256x256 requantised frames
        FvdRun folder = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--protocol", "cd-fvd-i3d-folder", "--seed", "42",
                "--max-videos", "6", "--json");
        assertThat(folder.exitCode()).as(folder.toString()).isZero();
        JsonObject r = JsonParser.parseString(folder.out()).getAsJsonObject();
        JsonObject protocol = r.getAsJsonObject("protocol");
        assertThat(protocol.get("name").getAsString()).isEqualTo("cd-fvd-i3d-folder");
        assertThat(protocol.get("real_transform").getAsString()).isEqualTo("cd-fvd-folder-256");
        assertThat(protocol.get("offset").getAsString()).isEqualTo("cd_fvd");
        assertThat(r.getAsJsonObject("real").get("count").getAsLong()).isEqualTo(6);
        assertThat(r.getAsJsonObject("fake").get("count").getAsLong()).isEqualTo(6);
        assertThat(r.get("value").getAsDouble()).isNotEqualTo(result.get("value").getAsDouble());
    }

    /**
     * The ViT stand-ins are reduced in width (full width would be hundreds of MB), so the registry's feature-dimension check
     * stops them — after the whole checkpoint was read and the graph built: nothing in their structure is refused. Their
     * import → verify → score runs at the store level ({@code VideoModelStoreWorkflowTest.publishedLayoutsImportVerifyScore}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"videomae-v2-g, 1408", "vjepa-h16-ssv2, 1280"})
    void vitStandInsAreReadToTheEnd(String model, int width) {
        FvdRun imported = fvd(home, "models", "import", model, "--from", FOLDER.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(imported.err()).contains("gives 96 features; model " + model + " has " + width)
                .doesNotContain("refused");
    }
}

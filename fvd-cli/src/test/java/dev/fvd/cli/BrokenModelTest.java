package dev.fvd.cli;

import dev.fvd.datasets.MediaKind;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 item 8: a network that outputs NaN/Inf is a model problem: exit 4 naming the model and the clip. */
class BrokenModelTest {
    @TempDir
    Path home;

    @Test
    void aNetworkThatOutputsNanExitsFourNamingTheModelAndTheClip() throws IOException {
        // features = log(mean colour − 255): NaN for every image that is not pure white
        GraphBuilder g = new GraphBuilder("broken", 18);
        String x = g.cast(g.input("images", ElementType.UINT8, "N", "H", "W", "3"), ElementType.FLOAT);
        String shifted = g.add(g.reduceMean(x, new long[] {1, 2}, false), -255f);
        g.identity(g.node("Log", List.of(shifted), null), "features");
        g.output("features", ElementType.FLOAT, "N", "3");
        Map<String, String> meta = new ModelMetadata("broken-net", "ttur", 3, MediaKind.IMAGE, 1, false, Map.of())
                .toProperties();
        Path model = Files.write(home.resolve("broken.onnx"), g.build(meta).toByteArray());
        Path out = home.resolve("features.npy");

        FvdRun run = fvd(home, "features", testData("sample", "images", "real").toString(), "-o", out.toString(),
                "--metric", "fid", "--model", model.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.MODEL.code());
        assertThat(run.err()).contains("model broken-net").contains("NaN").contains("real_0").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }
}

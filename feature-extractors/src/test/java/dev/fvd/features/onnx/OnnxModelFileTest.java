package dev.fvd.features.onnx;

import dev.fvd.features.videomae.VideoMaeModel;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.videomae.VideoMaeGraph;
import dev.fvd.features.vit.VitFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Models over protobuf's 2 GB are written with ONNX external data; opened by path they give the same features. */
class OnnxModelFileTest {
    @TempDir
    Path dir;

    @Test
    void externalDataGivesIdenticalFeatures() throws IOException {
        OnnxProto.ModelProto model = VideoMaeGraph.importCheckpoint(VitFixtures.checkpoint("videomae-slim.pth"),
                VideoMaeModel.ORIGINAL_PREPROCESSING, "videomae-slim-random", false);
        Path inline = dir.resolve("inline.onnx");
        Path external = dir.resolve("external.onnx");
        assertThat(OnnxModelFile.write(model, inline)).containsExactly(inline);
        OnnxModelFile.writeWithExternalData(model, external, OnnxModelFile.EXTERNAL_THRESHOLD);

        Path data = OnnxModelFile.dataFileOf(external);
        assertThat(data).hasFileName("external.onnx.data").exists();
        assertThat(Files.size(external)).isLessThan(Files.size(inline) / 10);
        assertThat(Files.size(data)).isGreaterThan(Files.size(inline) * 9 / 10);
        OnnxProto.ModelProto read = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(external));
        OnnxProto.TensorProto conv = read.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("patch_embed.proj.weight")).findFirst().orElseThrow();
        assertThat(conv.getDataLocation()).isEqualTo(OnnxProto.TensorProto.DataLocation.EXTERNAL);
        assertThat(conv.getRawData().isEmpty()).isTrue();
        assertThat(Long.parseLong(conv.getExternalData(1).getValue()) % OnnxModelFile.ALIGNMENT).isZero();
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();

        ExtractorOptions options = ExtractorOptions.defaults().withBatchSize(2);
        try (FeatureExtractor a = FeatureExtractors.open(inline, null, options);
             FeatureExtractor b = FeatureExtractors.open(external, null, options)) {
            var clips = VitFixtures.clips("b");
            assertThat(b.extract(clips)).isDeepEqualTo(a.extract(clips));
            assertThat(b.id()).isEqualTo("videomae-slim-random");
        }
    }
}

package dev.fvd.features;

import dev.fvd.datasets.MediaKind;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry lists each model once, with its facts; a user-supplied ONNX file is never verified. */
class ModelRegistryTest {
    @Test
    void listsTheCanonicalModelsWithTheirFacts() {
        assertThat(ModelRegistry.ids()).containsExactly("i3d-kinetics400", "inception-fid");
        ModelSpec<?> i3d = ModelRegistry.require("i3d-kinetics400");
        assertThat(i3d.featureDimension()).isEqualTo(400);
        assertThat(i3d.media()).isEqualTo(MediaKind.VIDEO);
        assertThat(i3d.minFrames()).isEqualTo(9);
        assertThat(i3d.license()).isEqualTo("Apache-2.0");
        assertThat(i3d.citation()).contains("Quo Vadis");
        assertThat(i3d.files()).extracting(f -> f.role()).containsExactly("index", "data");
        ModelSpec<?> fid = ModelRegistry.require("inception-fid");
        assertThat(fid.featureDimension()).isEqualTo(2048);
        assertThat(fid.media()).isEqualTo(MediaKind.IMAGE);
        assertThat(fid.file("state-dict").sha256Prefix()).isEqualTo("6726825d");
    }

    @Test
    void anUnknownIdIsATypedErrorListingTheKnownOnes() {
        assertThat(ModelRegistry.find("i3d")).isEmpty();
        assertThatThrownBy(() -> ModelRegistry.require("i3d"))
                .isInstanceOf(UnknownModelException.class)
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("unknown model 'i3d'")
                .hasMessageContaining("i3d-kinetics400, inception-fid");
    }

    @Test
    void aUserSuppliedOnnxIsCustomAndUnverifiedEvenWhenItsMetadataClaimsCanonical(@TempDir Path dir) throws IOException {
        Path slim = TestData.file("models/i3d-slim-random.onnx");
        // the committed fixture, with its metadata rewritten to claim the canonical model
        var proto = dev.fvd.features.onnx.proto.OnnxProto.ModelProto.parseFrom(Files.readAllBytes(slim)).toBuilder();
        for (int i = 0; i < proto.getMetadataPropsCount(); i++) {
            var e = proto.getMetadataProps(i);
            if (e.getKey().equals(ModelMetadata.MODEL_ID)) {
                proto.setMetadataProps(i, e.toBuilder().setValue("i3d-kinetics400"));
            } else if (e.getKey().equals(ModelMetadata.CANONICAL)) {
                proto.setMetadataProps(i, e.toBuilder().setValue("true"));
            }
        }
        Path forged = Files.write(dir.resolve("forged.onnx"), proto.build().toByteArray());

        ResolvedModel m = ResolvedModel.custom(forged);

        assertThat(m.verified()).isFalse();
        assertThat(m.custom()).isTrue();
        assertThat(m.spec()).isNull();
        assertThat(m.modelId()).isEqualTo("forged.onnx");
        assertThat(m.claimedModelId()).isEqualTo("i3d-kinetics400");
        assertThat(m.metadata()).containsEntry(ModelMetadata.CANONICAL, "true");
        assertThat(m.sha256()).isEqualTo(ModelMetadata.sha256(forged).substring("sha256:".length()));
    }

    @Test
    void metadataIsReadWithoutASessionAndAMissingFileIsUnavailable(@TempDir Path dir) {
        Map<String, String> props = ModelMetadata.readProperties(TestData.file("models/inception-slim-random.onnx"));

        assertThat(props).containsEntry(ModelMetadata.MODEL_ID, "inception-slim-random")
                .containsEntry(ModelMetadata.PROTOCOL, "ttur").containsEntry(ModelMetadata.FEATURE_DIM, "128");
        assertThatThrownBy(() -> ModelMetadata.readProperties(dir.resolve("none.onnx")))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("none.onnx");
    }
}

package dev.fvd.features.vjepa;

import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.vit.VitFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The imported V-JEPA encoder + SSv2 attentive pooler (reduced width, real key names and containers) against the float64
 * PyTorch rewrite of JEDi's forward pass in test-data/vit/make_reference.py; clips b, c, d (T ≠ 16) exercise the time
 * interpolation of the stored pos_embed.
 */
class VjepaParityTest {
    private static final Path ENCODER = VitFixtures.checkpoint("vjepa-slim.pth.tar");
    private static final Path PROBE = VitFixtures.checkpoint("vjepa-probe-slim.pth.tar");
    private static FeatureExtractor extractor;

    @BeforeAll
    static void importSlimCheckpoints() {
        extractor = VitFixtures.open(VjepaGraph.importCheckpoints(ENCODER, PROBE, VjepaModel.ORIGINAL_PREPROCESSING, "vjepa-slim-random",
                false), VjepaModel.ORIGINAL_PREPROCESSING);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @ParameterizedTest(name = "clip {0}")
    @ValueSource(strings = {"a", "b", "c", "d"})
    void featuresMatchThePyTorchReference(String clip) {
        float[][] actual = extractor.extract(VitFixtures.clips(clip));
        double rel = VitFixtures.relativeError(actual, VitFixtures.reference("vjepa", clip));
        System.out.printf("V-JEPA parity clip %s: max rel error %.3g%n", clip, rel);
        assertThat(rel).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void theTargetEncoderIsUsedNotTheOnlineEncoder() {
        Map<String, TorchTensor> all = TorchCheckpointReader.read(ENCODER);
        assertThat(all).containsKey("encoder.module.backbone.norm.weight");
        assertThat(VjepaGraph.encoderStateDict(all, "f").require("norm.weight", 96).data())
                .isEqualTo(all.get("target_encoder.module.backbone.norm.weight").data());
    }

    @Test
    void aFilteredReadLoadsOnlyTheWantedTensors() {
        Map<String, TorchTensor> enc = VjepaGraph.readEncoderTensors(ENCODER);
        assertThat(enc).containsKey("target_encoder.module.backbone.pos_embed");
        Map<String, TorchTensor> decoy = TorchCheckpointReader.read(ENCODER, n -> n.startsWith("encoder."));
        assertThat(decoy.keySet()).containsExactlyInAnyOrder("encoder.module.backbone.norm.weight",
                "encoder.module.backbone.norm.bias");
        assertThat(TorchCheckpointReader.read(ENCODER, n -> n.startsWith("predictor."))).isEmpty();
    }

    @Test
    void aProbeFileWithoutAClassifierIsRefusedInsteadOfRunningARandomProbe() {
        assertThatThrownBy(() -> VjepaGraph.importCheckpoints(ENCODER, ENCODER, VjepaModel.ORIGINAL_PREPROCESSING, "x", false))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("vjepa-slim.pth.tar: checkpoint has no 'classifier' tensors");
    }

    @Test
    void aProbeOfAnotherWidthIsRefusedByName() {
        Map<String, TorchTensor> probe = new LinkedHashMap<>(TorchCheckpointReader.read(PROBE));
        probe.put("classifier.module.pooler.query_tokens", new TorchTensor("q", new long[] {1, 1, 80}, new float[80],
                null));
        var enc = VjepaGraph.encoderStateDict(TorchCheckpointReader.read(ENCODER), "enc");
        var cls = VjepaGraph.probeStateDict(probe, "probe.pth.tar");
        assertThatThrownBy(() -> VjepaGraph.build(enc, cls, VjepaModel.ORIGINAL_PREPROCESSING, "x", false, Map.of()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("probe.pth.tar: tensor 'pooler.query_tokens' has shape [1, 1, 80]; expected "
                        + "[1, 1, 96]");
    }

    @Test
    void modelDescribesItself() {
        assertThat(extractor.featureDimension()).isEqualTo(96);
        assertThat(extractor.protocolName()).isEqualTo(VjepaModel.ORIGINAL_PREPROCESSING.name());
    }
}

package dev.fvd.features.i3dtorch;

import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.vit.StateDict;
import dev.fvd.features.vit.VitFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code i3d_pretrained_400.pt}-style state dict (piergiaj names, every width / 8, BatchNorm gamma ≠ 1) imported into the
 * I3D graph, against the float64 rewrite of cd-FVD's {@code pytorch_i3d.py} forward pass and {@code preprocess_i3d}.
 */
class I3dTorchParityTest {
    private static FeatureExtractor extractor;

    @BeforeAll
    static void importSlimCheckpoint() {
        extractor = VitFixtures.open(I3dTorchImport.importCheckpoint(VitFixtures.checkpoint("i3d-torch-slim.pt"),
                I3dTorchModel.ORIGINAL_PREPROCESSING, "i3d-torch-slim-random", false), I3dTorchModel.ORIGINAL_PREPROCESSING);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @ParameterizedTest(name = "clip {0}")
    @ValueSource(strings = {"a", "b", "c", "d"})
    void logitsMatchThePyTorchReference(String clip) {
        float[][] actual = extractor.extract(VitFixtures.clips(clip));
        double rel = VitFixtures.relativeError(actual, VitFixtures.reference("i3dtorch", clip));
        System.out.printf("I3D-torch parity clip %s: max rel error %.3g%n", clip, rel);
        assertThat(rel).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void aMissingBatchNormTensorIsRefusedByName() {
        Map<String, TorchTensor> all = new LinkedHashMap<>(TorchCheckpointReader.read(
                VitFixtures.checkpoint("i3d-torch-slim.pt")));
        all.remove("Mixed_4d.b2b.bn.running_var");
        assertThatThrownBy(() -> I3dTorchImport.toTfLayout(StateDict.under(all, "", "i3d.pt")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("i3d.pt: checkpoint has no tensor 'Mixed_4d.b2b.bn.running_var'");
    }

    @Test
    void anUnknownTensorIsRefusedByName() {
        Map<String, TorchTensor> all = new LinkedHashMap<>(TorchCheckpointReader.read(
                VitFixtures.checkpoint("i3d-torch-slim.pt")));
        all.put("Mixed_6a.b0.conv3d.weight", new TorchTensor("x", new long[] {1}, new float[1], null));
        assertThatThrownBy(() -> I3dTorchImport.toTfLayout(StateDict.under(all, "", "i3d.pt")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unexpected tensor 'Mixed_6a.b0.conv3d.weight'");
    }

    @Test
    void modelDescribesItself() {
        assertThat(extractor.featureDimension()).isEqualTo(400);
        assertThat(extractor.inputSpec().minFrames()).isEqualTo(9);
    }
}

package dev.fvd.features.videomae;

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
 * The imported VideoMAE-v2 graph (reduced width, real key names) against the float64 PyTorch rewrite of cd-FVD's
 * forward pass in test-data/vit/make_reference.py, on clips of several sizes and lengths; b (T/2 = 6) and c (T/2 = 9)
 * exercise the resampled sinusoid table with the reference's (t0 + 0.1)/8 factor.
 */
class VideoMaeParityTest {
    private static FeatureExtractor extractor;

    @BeforeAll
    static void importSlimCheckpoint() {
        extractor = VitFixtures.open(VideoMaeGraph.importCheckpoint(VitFixtures.checkpoint("videomae-slim.pth"),
                VideoMaeModel.ORIGINAL_PREPROCESSING, "videomae-slim-random", false), VideoMaeModel.ORIGINAL_PREPROCESSING);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @ParameterizedTest(name = "clip {0}")
    @ValueSource(strings = {"a", "b", "c", "d"})
    void featuresMatchThePyTorchReference(String clip) {
        float[][] actual = extractor.extract(VitFixtures.clips(clip));
        double rel = VitFixtures.relativeError(actual, VitFixtures.reference("videomae", clip));
        System.out.printf("VideoMAE-v2 parity clip %s: max rel error %.3g%n", clip, rel);
        assertThat(rel).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void modelDescribesItself() {
        assertThat(extractor.featureDimension()).isEqualTo(96);
        assertThat(extractor.protocolName()).isEqualTo(VideoMaeModel.ORIGINAL_PREPROCESSING.name());
        assertThat(extractor.id()).isEqualTo("videomae-slim-random");
    }

    @Test
    void theLegacyFormatRawStateDictGivesTheSameModel() {
        var zip = VideoMaeGraph.importCheckpoint(VitFixtures.checkpoint("videomae-slim.pth"), VideoMaeModel.ORIGINAL_PREPROCESSING, "x",
                false);
        var legacy = VideoMaeGraph.importCheckpoint(VitFixtures.checkpoint("videomae-slim-legacy.pth"),
                VideoMaeModel.ORIGINAL_PREPROCESSING, "x", false);
        assertThat(legacy.getGraph()).isEqualTo(zip.getGraph());
    }

    @Test
    void aFilteredReadOfTheLegacyFormatSkipsTheOtherStorages() {
        var file = VitFixtures.checkpoint("videomae-slim-legacy.pth");
        Map<String, TorchTensor> all = TorchCheckpointReader.read(file);
        Map<String, TorchTensor> block1 = TorchCheckpointReader.read(file, n -> n.startsWith("blocks.1."));
        assertThat(block1).hasSize(13).allSatisfy((name, t) -> {
            assertThat(name).startsWith("blocks.1.");
            assertThat(t.data()).isEqualTo(all.get(name).data());
        });
    }

    @Test
    void sinusoidTableIsTheReferenceFormula() {
        float[] t = VideoMaeGraph.sinusoidTable(2048, 1408);
        // position 5, dims 0 and 1: sin(5), cos(5); dim 100: sin(5 / 10000^(100/1408))
        assertThat(t[5 * 1408]).isEqualTo((float) Math.sin(5));
        assertThat(t[5 * 1408 + 1]).isEqualTo((float) Math.cos(5));
        assertThat(t[5 * 1408 + 100]).isEqualTo((float) Math.sin(5 / Math.pow(10000, 100.0 / 1408)));
    }

    @Test
    void aMissingTensorIsRefusedByName() {
        Map<String, TorchTensor> all = new LinkedHashMap<>(read());
        all.remove("model.blocks.1.attn.v_bias");
        assertThatThrownBy(() -> build(all)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no tensor 'blocks.1.attn.v_bias'");
    }

    @Test
    void aMisShapedTensorIsRefusedByName() {
        Map<String, TorchTensor> all = new LinkedHashMap<>(read());
        all.put("model.blocks.0.norm2.bias", new TorchTensor("x", new long[] {95}, new float[95], null));
        assertThatThrownBy(() -> build(all)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("tensor 'blocks.0.norm2.bias' has shape [95]; expected [96]");
    }

    @Test
    void anUnknownTensorIsRefusedByName() {
        Map<String, TorchTensor> all = new LinkedHashMap<>(read());
        all.put("model.blocks.0.gamma_1", new TorchTensor("x", new long[] {96}, new float[96], null));
        assertThatThrownBy(() -> build(all)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unexpected tensor 'blocks.0.gamma_1'");
    }

    private static Map<String, TorchTensor> read() {
        return TorchCheckpointReader.read(VitFixtures.checkpoint("videomae-slim.pth"));
    }

    private static void build(Map<String, TorchTensor> all) {
        StateDict sd = VideoMaeGraph.stateDict(all, "videomae-slim.pth");
        VideoMaeGraph.build(sd, VideoMaeModel.ORIGINAL_PREPROCESSING, "x", false, Map.of());
    }
}

package dev.fvd.features.vit;

import dev.fvd.datasets.Clip;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.videomae.VideoMaeGraph;
import dev.fvd.features.videomae.VideoMaeModel;
import dev.fvd.features.vjepa.VjepaGraph;
import dev.fvd.features.vjepa.VjepaModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random checkpoints at the real widths (ViT-g 1408/6144, ViT-H 1280/5120) with one block import under the real key
 * names, give the published feature dimensions, serve clips of several lengths (8 and 6 frames: short clips keep the test light; both resample the time tables), and do not
 * depend on the batch.
 */
class FullWidthVitTest {
    @Test
    void videoMaeAtFullWidthGives1408Features() {
        StateDict sd = VideoMaeGraph.stateDict(VitRandomWeights.videoMae(1408, 6144, 1, 1), "random-vit-g");
        try (FeatureExtractor e = VitFixtures.open(VideoMaeGraph.build(sd, VideoMaeModel.ORIGINAL_PREPROCESSING, "videomae-full-width",
                false, Map.of()), VideoMaeModel.ORIGINAL_PREPROCESSING)) {
            assertThat(e.featureDimension()).isEqualTo(VideoMaeModel.FEATURE_DIMENSION);
            assertBatchIndependentAndFinite(e, VideoMaeModel.FEATURE_DIMENSION);
        }
    }

    @Test
    void vjepaAtFullWidthGives1280Features() {
        StateDict enc = VjepaGraph.encoderStateDict(VitRandomWeights.vjepaEncoder(1280, 5120, 1, 2), "random-vit-h");
        StateDict probe = VjepaGraph.probeStateDict(VitRandomWeights.vjepaProbe(1280, 5120, 3), "random-probe");
        try (FeatureExtractor e = VitFixtures.open(VjepaGraph.build(enc, probe, VjepaModel.ORIGINAL_PREPROCESSING, "vjepa-full-width",
                false, Map.of()), VjepaModel.ORIGINAL_PREPROCESSING)) {
            assertThat(e.featureDimension()).isEqualTo(VjepaModel.FEATURE_DIMENSION);
            assertBatchIndependentAndFinite(e, VjepaModel.FEATURE_DIMENSION);
        }
    }

    private static void assertBatchIndependentAndFinite(FeatureExtractor e, int dim) {
        Clip a = clip("a", 8, 1);
        Clip b = clip("b", 8, 2);
        float[][] both = e.extract(List.of(a, b));
        float[][] alone = e.extract(List.of(b));
        assertThat(both[1]).containsExactly(alone[0], org.assertj.core.data.Offset.offset(1e-5f));
        float[][] shorter = e.extract(List.of(clip("c", 6, 3)));
        for (float[] row : List.of(both[0], both[1], shorter[0])) {
            assertThat(row).hasSize(dim);
            for (float v : row) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
        assertThat(both[0]).isNotEqualTo(both[1]);
    }

    private static Clip clip(String name, int frames, long seed) {
        byte[] px = new byte[frames * 40 * 48 * 3];
        new Random(seed).nextBytes(px);
        return new Clip(name, 0, frames, 40, 48, px);
    }
}

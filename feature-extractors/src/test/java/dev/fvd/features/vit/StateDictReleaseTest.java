package dev.fvd.features.vit;

import dev.fvd.features.videomae.VideoMaeGraph;
import dev.fvd.features.videomae.VideoMaeModel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An import's state dict gives each linear weight to the graph once and drops its own copy (ViT-g: 4 GB less heap); a
 * state dict that is not marked releasing can build any number of graphs.
 */
class StateDictReleaseTest {

    @Test
    void aReleasingStateDictDropsTheLinearWeightsItBuilt() {
        StateDict sd = VideoMaeGraph.stateDict(VitRandomWeights.videoMae(64, 96, 1, 1), "random").releasingUsedTensors();
        VideoMaeGraph.build(sd, VideoMaeModel.ORIGINAL_PREPROCESSING, "x", false, Map.of());

        assertThat(sd.asMap().get("blocks.0.mlp.fc1.weight")).isNull();
        assertThat(sd.asMap().get("blocks.0.norm1.weight")).isNotNull(); // small tensors stay
        assertThat(sd.has("blocks.0.mlp.fc1.weight")).isTrue();
        assertThatThrownBy(() -> VideoMaeGraph.build(sd, VideoMaeModel.ORIGINAL_PREPROCESSING, "x", false, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("released into the graph already");
    }

    @Test
    void aPlainStateDictBuildsTwice() {
        StateDict sd = VideoMaeGraph.stateDict(VitRandomWeights.videoMae(64, 96, 1, 1), "random");
        var a = VideoMaeGraph.build(sd, VideoMaeModel.ORIGINAL_PREPROCESSING, "x", false, Map.of());
        var b = VideoMaeGraph.build(sd, VideoMaeModel.ORIGINAL_PREPROCESSING, "x", false, Map.of());
        assertThat(b.getGraph().getInitializerList()).isEqualTo(a.getGraph().getInitializerList());
    }
}

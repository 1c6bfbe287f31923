package dev.fvd.features.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GraphBuilderTest {

    /**
     * x (3×3) = [[-4,-3,-2],[-1,0,1],[2,3,4]] → 1×1 conv to two channels (x + 0.5, −x) → ReLU →
     * concat(MaxPool 2×2 s1, AveragePool 2×2 s1) → Resize 2×2 → 3×3 (linear, asymmetric = TF1 resize_bilinear).
     * Every expected number below is worked out by hand in the comments.
     */
    @Test
    void tinyGraphRunsInOnnxRuntimeWithHandComputedNumbers() throws OrtException {
        GraphBuilder g = new GraphBuilder("tiny", 18);
        String x = g.input("x", ElementType.FLOAT, "N", "1", "3", "3");
        String w = g.initializer("w", new float[] {1f, -1f}, 2, 1, 1, 1);
        String b = g.initializer("b", new float[] {0.5f, 0f}, 2);
        String y = g.relu(g.conv(x, w, b, new long[] {1, 1}, new long[] {1, 1}, new long[] {0, 0, 0, 0}));
        // c0 = relu(x + 0.5) = [[0,0,0],[0,.5,1.5],[2.5,3.5,4.5]]; c1 = relu(-x) = [[4,3,2],[1,0,0],[0,0,0]]
        String max = g.maxPool(y, new long[] {2, 2}, new long[] {1, 1}, new long[] {0, 0, 0, 0});
        String avg = g.averagePool(y, new long[] {2, 2}, new long[] {1, 1}, new long[] {0, 0, 0, 0}, false);
        String cat = g.concat(1, max, avg);
        String up = g.resize(cat, new long[] {1, 4, 3, 3}, "linear", "asymmetric", false);
        g.identity(up, "out");
        g.output("out", ElementType.FLOAT, "N", "4", "3", "3");
        OnnxProto.ModelProto model = g.build(Map.of("fvd.model_id", "tiny"));

        float[] input = {-4, -3, -2, -1, 0, 1, 2, 3, 4};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] out;
        try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 1, 3, 3});
             OrtSession.Result r = session.run(Map.of("x", t))) {
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("fvd.model_id", "tiny");
            float[][][][] v = (float[][][][]) r.get(0).getValue();
            out = new float[36];
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < 3; i++) {
                    System.arraycopy(v[0][c][i], 0, out, c * 9 + i * 3, 3);
                }
            }
        }
        // Max of c0 = [[.5,1.5],[3.5,4.5]]. Asymmetric: src = dst·2/3 → 0, 2/3, 4/3 (neighbour clamped to index 1).
        // Row 0: .5, .5 + (2/3)·1, 1.5; row at 2/3: row0 + (2/3)·3; row 2 = bottom row .
        assertThat(out).startsWith(new float[] {0.5f, 1.1666667f, 1.5f, 2.5f, 3.1666667f, 3.5f, 3.5f, 4.1666667f, 4.5f},
                within(1e-6f));
        // Max of c1 = [[4,3],[1,0]] → corner values appear unchanged at dst (0,0) and (2,2).
        assertThat(out[9]).isEqualTo(4f);
        assertThat(out[17]).isEqualTo(0f);
        // Avg of c0 = [[0.125, .5],[1.625, 2.5]]
        assertThat(out[18]).isCloseTo(0.125f, within(1e-6f));
        assertThat(out[20]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out[24]).isCloseTo(1.625f, within(1e-6f));
        assertThat(out[26]).isCloseTo(2.5f, within(1e-6f));
        // Avg of c1 = [[2, 1.25],[.5, 0]]; (0,1) of the 3×3: .. 2 + (2/3)·(1.25 − 2) = 1.5
        assertThat(out[27]).isCloseTo(2f, within(1e-6f));
        assertThat(out[28]).isCloseTo(1.5f, within(1e-6f));
    }

    @Test
    void rejectsDuplicateNamesAndBadInitializerShapes() {
        GraphBuilder g = new GraphBuilder("dup", 18);
        g.input("x", ElementType.FLOAT, "1");
        assertThatThrownBy(() -> g.initializer("x", new float[] {1}, 1)).hasMessageContaining("'x' is already used");
        assertThatThrownBy(() -> g.initializer("w", new float[] {1, 2}, 3)).hasMessageContaining("need 3");
        assertThatThrownBy(() -> new GraphBuilder("old", 13)).hasMessageContaining("opset >= 18");
    }

    @Test
    void nodeWithSeveralOutputsGetsDistinctNames() {
        GraphBuilder g = new GraphBuilder("split", 18);
        String x = g.input("x", ElementType.FLOAT, "4");
        List<String> outs = g.node("Split", List.of(x), Map.of("num_outputs", 2L), 2);
        assertThat(outs).hasSize(2).doesNotHaveDuplicates();
    }
}

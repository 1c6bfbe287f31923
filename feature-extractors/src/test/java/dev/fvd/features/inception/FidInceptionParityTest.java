package dev.fvd.features.inception;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.Protocols;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java/ONNX Runtime features of the slim random FID-Inception vs the PyTorch reference of
 * {@code test-data/inception/inception_reference.py} (pytorch-fid's FIDInception classes), for every protocol and input size.
 */
class FidInceptionParityTest {
    static final double TOLERANCE = 1e-4;
    private static Map<String, TorchTensor> stateDict;
    private static final Map<String, byte[]> MODELS = new HashMap<>();

    record Case(String name, ExtractionProtocol protocol, int images, int height, int width, long seed, Path features) {
    }

    @BeforeAll
    static void readWeights() {
        stateDict = TorchCheckpointReader.read(InceptionTestData.inception("inception-slim-random.pth"));
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(InceptionTestData.inception("reference/cases.tsv"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            cases.add(new Case(f[0], Protocols.byName(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Long.parseLong(f[5]), InceptionTestData.inception("reference/" + f[6])));
        }
        return cases;
    }

    static float[][] readRows(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        float[][] rows = new float[lines.size()][];
        for (int i = 0; i < rows.length; i++) {
            String[] v = lines.get(i).split("\t");
            rows[i] = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                rows[i][j] = Float.parseFloat(v[j]);
            }
        }
        return rows;
    }

    static float[][] run(byte[] model, byte[] pixels, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor in = OnnxTensor.createTensor(env, ByteBuffer.wrap(pixels), shape, OnnxJavaType.UINT8);
                 OrtSession.Result r = session.run(Map.of(FidInceptionGraph.INPUT, in))) {
                Object v = r.get(0).getValue();
                if (v instanceof float[][] rows) {
                    return rows;
                }
                // preprocessing graphs: [N,3,H,W] → one row per image, CHW flattened
                float[][][][] nchw = (float[][][][]) v;
                float[][] rows = new float[nchw.length][];
                for (int n = 0; n < nchw.length; n++) {
                    int c = nchw[n].length, h = nchw[n][0].length, w = nchw[n][0][0].length;
                    rows[n] = new float[c * h * w];
                    for (int ci = 0; ci < c; ci++) {
                        for (int y = 0; y < h; y++) {
                            System.arraycopy(nchw[n][ci][y], 0, rows[n], (ci * h + y) * w, w);
                        }
                    }
                }
                return rows;
            }
        }
    }

    private static byte[] anySizeModel(ExtractionProtocol p) {
        return MODELS.computeIfAbsent(p.name(), k -> FidInceptionGraph.build(stateDict, p, 0, 0).toByteArray());
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).hasSameSizeAs(b[i]);
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void featuresMatchThePyTorchReferenceForEveryProtocolAndSize() throws Exception {
        StringBuilder report = new StringBuilder();
        for (Case c : cases()) {
            float[][] expected = readRows(c.features());
            float[][] actual = run(anySizeModel(c.protocol()), ReferenceImages.pixels(c.images(), c.height(), c.width(),
                    c.seed()), c.images(), c.height(), c.width(), 3);
            double err = maxAbsDiff(actual, expected);
            report.append(String.format("%-22s max |Java − PyTorch| = %.3g%n", c.name(), err));
            assertThat(err).as(c.name()).isLessThanOrEqualTo(TOLERANCE);
        }
        System.out.print(report);
    }

    @Test
    void aFixed299GraphWithoutResizeGivesTheSameTturFeatures() throws Exception {
        Case c = cases().stream().filter(k -> k.name().equals("ttur-299x299")).findFirst().orElseThrow();
        OnnxProto.ModelProto fixed = FidInceptionGraph.build(stateDict, Protocols.TTUR, 299, 299);
        assertThat(fixed.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Resize"));
        float[][] actual = run(fixed.toByteArray(), ReferenceImages.pixels(c.images(), 299, 299, c.seed()),
                c.images(), 299, 299, 3);
        assertThat(maxAbsDiff(actual, readRows(c.features()))).isLessThanOrEqualTo(TOLERANCE);
    }

    /** ONNX Resize(cubic, a=−0.5, antialias, exclude_outside) vs PIL 9.4 BICUBIC on float images, 0..255 scale. */
    @Test
    void cleanResizeMatchesPilBicubic() throws Exception {
        for (int[] size : new int[][] {{64, 64, 2}, {333, 250, 3}}) {
            float[][] pil = readRows(InceptionTestData.inception("reference/clean-resize-" + size[0] + "x" + size[1]
                    + ".tsv"));
            byte[] model = FidInceptionGraph.preprocessing(Protocols.CLEAN, 0, 0).toByteArray();
            float[] x = run(model, ReferenceImages.pixels(1, size[0], size[1], size[2]), 1, size[0], size[1], 3)[0];
            double max = 0;
            for (int r = 0; r < pil.length; r++) {
                for (int col = 0; col < pil[r].length / 3; col++) {
                    for (int ch = 0; ch < 3; ch++) {
                        float onnx = x[(ch * 299 + r * 7) * 299 + col * 7] * 128f + 128f;
                        double d = Math.abs(onnx - pil[r][col * 3 + ch]);
                        if (d > 1e-4) System.out.printf("  r=%d c=%d ch=%d onnx=%.6f pil=%.6f%n", r * 7, col * 7, ch, onnx, pil[r][col * 3 + ch]);
                        max = Math.max(max, d);
                    }
                }
            }
            System.out.printf("clean resize %dx%d: max |ONNX − PIL| = %.3g (0..255 scale)%n", size[0], size[1], max);
        }
    }
}

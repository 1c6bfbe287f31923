package dev.fvd.features.inception;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.datasets.resize.FrameResizer;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.inception.FidInceptionGraph.ResizeLocation;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
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
        return cases(InceptionTestData.inception("reference"));
    }

    /** The parity cases listed in {@code referenceDir/cases.tsv}. */
    static List<Case> cases(Path referenceDir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(referenceDir.resolve("cases.tsv"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            cases.add(new Case(f[0], ReferenceProtocols.byName(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Long.parseLong(f[5]), referenceDir.resolve(f[6])));
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
        try (OnnxTensor in = OnnxTensor.createTensor(env, ByteBuffer.wrap(pixels), shape, OnnxJavaType.UINT8)) {
            return run(model, in);
        }
    }

    static float[][] run(byte[] model, float[] values, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
            return run(model, in);
        }
    }

    private static float[][] run(byte[] model, OnnxTensor in) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
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

    private static byte[] model(ExtractionProtocol p, ResizeLocation location) {
        return MODELS.computeIfAbsent(p.name() + "/" + location, k -> FidInceptionGraph.build(stateDict, p, location, 0, 0,
                "inception-slim-random", false, Map.of()).toByteArray());
    }

    /** The protocol's resize done by {@code FrameResizer} (datasets), NHWC 0..255 floats, one image after the other. */
    static float[] resizedByCaller(ExtractionProtocol p, byte[] pixels, int n, int h, int w) {
        FrameResizer resizer = FrameResizer.of(p.resize(), CropMode.SQUASH, 299, 299);
        float[] out = new float[n * 299 * 299 * 3];
        for (int i = 0; i < n; i++) {
            float[] one = resizer.resize(java.util.Arrays.copyOfRange(pixels, i * h * w * 3, (i + 1) * h * w * 3), h, w);
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }

    /** Features of the model with the resize in the graph, or done by FrameResizer before a float-input graph. */
    static float[][] features(Case c, ResizeLocation location) throws OrtException {
        byte[] pixels = ReferenceImages.pixels(c.images(), c.height(), c.width(), c.seed());
        if (location == ResizeLocation.CALLER) {
            return run(model(c.protocol(), location), resizedByCaller(c.protocol(), pixels, c.images(), c.height(),
                    c.width()), c.images(), 299, 299, 3);
        }
        return run(model(c.protocol(), location), pixels, c.images(), c.height(), c.width(), 3);
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
        for (Case c : cases()) {
            float[][] expected = readRows(c.features());
            double err = maxAbsDiff(features(c, ResizeLocation.IN_GRAPH), expected);
            System.out.printf("%-22s IN_GRAPH max |Java − PyTorch| = %.3g%n", c.name(), err);
            assertThat(err).as(c.name()).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void logitsWithoutTheFcBiasMatchTheReferenceAndTheFeaturesStayTheDefaultOutput() throws Exception {
        for (Case c : cases()) {
            byte[] model = model(c.protocol(), ResizeLocation.defaultFor(c.protocol()));
            byte[] pixels = ReferenceImages.pixels(c.images(), c.height(), c.width(), c.seed());
            int bytes = c.height() * c.width() * 3;
            List<dev.fvd.datasets.Clip> clips = new ArrayList<>();
            for (int i = 0; i < c.images(); i++) {
                clips.add(new dev.fvd.datasets.Clip(c.name() + "#" + i, i, 1, c.height(), c.width(),
                        java.util.Arrays.copyOfRange(pixels, i * bytes, (i + 1) * bytes)));
            }
            String logitsFile = c.features().getFileName().toString().replace(".tsv", "-logits.tsv");
            float[][] expected = readRows(c.features().resolveSibling(logitsFile));
            try (dev.fvd.features.FeatureExtractor fx = dev.fvd.features.FeatureExtractors.open(model, c.name(),
                    c.protocol(), null, dev.fvd.features.ExtractorOptions.defaults())) {
                assertThat(fx.outputNames()).containsExactly(FidInceptionGraph.OUTPUT, FidInceptionGraph.LOGITS);
                float[][] logits = fx.extract(clips, FidInceptionGraph.LOGITS);
                assertThat(logits[0]).hasSize(63); // 1008 / 16 in the slim fixture
                assertThat(maxAbsDiff(logits, expected)).as(c.name()).isLessThanOrEqualTo(TOLERANCE);
                assertThat(maxAbsDiff(fx.extract(clips), readRows(c.features()))).as(c.name())
                        .isLessThanOrEqualTo(TOLERANCE);
                // both outputs from one run of the network (FID and the Inception Score together) are the same rows
                var both = fx.extract(clips, List.of(FidInceptionGraph.OUTPUT, FidInceptionGraph.LOGITS));
                assertThat(both.get(FidInceptionGraph.LOGITS)).isDeepEqualTo(logits);
                assertThat(both.get(FidInceptionGraph.OUTPUT)).isDeepEqualTo(fx.extract(clips));
            }
        }
    }

    @Test
    void aFixed299GraphWithoutResizeGivesTheSameTturFeatures() throws Exception {
        Case c = cases().stream().filter(k -> k.name().equals("ttur-299x299")).findFirst().orElseThrow();
        OnnxProto.ModelProto fixed = FidInceptionGraph.build(stateDict, ReferenceProtocols.TTUR, 299, 299);
        assertThat(fixed.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Resize")
                || n.getOpType().equals("Gather"));
        float[][] actual = run(fixed.toByteArray(), ReferenceImages.pixels(c.images(), 299, 299, c.seed()),
                c.images(), 299, 299, 3);
        assertThat(maxAbsDiff(actual, readRows(c.features()))).isLessThanOrEqualTo(TOLERANCE);
    }

    /** The in-graph bilinear resizes are value-identical to FrameResizer (datasets), which matches TF1 / torch. */
    @Test
    void inGraphBilinearResizesEqualFrameResizer() throws Exception {
        for (int[] size : new int[][] {{64, 64, 2}, {333, 250, 3}}) {
            byte[] pixels = ReferenceImages.pixels(1, size[0], size[1], size[2]);
            float[] ttur = run(FidInceptionGraph.preprocessing(ReferenceProtocols.TTUR, 0, 0).toByteArray(), pixels, 1, size[0],
                    size[1], 3)[0];
            float[] tf1 = FrameResizer.of(ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, 299, 299).resize(pixels, size[0],
                    size[1]);
            float[] torch = run(FidInceptionGraph.preprocessing(ReferenceProtocols.PYTORCH_FID, 0, 0).toByteArray(), pixels, 1,
                    size[0], size[1], 3)[0];
            float[] torchJava = FrameResizer.of(ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 299, 299).resize(pixels,
                    size[0], size[1]);
            double torchMax = 0;
            for (int y = 0; y < 299; y++) {
                for (int x = 0; x < 299; x++) {
                    for (int c = 0; c < 3; c++) {
                        int chw = (c * 299 + y) * 299 + x;
                        int hwc = (y * 299 + x) * 3 + c;
                        // ttur: (r − 128)·(1/128) of the same float r
                        assertThat(ttur[chw]).isEqualTo((tf1[hwc] - 128f) * (1f / 128f));
                        // pytorch-fid resizes x/255, FrameResizer resizes x: equal up to the scaling's rounding
                        torchMax = Math.max(torchMax, Math.abs(torch[chw] - (2f * (torchJava[hwc] / 255f) - 1f)));
                    }
                }
            }
            assertThat(torchMax).isLessThan(1e-6);
        }
    }

    /** The exact clean path: FrameResizer PIL_BICUBIC (datasets) in Java, then the float 299² input graph. */
    @Test
    void cleanWithTheResizeInJavaMatchesThePilReference() throws Exception {
        for (Case c : cases()) {
            if (c.protocol() == ReferenceProtocols.CLEAN) {
                double err = maxAbsDiff(features(c, ResizeLocation.CALLER), readRows(c.features()));
                System.out.printf("%-22s CALLER   max |Java − PyTorch| = %.3g%n", c.name(), err);
                assertThat(err).as(c.name()).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    /**
     * Why clean needs the resize in Java for exact pixels: FrameResizer PIL_BICUBIC matches PIL 9.4 to 1e-4 on 0..255 pixels, ONNX Runtime's
     * Resize(cubic, a=−0.5, antialias, exclude_outside) does not (float coordinates and weights; measured 6e-4 / 3.3e-3).
     */
    @Test
    void cleanResizePixelsFrameResizerMatchesPilWhileOnnxResizeIsOnlyClose() throws Exception {
        byte[] onnxResize = FidInceptionGraph.preprocessing(ReferenceProtocols.CLEAN, 0, 0).toByteArray();
        for (int[] size : new int[][] {{64, 64, 2}, {333, 250, 3}}) {
            float[][] pil = readRows(InceptionTestData.inception("reference/clean-resize-" + size[0] + "x" + size[1]
                    + ".tsv"));
            byte[] pixels = ReferenceImages.pixels(1, size[0], size[1], size[2]);
            float[] onnx = run(onnxResize, pixels, 1, size[0], size[1], 3)[0];  // CHW, (x − 128)/128
            float[] java = FrameResizer.of(ResizeMethod.PIL_BICUBIC, CropMode.SQUASH, 299, 299)
                    .resize(pixels, size[0], size[1]);                          // HWC, 0..255
            double onnxMax = 0;
            double javaMax = 0;
            for (int r = 0; r < pil.length; r++) {
                for (int col = 0; col < pil[r].length / 3; col++) {
                    for (int ch = 0; ch < 3; ch++) {
                        float expected = pil[r][col * 3 + ch];
                        float o = onnx[(ch * 299 + r * 7) * 299 + col * 7] * 128f + 128f;
                        float j = java[((r * 7) * 299 + col * 7) * 3 + ch];
                        onnxMax = Math.max(onnxMax, Math.abs(o - expected));
                        javaMax = Math.max(javaMax, Math.abs(j - expected));
                    }
                }
            }
            System.out.printf("clean resize %dx%d→299²: max |FrameResizer − PIL| = %.3g, max |ONNX Resize − PIL| = %.3g%n",
                    size[0], size[1], javaMax, onnxMax);
            assertThat(javaMax).isLessThanOrEqualTo(TOLERANCE);
            assertThat(onnxMax).isLessThan(0.01);
        }
    }
}

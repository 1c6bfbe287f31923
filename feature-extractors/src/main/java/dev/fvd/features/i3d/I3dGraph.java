package dev.fvd.features.i3d;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.checkpoint.tf.TensorEntry;
import dev.fvd.features.checkpoint.tf.TfCheckpointReader;
import dev.fvd.features.onnx.BilinearResize;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the I3D feature network (DeepMind kinetics-i3d {@code i3d.py}, RGB stream, Inception-v1 inflated) as an ONNX
 * graph from a TF checkpoint, with the protocol's preprocessing inside the graph.
 *
 * <pre>
 * video uint8 [N, T, H, W, 3] → exact bilinear resize per protocol (BilinearResize: gather uint8 source pixels, float
 *   arithmetic of TF1 / torch; videogpt: short side + centre crop) → float [N, T, 224, 224, 3] → Transpose NTCHW
 *   → x·scale + offset → stem as 2-D convolutions over the frames → NCTHW → I3D → features float [N, 400]
 * </pre>
 *
 * <ul>
 *   <li>Unit3D = Conv3d (no bias) → BatchNorm (no gamma) → ReLU; the BatchNorm is folded into the conv
 *       ({@code s = 1/√(var+eps)}, {@code W' = W·s}, {@code b' = beta − mean·s}; REFERENCE.md §1) with the protocol's eps
 *       (1e-3, VideoGPT 1e-5).</li>
 *   <li>TF "SAME" padding is ONNX {@code auto_pad = SAME_UPPER} (same rule: {@code pad = max((⌈in/s⌉−1)s + k − in, 0)},
 *       {@code before = pad/2}). The spatial size is fixed (224) after the in-graph resize, so the spatial pads equal the
 *       explicit TF pads; using auto_pad keeps the time axis dynamic, so one model serves clips of any length ≥ 9.</li>
 *   <li>Conv weights {@code [kT,kH,kW,Cin,Cout]} → ONNX {@code [Cout,Cin,kT,kH,kW]} ({@code w.transpose(4,3,0,1,2)}).
 *       Channel widths are read from the tensor shapes, so width-reduced test checkpoints import too.</li>
 *   <li>Logits: AvgPool (2,7,7) stride 1 VALID → 1×1×1 conv with bias → mean over the remaining time steps
 *       ({@code RGB/inception_i3d/Mean:0} of the TF-Hub module).</li>
 * </ul>
 */
public final class I3dGraph {
    /** Variable scope of the RGB stream in the DeepMind checkpoints. */
    public static final String SCOPE = "RGB/inception_i3d/";
    public static final String INPUT = "video";
    public static final String OUTPUT = "features";
    static final String[] MIXED = {"Mixed_3b", "Mixed_3c", "Mixed_4b", "Mixed_4c", "Mixed_4d", "Mixed_4e", "Mixed_4f",
        "Mixed_5b", "Mixed_5c"};

    /** The Inception blocks in network order ({@code Mixed_3b} … {@code Mixed_5c}), for importers of other layouts. */
    public static List<String> mixedBlocks() {
        return List.of(MIXED);
    }

    /** The branch-2 3×3×3 conv name of a block ({@code Conv3d_0b_3x3}; {@code Conv3d_0a_3x3} in Mixed_5b, a typo). */
    public static String branch2Conv(String block) {
        return block.equals("Mixed_5b") ? "Conv3d_0a_3x3" : "Conv3d_0b_3x3";
    }

    /** Symbolic batch of the stem's frame-wise convolutions: N·⌈T/2⌉. */
    private static final String STEM_FRAMES = "stem_frames";

    private static final java.util.regex.Pattern KERNEL_IN_NAME =
            java.util.regex.Pattern.compile("_(\\d)x\\1/conv_3d/w$");

    private final Map<String, FloatTensor> weights;
    private final GraphBuilder g;
    private final float eps;
    /** Channel count of each graph value built so far, to check every weight against the layer it feeds. */
    private final Map<String, Long> channels = new java.util.HashMap<>();

    private I3dGraph(Map<String, FloatTensor> weights, double eps) {
        this.weights = weights;
        this.eps = (float) eps;
        this.g = new GraphBuilder("i3d", GraphBuilder.MIN_OPSET);
    }

    /**
     * Imports a DeepMind kinetics-i3d TF checkpoint as an ONNX feature model for {@code protocol}.
     * The entry point for {@code ModelStore} / {@code fvd models import}.
     *
     * @param indexFile  {@code model.ckpt.index}
     * @param dataFile   {@code model.ckpt.data-00000-of-00001} (every tensor's crc32c is verified)
     * @param protocol   an FVD protocol ({@code tf}, {@code stylegan-v}, {@code videogpt})
     * @param modelId    id written to the metadata, e.g. {@code i3d-kinetics400}
     * @param canonical  whether these are the published weights (metadata {@code fvd.canonical})
     * @return the serialized ONNX model, with {@link ModelMetadata} keys in {@code metadata_props}
     * @throws InvalidModelException naming the file when a tensor is missing, mis-shaped or corrupt
     */
    public static byte[] importI3d(Path indexFile, Path dataFile, ExtractionProtocol protocol, String modelId,
                                   boolean canonical) {
        Map<String, FloatTensor> weights = readCheckpoint(indexFile, dataFile);
        Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put(indexFile.getFileName().toString(), ModelMetadata.sha256(indexFile));
        checksums.put(dataFile.getFileName().toString(), ModelMetadata.sha256(dataFile));
        try {
            return build(weights, protocol, modelId, canonical, checksums).toByteArray();
        } catch (InvalidModelException e) {
            throw new InvalidModelException(indexFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every tensor of a kinetics-i3d TF checkpoint (each one's masked crc32c verified), by checkpoint name.
     *
     * @throws InvalidModelException naming the file when it is not a readable TF tensor bundle
     */
    public static Map<String, FloatTensor> readCheckpoint(Path indexFile, Path dataFile) {
        TfCheckpointReader reader = TfCheckpointReader.open(indexFile);
        Map<String, float[]> values = reader.readAll(dataFile);
        Map<String, FloatTensor> weights = new LinkedHashMap<>();
        for (TensorEntry e : reader.tensors().values()) {
            weights.put(e.name(), new FloatTensor(e.shape(), values.get(e.name())));
        }
        return weights;
    }

    /** Builds the model from weights already in memory (TF names and layouts), labelled by {@code identity}. */
    public static OnnxProto.ModelProto build(Map<String, FloatTensor> weights, ExtractionProtocol protocol,
                                             dev.fvd.features.ModelIdentity identity) {
        return build(weights, protocol, identity.modelId(), identity.canonical(), identity.sourceChecksums());
    }

    /** Builds the model from weights already in memory (TF names and layouts). */
    public static OnnxProto.ModelProto build(Map<String, FloatTensor> weights, ExtractionProtocol protocol, String modelId,
                                             boolean canonical, Map<String, String> sourceChecksums) {
        if (!"fvd".equals(protocol.metric())) {
            throw new IllegalArgumentException("protocol " + protocol.name() + " is for " + protocol.metric()
                    + "; I3D needs an FVD protocol (tf, stylegan-v, videogpt)");
        }
        I3dGraph graph = new I3dGraph(weights, protocol.batchNormEps());
        String x = graph.preprocess(protocol);
        String features = graph.network(x, protocol.size());
        int classes = (int) weights.get(SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/b").shape()[0];
        graph.g.identity(features, OUTPUT);
        graph.g.output(OUTPUT, ElementType.FLOAT, "N", String.valueOf(classes));
        ModelMetadata metadata = new ModelMetadata(modelId, protocol.name(), classes, dev.fvd.datasets.MediaKind.VIDEO, 9,
                canonical, sourceChecksums);
        return graph.g.build(metadata.toProperties());
    }

    /**
     * Only the in-graph resize of {@code protocol} (no scaling, no network): uint8 {@code [N,T,H,W,3]} → float
     * {@code [N,3,T,size,size]} in 0–255. Lets tests hold ONNX Runtime's Resize against the Java {@code FrameResizer}.
     */
    static OnnxProto.ModelProto resizeOnly(ExtractionProtocol protocol) {
        I3dGraph graph = new I3dGraph(Map.of(), protocol.batchNormEps());
        String x = graph.resized(protocol);
        graph.g.identity(x, OUTPUT);
        graph.g.output(OUTPUT, ElementType.FLOAT, "N", "3", "T", String.valueOf(protocol.size()),
                String.valueOf(protocol.size()));
        return graph.g.build(Map.of());
    }

    // ---------------------------------------------------------------- preprocessing (REFERENCE.md §1, Protocols)

    /** The network input {@code [N, T, 3, size, size]}: frames major, so the stem can run them as images. */
    private String preprocess(ExtractionProtocol p) {
        String x = g.add(g.mul(g.transpose(resizedFrames(p), 0, 1, 4, 2, 3), (float) p.scale()), (float) p.offset());
        channels.put(x, 3L);
        return x;
    }

    private String resized(ExtractionProtocol p) {
        return g.transpose(resizedFrames(p), 0, 4, 1, 2, 3); // NCTHW
    }

    /** The protocol's resize: uint8 {@code [N,T,H,W,3]} → float {@code [N,T,size,size,3]}. */
    private String resizedFrames(ExtractionProtocol p) {
        String in = g.input(INPUT, ElementType.UINT8, "N", "T", "H", "W", "3");
        // exact TF1 / torch bilinear written out in ONNX ops (the ONNX Resize op is off by up to 0.009 levels); the needed
        // source pixels are gathered as uint8, so only the 224² result is ever float
        return BilinearResize.resize(g, in, 5, 2, 3, p.resize(), p.crop(), p.size());
    }


    // ---------------------------------------------------------------- network (DeepMind i3d.py)

    private String network(String x, int size) {
        x = stem(x, size);
        x = unit(x, "Conv3d_2b_1x1", ones());
        x = unit(x, "Conv3d_2c_3x3", ones());
        x = maxPool(x, new long[] {1, 3, 3}, new long[] {1, 2, 2});
        for (String mixed : MIXED) {
            if (mixed.equals("Mixed_4b")) {
                x = maxPool(x, new long[] {3, 3, 3}, new long[] {2, 2, 2});
            } else if (mixed.equals("Mixed_5b")) {
                x = maxPool(x, new long[] {2, 2, 2}, new long[] {2, 2, 2});
            }
            x = inception(x, mixed);
        }
        long pooled = channels.get(x);
        x = g.averagePool(x, new long[] {2, 7, 7}, ones(), new long[] {0, 0, 0, 0, 0, 0}, false);
        FloatTensor w = tensor(SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/w", 5);
        FloatTensor b = tensor(SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/b", 1);
        long[] s = w.shape();
        requireInputChannels(SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/w", s, pooled);
        if (b.shape()[0] != s[4]) {
            throw new InvalidModelException("logits bias has " + b.shape()[0] + " classes, weight " + s[4]);
        }
        String wName = g.initializer("Logits/w", transpose(w.values(), s, null), s[4], s[3], s[0], s[1], s[2]);
        String bName = g.initializer("Logits/b", b.values(), s[4]);
        x = g.conv(x, wName, bName, new long[] {s[0], s[1], s[2]}, ones(), new long[] {0, 0, 0, 0, 0, 0});
        return g.reduceMean(x, new long[] {2, 3, 4}, false);
    }

    private String inception(String x, String block) {
        String b2 = branch2Conv(block); // typo kept in the checkpoint
        String b0 = unit(x, block + "/Branch_0/Conv3d_0a_1x1", ones());
        String b1 = unit(unit(x, block + "/Branch_1/Conv3d_0a_1x1", ones()), block + "/Branch_1/Conv3d_0b_3x3", ones());
        String c2 = unit(unit(x, block + "/Branch_2/Conv3d_0a_1x1", ones()), block + "/Branch_2/" + b2, ones());
        String b3 = unit(maxPool(x, new long[] {3, 3, 3}, ones()), block + "/Branch_3/Conv3d_0b_1x1", ones());
        String out = g.concat(1, b0, b1, c2, b3);
        channels.put(out, channels.get(b0) + channels.get(b1) + channels.get(c2) + channels.get(b3));
        return out;
    }

    /**
     * {@code Conv3d_1a_7x7} (stride 2, TF SAME) → ReLU → MaxPool 1×3×3 stride (1, 2, 2) on {@code [N, T, 3, size, size]},
     * with the frames as a batch of images: the time axis is padded as TF SAME pads it ({@code pad = max((⌈T/2⌉−1)·2 + 7 − T,
     * 0)}, {@code before = pad/2}), and output frame {@code t} is the sum over {@code kt} of a 2-D 7×7 stride-2 convolution
     * of padded frame {@code 2t + kt} with the kernel's slice {@code kt}. The same sum as the Conv3d in another order
     * (float32 reordering only), but ONNX Runtime runs 2-D convolutions in its NCHWc layout directly, without the
     * 343-tap im2col of a 3-channel 3-D convolution (measured with {@code I3dBench --compare}, README "Benchmark").
     *
     * @return {@code [N, 64, ⌈T/2⌉, size/4, size/4]} (NCTHW, rounded up)
     */
    private String stem(String x, int size) {
        Folded c = folded("Conv3d_1a_7x7", x);
        long[] s = c.shape(); // [kT, kH, kW, Cin, Cout]
        int kt = (int) s[0];
        long stride = 2;
        String shape = g.node("Shape", List.of(x), null);
        String n = g.node("Gather", List.of(shape, g.initializerInt64(g.freshName("axis0"), new long[] {0}, 1)),
                Map.of("axis", 0L));
        String t = g.node("Gather", List.of(shape, g.initializerInt64(g.freshName("axis1"), new long[] {1}, 1)),
                Map.of("axis", 0L));
        String one = g.initializerInt64(g.freshName("one"), new long[] {1}, 1);
        String strideT = g.initializerInt64(g.freshName("stride"), new long[] {stride}, 1);
        // TF SAME in time: outT = ⌈T/s⌉, pad = max((outT − 1)·s + k − T, 0), before = pad / 2
        String outT = g.node("Div", List.of(g.node("Add", List.of(t, one), null), strideT), null);
        String span = g.node("Mul", List.of(g.node("Sub", List.of(outT, one), null), strideT), null); // (outT − 1)·s
        String pad = g.node("Max", List.of(g.node("Sub", List.of(g.node("Add", List.of(span,
                g.initializerInt64(g.freshName("k"), new long[] {kt}, 1)), null), t), null),
                g.initializerInt64(g.freshName("zero"), new long[] {0}, 1)), null);
        String before = g.node("Div", List.of(pad, g.initializerInt64(g.freshName("two"), new long[] {2}, 1)), null);
        String after = g.node("Sub", List.of(pad, before), null);
        String zeros3 = g.initializerInt64(g.freshName("zeros"), new long[] {0, 0, 0}, 3);
        String zero1 = g.initializerInt64(g.freshName("zero"), new long[] {0}, 1);
        String pads = g.node("Concat", List.of(zero1, before, zeros3, zero1, after, zeros3), Map.of("axis", 0L));
        String padded = g.node("Pad", List.of(x, pads), Map.of("mode", "constant"));
        String axes = g.initializerInt64(g.freshName("axes"), new long[] {1}, 1);
        String sum = null;
        int cin = (int) s[3];
        int cout = (int) s[4];
        int kh = (int) s[1];
        int kw = (int) s[2];
        long half = (size + stride - 1) / stride;
        for (int k = 0; k < kt; k++) {
            String start = g.initializerInt64(g.freshName("start"), new long[] {k}, 1);
            String end = g.node("Add", List.of(span, g.initializerInt64(g.freshName("end"), new long[] {k + 1}, 1)), null);
            String frames = g.reshape(g.node("Slice", List.of(padded, start, end, axes, strideT), null), -1, cin, size, size);
            // one symbolic batch (N·⌈T/2⌉ frames) for all seven, so ORT can prove the Adds' inputs equal in shape and fuse
            // each Add into its Conv (NCHWc "Sum" input)
            g.declareShape(frames, ElementType.FLOAT, STEM_FRAMES, String.valueOf(cin), String.valueOf(size),
                    String.valueOf(size));
            float[] wk = new float[cout * cin * kh * kw];
            for (int oc = 0; oc < cout * cin; oc++) { // [Cout, Cin, kT, kH, kW] → slice kt: [Cout, Cin, kH, kW]
                System.arraycopy(c.weight(), (oc * kt + k) * kh * kw, wk, oc * kh * kw, kh * kw);
            }
            List<String> in = new java.util.ArrayList<>(List.of(frames,
                    g.initializer("Conv3d_1a_7x7/w_t" + k, wk, cout, cin, kh, kw)));
            if (k == 0) {
                in.add(g.initializer("Conv3d_1a_7x7/b", c.bias(), cout));
            }
            String conv = g.node("Conv", in, Map.of("kernel_shape", new long[] {kh, kw},
                    "strides", new long[] {stride, stride}, "auto_pad", "SAME_UPPER"));
            g.declareShape(conv, ElementType.FLOAT, STEM_FRAMES, String.valueOf(cout), String.valueOf(half),
                    String.valueOf(half));
            sum = sum == null ? conv : g.node("Add", List.of(sum, conv), null);
        }
        String pooled = g.node("MaxPool", List.of(g.relu(sum)), Map.of("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER"));
        long side = (half + 1) / 2; // ⌈⌈size/2⌉/2⌉
        String back = g.node("Concat", List.of(n, g.initializerInt64(g.freshName("shape"),
                new long[] {-1, cout, side, side}, 4)), Map.of("axis", 0L));
        String out = g.transpose(g.node("Reshape", List.of(pooled, back), null), 0, 2, 1, 3, 4); // NCTHW
        channels.put(out, (long) cout);
        return out;
    }

    /** A conv's weights {@code [Cout, Cin, kT, kH, kW]} and bias with its BatchNorm folded in, TF shape kept. */
    private record Folded(float[] weight, float[] bias, long[] shape) {
    }

    /** Unit3D with the BatchNorm folded into the convolution. */
    private String unit(String x, String scope, long[] strides) {
        Folded f = folded(scope, x);
        long[] s = f.shape();
        int cout = (int) s[4];
        String wName = g.initializer(scope + "/w", f.weight(), s[4], s[3], s[0], s[1], s[2]);
        String bName = g.initializer(scope + "/b", f.bias(), cout);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {s[0], s[1], s[2]});
        attrs.put("strides", strides);
        attrs.put("auto_pad", "SAME_UPPER");
        String out = g.relu(g.node("Conv", List.of(x, wName, bName), attrs));
        channels.put(out, (long) cout);
        return out;
    }

    /** The weights of Unit3D {@code scope} applied to {@code x}, BatchNorm folded ({@code W' = W·s}, {@code b' = β − μs}). */
    private Folded folded(String scope, String x) {
        FloatTensor w = tensor(SCOPE + scope + "/conv_3d/w", 5);
        long[] s = w.shape();
        requireInputChannels(SCOPE + scope + "/conv_3d/w", s, channels.get(x));
        int cout = (int) s[4];
        float[] beta = tensor(SCOPE + scope + "/batch_norm/beta", 1).values();
        float[] mean = tensor(SCOPE + scope + "/batch_norm/moving_mean", 1).values();
        float[] var = tensor(SCOPE + scope + "/batch_norm/moving_variance", 1).values();
        if (beta.length != cout || mean.length != cout || var.length != cout) {
            throw new InvalidModelException(scope + ": batch_norm has " + beta.length + " channels, conv " + cout);
        }
        double[] scale = new double[cout];
        float[] bias = new float[cout];
        for (int c = 0; c < cout; c++) {
            scale[c] = 1.0 / Math.sqrt((double) var[c] + eps);
            bias[c] = (float) (beta[c] - mean[c] * scale[c]);
        }
        return new Folded(transpose(w.values(), s, scale), bias, s);
    }

    /**
     * A conv weight {@code [kT,kH,kW,Cin,Cout]} must have the cubic kernel its DeepMind {@code i3d.py} name says
     * ({@code Conv3d_1a_7x7} → 7×7×7, {@code _3x3} → 3×3×3, {@code _1x1} → 1×1×1) and take the channels of the value it is
     * applied to.
     */
    private static void requireInputChannels(String name, long[] shape, Long inputChannels) {
        java.util.regex.Matcher m = KERNEL_IN_NAME.matcher(name);
        if (m.find()) {
            long k = Long.parseLong(m.group(1));
            if (shape[0] != k || shape[1] != k || shape[2] != k) {
                throw new InvalidModelException("tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                        + ": its kernel should be " + k + "x" + k + "x" + k + " as the name says");
            }
        }
        if (inputChannels != null && shape[3] != inputChannels) {
            throw new InvalidModelException("tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                    + ": it takes " + shape[3] + " input channels, but the layer before gives " + inputChannels);
        }
    }

    /** MaxPool with TF SAME padding; padded cells never win (ONNX pads pools with −inf). */
    private String maxPool(String x, long[] kernel, long[] strides) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", kernel);
        attrs.put("strides", strides);
        attrs.put("auto_pad", "SAME_UPPER");
        String out = g.node("MaxPool", List.of(x), attrs);
        channels.put(out, channels.get(x));
        return out;
    }

    /** {@code [kT,kH,kW,Cin,Cout]} → {@code [Cout,Cin,kT,kH,kW]}, each output channel multiplied by {@code scale[o]}. */
    static float[] transpose(float[] w, long[] s, double[] scale) {
        int kt = (int) s[0];
        int kh = (int) s[1];
        int kw = (int) s[2];
        int cin = (int) s[3];
        int cout = (int) s[4];
        float[] out = new float[w.length];
        int src = 0;
        for (int t = 0; t < kt; t++) {
            for (int h = 0; h < kh; h++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < cin; i++) {
                        for (int o = 0; o < cout; o++) {
                            double v = w[src++];
                            if (scale != null) {
                                v *= scale[o];
                            }
                            out[(((o * cin + i) * kt + t) * kh + h) * kw + x] = (float) v;
                        }
                    }
                }
            }
        }
        return out;
    }

    private FloatTensor tensor(String name, int rank) {
        FloatTensor t = weights.get(name);
        if (t == null) {
            throw new InvalidModelException("checkpoint has no tensor '" + name + "' (not a kinetics-i3d RGB checkpoint?)");
        }
        if (t.shape().length != rank) {
            throw new InvalidModelException("tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                    + "; expected rank " + rank);
        }
        return t;
    }

    private static long[] ones() {
        return new long[] {1, 1, 1};
    }
}

package dev.fvd.features.inception;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.onnx.BilinearResize;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the FID-Inception network (pool3 features) as an ONNX graph from a PyTorch state dict with torchvision
 * {@code Inception3} names, with the FID protocol's preprocessing inside the graph (REFERENCE.md §2).
 *
 * <pre>
 * images uint8 [N, H, W, 3] → Cast float → Transpose NCHW → per protocol:
 *   ttur        TF1 resize_bilinear (BilinearResize, exact) to 299² → (x − 128) / 128
 *   pytorch-fid x / 255 → torch F.interpolate bilinear, align_corners=False (BilinearResize, exact) to 299² → 2x − 1
 *   clean       (IN_GRAPH only) Resize cubic (a = −0.5, antialias, exclude_outside; PIL BICUBIC) to 299² → clip 0..255
 *               → (x − 128) / 128
 * → Inception3 trunk → global average pool → features float [N, C] (C = 2048 for the real weights)
 *
 * resized input ({@link ResizeLocation#CALLER}):
 * images float [N, 299, 299, 3], 0..255, already resized by the caller → Transpose NCHW → (x − 128) / 128 → trunk
 * </pre>
 *
 * <p>{@code clean} and exactness: ONNX Runtime's antialiased cubic Resize follows PIL's algorithm but computes coordinates
 * and weights in float, PIL in double; on 0..255 noise images the resized pixels differ by up to 6e-4 (64→299) and 3.3e-3
 * (333×250→299), above the 1e-4 we require of a resize step, although pool3 features still agree with the PyTorch/PIL
 * reference to 6e-6. For PIL-exact pixels the resize must run in Java ({@code dev.fvd.datasets.resize.FrameResizer},
 * {@code PIL_BICUBIC}, equal to PIL to float rounding) before a graph that takes float 299×299 input:
 * {@link ResizeLocation#CALLER}, the importer's default for clean; {@code FeatureExtractors} resizes with {@code FrameResizer}
 * for models carrying {@link ModelMetadata#INPUT_RESIZE}. The bilinear protocols resize in the graph with
 * {@link BilinearResize} (Gather + arithmetic), value-identical to TF1 / torch and to {@code FrameResizer}; the ONNX
 * {@code Resize} op is off by up to 0.009 levels there.
 *
 * <p>Network, after pytorch-fid {@code src/pytorch_fid/inception.py} ({@code fid_inception_v3}, {@code FIDInceptionA/C/E_1/E_2})
 * on torchvision {@code models/inception.py}:
 * <ul>
 *   <li>BasicConv2d = Conv2d (no bias) → BatchNorm (eps from the protocol, 1e-3, with gamma) → ReLU; the BatchNorm is
 *       folded into the conv: {@code s = γ/√(var+eps)}, {@code W' = W·s}, {@code b' = β − mean·s} (in double).</li>
 *   <li>Stem Conv2d_1a_3x3 (stride 2) → 2a_3x3 → 2b_3x3 (pad 1) → MaxPool 3/2 → 3b_1x1 → 4a_3x3 → MaxPool 3/2.</li>
 *   <li>Mixed_5b/5c/5d InceptionA, 6a InceptionB, 6b–6e InceptionC, 7a InceptionD, 7b/7c InceptionE.</li>
 *   <li>FID quirks: the pool branch of every InceptionA, InceptionC and of Mixed_7b is {@code avg_pool 3×3 s1 pad 1} with
 *       {@code count_include_pad=False} (TF's average pool ignores padding); in Mixed_7c it is {@code max_pool 3×3 s1 pad 1}.</li>
 *   <li>Channel widths are read from the tensors, so width-reduced test checkpoints build too; {@code fc.weight} gives the second output {@value #LOGITS} (no bias); {@code fc.bias} is
 *       unused.</li>
 * </ul>
 * When the input size is fixed and already 299×299 the resize is left out (TTUR skips it; every resize above is the
 * identity at scale 1 anyway).
 */
public final class FidInceptionGraph {
    /** Graph input: uint8 images {@code [N, H, W, 3]}. */
    public static final String INPUT = "images";
    /** Graph output: float pool3 features {@code [N, C]}. */
    public static final String OUTPUT = "features";
    /**
     * Second graph output: float {@code [N, 1008]} = pool3 · {@code fc.weight}ᵀ <b>without</b> the fc bias, the input of the
     * Inception Score (torch-fidelity {@code feature_extractor_inceptionv3.py}, feature {@code logits_unbiased}).
     */
    public static final String LOGITS = "logits";
    /** Id of the model built from pytorch-fid's weights. */
    public static final String MODEL_ID = "inception-fid";
    /** First 8 hex digits of the sha256 of pytorch-fid's {@code pt_inception-2015-12-05-6726825d.pth} (REFERENCE.md §1). */
    public static final String CANONICAL_SHA256_PREFIX = "6726825d";
    /** Network input size of every FID protocol. */
    public static final int SIZE = 299;

    /** Metadata key present (value = a {@code ResizeMethod} name) when the caller must resize to 299² before the model. */
    public static final String CALLER_RESIZE_KEY = ModelMetadata.INPUT_RESIZE;

    /** Where the protocol's resize to 299×299 runs. */
    public enum ResizeLocation {
        /** Input uint8 {@code [N,H,W,3]} of any (or a fixed) size; cast, resize and scaling inside the graph. */
        IN_GRAPH,
        /**
         * Input float {@code [N,299,299,3]}, values 0..255, already resized with the protocol's {@code ResizeMethod}
         * ({@code FrameResizer.of(protocol.resize(), SQUASH, 299, 299)}); only the value scaling is in the graph.
         * Metadata {@value #CALLER_RESIZE_KEY} names the method.
         */
        CALLER;

        /**
         * Where {@link #importFidInception} puts the resize: CALLER for {@code PIL_BICUBIC} (clean), whose ONNX Resize is
         * not within 1e-4 of PIL; IN_GRAPH (exact {@link BilinearResize}) for the bilinear protocols.
         */
        public static ResizeLocation defaultFor(ExtractionProtocol protocol) {
            return protocol.resize() == ResizeMethod.PIL_BICUBIC ? CALLER : IN_GRAPH;
        }
    }

    private final Map<String, TorchTensor> weights;
    private final GraphBuilder g = new GraphBuilder("fid_inception", GraphBuilder.MIN_OPSET);
    private final double eps;

    /** A graph value and its channel count (checked against the next layer's weights). */
    private record Value(String name, int channels) {
    }

    private FidInceptionGraph(Map<String, TorchTensor> weights, double eps) {
        this.weights = weights;
        this.eps = eps;
    }

    /**
     * Imports pytorch-fid's FID-Inception checkpoint ({@code pt_inception-2015-12-05-6726825d.pth}, either torch.save
     * format) as an ONNX feature model for {@code protocol}, for images of any size. The entry point for
     * {@code fvd models import inception-fid}. The model is never marked canonical here: only the model store, which verifies
     * the file against its pins, builds canonical graphs. The resize runs where {@link ResizeLocation#defaultFor} says:
     * in the graph for {@code ttur} and {@code pytorch-fid} (input uint8 {@code [N,H,W,3]} of any size); for {@code clean}
     * the model takes float {@code [N,299,299,3]} resized by {@code FrameResizer} (metadata
     * {@value #CALLER_RESIZE_KEY}{@code =PIL_BICUBIC}; {@code FeatureExtractors} does this itself).
     *
     * @param pthFile  the state dict file
     * @param protocol an FID protocol ({@code ttur}, {@code pytorch-fid}, {@code clean})
     * @return the serialized ONNX model; {@code metadata_props} carry model id {@value #MODEL_ID}, protocol, feature
     *         dimension, input kind {@code image}, canonical flag and the file's sha256
     * @throws InvalidModelException naming the file if it is not a readable, safe FID-Inception state dict
     */
    public static byte[] importFidInception(Path pthFile, ExtractionProtocol protocol) {
        return importFidInception(pthFile, protocol, MODEL_ID);
    }

    /** As {@link #importFidInception(Path, ExtractionProtocol)} with another model id (e.g. for test models). */
    public static byte[] importFidInception(Path pthFile, ExtractionProtocol protocol, String modelId) {
        return importFidInception(pthFile, protocol, modelId, ResizeLocation.defaultFor(protocol));
    }

    /** As {@link #importFidInception(Path, ExtractionProtocol, String)} with the resize where {@code resize} says. */
    public static byte[] importFidInception(Path pthFile, ExtractionProtocol protocol, String modelId,
                                            ResizeLocation resize) {
        Map<String, TorchTensor> stateDict = TorchCheckpointReader.read(pthFile);
        String sha256 = ModelMetadata.sha256(pthFile);
        // canonical only when the model store verified the file against its pins (ModelStore), never from a name or prefix
        try {
            return build(stateDict, protocol, resize, 0, 0, modelId, false,
                    Map.of(pthFile.getFileName().toString(), sha256)).toByteArray();
        } catch (InvalidModelException e) {
            throw new InvalidModelException(pthFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the in-graph-resize model ({@link ResizeLocation#IN_GRAPH}) for uint8 images of a fixed size (or any size when
     * {@code inputHeight} and {@code inputWidth} are 0), with model id {@value #MODEL_ID}, not canonical.
     */
    public static OnnxProto.ModelProto build(Map<String, TorchTensor> stateDict, ExtractionProtocol protocol,
                                             int inputHeight, int inputWidth) {
        return build(stateDict, protocol, ResizeLocation.IN_GRAPH, inputHeight, inputWidth, MODEL_ID, false, Map.of());
    }

    /**
     * Builds the model from a state dict already in memory.
     *
     * @param resize      where the resize to 299² runs; with {@link ResizeLocation#CALLER} the input sizes are ignored
     * @param inputHeight fixed input height, or 0 for any (then {@code inputWidth} must be 0 too)
     * @param sourceChecksums file name → {@code sha256:<hex>} written to the metadata
     * @throws InvalidModelException if a tensor is missing or mis-shaped (the message names it)
     */
    public static OnnxProto.ModelProto build(Map<String, TorchTensor> stateDict, ExtractionProtocol protocol,
                                             ResizeLocation resize, int inputHeight, int inputWidth, String modelId,
                                             boolean canonical, Map<String, String> sourceChecksums) {
        if (!"fid".equals(protocol.metric())) {
            throw new IllegalArgumentException("protocol " + protocol.name() + " is for " + protocol.metric()
                    + "; FID-Inception needs an FID protocol (ttur, pytorch-fid, clean)");
        }
        if (protocol.crop() != CropMode.SQUASH || protocol.size() != SIZE) {
            throw new IllegalArgumentException("protocol " + protocol.name() + " does not squash to 299x299");
        }
        if ((inputHeight == 0) != (inputWidth == 0) || inputHeight < 0 || inputWidth < 0) {
            throw new IllegalArgumentException("input size " + inputHeight + "x" + inputWidth
                    + ": give both or neither (0 = any)");
        }
        for (String name : stateDict.keySet()) {
            if (name.startsWith("AuxLogits.")) {
                throw new InvalidModelException("state dict has " + name + ": this is torchvision's inception_v3 "
                        + "(ImageNet, aux classifier), not pytorch-fid's FID-Inception (pt_inception-2015-12-05)");
            }
        }
        FidInceptionGraph graph = new FidInceptionGraph(stateDict, protocol.batchNormEps());
        String x;
        if (resize == ResizeLocation.CALLER) {
            String images = graph.g.input(INPUT, ElementType.FLOAT, "N", String.valueOf(SIZE), String.valueOf(SIZE), "3");
            x = graph.scale(graph.g.transpose(images, 0, 3, 1, 2), protocol);
        } else {
            String images = graph.g.input(INPUT, ElementType.UINT8, "N", dim(inputHeight, "H"), dim(inputWidth, "W"), "3");
            x = graph.preprocess(images, protocol, inputHeight, inputWidth);
        }
        Value features = graph.network(new Value(x, 3));
        graph.g.identity(features.name(), OUTPUT);
        graph.g.output(OUTPUT, ElementType.FLOAT, "N", String.valueOf(features.channels()));
        int classes = graph.logits(features);
        graph.g.output(LOGITS, ElementType.FLOAT, "N", String.valueOf(classes));
        Map<String, String> metadata = metadata(modelId, protocol, features.channels(), canonical, sourceChecksums);
        if (resize == ResizeLocation.CALLER) {
            metadata.put(CALLER_RESIZE_KEY, protocol.resize().name());
        }
        return graph.g.build(metadata);
    }

    /**
     * Only the preprocessing of {@code protocol}: uint8 {@code [N,H,W,3]} → the float {@code [N,3,299,299]} network input,
     * output {@value #OUTPUT}. For parity tests of the resize against the reference implementations.
     */
    static OnnxProto.ModelProto preprocessing(ExtractionProtocol protocol, int inputHeight, int inputWidth) {
        FidInceptionGraph graph = new FidInceptionGraph(Map.of(), protocol.batchNormEps());
        String images = graph.g.input(INPUT, ElementType.UINT8, "N", dim(inputHeight, "H"), dim(inputWidth, "W"), "3");
        graph.g.identity(graph.preprocess(images, protocol, inputHeight, inputWidth), OUTPUT);
        graph.g.output(OUTPUT, ElementType.FLOAT, "N", "3", String.valueOf(SIZE), String.valueOf(SIZE));
        return graph.g.build(Map.of());
    }

    private static String dim(int size, String symbol) {
        return size == 0 ? symbol : String.valueOf(size);
    }

    // ---- preprocessing (REFERENCE.md §2, Protocols) -------------------------------------------------------------

    private String preprocess(String images, ExtractionProtocol p, int height, int width) {
        boolean resize = !(height == SIZE && width == SIZE);
        if (p.name().equals("pytorch-fid")) {
            // ToTensor divides by 255; InceptionV3.forward: F.interpolate(bilinear, align_corners=False) of that [0,1]
            // tensor, then 2x − 1 — op for op, so the resize runs on floats here
            String x = g.node("Div", List.of(g.transpose(g.cast(images, ElementType.FLOAT), 0, 3, 1, 2),
                    g.initializer("uint8_max", new float[] {255f})), null);
            x = resize ? BilinearResize.resize(g, x, 4, ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, SIZE) : x;
            return g.add(g.mul(x, 2f), -1f);
        }
        if (p.resize() == ResizeMethod.PIL_BICUBIC) {
            // clean-fid resize.py: float PIL BICUBIC per channel, clip(0, 255); then (x − 128)/128 like TTUR
            String x = g.transpose(g.cast(images, ElementType.FLOAT), 0, 3, 1, 2);
            return scale(resize ? clip(cubicTo299(x), 0f, 255f) : x, p);
        }
        // ttur (TTUR fid.py, Inception 2015-12-05 graph: ResizeBilinear, Sub 128, Mul 1/128) and other bilinear protocols:
        // the exact resize reads the uint8 NHWC input directly (a large image never exists as float) and returns floats
        String x = resize ? BilinearResize.resize(g, images, 4, 1, 2, p.resize(), CropMode.SQUASH, SIZE)
                : g.cast(images, ElementType.FLOAT);
        return scale(g.transpose(x, 0, 3, 1, 2), p);
    }

    /** Value scaling of an already resized NCHW 0..255 tensor, op for op as the protocol's reference. */
    private String scale(String x, ExtractionProtocol p) {
        return switch (p.name()) {
            case "ttur", "clean" -> g.mul(g.add(x, -128f), 1f / 128f);
            case "pytorch-fid" -> g.add(g.mul(g.node("Div", List.of(x, g.initializer("uint8_max", new float[] {255f})),
                    null), 2f), -1f);
            default -> g.add(g.mul(x, (float) p.scale()), (float) p.offset());
        };
    }

    /**
     * ONNX Resize of the H, W axes only (opset 18 {@code axes}, so N stays dynamic) with PIL's bicubic: Keys kernel
     * a = −0.5, support scaled when downsampling (antialias), taps outside the image dropped and the remaining weights
     * renormalised (PIL {@code Resample.c precompute_coeffs}). Close to PIL, not exact (see the class comment).
     */
    private String cubicTo299(String x) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("mode", "cubic");
        a.put("coordinate_transformation_mode", "half_pixel");
        a.put("axes", new long[] {2, 3});
        a.put("cubic_coeff_a", -0.5f);
        a.put("antialias", 1L);
        a.put("exclude_outside", 1L);
        String sizes = g.initializerInt64("size_299", new long[] {SIZE, SIZE}, 2);
        return g.node("Resize", List.of(x, "", "", sizes), a);
    }

    private String clip(String x, float min, float max) {
        return g.node("Clip", List.of(x, g.initializer("clip_min", new float[] {min}),
                g.initializer("clip_max", new float[] {max})), null);
    }

    // ---- network ----------------------------------------------------------------------------------------------------

    /** {@value #LOGITS} = features · fcᵀ (no bias); returns the class count. */
    private int logits(Value features) {
        TorchTensor fc = tensor("fc.weight", 2);
        int classes = (int) fc.dim(0);
        int in = (int) fc.dim(1);
        if (in != features.channels()) {
            throw new InvalidModelException("fc.weight has shape " + Arrays.toString(fc.shape()) + "; pool3 has "
                    + features.channels() + " features");
        }
        float[] w = fc.data();
        float[] transposed = new float[w.length];
        for (int o = 0; o < classes; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * classes + o] = w[o * in + i];
            }
        }
        String wName = g.initializer("fc.weight.T", transposed, in, classes);
        g.identity(g.node("MatMul", List.of(features.name(), wName), null), LOGITS);
        return classes;
    }

    private Value network(Value x) {
        x = conv(x, "Conv2d_1a_3x3", 2, 0, 0);
        x = conv(x, "Conv2d_2a_3x3", 1, 0, 0);
        x = conv(x, "Conv2d_2b_3x3", 1, 1, 1);
        x = maxPool3x3s2(x);
        x = conv(x, "Conv2d_3b_1x1", 1, 0, 0);
        x = conv(x, "Conv2d_4a_3x3", 1, 0, 0);
        x = maxPool3x3s2(x);
        for (String block : new String[] {"Mixed_5b", "Mixed_5c", "Mixed_5d"}) {
            x = inceptionA(x, block);
        }
        x = inceptionB(x, "Mixed_6a");
        for (String block : new String[] {"Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"}) {
            x = inceptionC(x, block);
        }
        x = inceptionD(x, "Mixed_7a");
        x = inceptionE(x, "Mixed_7b", false);
        x = inceptionE(x, "Mixed_7c", true);
        // adaptive_avg_pool2d((1,1)) + flatten
        return new Value(g.reduceMean(x.name(), new long[] {2, 3}, false), x.channels());
    }

    /** torchvision InceptionA + pytorch-fid FIDInceptionA (pool branch avg, count_include_pad=False). */
    private Value inceptionA(Value x, String p) {
        Value b1 = same(x, p + ".branch1x1");
        Value b5 = same(same(x, p + ".branch5x5_1"), p + ".branch5x5_2");
        Value b3 = same(same(same(x, p + ".branch3x3dbl_1"), p + ".branch3x3dbl_2"), p + ".branch3x3dbl_3");
        Value bp = same(avgPoolExcludingPad(x), p + ".branch_pool");
        return concat(b1, b5, b3, bp);
    }

    /** torchvision InceptionB (unchanged by pytorch-fid). */
    private Value inceptionB(Value x, String p) {
        Value b3 = conv(x, p + ".branch3x3", 2, 0, 0);
        Value bd = conv(same(same(x, p + ".branch3x3dbl_1"), p + ".branch3x3dbl_2"), p + ".branch3x3dbl_3", 2, 0, 0);
        return concat(b3, bd, maxPool3x3s2(x));
    }

    /** torchvision InceptionC + pytorch-fid FIDInceptionC (pool branch avg, count_include_pad=False). */
    private Value inceptionC(Value x, String p) {
        Value b1 = same(x, p + ".branch1x1");
        Value b7 = same(same(same(x, p + ".branch7x7_1"), p + ".branch7x7_2"), p + ".branch7x7_3");
        Value bd = same(x, p + ".branch7x7dbl_1");
        for (int i = 2; i <= 5; i++) {
            bd = same(bd, p + ".branch7x7dbl_" + i);
        }
        Value bp = same(avgPoolExcludingPad(x), p + ".branch_pool");
        return concat(b1, b7, bd, bp);
    }

    /** torchvision InceptionD (unchanged by pytorch-fid). */
    private Value inceptionD(Value x, String p) {
        Value b3 = conv(same(x, p + ".branch3x3_1"), p + ".branch3x3_2", 2, 0, 0);
        Value b7 = same(same(same(x, p + ".branch7x7x3_1"), p + ".branch7x7x3_2"), p + ".branch7x7x3_3");
        b7 = conv(b7, p + ".branch7x7x3_4", 2, 0, 0);
        return concat(b3, b7, maxPool3x3s2(x));
    }

    /** FIDInceptionE_1 ({@code maxPool = false}: avg, count_include_pad=False) or FIDInceptionE_2 (max pool 3×3 s1 p1). */
    private Value inceptionE(Value x, String p, boolean maxPool) {
        Value b1 = same(x, p + ".branch1x1");
        Value b3 = same(x, p + ".branch3x3_1");
        Value b3a = same(b3, p + ".branch3x3_2a");
        Value b3b = same(b3, p + ".branch3x3_2b");
        Value bd = same(same(x, p + ".branch3x3dbl_1"), p + ".branch3x3dbl_2");
        Value bda = same(bd, p + ".branch3x3dbl_3a");
        Value bdb = same(bd, p + ".branch3x3dbl_3b");
        Value pooled = maxPool
                ? new Value(g.maxPool(x.name(), new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1}),
                x.channels())
                : avgPoolExcludingPad(x);
        Value bp = same(pooled, p + ".branch_pool");
        return concat(b1, b3a, b3b, bda, bdb, bp);
    }

    private Value avgPoolExcludingPad(Value x) {
        return new Value(g.averagePool(x.name(), new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1}, false),
                x.channels());
    }

    private Value maxPool3x3s2(Value x) {
        return new Value(g.maxPool(x.name(), new long[] {3, 3}, new long[] {2, 2}, new long[] {0, 0, 0, 0}),
                x.channels());
    }

    private Value concat(Value... xs) {
        String[] names = new String[xs.length];
        int channels = 0;
        for (int i = 0; i < xs.length; i++) {
            names[i] = xs[i].name();
            channels += xs[i].channels();
        }
        return new Value(g.concat(1, names), channels);
    }

    /** A stride-1 BasicConv2d whose padding keeps the size: (k − 1)/2 per axis, as torchvision's in-block convs. */
    private Value same(Value x, String name) {
        TorchTensor w = tensor(name + ".conv.weight", 4);
        return conv(x, name, 1, (int) (w.dim(2) - 1) / 2, (int) (w.dim(3) - 1) / 2);
    }

    /** BasicConv2d {@code name}: conv(no bias) + folded BatchNorm + ReLU. */
    private Value conv(Value x, String name, int stride, int padH, int padW) {
        TorchTensor w = tensor(name + ".conv.weight", 4);
        int out = (int) w.dim(0);
        if (w.dim(1) != x.channels()) {
            throw new InvalidModelException(name + ".conv.weight " + Arrays.toString(w.shape())
                    + " expects " + w.dim(1) + " input channels; the network gives it " + x.channels());
        }
        float[] gamma = vector(name + ".bn.weight", out);
        float[] beta = vector(name + ".bn.bias", out);
        float[] mean = vector(name + ".bn.running_mean", out);
        float[] var = vector(name + ".bn.running_var", out);
        float[] folded = new float[w.data().length];
        float[] bias = new float[out];
        int perOut = folded.length / out;
        for (int o = 0; o < out; o++) {
            double s = gamma[o] / Math.sqrt((double) var[o] + eps);
            for (int i = 0; i < perOut; i++) {
                folded[o * perOut + i] = (float) (w.data()[o * perOut + i] * s);
            }
            bias[o] = (float) (beta[o] - mean[o] * s);
        }
        String wName = g.initializer(name + ".weight", folded, w.shape());
        String bName = g.initializer(name + ".bias", bias, out);
        String y = g.conv(x.name(), wName, bName, new long[] {w.dim(2), w.dim(3)}, new long[] {stride, stride},
                new long[] {padH, padW, padH, padW});
        return new Value(g.relu(y), out);
    }

    private TorchTensor tensor(String name, int rank) {
        TorchTensor t = weights.get(name);
        if (t == null) {
            throw new InvalidModelException("state dict lacks " + name + " (not a pytorch-fid FID-Inception state dict "
                    + "with torchvision Inception3 names?)");
        }
        if (t.rank() != rank) {
            throw new InvalidModelException(name + " has shape " + Arrays.toString(t.shape()) + "; expected rank "
                    + rank);
        }
        if (!t.sourceDtype().isFloatingPoint()) {
            throw new InvalidModelException(name + " is " + t.sourceDtype() + "; weights must be floating point");
        }
        return t;
    }

    private float[] vector(String name, int length) {
        TorchTensor t = tensor(name, 1);
        if (t.dim(0) != length) {
            throw new InvalidModelException(name + " has " + t.dim(0) + " values; its conv has " + length + " outputs");
        }
        return t.data();
    }

    // ---- metadata ----------------------------------------------------------------------------------------------------

    /** The {@link ModelMetadata} keys read by {@code FeatureExtractors.open}: single images, any count ≥ 1 per batch. */
    private static Map<String, String> metadata(String modelId, ExtractionProtocol protocol, int featureDim,
                                                boolean canonical, Map<String, String> sourceChecksums) {
        return new LinkedHashMap<>(new ModelMetadata(modelId, protocol.name(), featureDim, MediaKind.IMAGE, 1, canonical,
                sourceChecksums).toProperties());
    }
}

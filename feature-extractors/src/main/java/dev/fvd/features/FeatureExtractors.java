package dev.fvd.features;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.datasets.resize.FrameResizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The entry point of feature extraction: opens an ONNX feature model on ONNX Runtime.
 *
 * <p>fvd models (I3D imported by {@code dev.fvd.features.i3d.I3dGraph}, FID-Inception) carry their id, protocol, feature
 * dimension and input kind in {@code metadata_props} ({@link ModelMetadata}); a custom ONNX file needs a declared
 * {@link InputSpec} and protocol ({@link #open(Path, ExtractionProtocol, InputSpec, ExtractorOptions)}). Every model takes
 * uint8 RGB input ({@code [N,T,H,W,3]} for videos, {@code [N,H,W,3]} for images) and returns float {@code [N, D]}: the
 * preprocessing of the protocol lives inside the graph. Exception: a model whose metadata has
 * {@link ModelMetadata#INPUT_RESIZE} takes float frames of its fixed input size, resized here with the Java
 * {@link FrameResizer} (used where ONNX ops cannot reproduce the reference filter, e.g. PIL bicubic for clean-fid).
 *
 * <p>Runtime: one {@link OrtEnvironment} per JVM ({@link OrtEnvironment#getEnvironment()}, never closed here). CPU by
 * default with {@link ExtractorOptions#threads()} intra-op threads and graph optimisation level ALL. {@code cuda[:N]} uses
 * the CUDA execution provider with {@code use_tf32=0} (ONNX Runtime CUDA EP option) so GPU features keep float32 precision
 * and match the CPU; when CUDA is not available a {@link DeviceUnavailableException} is thrown, never a silent CPU fallback.
 */
public final class FeatureExtractors {
    private FeatureExtractors() {
    }

    /**
     * Opens an fvd model file.
     *
     * @param onnxModel the model
     * @param protocol  the protocol the caller expects, or null to use the model's; must equal the model's protocol
     * @param options   device, batch size, threads
     * @throws ModelUnavailableException if the file does not exist
     * @throws InvalidModelException     if the file is not a valid fvd feature model (names the file)
     * @throws DeviceUnavailableException if the requested device cannot be used
     */
    public static FeatureExtractor open(Path onnxModel, ExtractionProtocol protocol, ExtractorOptions options) {
        return openFile(onnxModel, protocol, null, options);
    }

    /**
     * Opens a custom ONNX file (no fvd metadata needed): uint8 {@code [N,T,H,W,3]} (video) or {@code [N,H,W,3]} (image) in,
     * float {@code [N,D]} out, with the declared protocol and input spec. If the file does carry fvd metadata, the declared
     * values must agree with it.
     */
    public static FeatureExtractor open(Path onnxModel, ExtractionProtocol protocol, InputSpec inputSpec,
                                        ExtractorOptions options) {
        if (protocol == null || inputSpec == null) {
            throw new IllegalArgumentException("a custom model needs a declared protocol and input spec: " + onnxModel);
        }
        return openFile(onnxModel, protocol, inputSpec, options);
    }

    /**
     * Opens a model file by path, so that ONNX Runtime finds external data files next to it (models over protobuf's 2 GB,
     * {@code dev.fvd.features.onnx.OnnxModelFile}).
     */
    private static FeatureExtractor openFile(Path onnxModel, ExtractionProtocol protocol, InputSpec inputSpecOrNull,
                                             ExtractorOptions options) {
        requireFile(onnxModel);
        return open(onnxModel, null, onnxModel.toString(), protocol, inputSpecOrNull, options);
    }

    /** Opens a model held in memory (e.g. built by {@code I3dGraph.build}); {@code source} names it in messages. */
    public static FeatureExtractor open(byte[] onnxModel, String source, ExtractionProtocol protocol,
                                        InputSpec inputSpecOrNull, ExtractorOptions options) {
        return open(null, onnxModel, source, protocol, inputSpecOrNull, options);
    }

    private static FeatureExtractor open(Path file, byte[] onnxModel, String source, ExtractionProtocol protocol,
                                         InputSpec inputSpecOrNull, ExtractorOptions options) {
        if (options == null) {
            options = ExtractorOptions.defaults();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions sessionOptions = sessionOptions(options);
        OrtSession session;
        try {
            session = file != null ? env.createSession(file.toString(), sessionOptions)
                    : env.createSession(onnxModel, sessionOptions);
        } catch (OrtException e) {
            sessionOptions.close();
            throw new InvalidModelException(source + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        try {
            return describe(env, session, sessionOptions, source, protocol, inputSpecOrNull, options);
        } catch (RuntimeException e) {
            closeQuietly(session);
            sessionOptions.close();
            throw e;
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelUnavailableException("model file " + file + " does not exist; fetch or import it first (e.g. "
                    + "`fvd models fetch i3d-kinetics400` or `fvd models import i3d-kinetics400 --from DIR`)");
        }
        if (!Files.isReadable(file)) {
            throw new ModelUnavailableException("cannot read model file " + file + ": permission denied");
        }
    }

    static OrtSession.SessionOptions sessionOptions(ExtractorOptions options) {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(options.threads());
            so.setInterOpNumThreads(1);
            so.setMemoryPatternOptimization(true);
            // ORT's pool threads busy-wait between parallel sections by default; the decoding threads of the same run need
            // those cycles (fvd-cli/bench/pipeline.sh, quiet, 2 cores: mp4 → statistics 95.4–96.2 % of the network-only
            // rate without spinning vs 93.3–94.9 % with it, and the network alone no slower)
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
        } catch (OrtException e) {
            so.close();
            throw new ModelException("cannot configure ONNX Runtime session: " + e.getMessage(), e);
        }
        if (options.device().type() == Device.Type.CUDA) {
            try {
                OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.device().index());
                // TF32 would round conv/matmul inputs to 10 mantissa bits on Ampere+; keep full float32 like the CPU
                cuda.add("use_tf32", "0");
                so.addCUDA(cuda);
            } catch (OrtException | RuntimeException | LinkageError e) {
                so.close();
                throw new DeviceUnavailableException("device " + options.device() + " requested but the CUDA execution "
                        + "provider is not available: build with -Pgpu and install CUDA 12 + cuDNN 9 (" + e.getMessage()
                        + ")", e);
            }
        }
        return so;
    }

    private static FeatureExtractor describe(OrtEnvironment env, OrtSession session, OrtSession.SessionOptions so,
                                             String source, ExtractionProtocol protocol, InputSpec declared,
                                             ExtractorOptions options) {
        Map<String, String> props;
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            props = session.getMetadata().getCustomMetadata();
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new InvalidModelException(source + ": cannot read model description: " + e.getMessage(), e);
        }
        ModelMetadata meta = ModelMetadata.fromProperties(props, source);
        if (meta == null && (protocol == null || declared == null)) {
            throw new InvalidModelException(source + ": model has no fvd metadata (fvd.model_id, fvd.protocol, ...); "
                    + "declare its protocol and input spec to use it as a custom model");
        }
        String protocolName = protocol != null ? protocol.name() : null;
        if (meta != null) {
            if (protocol != null && !protocol.name().equals(meta.protocol())) {
                throw new InvalidModelException(source + ": model " + meta.modelId() + " was built for protocol '"
                        + meta.protocol() + "' but '" + protocol.name() + "' was requested; import the model for that"
                        + " protocol");
            }
            protocolName = meta.protocol();
            if (declared != null && !declared.equals(meta.inputSpec())) {
                throw new InvalidModelException(source + ": declared input " + declared + " disagrees with the model's "
                        + meta.inputSpec());
            }
        }
        InputSpec spec = declared != null ? declared : meta.inputSpec();

        if (inputs.size() != 1 || outputs.isEmpty()) {
            throw new InvalidModelException(source + ": expected 1 input and ≥ 1 output, found " + inputs.size()
                    + " inputs and " + outputs.size() + " outputs");
        }
        Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
        Map.Entry<String, NodeInfo> out = outputs.entrySet().iterator().next();
        int rank = spec.kind() == MediaKind.VIDEO ? 5 : 4;
        String callerResize = props.get(ModelMetadata.INPUT_RESIZE);
        OnnxJavaType inputType = callerResize == null ? OnnxJavaType.UINT8 : OnnxJavaType.FLOAT;
        if (!(in.getValue().getInfo() instanceof TensorInfo ti) || ti.type != inputType
                || ti.getShape().length != rank) {
            throw new InvalidModelException(source + ": input '" + in.getKey() + "' is " + in.getValue().getInfo()
                    + "; a " + spec.kind().name().toLowerCase() + " model needs "
                    + (callerResize == null ? "uint8" : "float (" + ModelMetadata.INPUT_RESIZE + " is set)")
                    + " of rank " + rank + (rank == 5 ? " [N,T,H,W,3]" : " [N,H,W,3]"));
        }
        FrameResizer resizer = null;
        if (callerResize != null) {
            long[] shape = ti.getShape();
            long h = shape[rank - 3];
            long w = shape[rank - 2];
            if (h <= 0 || w <= 0) {
                throw new InvalidModelException(source + ": " + ModelMetadata.INPUT_RESIZE + " needs a fixed input height "
                        + "and width, found " + java.util.Arrays.toString(shape));
            }
            try {
                // graphs with a caller resize squash (FidInceptionGraph refuses any other crop)
                CropMode crop = protocol != null ? protocol.crop() : CropMode.SQUASH;
                resizer = FrameResizer.of(ResizeMethod.valueOf(callerResize), crop, (int) h, (int) w);
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException(source + ": unknown " + ModelMetadata.INPUT_RESIZE + " '" + callerResize
                        + "'; expected one of " + java.util.Arrays.toString(ResizeMethod.values()), e);
            }
        }
        long channels = ti.getShape()[rank - 1];
        if (channels != 3 && channels != -1) {
            throw new InvalidModelException(source + ": input '" + in.getKey() + "' has " + channels
                    + " channels in its last axis; expected 3 (RGB, channels last)");
        }
        if (!(out.getValue().getInfo() instanceof TensorInfo to) || to.type != OnnxJavaType.FLOAT
                || to.getShape().length != 2) {
            throw new InvalidModelException(source + ": output '" + out.getKey() + "' is " + out.getValue().getInfo()
                    + "; a feature model needs float of rank 2 [N, D]");
        }
        long dim = to.getShape()[1];
        if (meta != null && dim > 0 && dim != meta.featureDimension()) {
            throw new InvalidModelException(source + ": output has " + dim + " features but metadata says "
                    + meta.featureDimension());
        }
        int featureDim = meta != null ? meta.featureDimension() : (int) dim;
        if (featureDim <= 0) {
            throw new InvalidModelException(source + ": output feature dimension is not fixed (" + dim + ")");
        }
        String id = meta != null ? meta.modelId() : Path.of(source).getFileName().toString().replaceFirst("\\.onnx$", "");
        Map<String, Integer> rowOutputs = new java.util.LinkedHashMap<>();
        rowOutputs.put(out.getKey(), featureDim);
        outputs.forEach((name, info) -> {
            if (info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT && t.getShape().length == 2
                    && t.getShape()[1] > 0) {
                rowOutputs.putIfAbsent(name, (int) t.getShape()[1]);
            }
        });
        return new OrtFeatureExtractor(env, session, so, source, id, protocolName, spec, featureDim, in.getKey(),
                out.getKey(), rowOutputs, options, resizer);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the original error is more useful
        }
    }
}

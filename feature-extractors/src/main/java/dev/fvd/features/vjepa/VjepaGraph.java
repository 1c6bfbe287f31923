package dev.fvd.features.vjepa;

import dev.fvd.datasets.MediaKind;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.vit.StateDict;
import dev.fvd.features.vit.VideoVit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The feature network of JEDi (oooolga/JEDi, "Beyond FVD", arXiv 2410.05203) as an ONNX graph: the V-JEPA ViT-H/16
 * encoder ({@code vith16.pth.tar}) followed by the attentive pooler of the SSv2 probe ({@code ssv2-probe.pth.tar}), taken
 * before the probe's linear layer ({@code videojedi/V_JEPA.py VJEPA.get_feats}: {@code classifier.module.pooler(...)
 * .squeeze(1)}), 1280-d.
 *
 * <pre>
 * uint8 [N,T,H,W,3] → /255, bilinear to 224² (protocol jedi) → (x − mean)/std (ImageNet) → Conv3d (2,16,16)
 *   → + pos_embed → blocks → norm → attentive pooler → [N, D]
 * </pre>
 *
 * <ul>
 *   <li>Encoder: oooolga/v-jepa {@code src/vjepa/models/vision_transformer.py} ({@code vit_huge}: 16 heads, MLP ratio 4,
 *       {@code qkv_bias=True}, LayerNorm eps 1e-6), blocks from {@code utils/modules.py}; the stored {@code pos_embed}
 *       {@code (1, 8·14·14, D)} is resampled in time for clips of another length ({@code interpolate_pos_encoding},
 *       {@link VideoVit.TimeInterpolation#SIZE_RATIO}); the output includes the final {@code norm}.</li>
 *   <li>Encoder weights: {@code target_encoder}, else {@code encoder} ({@code load_pretrained}), names stripped of
 *       {@code module.} and {@code backbone.}. Unlike JEDi's loader (strict=False) a missing or mis-shaped tensor is
 *       refused.</li>
 *   <li>Probe: key {@code classifier}, DDP names ({@code module.pooler.*}); {@code AttentivePooler(num_queries=1,
 *       depth=1)}: {@code q = q + proj(xattn(q, norm1(x)))}, {@code q = q + mlp(norm2(q))} ({@code attentive_pooler.py},
 *       {@code modules.py CrossAttentionBlock}). JEDi's package applies the output projection (upstream jepa reverted that
 *       line); fvd follows JEDi. JEDi's probe loader swallows load errors and would run a random probe; fvd refuses.</li>
 * </ul>
 */
public final class VjepaGraph {
    public static final String INPUT = "video";
    public static final String OUTPUT = "features";
    /** {@code vit_huge(num_heads=16)}; the probe uses {@code encoder.num_heads}. */
    public static final int HEADS = 16;
    /** ImageNet mean of JEDi's {@code VJEPA(normalize=...)} default. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    /** ImageNet std of JEDi's {@code VJEPA(normalize=...)} default. */
    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
    static final long TUBELET = 2;
    /** {@code frames_per_clip = 16} / tubelet 2 (configs/vith16_ssv2_16x2x3.yaml). */
    static final int TABLE_TIME = 8;

    private VjepaGraph() {
    }

    /**
     * Reads the encoder and probe checkpoints and builds the feature model.
     *
     * @throws InvalidModelException naming the file and the first tensor that does not fit
     */
    public static OnnxProto.ModelProto importCheckpoints(Path encoder, Path probe, ExtractionProtocol protocol,
                                                         String modelId, boolean canonical) {
        StateDict enc = encoderStateDict(readEncoderTensors(encoder), encoder.toString()).releasingUsedTensors();
        StateDict cls = probeStateDict(TorchCheckpointReader.read(probe, name -> name.startsWith("classifier.")),
                probe.toString());
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(encoder.getFileName().toString(), ModelMetadata.sha256(encoder));
        sums.put(probe.getFileName().toString(), ModelMetadata.sha256(probe));
        return build(enc, cls, protocol, modelId, canonical, sums);
    }

    /**
     * The tensors of the encoder the feature model uses: {@code target_encoder.*}, else {@code encoder.*} (JEDi's
     * {@code checkpoint_key='target_encoder'} with its fallback). Only that one's storages are read: the other encoder, the
     * predictor and the optimizer state of the training checkpoint (ViT-H: 2.5 GB each encoder) are skipped, not loaded.
     */
    public static Map<String, TorchTensor> readEncoderTensors(Path encoder) {
        Map<String, TorchTensor> target = TorchCheckpointReader.read(encoder, name -> name.startsWith("target_encoder."));
        return target.isEmpty() ? TorchCheckpointReader.read(encoder, name -> name.startsWith("encoder.")) : target;
    }

    /** The encoder of a V-JEPA training checkpoint: {@code target_encoder}, else {@code encoder}. */
    public static StateDict encoderStateDict(Map<String, TorchTensor> all, String source) {
        String key = all.keySet().stream().anyMatch(k -> k.startsWith("target_encoder.")) ? "target_encoder."
                : "encoder.";
        if (all.keySet().stream().noneMatch(k -> k.startsWith(key))) {
            throw new InvalidModelException(source + ": checkpoint has neither 'target_encoder' nor 'encoder' tensors; "
                    + "found e.g. " + all.keySet().stream().limit(3).toList());
        }
        return StateDict.stripped(StateDict.under(all, key, source).asMap(), source, "module.", "backbone.");
    }

    /** The attentive probe of an evaluation checkpoint: {@code classifier}, DDP prefix removed. */
    public static StateDict probeStateDict(Map<String, TorchTensor> all, String source) {
        if (all.keySet().stream().noneMatch(k -> k.startsWith("classifier."))) {
            throw new InvalidModelException(source + ": checkpoint has no 'classifier' tensors (not an attentive probe "
                    + "checkpoint?); found e.g. " + all.keySet().stream().limit(3).toList());
        }
        return StateDict.stripped(StateDict.under(all, "classifier.", source).asMap(), source, "module.");
    }

    /** {@link dev.fvd.features.ModelGraphBuilder} form of the build below. */
    public static OnnxProto.ModelProto build(VjepaWeights weights, ExtractionProtocol protocol,
                                             dev.fvd.features.ModelIdentity identity) {
        return build(weights.encoder(), weights.probe(), protocol, identity.modelId(), identity.canonical(),
                identity.sourceChecksums());
    }

    /** Builds the model from the two state dicts. */
    public static OnnxProto.ModelProto build(StateDict encoder, StateDict probe, ExtractionProtocol protocol,
                                             String modelId, boolean canonical, Map<String, String> sourceChecksums) {
        GraphBuilder g = new GraphBuilder("vjepa", GraphBuilder.MIN_OPSET);
        VideoVit vit = new VideoVit(g, encoder, HEADS);
        TorchTensor conv = encoder.require("patch_embed.proj.weight", StateDict.ANY, 3, TUBELET, StateDict.ANY,
                StateDict.ANY);
        long dim = conv.dim(0);
        long patch = conv.dim(3);
        if (conv.dim(4) != patch || protocol.size() % patch != 0) {
            throw new InvalidModelException(encoder.source() + ": patch_embed.proj.weight "
                    + java.util.Arrays.toString(conv.shape()) + " does not tile " + protocol.size() + "² frames");
        }
        int grid = (int) (protocol.size() / patch);
        TorchTensor pos = encoder.require("pos_embed", 1, (long) TABLE_TIME * grid * grid, dim);

        String x = vit.videoInput(INPUT, protocol);
        x = vit.normalizeChannels(x, IMAGENET_MEAN, IMAGENET_STD);
        String map = vit.tubeletConv(x, dim, TUBELET, patch);
        String tokens = vit.addPositions(vit.tokens(map), map, pos.data(), TABLE_TIME, grid * grid, (int) dim,
                VideoVit.TimeInterpolation.SIZE_RATIO);
        int depth = vit.depth("blocks.");
        for (int i = 0; i < depth; i++) {
            tokens = vit.block(tokens, "blocks." + i + ".", dim, VideoVit.QkvBias.PLAIN);
        }
        tokens = vit.layerNorm(tokens, "norm", dim);
        encoder.requireAllUsed(name -> false);

        VideoVit pooler = new VideoVit(g, probe, HEADS);
        String features = pooler.attentivePool(tokens, "pooler.", dim);
        probe.requireAllUsed(name -> name.startsWith("linear."));
        g.identity(features, OUTPUT);
        g.output(OUTPUT, ElementType.FLOAT, "N", String.valueOf(dim));
        ModelMetadata metadata = new ModelMetadata(modelId, protocol.name(), (int) dim, MediaKind.VIDEO, (int) TUBELET,
                canonical, sourceChecksums);
        return g.build(metadata.toProperties());
    }
}

package dev.fvd.features.videomae;

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
import java.util.Map;

/**
 * The VideoMAE-v2 feature network of content-debiased FVD (songweige/content-debiased-fvd, {@code cdfvd}) as an ONNX graph:
 * {@code vit_giant_patch14_224} ({@code cdfvd/third_party/VideoMAEv2/videomaev2_finetune.py}) run as
 * {@code model.forward_features} ({@code cdfvd/fvd.py get_videomae_features}), the 1408-d {@code fc_norm} of the
 * mean-pooled tokens; the 174-class head is not used.
 *
 * <pre>
 * uint8 [N,T,H,W,3] → /255 and F.interpolate bilinear (align_corners=False) to 224² (protocol cd-fvd,
 *   utils.py preprocess_videomae; no mean/std) → Conv3d (2,14,14) → + sinusoid table → blocks → mean → fc_norm → [N, D]
 * </pre>
 *
 * <ul>
 *   <li>The sinusoid table is not in the checkpoint: {@link #sinusoidTable} makes it as {@code get_sinusoid_encoding_table}
 *       does (float64, cast to float32) for {@code 8 × 16 × 16} positions; for {@code T/2 ≠ 8} it is resampled in time
 *       with the reference's {@code (t0 + 0.1)/8} scale factor ({@link VideoVit.TimeInterpolation#VIDEOMAE_PLUS_TENTH}).
 *       </li>
 *   <li>Attention bias: {@code cat(q_bias, 0, v_bias)}; LayerNorm eps 1e-6; no layer scale ({@code init_values = 0});
 *       {@code use_mean_pooling=True}, so {@code norm} is the identity.</li>
 *   <li>Depth, width and MLP width come from the checkpoint ({@code blocks.N.*}, shapes); 16 heads. The state dict is
 *       taken from {@code 'model'}, else {@code 'module'}, else the file's top level ({@code utils.py
 *       load_videomae_model}) and loaded strictly: a missing, mis-shaped or unknown tensor is refused by name.</li>
 * </ul>
 */
public final class VideoMaeGraph {
    public static final String INPUT = "video";
    public static final String OUTPUT = "features";
    /** {@code vit_giant_patch14_224(num_heads=16)}. */
    public static final int HEADS = 16;
    /** Table length in time: {@code all_frames=16 / tubelet_size=2} ({@code load_videomae_model}). */
    static final int TABLE_TIME = 8;
    static final long TUBELET = 2;

    private VideoMaeGraph() {
    }

    /**
     * Reads a VideoMAE-v2 checkpoint (e.g. {@code vit_g_hybrid_pt_1200e_ssv2_ft.pth}) and builds its feature model.
     *
     * @throws InvalidModelException naming the file and the first tensor that does not fit
     */
    public static OnnxProto.ModelProto importCheckpoint(Path checkpoint, ExtractionProtocol protocol, String modelId,
                                                        boolean canonical) {
        StateDict sd = stateDict(readModelTensors(checkpoint), checkpoint.toString()).releasingUsedTensors();
        return build(sd, protocol, modelId, canonical,
                Map.of(checkpoint.getFileName().toString(), ModelMetadata.sha256(checkpoint)));
    }

    /**
     * The tensors of a checkpoint that can be the model: those under {@code model.} or {@code module.} (cd-FVD's
     * {@code load_videomae_model} takes {@code ckpt['model']}, else {@code ckpt['module']}), else every tensor outside the
     * training state {@code utils.py save_model} writes beside it ({@code optimizer}, {@code scaler}, {@code model_ema}).
     * Only these storages are read: a fine-tuning checkpoint's AdamW moments, twice the model's size, are skipped.
     */
    public static Map<String, TorchTensor> readModelTensors(Path checkpoint) {
        Map<String, TorchTensor> model = TorchCheckpointReader.read(checkpoint,
                name -> name.startsWith("model.") || name.startsWith("module."));
        if (!model.isEmpty()) {
            return model;
        }
        Map<String, TorchTensor> raw = TorchCheckpointReader.read(checkpoint, name -> !name.startsWith("optimizer.")
                && !name.startsWith("scaler.") && !name.startsWith("model_ema."));
        if (raw.isEmpty()) {
            throw new InvalidModelException(checkpoint + ": contains no model tensors (neither 'model', 'module' nor a"
                    + " state dict at the top level)");
        }
        return raw;
    }

    /** The state dict of a checkpoint: under {@code model.}, else {@code module.}, else the whole file. */
    public static StateDict stateDict(Map<String, TorchTensor> all, String source) {
        for (String key : new String[] {"model.", "module."}) {
            if (all.keySet().stream().anyMatch(k -> k.startsWith(key))) {
                return StateDict.under(all, key, source);
            }
        }
        return StateDict.under(all, "", source);
    }

    /** {@link dev.fvd.features.ModelGraphBuilder} form of {@link #build(StateDict, ExtractionProtocol, String, boolean, Map)}. */
    public static OnnxProto.ModelProto build(StateDict sd, ExtractionProtocol protocol,
                                             dev.fvd.features.ModelIdentity identity) {
        return build(sd, protocol, identity.modelId(), identity.canonical(), identity.sourceChecksums());
    }

    /** Builds the model from a state dict already read. */
    public static OnnxProto.ModelProto build(StateDict sd, ExtractionProtocol protocol, String modelId, boolean canonical,
                                             Map<String, String> sourceChecksums) {
        GraphBuilder g = new GraphBuilder("videomae_v2", GraphBuilder.MIN_OPSET);
        VideoVit vit = new VideoVit(g, sd, HEADS);
        TorchTensor conv = sd.require("patch_embed.proj.weight", StateDict.ANY, 3, TUBELET, StateDict.ANY, StateDict.ANY);
        long dim = conv.dim(0);
        long patch = conv.dim(3);
        if (conv.dim(4) != patch || protocol.size() % patch != 0) {
            throw new InvalidModelException(sd.source() + ": patch_embed.proj.weight " + java.util.Arrays.toString(
                    conv.shape()) + " does not tile " + protocol.size() + "x" + protocol.size() + " frames");
        }
        int grid = (int) (protocol.size() / patch);
        if (grid != 16) {
            // interpolate_pos_encoding reshapes the table to (1, dim, 8, 16, 16) whatever the model size
            throw new InvalidModelException(sd.source() + ": patch " + patch + " gives a " + grid + "x" + grid
                    + " grid at " + protocol.size() + "; the VideoMAE-v2 reference needs 16x16 (patch 14 at 224)");
        }
        String x = vit.videoInput(INPUT, protocol);
        String map = vit.tubeletConv(x, dim, TUBELET, patch);
        String tokens = vit.tokens(map);
        tokens = vit.addPositions(tokens, map, sinusoidTable(TABLE_TIME * grid * grid, (int) dim), TABLE_TIME,
                grid * grid, (int) dim, VideoVit.TimeInterpolation.VIDEOMAE_PLUS_TENTH);
        int depth = vit.depth("blocks.");
        for (int i = 0; i < depth; i++) {
            tokens = vit.block(tokens, "blocks." + i + ".", dim, VideoVit.QkvBias.Q_AND_V);
        }
        String features = vit.layerNorm(vit.meanTokens(tokens), "fc_norm", dim);
        sd.requireAllUsed(name -> name.startsWith("head."));
        g.identity(features, OUTPUT);
        g.output(OUTPUT, ElementType.FLOAT, "N", String.valueOf(dim));
        ModelMetadata metadata = new ModelMetadata(modelId, protocol.name(), (int) dim, MediaKind.VIDEO, (int) TUBELET,
                canonical, sourceChecksums);
        return g.build(metadata.toProperties());
    }

    /**
     * {@code get_sinusoid_encoding_table(n, d)}: angle {@code pos / 10000^(2·(j//2)/d)} in float64, {@code sin} on even
     * {@code j}, {@code cos} on odd, cast to float32; row-major {@code [n, d]}.
     */
    public static float[] sinusoidTable(int positions, int dim) {
        float[] t = new float[positions * dim];
        for (int pos = 0; pos < positions; pos++) {
            for (int j = 0; j < dim; j++) {
                double angle = pos / Math.pow(10000, 2.0 * (j / 2) / dim);
                t[pos * dim + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return t;
    }
}

package dev.fvd.features.vit;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.onnx.BilinearResize;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pieces shared by the video Vision Transformers fvd imports (VideoMAE-v2 for cd-FVD, V-JEPA for JEDi), written as
 * ONNX nodes on a {@link GraphBuilder}. Each piece follows the PyTorch module of the reference code it names; the layout
 * of tokens is {@code [N, L, D]} with tokens ordered time-major ({@code Conv3d(...).flatten(2).transpose(1, 2)}).
 *
 * <ul>
 *   <li>Tubelet embedding: {@code Conv3d(3, D, kernel = stride = (tubelet, p, p))} (VideoMAEv2 {@code PatchEmbed},
 *       v-jepa {@code PatchEmbed3D}).</li>
 *   <li>Pre-norm block: {@code x + attn(norm1(x))}, {@code x + mlp(norm2(x))}, LayerNorm eps {@value #LAYER_NORM_EPS};
 *       attention {@code softmax(q·kᵀ / √hd)·v} with the bias layout of the checkpoint ({@link QkvBias}); MLP
 *       {@code fc2(GELU(fc1(x)))} with the exact (erf) GELU of {@code nn.GELU()}.</li>
 *   <li>Position tables resampled in time in the graph ({@link #addPositions}), so one model serves clips of any
 *       length.</li>
 *   <li>V-JEPA's attentive pooler ({@link #attentivePool}).</li>
 * </ul>
 * Heads are not visible in a state dict; the architectures' 16 ({@code vit_giant_patch14_224}, {@code vit_huge}) are
 * passed in. Depth and widths are read from the tensor shapes.
 */
public final class VideoVit {
    /** {@code partial(nn.LayerNorm, eps=1e-6)} of both reference architectures. */
    public static final float LAYER_NORM_EPS = 1e-6f;

    /** How a checkpoint stores the attention's input projection bias. */
    public enum QkvBias {
        /**
         * VideoMAEv2 {@code Attention}: {@code attn.q_bias} and {@code attn.v_bias}; the key has no bias
         * ({@code qkv_bias = cat(q_bias, zeros_like(v_bias), v_bias)}).
         */
        Q_AND_V,
        /** v-jepa {@code Attention}: {@code nn.Linear(dim, 3·dim, bias=True)}, i.e. {@code attn.qkv.bias}. */
        PLAIN
    }

    /** How the stored position table is resampled when the clip has another number of time steps. */
    public enum TimeInterpolation {
        /**
         * VideoMAEv2 {@code interpolate_pos_encoding}: unchanged when {@code t0 = T/tubelet} equals the table's length,
         * else trilinear {@code F.interpolate(scale_factor=((t0 + 0.1)/Nt, 1, 1))}: PyTorch samples the table at
         * {@code (i + 0.5)·Nt/(t0 + 0.1) − 0.5}, not at the plain size ratio (videomaev2_finetune.py).
         */
        VIDEOMAE_PLUS_TENTH,
        /**
         * v-jepa {@code VisionTransformer.interpolate_pos_encoding}: trilinear
         * {@code F.interpolate(scale_factor=(t0/Nt, H/Nh, W/Nw))}; the spatial factors are 1 at the trained size.
         */
        SIZE_RATIO
    }

    private final GraphBuilder g;
    private final StateDict sd;
    private final int heads;

    public VideoVit(GraphBuilder g, StateDict sd, int heads) {
        this.g = g;
        this.sd = sd;
        this.heads = heads;
    }

    // ---------------------------------------------------------------------------------------------- input

    /**
     * The video input and the protocol's resize: uint8 {@code [N,T,H,W,3]} → float {@code [N,3,T,size,size]} with values
     * {@code pixel · scale + offset} (cd-FVD: {@code x/255}, then {@code F.interpolate} bilinear, align_corners=False; the
     * resize commutes with the scaling, so it runs on the 0–255 values as {@link BilinearResize} does for I3D).
     */
    public String videoInput(String name, ExtractionProtocol p) {
        String in = g.input(name, ElementType.UINT8, "N", "T", "H", "W", "3");
        String x = BilinearResize.resize(g, in, 5, 2, 3, p.resize(), p.crop(), p.size());
        x = g.transpose(x, 0, 4, 1, 2, 3); // NCTHW
        x = g.mul(x, (float) p.scale());
        return p.offset() == 0 ? x : g.add(x, (float) p.offset());
    }

    /** {@code (x − mean[c]) / std[c]} on the channel axis of NCTHW (torchvision / v-jepa {@code Normalize}). */
    public String normalizeChannels(String x, double[] mean, double[] std) {
        float[] m = new float[3];
        float[] s = new float[3];
        for (int c = 0; c < 3; c++) {
            m[c] = (float) mean[c];
            s[c] = (float) std[c];
        }
        String mName = g.initializer(g.freshName("channel_mean"), m, 1, 3, 1, 1, 1);
        String sName = g.initializer(g.freshName("channel_std"), s, 1, 3, 1, 1, 1);
        return g.node("Div", List.of(g.node("Sub", List.of(x, mName), null), sName), null);
    }

    // ---------------------------------------------------------------------------------------------- tokens

    /** The tubelet convolution {@code patch_embed.proj}; returns the 5-D map {@code [N, D, t0, gh, gw]}. */
    public String tubeletConv(String x, long embed, long tubelet, long patch) {
        TorchTensor w = sd.require("patch_embed.proj.weight", embed, 3, tubelet, patch, patch);
        TorchTensor b = sd.require("patch_embed.proj.bias", embed);
        long[] k = {tubelet, patch, patch};
        String wName = g.initializer("patch_embed.proj.weight", w.data(), w.shape());
        String bName = g.initializer("patch_embed.proj.bias", b.data(), embed);
        return g.conv(x, wName, bName, k, k, new long[] {0, 0, 0, 0, 0, 0});
    }

    /** {@code [N, D, t0, gh, gw]} → tokens {@code [N, t0·gh·gw, D]} ({@code flatten(2).transpose(1, 2)}). */
    public String tokens(String map) {
        return g.transpose(g.reshape(map, 0, 0, -1), 0, 2, 1);
    }

    /**
     * Adds a position table stored as {@code [Nt·S, D]} (time-major, {@code S} spatial positions) to the tokens, resampled
     * along time to the clip's {@code t0} (read from the conv map's shape) with the given convention. The linear weights
     * follow PyTorch's {@code upsample_trilinear3d} with {@code align_corners=False}: {@code src = max((i + 0.5)·r − 0.5,
     * 0)}, {@code i0 = floor(src)}, {@code i1 = min(i0 + 1, Nt − 1)}, {@code λ = src − i0}, {@code (1 − λ)·row(i0) +
     * λ·row(i1)}; with {@code r = 1} (unchanged table) this is the table itself.
     */
    public String addPositions(String tokens, String convMap, float[] table, int nt, int spatial, int embed,
                               TimeInterpolation mode) {
        String tableName = g.initializer(g.freshName("pos_table"), table, nt, (long) spatial * embed);
        String t0 = g.node("Shape", List.of(convMap), Map.of("start", 2L, "end", 3L)); // int64 [1]
        String t0f = g.cast(t0, ElementType.FLOAT);
        String ntf = g.initializer(g.freshName("nt"), new float[] {nt}, 1);
        String one = g.initializer(g.freshName("one"), new float[] {1f}, 1);
        String ratio;
        if (mode == TimeInterpolation.VIDEOMAE_PLUS_TENTH) {
            // r = 1 / scale_factor = Nt / (t0 + 0.1), except the reference returns the table itself when t0 == Nt
            String r = g.node("Div", List.of(ntf, g.add(t0f, 0.1f)), null);
            ratio = g.node("Where", List.of(g.node("Equal", List.of(t0f, ntf), null), one, r), null);
        } else {
            ratio = g.node("Div", List.of(ntf, t0f), null);
        }
        String zeroI = g.initializerInt64(g.freshName("zero"), new long[] {0});
        String oneI = g.initializerInt64(g.freshName("one"), new long[] {1});
        String range = g.node("Range", List.of(zeroI, g.node("Squeeze", List.of(t0), null), oneI), null);
        String i = g.cast(range, ElementType.FLOAT);
        String src = g.add(g.node("Mul", List.of(g.add(i, 0.5f), ratio), null), -0.5f);
        src = g.node("Max", List.of(src, g.initializer(g.freshName("zero"), new float[] {0f})), null);
        String floor = g.node("Floor", List.of(src), null);
        String lambda = g.node("Sub", List.of(src, floor), null);
        String i0 = g.cast(floor, ElementType.INT64);
        String last = g.initializerInt64(g.freshName("last"), new long[] {nt - 1});
        String i1 = g.node("Min", List.of(g.node("Add", List.of(i0, oneI), null), last), null);
        String rows0 = g.node("Gather", List.of(tableName, i0), Map.of("axis", 0L));
        String rows1 = g.node("Gather", List.of(tableName, i1), Map.of("axis", 0L));
        String lam = g.reshape(lambda, -1, 1);
        String oneMinus = g.node("Sub", List.of(one, lam), null);
        String pos = g.node("Add", List.of(g.node("Mul", List.of(rows0, oneMinus), null),
                g.node("Mul", List.of(rows1, lam), null)), null);
        pos = g.reshape(pos, 1, -1, embed);
        return g.node("Add", List.of(tokens, pos), null);
    }

    // ---------------------------------------------------------------------------------------------- blocks

    /** {@code nn.LayerNorm(dim, eps=1e-6)} of {@code prefix.weight/bias} over the last axis. */
    public String layerNorm(String x, String prefix, long dim) {
        TorchTensor w = sd.require(prefix + ".weight", dim);
        TorchTensor b = sd.require(prefix + ".bias", dim);
        String wName = g.initializer(prefix + ".weight", w.data(), dim);
        String bName = g.initializer(prefix + ".bias", b.data(), dim);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("axis", -1L);
        a.put("epsilon", LAYER_NORM_EPS);
        return g.node("LayerNormalization", List.of(x, wName, bName), a);
    }

    /** {@code nn.Linear}: {@code x·Wᵀ + b} with {@code W = prefix.weight [out, in]}; {@code bias} null = none. */
    public String linear(String x, String prefix, long out, long in, float[] bias) {
        TorchTensor w = sd.require(prefix + ".weight", out, in);
        String wName = g.initializer(prefix + ".weight_t", transpose2d(w.data(), (int) out, (int) in), in, out);
        sd.release(prefix + ".weight");
        String y = g.node("MatMul", List.of(x, wName), null);
        if (bias == null) {
            return y;
        }
        return g.node("Add", List.of(y, g.initializer(prefix + ".bias", bias, out)), null);
    }

    /** {@code nn.Linear} with its own {@code prefix.bias}. */
    public String linear(String x, String prefix, long out, long in) {
        return linear(x, prefix, out, in, sd.require(prefix + ".bias", out).data());
    }

    /** The number of {@code blocks.N.} in the state dict (checked to be at least one). */
    public int depth(String prefix) {
        int depth = sd.countBlocks(prefix);
        if (depth == 0) {
            throw new InvalidModelException(sd.source() + ": checkpoint has no tensor '" + prefix + "0.norm1.weight'");
        }
        return depth;
    }

    /** The hidden width of a block's MLP, from {@code mlp.fc1.weight}. */
    public long mlpHidden(String prefix, long dim) {
        return sd.require(prefix + "mlp.fc1.weight", StateDict.ANY, dim).dim(0);
    }

    /** One pre-norm transformer block {@code prefix} (e.g. {@code blocks.3.}). */
    public String block(String x, String prefix, long dim, QkvBias layout) {
        long hidden = mlpHidden(prefix, dim);
        x = g.node("Add", List.of(x, selfAttention(layerNorm(x, prefix + "norm1", dim), prefix + "attn", dim, layout)),
                null);
        return g.node("Add", List.of(x, mlp(layerNorm(x, prefix + "norm2", dim), prefix + "mlp", dim, hidden)), null);
    }

    /** {@code fc2(GELU(fc1(x)))}, GELU exact: {@code x·½·(1 + erf(x/√2))} ({@code nn.GELU()} default). */
    public String mlp(String x, String prefix, long dim, long hidden) {
        String h = linear(x, prefix + ".fc1", hidden, dim);
        String erf = g.node("Erf", List.of(g.mul(h, (float) (1.0 / Math.sqrt(2.0)))), null);
        String gelu = g.node("Mul", List.of(h, g.mul(g.add(erf, 1f), 0.5f)), null);
        return linear(gelu, prefix + ".fc2", dim, hidden);
    }

    /** Multi-head self-attention {@code prefix} (e.g. {@code blocks.3.attn}) on {@code [N, L, D]}. */
    public String selfAttention(String x, String prefix, long dim, QkvBias layout) {
        float[] bias;
        if (layout == QkvBias.Q_AND_V) {
            float[] q = sd.require(prefix + ".q_bias", dim).data();
            float[] v = sd.require(prefix + ".v_bias", dim).data();
            bias = new float[(int) (3 * dim)];
            System.arraycopy(q, 0, bias, 0, (int) dim);
            System.arraycopy(v, 0, bias, (int) (2 * dim), (int) dim); // the key's third stays 0
        } else {
            bias = sd.require(prefix + ".qkv.bias", 3 * dim).data();
        }
        long hd = headDim(dim, prefix);
        String qkv = linear(x, prefix + ".qkv", 3 * dim, dim, bias);
        qkv = g.transpose(g.reshape(qkv, 0, 0, 3, heads, hd), 2, 0, 3, 1, 4); // [3, N, H, L, hd]
        String q = g.mul(pick(qkv, 0), (float) Math.pow(hd, -0.5));
        String k = pick(qkv, 1);
        String v = pick(qkv, 2);
        String o = attend(q, k, v);
        return linear(o, prefix + ".proj", dim, dim);
    }

    /**
     * v-jepa {@code AttentivePooler} (one query, depth 1, complete block) as JEDi's package runs it
     * ({@code videojedi} installs oooolga/v-jepa, whose {@code CrossAttention.forward} applies {@code q = self.proj(q)}):
     * {@code q = query + proj(xattn(query, norm1(tokens)))}, {@code q = q + mlp(norm2(q))}; {@code norm1} normalises the
     * tokens, not the query. Returns {@code [N, D]}.
     */
    public String attentivePool(String tokens, String prefix, long dim) {
        TorchTensor query = sd.require(prefix + "query_tokens", 1, 1, dim);
        String block = prefix + "cross_attention_block.";
        long hidden = mlpHidden(block, dim);
        long hd = headDim(dim, block + "xattn");
        String qIn = g.initializer(prefix + "query_tokens", query.data(), 1, 1, dim);
        String q = linear(qIn, block + "xattn.q", dim, dim);
        q = g.transpose(g.reshape(q, 1, 1, heads, hd), 0, 2, 1, 3); // [1, H, 1, hd]
        String kv = linear(layerNorm(tokens, block + "norm1", dim), block + "xattn.kv", 2 * dim, dim);
        kv = g.transpose(g.reshape(kv, 0, 0, 2, heads, hd), 2, 0, 3, 1, 4); // [2, N, H, L, hd]
        // CrossAttention scales the product, not q: (q @ kᵀ) · scale
        String logits = g.mul(g.node("MatMul", List.of(q, g.transpose(pick(kv, 0), 0, 1, 3, 2)), null),
                (float) Math.pow(hd, -0.5));
        String o = mergeHeads(g.node("MatMul", List.of(g.node("Softmax", List.of(logits), Map.of("axis", -1L)),
                pick(kv, 1)), null));
        String y = linear(o, block + "xattn.proj", dim, dim);
        String pooled = g.node("Add", List.of(qIn, y), null); // [N, 1, D]
        pooled = g.node("Add", List.of(pooled, mlp(layerNorm(pooled, block + "norm2", dim), block + "mlp", dim, hidden)),
                null);
        return g.reshape(pooled, 0, -1);
    }

    /** Mean over the tokens: {@code x.mean(1)}, {@code [N, L, D]} → {@code [N, D]}. */
    public String meanTokens(String x) {
        return g.reduceMean(x, new long[] {1}, false);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private String attend(String q, String k, String v) {
        String logits = g.node("MatMul", List.of(q, g.transpose(k, 0, 1, 3, 2)), null); // [N, H, L, L]
        String attn = g.node("Softmax", List.of(logits), Map.of("axis", -1L));
        return mergeHeads(g.node("MatMul", List.of(attn, v), null));
    }

    /** {@code [N, H, L, hd]} → {@code [N, L, H·hd]} ({@code transpose(1, 2).reshape(B, N, C)}). */
    private String mergeHeads(String x) {
        return g.reshape(g.transpose(x, 0, 2, 1, 3), 0, 0, -1);
    }

    /** {@code x[i]} along axis 0 (the axis is removed). */
    private String pick(String x, long i) {
        String index = g.initializerInt64(g.freshName("index"), new long[] {i});
        return g.node("Gather", List.of(x, index), Map.of("axis", 0L));
    }

    private long headDim(long dim, String prefix) {
        if (dim % heads != 0) {
            throw new InvalidModelException(sd.source() + ": " + prefix + " has width " + dim + ", not divisible by "
                    + heads + " heads");
        }
        return dim / heads;
    }

    static float[] transpose2d(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }
}

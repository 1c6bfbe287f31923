package dev.fvd.features.vit;

import dev.fvd.features.checkpoint.torch.TorchDtype;
import dev.fvd.features.checkpoint.torch.TorchTensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random state dicts under the real key names of the two video ViTs, at any width and depth, generated in memory
 * (never stored): full-width 1–2 block models for the tests and full-size ones for the benchmark. Weights are
 * N(0, 1/fan_in), LayerNorm gains around 1, so activations stay of order 1 through the blocks.
 */
public final class VitRandomWeights {
    private final SplittableRandom random;
    private final Map<String, TorchTensor> sd = new LinkedHashMap<>();

    private VitRandomWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** VideoMAE-v2 {@code vit_giant_patch14_224} layout (ViT-g: embed 1408, hidden 6144, depth 40), prefix {@code model.}. */
    public static Map<String, TorchTensor> videoMae(int embed, int hidden, int depth, long seed) {
        VitRandomWeights w = new VitRandomWeights(seed);
        w.normal("model.patch_embed.proj.weight", 1.0 / Math.sqrt(3 * 2 * 14 * 14), embed, 3, 2, 14, 14);
        w.normal("model.patch_embed.proj.bias", 0.1, embed);
        for (int i = 0; i < depth; i++) {
            String b = "model.blocks." + i + ".";
            w.layerNorm(b + "norm1", embed);
            w.normal(b + "attn.q_bias", 0.1, embed);
            w.normal(b + "attn.v_bias", 0.1, embed);
            w.normal(b + "attn.qkv.weight", 1.0 / Math.sqrt(embed), 3L * embed, embed);
            w.linear(b + "attn.proj", embed, embed);
            w.layerNorm(b + "norm2", embed);
            w.linear(b + "mlp.fc1", hidden, embed);
            w.linear(b + "mlp.fc2", embed, hidden);
        }
        w.layerNorm("model.fc_norm", embed);
        w.linear("model.head", 174, embed);
        return w.sd;
    }

    /** V-JEPA {@code vit_huge} encoder layout (embed 1280, hidden 5120, depth 32), prefix {@code target_encoder.module.}. */
    public static Map<String, TorchTensor> vjepaEncoder(int embed, int hidden, int depth, long seed) {
        VitRandomWeights w = new VitRandomWeights(seed);
        String p = "target_encoder.module.backbone.";
        w.normal(p + "pos_embed", 1.0, 1, 8 * 14 * 14, embed);
        w.normal(p + "patch_embed.proj.weight", 1.0 / Math.sqrt(3 * 2 * 16 * 16), embed, 3, 2, 16, 16);
        w.normal(p + "patch_embed.proj.bias", 0.1, embed);
        for (int i = 0; i < depth; i++) {
            String b = p + "blocks." + i + ".";
            w.layerNorm(b + "norm1", embed);
            w.linear(b + "attn.qkv", 3 * embed, embed);
            w.linear(b + "attn.proj", embed, embed);
            w.layerNorm(b + "norm2", embed);
            w.linear(b + "mlp.fc1", hidden, embed);
            w.linear(b + "mlp.fc2", embed, hidden);
        }
        w.layerNorm(p + "norm", embed);
        return w.sd;
    }

    /** The SSv2 attentive probe layout (DDP names under {@code classifier.module.}). */
    public static Map<String, TorchTensor> vjepaProbe(int embed, int hidden, long seed) {
        VitRandomWeights w = new VitRandomWeights(seed);
        String p = "classifier.module.pooler.";
        w.normal(p + "query_tokens", 1.0, 1, 1, embed);
        String c = p + "cross_attention_block.";
        w.layerNorm(c + "norm1", embed);
        w.linear(c + "xattn.q", embed, embed);
        w.linear(c + "xattn.kv", 2 * embed, embed);
        w.linear(c + "xattn.proj", embed, embed);
        w.layerNorm(c + "norm2", embed);
        w.linear(c + "mlp.fc1", hidden, embed);
        w.linear(c + "mlp.fc2", embed, hidden);
        w.linear("classifier.module.linear", 174, embed);
        return w.sd;
    }

    private void linear(String name, int out, int in) {
        normal(name + ".weight", 1.0 / Math.sqrt(in), out, in);
        normal(name + ".bias", 0.1, out);
    }

    private void layerNorm(String name, int dim) {
        float[] gain = values(dim, 0.1);
        for (int i = 0; i < dim; i++) {
            gain[i] += 1f;
        }
        sd.put(name + ".weight", new TorchTensor(name + ".weight", new long[] {dim}, gain, TorchDtype.FLOAT32));
        normal(name + ".bias", 0.1, dim);
    }

    private void normal(String name, double std, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        sd.put(name, new TorchTensor(name, shape, values(Math.toIntExact(n), std), TorchDtype.FLOAT32));
    }

    private float[] values(int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Irwin–Hall approximation of a normal: fast enough for a billion values
            double s = random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble() - 2.0;
            v[i] = (float) (s * std * Math.sqrt(3.0));
        }
        return v;
    }
}

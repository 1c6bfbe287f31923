#!/usr/bin/python3
"""Reference numbers for the Java video-ViT and I3D-torch graphs (feature-extractors: dev.fvd.features.videomae,
vjepa, i3dtorch).

Run with Debian's python (torch 1.13, numpy; no downloads):

    /usr/bin/python3 test-data/vit/make_reference.py     # regenerates test-data/vit/{checkpoints,clips,ref}/

What it does
1. Writes reduced-width checkpoints with seeded random weights under the real key names and containers:
   - videomae-slim.pth      {'model': state dict} (torch zip) of VideoMAE-v2 `vit_giant_patch14_224` with embed 96,
                            depth 2, 16 heads (head dim 6), MLP hidden int(96*48/11) = 418, patch 14, tubelet 2,
                            q_bias/v_bias (no k bias), fc_norm, the 174-class head (unused).
                            cdfvd/third_party/VideoMAEv2/videomaev2_finetune.py, utils.py:load_videomae_model.
   - videomae-slim-legacy.pth the same weights as a raw state dict in the legacy (non-zip) torch.save format.
   - vjepa-slim.pth.tar     {'encoder', 'target_encoder', 'epoch'} (keys 'module.backbone.' + name) of V-JEPA
                            `vit_huge` with embed 96, depth 2, 16 heads, MLP ratio 4, patch 16, tubelet 2, a stored
                            pos_embed (1, 1568, 96); 'encoder' holds other (here: only two) tensors that must not be used.
                            oooolga/v-jepa src/vjepa/models/vision_transformer.py, JEDi videojedi/V_JEPA.py.
   - vjepa-probe-slim.pth.tar {'classifier': AttentiveClassifier under DDP ('module.pooler...', 'module.linear...'),
                            'epoch'}: one learned query, one CrossAttentionBlock, 16 heads, 174 classes (unused).
                            oooolga/v-jepa src/vjepa/models/attentive_pooler.py, utils/modules.py.
   - i3d-torch-slim.pt      flat piergiaj-style InceptionI3d state dict (every width / 8, 400 logits kept, BN gamma
                            random around 1, num_batches_tracked present). cdfvd/third_party/i3d/pytorch_i3d.py.
2. Re-implements each forward pass here in PyTorch, float64 (no reference source is imported):
   VideoMAE-v2 forward_features: Conv3d tubelet embedding -> + sinusoid table (float64 -> float32, as the reference;
   for T/2 != 8 trilinear F.interpolate(scale_factor=((t0+0.1)/8, 1, 1)) of the 8x16x16 table) -> pre-norm blocks
   (LayerNorm eps 1e-6, qkv bias = cat(q_bias, 0, v_bias), q * head_dim^-0.5, softmax, proj; exact-erf GELU MLP)
   -> mean over tokens -> fc_norm: 1408-d in the real model.
   V-JEPA encoder: Conv3d tubelet embedding + pos_embed (trilinear F.interpolate(scale_factor=(T/8, 1, 1)) when
   T != 16) -> blocks (plain qkv bias) -> final norm; SSv2 pooler: q = query; q = q + proj(xattn(q, norm1(tokens)));
   q = q + mlp(norm2(q)) (JEDi's package applies the output projection) -> 1280-d in the real model.
   I3D (piergiaj): Unit3D = TF-same pad, Conv3d, BatchNorm (gamma, beta, eps 1e-5), ReLU; MaxPool3dSamePadding pads
   with zeros; AvgPool (2,7,7) -> logits conv with bias -> mean over time.
3. Preprocessing as the references do it: cd-fvd videomae: x/255 then F.interpolate(bilinear, align_corners=False) to
   224x224; jedi: the same resize (JEDi leaves it to the loader; fvd picks this one) then ImageNet mean/std per channel;
   cd-fvd i3d: F.interpolate of 0..255 floats to 224x224, then 2x/255-1.
4. Saves the uint8 clips (clips/*.npy) and the features (ref/<model>-<clip>.npy, float32 of the float64 result).

Clips (seeded random uint8): a 2x16x48x64 (no interpolation), b 1x12x120x90 (T/2 = 6: the time tables are
interpolated down), c 1x18x36x36 (T/2 = 9: interpolated up), d 1x17x56x40 (odd T: the conv drops the last frame;
VideoMAE keeps its table, V-JEPA interpolates with factor 1).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_default_dtype(torch.float64)

EMBED = 96
HEADS = 16
DEPTH = 2
CLASSES = 174
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def rnd(gen, *shape, std=1.0, mean=0.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * std + mean).float()


def linear(gen, sd, name, fan_out, fan_in, bias=True):
    sd[name + ".weight"] = rnd(gen, fan_out, fan_in, std=fan_in ** -0.5)
    if bias:
        sd[name + ".bias"] = rnd(gen, fan_out, std=0.1)


def layernorm(gen, sd, name, dim):
    sd[name + ".weight"] = rnd(gen, dim, std=0.1, mean=1.0)
    sd[name + ".bias"] = rnd(gen, dim, std=0.1)


# ----------------------------------------------------------------------------------------------- checkpoints

def videomae_state_dict(seed):
    g = torch.Generator().manual_seed(seed)
    sd = {}
    sd["patch_embed.proj.weight"] = rnd(g, EMBED, 3, 2, 14, 14, std=(3 * 2 * 14 * 14) ** -0.5)
    sd["patch_embed.proj.bias"] = rnd(g, EMBED, std=0.1)
    hidden = int(EMBED * 48 / 11)
    for i in range(DEPTH):
        b = "blocks.%d." % i
        layernorm(g, sd, b + "norm1", EMBED)
        sd[b + "attn.q_bias"] = rnd(g, EMBED, std=0.1)
        sd[b + "attn.v_bias"] = rnd(g, EMBED, std=0.1)
        linear(g, sd, b + "attn.qkv", 3 * EMBED, EMBED, bias=False)
        linear(g, sd, b + "attn.proj", EMBED, EMBED)
        layernorm(g, sd, b + "norm2", EMBED)
        linear(g, sd, b + "mlp.fc1", hidden, EMBED)
        linear(g, sd, b + "mlp.fc2", EMBED, hidden)
    layernorm(g, sd, "fc_norm", EMBED)
    linear(g, sd, "head", CLASSES, EMBED)
    return sd


def vjepa_state_dict(seed):
    g = torch.Generator().manual_seed(seed)
    sd = {}
    sd["pos_embed"] = rnd(g, 1, 8 * 14 * 14, EMBED)
    sd["patch_embed.proj.weight"] = rnd(g, EMBED, 3, 2, 16, 16, std=(3 * 2 * 16 * 16) ** -0.5)
    sd["patch_embed.proj.bias"] = rnd(g, EMBED, std=0.1)
    for i in range(DEPTH):
        b = "blocks.%d." % i
        layernorm(g, sd, b + "norm1", EMBED)
        linear(g, sd, b + "attn.qkv", 3 * EMBED, EMBED)
        linear(g, sd, b + "attn.proj", EMBED, EMBED)
        layernorm(g, sd, b + "norm2", EMBED)
        linear(g, sd, b + "mlp.fc1", 4 * EMBED, EMBED)
        linear(g, sd, b + "mlp.fc2", EMBED, 4 * EMBED)
    layernorm(g, sd, "norm", EMBED)
    return sd


def probe_state_dict(seed):
    g = torch.Generator().manual_seed(seed)
    sd = {}
    p = "pooler."
    sd[p + "query_tokens"] = rnd(g, 1, 1, EMBED)
    c = p + "cross_attention_block."
    layernorm(g, sd, c + "norm1", EMBED)
    linear(g, sd, c + "xattn.q", EMBED, EMBED)
    linear(g, sd, c + "xattn.kv", 2 * EMBED, EMBED)
    linear(g, sd, c + "xattn.proj", EMBED, EMBED)
    layernorm(g, sd, c + "norm2", EMBED)
    linear(g, sd, c + "mlp.fc1", 4 * EMBED, EMBED)
    linear(g, sd, c + "mlp.fc2", EMBED, 4 * EMBED)
    linear(g, sd, "linear", CLASSES, EMBED)
    return sd


DIV = 8
I3D_MIXED = [
    ("Mixed_3b", [64, 96, 128, 16, 32, 32]), ("Mixed_3c", [128, 128, 192, 32, 96, 64]),
    ("Mixed_4b", [192, 96, 208, 16, 48, 64]), ("Mixed_4c", [160, 112, 224, 24, 64, 64]),
    ("Mixed_4d", [128, 128, 256, 24, 64, 64]), ("Mixed_4e", [112, 144, 288, 32, 64, 64]),
    ("Mixed_4f", [256, 160, 320, 32, 128, 128]), ("Mixed_5b", [256, 160, 320, 32, 128, 128]),
    ("Mixed_5c", [384, 192, 384, 48, 128, 128]),
]


def i3d_units():
    """(name, cin, cout, kernel) of every Unit3D with BatchNorm, in piergiaj's module names."""
    units = [("Conv3d_1a_7x7", 3, 64 // DIV, 7), ("Conv3d_2b_1x1", 64 // DIV, 64 // DIV, 1),
             ("Conv3d_2c_3x3", 64 // DIV, 192 // DIV, 3)]
    cin = 192 // DIV
    for name, w in I3D_MIXED:
        w = [c // DIV for c in w]
        units += [(name + ".b0", cin, w[0], 1), (name + ".b1a", cin, w[1], 1), (name + ".b1b", w[1], w[2], 3),
                  (name + ".b2a", cin, w[3], 1), (name + ".b2b", w[3], w[4], 3), (name + ".b3b", cin, w[5], 1)]
        cin = w[0] + w[2] + w[4] + w[5]
    return units, cin


def i3d_state_dict(seed):
    g = torch.Generator().manual_seed(seed)
    sd = {}
    units, cin = i3d_units()
    for name, ci, co, k in units:
        sd[name + ".conv3d.weight"] = rnd(g, co, ci, k, k, k, std=(ci * k ** 3) ** -0.5 * 1.4)
        sd[name + ".bn.weight"] = rnd(g, co, std=0.1, mean=1.0)
        sd[name + ".bn.bias"] = rnd(g, co, std=0.1)
        sd[name + ".bn.running_mean"] = rnd(g, co, std=0.1)
        sd[name + ".bn.running_var"] = (torch.rand(co, generator=g) * 0.5 + 0.75).float()
        sd[name + ".bn.num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
    sd["logits.conv3d.weight"] = rnd(g, 400, cin, 1, 1, 1, std=cin ** -0.5)
    sd["logits.conv3d.bias"] = rnd(g, 400, std=0.1)
    return sd


# ----------------------------------------------------------------------------------------------- shared pieces

def ln(x, sd, name):
    return F.layer_norm(x, x.shape[-1:], sd[name + ".weight"].double(), sd[name + ".bias"].double(), eps=1e-6)


def lin(x, sd, name, bias=True):
    b = sd[name + ".bias"].double() if bias and (name + ".bias") in sd else None
    return F.linear(x, sd[name + ".weight"].double(), b)


def mlp(x, sd, name):
    return lin(F.gelu(lin(x, sd, name + ".fc1")), sd, name + ".fc2")  # exact erf GELU (nn.GELU default)


def self_attention(x, sd, name, qkv_bias):
    B, N, C = x.shape
    qkv = F.linear(x, sd[name + ".qkv.weight"].double(), qkv_bias)
    qkv = qkv.reshape(B, N, 3, HEADS, C // HEADS).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    attn = ((q * (C // HEADS) ** -0.5) @ k.transpose(-2, -1)).softmax(dim=-1)
    x = (attn @ v).transpose(1, 2).reshape(B, N, C)
    return lin(x, sd, name + ".proj")


def patch_embed(x, sd, tubelet, patch):
    x = F.conv3d(x, sd["patch_embed.proj.weight"].double(), sd["patch_embed.proj.bias"].double(),
                 stride=(tubelet, patch, patch))
    return x.flatten(2).transpose(1, 2)


def torch_resize(frames_bcthw, size=224):
    """F.interpolate(bilinear, align_corners=False) of every frame, whole-frame squash."""
    b, c, t, h, w = frames_bcthw.shape
    x = frames_bcthw.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x.reshape(b, t, c, size, size).permute(0, 2, 1, 3, 4)


def to_bcthw(clips_uint8):
    return torch.from_numpy(clips_uint8).double().permute(0, 4, 1, 2, 3)


# ----------------------------------------------------------------------------------------------- VideoMAE-v2

def sinusoid_table(n_position, d_hid):
    """get_sinusoid_encoding_table: float64 angles pos / 10000^(2(j//2)/d), sin on even dims, cos on odd, -> float32."""
    pos = np.arange(n_position, dtype=np.float64)[:, None]
    j = np.arange(d_hid)
    table = pos / np.power(10000, 2 * (j // 2) / d_hid)
    table[:, 0::2] = np.sin(table[:, 0::2])
    table[:, 1::2] = np.cos(table[:, 1::2])
    return torch.tensor(table, dtype=torch.float32).unsqueeze(0)


def videomae_features(sd, clips_uint8):
    x = torch_resize(to_bcthw(clips_uint8) / 255.0)
    t = x.shape[2]
    x = patch_embed(x, sd, 2, 14)
    table = sinusoid_table(8 * 16 * 16, EMBED).double()
    t0 = t // 2
    if t0 != 8:
        grid = table.permute(0, 2, 1).reshape(1, EMBED, 8, 16, 16)
        grid = F.interpolate(grid, scale_factor=((t0 + 0.1) / 8, 1, 1), mode="trilinear")
        assert grid.shape[2] == t0
        table = grid.reshape(1, EMBED, -1).permute(0, 2, 1)
    x = x + table
    for i in range(DEPTH):
        b = "blocks.%d." % i
        bias = torch.cat((sd[b + "attn.q_bias"], torch.zeros_like(sd[b + "attn.v_bias"]), sd[b + "attn.v_bias"]))
        x = x + self_attention(ln(x, sd, b + "norm1"), sd, b + "attn", bias.double())
        x = x + mlp(ln(x, sd, b + "norm2"), sd, b + "mlp")
    return ln(x.mean(1), sd, "fc_norm")


# ----------------------------------------------------------------------------------------------- V-JEPA + probe

def vjepa_features(enc, probe, clips_uint8):
    x = torch_resize(to_bcthw(clips_uint8) / 255.0)
    mean = torch.tensor(MEAN).reshape(1, 3, 1, 1, 1)
    std = torch.tensor(STD).reshape(1, 3, 1, 1, 1)
    x = (x - mean) / std
    t = x.shape[2]
    pos = enc["pos_embed"].double()
    if t != 16:
        grid = pos.reshape(1, 8, 14, 14, EMBED).permute(0, 4, 1, 2, 3)
        grid = F.interpolate(grid, scale_factor=((t // 2) / 8, 14 / 14, 14 / 14), mode="trilinear")
        pos = grid.permute(0, 2, 3, 4, 1).reshape(1, -1, EMBED)
    x = patch_embed(x, enc, 2, 16) + pos
    for i in range(DEPTH):
        b = "blocks.%d." % i
        x = x + self_attention(ln(x, enc, b + "norm1"), enc, b + "attn", enc[b + "attn.qkv.bias"].double())
        x = x + mlp(ln(x, enc, b + "norm2"), enc, b + "mlp")
    tokens = ln(x, enc, "norm")
    # AttentivePooler (num_queries 1, depth 1, complete block)
    c = "pooler.cross_attention_block."
    B, N, C = tokens.shape
    q = probe["pooler.query_tokens"].double().repeat(B, 1, 1)
    kvin = ln(tokens, probe, c + "norm1")
    qh = lin(q, probe, c + "xattn.q").reshape(B, 1, HEADS, C // HEADS).permute(0, 2, 1, 3)
    kv = lin(kvin, probe, c + "xattn.kv").reshape(B, N, 2, HEADS, C // HEADS).permute(2, 0, 3, 1, 4)
    k, v = kv[0], kv[1]
    attn = ((qh @ k.transpose(-2, -1)) * (C // HEADS) ** -0.5).softmax(dim=-1)
    y = (attn @ v).transpose(1, 2).reshape(B, 1, C)
    y = lin(y, probe, c + "xattn.proj")  # JEDi's vjepa package: q = self.proj(q)
    q = q + y
    q = q + mlp(ln(q, probe, c + "norm2"), probe, c + "mlp")
    return q.squeeze(1)


# ----------------------------------------------------------------------------------------------- I3D (piergiaj)

def same_pad(x, kernel, stride):
    pads = []
    for dim, k, s in zip(x.shape[2:], kernel, stride):
        pad = max(k - s, 0) if dim % s == 0 else max(k - dim % s, 0)
        pads.append((pad // 2, pad - pad // 2))
    (tf_, tb), (hf, hb), (wf, wb) = pads
    return F.pad(x, (wf, wb, hf, hb, tf_, tb))  # zeros, as piergiaj's F.pad


def unit(x, sd, name, k, stride=(1, 1, 1)):
    x = same_pad(x, (k, k, k), stride)
    x = F.conv3d(x, sd[name + ".conv3d.weight"].double(), None, stride=stride)
    x = F.batch_norm(x, sd[name + ".bn.running_mean"].double(), sd[name + ".bn.running_var"].double(),
                     sd[name + ".bn.weight"].double(), sd[name + ".bn.bias"].double(), False, 0.0, 1e-5)
    return F.relu(x)


def pool(x, k, s):
    return F.max_pool3d(same_pad(x, k, s), k, s)


def i3d_features(sd, clips_uint8):
    x = torch_resize(to_bcthw(clips_uint8))  # 0..255 floats
    x = 2.0 * x / 255.0 - 1
    x = unit(x, sd, "Conv3d_1a_7x7", 7, (2, 2, 2))
    x = pool(x, (1, 3, 3), (1, 2, 2))
    x = unit(x, sd, "Conv3d_2b_1x1", 1)
    x = unit(x, sd, "Conv3d_2c_3x3", 3)
    x = pool(x, (1, 3, 3), (1, 2, 2))
    for name, _ in I3D_MIXED:
        if name == "Mixed_4b":
            x = pool(x, (3, 3, 3), (2, 2, 2))
        elif name == "Mixed_5b":
            x = pool(x, (2, 2, 2), (2, 2, 2))
        b0 = unit(x, sd, name + ".b0", 1)
        b1 = unit(unit(x, sd, name + ".b1a", 1), sd, name + ".b1b", 3)
        b2 = unit(unit(x, sd, name + ".b2a", 1), sd, name + ".b2b", 3)
        b3 = unit(pool(x, (3, 3, 3), (1, 1, 1)), sd, name + ".b3b", 1)
        x = torch.cat([b0, b1, b2, b3], dim=1)
    x = F.avg_pool3d(x, (2, 7, 7), (1, 1, 1))
    x = F.conv3d(x, sd["logits.conv3d.weight"].double(), sd["logits.conv3d.bias"].double())
    return x.squeeze(3).squeeze(3).mean(dim=2)


# ----------------------------------------------------------------------------------------------- main

CLIPS = {"a": (2, 16, 48, 64), "b": (1, 12, 120, 90), "c": (1, 18, 36, 36), "d": (1, 17, 56, 40)}


def main():
    for sub in ("checkpoints", "clips", "ref"):
        os.makedirs(os.path.join(HERE, sub), exist_ok=True)
    ck = lambda name: os.path.join(HERE, "checkpoints", name)
    videomae = videomae_state_dict(11)
    torch.save({"model": videomae}, ck("videomae-slim.pth"))
    torch.save(videomae, ck("videomae-slim-legacy.pth"), _use_new_zipfile_serialization=False)
    enc = vjepa_state_dict(12)
    decoy = {k: v for k, v in vjepa_state_dict(13).items() if k.startswith("norm.")}  # small, and must not be used
    torch.save({"encoder": {"module.backbone." + k: v for k, v in decoy.items()},
                "target_encoder": {"module.backbone." + k: v for k, v in enc.items()}, "epoch": 300},
               ck("vjepa-slim.pth.tar"))
    probe = probe_state_dict(14)
    torch.save({"classifier": {"module." + k: v for k, v in probe.items()}, "epoch": 20}, ck("vjepa-probe-slim.pth.tar"))
    i3d = i3d_state_dict(15)
    torch.save(i3d, ck("i3d-torch-slim.pt"))

    rng = np.random.default_rng(2024)
    for name, (n, t, h, w) in CLIPS.items():
        clip = rng.integers(0, 256, size=(n, t, h, w, 3), dtype=np.uint8)
        np.save(os.path.join(HERE, "clips", name + ".npy"), clip)
        with torch.no_grad():
            outs = {"videomae": videomae_features(videomae, clip), "vjepa": vjepa_features(enc, probe, clip)}
            if t >= 9:
                outs["i3dtorch"] = i3d_features(i3d, clip)
        for model, feats in outs.items():
            np.save(os.path.join(HERE, "ref", "%s-%s.npy" % (model, name)), feats.numpy().astype(np.float32))
            print(model, name, tuple(feats.shape), float(feats.abs().max()), file=sys.stderr)


if __name__ == "__main__":
    main()

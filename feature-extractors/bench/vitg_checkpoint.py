#!/usr/bin/python3
"""Writes a full-size random VideoMAE-v2 ViT-g/14 checkpoint (~4 GB) for the import-memory benchmark (vitg_import_memory.sh).

    /usr/bin/python3 feature-extractors/bench/vitg_checkpoint.py OUT_DIR

Key names and shapes of cd-FVD's vit_giant_patch14_224 (embed 1408, depth 40, MLP 6144, q/v biases, fc_norm, 174-class
head), saved as OpenGVLab/VideoMAEv2 utils.py save_model does ({'model': state_dict, ...}); weights are seeded noise.
"""
import os
import sys

import torch

EMBED, DEPTH, HIDDEN, CLASSES = 1408, 40, 6144, 174


def main(out):
    g = torch.Generator().manual_seed(0)
    r = lambda *shape: torch.randn(*shape, generator=g) * 0.02
    sd = {"patch_embed.proj.weight": r(EMBED, 3, 2, 14, 14), "patch_embed.proj.bias": r(EMBED)}
    for i in range(DEPTH):
        b = "blocks.%d." % i
        for n in ("norm1", "norm2"):
            sd[b + n + ".weight"] = 1 + r(EMBED)
            sd[b + n + ".bias"] = r(EMBED)
        sd[b + "attn.q_bias"] = r(EMBED)
        sd[b + "attn.v_bias"] = r(EMBED)
        sd[b + "attn.qkv.weight"] = r(3 * EMBED, EMBED)
        sd[b + "attn.proj.weight"] = r(EMBED, EMBED)
        sd[b + "attn.proj.bias"] = r(EMBED)
        sd[b + "mlp.fc1.weight"] = r(HIDDEN, EMBED)
        sd[b + "mlp.fc1.bias"] = r(HIDDEN)
        sd[b + "mlp.fc2.weight"] = r(EMBED, HIDDEN)
        sd[b + "mlp.fc2.bias"] = r(EMBED)
    sd["fc_norm.weight"] = 1 + r(EMBED)
    sd["fc_norm.bias"] = r(EMBED)
    sd["head.weight"] = r(CLASSES, EMBED)
    sd["head.bias"] = r(CLASSES)
    os.makedirs(out, exist_ok=True)
    torch.save({"model": sd, "epoch": 39}, os.path.join(out, "vit_g_hybrid_pt_1200e_ssv2_ft.pth"))
    print(sum(v.numel() for v in sd.values()), "parameters", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])

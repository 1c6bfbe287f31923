#!/usr/bin/python3
"""The same video ViTs as dev.fvd.features.vit.VitBench in PyTorch eager (float32, no grad, torch.set_num_threads):
VideoMAE-v2 ViT-g/14 (q/v bias, mean pool + fc_norm) or V-JEPA ViT-H/16 + the SSv2 attentive pooler, random weights,
16x224x224 clips, with the references' preprocessing (x/255, F.interpolate bilinear; ImageNet mean/std for V-JEPA).
Written from the architectures in cdfvd/third_party/VideoMAEv2/videomaev2_finetune.py and oooolga/v-jepa; prints clips/s
and GFLOP/s with the FLOP count of VitBench.gflopPerClip. Options as VitBench: --model --depth --threads --batch --batches.
"""
import sys
import time

import torch
import torch.nn.functional as F


def args():
    opts = {"--model": "videomae", "--depth": "-1", "--threads": "2", "--batch": "1", "--batches": "2"}
    a = sys.argv[1:]
    for i in range(0, len(a), 2):
        opts[a[i]] = a[i + 1]
    return opts


def main():
    o = args()
    mae = o["--model"] == "videomae"
    d, hidden, patch, grid = (1408, 6144, 14, 16) if mae else (1280, 5120, 16, 14)
    depth = int(o["--depth"]) if int(o["--depth"]) >= 0 else (40 if mae else 32)
    heads, hd = 16, d // 16
    torch.set_num_threads(int(o["--threads"]))
    torch.manual_seed(0)
    r = lambda *s: torch.randn(*s) * s[-1] ** -0.5
    conv_w, conv_b = r(d, 3, 2, patch, patch), torch.zeros(d)
    pos = torch.randn(1, 8 * grid * grid, d)
    blocks = [dict(n1=(torch.ones(d), torch.zeros(d)), qkv=r(3 * d, d), qkvb=torch.zeros(3 * d), proj=r(d, d),
                   projb=torch.zeros(d), n2=(torch.ones(d), torch.zeros(d)), fc1=r(hidden, d), fc1b=torch.zeros(hidden),
                   fc2=r(d, hidden), fc2b=torch.zeros(d)) for _ in range(depth)]
    mean = torch.tensor((0.485, 0.456, 0.406)).reshape(1, 3, 1, 1, 1)
    std = torch.tensor((0.229, 0.224, 0.225)).reshape(1, 3, 1, 1, 1)
    probe = dict(q=torch.randn(1, 1, d), wq=r(d, d), wkv=r(2 * d, d), proj=r(d, d), fc1=r(hidden, d), fc2=r(d, hidden))

    def attn(x, b):
        B, N, C = x.shape
        qkv = F.linear(x, b["qkv"], b["qkvb"]).reshape(B, N, 3, heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        a = ((q * hd ** -0.5) @ k.transpose(-2, -1)).softmax(dim=-1)
        return F.linear((a @ v).transpose(1, 2).reshape(B, N, C), b["proj"], b["projb"])

    def forward(u8):
        b, t = u8.shape[0], u8.shape[1]
        x = u8.float().permute(0, 1, 4, 2, 3).reshape(b * t, 3, 224, 224) / 255.0
        x = F.interpolate(x, size=(224, 224), mode="bilinear", align_corners=False)
        x = x.reshape(b, t, 3, 224, 224).permute(0, 2, 1, 3, 4)
        if not mae:
            x = (x - mean) / std
        x = F.conv3d(x, conv_w, conv_b, stride=(2, patch, patch)).flatten(2).transpose(1, 2) + pos
        for blk in blocks:
            x = x + attn(F.layer_norm(x, (d,), *blk["n1"], eps=1e-6), blk)
            h = F.layer_norm(x, (d,), *blk["n2"], eps=1e-6)
            x = x + F.linear(F.gelu(F.linear(h, blk["fc1"], blk["fc1b"])), blk["fc2"], blk["fc2b"])
        if mae:
            return F.layer_norm(x.mean(1), (d,), eps=1e-6)
        x = F.layer_norm(x, (d,), eps=1e-6)
        B, N, C = x.shape
        kv = F.linear(F.layer_norm(x, (d,), eps=1e-6), probe["wkv"]).reshape(B, N, 2, heads, hd).permute(2, 0, 3, 1, 4)
        q = F.linear(probe["q"], probe["wq"]).reshape(1, 1, heads, hd).permute(0, 2, 1, 3)
        a = ((q @ kv[0].transpose(-2, -1)) * hd ** -0.5).softmax(dim=-1)
        y = F.linear((a @ kv[1]).transpose(1, 2).reshape(B, 1, C), probe["proj"]) + probe["q"]
        y = y + F.linear(F.gelu(F.linear(F.layer_norm(y, (d,), eps=1e-6), probe["fc1"])), probe["fc2"])
        return y.squeeze(1)

    tokens = 8 * grid * grid
    block = 2.0 * tokens * d * (4 * d + 2 * hidden) + 4.0 * tokens * tokens * d
    pool = 0 if mae else 2.0 * tokens * d * 2 * d + 2.0 * (2 * d * d + 2 * d * hidden) + 4.0 * tokens * d
    gflop = (2.0 * tokens * d * 3 * 2 * patch * patch + depth * block + pool) / 1e9
    batch, batches = int(o["--batch"]), int(o["--batches"])
    clips = torch.randint(0, 256, (batch, 16, 224, 224, 3), dtype=torch.uint8)
    with torch.no_grad():
        w0 = time.time()
        forward(clips)
        print("warm-up batch: %.2f s" % (time.time() - w0))
        times = []
        for _ in range(batches):
            s = time.time()
            forward(clips)
            times.append(time.time() - s)
    mean_rate = batches * batch / sum(times)
    best = batch / min(times)
    print("PyTorch %s eager (width %d, depth %d, 16x224x224, batch %d, %d threads): mean %.4f clips/s (%.1f GFLOP/s), "
          "best batch %.4f clips/s (%.1f GFLOP/s); %.0f GFLOP per clip"
          % (torch.__version__, d, depth, batch, int(o["--threads"]), mean_rate, mean_rate * gflop, best, best * gflop,
             gflop))


if __name__ == "__main__":
    main()

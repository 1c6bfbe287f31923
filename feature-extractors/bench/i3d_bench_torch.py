#!/usr/bin/python3
"""PyTorch eager I3D throughput (full width, random weights, float32), the baseline for I3dBench.

Same network as test-data/i3d/i3d_reference.py (Conv3d + TF SAME padding + BatchNorm (eval) + ReLU, as eager ports such
as pytorch-i3d run it), protocol tf preprocessing (cast, TF1 resize -- identity at 224 --, x*2/255-1).
    /usr/bin/python3 feature-extractors/bench/i3d_bench_torch.py --threads 2 --batch 8 --batches 3
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test-data", "i3d"))
import i3d_reference as ref  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--variants", action="store_true", help="ignored (Java-side option)")
    ap.add_argument("--profile", action="store_true", help="ignored (Java-side option)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    weights = ref.random_weights(1, seed=42)
    t = {k: torch.from_numpy(v) for k, v in weights.items()}
    S = ref.SCOPE

    def unit(x, scope, stride=(1, 1, 1)):
        w = t[S + scope + "/conv_3d/w"].permute(4, 3, 0, 1, 2).contiguous()
        x = F.pad(x, ref.same_pads(x.shape[2:], w.shape[2:], stride))
        x = F.conv3d(x, w, stride=stride)
        x = F.batch_norm(x, t[S + scope + "/batch_norm/moving_mean"], t[S + scope + "/batch_norm/moving_variance"],
                         None, t[S + scope + "/batch_norm/beta"], False, 0.0, 1e-3)
        return F.relu(x)

    lw = t[S + "Logits/Conv3d_0c_1x1/conv_3d/w"].permute(4, 3, 0, 1, 2).contiguous()
    lb = t[S + "Logits/Conv3d_0c_1x1/conv_3d/b"]

    def net(u8):
        x = torch.from_numpy(u8).float().permute(0, 4, 1, 2, 3)
        x = x * (2.0 / 255.0) - 1.0
        x = unit(x, "Conv3d_1a_7x7", (2, 2, 2))
        x = ref.max_pool_same(x, (1, 3, 3), (1, 2, 2))
        x = unit(x, "Conv3d_2b_1x1")
        x = unit(x, "Conv3d_2c_3x3")
        x = ref.max_pool_same(x, (1, 3, 3), (1, 2, 2))
        for name, _ in ref.MIXED:
            if name == "Mixed_4b":
                x = ref.max_pool_same(x, (3, 3, 3), (2, 2, 2))
            if name == "Mixed_5b":
                x = ref.max_pool_same(x, (2, 2, 2), (2, 2, 2))
            b2 = "Conv3d_0a_3x3" if name == "Mixed_5b" else "Conv3d_0b_3x3"
            x = torch.cat([
                unit(x, f"{name}/Branch_0/Conv3d_0a_1x1"),
                unit(unit(x, f"{name}/Branch_1/Conv3d_0a_1x1"), f"{name}/Branch_1/Conv3d_0b_3x3"),
                unit(unit(x, f"{name}/Branch_2/Conv3d_0a_1x1"), f"{name}/Branch_2/{b2}"),
                unit(ref.max_pool_same(x, (3, 3, 3), (1, 1, 1)), f"{name}/Branch_3/Conv3d_0b_1x1")], dim=1)
        x = F.avg_pool3d(x, (2, 7, 7), (1, 1, 1))
        x = F.conv3d(x, lw, lb)
        return x.squeeze(4).squeeze(3).mean(dim=2)

    clips = np.random.default_rng(1).integers(0, 256, (a.batch, 16, 224, 224, 3), dtype=np.uint8)
    with torch.no_grad():
        t0 = time.perf_counter()
        net(clips)
        print(f"warm-up batch: {time.perf_counter() - t0:.2f} s")
        times = []
        for _ in range(a.batches):
            t0 = time.perf_counter()
            net(clips)
            times.append(time.perf_counter() - t0)
    # the best batch is the least disturbed by other processes on a shared machine
    print(f"PyTorch {torch.__version__} eager I3D (full width, 16x224x224, batch {a.batch}, {a.threads} threads): "
          f"mean {a.batches * a.batch / sum(times):.3f} clips/s, median {a.batch / float(np.median(times)):.3f}, "
          f"best batch {a.batch / min(times):.3f} clips/s")
    print(f"TORCH clips_per_s_median={a.batch / float(np.median(times)):.4f} clips_per_s_best={a.batch / min(times):.4f}")


if __name__ == "__main__":
    main()

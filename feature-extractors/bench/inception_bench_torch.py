#!/usr/bin/python3
"""PyTorch eager FID-Inception throughput (full width, random weights, float32), the baseline for InceptionBench.

The network of test-data/inception/inception_reference.py at the canonical widths (pytorch-fid's FIDInception blocks,
conv -> BN(eval) -> ReLU), protocol ttur at 299x299 (the resize is the identity): cast, (x - 128) / 128, pool3.
    /usr/bin/python3 feature-extractors/bench/inception_bench_torch.py --threads 2 --batch 32 --batches 3
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test-data", "inception"))
import inception_reference as ref  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="ignored (Java-side option)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ref.WIDTH_DIVISOR = 1
    torch.manual_seed(ref.SEED)
    model, _ = ref.random_state_dict()
    model.eval()

    def net(u8):
        x = torch.from_numpy(u8).float().permute(0, 3, 1, 2)
        return model.pool3((x - 128.0) / 128.0)

    images = np.random.default_rng(1).integers(0, 256, (a.batch, 299, 299, 3), dtype=np.uint8)
    with torch.no_grad():
        t0 = time.perf_counter()
        net(images)
        print(f"warm-up batch: {time.perf_counter() - t0:.2f} s")
        times = []
        for _ in range(a.batches):
            t0 = time.perf_counter()
            net(images)
            times.append(time.perf_counter() - t0)
    med = a.batch / float(np.median(times))
    print(f"PyTorch {torch.__version__} eager FID-Inception (full width, 299x299, batch {a.batch}, {a.threads} threads): "
          f"mean {a.batches * a.batch / sum(times):.3f} images/s, median {med:.3f}, best batch {a.batch / min(times):.3f}")
    print(f"TORCH clips_per_s_median={med:.4f} clips_per_s_best={a.batch / min(times):.4f}")


if __name__ == "__main__":
    main()

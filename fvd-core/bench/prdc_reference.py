#!/usr/bin/python3
"""Same-run reference for the PRDC benchmark: clovaai compute_prdc's algorithm (full N x N distance matrices, here
scipy cdist in float64 instead of sklearn pairwise_distances; k-th values by argpartition), timed.

    /usr/bin/python3 fvd-core/bench/prdc_reference.py D N      e.g. 400 10000   (needs ~3 * N^2 * 8 bytes of memory)
"""
import sys
import time

import numpy as np
import scipy.spatial.distance


def kth(m, k):
    idx = np.argpartition(m, k, axis=-1)[..., :k]
    return np.take_along_axis(m, idx, axis=-1).max(axis=-1)


def main():
    d, n = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(0)
    scale = 0.2 + rng.random(d)
    x = (rng.normal(size=(n, d)) * scale).astype(np.float32).astype(np.float64)
    y = (rng.normal(size=(n, d)) * scale + 0.1).astype(np.float32).astype(np.float64)
    t0 = time.perf_counter()
    rr = kth(scipy.spatial.distance.cdist(x, x), 6)
    fr = kth(scipy.spatial.distance.cdist(y, y), 6)
    drf = scipy.spatial.distance.cdist(x, y)
    precision = (drf < rr[:, None]).any(axis=0).mean()
    recall = (drf < fr[None, :]).any(axis=1).mean()
    density = (drf < rr[:, None]).sum(axis=0).mean() / 5
    coverage = (drf.min(axis=1) < rr).mean()
    s = time.perf_counter() - t0
    print(f"numpy/scipy compute_prdc d={d} N={n}: {s:.1f} s  P={precision:.4f} R={recall:.4f} D={density:.4f} "
          f"C={coverage:.4f}")


if __name__ == "__main__":
    main()

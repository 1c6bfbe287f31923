#!/usr/bin/python3
"""Same-run reference for the bootstrap benchmark: the straightforward numpy bootstrap of the Fréchet distance
(x[rng.integers(0, n, n)], np.cov, Cholesky path with eigvalsh), timed per replicate.

    /usr/bin/python3 fvd-core/bench/bootstrap_fd.py D N B      e.g. 400 2048 20
Prints seconds per replicate. Features are seeded Gaussians (the cost does not depend on the values)."""
import sys
import time

import numpy as np
import scipy.linalg


def fd(x, y):
    mu1, mu2 = x.mean(0), y.mean(0)
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    lower = np.linalg.cholesky(s1)
    m = lower.T @ s2 @ lower
    ev = scipy.linalg.eigvalsh((m + m.T) / 2)
    diff = mu1 - mu2
    return diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum()


def main():
    d, n, b = (int(a) for a in sys.argv[1:4])
    rng = np.random.default_rng(0)
    scale = 0.2 + rng.random(d)
    x = (rng.normal(size=(n, d)) * scale).astype(np.float32).astype(np.float64)
    y = (rng.normal(size=(n, d)) * scale + 0.1).astype(np.float32).astype(np.float64)
    t0 = time.perf_counter()
    values = [fd(x[rng.integers(0, n, n)], y[rng.integers(0, n, n)]) for _ in range(b)]
    s = time.perf_counter() - t0
    print(f"numpy bootstrap d={d} N={n} B={b}: {s:.2f} s ({1000 * s / b:.1f} ms per replicate), "
          f"median FD {np.median(values):.4f}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Times pytorch-fid's Fréchet distance (scipy.linalg.sqrtm of Σ1·Σ2, eps retry, real part; pytorch-fid
src/pytorch_fid/fid_score.py calculate_frechet_distance) on the matrices FrechetBench wrote, plus numpy's Cholesky path
for comparison. Usage: /usr/bin/python3 sqrtm_fd.py DIR name1 [name2 ...] (files mu1_<name>.npy, sigma1_<name>.npy, ...); prints one JSON object per line."""
import json
import os
import sys
import time
import warnings

import numpy as np
import scipy.linalg


def fd_sqrtm(mu1, s1, mu2, s2, eps=1e-6):
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)


def fd_cholesky(mu1, s1, mu2, s2):
    diff = mu1 - mu2
    lower = np.linalg.cholesky(s1)
    ev = scipy.linalg.eigvalsh(lower.T @ s2 @ lower)
    return diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum()


def main():
    directory = sys.argv[1]
    for d in sys.argv[2:]:
        load = lambda name: np.load(os.path.join(directory, f"{name}_{d}.npy"))
        mu1, s1, mu2, s2 = load("mu1").ravel(), load("sigma1"), load("mu2").ravel(), load("sigma2")
        for method, fn in [("scipy-sqrtm", fd_sqrtm), ("numpy-cholesky", fd_cholesky)]:
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # sqrtm's "matrix is singular" / complex-part chatter
                value = fn(mu1, s1, mu2, s2)
            seconds = time.perf_counter() - start
            print(json.dumps({"d": d, "method": method, "seconds": seconds, "fd": float(value)}), flush=True)


if __name__ == "__main__":
    main()

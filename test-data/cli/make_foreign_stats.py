#!/usr/bin/python3
"""Writes stats files the way pytorch-fid and clean-fid do (mu/sigma only, no count, no provenance) and the Fréchet distance
between them computed with pytorch-fid's formula (src/pytorch_fid/fid_score.py calculate_frechet_distance: scipy sqrtm of
sigma1 @ sigma2, real part). fvd-cli's DistanceCommandTest reads these files and checks `fvd distance` against the number.

Run with Debian's interpreter (numpy 1.24, scipy 1.10):  /usr/bin/python3 test-data/cli/make_foreign_stats.py
"""
import json
import os

import numpy as np
from scipy import linalg

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240605)
d = 16
a = rng.normal(size=(64, d)) @ rng.normal(size=(d, d)) + 3.0
b = rng.normal(size=(80, d)) @ rng.normal(size=(d, d)) * 0.8 + 2.5

mu1, sigma1 = a.mean(axis=0), np.cov(a, rowvar=False)
mu2, sigma2 = b.mean(axis=0), np.cov(b, rowvar=False)

# pytorch-fid: np.savez_compressed(path, mu=mu, sigma=sigma) (fid_score.py save_fid_stats), float64
np.savez_compressed(os.path.join(HERE, "pytorch_fid_a.npz"), mu=mu1, sigma=sigma1)
# clean-fid ships reference stats with np.savez (stored entries); float32 here to cover that variant
np.savez(os.path.join(HERE, "clean_fid_b.npz"), mu=mu2.astype(np.float32), sigma=sigma2.astype(np.float32))


def frechet(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid calculate_frechet_distance, verbatim in behaviour."""
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


fd = frechet(mu1, sigma1, mu2.astype(np.float32).astype(np.float64), sigma2.astype(np.float32).astype(np.float64))
with open(os.path.join(HERE, "foreign_stats_expected.json"), "w") as f:
    json.dump({"a": "pytorch_fid_a.npz", "b": "clean_fid_b.npz", "dimension": d, "frechet_distance": fd,
               "generator": "test-data/cli/make_foreign_stats.py (numpy %s)" % np.__version__}, f, indent=2)
    f.write("\n")
print("FD", fd)

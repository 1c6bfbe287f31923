#!/usr/bin/env python3
"""Reference numbers for fvd-report's own computations (run with Debian's python3 + numpy; deterministic).

- pca_*: the 2-D PCA of real and fake features pooled (centred on the pooled mean, not scaled), as numpy.linalg.eigh of the
  pooled covariance (divisor n-1) gives it; each component's sign fixed so its largest-magnitude loading is positive.
- nn_*: per fake row the distance to its nearest real row; per real row the distance to its k-th nearest other real row
  (clovaai prdc/prdc.py compute_nearest_neighbour_distances: np.partition(d, k)[..., :k+1].max()) and the coverage flag
  min_j d(real_i, fake_j) < radius_i (prdc.py: `(distance_real_fake.min(axis=1) < real_nearest_neighbour_distances)`).

Writes real.npy, fake.npy (float32 [N, d]) and reference.json here.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(13)
d = 10
real = rng.normal(size=(40, d)).astype(np.float32) * np.linspace(3, 0.5, d).astype(np.float32)
fake = (rng.normal(size=(30, d)) * 1.3 + 0.8).astype(np.float32)
np.save(os.path.join(HERE, "real.npy"), real)
np.save(os.path.join(HERE, "fake.npy"), fake)

x = np.concatenate([real, fake]).astype(np.float64)
x -= x.mean(axis=0)
cov = x.T @ x / (len(x) - 1)
w, v = np.linalg.eigh(cov)
order = np.argsort(w)[::-1][:2]
comps = v[:, order].T
for c in comps:
    if c[np.argmax(np.abs(c))] < 0:
        c *= -1
proj = x @ comps.T
explained = w[order] / np.trace(cov)

k = 5
r64, f64 = real.astype(np.float64), fake.astype(np.float64)
rr = np.sqrt(((r64[:, None, :] - r64[None, :, :]) ** 2).sum(-1))
rf = np.sqrt(((r64[:, None, :] - f64[None, :, :]) ** 2).sum(-1))
radius = np.partition(rr, k, axis=-1)[:, :k + 1].max(axis=-1)
covered = rf.min(axis=1) < radius

json.dump({
    "pca_explained": explained.tolist(),
    "pca_real": proj[:len(real)].tolist(),
    "pca_fake": proj[len(real):].tolist(),
    "nn_k": k,
    "nn_fake_to_real": rf.min(axis=0).tolist(),
    "nn_real_to_fake": rf.min(axis=1).tolist(),
    "nn_real_radius": radius.tolist(),
    "nn_covered": covered.tolist(),
    "coverage": float(covered.mean()),
}, open(os.path.join(HERE, "reference.json"), "w"), indent=1)
print("explained", explained, "coverage", covered.mean())

#!/usr/bin/python3
"""Reference numbers for the fvd-core metrics (package dev.fvd.core.metric). Run with Debian's /usr/bin/python3
(numpy 1.24, scipy 1.10, torch 1.13; sklearn from python3-sklearn for the regression and kernel cross-checks):

    /usr/bin/python3 test-data/metrics/make_reference.py      # regenerate test-data/metrics/*

What it writes (under test-data/metrics/, ~1.5 MB):
  prdc_{real,fake}.npy   float32 features for precision/recall/density/coverage (seeded, two clusters offset)
  logits.npy             float32 logits [250, 1008] for the Inception Score
  jedi_{x,y}.npy         float32 features for JEDi's MMD
  reference.json         every expected number (floats with repr, so they parse back bit-exactly)

The reference functions below are rewritten after the published code (numpy/torch only), not copied:
  percentile     numpy np.percentile default (method='linear') - the bootstrap interval's estimator
  infinity       mchong6/FID_IS_infinity score_infinity.py: np.linspace(N_min, N, 15).astype('int32') and
                 sklearn LinearRegression().fit(1/N, D_N), intercept = prediction at 0
  prdc           clovaai/generative-evaluation-prdc prdc/prdc.py compute_prdc (Euclidean, k-th value incl. self,
                 strict <) and torch-fidelity metric_prc.py (torch.cdist, kthvalue(k+1), <=) for P/R
  isc            torch-fidelity metric_isc.py isc_features_to_metric: RandomState(2020).permutation, float64 softmax /
                 log_softmax, splits [i*N//10, (i+1)*N//10), exp(mean KL), mean and np.std (ddof 0)
  permutation    numpy.random.RandomState(seed).permutation(n) (legacy MT19937) for several seeds and n
  jedi           oooolga/JEDi videojedi/mmd_polynomial.py mmd_poly(X, Y, degree=2, gamma=None -> 1/d, coef0=0) * 100,
                 the biased estimator (full kernel means with diagonals)
"""
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = {}

# ------------------------------------------------------------------------------------------------- percentile


def percentile_cases():
    rng = np.random.default_rng(10)
    cases = []
    for n in (1, 2, 7, 40, 1000, 1001):
        values = rng.gamma(3.0, 2.0, size=n)
        qs = [2.5, 97.5, 5.0, 95.0, 50.0, 0.5, 99.5]
        cases.append({"values": [repr(float(v)) for v in values],
                      "q": qs, "expected": [repr(float(np.percentile(values, q))) for q in qs]})
    OUT["percentile"] = cases

# --------------------------------------------------------------------------------------------------- infinity


def infinity_cases():
    from sklearn.linear_model import LinearRegression
    rng = np.random.default_rng(11)
    grids = []
    for start, stop, num in ((5000, 50000, 15), (409, 2048, 15), (2, 17, 15), (1000, 1013, 15), (100, 2000, 7),
                             (5000, 10000, 15), (333, 12345, 15)):
        grids.append({"start": start, "stop": stop, "num": num,
                      "sizes": np.linspace(start, stop, num).astype('int32').tolist()})
    fits = []
    for stop, scale in ((50000, 30.0), (2048, 250.0), (700, 1e4)):
        sizes = np.linspace(stop // 10, stop, 15).astype('int32')
        d = 10.0 + scale / sizes + rng.normal(0, 0.01 * scale / stop, size=sizes.shape)
        reg = LinearRegression().fit(1 / sizes.reshape(-1, 1), d.reshape(-1, 1))
        fits.append({"sizes": sizes.tolist(), "distances": [repr(float(v)) for v in d],
                     "intercept": repr(float(reg.predict(np.array([[0.0]]))[0, 0])),
                     "slope": repr(float(reg.coef_[0, 0]))})
    OUT["infinity"] = {"grids": grids, "fits": fits}

# ------------------------------------------------------------------------------------------------------- prdc


def pairwise(x, y):
    """Exact Euclidean distances in float64 (sklearn pairwise_distances / torch.cdist up to rounding)."""
    import scipy.spatial.distance
    return scipy.spatial.distance.cdist(x.astype(np.float64), y.astype(np.float64), "euclidean")


def kth_value(unsorted, k):
    """clovaai get_kth_value: the k-th smallest along the last axis (np.argpartition then max)."""
    idx = np.argpartition(unsorted, k, axis=-1)[..., :k]
    return np.take_along_axis(unsorted, idx, axis=-1).max(axis=-1)


def compute_prdc(real, fake, k):
    """clovaai compute_prdc: radii = (k+1)-th smallest including the zero self-distance; strict <."""
    real_r = kth_value(pairwise(real, real), k + 1)
    fake_r = kth_value(pairwise(fake, fake), k + 1)
    d_rf = pairwise(real, fake)
    inside = d_rf < real_r[:, None]
    return {
        "precision_count": int(inside.any(axis=0).sum()),
        "recall_count": int((d_rf < fake_r[None, :]).any(axis=1).sum()),
        "density_count": int(inside.sum()),
        "coverage_count": int((d_rf.min(axis=1) < real_r).sum()),
        "precision": repr(float(inside.any(axis=0).mean())),
        "recall": repr(float((d_rf < fake_r[None, :]).any(axis=1).mean())),
        "density": repr(float((1.0 / float(k)) * inside.sum(axis=0).mean())),
        "coverage": repr(float((d_rf.min(axis=1) < real_r).mean())),
        "real_radius": [repr(float(v)) for v in real_r],
        "fake_nearest_real_index": d_rf.argmin(axis=0).tolist(),
        "fake_nearest_real_distance": [repr(float(v)) for v in d_rf.min(axis=0)],
    }


def torch_fidelity_prc(real, fake, k):
    """torch-fidelity calculate_precision_recall_full: torch.cdist, kthvalue(k+1), <= (float64 here)."""
    f1 = torch.from_numpy(real.astype(np.float64))
    f2 = torch.from_numpy(fake.astype(np.float64))
    nn1 = torch.cdist(f1, f1).kthvalue(k + 1).values
    nn2 = torch.cdist(f2, f2).kthvalue(k + 1).values
    d21 = torch.cdist(f2, f1)
    precision = (d21 <= nn1).any(dim=1)
    recall = (d21.T <= nn2).any(dim=1)
    return {"precision_count": int(precision.sum()), "recall_count": int(recall.sum()),
            "precision": repr(float(precision.double().mean())), "recall": repr(float(recall.double().mean()))}


def prdc_cases():
    rng = np.random.default_rng(12)
    d = 24
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    real = (rng.normal(size=(700, d)) @ mix).astype(np.float32)
    # fake: a shifted, narrower copy plus an off-manifold cluster, so no metric sits at 0 or 1
    fake = np.concatenate([(0.8 * rng.normal(size=(450, d)) @ mix + 0.3),
                           (rng.normal(size=(150, d)) @ mix + 2.5)]).astype(np.float32)
    np.save(os.path.join(HERE, "prdc_real.npy"), real)
    np.save(os.path.join(HERE, "prdc_fake.npy"), fake)
    OUT["prdc"] = {"clovaai_k5": compute_prdc(real, fake, 5), "clovaai_k3": compute_prdc(real, fake, 3),
                   "torch_fidelity_k3": torch_fidelity_prc(real, fake, 3),
                   "torch_fidelity_k5": torch_fidelity_prc(real, fake, 5)}

# ---------------------------------------------------------------------------------------- permutation, isc


def permutation_checksum(perm):
    """sum(i * perm[i]) mod (2**61 - 1), as Java recomputes it."""
    m = (1 << 61) - 1
    return int(sum((i * int(v)) % m for i, v in enumerate(perm)) % m)


def permutation_cases():
    cases = []
    for seed in (2020, 0, 1, 12345, 4294967295):
        for n in (0, 1, 2, 3, 10, 255, 256, 257, 1000, 65537):
            perm = np.random.RandomState(seed).permutation(n)
            case = {"seed": seed, "n": n, "checksum": permutation_checksum(perm),
                    "head": perm[:16].tolist(), "tail": perm[-16:].tolist() if n else []}
            if n <= 1000:
                case["permutation"] = perm.tolist()
            cases.append(case)
    OUT["permutation"] = cases


def isc(logits, splits=10, rng_seed=2020):
    """torch-fidelity isc_features_to_metric (shuffle=True), rewritten."""
    feature = torch.from_numpy(logits)
    n = feature.shape[0]
    feature = feature[np.random.RandomState(rng_seed).permutation(n), :].double()
    p = feature.softmax(dim=1)
    log_p = feature.log_softmax(dim=1)
    scores = []
    for i in range(splits):
        lo, hi = i * n // splits, (i + 1) * n // splits
        q = p[lo:hi].mean(dim=0, keepdim=True)
        scores.append((p[lo:hi] * (log_p[lo:hi] - q.log())).sum(dim=1).mean().exp().item())
    return {"mean": repr(float(np.mean(scores))), "std": repr(float(np.std(scores))),
            "scores": [repr(float(v)) for v in scores]}


def isc_cases():
    rng = np.random.default_rng(13)
    n, c = 253, 1008
    # peaked, class-imbalanced logits like a classifier's: a few strong classes per row
    logits = rng.normal(0, 1.5, size=(n, c))
    top = rng.integers(0, 60, size=n)
    logits[np.arange(n), top] += rng.uniform(4, 12, size=n)
    logits = logits.astype(np.float32)
    np.save(os.path.join(HERE, "logits.npy"), logits)
    OUT["isc"] = {"default": isc(logits), "splits1_seed0": isc(logits, 1, 0), "splits7_seed99": isc(logits, 7, 99)}

# ------------------------------------------------------------------------------------------------------- jedi


def mmd_poly(x, y, degree=2, gamma=None, coef0=0.0):
    """JEDi mmd_polynomial.py mmd_poly: biased MMD^2 = mean K_xx + mean K_yy - 2 mean K_xy, sklearn's
    polynomial_kernel (gamma None -> 1/n_features), rewritten in float64."""
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    g = 1.0 / x.shape[1] if gamma is None else gamma
    k = lambda a, b: (g * (a @ b.T) + coef0) ** degree
    return float(k(x, x).mean() + k(y, y).mean() - 2 * k(x, y).mean())


def jedi_cases():
    rng = np.random.default_rng(14)
    d = 64
    x = (rng.normal(size=(300, d)) * 0.5 + 0.2).astype(np.float32)
    y = (rng.normal(size=(250, d)) * 0.55 + 0.25).astype(np.float32)
    np.save(os.path.join(HERE, "jedi_x.npy"), x)
    np.save(os.path.join(HERE, "jedi_y.npy"), y)
    out = {"jedi": repr(mmd_poly(x, y) * 100), "coef0_1": repr(mmd_poly(x, y, coef0=1.0) * 100),
           "gamma_0.5": repr(mmd_poly(x, y, gamma=0.5) * 100)}
    try:
        from sklearn.metrics.pairwise import polynomial_kernel
        published = (polynomial_kernel(x, x, 2, None, 0).mean() + polynomial_kernel(y, y, 2, None, 0).mean()
                     - 2 * polynomial_kernel(x, y, 2, None, 0).mean()) * 100
        out["jedi_sklearn_float32"] = repr(float(published))
    except ImportError:
        pass
    OUT["jedi"] = out


def main():
    percentile_cases()
    infinity_cases()
    prdc_cases()
    permutation_cases()
    isc_cases()
    jedi_cases()
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(OUT, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

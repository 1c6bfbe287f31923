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


def main():
    percentile_cases()
    infinity_cases()
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(OUT, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference numbers and fixture files for fvd-core (run with Debian's /usr/bin/python3: numpy 1.24, scipy 1.10).

    /usr/bin/python3 test-data/core/make_reference.py                 # regenerate test-data/core/*
    /usr/bin/python3 test-data/core/make_reference.py --verify-java-output DIR
                                      # numpy.load(allow_pickle=False) every *.npz our Java writer put in DIR

What it writes (all under test-data/core/, ~2 MB in total):
  fd64_{a,b}.npy     float32 features, N=300/250, d=64 (seeded numpy normal with a random mixing matrix)
  fd400_{a,b}.npy    float32 features, N=500/450, d=400
  kid_subsets.npz    int64 subset indices [subsets, m] for x and y, so Java replays the exact subsets
  npz/*.npz|*.npy    stats files the way numpy / pytorch-fid / clean-fid / guided-diffusion write them
  reference.json     every expected number (floats printed with repr, so they parse back bit-exactly)

d=2048 features are NOT stored (2500x2048 float32 = 20 MB): they come from a counter-based hash (splitmix64) that
Java reproduces bit-exactly; values are 23-bit integers divided by 2**22, so they are exact in float32 in both languages.

Reference algorithms (float64):
  FD, full rank : Cholesky path, Sigma1 = L L^T, eigvalsh(L^T Sigma2 L), sum sqrt(clip(ev, 0)); cross-checked here against
                  pytorch-fid's scipy.linalg.sqrtm formula (printed; also stored as *_sqrtm for the README).
  FD, N < d     : nuclear norm of A B^T / sqrt((n1-1)(n2-1)) with centred features (np.linalg.svd) - the exact value.
  KID           : unbiased MMD^2, polynomial kernel (x.y/d + 1)^3 (MMD-GAN compute_scores.py / torch-fidelity metric_kid.py
                  / clean-fid kernel_distance), in float64; the float32 result the Python tools would print is stored too.
"""
import argparse
import json
import os
import sys
import zipfile

import numpy as np
import scipy.linalg

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------------------------------- reference math


def gaussian(features, divisor="N-1"):
    x = np.asarray(features, dtype=np.float64)
    mu = x.mean(axis=0)
    ddof = 1 if divisor == "N-1" else 0
    sigma = np.cov(x, rowvar=False, ddof=ddof)
    return mu, sigma


def fd_cholesky(mu1, s1, mu2, s2):
    diff = mu1 - mu2
    lower = np.linalg.cholesky(s1)
    m = lower.T @ s2 @ lower
    ev = scipy.linalg.eigvalsh((m + m.T) / 2)
    tr_sqrt = np.sqrt(np.clip(ev, 0, None)).sum()
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt)


def fd_sqrtm(mu1, s1, mu2, s2, eps=1e-6):
    """pytorch-fid's calculate_frechet_distance method (scipy sqrtm of the product, eps retry, real part)."""
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fd_features_svd(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    n1, n2 = len(a), len(b)
    ma, mb = a.mean(axis=0), b.mean(axis=0)
    ca, cb = a - ma, b - mb
    diff = ma - mb
    nuclear = np.linalg.svd(ca @ cb.T, compute_uv=False).sum()
    tr_sqrt = nuclear / np.sqrt((n1 - 1) * (n2 - 1))
    return float(diff @ diff + (ca * ca).sum() / (n1 - 1) + (cb * cb).sum() / (n2 - 1) - 2 * tr_sqrt)


def mmd_unbiased(x, y):
    x = np.asarray(x)
    y = np.asarray(y)
    d = x.shape[1]
    kxx = (x @ x.T / d + 1) ** 3
    kyy = (y @ y.T / d + 1) ** 3
    kxy = (x @ y.T / d + 1) ** 3
    n1, n2 = len(x), len(y)
    return float((kxx.sum() - np.trace(kxx)) / (n1 * (n1 - 1)) + (kyy.sum() - np.trace(kyy)) / (n2 * (n2 - 1))
                 - 2 * kxy.sum() / (n1 * n2))


# --------------------------------------------------------------------------------------------------- feature sources

MASK64 = (1 << 64) - 1


def splitmix64(x):
    """splitmix64 finaliser on uint64 arrays (wrapping arithmetic, as Java long)."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def hash_features(seed, n, d, variant):
    """Exactly reproducible float32 features; Java twin: HashFeatures.java in the fvd-core tests."""
    key = (np.uint64(seed) << np.uint64(40)) + np.arange(n * d, dtype=np.uint64).reshape(n, d)
    k = (splitmix64(key) >> np.uint64(42)).astype(np.int64)  # 22 random bits
    nxt = np.roll(k, -1, axis=1)  # k[i, (j+1) % d]
    if variant == "a":
        v = k + (nxt >> 1)
    else:
        v = k + (nxt >> 2) + ((np.arange(d, dtype=np.int64) % 5) << 19)
    return v.astype(np.float32) / np.float32(2 ** 22)


def normal_features(rng, n, d, scale, shift):
    mix = rng.standard_normal((d, d)) * (scale / np.sqrt(d))
    z = rng.standard_normal((n, d))
    return (z @ mix + shift).astype(np.float32)


# ---------------------------------------------------------------------------------------------------------- generate


def fd_case(name, a, b, ref, divisor="N-1", singular=False):
    mu1, s1 = gaussian(a, divisor)
    mu2, s2 = gaussian(b, divisor)
    case = {"n1": len(a), "n2": len(b), "d": a.shape[1], "divisor": divisor}
    if singular:
        case["fd"] = fd_features_svd(a, b)
    else:
        case["fd"] = fd_cholesky(mu1, s1, mu2, s2)
        case["fd_svd_check"] = fd_features_svd(a, b) if divisor == "N-1" else None
    case["fd_sqrtm"] = fd_sqrtm(mu1, s1, mu2, s2)
    rel = abs(case["fd_sqrtm"] - case["fd"]) / abs(case["fd"]) if case["fd"] else abs(case["fd_sqrtm"])
    print(f"{name:24s} fd={case['fd']!r:26s} sqrtm={case['fd_sqrtm']!r:26s} rel.diff={rel:.2e}")
    ref["fd"][name] = case


def generate(out):
    os.makedirs(os.path.join(out, "npz"), exist_ok=True)
    ref = {"fd": {}, "kid": {}, "npz": {}}
    rng = np.random.default_rng(20261127)

    a64 = normal_features(rng, 300, 64, 1.0, 0.5)
    b64 = normal_features(rng, 250, 64, 1.3, 0.0)
    a400 = normal_features(rng, 500, 400, 1.0, 0.25)
    b400 = normal_features(rng, 450, 400, 0.8, 0.0)
    for name, arr in [("fd64_a", a64), ("fd64_b", b64), ("fd400_a", a400), ("fd400_b", b400)]:
        np.save(os.path.join(out, name + ".npy"), arr)

    fd_case("d64", a64, b64, ref)
    fd_case("d64_divisor_n", a64, b64, ref, divisor="N")
    fd_case("d400", a400, b400, ref)
    fd_case("d64_identical", a64, a64, ref)
    fd_case("d400_identical", a400, a400, ref)
    off = 1e4
    fd_case("d64_offset_1e4", a64.astype(np.float64) + off, b64.astype(np.float64) + off, ref)
    ref["fd"]["d64_offset_1e4"]["offset"] = off
    fd_case("d400_singular_150_120", a400[:150], b400[:120], ref, singular=True)
    fd_case("d400_singular_identical_150", a400[:150], a400[:150], ref, singular=True)

    a2048 = hash_features(1, 2500, 2048, "a")
    b2048 = hash_features(2, 2300, 2048, "b")
    fd_case("d2048_hash", a2048, b2048, ref)
    ref["fd"]["d2048_hash"].update({"seed_a": 1, "seed_b": 2, "variant_a": "a", "variant_b": "b",
                                    "probe_a_0_0": float(a2048[0, 0]), "probe_b_2299_2047": float(b2048[2299, 2047]),
                                    "mean_a_sum": float(a2048.astype(np.float64).sum())})

    # KID / KVD
    ref["kid"]["full_d64"] = {"mmd": mmd_unbiased(a64.astype(np.float64), b64.astype(np.float64)),
                              "mmd_float32": mmd_unbiased(a64, b64)}
    ref["kid"]["full_d64_same"] = {"mmd": mmd_unbiased(a64.astype(np.float64), a64.astype(np.float64))}
    m, subsets = 100, 10
    xi = np.stack([rng.choice(len(a64), m, replace=False) for _ in range(subsets)]).astype(np.int64)
    yi = np.stack([rng.choice(len(b64), m, replace=False) for _ in range(subsets)]).astype(np.int64)
    np.savez(os.path.join(out, "kid_subsets.npz"), x=xi, y=yi)
    values = np.array([mmd_unbiased(a64[xi[s]].astype(np.float64), b64[yi[s]].astype(np.float64))
                       for s in range(subsets)])
    # clean-fid kernel_distance's per-subset formula, written the way it does, as a cross-check of the formula above
    t = 0
    for s in range(subsets):
        x = b64[yi[s]].astype(np.float64)
        y = a64[xi[s]].astype(np.float64)
        aa = (x @ x.T / 64 + 1) ** 3 + (y @ y.T / 64 + 1) ** 3
        bb = (x @ y.T / 64 + 1) ** 3
        t += (aa.sum() - np.diag(aa).sum()) / (m - 1) - bb.sum() * 2 / m
    cleanfid = t / subsets / m
    assert abs(cleanfid - values.mean()) <= 1e-12 * abs(values.mean()) + 1e-15, (cleanfid, values.mean())
    ref["kid"]["subsets_d64"] = {"subset_size": m, "subsets": subsets, "mean": float(values.mean()),
                                 "std": float(values.std()), "per_subset": [float(v) for v in values],
                                 "cleanfid_formula_mean": float(cleanfid)}
    print(f"KID full={ref['kid']['full_d64']['mmd']!r} subsets mean={values.mean()!r} std={values.std()!r}")

    # npz files the Python tools write; expected values from one small, exactly known Gaussian
    d = 8
    mu8 = np.arange(d, dtype=np.float64) / 4 - 0.625
    base = np.arange(d * d, dtype=np.float64).reshape(d, d) / 64
    sigma8 = base @ base.T + np.eye(d)
    feats = (np.arange(5 * d, dtype=np.float64).reshape(5, d) / 8).astype(np.float32)
    ref["npz"]["mu"] = [float(v) for v in mu8]
    ref["npz"]["sigma"] = [float(v) for v in sigma8.ravel()]
    ref["npz"]["sigma_float32"] = [float(v) for v in sigma8.astype(np.float32).ravel()]
    ref["npz"]["features"] = [float(v) for v in feats.ravel()]
    p = lambda n: os.path.join(out, "npz", n)
    np.savez_compressed(p("numpy_compressed.npz"), mu=mu8, sigma=sigma8)            # pytorch-fid / clean-fid
    np.savez(p("numpy_stored_float32.npz"), mu=mu8.astype(np.float32), sigma=sigma8.astype(np.float32))
    np.savez(p("numpy_bigendian.npz"), mu=mu8.astype(">f8"), sigma=sigma8.astype(">f8"))
    np.savez_compressed(p("numpy_fortran.npz"), mu=mu8, sigma=np.asfortranarray(sigma8),
                        features=np.asfortranarray(feats))
    assert np.load(p("numpy_fortran.npz"))["features"].flags.f_contiguous
    arr0 = (np.arange(16 * 32 * 32 * 3) % 251).astype(np.uint8).reshape(16, 32, 32, 3)
    np.savez(p("guided_diffusion_batch.npz"), arr_0=arr0, mu=mu8, sigma=sigma8, mu_s=mu8[:4], sigma_s=np.eye(4))
    np.savez(p("wrong_shape.npz"), mu=mu8, sigma=sigma8[:, :7])
    bad = sigma8.copy()
    bad[2, 3] = np.nan
    np.savez(p("nan_sigma.npz"), mu=mu8, sigma=bad)
    np.savez(p("missing_sigma.npz"), mu=mu8)
    np.savez(p("newer_version.npz"), mu=mu8, sigma=sigma8, fvd_format_version=np.int64(99))
    raw = open(p("numpy_compressed.npz"), "rb").read()
    open(p("truncated.npz"), "wb").write(raw[: len(raw) // 2])
    np.save(p("features_fortran_f8.npy"), np.asfortranarray(feats.astype(np.float64)))
    np.save(p("features_bigendian_f4.npy"), feats.astype(">f4"))
    # every numpy npz is ZIP64-flagged (numpy writes entries with force_zip64=True); record that we test one
    with zipfile.ZipFile(p("numpy_compressed.npz")) as z:
        ref["npz"]["entries_numpy_compressed"] = [i.filename for i in z.infolist()]

    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.join(out, "reference.json"))


# ------------------------------------------------------------------------------------------------- verify Java output


def verify(directory, out):
    files = sorted(f for f in os.listdir(directory) if f.endswith(".npz"))
    if not files:
        sys.exit(f"no .npz files in {directory}")
    a64 = np.load(os.path.join(out, "fd64_a.npy"))
    b64 = np.load(os.path.join(out, "fd64_b.npy"))
    ref = json.load(open(os.path.join(out, "reference.json")))
    stats = {}
    failures = 0
    for name in files:
        path = os.path.join(directory, name)
        problems = []
        with np.load(path, allow_pickle=False) as z:
            keys = set(z.files)
            for k in ["mu", "sigma", "n", "divisor", "fvd_format_version"]:
                if k not in keys:
                    problems.append(f"missing key {k}")
            mu, sigma = z["mu"], z["sigma"]
            d = mu.shape[0]
            if mu.dtype != np.float64 or mu.shape != (d,):
                problems.append(f"mu {mu.dtype} {mu.shape}")
            if sigma.dtype != np.float64 or sigma.shape != (d, d):
                problems.append(f"sigma {sigma.dtype} {sigma.shape}")
            n = z["n"]
            if n.dtype != np.int64 or n.shape != ():
                problems.append(f"n {n.dtype} {n.shape}")
            divisor = str(z["divisor"])
            if divisor not in ("N-1", "N"):
                problems.append(f"divisor {divisor!r}")
            if int(z["fvd_format_version"]) != 1:
                problems.append("fvd_format_version != 1")
            if "provenance" in keys:
                json.loads(str(z["provenance"]))
            source = a64 if "fd64_a" in name else b64 if "fd64_b" in name else None
            if source is not None:
                emu, esigma = gaussian(source, divisor)
                if int(n) != len(source):
                    problems.append(f"n={int(n)} expected {len(source)}")
                if not np.allclose(mu, emu, rtol=1e-12, atol=1e-13):
                    problems.append("mu differs from numpy mean")
                if not np.allclose(sigma, esigma, rtol=1e-11, atol=1e-13):
                    problems.append(f"sigma differs from np.cov (max {np.abs(sigma - esigma).max():.3g})")
                if divisor == "N-1":
                    stats["a" if "fd64_a" in name else "b"] = (mu, sigma)
            if "features" in keys:
                f = z["features"]
                if f.dtype != np.float32 or f.ndim != 2 or f.shape[1] != d:
                    problems.append(f"features {f.dtype} {f.shape}")
                elif source is not None and not np.array_equal(f, source):
                    problems.append("features differ from the source .npy")
        status = "OK " if not problems else "BAD"
        failures += bool(problems)
        print(f"{status} {name}: keys={sorted(keys)} d={d} n={int(n)} divisor={divisor} {'; '.join(problems)}")
    if "a" in stats and "b" in stats:
        fd = fd_sqrtm(*stats["a"], *stats["b"])
        expected = ref["fd"]["d64"]["fd"]
        rel = abs(fd - expected) / expected
        print(f"pytorch-fid-style FD from the Java-written stats: {fd!r} (reference {expected!r}, rel {rel:.2e})")
        failures += rel > 1e-9
    print("verification", "FAILED" if failures else "passed", f"({len(files)} files)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=HERE)
    parser.add_argument("--verify-java-output", metavar="DIR")
    args = parser.parse_args()
    if args.verify_java_output:
        verify(args.verify_java_output, args.out)
    else:
        generate(args.out)

#!/usr/bin/python3
"""Golden end-to-end numbers for `fvd score` on the bundled sample data (fvd-cli test dev.fvd.cli.GoldenScoreTest).

Run from the repository root with Debian's interpreter (numpy, scipy, torch 1.13, PIL; the `ffmpeg` command line tool):

    /usr/bin/python3 test-data/e2e/make_expected.py      # writes test-data/e2e/expected.json

For every protocol the whole reference pipeline is computed here, independently of the Java code (cd-fvd-i3d-folder: the
slim I3D with cd-FVD's folder frames and I3D preprocessing, first 16 frames of each video, the test passes --offset first):
  decode   videos: the ffmpeg command line tool (`-pix_fmt rgb24`, default swscale flags), first 16 frames of each video;
           images: PIL `Image.open(f).convert('RGB')` (what pytorch-fid, clean-fid and TTUR's loaders do).
  network  the slim seeded-random fixture networks of the parity tests, run in float64 in PyTorch:
           I3D from test-data/i3d/i3d_reference.py (weights regenerated from its seed and checked byte for byte against the
           committed test-data/i3d/slim/ bundle), FID-Inception from test-data/inception/inception_reference.py (weights
           loaded from the committed test-data/inception/inception-slim-random.pth). Each reference script's `preprocess` /
           `network_input` applies the protocol's resize, crop, value range and BatchNorm eps.
  stats    numpy mean and covariance: np.cov(rowvar=False) (divisor N-1: TF-GAN, VideoGPT, TTUR, pytorch-fid, clean-fid) or
           bias=True (divisor N: StyleGAN-V FeatureStats.get_mean_cov).
  distance pytorch-fid's calculate_frechet_distance (src/pytorch_fid/fid_score.py): scipy.linalg.sqrtm of sigma1 @ sigma2,
           the eps*I offset when the product is singular, the real part of the trace.
The eigenvalue form tr sqrt(S1^1/2 S2 S1^1/2) is printed next to it as a check of the sqrtm result (N=24 < d here, so both
covariances are singular and sqrtm works near its limit).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy
import scipy.linalg
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'test-data', 'i3d'))
sys.path.insert(0, os.path.join(ROOT, 'test-data', 'inception'))
sys.path.insert(0, os.path.join(ROOT, 'test-data', 'cdfvd'))
import i3d_reference  # noqa: E402
from make_reference import cdfvd_folder_frames  # noqa: E402  (test-data/cdfvd: cd-FVD's video-folder frames)
import inception_reference  # noqa: E402

SAMPLE = os.path.join(ROOT, 'test-data', 'sample')
FRAMES = 16
VIDEO_PROTOCOLS = {'tf': 'n-1', 'stylegan-v': 'n', 'videogpt': 'n-1', 'cd-fvd-i3d-folder': 'n'}
IMAGE_PROTOCOLS = {'ttur': 'n-1', 'pytorch-fid': 'n-1', 'clean': 'n-1'}
I3D_SEED = 20240607  # test-data/i3d/i3d_reference.py main()


def decode_video(path):
    """uint8 [T, H, W, 3]: the first FRAMES frames as the ffmpeg command line tool converts them to RGB."""
    probe = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height',
                            '-of', 'csv=p=0', path], capture_output=True, check=True, text=True).stdout.strip()
    w, h = map(int, probe.split(','))
    raw = subprocess.run(['ffmpeg', '-v', 'error', '-i', path, '-frames:v', str(FRAMES), '-f', 'rawvideo',
                          '-pix_fmt', 'rgb24', '-'], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def i3d_weights():
    weights = i3d_reference.random_weights(i3d_reference.DIV, seed=I3D_SEED)
    with tempfile.TemporaryDirectory() as tmp:
        i3d_reference.write_bundle(os.path.join(tmp, 'model.ckpt'), weights)
        for suffix in ('.index', '.data-00000-of-00001'):
            with open(os.path.join(tmp, 'model.ckpt' + suffix), 'rb') as a, \
                    open(os.path.join(ROOT, 'test-data', 'i3d', 'slim', 'model.ckpt' + suffix), 'rb') as b:
                assert a.read() == b.read(), 'regenerated I3D weights differ from test-data/i3d/slim/model.ckpt' + suffix
    return weights


def video_features(folder, protocol, weights):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, '*.mp4'))):
        clip = decode_video(path)
        assert clip.shape[0] == FRAMES, (path, clip.shape)
        if protocol == 'cd-fvd-i3d-folder':
            # cd-FVD's folder loader (short side 256 antialiased, centre crop, .byte()), then cdfvd/third_party/i3d/utils.py
            # preprocess_i3d: bilinear squash of 0-255 floats to 224, 2x/255 - 1 (stylegan-v's arithmetic), BN eps 1e-5
            x, _ = i3d_reference.preprocess(cdfvd_folder_frames(clip, 256)[None], 'stylegan-v')
            eps = 1e-5
        else:
            x, eps = i3d_reference.preprocess(clip[None], protocol)
        with torch.no_grad():
            rows.append(i3d_reference.i3d_logits(x, weights, eps).numpy()[0])
    return np.stack(rows)


def inception_model():
    model = inception_reference.FIDInception().eval()
    state = torch.load(os.path.join(ROOT, 'test-data', 'inception', 'inception-slim-random.pth'))
    keys = model.load_state_dict(state, strict=False)  # the file has no num_batches_tracked, like pytorch-fid's
    assert not keys.unexpected_keys and all(k.endswith('num_batches_tracked') for k in keys.missing_keys), keys
    return model.double()


def image_features(folder, protocol, model):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, '*'))):
        img = np.asarray(Image.open(path).convert('RGB'), dtype=np.uint8)
        x = inception_reference.network_input(protocol, img[None])
        with torch.no_grad():
            rows.append(model.pool3(x.double()).numpy()[0])
    return np.stack(rows)


def statistics(features, divisor):
    return np.mean(features, axis=0), np.cov(features, rowvar=False, bias=(divisor == 'n'))


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid src/pytorch_fid/fid_score.py calculate_frechet_distance."""
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


def frechet_distance_eig(mu1, sigma1, mu2, sigma2):
    w, v = np.linalg.eigh(sigma1)
    root = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = np.linalg.eigvalsh(root @ sigma2 @ root)
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.sqrt(np.clip(m, 0, None)).sum())


def main():
    torch.set_num_threads(2)
    out = {'generator': 'test-data/e2e/make_expected.py', 'numpy': np.__version__, 'scipy': scipy.__version__,
           'torch': torch.__version__, 'protocols': {}}
    weights = i3d_weights()
    cases = [(p, d, 'videos', lambda folder, p=p: video_features(folder, p, weights)) for p, d in VIDEO_PROTOCOLS.items()]
    model = inception_model()
    cases += [(p, d, 'images', lambda folder, p=p: image_features(folder, p, model)) for p, d in IMAGE_PROTOCOLS.items()]
    for protocol, divisor, kind, features in cases:
        real = features(os.path.join(SAMPLE, kind, 'real'))
        fake = features(os.path.join(SAMPLE, kind, 'fake'))
        mu1, s1 = statistics(real, divisor)
        mu2, s2 = statistics(fake, divisor)
        value = frechet_distance(mu1, s1, mu2, s2)
        check = frechet_distance_eig(mu1, s1, mu2, s2)
        out['protocols'][protocol] = {'value': value, 'inputs': 'test-data/sample/' + kind, 'real_count': len(real),
                                      'fake_count': len(fake), 'dimension': real.shape[1], 'covariance_divisor': divisor,
                                      'real_mu_sum': float(mu1.sum()), 'fake_mu_sum': float(mu2.sum()),
                                      'real_sigma_trace': float(np.trace(s1)), 'fake_sigma_trace': float(np.trace(s2))}
        print('%-12s %s  N=%d/%d d=%d  value %.10g  (eigenvalue form %.10g, rel diff %.2e)' % (
            protocol, kind, len(real), len(fake), real.shape[1], value, check, abs(value - check) / abs(value)),
            file=sys.stderr)
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()

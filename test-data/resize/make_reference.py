#!/usr/bin/python3
"""Regenerates the resize parity fixtures in this folder.

Run with Debian's interpreter (torch 1.13.1, Pillow 9.4, numpy 1.24):  /usr/bin/python3 test-data/resize/make_reference.py

For every case (a seeded random uint8 RGB image and a target size) and every filter x crop mode, writes the reference output
as float32 HWC on the 0-255 scale. Filters:
  tf1-bilinear   numpy float32, written from TensorFlow's kernel (tensorflow/core/kernels/image/resize_bilinear_op.cc,
                 tensorflow/core/util/image_resizer_state.h: CalculateResizeScale, LegacyScaler,
                 compute_interpolation_weights, compute_lerp); TensorFlow itself is not installed here.
  torch-bilinear torch.nn.functional.interpolate(size=..., mode='bilinear', align_corners=False) on a contiguous NCHW float32.
  pil-bicubic    clean-fid cleanfid/resize.py make_resizer("PIL", False, "bicubic", ...): per channel Image 'F' resize, clip.
Crop modes:
  squash         the whole frame to the target size.
  center-crop    VideoGPT videogpt/data.py preprocess (target size from the short side with math.ceil, then the window at
                 (size - resolution) // 2). For torch-bilinear it runs VideoGPT's own code path (on video / 255, then x 255);
                 tf1-bilinear and pil-bicubic use the same sizes and window (our definition by analogy).
Big outputs are stored on a lattice of rows and columns (every 4th plus the first two and the last two) to keep the folder
small; the lattice indices are stored next to them.
"""
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
FULL_LIMIT = 64  # outputs up to this many rows and columns are stored in full

# name, input height, input width, output height, output width
CASES = [
    ("down_37x53_to_16x16", 37, 53, 16, 16),
    ("up_13x7_to_29x31", 13, 7, 29, 31),
    ("up_64x48_to_224x224", 64, 48, 224, 224),
    ("down_300x200_to_299x299", 300, 200, 299, 299),
    ("identity_17x17", 17, 17, 17, 17),
    ("down_120x160_to_64x64", 120, 160, 64, 64),
    ("up_9x25_to_20x12", 9, 25, 20, 12),
    ("tiny_1x1_to_3x3", 1, 1, 3, 3),
    ("thin_5x1_to_2x4", 5, 1, 2, 4),
    ("thin_1x6_to_4x4", 1, 6, 4, 4),
    # VideoGPT quirk: ceil(25 * (224 / 25)) = 225, so a square 25x25 frame is resized to 225x224 before the crop
    ("square_25x25_to_224x224_crop", 25, 25, 224, 224),
]
# crop modes per case (default: all that apply)
CASE_CROPS = {"square_25x25_to_224x224_crop": ["center-crop"]}
METHODS = ["tf1-bilinear", "torch-bilinear", "pil-bicubic"]
CROPS = ["squash", "center-crop"]

f32 = np.float32


def tf1_axis(in_size, out_size):
    # CalculateResizeScale: in_size / static_cast<float>(out_size), float32
    scale = f32(in_size) / f32(out_size)
    # LegacyScaler: static_cast<float>(x) * scale
    src = np.arange(out_size).astype(f32) * scale
    src_floor = np.floor(src).astype(f32)
    lower = np.maximum(src_floor.astype(np.int64), 0)
    upper = np.minimum(np.ceil(src).astype(np.int64), in_size - 1)
    lerp = (src - src_floor).astype(f32)
    return lower, upper, lerp


def tf1_bilinear(img, out_h, out_w):
    """img: HWC uint8 -> HWC float32, TF1 resize_bilinear(align_corners=False, half_pixel_centers=False)."""
    h, w, _ = img.shape
    if (out_h, out_w) == (h, w):  # "Handle no-op resizes efficiently": plain cast
        return img.astype(f32)
    ys_lo, ys_hi, ys_lerp = tf1_axis(h, out_h)
    xs_lo, xs_hi, xs_lerp = tf1_axis(w, out_w)
    x = img.astype(f32)
    top_left = x[ys_lo][:, xs_lo]
    top_right = x[ys_lo][:, xs_hi]
    bottom_left = x[ys_hi][:, xs_lo]
    bottom_right = x[ys_hi][:, xs_hi]
    dx = xs_lerp[None, :, None]
    dy = ys_lerp[:, None, None]
    # compute_lerp, float32 at every step
    top = (top_left + ((top_right - top_left) * dx).astype(f32)).astype(f32)
    bottom = (bottom_left + ((bottom_right - bottom_left) * dx).astype(f32)).astype(f32)
    return (top + ((bottom - top) * dy).astype(f32)).astype(f32)


def torch_bilinear(img, out_h, out_w):
    x = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))[None].float().contiguous()
    y = F.interpolate(x, size=(out_h, out_w), mode="bilinear", align_corners=False)
    return y[0].permute(1, 2, 0).numpy().astype(f32)


def pil_bicubic(img, out_h, out_w):
    # clean-fid make_resizer("PIL", quantize_after=False, "bicubic", output_size=(out_w, out_h)) per channel
    def resize_single_channel(x_np):
        im = Image.fromarray(x_np.astype(np.float32), mode="F")
        im = im.resize((out_w, out_h), resample=Image.BICUBIC)
        return np.asarray(im).clip(0, 255).reshape(out_h, out_w, 1)
    return np.concatenate([resize_single_channel(img[:, :, c]) for c in range(3)], axis=2).astype(f32)


def videogpt_target(h, w, resolution):
    # videogpt/data.py preprocess, verbatim arithmetic
    scale = resolution / min(h, w)
    if h < w:
        return (resolution, math.ceil(w * scale))
    return (math.ceil(h * scale), resolution)


def videogpt_preprocess_torch(img, resolution):
    """VideoGPT videogpt/data.py preprocess on a 1-frame video, up to the centre crop; returned back on the 0-255 scale."""
    video = torch.from_numpy(img[None])  # THWC uint8
    video = video.permute(0, 3, 1, 2).float() / 255.  # TCHW
    t, c, h, w = video.shape
    target_size = videogpt_target(h, w, resolution)
    video = F.interpolate(video, size=target_size, mode="bilinear", align_corners=False)
    t, c, h, w = video.shape
    w_start = (w - resolution) // 2
    h_start = (h - resolution) // 2
    video = video[:, :, h_start:h_start + resolution, w_start:w_start + resolution]
    # (VideoGPT then permutes to CTHW and subtracts 0.5: value-range steps, not part of the resize)
    return (video[0].permute(1, 2, 0).numpy().astype(np.float64) * 255.0).astype(f32)


def center_crop(fn, img, resolution):
    h, w, _ = img.shape
    rh, rw = videogpt_target(h, w, resolution)
    full = fn(img, rh, rw)
    top = (rh - resolution) // 2
    left = (rw - resolution) // 2
    return full[top:top + resolution, left:left + resolution]


FILTERS = {"tf1-bilinear": tf1_bilinear, "torch-bilinear": torch_bilinear, "pil-bicubic": pil_bicubic}


def reference(method, crop, img, out_h, out_w):
    if crop == "squash":
        return FILTERS[method](img, out_h, out_w)
    assert out_h == out_w, "VideoGPT centre crop is defined for square targets"
    if method == "torch-bilinear":
        return videogpt_preprocess_torch(img, out_h)
    return center_crop(FILTERS[method], img, out_h)


def lattice(n):
    if n <= FULL_LIMIT:
        return np.arange(n, dtype=np.int32)
    return np.array(sorted(set(range(0, n, 4)) | {0, 1, n - 2, n - 1}), dtype=np.int32)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261127)
    lines = ["# case\tin_h\tin_w\tmethod\tcrop\tout_h\tout_w\tfile\trows_file\tcols_file"]
    for name, h, w, out_h, out_w in CASES:
        img = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
        np.save(os.path.join(OUT, f"{name}.input.npy"), img)
        rows, cols = lattice(out_h), lattice(out_w)
        rows_file = cols_file = "-"
        if len(rows) < out_h or len(cols) < out_w:
            rows_file, cols_file = f"{name}.rows.npy", f"{name}.cols.npy"
            np.save(os.path.join(OUT, rows_file), rows)
            np.save(os.path.join(OUT, cols_file), cols)
        for method in METHODS:
            for crop in CASE_CROPS.get(name, CROPS):
                if crop == "center-crop" and out_h != out_w:
                    continue
                out = reference(method, crop, img, out_h, out_w)
                assert out.shape == (out_h, out_w, 3), (name, method, crop, out.shape)
                out = np.ascontiguousarray(out[rows][:, cols])
                file = f"{name}.{method}.{crop}.npy"
                np.save(os.path.join(OUT, file), out)
                lines.append("\t".join(map(str, [name, h, w, method, crop, out_h, out_w, file, rows_file, cols_file])))
    with open(os.path.join(HERE, "cases.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

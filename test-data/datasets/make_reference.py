#!/usr/bin/python3
"""Writes the still-image and GIF fixtures for the datasets module and their PIL decodings.

Run with Debian's interpreter (PIL 9.4, numpy 1.24):  /usr/bin/python3 test-data/datasets/make_reference.py
Outputs (all under test-data/datasets/):
  images/<name>.<ext>      small seeded test images in the encodings pytorch-fid / clean-fid users meet
  images/<name>.pil.npy    uint8 [H, W, 3] = np.asarray(PIL.Image.open(f).convert('RGB')), the decoding pytorch-fid,
                           clean-fid and torch-fidelity feed their networks
  gif-pil-frames.npz       arr_0: uint8 [16, 224, 224, 3], the first 16 frames of the UCF-101 GIF as PIL decodes them
                           (seek(t) then convert('RGB')), np.savez_compressed
  gif-pil-sha256.txt       one line per frame of the whole GIF: index, sha256 of the frame's RGB bytes
"""
import hashlib
import io
import os
import struct
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "images")
H, W = 24, 32


def png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def write_png_raw(path, array, color_type, bit_depth):
    """A plain PNG writer (filter 0 on every row) for the 16-bit layouts PIL cannot write."""
    h, w = array.shape[:2]
    if bit_depth == 16:
        rows = array.astype(">u2").reshape(h, -1).view(np.uint8).reshape(h, -1)
    else:
        rows = array.astype(np.uint8).reshape(h, -1)
    raw = b"".join(b"\x00" + rows[y].tobytes() for y in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw, 9))
                + png_chunk(b"IEND", b""))


def smooth_rgb(rng):
    """A gradient plus noise: JPEG-friendly content with every value range used."""
    y, x = np.mgrid[0:H, 0:W]
    base = np.stack([x * 255 / (W - 1), y * 255 / (H - 1), (x + y) * 255 / (W + H - 2)], axis=-1)
    return np.clip(base + rng.normal(0, 25, size=(H, W, 3)), 0, 255).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240601)
    rgb = smooth_rgb(rng)
    written = []

    def save(name, image, **kw):
        path = os.path.join(OUT, name)
        image.save(path, **kw)
        written.append(path)

    save("rgb.png", Image.fromarray(rgb, "RGB"))
    save("gray.png", Image.fromarray(rgb[..., 0], "L"))
    rgba = np.concatenate([rgb, rng.integers(0, 256, size=(H, W, 1), dtype=np.uint8)], axis=-1)
    save("rgba.png", Image.fromarray(rgba, "RGBA"))
    save("gray-alpha.png", Image.fromarray(rgba[..., [0, 3]], "LA"))
    palette = Image.fromarray(rgb, "RGB").quantize(colors=37, method=Image.Quantize.MEDIANCUT)
    save("palette.png", palette)
    palette_t = palette.copy()
    palette_t.info["transparency"] = 3
    save("palette-transparent.png", palette_t, transparency=3)

    rgb16 = rng.integers(0, 65536, size=(H, W, 3), dtype=np.uint16)
    path = os.path.join(OUT, "rgb16.png")
    write_png_raw(path, rgb16, color_type=2, bit_depth=16)
    written.append(path)
    rgba16 = rng.integers(0, 65536, size=(H, W, 4), dtype=np.uint16)
    path = os.path.join(OUT, "rgba16.png")
    write_png_raw(path, rgba16, color_type=6, bit_depth=16)
    written.append(path)
    # 16-bit grey: values across the whole range, and a low-valued one (what a depth map or a dark scan looks like)
    gray16 = rng.integers(0, 65536, size=(H, W), dtype=np.uint16)
    path = os.path.join(OUT, "gray16.png")
    write_png_raw(path, gray16, color_type=0, bit_depth=16)
    written.append(path)
    gray_alpha16 = rng.integers(0, 65536, size=(H, W, 2), dtype=np.uint16)
    path = os.path.join(OUT, "gray-alpha16.png")
    write_png_raw(path, gray_alpha16, color_type=4, bit_depth=16)
    written.append(path)
    gray16_low = rng.integers(0, 600, size=(H, W), dtype=np.uint16)
    path = os.path.join(OUT, "gray16-low.png")
    write_png_raw(path, gray16_low, color_type=0, bit_depth=16)
    written.append(path)

    save("baseline.jpg", Image.fromarray(rgb, "RGB"), quality=90)
    save("progressive.jpg", Image.fromarray(rgb, "RGB"), quality=85, progressive=True)
    save("gray.jpg", Image.fromarray(rgb[..., 1], "L"), quality=90)
    save("subsampling-444.jpg", Image.fromarray(rgb, "RGB"), quality=95, subsampling=0)
    save("rgb.bmp", Image.fromarray(rgb, "RGB"))

    for path in written:
        with Image.open(path) as im:
            decoded = np.asarray(im.convert("RGB"))
            print(f"{os.path.basename(path):26s} PIL mode {im.mode:6s} -> RGB {decoded.shape}")
        np.save(path + ".pil.npy", decoded)

    gif = os.path.join(ROOT, "test-data", "kinetics-i3d", "v_CricketShot_g04_c01_rgb.gif")
    frames = []
    with Image.open(gif) as im:
        for t in range(im.n_frames):
            im.seek(t)
            frames.append(np.asarray(im.convert("RGB")))
    frames = np.stack(frames)
    np.savez_compressed(os.path.join(HERE, "gif-pil-frames.npz"), frames[:16])
    with open(os.path.join(HERE, "gif-pil-sha256.txt"), "w") as f:
        for t, frame in enumerate(frames):
            f.write(f"{t} {hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest()}\n")
    print("gif", frames.shape)


if __name__ == "__main__":
    main()

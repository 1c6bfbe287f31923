#!/usr/bin/env python3
"""Rotated and anamorphic clips, and what the ffmpeg command line decodes from them (issue 15 item 13).

Run from the repository root with Debian's python3 (numpy) and ffmpeg CLI (5.1 here):
    /usr/bin/python3 test-data/datasets/make_orientation.py

Writes test-data/datasets/orientation/:
  base.mov           6 frames, 48x32, PNG-in-MOV (lossless RGB: no colour conversion can differ between decoders)
  rot90.mov ...      the same stream copied with `-metadata:s:v:0 rotate=R` (R = 90, 180, 270): a display matrix in tkhd
  sar.mov            the same stream copied with `-aspect 3:1` (sample aspect ratio 2:1, a 'pasp' atom)
  cli.npz            what `ffmpeg -i F -f rawvideo -pix_fmt rgb24 -` gives for each file, with its default autorotation,
                     as uint8 [T,H,W,3]: keys base, rot90, rot180, rot270. Checked here and not stored (they equal base):
                     every file with `-noautorotate`, and sar.mov with or without it (the CLI keeps the sample aspect ratio
                     as metadata and never rescales the pixels).
"""
import os
import subprocess

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "orientation")
T, H, W = 6, 32, 48


def ffmpeg(*args, capture=False):
    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-y", *args]
    return subprocess.run(cmd, check=True, capture_output=capture).stdout


def probe_size(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                          "-of", "csv=p=0", path], check=True, capture_output=True, text=True).stdout.strip()
    return tuple(int(v) for v in out.split(","))


def decode(path, extra=()):
    raw = ffmpeg(*extra, "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-", capture=True)
    frames = np.frombuffer(raw, np.uint8)
    # the decoded size is the display size: swapped for 90/270 degrees when autorotation applies
    n = frames.size // (H * W * 3)
    return frames, n


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(13)
    y, x = np.mgrid[0:H, 0:W]
    frames = np.zeros((T, H, W, 3), np.uint8)
    for t in range(T):
        frames[t, ..., 0] = (x * 5 + t * 20) % 256   # left-right gradient: shows flips and turns
        frames[t, ..., 1] = (y * 7) % 256             # top-bottom gradient
        frames[t, ..., 2] = rng.integers(0, 256, (H, W))
    raw = os.path.join(OUT, "base.rgb")
    frames.tofile(raw)
    base = os.path.join(OUT, "base.mov")
    ffmpeg("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", "10", "-i", raw, "-c:v", "png",
           "-pix_fmt", "rgb24", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", base)
    os.remove(raw)
    files = {"base": base}
    for r in (90, 180, 270):
        files[f"rot{r}"] = os.path.join(OUT, f"rot{r}.mov")
        ffmpeg("-i", base, "-c", "copy", "-metadata:s:v:0", f"rotate={r}", "-fflags", "+bitexact", files[f"rot{r}"])
    files["sar"] = os.path.join(OUT, "sar.mov")
    ffmpeg("-i", base, "-c", "copy", "-aspect", "3:1", "-fflags", "+bitexact", files["sar"])

    arrays = {}
    for key, path in files.items():
        for suffix, extra in (("", ()), ("_noautorotate", ("-noautorotate",))):
            flat, n = decode(path, extra)
            rotated = suffix == "" and key in ("rot90", "rot270")
            shape = (n, W, H, 3) if rotated else (n, H, W, 3)
            arrays[key + suffix] = flat.reshape(shape)
    assert (arrays["base"] == frames).all(), "PNG-in-MOV must be lossless"
    for key in list(arrays):
        if key.endswith("_noautorotate") or key == "sar":
            assert (arrays.pop(key) == frames).all(), key + " should equal the stored frames"
    np.savez_compressed(os.path.join(OUT, "cli.npz"), **arrays)
    for key in sorted(arrays):
        print(key, arrays[key].shape)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A rotated clip long enough for the slim I3D (>= 9 frames), for the CLI test of --no-autorotate.

Run from the repository root with Debian's python3 (numpy) and the ffmpeg CLI:  /usr/bin/python3 test-data/cli/make_rotated.py

Writes test-data/cli/rotated/: base/clip.mov (10 frames, 48x32, PNG-in-MOV: lossless RGB) and rot90/clip.mov (the same
stream copied with `-metadata:s:v:0 rotate=90`, a display matrix in tkhd), each in its own folder so a test can score them
as datasets. The same construction as test-data/datasets/make_orientation.py, with more frames.
"""
import os
import subprocess

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rotated")
T, H, W = 10, 32, 48


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args], check=True)


def main():
    for sub in ("base", "rot90"):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
    rng = np.random.default_rng(17)
    y, x = np.mgrid[0:H, 0:W]
    frames = np.zeros((T, H, W, 3), np.uint8)
    for t in range(T):
        frames[t, ..., 0] = (x * 5 + t * 20) % 256
        frames[t, ..., 1] = (y * 7) % 256
        frames[t, ..., 2] = rng.integers(0, 256, (H, W))
    raw = os.path.join(OUT, "base.rgb")
    frames.tofile(raw)
    base = os.path.join(OUT, "base", "clip.mov")
    ffmpeg("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", "10", "-i", raw, "-c:v", "png",
           "-pix_fmt", "rgb24", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", base)
    os.remove(raw)
    ffmpeg("-i", base, "-c", "copy", "-metadata:s:v:0", "rotate=90", "-fflags", "+bitexact",
           os.path.join(OUT, "rot90", "clip.mov"))


if __name__ == "__main__":
    main()

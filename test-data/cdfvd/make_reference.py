#!/usr/bin/python3
"""Regenerates the cd-FVD video-folder parity fixtures in this folder.

Run with Debian's interpreter (torch 1.13.1, numpy):  /usr/bin/python3 test-data/cdfvd/make_reference.py

frames.npz -- the frame preparation of cd-FVD's video-folder loader (songweige/content-debiased-fvd):
  cdfvd/utils/data_utils.py preprocess():  video.permute(0, 3, 1, 2).float() / 255.; short side to `resolution`
      (scale = resolution / min(h, w); target (resolution, ceil(w*scale)) if h < w else (ceil(h*scale), resolution));
      F.interpolate(mode='bilinear', align_corners=False, antialias=True); centre crop from ((h-res)//2, (w-res)//2)
  cdfvd/fvd.py compute_real_stats()/compute_fake_stats():  rearrange(batch['video'] * 255, ...).byte()  (truncation)
  Written here from those lines (not copied), on uint8 THWC inputs:
    <case>.input   uint8 [T, H, W, 3]: decoded frames of test-data/sample videos (ffmpeg -f rawvideo -pix_fmt rgb24)
                   or seeded random frames of sizes that downscale by up to 3.3x (where antialiasing matters)
    <case>.output  uint8 [T, R, R, 3]: the reference's bytes
  plus cases.txt: "<case> <resolution>" per line.
"""
import math
import os
import subprocess

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "sample", "videos")


def cdfvd_folder_frames(video, resolution):
    """uint8 THWC -> uint8 T x res x res x 3, as cd-FVD's video-folder loader and its (x*255).byte() give them."""
    video = torch.from_numpy(np.array(video))
    video = video.permute(0, 3, 1, 2).float() / 255.  # TCHW
    t, c, h, w = video.shape
    scale = resolution / min(h, w)
    if h < w:
        target_size = (resolution, math.ceil(w * scale))
    else:
        target_size = (math.ceil(h * scale), resolution)
    video = F.interpolate(video, size=target_size, mode='bilinear', align_corners=False, antialias=True)
    t, c, h, w = video.shape
    w_start = (w - resolution) // 2
    h_start = (h - resolution) // 2
    video = video[:, :, h_start:h_start + resolution, w_start:w_start + resolution]
    video = video.permute(1, 0, 2, 3).contiguous()  # CTHW, as the loader returns it
    return (video * 255).permute(1, 2, 3, 0).byte().numpy()  # 'c t h w -> t h w c', then .byte()


def decode(path, frames):
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream=width,height",
                            "-of", "csv=p=0", path], check=True, capture_output=True, text=True).stdout.split(",")
    w, h = int(probe[0]), int(probe[1])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-frames:v", str(frames), "-f", "rawvideo", "-pix_fmt", "rgb24",
                          "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(frames, h, w, 3)


def main():
    rng = np.random.default_rng(20240611)
    cases = []
    # decoded sample videos (upscaling to 256: antialiasing is a no-op, the weights still come from the AA code path)
    cases.append(("real_00_96x64", decode(os.path.join(SAMPLE, "real", "real_00.mp4"), 1), 256))
    cases.append(("real_02_80x80", decode(os.path.join(SAMPLE, "real", "real_02.mp4"), 1), 256))
    cases.append(("fake_01_64x80", decode(os.path.join(SAMPLE, "fake", "fake_01.mp4"), 2), 64))
    # downscaling (antialiased), random frames; 97x97 and 150x97 leave odd crops, 211x370 reduces by 3.3
    for name, t, h, w, res in [("down_150x97", 2, 150, 97, 64), ("down_211x370", 1, 211, 370, 64),
                               ("square_97x97", 1, 97, 97, 64), ("down_300x270", 1, 300, 270, 128),
                               ("square_25x25", 1, 25, 25, 224)]:
        cases.append((name, rng.integers(0, 256, (t, h, w, 3), dtype=np.uint8), res))
    arrays = {}
    with open(os.path.join(HERE, "cases.txt"), "w") as listing:
        for name, video, res in cases:
            arrays[name + ".input"] = np.ascontiguousarray(video)
            arrays[name + ".output"] = cdfvd_folder_frames(video, res)
            listing.write("%s %d\n" % (name, res))
    np.savez_compressed(os.path.join(HERE, "frames.npz"), **arrays)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerates draws.txt: which video and clip start cd-FVD's video-folder loader picks, for fixed seeds.

Run with Debian's interpreter (torch 1.13.1):  /usr/bin/python3 test-data/cdfvd/make_draws.py

songweige/content-debiased-fvd, read for these facts (not copied):
  cdfvd/utils/data_utils.py  VideoDataset: VideoClips(files, sequence_length) -> per video n - 16 + 1 clips of 16 consecutive
      frames (step 1); get_random_clip_from_video(idx): skip forward while a video has no clip, then
      random.randint(0, n_clip - 1) from Python's `random`; get_dataloader: DataLoader(batch_size=16, num_workers=4,
      shuffle=True); __getitem__ retries idx = (idx + 1) % num_clips() when get_clip raises.
  cdfvd/fvd.py  load_videos(num_workers=4, batch_size=16); compute_fake_stats / compute_real_stats: seed_everything(seed)
      (random, numpy, torch), then `for batch in loader` repeated until FeatureStats holds max_items (n_fake default 2048,
      n_real 'full' = one pass), the last batch cut to fit.
Here the real torch DataLoader runs over a stand-in dataset with the same get_random_clip_from_video, so its shuffling,
worker seeding (random.seed(base_seed + worker_id)) and batch-to-worker assignment are torch's own.
Each block of draws.txt: "case <name> seed <s> max <m> frames <f0,f1,...>", then one "<video> <start>" per item.
"""
import os
import random

import numpy as np
import torch
import torch.utils.data as data

HERE = os.path.dirname(os.path.abspath(__file__))
SEQUENCE_LENGTH = 16


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class StandInVideos(data.Dataset):
    """Frame counts instead of files; returns (video, start) as VideoDataset's patched get_clip_location would choose."""

    def __init__(self, frames):
        self.n_clip = [max(0, n - SEQUENCE_LENGTH + 1) for n in frames]
        self.num_clips = sum(self.n_clip)

    def __len__(self):
        return len(self.n_clip)

    def location(self, idx):
        while self.n_clip[idx] <= 0:  # IndexError past the end, as self._clips.clips[idx] raises
            idx += 1
        return idx, random.randint(0, self.n_clip[idx] - 1)

    def __getitem__(self, idx):
        while True:
            try:
                video, start = self.location(idx)
            except IndexError:
                idx = (idx + 1) % self.num_clips
                continue
            break
        return torch.tensor([video, start])


def draws(frames, seed, max_items):
    loader = data.DataLoader(StandInVideos(frames), batch_size=16, num_workers=4, shuffle=True)
    seed_everything(seed)
    out = []
    while max_items is None or len(out) < max_items:
        for batch in loader:
            out.extend(tuple(row) for row in batch.tolist())
            if max_items is not None and len(out) >= max_items:
                break
        if max_items is None:
            break
    return out if max_items is None else out[:max_items]


def main():
    rng = np.random.default_rng(7)
    cases = [
        ("sample_real", [20, 18, 19, 16, 17, 20, 18, 19, 16, 17, 20, 18, 19, 16, 17, 20, 18, 19, 16, 17, 20, 18, 19, 16], 42,
         None),
        ("long_videos", [int(x) for x in rng.integers(16, 400, 70)], 42, None),
        ("repeat_to_2048", [int(x) for x in rng.integers(16, 300, 37)], 42, 2048),
        ("short_skipped", [10, 40, 12, 3, 33, 16, 15, 90, 17, 5, 8, 64, 2, 20, 30, 25, 18, 19, 14], 0, 50),
        ("wrap_around", [40, 30, 20, 10, 5], 123, None),
    ]
    with open(os.path.join(HERE, "draws.txt"), "w") as f:
        for name, frames, seed, max_items in cases:
            f.write("case %s seed %d max %d frames %s\n" % (name, seed, 0 if max_items is None else max_items,
                                                          ",".join(map(str, frames))))
            for video, start in draws(frames, seed, max_items):
                f.write("%d %d\n" % (video, start))


if __name__ == "__main__":
    main()

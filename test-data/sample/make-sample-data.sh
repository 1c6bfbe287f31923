#!/usr/bin/env bash
# Regenerates test-data/sample/ (seeded, deterministic content; H.264 via the bytedeco FFmpeg build's libopenh264).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rm -rf test-data/sample/videos test-data/sample/images
bin/run-test-main datasets dev.fvd.datasets.SampleDataGenerator "$root/test-data/sample"
du -sh test-data/sample

#!/usr/bin/env bash
# Regenerates test-data/sample/ (seeded, deterministic content; H.264 via the bytedeco FFmpeg build's libopenh264).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rm -rf test-data/sample/videos test-data/sample/images
mvn -B -q -pl datasets test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.fvd.datasets.SampleDataGenerator -Dexec.args="$root/test-data/sample"
du -sh test-data/sample

#!/usr/bin/env bash
# End to end from mp4 files to statistics vs the network alone, same JVM, same run (fvd-cli/README.md, issue 14):
# makes N H.264 mp4 files (ffmpeg testsrc2 + temporal noise, 320x240, 16+ frames) and the full-width random-weight I3D
# (feature-extractors I3dBench --write-model) in a temp dir, then runs dev.fvd.bench.PipelineRun (FvdEvaluator.statistics
# on the folder vs on the same clips decoded beforehand).
# usage: fvd-cli/bench/pipeline.sh [CLIPS=24] [BATCH=8] [THREADS=2] [RUNS=2]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-24}"; batch="${2:-8}"; threads="${3:-2}"; runs="${4:-2}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/videos"
for i in $(seq 1 "$n"); do
  ffmpeg -v error -f lavfi -i "testsrc2=size=320x240:rate=25,noise=alls=12:allf=t+u:all_seed=$i" -frames:v $((16 + i % 4)) \
    -c:v libx264 -pix_fmt yuv420p -preset fast "$tmp/videos/clip$(printf %03d "$i").mp4"
done
mvn -B -q -o -pl fvd-cli -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
cp="fvd-cli/target/test-classes:fvd-cli/target/classes:feature-extractors/target/test-classes:$(cat fvd-cli/target/bench.cp)"
java -Xmx2g -cp "$cp" dev.fvd.features.i3d.I3dBench --write-model "$tmp/i3d-full-random.onnx"
java -Xmx4g -cp "$cp" dev.fvd.bench.PipelineRun "$tmp/videos" "$tmp/i3d-full-random.onnx" "$batch" "$threads" "$runs"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

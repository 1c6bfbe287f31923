#!/usr/bin/env bash
# Throughput of fvd-spark against fvd stats on the same input and machine, and local[1] against local[2].
# Input: COPIES copies of the 24 bundled sample videos (test-data/sample/videos/real) in a temporary folder; model: the slim
# random-weight I3D fixture (the pipeline is the real one; the canonical I3D is ~10x more compute per clip, which favours
# Spark's fixed overhead). Wall-clock times include JVM (and Spark) start-up; each run is printed with clips/s.
# Needs the packaged tools: mvn -B -q package -DskipTests
#   fvd-spark/bench/throughput.sh [COPIES=8] [FRAMES=10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
copies="${1:-8}"
frames="${2:-10}"
model="$root/test-data/models/i3d-slim-random.onnx"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/videos"
for c in $(seq 1 "$copies"); do
  for v in "$root"/test-data/sample/videos/real/*.mp4; do
    cp "$v" "$work/videos/c${c}_$(basename "$v")"
  done
done
n=$(ls "$work/videos" | wc -l)
echo "input: $n videos (${copies} x 24 sample videos), --frames $frames, model i3d-slim-random, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # name, command...
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2> "$work/err.log" || { cat "$work/err.log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "import sys; t=$end-$start; print(f'{sys.argv[1]:<28} {t:7.1f} s  {$n/t:6.2f} clips/s'); open(sys.argv[2],'w').write(str(t))" \
    "$name" "$work/$name.t"
}

measure "fvd stats" "$root/bin/fvd" stats "$work/videos" -o "$work/a.npz" --model "$model" --frames "$frames" -q
measure "fvd-spark local[1]" "$root/bin/fvd-spark" stats "$work/videos" -o "$work/b.npz" --model "$model" --frames "$frames" --master 'local[1]' -q
measure "fvd-spark local[2]" "$root/bin/fvd-spark" stats "$work/videos" -o "$work/c.npz" --model "$model" --frames "$frames" --master 'local[2]' -q
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
t = {k: float(open(f"{w}/{k}.t").read()) for k in ["fvd stats", "fvd-spark local[1]", "fvd-spark local[2]"]}
print(f"fvd-spark local[2] / fvd stats wall time: {t['fvd-spark local[2]'] / t['fvd stats']:.2f}")
print(f"speed-up local[1] -> local[2]: {t['fvd-spark local[1]'] / t['fvd-spark local[2]']:.2f}x")
PY

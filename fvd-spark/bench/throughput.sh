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

# wall-clock and CPU seconds (user + system of the process tree) of one run; on a loaded machine the CPU time is the fairer
# measure of the engine's overhead, since wall time then mostly reflects the share of the cores a process happens to get
measure() { # name, command...
  python3 - "$work" "$n" "$@" <<'PY'
import resource, subprocess, sys, time
work, n, name, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
with open(f"{work}/err.log", "w") as err:
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err).returncode
wall = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
if code != 0:
    sys.stderr.write(open(f"{work}/err.log").read())
    sys.exit(code)
print(f"{name:<22} wall {wall:7.1f} s  {n / wall:6.2f} clips/s   cpu {cpu:7.1f} s  {n / cpu:6.2f} clips/cpu-s")
open(f"{work}/{name}.t", "w").write(f"{wall} {cpu}")
PY
}

measure "fvd stats" "$root/bin/fvd" stats "$work/videos" -o "$work/a.npz" --model "$model" --frames "$frames" -q
measure "fvd-spark local[1]" "$root/bin/fvd-spark" stats "$work/videos" -o "$work/b.npz" --model "$model" --frames "$frames" --master 'local[1]' -q
measure "fvd-spark local[2]" "$root/bin/fvd-spark" stats "$work/videos" -o "$work/c.npz" --model "$model" --frames "$frames" --master 'local[2]' -q
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
t = {k: [float(x) for x in open(f"{w}/{k}.t").read().split()] for k in ["fvd stats", "fvd-spark local[1]", "fvd-spark local[2]"]}
s, one, two = t["fvd stats"], t["fvd-spark local[1]"], t["fvd-spark local[2]"]
print(f"fvd-spark local[2] / fvd stats: wall {two[0] / s[0]:.2f}, cpu {two[1] / s[1]:.2f}")
print(f"local[1] -> local[2]: wall speed-up {one[0] / two[0]:.2f}x, cpu {two[1] / one[1]:.2f}")
PY

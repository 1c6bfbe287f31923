#!/usr/bin/env bash
# Peak memory of the streaming pipeline at 500 vs 2,000 clips (and more if given): shows that memory does not grow with the
# number of clips. Clips are generated in memory one at a time and fed through the library facade (Source.ofClips), features
# are folded into streaming statistics batch by batch (fvd-cli/README.md, "Library").
#
# usage: [XMX=1g] fvd-cli/bench/memory.sh [fvd|fid] [COUNTS...]      (default: fvd 500 2000; XMX = JVM -Xmx)
# needs /usr/bin/time (Debian package "time"); uses the slim random-weight fixture models of test-data/models.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
metric="${1:-fvd}"; shift || true
counts=("$@"); [ ${#counts[@]} -eq 0 ] && counts=(500 2000)
if [ "$metric" = fvd ]; then model=test-data/models/i3d-slim-random.onnx; else model=test-data/models/inception-slim-random.onnx; fi
mvn -B -q -o -pl fvd-cli -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
cp="fvd-cli/target/test-classes:fvd-cli/target/classes:$(cat fvd-cli/target/bench.cp)"
tmp="$(mktemp)"; trap 'rm -f "$tmp"' EXIT
for n in "${counts[@]}"; do
  out="$(/usr/bin/time -v -o "$tmp" java -Xmx"${XMX:-1g}" -cp "$cp" dev.fvd.bench.MemoryRun "$metric" "$n" "$model")"
  rss_kb="$(grep "Maximum resident set size" "$tmp" | awk '{print $NF}')"
  echo "$out peak_rss_mb=$((rss_kb / 1024))"
done

#!/bin/sh
# FID-Inception throughput: ONNX Runtime (Java) vs PyTorch eager, full-width network, random weights, 299x299 images.
# Prints GFLOP per clip, sgemm GFLOP/s of this machine (ORT MatMul and OpenBLAS, same threads), roofline %, the ORT
# per-operator profile (--profile) and the ratio to PyTorch eager of the same run (median batches).
# Run from the repository root:  sh feature-extractors/bench/inception_bench.sh [--threads 2 --batch 32 --batches 3 --profile]
set -e
mvn -B -q -o -pl feature-extractors -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
out=$(mktemp)
java -Xmx4g -cp "feature-extractors/target/test-classes:feature-extractors/target/classes:datasets/target/classes:$(cat feature-extractors/target/cp.txt)" \
  dev.fvd.features.inception.InceptionBench "$@" | tee "$out"
/usr/bin/python3 feature-extractors/bench/inception_bench_torch.py "$@" | tee -a "$out"
ort=$(sed -n 's/^RESULT clips_per_s_median=\([0-9.]*\).*/\1/p' "$out" | tail -1)
torch=$(sed -n 's/^TORCH clips_per_s_median=\([0-9.]*\).*/\1/p' "$out" | tail -1)
rm -f "$out"
echo "ratio ONNX Runtime / PyTorch eager (median batches, same run): $(echo "$ort $torch" | awk '{printf "%.2f", $1 / $2}')x" \
  "(load average $(cut -d' ' -f1-3 /proc/loadavg))"

#!/bin/sh
# I3D throughput: ONNX Runtime (Java) vs PyTorch eager, full-width network, random weights, 16x224x224 clips.
# Run from the repository root:  sh feature-extractors/bench/i3d_bench.sh [--threads 2 --batch 8 --batches 3]
set -e
mvn -B -q -pl feature-extractors -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
java -Xmx4g -cp "feature-extractors/target/test-classes:feature-extractors/target/classes:datasets/target/classes:$(cat feature-extractors/target/cp.txt)" \
  dev.fvd.features.i3d.I3dBench "$@"
/usr/bin/python3 feature-extractors/bench/i3d_bench_torch.py "$@"

#!/bin/sh
# Video-ViT throughput: ONNX Runtime (Java) vs PyTorch eager, full-width VideoMAE-v2 ViT-g or V-JEPA ViT-H, random
# weights, 16x224x224 clips, CPU. Run from the repository root:
#   sh feature-extractors/bench/vit_bench.sh --model videomae|vjepa [--depth N --threads 2 --batch 1 --batches 2]
# Full-size ViT-g is a GPU model: on 2 CPU cores one clip through all 40 blocks takes minutes; use --depth to time a few
# blocks at full width (the cost per block is constant).
set -e
mvn -B -q -pl feature-extractors -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
java -Xmx12g -cp "feature-extractors/target/test-classes:feature-extractors/target/classes:datasets/target/classes:$(cat feature-extractors/target/cp.txt)" \
  dev.fvd.features.vit.VitBench "$@"
/usr/bin/python3 feature-extractors/bench/vit_bench_torch.py "$@"

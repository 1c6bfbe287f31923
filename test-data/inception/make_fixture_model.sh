#!/bin/sh
# Regenerates test-data/models/inception-slim-random.onnx: the slim random-weight FID-Inception
# (test-data/inception/inception-slim-random.pth, written by inception_reference.py) imported with protocol ttur,
# metadata fvd.model_id=inception-slim-random, fvd.canonical=false (its sha256 is not pytorch-fid's 6726825d...).
# Run from the repository root:  sh test-data/inception/make_fixture_model.sh
set -e
mvn -B -q -pl feature-extractors -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
java -cp "feature-extractors/target/classes:feature-extractors/target/test-classes:datasets/target/classes:$(cat feature-extractors/target/cp.txt)" \
  dev.fvd.features.inception.FidInceptionImport \
  test-data/inception/inception-slim-random.pth ttur inception-slim-random test-data/models/inception-slim-random.onnx

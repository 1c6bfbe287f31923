#!/bin/sh
# Regenerates test-data/models/i3d-slim-random.onnx: the slim random-weight I3D (test-data/i3d/slim, written by
# i3d_reference.py) imported with protocol tf, metadata fvd.model_id=i3d-slim-random, fvd.canonical=false.
# Run from the repository root:  sh test-data/i3d/make_fixture_model.sh
set -e
mvn -B -q -pl feature-extractors -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
java -cp "feature-extractors/target/classes:feature-extractors/target/test-classes:datasets/target/classes:$(cat feature-extractors/target/cp.txt)" \
  dev.fvd.features.i3d.I3dImport \
  test-data/i3d/slim/model.ckpt.index test-data/i3d/slim/model.ckpt.data-00000-of-00001 \
  tf i3d-slim-random false test-data/models/i3d-slim-random.onnx

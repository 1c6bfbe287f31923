#!/bin/sh
# Metric benchmarks (prints one line per run; not a test). From the repository root:
#   fvd-core/bench/metrics-bench.sh bootstrap D N B THREADS    e.g. bootstrap 400 2048 1000 2
#   fvd-core/bench/metrics-bench.sh prdc D N THREADS           e.g. prdc 2048 10000 2
# OpenBLAS' own threads are set to 1 (-Dfvd.linalg.threads=1): the metrics parallelise over replicates / tiles.
set -e
cd "$(dirname "$0")/../.."
exec mvn -B -q -pl fvd-core test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dfvd.linalg.threads=1 \
  -Dexec.mainClass=dev.fvd.core.metric.MetricsBench -Dexec.args="$*"

#!/bin/sh
# Metric benchmarks (prints one line per run; not a test). From the repository root:
#   fvd-core/bench/metrics-bench.sh bootstrap D N B THREADS    e.g. bootstrap 400 2048 1000 2
#   fvd-core/bench/metrics-bench.sh prdc D N THREADS           e.g. prdc 2048 10000 2
# The metrics parallelise over replicates / tiles, each worker with a single-threaded OpenBLAS (as in the CLI).
exec "$(dirname "$0")/../../bin/run-test-main" fvd-core dev.fvd.core.metric.MetricsBench "$@"

#!/bin/sh
# Fréchet-distance benchmark: fvd-core on OpenBLAS and EJML vs pytorch-fid's scipy sqrtm, d=400 and d=2048.
# Usage (from the repository root): fvd-core/bench/frechet-bench.sh [--no-ejml-2048] [--python /usr/bin/python3] [--threads 1,2]
# Prints a markdown table. Needs /usr/bin/python3 with numpy + scipy for the scipy rows (skipped otherwise).
exec "$(dirname "$0")/../../bin/run-test-main" fvd-core dev.fvd.core.distance.FrechetBench "$@"

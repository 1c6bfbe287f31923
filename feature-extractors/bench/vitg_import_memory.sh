#!/bin/sh
# Peak memory of `fvd models import videomae-v2-g` on a full-size random ViT-g checkpoint (~4 GB, written to a temporary
# folder by vitg_checkpoint.py and deleted afterwards). Needs the packaged CLI (mvn -B -q package -DskipTests).
#   sh feature-extractors/bench/vitg_import_memory.sh [HEAP]      # HEAP default 6g
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
heap="${1:-6g}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/feature-extractors/bench/vitg_checkpoint.py" "$work/in"
echo "load average: $(cat /proc/loadavg)"
FVD_HOME="$work/home" /usr/bin/time -v java "-Xmx$heap" -Dfvd.stderr.tty=false -jar "$root/fvd-cli/target/fvd-cli.jar" \
    models import videomae-v2-g --from "$work/in" 2> "$work/time.txt" || { tail -30 "$work/time.txt"; exit 1; }
grep -E "Maximum resident|Elapsed" "$work/time.txt"

#!/usr/bin/env bash
# Whole-process speed of `fvd distance` (JVM start, reading both npz, the distance) against pytorch-fid's
# calculate_frechet_distance (src/pytorch_fid/fid_score.py: scipy.linalg.sqrtm of sigma1 @ sigma2, eps retry, real part) as a
# whole Python process (interpreter start, numpy/scipy import, np.load of both files, the distance), on the same two d=2048
# stats files, alternating in the same run. Prints every run (wall and CPU seconds by /usr/bin/time) and the median ratio.
#
# usage (repository root, after `mvn -B -q package -DskipTests`):
#   fvd-cli/bench/distance-process.sh [ROUNDS] [PYTHON]
# ROUNDS defaults to 3; PYTHON defaults to /root/.pyenv/versions/3.11.7/bin/python3 (PyPI numpy 2.4 / scipy 1.17.1) when it
# exists, else /usr/bin/python3 (Debian scipy 1.10, a faster sqrtm). The files are seeded (4096 samples, d=2048), made once.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rounds="${1:-3}"
python="${2:-/root/.pyenv/versions/3.11.7/bin/python3}"
[ -x "$python" ] || python=/usr/bin/python3
dir="${FVD_BENCH_DIR:-${TMPDIR:-/tmp}/fvd-distance-bench}"
mkdir -p "$dir"
if [ ! -f "$dir/a.npz" ] || [ ! -f "$dir/b.npz" ]; then
  /usr/bin/python3 - "$dir" <<'PY'
import sys, numpy as np
rng = np.random.default_rng(2048)
for name in ("a", "b"):
    x = rng.standard_normal((4096, 2048)) @ (np.eye(2048) + 0.01 * rng.standard_normal((2048, 2048)))
    np.savez(f"{sys.argv[1]}/{name}.npz", mu=x.mean(0), sigma=np.cov(x, rowvar=False))
PY
fi
cat > "$dir/pytorch_fid_distance.py" <<'PY'
import sys, warnings
import numpy as np
from scipy import linalg
def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean)
warnings.simplefilter("ignore")
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
print(calculate_frechet_distance(a["mu"], a["sigma"], b["mu"], b["sigma"]))
PY
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); python: $python ($("$python" -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'))"
t="$(mktemp)"; trap 'rm -f "$t"' EXIT
fvd_wall=(); py_wall=()
for i in $(seq "$rounds"); do
  v="$(/usr/bin/time -f "%e %U %S" -o "$t" bin/fvd distance "$dir/a.npz" "$dir/b.npz" -q)"; read -r w u s < "$t"
  echo "round $i  fvd distance  ${w} s wall, $(echo "$u + $s" | bc) s cpu  value $v"; fvd_wall+=("$w")
  v="$(/usr/bin/time -f "%e %U %S" -o "$t" "$python" "$dir/pytorch_fid_distance.py" "$dir/a.npz" "$dir/b.npz")"; read -r w u s < "$t"
  echo "round $i  pytorch-fid   ${w} s wall, $(echo "$u + $s" | bc) s cpu  value $v"; py_wall+=("$w")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
f="$(median "${fvd_wall[@]}")"; p="$(median "${py_wall[@]}")"
echo "median wall: fvd distance $f s, pytorch-fid $p s, ratio $(echo "scale=1; $p / $f" | bc)x"

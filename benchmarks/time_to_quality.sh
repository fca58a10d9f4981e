#!/usr/bin/env bash
# Time to quality: trains carbon member 0 with the default recipe for 30 minutes on one core and with the
# same recipe stretched to a long run on the other core, then plots both learning curves.
# Usage: benchmarks/time_to_quality.sh OUTDIR [long-run minutes, default 75]   (takes that long; 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: benchmarks/time_to_quality.sh OUTDIR [long-run minutes]}"
long="${2:-75}"
qes="${XSDNN_DATA:-$root/../shared/data/qes}"
recipe=(--data "$qes" --members 0 --lr 1e-2 --warmup 50 --schedule COSINE --lambda-lr-factor 0.01)
"$root/xsdnn" --version > /dev/null  # build once before the two runs start
"$root/xsdnn" train "${recipe[@]}" --out "$out/long" --epochs 24000 --max-minutes "$long" 2> "$out/long.log" &
"$root/xsdnn" train "${recipe[@]}" --out "$out/q30" --epochs 9000 --max-minutes 30 2> "$out/q30.log"
wait
python3 -m venv "$out/.venv" && "$out/.venv/bin/pip" install -q matplotlib
"$out/.venv/bin/python" "$root/benchmarks/plot_curves.py" "$out/curves.png" \
  "30 min (9000-epoch cosine)=$out/q30/member-00-curve.csv" "long run (24000-epoch cosine)=$out/long/member-00-curve.csv"
tail -n 1 "$out/q30.log" "$out/long.log"

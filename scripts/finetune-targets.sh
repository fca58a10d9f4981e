#!/usr/bin/env bash
# Transfer learning for a list of targets, as shipped in onnx-models/: for each target and training fraction, the
# layer scan (members SCAN_MEMBERS, L in LAYERS) into OUT/<target>-<percent>/, then, for the fraction SHIP_SPLIT,
# members MEMBERS at the scan's best L (lowest mean held-out χ²/N) into the scan's run for that L, ready for
# `xsdnn export --run OUT/<target>-70/L<best>`. Resumable: run it again and finished members are skipped.
# Usage: scripts/finetune-targets.sh PARENT OUT TARGET...
#   env: SPLITS="0.7 0.1" SHIP_SPLIT=0.7 SCAN_MEMBERS=0-0 MEMBERS=0-2 LAYERS=1..11 XSDNN=./xsdnn DATA=../shared/data/qes
#        FINETUNE_OPTS="--error-floor 0.015 --batch-norm PARENT" (more xsdnn finetune options, for every target)
set -euo pipefail
parent="${1:?usage: scripts/finetune-targets.sh PARENT OUT TARGET...}"
out="${2:?usage: scripts/finetune-targets.sh PARENT OUT TARGET...}"
shift 2
: "${SPLITS:=0.7 0.1}"
: "${SHIP_SPLIT:=0.7}"
: "${SCAN_MEMBERS:=0-0}"
: "${MEMBERS:=0-2}"
: "${LAYERS:=1..11}"  # a list such as 1,2,3,4,6,8,11 scans faster
: "${XSDNN:=./xsdnn}"
: "${DATA:=../shared/data/qes}"
# Options for every fine-tune; a JVM that crashes in native code is resumed by the launcher (XSDNN_CRASH_RETRIES).
read -r -a options <<< "${FINETUNE_OPTS:-}"

for target in "$@"; do
  for split in $SPLITS; do
    dir="$out/$target-$(awk -v s="$split" 'BEGIN { printf "%02d", s * 100 }')"
    "$XSDNN" finetune --from "$parent" --data "$DATA" --target "$target" --split "$split" --out "$dir" \
      --members "$SCAN_MEMBERS" --scan-layers "$LAYERS" "${options[@]}"
    if [[ "$split" == "$SHIP_SPLIT" ]]; then
      best=$(awk -F, 'NR > 1 && (min == "" || $3 < min) { min = $3; l = $1 } END { print l }' "$dir/layer-scan.csv")
      echo "finetune-targets: $target at $split: best L = $best; members $MEMBERS into $dir/$(printf 'L%02d' "$best")" >&2
      "$XSDNN" finetune --from "$parent" --data "$DATA" --target "$target" --split "$split" \
        --out "$dir/$(printf 'L%02d' "$best")" --members "$MEMBERS" --trainable-layers "$best" "${options[@]}"
    fi
  done
done

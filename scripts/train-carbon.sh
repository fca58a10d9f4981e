#!/usr/bin/env bash
# Trains the carbon model-A ensemble as shipped in onnx-models/carbon-a2: members FIRST..LAST of one run
# directory, WORKERS processes at a time (one per core: each uses one BLAS thread), every member with the
# default recipe of `xsdnn train` on the carbon paper's ten experiments with omega >= 0.05 GeV.
# Resumable: run it again and finished members are skipped, unfinished ones resume from their checkpoint.
# Usage: scripts/train-carbon.sh RUN_DIR [FIRST LAST]    (XSDNN=path/to/xsdnn, WORKERS=2, DATA=../shared/data/qes)
set -euo pipefail
run="${1:?usage: scripts/train-carbon.sh RUN_DIR [FIRST LAST]}"
first="${2:-0}"
last="${3:-49}"
: "${XSDNN:=./xsdnn}"
: "${WORKERS:=2}"
: "${DATA:=../shared/data/qes}"
"$XSDNN" --version > /dev/null # builds the launcher's jar once, before the workers start
# A member whose JVM crashes in native code is resumed by the launcher itself (XSDNN_CRASH_RETRIES); a member that
# fails otherwise is reported and the worker goes on with its next member.
worker() {
  for ((m = first + $1; m <= last; m += WORKERS)); do
    "$XSDNN" train --data "$DATA" --min-omega 0.05 --out "$run" --members "$m-$m" \
      || echo "train-carbon: member $m ended with an error; run the script again to resume it" >&2
  done
}
for ((w = 0; w < WORKERS; w++)); do
  worker "$w" &
done
wait

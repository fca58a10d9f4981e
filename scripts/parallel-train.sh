#!/usr/bin/env bash
# Train an ensemble on one machine with GNU parallel: one member per job, JOBS jobs at a time (one
# per core is fastest: each job uses one BLAS thread), each into its own shard, then merge.
# Usage: scripts/parallel-train.sh <members, e.g. 0-9> [xsdnn train options]
# Example: JOBS=2 RUN=runs/carbon scripts/parallel-train.sh 0-9 --data ../shared/data/qes --max-minutes 30
set -euo pipefail
: "${XSDNN:=./xsdnn}"
: "${RUN:=runs/carbon}"
: "${JOBS:=$(nproc)}"
range="${1:?usage: scripts/parallel-train.sh <first-last> [xsdnn train options]}"
shift
command -v parallel > /dev/null || { echo "parallel-train.sh: GNU parallel is not installed (apt-get install parallel)" >&2; exit 2; }
first="${range%-*}"
last="${range#*-}"
# The first call builds the launcher's jar once, so parallel jobs do not race to build it.
"$XSDNN" --version > /dev/null
seq "$first" "$last" | parallel --will-cite --halt now,fail=1 -j "$JOBS" \
  "$XSDNN" train --out "$RUN-shard-{}" --members "{}-{}" "$@"
shards=()
for m in $(seq "$first" "$last"); do shards+=("$RUN-shard-$m"); done
"$XSDNN" merge --out "$RUN" "${shards[@]}"

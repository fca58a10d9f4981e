#!/usr/bin/env bash
# Tests the sharding scripts for real with a tiny network on the real carbon data: two Slurm array
# tasks (SLURM_ARRAY_TASK_ID set by hand, as Slurm would) and GNU parallel must give the same members,
# merge must assemble them, and export must freeze them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
qes="${XSDNN_SHARED:-$root/../shared}/data/qes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tiny=(--data "$qes" --layers 2 --width 8 --epochs 10 --eval-every 5 --warmup 2)
export XSDNN="$root/xsdnn"
for t in 0 1; do
  SLURM_ARRAY_TASK_ID=$t MEMBERS_PER_TASK=1 RUN="$tmp/slurm" scripts/slurm-train.sh "${tiny[@]}" 2> "$tmp/slurm-$t.log"
done
./xsdnn merge --out "$tmp/slurm" "$tmp"/slurm-shard-0 "$tmp"/slurm-shard-1
if ! command -v parallel > /dev/null; then
  apt-get install -y -qq parallel > /dev/null 2>&1 || { apt-get update -qq > /dev/null && apt-get install -y -qq parallel > /dev/null; }
fi
JOBS=2 RUN="$tmp/parallel" scripts/parallel-train.sh 0-1 "${tiny[@]}" 2> "$tmp/parallel.log"
fail=0
for m in 00 01; do
  a=$(cut -d' ' -f1 < <(sha256sum "$tmp/slurm/member-$m.weights"))
  b=$(cut -d' ' -f1 < <(sha256sum "$tmp/parallel/member-$m.weights"))
  if [[ "$a" != "$b" ]]; then echo "FAIL: member $m differs between the Slurm and GNU parallel shards"; fail=1; fi
done
./xsdnn export --data "$qes" --run "$tmp/parallel" --out "$tmp/model" 2> "$tmp/export.log"
n=$(ls "$tmp"/model/member-*.onnx | wc -l)
if [[ "$n" != 2 ]]; then echo "FAIL: exported $n members, expected 2"; fail=1; fi
# A shard trained with other settings must be refused.
./xsdnn train --out "$tmp/other" --members 0-0 "${tiny[@]}" --lr 5e-3 2> /dev/null
if ./xsdnn merge --out "$tmp/mixed" "$tmp/slurm-shard-0" "$tmp/other" 2> "$tmp/merge.log"; then
  echo "FAIL: merge accepted shards with different settings"; fail=1
elif ! grep -q "run.json differ" "$tmp/merge.log"; then
  echo "FAIL: merge refusal does not say why: $(cat "$tmp/merge.log")"; fail=1
fi
# A JVM that dies in native code mid-training (here a real SIGSEGV, as ND4J's crashes are) is started again by the
# launcher, which resumes the member to its end; any other failure is passed through as it is, without a restart.
XSDNN_CRASH_RETRIES=2 ./xsdnn train --out "$tmp/crash" --members 0-0 --data "$qes" --layers 2 --width 8 --epochs 300 \
  --shape-epochs 0 --eval-every 5 --warmup 2 > /dev/null 2> "$tmp/crash.log" &
launcher=$!
for _ in $(seq 600); do
  grep -q 'epoch' "$tmp/crash.log" 2> /dev/null && break
  sleep 0.1
done
pkill -SEGV -f -- "xsdnn-cli.*--out $tmp/crash " || true
if ! wait "$launcher"; then
  echo "FAIL: the launcher did not finish a member whose JVM crashed: $(tail -n 3 "$tmp/crash.log")"; fail=1
elif ! grep -q 'crashed in native code' "$tmp/crash.log" || [[ ! -f "$tmp/crash/member-00.json" ]]; then
  echo "FAIL: no restart after a native crash, or no finished member: $(tail -n 3 "$tmp/crash.log")"; fail=1
fi
status=0
./xsdnn train --out "$tmp/crash" --members 3-1 "${tiny[@]}" 2> "$tmp/usage.log" || status=$?
if [[ $status != 2 ]] || grep -q 'crashed' "$tmp/usage.log"; then
  echo "FAIL: a usage error gave exit $status or was restarted: $(cat "$tmp/usage.log")"; fail=1
fi
if [[ $fail == 0 ]]; then echo "scripts: 6 passed, 0 failed"; else exit 1; fi

#!/usr/bin/env bash
# Training-throughput benchmark: one full-batch training step of the paper's 10x300 network on the
# real carbon training set, for each engine and thread setting, with peak RSS from /usr/bin/time.
# Usage: benchmarks/training.sh [seconds per configuration, default 30]
# Run on an otherwise idle machine; numbers go to BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
qes="${XSDNN_DATA:-$root/../shared/data/qes}"
(cd "$root" && ./mvnw -B -q -DskipTests install -pl benchmarks -am)
cp="$root/benchmarks/target/xsdnn-benchmarks-0.1.0.jar:$root/benchmarks/target/lib/*"
jvm=(java -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=3G -cp "$cp" org.xsdnn.benchmarks.TrainingThroughput "$qes")
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "engine,threads,processes,points,steps,seconds,samples_per_s,gflop_per_s,peak_rss_mb"
run() { # engine threads -> one line
  local out rss
  out=$( { OMP_NUM_THREADS=$2 /usr/bin/time -f "RSS %M" "${jvm[@]}" "$1" "$seconds"; } 2>&1 )
  rss=$(grep -o 'RSS [0-9]*' <<<"$out" | awk '{printf "%.0f", $2/1024}')
  echo "$(grep -F "$1," <<<"$out" | grep -v '^#' | tail -n 1 | sed "s/^$1,/$1,$2,1,/"),$rss"
}
run samediff 1
run samediff 2
run fused 1
run fused 2
run fused+adamw 1
# Two members at once, one per core: the ensemble configuration.
tmp=$(mktemp -d)
for i in 1 2; do
  ( OMP_NUM_THREADS=1 /usr/bin/time -f "RSS %M" "${jvm[@]}" fused "$seconds" > "$tmp/$i" 2>&1 ) &
done
wait
for i in 1 2; do
  rss=$(grep -o 'RSS [0-9]*' "$tmp/$i" | awk '{printf "%.0f", $2/1024}')
  echo "$(grep -E '^fused,' "$tmp/$i" | sed 's/^fused,/fused,1,2 (parallel),/'),$rss"
done
rm -rf "$tmp"

#!/usr/bin/env bash
# Scoring benchmark (JMH): 50-member ensemble of the 10x300 network, fused file vs member-by-member vs
# one event at a time, N = 1 .. 100000 points, ONNX Runtime intra-op threads 1 and 2.
# perEvent scores min(N, 100) single events per call: divide its time by min(N, 100) for time per event.
# Usage: benchmarks/scoring.sh [JMH options, e.g. -p points=1,100 -f 1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && ./mvnw -B -q -DskipTests install -pl benchmarks -am)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
exec java -cp "$root/benchmarks/target/xsdnn-benchmarks-0.1.0.jar:$root/benchmarks/target/lib/*" org.openjdk.jmh.Main \
  ScoringBenchmark -rf csv -rff "$root/benchmarks/target/scoring.csv" "$@"

#!/usr/bin/env bash
# Scoring throughput of the C++ front end (runtime/cpp/examples/bench.cpp) on a model directory.
# Usage: benchmarks/cpp_scoring.sh [MODEL_DIR, default onnx-models/carbon-a] [max N, default 100000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/runtime/cpp/setup_onnxruntime.sh" > /dev/null
cmake -S "$root/runtime/cpp" -B "$root/runtime/cpp/build" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$root/runtime/cpp/build" --target bench -j2 > /dev/null
"$root/runtime/cpp/build/bench" "${1:-$root/onnx-models/carbon-a}" "${2:-100000}"

#!/usr/bin/env bash
# Training-throughput benchmark: one full-batch training step of the paper's 10x300 network on the
# real carbon training set, for each engine and thread setting, with peak RSS from /usr/bin/time and
# the kernels that ran the matrix products (oneDNN's ISA, or the kernels OpenBLAS chose; each reports at load time).
# Usage: benchmarks/training.sh [seconds per configuration, default 30] [--pytorch] [--isa avx2|avx512_core]
#   --pytorch  also runs the same step in PyTorch fp32 and bf16 autocast (benchmarks/torch_reference.py),
#              alternating with xsdnn's whole step three times, and prints the ratio. PyTorch is installed
#              into its own virtual environment (TORCH_VENV, default benchmarks/.venv-torch) on first use.
#   --isa      limits xsdnn and PyTorch alike to the instruction sets of an older CPU (oneDNN's
#              ONEDNN_MAX_CPU_ISA and the JVM's -XX:UseAVX; PyTorch's ATEN_CPU_CAPABILITY and MKL_ENABLE_INSTRUCTIONS):
#              avx2 as on a Haswell-to-Broadwell node, avx512_core as on a Skylake-to-Cascade Lake Xeon (AVX-512,
#              no bf16 instructions). The fused engine's rows and the PyTorch comparison only. An emulation on
#              this CPU's cores and caches, not a measurement on such a CPU.
# Run on an otherwise idle machine; numbers go to BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
shift || true
pytorch="" isa=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pytorch) pytorch=1 ;;
    --isa) isa="${2:?--isa needs avx2 or avx512_core}" && shift ;;
    *) echo "training.sh: unknown option '$1'; usage: training.sh [seconds] [--pytorch] [--isa avx2|avx512_core]" >&2 && exit 2 ;;
  esac
  shift
done
use_avx=()
case "$isa" in
  "") ;;
  avx2) export ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 && use_avx=(-XX:UseAVX=2) ;;
  avx512_core) export ONEDNN_MAX_CPU_ISA=AVX512_CORE ATEN_CPU_CAPABILITY=avx512 MKL_ENABLE_INSTRUCTIONS=AVX512 && use_avx=(-XX:UseAVX=3) ;;
  *) echo "training.sh: --isa '$isa' is not one of avx2, avx512_core" >&2 && exit 2 ;;
esac
qes="${XSDNN_DATA:-$root/../shared/data/qes}"
(cd "$root" && ./mvnw -B -q -DskipTests install -pl benchmarks -am)
cp="$root/benchmarks/target/xsdnn-benchmarks-0.1.0.jar:$root/benchmarks/target/lib/*"
jvm=(java "${use_avx[@]}" --add-modules jdk.incubator.vector -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=3G -cp "$cp" org.xsdnn.benchmarks.TrainingThroughput "$qes")
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)${isa:+, limited to $isa (ONEDNN_MAX_CPU_ISA=$ONEDNN_MAX_CPU_ISA ${use_avx[*]} ATEN_CPU_CAPABILITY=$ATEN_CPU_CAPABILITY MKL_ENABLE_INSTRUCTIONS=$MKL_ENABLE_INSTRUCTIONS)}"
echo "engine,threads,processes,points,steps,seconds,samples_per_s,gflop_per_s,peak_rss_mb,blas"
line() { # engine threads processes output-file -> one CSV line
  local rss core isa kernels
  rss=$(grep -o 'RSS [0-9]*' "$4" | awk '{printf "%.0f", $2/1024}')
  core=$(grep -m1 -o 'Core: [A-Za-z0-9_]*' "$4" | cut -d' ' -f2 || true)
  isa=$(grep -m1 -o 'isa:[^,]*' "$4" | cut -d: -f2 || true)
  case "$1" in # who runs the products: the fused engine and gemm use oneDNN, the others ND4J's OpenBLAS
    fused* | gemm | gemm-bf16) kernels="oneDNN ${isa:-?}" ;;
    *) kernels="OpenBLAS ${core:-?}" ;;
  esac
  if grep -q "^$1," "$4"; then
    echo "$(grep "^$1," "$4" | tail -n 1 | sed "s/^$1,/$1,$2,$3,/"),$rss,$kernels"
  else # refused (bf16 on a CPU without bf16 instructions) or failed: say which, in the last column
    echo "$1,$2,$3,,,,,,,no result: $(grep -m1 -o -E '(IllegalStateException|Exception|Error): [^;(]*' "$4" || echo 'see the log')"
  fi
}
run() { # engine threads [env prefix...] -> one line
  local out engine=$1 threads=$2
  shift 2
  out=$(mktemp)
  env "$@" OPENBLAS_VERBOSE=2 ONEDNN_VERBOSE=profile_create OMP_NUM_THREADS="$threads" /usr/bin/time -f "RSS %M" "${jvm[@]}" "$engine" "$seconds" > "$out" 2>&1 || true # a refusal is a row too
  line "$engine" "$threads" 1 "$out"
  rm -f "$out"
}
# Some machine images force OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) for older OpenBLAS builds; xsdnn's 0.3.31
# knows these CPUs. Where one is set, the whole step is also measured with OpenBLAS's own choice.
auto=()
[ -n "$isa" ] || [ -z "${OPENBLAS_CORETYPE:-}${OPENBLAS_L2_SIZE:-}" ] || auto=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
if [ -z "$isa" ]; then
  run samediff 1
  run samediff 2
  run fused 1
  run fused 2
fi
run fused+adamw 1
run fused+adamw-bf16 1 # --bf16: bfloat16 products, fp32 accumulation
# The step's matrix products alone: the fused step's time beyond this is its element-wise work. Beside them the
# same products with ND4J's OpenBLAS, which the fused engine used before oneDNN (Matmul), with its kernels as set.
run gemm 1
run gemm-bf16 1
if [ -z "$isa" ]; then
  run gemm-openblas 1
  [ ${#auto[@]} -eq 0 ] || run gemm-openblas 1 "${auto[@]}"
  # Two members at once, one per core: the ensemble configuration.
  tmp=$(mktemp -d)
  for i in 1 2; do
    ( OPENBLAS_VERBOSE=2 ONEDNN_VERBOSE=profile_create OMP_NUM_THREADS=1 /usr/bin/time -f "RSS %M" "${jvm[@]}" fused+adamw "$seconds" > "$tmp/$i" 2>&1 ) &
  done
  wait
  for i in 1 2; do line fused+adamw 1 "2 (parallel)" "$tmp/$i"; done
  rm -rf "$tmp"
fi

[ -n "$pytorch" ] || exit 0
venv="${TORCH_VENV:-$root/benchmarks/.venv-torch}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "torch==2.15.0" numpy >&2
fi
points=$(OMP_NUM_THREADS=1 "${jvm[@]}" fused 0 2>/dev/null | grep -E '^fused,' | cut -d, -f2)
torch_run() { # mode -> one line (the script's last column names the PyTorch build and its BLAS)
  OMP_NUM_THREADS=1 "$venv/bin/python" "$root/benchmarks/torch_reference.py" "$1" "$seconds" "$points" \
    | sed -E "s/^(torch-$1),([^,]*,[^,]*,[^,]*,[^,]*,[^,]*),/\\1,1,1,\\2,,/"
}
xsdnn=() torch=() native=()
for round in 1 2 3; do # alternate, so that a slow spell of the machine hits both
  x=$(run fused+adamw 1); echo "$x"; xsdnn+=("$(cut -d, -f8 <<<"$x")")
  if [ ${#auto[@]} -gt 0 ]; then
    a=$(run fused+adamw 1 "${auto[@]}"); echo "$a"; native+=("$(cut -d, -f8 <<<"$a")")
  fi
  t=$(torch_run step); echo "$t"; torch+=("$(cut -d, -f8 <<<"$t")")
done
torch_run grad
torch_run step-bf16
ratio() { # label xsdnn-values torch-values
  python3 - "$@" <<'EOF'
import statistics, sys
label, x, t = sys.argv[1], *([float(v) for v in a.split()] for a in sys.argv[2:4])
print(f"# ratio xsdnn fused+adamw ({label}) / PyTorch fp32 step, per round: "
      + ", ".join(f"{a / b:.2f}" for a, b in zip(x, t))
      + f"; medians {statistics.median(x):.1f} / {statistics.median(t):.1f} GFLOP/s = "
      f"{statistics.median(x) / statistics.median(t):.2f}")
EOF
}
ratio "${isa:+both limited to $isa, }OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" "${xsdnn[*]}" "${torch[*]}"
# The fused engine's products are oneDNN's, so this ratio should match the one above: the step no longer depends
# on the OpenBLAS variables.
[ ${#native[@]} -eq 0 ] || ratio "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset" "${native[*]}" "${torch[*]}"

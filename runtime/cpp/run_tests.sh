#!/usr/bin/env bash
# Builds the xsdnn C++ runtime and runs its tests: installs the Debian build tools and libraries that are
# missing (cmake, g++, GoogleTest, nlohmann/json, OpenSSL's headers, clang-format, python3-venv; needs root for
# that), makes a Python venv in the build directory with onnx (the tests' tiny models are written by
# tests/tiny_onnx.py) and ruff from PyPI, checks the style with clang-format and ruff, fetches ONNX Runtime
# with setup_onnxruntime.sh, configures and builds in runtime/cpp/build, then runs ctest. Exits non-zero when
# any step or test fails.
#
# Environment: XSDNN_SHARED (the shared/ directory; default <repo>/../shared), XSDNN_CPP_BUILD_DIR (default
# runtime/cpp/build), and those of setup_onnxruntime.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${XSDNN_CPP_BUILD_DIR:-$here/build}"
say() { echo "run_tests: $*" >&2; }

# ---------------------------------------------------------------- Debian build tools
missing=()
command -v cmake >/dev/null || missing+=(cmake)
command -v c++ >/dev/null || missing+=(g++)
command -v ninja >/dev/null || command -v make >/dev/null || missing+=(make)
[ -f /usr/lib/x86_64-linux-gnu/cmake/GTest/GTestConfig.cmake ] || [ -f /usr/lib/cmake/GTest/GTestConfig.cmake ] \
    || [ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
[ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
command -v unzip >/dev/null || command -v python3 >/dev/null || missing+=(unzip)
command -v clang-format >/dev/null || missing+=(clang-format)
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        say "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
        exit 1
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- Python with onnx, for the tests' tiny models
venv="$build/venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "onnx>=1.14" "ruff>=0.6"

# ---------------------------------------------------------------- style: clang-format -i, ruff format and ruff check --fix fix it
(cd "$here" && clang-format --dry-run -Werror include/xsdnn/*.hpp tests/*.cpp tests/*.hpp examples/*.cpp)
"$venv/bin/python" -m ruff format --check --quiet --config "$here/../python/pyproject.toml" "$here/tests"
"$venv/bin/python" -m ruff check --quiet --config "$here/../python/pyproject.toml" "$here/tests"

# ---------------------------------------------------------------- ONNX Runtime headers and library
"$here/setup_onnxruntime.sh"

# ---------------------------------------------------------------- configure, build, test
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
python_flag=(-DXSDNN_TEST_PYTHON="$venv/bin/python")
if [ -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" "${python_flag[@]}" >/dev/null
else
    cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${python_flag[@]}" >/dev/null
fi
jobs="$(nproc 2>/dev/null || echo 2)"
say "building in $build ($jobs jobs)"
cmake --build "$build" -j "$jobs"
cd "$build"
status=0
ctest --output-on-failure -j "$jobs" --timeout 300 2>&1 | tee ctest.out || status=$?
[ "$status" = 0 ] && status="${PIPESTATUS[0]}"
# ctest does not show why a test skipped; GoogleTest wrote it to the log.
log="$build/Testing/Temporary/LastTest.log"
if [ -f "$log" ] && grep -q ': Skipped$' "$log"; then
    say "skipped, and why:"
    awk '/: Skipped$/ { getline why; getline name; sub(/^\[  SKIPPED \] /, "", name); print "  " name ": " why }' "$log" >&2
fi
total="$(sed -n 's/.* tests failed out of \([0-9]*\)$/\1/p' ctest.out | tail -n1)"
failed="$(sed -n 's/.*, \([0-9]*\) tests* failed out of [0-9]*$/\1/p' ctest.out | tail -n1)"
skipped="$(grep -c '^[[:space:]]*[0-9]* - .* (Skipped)$' ctest.out || true)"
if [ -n "$total" ] && [ -n "$failed" ]; then
    echo "ctest: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
exit "$status"

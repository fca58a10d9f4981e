#!/usr/bin/env bash
# Builds runtime/python/.venv (once), installs the xsdnn package with its test extras, checks the style with ruff,
# runs pytest.
# Needs python3 >= 3.9 and PyPI. Extra arguments go to pytest, e.g. ./run_tests.sh -k golden -x
# Environment: PYTHON (interpreter, default python3), XSDNN_SHARED (shared directory, default <repo>/../shared).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "run_tests.sh: creating $venv" >&2
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$here[test]"
"$venv/bin/python" -c 'import numpy, onnxruntime, xsdnn; print(f"xsdnn {xsdnn.__version__}, onnxruntime {onnxruntime.__version__}, numpy {numpy.__version__}")'

cd "$here"
# Style first: ruff's formatter and linter (settings in pyproject.toml); `ruff format` and `ruff check --fix` repair it.
"$venv/bin/python" -m ruff format --check --quiet src tests examples
"$venv/bin/python" -m ruff check --quiet src tests examples
exec "$venv/bin/python" -m pytest "$@"

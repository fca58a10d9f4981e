"""Shared paths and fixtures.

The shared directory (reference models) is ``$XSDNN_SHARED`` when set, else ``<repo>/../shared``; the shipped
models ``$XSDNN_ONNX_MODELS`` when set (a directory of models kept elsewhere), else ``<repo>/onnx-models``.
A model-B directory for tests/test_model_b.py: ``$XSDNN_MODEL_B``, else ``<models>/carbon-b``, else
``<repo>/../runs/carbon-b-model``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import tinymodels

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ["XSDNN_SHARED"]) if os.environ.get("XSDNN_SHARED") else REPO.parent / "shared"
NUWRO_DIR = SHARED / "reference-models" / "nuwro-pr53"
ONNX_MODELS = Path(os.environ["XSDNN_ONNX_MODELS"]) if os.environ.get("XSDNN_ONNX_MODELS") else REPO / "onnx-models"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A three-member xsdnn-layout carbon model of tiny MLPs."""
    members = {f"member-{i:02d}.onnx": tinymodels.mlp_bytes(seed=i) for i in range(3)}
    return tinymodels.write_xsdnn_dir(tmp_path / "tiny", members)


def model_b_source() -> "Path | None":
    """A real model-B directory (card without members, mc-dropout.onnx, golden.csv, SHA256SUMS), or None."""
    if os.environ.get("XSDNN_MODEL_B"):
        return Path(os.environ["XSDNN_MODEL_B"])
    for candidate in (ONNX_MODELS / "carbon-b", REPO.parent / "runs" / "carbon-b-model"):
        if (candidate / "mc-dropout.onnx").is_file():
            return candidate
    return None


@pytest.fixture
def model_b_dir(tmp_path: Path) -> Path:
    """A writable copy of a real model-B directory."""
    source = model_b_source()
    if source is None:
        pytest.skip("no model-B directory: set XSDNN_MODEL_B, or ship onnx-models/carbon-b")
    copy = tmp_path / source.name
    copy.mkdir()
    for f in source.iterdir():
        if f.is_file():
            shutil.copyfile(f, copy / f.name)
    return copy


@pytest.fixture(scope="session")
def nuwro_dir() -> Path:
    if not NUWRO_DIR.is_dir():
        pytest.fail(f"reference models not found at {NUWRO_DIR}; set XSDNN_SHARED to the shared directory")
    return NUWRO_DIR

"""Shared paths and fixtures.

The shared directory (reference models) is ``$XSDNN_SHARED`` when set, else ``<repo>/../shared``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tinymodels

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ["XSDNN_SHARED"]) if os.environ.get("XSDNN_SHARED") else REPO.parent / "shared"
NUWRO_DIR = SHARED / "reference-models" / "nuwro-pr53"
ONNX_MODELS = REPO / "onnx-models"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A three-member xsdnn-layout carbon model of tiny MLPs."""
    members = {f"member-{i:02d}.onnx": tinymodels.mlp_bytes(seed=i) for i in range(3)}
    return tinymodels.write_xsdnn_dir(tmp_path / "tiny", members)


@pytest.fixture(scope="session")
def nuwro_dir() -> Path:
    if not NUWRO_DIR.is_dir():
        pytest.fail(f"reference models not found at {NUWRO_DIR}; set XSDNN_SHARED to the shared directory")
    return NUWRO_DIR

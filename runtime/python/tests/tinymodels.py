"""Tiny ONNX models and xsdnn-layout model directories for tests (needs the ``onnx`` test extra)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Optional, Sequence

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from xsdnn import checksums

FLOAT = TensorProto.FLOAT


def mlp_weights(seed: int, width: int = 5, hidden: int = 3) -> Dict[str, np.ndarray]:
    """Weights of a width -> hidden -> 1 MLP whose r is of order 1e-2, like the real models'."""
    rng = np.random.default_rng(seed)
    return {
        "w1": rng.normal(0.0, 1.0, (width, hidden)).astype(np.float32),
        "b1": rng.normal(0.0, 0.1, (hidden,)).astype(np.float32),
        "w2": rng.normal(0.0, 1.0, (hidden, 1)).astype(np.float32),
        "b2": np.array([-4.0], dtype=np.float32),
    }


def mlp_r(weights: Dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The MLP's r in float64 for float32 features [n, width]: the reference for ONNX Runtime's float32 result."""
    w = {k: v.astype(np.float64) for k, v in weights.items()}
    h = np.maximum(x.astype(np.float64) @ w["w1"] + w["b1"], 0.0)
    z = h @ w["w2"] + w["b2"]
    return 1.0 / (1.0 + np.exp(-z[:, 0]))


def mlp_bytes(
    seed: int = 0,
    *,
    output_name: str = "r",
    width: int = 5,
    batch_dim: "str | int | None" = "N",
    input_type: int = FLOAT,
    input_name: str = "input",
    extra_input: Optional[str] = None,
    metadata: Optional[Dict[str, str]] = None,
) -> bytes:
    """A width -> 3 -> 1 MLP, Gemm-Relu-Gemm-Sigmoid: input [batch_dim, width], output [batch_dim, 1]."""
    weights = mlp_weights(seed, width)
    nodes = []
    source = input_name
    if input_type != FLOAT:
        nodes.append(helper.make_node("Cast", [input_name], ["x32"], to=FLOAT))
        source = "x32"
    nodes += [
        helper.make_node("Gemm", [source, "w1", "b1"], ["h"]),
        helper.make_node("Relu", ["h"], ["a"]),
        helper.make_node("Gemm", ["a", "w2", "b2"], ["z"]),
        helper.make_node("Sigmoid", ["z"], [output_name]),
    ]
    inputs = [helper.make_tensor_value_info(input_name, input_type, [batch_dim, width])]
    if extra_input is not None:
        inputs.append(helper.make_tensor_value_info(extra_input, FLOAT, [batch_dim, 1]))
    graph = helper.make_graph(
        nodes,
        "tiny",
        inputs,
        [helper.make_tensor_value_info(output_name, FLOAT, [batch_dim, 1])],
        [numpy_helper.from_array(v, k) for k, v in weights.items()],
    )
    model = helper.make_model(graph, producer_name="xsdnn-python-tests", opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    if metadata:
        helper.set_model_props(model, metadata)
    onnx.checker.check_model(model)
    return model.SerializeToString()


def card_dict(member_files: Sequence[str], sums: Dict[str, str], *, mass_number: int = 12) -> dict:
    """A model card as the Java exporter writes it (kebab-case keys)."""
    return {
        "name": "tiny",
        "xsdnn-version": "0.1.0",
        "created-at": "2025-01-01T00:00:00Z",
        "target": {"name": "carbon-12", "proton-number": 6, "mass-number": mass_number},
        "contract": {
            "id": "xsdnn-1",
            "input-name": "input",
            "feature-order": "E/20,omega/20,theta/180,cos(theta),Q2/100",
            "output-name": "r",
            "units": "nb/(sr·GeV)",
            "sigma-formula": "sigma = r * 1e9 * cos(theta/2) / (137^2 * 4 * E^3 * sin^4(theta/2)) * A/12; "
            "E in GeV, theta in degrees",
        },
        "members": [
            {
                "file": f,
                "sha256": sums[f],
                "seed": 100 + i,
                "lambdas": {"Barr1983": 1.01, "Whit1974": 0.98},
                "held-out-chi2-per-point": 0.9 + i / 10,
            }
            for i, f in enumerate(member_files)
        ],
        "training": {"epochs": 10, "learning-rate": 5e-4, "layers": [3], "seed": 42},
        "data": {
            "files": [{"path": "qes/carbon.csv", "sha256": "1" * 64}],
            "selection": "carbon paper",
            "points-used": 2400,
            "points-dropped": 2,
            "points-cut": 258,
            "points-cut-per-experiment": {"Barr1983": 200, "Whit1974": 58},
        },
        "metrics": {"held-out-chi2-per-point": 1.1},
        "domain": {
            "energy-gev": {"min": 0.16, "max": 5.8},
            "theta-deg": {"min": 12.0, "max": 145.0},
            "omega-gev": {"min": 0.01, "max": 3.5},
        },
        "notes": "test",
        "added-in-2030": {"ignored": True},
    }


def write_xsdnn_dir(
    directory: Path,
    members: Dict[str, bytes],
    *,
    mass_number: int = 12,
    card: Optional[dict] = None,
) -> Path:
    """An xsdnn-layout directory: member files, a card naming them, SHA256SUMS over all."""
    directory.mkdir(parents=True, exist_ok=True)
    sums: Dict[str, str] = {}
    for name, data in members.items():
        (directory / name).write_bytes(data)
        sums[name] = checksums.hex_of(directory / name)
    if card is None:
        card = card_dict(list(members), sums, mass_number=mass_number)
    (directory / "model-card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
    sums["model-card.json"] = checksums.hex_of(directory / "model-card.json")
    (directory / "SHA256SUMS").write_text(checksums.format_sums(sums), encoding="utf-8")
    return directory


def rewrite_sums(directory: Path) -> None:
    """Recomputes SHA256SUMS for the files it lists (after a test edits one on purpose)."""
    sums = checksums.parse((directory / "SHA256SUMS").read_text(encoding="utf-8"))
    fresh = {name: checksums.hex_of(directory / name) for name in sums}
    (directory / "SHA256SUMS").write_text(checksums.format_sums(fresh), encoding="utf-8")

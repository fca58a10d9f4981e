"""Golden vectors of shipped models: every onnx-models/<name>/ with a golden.csv is reproduced to 1e-6.

golden.csv is written by the Java exporter and shared by the Java, C++ and Python tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import ONNX_MODELS
from golden import assert_close, read_shipped

import xsdnn


def _model_dirs() -> list:
    if not ONNX_MODELS.is_dir():
        return []
    return sorted(
        d for d in ONNX_MODELS.iterdir() if d.is_dir() and ((d / "model-card.json").exists() or any(d.glob("*.onnx")))
    )


def _golden_dirs() -> list:
    return [d for d in _model_dirs() if (d / "golden.csv").is_file()]


@pytest.fixture(params=_golden_dirs() or [None], ids=lambda d: d.name if d else "no-models")
def shipped(request):
    directory = request.param
    if directory is None:
        models = _model_dirs()
        if models:
            pytest.fail(f"{ONNX_MODELS} holds models ({', '.join(d.name for d in models)}) but none has a golden.csv")
        pytest.skip(f"{ONNX_MODELS} holds no models yet, so there are no golden vectors to reproduce")
    model = xsdnn.load(directory)
    yield directory, model
    model.close()


def check_golden(directory: Path, model) -> None:
    g = read_shipped(directory / "golden.csv")
    assert g["members"].shape[0] == model.members, (
        f"{directory.name}/golden.csv has {g['members'].shape[0]} member columns; the model has {model.members}"
    )
    mean, std, per_member = model.predict(g["E"], g["theta"], g["omega"], members=True)
    assert_close(g["members"], per_member, f"{directory.name}: per-member sigma")
    assert_close(g["mean"], mean, f"{directory.name}: mean sigma")
    # The spread inherits the members' rounding: members agreeing to 1e-6 of σ bound the std's error by
    # 1e-6 of the largest member σ, so that is its scale.
    assert_close(
        g["std"],
        std,
        f"{directory.name}: std of sigma",
        scale=np.maximum(np.abs(g["std"]), np.abs(g["members"]).max(axis=0)),
    )


def test_reproduces_golden_vectors(shipped):
    check_golden(*shipped)


def test_reproduces_golden_vectors_one_point_at_a_time(shipped):
    directory, model = shipped
    g = read_shipped(directory / "golden.csv")
    for i in range(len(g["E"])):
        _, _, per_member = model.predict(g["E"][i], g["theta"][i], g["omega"][i], members=True)
        assert_close(g["members"][:, i], per_member, f"{directory.name}: point {i}")


# ---- the check itself, on a golden.csv in the exporter's format written here for a tiny model ----------------


def _write_golden(directory: Path, model, E, theta, omega) -> None:
    mean, std, per_member = model.predict(E, theta, omega, members=True)
    header = "E_GeV,theta_deg,omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV," + ",".join(
        f"sigma_member_{m:02d}" for m in range(model.members)
    )
    lines = [header]
    for i in range(len(E)):
        values = [E[i], theta[i], omega[i], mean[i], std[i], *per_member[:, i]]
        lines.append(",".join(repr(float(v)) for v in values))
    (directory / "golden.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_check_accepts_matching_and_refuses_perturbed_golden(tiny_dir):
    E = np.array([0.68, 1.2, 5.766])
    theta = np.array([36.0, 60.0, 18.0])
    omega = np.array([0.1, 0.4, 1.5])
    with xsdnn.load(tiny_dir) as model:
        _write_golden(tiny_dir, model, E, theta, omega)
        check_golden(tiny_dir, model)
        text = (tiny_dir / "golden.csv").read_text(encoding="utf-8").splitlines()
        cells = text[2].split(",")
        cells[6] = repr(float(cells[6]) * (1 + 5e-6))  # member 01 at point 1
        (tiny_dir / "golden.csv").write_text("\n".join(text[:2] + [",".join(cells)] + text[3:]) + "\n")
        with pytest.raises(AssertionError, match="per-member sigma at \\(1, 1\\)"):
            check_golden(tiny_dir, model)

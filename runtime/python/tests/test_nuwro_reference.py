"""The two third-party NuWro files reproduce golden.csv (written with ONNX Runtime Java 1.23.2) to 1e-6."""

from __future__ import annotations

import numpy as np
import pytest
from golden import assert_close, read_nuwro

import xsdnn


@pytest.fixture(scope="module")
def nuwro(request):
    directory = request.getfixturevalue("nuwro_dir")
    model = xsdnn.load(directory)
    yield model, read_nuwro(directory / "golden.csv")
    model.close()


def test_layout_is_read_from_file_names(nuwro):
    model, rows = nuwro
    assert model.layout == "nuwro"
    assert model.members == 2
    assert model.member_files == ("model_electron_A_12_0.onnx", "model_electron_A_12_1.onnx")
    assert model.mass_number == 12
    assert model.card is None
    assert model.output_name == "Identity:0"
    assert model.warnings == ()
    assert len(rows) == 24


def test_features_match_golden(nuwro):
    _, rows = nuwro
    for row in rows:
        x = xsdnn.features(row["E"], row["theta"], row["omega"])
        assert x.dtype == np.float32
        assert_close(row["x"], x, f"features of {row}")


def test_features_as_one_batch_match_golden(nuwro):
    _, rows = nuwro
    x = xsdnn.features([r["E"] for r in rows], [r["theta"] for r in rows], [r["omega"] for r in rows])
    assert_close(np.stack([r["x"] for r in rows]), x, "feature matrix")


def test_member_r_one_point_at_a_time(nuwro):
    model, rows = nuwro
    for row in rows:
        r = model.member_r(row["member"], row["x"][None, :])
        assert_close([row["r"]], r, f"r of {row}")


def test_member_r_as_one_batch(nuwro):
    model, rows = nuwro
    for m in range(model.members):
        mine = [row for row in rows if row["member"] == m]
        r = model.member_r(m, np.stack([row["x"] for row in mine]))
        assert_close([row["r"] for row in mine], r, f"r of member {m}")


def test_sigma_mean_and_std_as_one_batch(nuwro):
    model, rows = nuwro
    points = [row for row in rows if row["member"] == 0]
    mean, std, per_member = model.predict(
        [p["E"] for p in points], [p["theta"] for p in points], [p["omega"] for p in points], members=True
    )
    expected = np.array([[row["sigma"] for row in rows if row["member"] == m] for m in range(2)])
    assert per_member.shape == (2, len(points))
    assert_close(expected, per_member, "per-member sigma")
    assert_close(expected.mean(axis=0), mean, "mean sigma")
    assert_close(np.abs(expected[0] - expected[1]) / 2, std, "population std of sigma")


def test_sigma_one_point_at_a_time(nuwro):
    model, rows = nuwro
    for row in rows:
        _, _, per_member = model.predict(row["E"], row["theta"], row["omega"], members=True)
        assert per_member.shape == (2,)
        assert_close(row["sigma"], per_member[row["member"]], f"sigma of {row}")


def test_sigma_in_small_batches_matches_golden(nuwro):
    model, rows = nuwro
    points = [row for row in rows if row["member"] == 1]
    _, _, per_member = model.predict(
        [p["E"] for p in points],
        [p["theta"] for p in points],
        [p["omega"] for p in points],
        batch_size=5,
        members=True,
    )
    assert_close([p["sigma"] for p in points], per_member[1], "sigma of member 1 in batches of 5")

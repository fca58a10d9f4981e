"""Readers of golden.csv files and the tolerance every golden comparison uses."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict, List

import numpy as np

REL_TOL = 1e-6


def assert_close(expected, actual, what: str, *, scale=None) -> None:
    """|actual − expected| ≤ 1e-6 · |scale| elementwise (scale defaults to expected), naming the first failure."""
    expected = np.asarray(expected, dtype=np.float64)
    actual = np.asarray(actual, dtype=np.float64)
    assert expected.shape == actual.shape, f"{what}: shape {actual.shape}, expected {expected.shape}"
    bound = REL_TOL * np.abs(expected if scale is None else np.asarray(scale, dtype=np.float64))
    bad = ~(np.abs(actual - expected) <= bound)
    if bad.any():
        i = np.unravel_index(int(np.argmax(bad)), bad.shape)
        raise AssertionError(
            f"{what} at {tuple(int(k) for k in i)}: got {actual[i]!r}, expected {expected[i]!r} "
            f"(relative error {abs(actual[i] - expected[i]) / abs(expected[i]):.3g}, tolerance {REL_TOL})"
        )


def read_nuwro(path: Path) -> List[Dict[str, object]]:
    """NuWro reference rows: file, E_GeV, theta_deg, omega_GeV, x0..x4, r, sigma_nb_per_sr_GeV."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "member": int(row["file"].rsplit("_", 1)[1].split(".")[0]),
                    "E": float(row["E_GeV"]),
                    "theta": float(row["theta_deg"]),
                    "omega": float(row["omega_GeV"]),
                    "x": np.array([float(row[f"x{k}"]) for k in range(5)], dtype=np.float32),
                    "r": float(row["r"]),
                    "sigma": float(row["sigma_nb_per_sr_GeV"]),
                }
            )
    return rows


GOLDEN_COLUMNS = ["E_GeV", "theta_deg", "omega_GeV", "sigma_mean_nb_per_sr_GeV", "sigma_std_nb_per_sr_GeV"]


def read_shipped(path: Path) -> Dict[str, np.ndarray]:
    """A shipped model's golden.csv (written by the Java exporter):
    E_GeV,theta_deg,omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV,sigma_member_00,...

    Returns E, theta, omega, mean, std as [N] arrays and members as [M, N].
    """
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        values = [[float(v) for v in row] for row in reader if row and any(v.strip() for v in row)]
    assert header[:5] == GOLDEN_COLUMNS, f"{path}: header starts {header[:5]}; expected {GOLDEN_COLUMNS}"
    member_columns = header[5:]
    expected_members = [f"sigma_member_{i:02d}" for i in range(len(member_columns))]
    assert member_columns == expected_members, f"{path}: member columns {member_columns}; expected {expected_members}"
    assert member_columns, f"{path}: no sigma_member_NN columns"
    table = np.array(values, dtype=np.float64).reshape(len(values), len(header))
    return {
        "E": table[:, 0],
        "theta": table[:, 1],
        "omega": table[:, 2],
        "mean": table[:, 3],
        "std": table[:, 4],
        "members": table[:, 5:].T.copy(),
    }

"""examples/scan.py prints a carbon ω scan as a table."""

from __future__ import annotations

import subprocess
import sys

from conftest import EXAMPLES


def test_scan_prints_a_table(nuwro_dir):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "scan.py"), str(nuwro_dir)], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# nuwro layout: 2 members, A = 12; E = 0.68 GeV, theta = 36.0 deg")
    assert lines[1].split() == ["omega_GeV", "sigma_nb_per_sr_GeV", "std_nb_per_sr_GeV", "rel_std"]
    rows = [line.split() for line in lines[2:]]
    assert len(rows) == 33
    assert rows[4][0] == "0.100"
    assert abs(float(rows[4][1]) - 30097.3) < 0.1  # mean of the two members' golden σ at ω = 0.1 GeV


def test_scan_reports_a_missing_model(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "scan.py"), str(tmp_path / "absent")], capture_output=True, text=True
    )
    assert result.returncode == 4
    assert "expected a model directory" in result.stderr

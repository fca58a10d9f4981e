#!/usr/bin/env python3
"""Prints a carbon ω scan at E = 0.68 GeV, θ = 36° as a table.

    python examples/scan.py [MODEL_DIR]

MODEL_DIR is a model directory of either layout (xsdnn or NuWro); the default is the repository's
onnx-models/carbon-a2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import xsdnn

ENERGY_GEV = 0.68
THETA_DEG = 36.0
DEFAULT_MODEL = Path(__file__).resolve().parents[3] / "onnx-models" / "carbon-a2"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "model_dir", nargs="?", default=str(DEFAULT_MODEL), help="model directory (default: %(default)s)"
    )
    parser.add_argument("--step", type=float, default=0.02, help="ω step in GeV (default: %(default)s)")
    args = parser.parse_args(argv)

    try:
        model = xsdnn.load(args.model_dir)
    except (OSError, xsdnn.ContractError) as e:
        print(f"scan.py: {e}", file=sys.stderr)
        print("usage: python examples/scan.py MODEL_DIR (a model directory of either layout)", file=sys.stderr)
        return 4
    with model:
        steps = np.arange(1, int(np.floor(ENERGY_GEV / args.step - 1e-9)) + 1)
        omega = np.round(steps * args.step, 12)  # 0 < omega < E
        mean, std = model.predict(ENERGY_GEV, THETA_DEG, omega)
        name = model.card.name if model.card is not None else f"{model.layout} layout"
        print(
            f"# {name}: {model.members} members, A = {model.mass_number}; E = {ENERGY_GEV} GeV, theta = {THETA_DEG} deg"
        )
        print(f"{'omega_GeV':>10}  {'sigma_nb_per_sr_GeV':>20}  {'std_nb_per_sr_GeV':>18}  {'rel_std':>8}")
        for w, m, s in zip(omega, mean, std):
            print(f"{w:10.3f}  {m:20.6g}  {s:18.4g}  {s / m:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

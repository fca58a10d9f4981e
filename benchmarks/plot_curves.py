"""Plots held-out chi2/N against wall time for training runs (member-NN-curve.csv files of xsdnn train).

Usage: python plot_curves.py OUT.png LABEL=path/to/member-00-curve.csv [LABEL=...]
Needs matplotlib (benchmarks/time_to_quality.sh installs it in a private venv).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    minutes = [float(r["seconds"]) / 60 for r in rows]
    chi2 = [float(r["heldout_chi2_per_point"]) for r in rows]
    best, running = [], float("inf")
    for c in chi2:
        running = min(running, c)
        best.append(running)
    return minutes, chi2, best


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out = argv[1]
    fig, ax = plt.subplots(figsize=(8, 5))
    for spec in argv[2:]:
        label, path = spec.split("=", 1)
        minutes, chi2, best = read(path)
        line, = ax.plot(minutes, best, label=f"{label} (best so far)")
        ax.plot(minutes, chi2, color=line.get_color(), alpha=0.25, linewidth=0.8)
    ax.axvline(30, color="grey", linestyle=":", label="30 min")
    ax.set_xlabel("wall time on one core [min]")
    ax.set_ylabel("held-out χ²/N (normalization term included)")
    ax.set_yscale("log")
    ax.set_title("Carbon, 10×300 network, full-batch AdamW, one core per run")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main(sys.argv)

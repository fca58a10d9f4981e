#!/usr/bin/env python3
"""How much of a difference between two ensembles' quality reports is chance: the spread of the report's figures
over ensembles drawn from one model's own members.

Writes model directories that hold a random half of MODEL's members (hard links to the member files, the card's
member list cut to them, a new SHA256SUMS), runs `xsdnn report` on each and prints, per draw, the report's chi2/N
for all, held-out and test points, then their mean and spread over the draws. Two models whose half-ensembles
overlap are not told apart by their full ensembles' figures either.

Usage: benchmarks/member_subsets.py MODEL DRAWS WORK_DIR   (XSDNN=./xsdnn, DATA=../shared/data/qes)
"""
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROWS = ("all", "held-out", "test")


def subset(model, members, target):
    """A model directory at `target` holding only `members` (indices into the card's member list)."""
    card = json.loads((model / "model-card.json").read_text())
    card["members"] = [card["members"][i] for i in members]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    sums = []
    for m in card["members"]:
        os.link(model / m["file"], target / m["file"])
        sums.append(f"{m['sha256']}  {m['file']}")
    (target / "model-card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
    if (model / "golden.csv").exists():
        shutil.copy(model / "golden.csv", target / "golden.csv")
    for name in ("model-card.json", "golden.csv"):
        if (target / name).exists():
            sums.append(f"{hashlib.sha256((target / name).read_bytes()).hexdigest()}  {name}")
    (target / "SHA256SUMS").write_text("\n".join(sums) + "\n")


def figures(xsdnn, data, model):
    out = subprocess.run([xsdnn, "report", "--model", str(model), "--data", data], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"member_subsets: report on {model} failed:\n{out.stderr}")
    result = {}
    for line in out.stdout.splitlines():
        match = re.match(r"^(all|held-out|test)\s+\d+\s+([0-9.]+)", line)
        if match:
            result[match.group(1)] = float(match.group(2))
    return result


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    model, draws, work = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    if draws < 2:
        sys.exit("member_subsets: DRAWS must be 2 or more (the spread needs two)")
    xsdnn, data = os.environ.get("XSDNN", "./xsdnn"), os.environ.get("DATA", "../shared/data/qes")
    count = len(json.loads((model / "model-card.json").read_text())["members"])
    rng = random.Random(2024)
    values = {row: [] for row in ROWS}
    for d in range(draws):
        half = sorted(rng.sample(range(count), count // 2))
        target = work / f"{model.name}-half-{d}"
        subset(model, half, target)
        f = figures(xsdnn, data, target)
        shutil.rmtree(target)
        print(f"draw {d}: " + ", ".join(f"{row} {f[row]:.2f}" for row in ROWS), flush=True)
        for row in ROWS:
            values[row].append(f[row])
    print(f"{model}: {draws} half-ensembles of {count // 2}: " + "; ".join(
        f"{row} chi2/N {statistics.mean(v):.2f} ± {statistics.stdev(v):.2f}" for row, v in values.items()))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The recipe table of BENCHMARKS.md from a training run directory: per member, the wall time and epochs at which
the held-out chi2/N first reached 10, 5 and 3, the best held-out chi2/N, the untouched (unbiased) chi2/N at the best
state, the largest normalization pull |1 - lambda|/dlambda, guard restarts and the member's total time.

Usage: benchmarks/recipe_table.py RUN_DIR [FIRST LAST]
Reads run.json, member-NN.json and member-NN-curve.csv (written by xsdnn train); standard library only.
"""
import csv
import json
import statistics
import sys
from pathlib import Path

THRESHOLDS = (10.0, 5.0, 3.0)


def first_reach(curve, threshold):
    for row in curve:
        if float(row["heldout_chi2_per_point"]) <= threshold:
            return float(row["seconds"]), int(row["epoch"])
    return None


def main():
    run = Path(sys.argv[1])
    first, last = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (0, 10**6)
    groups = json.loads((run / "run.json").read_text())["groups"]
    rows = []
    for record_file in sorted(run.glob("member-[0-9][0-9].json")):
        record = json.loads(record_file.read_text())
        m = record["member"]
        if not first <= m <= last:
            continue
        with open(run / f"member-{m:02d}-curve.csv", newline="") as f:
            curve = list(csv.DictReader(f))
        reach = [first_reach(curve, t) for t in THRESHOLDS]
        pull = max(abs(1 - lam) / groups[g] for g, lam in record["lambdas"].items())
        rows.append((m, reach, record["held-out-chi2-per-point"], record["untouched-chi2-per-point"], pull,
                     record["restarts"], record["epochs-done"], record["seconds"], record["failure"]))
    print("| member | χ²/N ≤ 10 at | ≤ 5 at | ≤ 3 at | best held-out χ²/N | untouched χ²/N | largest λ pull |"
          " guard restarts | epochs | time |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for m, reach, best, untouched, pull, restarts, epochs, seconds, failure in rows:
        cells = ["—" if r is None else f"{r[0] / 60:.1f} min ({r[1]} ep.)" for r in reach]
        status = "" if failure is None else f" FAILED: {failure}"
        print(f"| {m:02d} | {' | '.join(cells)} | {best:.2f} | {untouched:.2f} | {pull:.3f} | {restarts} | {epochs} |"
              f" {seconds / 60:.1f} min{status} |")
    if rows:
        best = [r[2] for r in rows]
        reached5 = sum(1 for r in rows if r[1][1] is not None)
        print(f"\n{len(rows)} members: best held-out χ²/N median {statistics.median(best):.2f} "
              f"(range {min(best):.2f}–{max(best):.2f}); untouched median {statistics.median(r[3] for r in rows):.2f}; "
              f"{reached5} of {len(rows)} reached 5; mean time per member {statistics.mean(r[7] for r in rows) / 60:.1f} min.")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Member-by-member comparison of two trainings of the same ensemble: the same seed and member index give the same
bootstrap replica, split and initialization, so the difference of a member's held-out chi2/N between two runs is
what the change between them did to that member (engine, precision, recipe), free of the replica-to-replica spread
that dominates an unpaired comparison. Both measures a member records are compared: the held-out chi2/N (the points
of its split it never trained on, which also chose its best state) and the untouched chi2/N (the points no member
trains on or is selected by).

Each side is a training run directory (member-NN.json, as xsdnn train writes them) or an exported model directory
(model-card.json, whose members carry both). Prints for each measure, over the members both sides have: the medians,
the median and quartiles of the per-member ratio B/A, how many members B made better, and the two-sided sign test's
p-value (exact binomial) for "neither side is better".

Usage: benchmarks/paired_members.py A B     (standard library only)
"""
import json
import math
import statistics
import sys
from pathlib import Path


MEASURES = ("held-out", "untouched")


def members(side):
    """member index -> (seed, held-out chi2/N, untouched chi2/N) of a run or model directory."""
    path = Path(side)
    card = path / "model-card.json"
    if card.exists():
        return {m["training"]["index"]: (m["seed"], m["held-out-chi2-per-point"],
                                         m["training"]["untouched-chi2-per-point"])
                for m in json.loads(card.read_text())["members"]}
    records = sorted(path.glob("member-[0-9][0-9].json"))
    if not records:
        sys.exit(f"paired_members: {side} has neither model-card.json nor member-NN.json files")
    result = {}
    for f in records:
        r = json.loads(f.read_text())
        if r.get("failure") is None:
            result[r["member"]] = (r["seed"], r["held-out-chi2-per-point"], r["untouched-chi2-per-point"])
    return result


def sign_test(wins, n):
    """Two-sided exact binomial p-value of `wins` out of `n` under p = 1/2."""
    k = min(wins, n - wins)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    a, b = members(sys.argv[1]), members(sys.argv[2])
    common = sorted(set(a) & set(b))
    if not common:
        sys.exit("paired_members: no member index on both sides")
    mismatched = [m for m in common if a[m][0] != b[m][0]]
    if mismatched:
        sys.exit(f"paired_members: members {mismatched} have different seeds on the two sides: not paired")
    print(f"members on both sides: {len(common)} ({common[0]}..{common[-1]})")
    for column, measure in enumerate(MEASURES, start=1):
        x, y = [a[m][column] for m in common], [b[m][column] for m in common]
        ratios = [v / u for u, v in zip(x, y)]
        better = sum(1 for u, v in zip(x, y) if v < u)
        spread = (f", quartiles {statistics.quantiles(ratios, n=4)[0]:.3f}..{statistics.quantiles(ratios, n=4)[2]:.3f}"
                  if len(ratios) > 1 else "")
        print(f"{measure} chi2/N: median A {statistics.median(x):.3f}, B {statistics.median(y):.3f}; "
              f"ratio B/A median {statistics.median(ratios):.3f}{spread}; "
              f"B better on {better} of {len(common)}, sign test p = {sign_test(better, len(common)):.3f}")


if __name__ == "__main__":
    main()

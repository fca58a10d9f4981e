#!/usr/bin/env python3
"""The transfer-learning table of BENCHMARKS.md from the layer scans that scripts/finetune-targets.sh writes.

Usage: benchmarks/finetune_table.py OUT   (OUT holds <target>-70/ and <target>-10/, each with layer-scan.csv)

For each target and training fraction: the L with the lowest held-out chi2/N (mean over the scanned members), that
chi2/N, the published value at the published best L (physics.md, "Transfer learning"), the untuned baseline, the
whole scan, and the mean wall time of a fine-tuned member at that L (from its member record).
"""
import csv
import json
import pathlib
import sys

# Published held-out chi2/N at the best L, 70 % / 10 % training (physics.md).
PUBLISHED = {"He3": (2.26, 10.9), "Li6": (2.78, 71.3), "O16": (0.64, 0.79), "Al27": (0.44, 260),
             "Ca40": (0.55, 3.51), "Fe56": (0.57, 3.64)}


def main(out):
    print("| target | training | best L | held-out χ²/N at best L | published | untuned baseline | scan (L: χ²/N) | time per member at best L |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for target, published in PUBLISHED.items():
        for percent, pub in (("70", published[0]), ("10", published[1])):
            scan = out / f"{target}-{percent}" / "layer-scan.csv"
            if not scan.exists():
                print(f"| {target} | {percent} % | — | not run | {pub} | — | — | — |")
                continue
            rows = list(csv.DictReader(scan.open()))
            best = min(rows, key=lambda r: float(r["heldout_chi2_mean"]))
            layers = int(best["trainable_layers"])
            records = sorted((out / f"{target}-{percent}" / f"L{layers:02d}").glob("member-*.json"))
            seconds = [json.loads(r.read_text())["seconds"] for r in records]
            time = f"{sum(seconds) / len(seconds):.0f} s ({len(seconds)} members)" if seconds else "—"
            trail = ", ".join(f"{r['trainable_layers']}: {float(r['heldout_chi2_mean']):.3g}" for r in rows)
            print(f"| {target} | {percent} % | {layers} | **{float(best['heldout_chi2_mean']):.3g}** | {pub} |"
                  f" {float(best['baseline_heldout_chi2']):.3g} | {trail} | {time} |")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))

"""Scoring throughput of the Python front end (runtime/python) on a model directory.

Usage: runtime/python/.venv/bin/python benchmarks/python_scoring.py [MODEL_DIR] [max N, default 100000]
Prints, per intra-op thread count and batch size N: time per predict call, points/s, member-points/s, and the
one-event-at-a-time rate. One member-point of the 10x300 network costs about 1.64 MFLOP.
"""
import sys
import time

import numpy as np
import xsdnn


def rate(model, n, repeats):
    rng = np.random.default_rng(1)
    e = rng.uniform(0.2, 5.7, n)
    theta = rng.uniform(10, 140, n)
    omega = e * rng.uniform(0, 0.8, n)
    model.predict(e, theta, omega)  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        model.predict(e, theta, omega)
    return (time.perf_counter() - start) / repeats


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "onnx-models/carbon-a"
    max_n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    print("threads,N,ms_per_call,points_per_s,member_points_per_s,gflop_per_s")
    for threads in (1, 2):
        with xsdnn.load(path, threads=threads) as model:
            n = 1
            while n <= max_n:
                seconds = rate(model, n, repeats=max(1, 2000 // n))
                pps = n / seconds
                mps = pps * model.members
                print(f"{threads},{n},{seconds * 1e3:.3f},{pps:.0f},{mps:.0f},{mps * 1.64e6 / 1e9:.1f}")
                n *= 10


if __name__ == "__main__":
    main()

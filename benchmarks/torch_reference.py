#!/usr/bin/env python3
"""PyTorch reference for benchmarks/training.sh: the same training step as TrainingThroughput.

The paper's network (5 inputs, 10 blocks of Dense(300) -> BatchNorm -> ReLU, Dense(1) -> sigmoid) and the
chi-square loss with one fitted normalization per group, one full-batch step on N points. The inputs are
synthetic (uniform in the scaled-feature box) because the cost of dense products does not depend on the values;
N and the number of groups are those of the Java run it is compared with.

Modes: grad (loss and gradient), step (gradient plus AdamW), step-bf16 (the step under CPU autocast to
bfloat16: bf16 matrix products with fp32 accumulation and fp32 master weights).
Prints one CSV line like TrainingThroughput: engine,points,steps,seconds,samples_per_s,gflop_per_s, then\nthe library: PyTorch version and the BLAS it was built with.

Usage: torch_reference.py MODE SECONDS [POINTS] [GROUPS]   (run with one thread: OMP_NUM_THREADS=1)
"""
import sys
import time

import torch


class Network(torch.nn.Module):
    def __init__(self, blocks=10, width=300):
        super().__init__()
        layers, inputs = [], 5
        for _ in range(blocks):
            layers += [torch.nn.Linear(inputs, width), torch.nn.BatchNorm1d(width, eps=1e-3, momentum=0.01),
                       torch.nn.ReLU()]
            inputs = width
        layers += [torch.nn.Linear(inputs, 1), torch.nn.Sigmoid()]
        self.body = torch.nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x).squeeze(1)


def chi_square(fit, lam, y, err, group, dlam):
    """D'Agostini chi-square: data against lambda_k times the fit, plus the normalization penalty."""
    pull = (y - lam[group] * fit) / err
    return 0.5 * (pull * pull).sum() + 0.5 * (((1 - lam) / dlam) ** 2).sum()


def main():
    mode, seconds = sys.argv[1], float(sys.argv[2])
    points = int(sys.argv[3]) if len(sys.argv) > 3 else 2311
    groups = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    torch.manual_seed(7)
    net = Network()
    lam = torch.nn.Parameter(torch.ones(groups))
    x = torch.rand(points, 5)
    y = torch.rand(points) * 1e-2
    err = y * 0.05 + 1e-5
    group = torch.randint(0, groups, (points,))
    dlam = torch.full((groups,), 0.03)
    params = list(net.parameters()) + [lam]
    size = sum(p.numel() for p in params)
    adam = torch.optim.AdamW(params, lr=1e-4, weight_decay=1e-4) if mode.startswith("step") else None
    autocast = mode.endswith("bf16")

    def step():
        net.zero_grad(set_to_none=True)
        lam.grad = None
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            fit = net(x)
        loss = chi_square(fit.float(), lam, y, err, group, dlam)
        loss.backward()
        if adam is not None:
            adam.step()

    for _ in range(3):
        step()  # warm-up, as in the Java benchmark
    start, steps = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    rate = steps * points / elapsed
    blas = "MKL" if torch.backends.mkl.is_available() else "its own BLAS"
    print(f"torch-{mode},{points},{steps},{elapsed:.2f},{rate:.0f},{6.0 * size * rate / 1e9:.1f},"
          f"PyTorch {torch.__version__} {blas}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()

"""PyTorch twin of bench/conv_bench.ts: conv2d forward + backward on
x [64, 8, 26, 26], weight [16, 8, 3, 3] and a bias, float32, gradients with
respect to all three for a fixed upstream gradient, on one thread.

Run: /usr/bin/python3 bench/conv_bench.py [--iterations N] [--phases] [--clock cpu]
Prints one JSON line {"workload":"conv2d-64x8x26x26-16x3x3","impl":"torch <version>","ms":...},
the median time of one step (after 5 of warm-up).
"""

import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

WORKLOAD = "conv2d-64x8x26x26-16x3x3"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--phases", action="store_true")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x = torch.randn(64, 8, 26, 26, requires_grad=True)
    weight = torch.randn(16, 8, 3, 3, requires_grad=True)
    bias = torch.randn(16, requires_grad=True)
    grad_output = torch.randn(64, 16, 24, 24)

    def step():
        for t in (x, weight, bias):
            t.grad = None
        t0 = clock()
        y = F.conv2d(x, weight, bias)
        t1 = clock()
        y.backward(grad_output)
        t2 = clock()
        return (t1 - t0) * 1000, (t2 - t1) * 1000

    for _ in range(5):
        step()
    times = [step() for _ in range(args.iterations)]
    line = {
        "workload": WORKLOAD,
        "impl": f"torch {torch.__version__}",
        "ms": round(statistics.median(f + b for f, b in times), 3),
    }
    if args.phases:
        line["forwardMs"] = round(statistics.median(f for f, _ in times), 3)
        line["backwardMs"] = round(statistics.median(b for _, b in times), 3)
    print(json.dumps(line))


if __name__ == "__main__":
    main()

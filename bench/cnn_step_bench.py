"""PyTorch twin of bench/cnn_step_bench.ts: one training step of the
`deno task cnn` network (examples/cnn.py's create_model(), the twin of
examples/cnn.ts) on a batch of 64 random [1, 28, 28] images in float32:
zeroed gradients, forward in training mode, cross-entropy, backward, an Adam
update, on one thread.

Run: /usr/bin/python3 bench/cnn_step_bench.py [--iterations N] [--phases]
Prints one JSON line {"workload":"cnn-step","impl":"torch <version>","ms":...},
the median time of one step (after 5 of warm-up).
"""

import argparse
import json
import pathlib
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "examples"))
from cnn import create_model  # noqa: E402  (examples/cnn.py)

WORKLOAD = "cnn-step"
BATCH = 64


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--phases", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = create_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))

    def step():
        t0 = time.perf_counter()
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        optimizer.step()
        t3 = time.perf_counter()
        return (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000

    for _ in range(5):
        step()
    times = [step() for _ in range(args.iterations)]
    line = {
        "workload": WORKLOAD,
        "impl": f"torch {torch.__version__}",
        "ms": round(statistics.median(sum(t) for t in times), 3),
    }
    if args.phases:
        line["forwardMs"] = round(statistics.median(t[0] for t in times), 3)
        line["backwardMs"] = round(statistics.median(t[1] for t in times), 3)
        line["updateMs"] = round(statistics.median(t[2] for t in times), 3)
    print(json.dumps(line))


if __name__ == "__main__":
    main()

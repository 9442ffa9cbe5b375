"""PyTorch twin of bench/backends_bench.ts: the same workloads, timed the same way.

    /usr/bin/python3 bench/backends_torch.py --threads 1 [--budget-ms 2000] [--workloads a,b]

Prints one JSON line per workload: {"workload", "impl", "ms", "minMs", "samples", "reps",
"threads", "torch", "blas"}. Workloads: matmul128, matmul512, matmul1024 (float32 [n, n] @ [n, n]),
mlp64, mlp256 (one SGD step of a 784-256-256-10 ReLU MLP with softmax cross-entropy at that batch,
the loss read back with .item()).
"""

import argparse
import ctypes
import json
import os
import sys
import time

# torch.set_num_threads() does not reach OpenBLAS, which otherwise starts one thread per core:
# its count is set here, before torch loads it, and checked below.
THREADS = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)
os.environ["OMP_NUM_THREADS"] = str(THREADS)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def matmul_step(n):
    g = torch.Generator().manual_seed(0)
    a = torch.rand(n, n, generator=g)
    b = torch.rand(n, n, generator=g)
    out = torch.empty(n, n)
    return lambda: torch.mm(a, b, out=out)


def mlp_step(batch):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    )
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


WORKLOADS = {
    "matmul128": lambda: matmul_step(128),
    "matmul512": lambda: matmul_step(512),
    "matmul1024": lambda: matmul_step(1024),
    "mlp64": lambda: mlp_step(64),
    "mlp256": lambda: mlp_step(256),
}


def measure(step, warmup_ms, budget_ms, min_samples):
    """Median ms per step: warm up, then samples of `reps` steps (at least ~10 ms each)."""
    start = time.perf_counter()
    calls = 0
    while (time.perf_counter() - start) * 1000 < warmup_ms or calls < 3:
        step()
        calls += 1
    per_call = (time.perf_counter() - start) * 1000 / calls
    reps = max(1, int(10 / per_call))
    samples = []
    start = time.perf_counter()
    while (time.perf_counter() - start) * 1000 < budget_ms or len(samples) < min_samples:
        t0 = time.perf_counter()
        for _ in range(reps):
            step()
        samples.append((time.perf_counter() - t0) * 1000 / reps)
    samples.sort()
    return {
        "ms": samples[len(samples) // 2],
        "minMs": samples[0],
        "samples": len(samples),
        "reps": reps,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup-ms", type=float, default=500)
    parser.add_argument("--budget-ms", type=float, default=2000)
    parser.add_argument("--min-samples", type=int, default=5)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    blas = "generic BLAS"
    with open("/proc/self/maps") as maps:
        if "openblas" in maps.read():
            try:
                threads = ctypes.CDLL("libblas.so.3").openblas_get_num_threads()
                blas = f"OpenBLAS, {threads} thread{'s' if threads > 1 else ''}"
            except (OSError, AttributeError):
                blas = "OpenBLAS"
    for name in args.workloads.split(","):
        timing = measure(WORKLOADS[name](), args.warmup_ms, args.budget_ms, args.min_samples)
        line = {"workload": name, "impl": f"pytorch x{args.threads}", **timing}
        line.update(threads=args.threads, torch=torch.__version__, blas=blas)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()

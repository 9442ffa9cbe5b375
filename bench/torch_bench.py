"""PyTorch's side of bench/compare.ts, one thread: the MLP training step and
the square float32 product, timed by bench/_harness.py.

/usr/bin/python3 bench/torch_bench.py mlp --batch 64
/usr/bin/python3 bench/torch_bench.py matmul --n 512

Prints one JSON line; without torch, a line {"skip": "..."} instead.
"""

import os
import re
import sys

# One thread everywhere: OpenBLAS's own pool (pthreads build) reads these at load time.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from _harness import budget_from_args, flag, measure, peak_rss_mib, report  # noqa: E402


def blas_libraries():
    """The BLAS/LAPACK libraries mapped into this process (Linux), e.g. OpenBLAS."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return []
    keys = ("blas", "mkl", "lapack", "blis")
    return sorted(os.path.basename(p) for p in paths if any(k in os.path.basename(p).lower() for k in keys))


def main():
    workload = sys.argv[1] if len(sys.argv) > 1 else "mlp"
    try:
        import torch
    except ImportError as e:
        report({"workload": workload, "impl": "torch", "skip": f"torch is not installed ({e})"})
        return
    torch.set_num_threads(1)
    torch.manual_seed(0)
    budget = budget_from_args()
    config = torch.__config__.show()
    info = {
        "versions": {"torch": torch.__version__, "python": sys.version.split()[0]},
        "threads": torch.get_num_threads(),
        "blasInfo": (re.search(r"BLAS_INFO=(\w+)", config) or [None, "?"])[1],
        "mkl": torch.backends.mkl.is_available(),
    }

    if workload == "mlp":
        batch = int(flag("batch", "64"))
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 10),
        )
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.rand(batch, 784)
        y = torch.randint(0, 10, (batch,))

        def step():
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        first = step()
        timing = measure(step, budget)
        last = step()
        result = {"workload": f"mlp-{batch}", "impl": "torch", **timing, "firstLoss": first, "lastLoss": last,
                  "peakRssMiB": peak_rss_mib()}
    elif workload == "matmul":
        n = int(flag("n", "512"))
        a = torch.rand(n, n)
        b = torch.rand(n, n)
        timing = measure(lambda: torch.mm(a, b), budget)
        result = {"workload": f"matmul-{n}", "impl": "torch", **timing}
    else:
        raise ValueError(f"Cannot run torch_bench.py: unknown workload {workload}, expected mlp or matmul")
    info["blas"] = blas_libraries()
    report({**result, **info})


if __name__ == "__main__":
    main()

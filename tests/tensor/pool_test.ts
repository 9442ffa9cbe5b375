import assert from "node:assert/strict";
import {
  AutogradFunction,
  crossEntropy,
  grad,
  Linear,
  manualSeed,
  noGrad,
  type Optimizer,
  peekGrad,
  randint,
  randn,
  ReLU,
  Sequential,
  SGD,
  type SGDOptions,
  type SGDState,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { allocate, empty } from "../../tensor/dtype.ts";
import { Storage } from "../../tensor/storage.ts";
import { clearPool, poolStats, release, setOwner } from "../../tensor/_pool.ts";

// ---------------------------------------------------------------- the pool itself

Deno.test("allocate() hands out zeros, even from a recycled buffer", () => {
  clearPool();
  const s = new Storage(allocate("float32", 1000));
  s.data.fill(7);
  const owner = {};
  setOwner(s, owner);
  assert.equal(release(s, owner), true);
  assert.equal(poolStats().pooledBuffers, 1);
  const again = allocate("float64", 500); // the same 4,000 bytes, another dtype
  assert.equal(poolStats().pooledBuffers, 0);
  assert.ok(again instanceof Float64Array && again.length === 500);
  assert.ok(again.every((v) => v === 0));
});

Deno.test("release() empties the storage and refuses a storage of another owner", () => {
  clearPool();
  const s = new Storage(allocate("int32", 100));
  assert.equal(release(s, {}), false); // no owner: never pooled
  assert.equal(s.data.length, 100);
  const owner = {};
  setOwner(s, owner);
  assert.equal(release(s, {}), false);
  assert.equal(release(s, owner), true);
  assert.equal(s.data.length, 0);
  assert.equal(release(s, owner), false); // twice is a no-op
  assert.equal(poolStats().pooledBuffers, 1);
});

Deno.test("release() never pools an array that allocate() did not make", () => {
  clearPool();
  const s = new Storage(new Float32Array(1000));
  const owner = {};
  setOwner(s, owner);
  release(s, owner);
  assert.equal(poolStats().pooledBuffers, 0);
});

Deno.test("empty() reuses a buffer without clearing it, with the asked length", () => {
  clearPool();
  const s = new Storage(allocate("float32", 300));
  const owner = {};
  setOwner(s, owner);
  release(s, owner);
  const data = empty("float32", 290); // same class as 300
  assert.equal(data.length, 290);
  assert.equal(poolStats().pooledBuffers, 0);
});

// ---------------------------------------------------------------- what backward() recycles

function mlp(): { model: Sequential; x: Tensor; y: Tensor } {
  manualSeed(3);
  const model = new Sequential(new Linear(20, 32), new ReLU(), new Linear(32, 16));
  // Every parameter is at least 64 bytes, the smallest pooled array.
  return { model, x: randn([16, 20]), y: randint(0, 16, [16]) };
}

Deno.test("a synchronous training loop keeps the pool flat and reuses its buffers", () => {
  clearPool();
  const { model, x, y } = mlp();
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  const after: ReturnType<typeof poolStats>[] = [];
  for (let step = 0; step < 40; step++) {
    optimizer.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
    optimizer.step();
    after.push(poolStats());
  }
  const fresh = after.slice(1).map((s, i) => s.fresh - after[i].fresh);
  const reused = after.slice(1).map((s, i) => s.reused - after[i].reused);
  // From the second step on, every step allocates, reuses and pools exactly the same.
  for (let step = 10; step < 40; step++) {
    assert.equal(after[step].pooledBuffers, after[9].pooledBuffers, `step ${step}`);
    assert.equal(after[step].pooledBytes, after[9].pooledBytes, `step ${step}`);
    assert.equal(fresh[step - 1], fresh[8], `step ${step}`);
  }
  // Most buffers of a step come back: only the forward pass's results (which the
  // caller could keep) are left to the garbage collector.
  assert.ok(reused[30] > fresh[30], `reused ${reused[30]}, fresh ${fresh[30]}`);
});

Deno.test("a gradient read through .grad is never recycled", () => {
  const { model, x, y } = mlp();
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  const w = model.parameters()[0];
  crossEntropy(model.forward(x), y).backward();
  const kept = w.grad!; // user code may keep it
  const copy = kept.toArray();
  for (let step = 0; step < 3; step++) {
    optimizer.zeroGrad();
    crossEntropy(model.forward(x.mul(step + 2)), y).backward();
    optimizer.step();
  }
  assert.deepEqual(kept.toArray(), copy);
  assert.notDeepEqual(w.grad!.toArray(), copy);
});

Deno.test("zeroGrad() recycles a gradient that only the optimizer read", () => {
  const { model, x, y } = mlp();
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  crossEntropy(model.forward(x), y).backward();
  optimizer.step();
  const before = poolStats().released;
  optimizer.zeroGrad();
  assert.equal(poolStats().released - before, model.parameters().length);
});

Deno.test("gradients returned by grad() are never recycled", () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const [gx] = grad(x.mul(x).relu().sum(), x);
  const copy = gx.toArray();
  for (let i = 0; i < 3; i++) x.mul(x).mul(i).sum().backward();
  assert.deepEqual(gx.toArray(), copy);
  assert.deepEqual(copy, [[2, 4], [6, 8]]);
});

Deno.test("a user function that keeps the gradients it sees keeps them intact", () => {
  const seen: Tensor[] = [];
  const copies: unknown[] = [];
  class Keep extends AutogradFunction {
    override forward(x: Tensor): Tensor {
      return x.mul(1);
    }
    override backward(g: Tensor): [Tensor] {
      const out = g.mul(3);
      seen.push(g, out);
      copies.push(g.toArray(), out.toArray());
      return [out];
    }
  }
  const x = tensor([1, 2, 3], { requiresGrad: true });
  Keep.apply(x.mul(2)).exp().sum().backward();
  for (let i = 0; i < 3; i++) x.mul(2).exp().mul(i).sum().backward();
  assert.deepEqual(seen.map((t) => t.toArray()), copies);
});

Deno.test("an optimizer with its own update sees gradients that stay intact", () => {
  const seen: Tensor[] = [];
  class Logging extends SGD {
    protected override updateParam(
      param: Tensor,
      g: Tensor,
      state: SGDState | undefined,
      group: Required<SGDOptions>,
    ): SGDState {
      seen.push(g);
      return super.updateParam(param, g, state, group);
    }
  }
  const { model, x, y } = mlp();
  const optimizer: Optimizer<Required<SGDOptions>, SGDState> = new Logging(model.parameters(), {
    lr: 0.1,
  });
  crossEntropy(model.forward(x), y).backward();
  optimizer.step();
  const copies = seen.map((t) => t.toArray());
  assert.ok(copies.every((c) => (c as number[]).length > 0));
  for (let i = 0; i < 3; i++) {
    optimizer.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
  }
  assert.deepEqual(seen.slice(0, copies.length).map((t) => t.toArray()), copies);
});

Deno.test("backward() with retainGraph keeps what the second pass needs", () => {
  const x = tensor([[0.5, -1, 2], [1, 0, -3]], { requiresGrad: true });
  const loss = x.mul(x).logSoftmax(1).mul(tensor([1, 2, 3])).sum();
  loss.backward(undefined, { retainGraph: true });
  const first = x.grad!.toArray() as number[][];
  loss.backward();
  const second = x.grad!.toArray() as number[][];
  second.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - 2 * first[i][j]) < 1e-5))
  );
});

Deno.test("gradients summed from several paths are right when accumulated in place", () => {
  // y = Σ (x + x)·x + relu(x)·x: x reaches the sum by four paths through shared nodes.
  const x = tensor([1, -2, 3], { dtype: "float64", requiresGrad: true });
  const h = x.add(x);
  h.mul(x).add(x.relu().mul(x)).sum().backward();
  // d/dx [2x² + relu(x)·x] = 4x + (x > 0 ? 2x : 0)
  assert.deepEqual(x.grad!.toArray(), [6, -8, 18]);
  // A second pass adds into the adopted gradient in place.
  x.add(x).mul(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [10, -16, 30]);
});

Deno.test("a retained non-leaf gradient survives later passes", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3);
  h.retainGrad();
  h.square().sum().backward();
  const hg = h.grad!;
  const copy = hg.toArray();
  for (let i = 0; i < 3; i++) x.mul(5).square().sum().backward();
  assert.deepEqual(hg.toArray(), copy);
  assert.deepEqual(copy, [6, 12]);
});

Deno.test("peekGrad() lets a manual update recycle the gradient it used", () => {
  const { model, x, y } = mlp();
  const params = model.parameters();
  crossEntropy(model.forward(x), y).backward();
  noGrad(() => {
    for (const p of params) p.sub_(peekGrad(p)!, { alpha: 0.1 });
  });
  const before = poolStats().released;
  for (const p of params) p.grad = null;
  assert.equal(poolStats().released - before, params.length);
});

Deno.test("addcmul_() and addcdiv_() give their temporary back to the pool", () => {
  const t = tensor(Array.from({ length: 100 }, (_, i) => i));
  const a = tensor(Array.from({ length: 100 }, () => 2));
  const before = poolStats().released;
  t.addcmul_(a, a, { value: 0.5 }).addcdiv_(a, a);
  assert.equal(poolStats().released - before, 2);
  assert.deepEqual((t.toArray() as number[]).slice(0, 3), [3, 4, 5]);
  // A 0-d operand: still a fresh product, and the operands are untouched.
  t.addcmul_(a, tensor(1));
  assert.deepEqual((a.toArray() as number[]).slice(0, 2), [2, 2]);
});

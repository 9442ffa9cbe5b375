import assert from "node:assert/strict";
import { arange, DataLoader, tensor, TensorDataset, zeros } from "../../mod.ts";

Deno.test("TensorDataset.get() returns row i of every tensor", () => {
  const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([7, 8, 9]));
  const [x, y] = ds.get(2);
  assert.deepEqual(x.toArray(), [5, 6]);
  assert.equal(y.item(), 9);
});

Deno.test("TensorDataset rejects tensors of different lengths and bad indices", () => {
  assert.throws(() => new TensorDataset(zeros([3, 2]), zeros([4])), {
    name: "RangeError",
    message: /same first dimension, got sizes \[3, 4\]/,
  });
  assert.throws(() => new TensorDataset(), { name: "RangeError", message: /at least one/ });
  const ds = new TensorDataset(zeros([3]));
  assert.throws(() => ds.get(3), { name: "RangeError", message: /\[0, 3\), got 3/ });
  assert.throws(() => ds.batch([0, -1]), { name: "RangeError", message: /got -1/ });
});

Deno.test("DataLoader covers every sample once per epoch, in order without shuffle", () => {
  const loader = new DataLoader(new TensorDataset(arange(10), arange(10).mul(2)), {
    batchSize: 3,
  });
  const batches = [...loader];
  assert.deepEqual(batches.map(([x]) => x.toArray()), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  assert.deepEqual(batches[1][1].toArray(), [6, 8, 10]);
  assert.equal(loader.length, 4);
});

Deno.test("DataLoader with dropLast skips the short last batch", () => {
  const loader = new DataLoader(new TensorDataset(arange(10)), { batchSize: 3, dropLast: true });
  assert.deepEqual([...loader].map(([x]) => x.shape[0]), [3, 3, 3]);
  assert.equal(loader.length, 3);
});

Deno.test("DataLoader shuffles each epoch differently but reproducibly from a seed", () => {
  const ds = new TensorDataset(arange(20));
  const epochs = (seed: number) => {
    const loader = new DataLoader(ds, { batchSize: 20, shuffle: true, seed });
    return [[...loader][0][0].toArray(), [...loader][0][0].toArray()] as number[][];
  };
  const [first, second] = epochs(3);
  assert.deepEqual(epochs(3), [first, second]);
  assert.notDeepEqual(first, second);
  assert.deepEqual([...first].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
});

Deno.test("DataLoader rejects a bad batchSize", () => {
  assert.throws(() => new DataLoader(new TensorDataset(zeros([2])), { batchSize: 0 }), {
    name: "RangeError",
    message: /batchSize must be a positive integer, got 0/,
  });
});

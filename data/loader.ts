/**
 * Mini-batches for training: a dataset of tensors that share their first
 * dimension, and a loader that cuts it into (shuffled) batches.
 */
import { Random } from "../random/mod.ts";
import { checkOptions, type Tensor, tensor } from "../tensor/mod.ts";

/**
 * Tensors that share their first dimension, indexed together: sample `i` is
 * row `i` of each (PyTorch's `TensorDataset`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, TensorDataset } from "@nabla/autograd";
 * const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([0, 1, 0]));
 * assert.equal(ds.length, 3);
 * assert.deepEqual(ds.get(1).map((t) => t.toArray()), [[3, 4], 1]);
 * ```
 */
export class TensorDataset {
  /** The tensors, each with `length` rows. */
  readonly tensors: readonly Tensor[];

  /**
   * Groups tensors into one dataset.
   * @param tensors At least one tensor; all must have the same first dimension.
   * @example Features and labels
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, TensorDataset, zeros } from "@nabla/autograd";
   * const ds = new TensorDataset(zeros([4, 3]), tensor([0, 1, 2, 3], { dtype: "int32" }));
   * assert.equal(ds.tensors.length, 2);
   * ```
   */
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) {
      throw new RangeError("Cannot create TensorDataset: expected at least one tensor, got none");
    }
    const sizes = tensors.map((t) => (t.ndim === 0 ? "0-d" : t.shape[0]));
    if (sizes.some((s) => s === "0-d" || s !== sizes[0])) {
      throw new RangeError(
        `Cannot create TensorDataset: every tensor needs the same first dimension, got sizes ` +
          `[${sizes.join(", ")}]`,
      );
    }
    this.tensors = tensors;
  }

  /**
   * The number of samples.
   * @returns The shared first dimension.
   * @example Length
   * ```ts
   * import assert from "node:assert/strict";
   * import { TensorDataset, zeros } from "@nabla/autograd";
   * assert.equal(new TensorDataset(zeros([5, 2])).length, 5);
   * ```
   */
  get length(): number {
    return this.tensors[0].shape[0];
  }

  /**
   * One sample: row `index` of every tensor.
   * @param index A sample index in `[0, length)`.
   * @returns One tensor per dataset tensor, without its first dimension.
   * @example A sample
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, TensorDataset } from "@nabla/autograd";
   * const [x] = new TensorDataset(tensor([[1, 2], [3, 4]])).get(0);
   * assert.deepEqual(x.toArray(), [1, 2]);
   * ```
   */
  get(index: number): Tensor[] {
    this.#checkIndex(index);
    return this.tensors.map((t) => t.narrow(0, index, 1).squeeze(0));
  }

  /**
   * The samples at `indices`, stacked: one batch per tensor.
   * @param indices Sample indices in `[0, length)`.
   * @returns One tensor per dataset tensor, with `indices.length` rows.
   * @example A batch
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, TensorDataset } from "@nabla/autograd";
   * const ds = new TensorDataset(tensor([10, 11, 12]));
   * assert.deepEqual(ds.batch([2, 0])[0].toArray(), [12, 10]);
   * ```
   */
  batch(indices: readonly number[]): Tensor[] {
    for (const i of indices) this.#checkIndex(i);
    const index = tensor(Int32Array.from(indices));
    return this.tensors.map((t) => t.indexSelect(0, index));
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(
        `Cannot index TensorDataset: index must be an integer in [0, ${this.length}), got ${index}`,
      );
    }
  }
}

/** Options for {@linkcode DataLoader}. */
export interface DataLoaderOptions {
  /**
   * Samples per batch.
   * @default 1
   */
  batchSize?: number;
  /**
   * Draw a new random order at the start of every pass.
   * @default false
   */
  shuffle?: boolean;
  /**
   * Skip the last batch when it is smaller than `batchSize`.
   * @default false
   */
  dropLast?: boolean;
  /**
   * Seed of the loader's own generator, so the order of every epoch is
   * reproducible (and independent of other random draws).
   * @default 0
   */
  seed?: number;
}

/**
 * Iterates over a {@linkcode TensorDataset} in mini-batches (PyTorch's
 * `DataLoader`). Each `for … of` pass is one epoch; with `shuffle`, each pass
 * draws a fresh order from the loader's seeded generator.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, DataLoader, TensorDataset } from "@nabla/autograd";
 * const loader = new DataLoader(new TensorDataset(arange(10)), { batchSize: 4 });
 * const sizes = [...loader].map(([x]) => x.shape[0]);
 * assert.deepEqual(sizes, [4, 4, 2]);
 * assert.equal(loader.length, 3);
 * ```
 */
export class DataLoader implements Iterable<Tensor[]> {
  /** The dataset batches are drawn from. */
  readonly dataset: TensorDataset;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each pass draws a new random order. */
  readonly shuffle: boolean;
  /** Whether a short last batch is skipped. */
  readonly dropLast: boolean;
  #rng: Random;

  /**
   * Creates a loader over a dataset.
   * @param dataset The samples.
   * @param options Batch size, shuffling, dropping the last batch, seed.
   * @example Shuffled, reproducible epochs
   * ```ts
   * import assert from "node:assert/strict";
   * import { arange, DataLoader, TensorDataset } from "@nabla/autograd";
   * const ds = new TensorDataset(arange(6));
   * const order = (seed: number) =>
   *   [...new DataLoader(ds, { batchSize: 6, shuffle: true, seed })][0][0].toArray();
   * assert.deepEqual(order(1), order(1));
   * ```
   */
  constructor(dataset: TensorDataset, options: DataLoaderOptions = {}) {
    checkOptions("DataLoader", options, ["batchSize", "shuffle", "dropLast", "seed"]);
    const { batchSize = 1, shuffle = false, dropLast = false, seed = 0 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(
        `Cannot create DataLoader: batchSize must be a positive integer, got ${batchSize}`,
      );
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.#rng = new Random(seed);
  }

  /**
   * The number of batches in one pass.
   * @returns `ceil(n / batchSize)`, or `floor(n / batchSize)` with `dropLast`.
   * @example Counting batches
   * ```ts
   * import assert from "node:assert/strict";
   * import { DataLoader, TensorDataset, zeros } from "@nabla/autograd";
   * const ds = new TensorDataset(zeros([10, 1]));
   * assert.equal(new DataLoader(ds, { batchSize: 4, dropLast: true }).length, 2);
   * ```
   */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /**
   * One pass over the dataset, batch by batch.
   * @returns An iterator of batches (one tensor per dataset tensor).
   * @example Iterating
   * ```ts
   * import assert from "node:assert/strict";
   * import { arange, DataLoader, TensorDataset } from "@nabla/autograd";
   * const loader = new DataLoader(new TensorDataset(arange(4)), { batchSize: 2 });
   * assert.deepEqual([...loader].map(([x]) => x.toArray()), [[0, 1], [2, 3]]);
   * ```
   */
  *[Symbol.iterator](): Iterator<Tensor[]> {
    const order = Array.from({ length: this.dataset.length }, (_, i) => i);
    if (this.shuffle) this.#rng.shuffle(order);
    for (let i = 0; i < this.length; i++) {
      yield this.dataset.batch(order.slice(i * this.batchSize, (i + 1) * this.batchSize));
    }
  }
}

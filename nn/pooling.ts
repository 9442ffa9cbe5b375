/**
 * Pooling layers, as PyTorch's `nn.MaxPool1d`, `nn.MaxPool2d`,
 * `nn.AvgPool1d`, `nn.AvgPool2d`, `nn.AdaptiveAvgPool1d` and
 * `nn.AdaptiveAvgPool2d`: no parameters, the functional op with the
 * constructor's settings, and PyTorch's printed form (sizes as given).
 */
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  type AvgPool1dOptions,
  avgPool2d,
  type AvgPool2dOptions,
  checkOptions,
  maxPool1d,
  type MaxPool1dOptions,
  maxPool2d,
  type MaxPool2dOptions,
  type MaxPoolResult,
  type Tensor,
} from "../tensor/mod.ts";
import { Module } from "./module.ts";
import { pyBool } from "./_repr.ts";

/** A size as PyTorch prints what it was given: `2`, `(2, 3)`, `(2,)`, `None`. */
function py(value: number | null | readonly (number | null)[]): string {
  if (value === null) return "None";
  if (typeof value === "number") return String(value);
  return value.length === 1 ? `(${py(value[0])},)` : `(${value.map(py).join(", ")})`;
}

// Only the option names are checked here; sizes are checked by the op when
// the layer runs (PyTorch's pooling constructors do not check them either).
function checked<T extends object>(layer: string, options: T, keys: string[]): T {
  checkOptions(layer, options, keys);
  return options;
}

const MAX_KEYS = ["stride", "padding", "dilation", "returnIndices", "ceilMode"];

/** The output of a max-pooling layer: the values, or `{ values, indices }` with `returnIndices`. */
export type MaxPoolOutput<ReturnIndices extends boolean> = ReturnIndices extends true
  ? MaxPoolResult
  : Tensor;

/** A max-pooling layer's settings as the functional op takes them. */
function maxPoolOptions<Size extends readonly number[]>(layer: MaxPoolNd<Size, boolean>) {
  const { stride, padding, dilation, ceilMode, returnIndices } = layer;
  return { stride, padding, dilation, ceilMode, returnIndices: returnIndices as boolean };
}

/**
 * What every max-pooling layer shares (PyTorch's `_MaxPoolNd`): the
 * settings as given, with the stride defaulting to the kernel size, and
 * PyTorch's printed form. Each layer states its dimensionality and its op.
 *
 * @example Every max-pooling layer is a MaxPoolNd
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxPool1d, MaxPool2d, MaxPoolNd } from "@nabla/autograd";
 * const layers = [new MaxPool1d(3), new MaxPool2d([2, 3], { padding: 1 })];
 * assert.ok(layers.every((layer) => layer instanceof MaxPoolNd));
 * assert.deepEqual(layers.map((layer) => layer.stride), [3, [2, 3]]);
 * ```
 */
export abstract class MaxPoolNd<
  Size extends readonly number[],
  ReturnIndices extends boolean = false,
> extends Module<[Tensor], MaxPoolOutput<ReturnIndices>> {
  /** The window size, as given. */
  readonly kernelSize: number | Size;
  /** The step between windows, as given (default: the kernel size). */
  readonly stride: number | Size;
  /** Implicit `-Infinity` on both sides, as given. */
  readonly padding: number | Size;
  /** The step between the taps of a window, as given. */
  readonly dilation: number | Size;
  /** Whether `forward` returns `{ values, indices }`. */
  readonly returnIndices: ReturnIndices;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;

  /**
   * Keeps the settings; they are checked when the layer runs.
   * @param layer The layer's name, for errors.
   * @param kernelSize The window size, a number or one entry a dimension.
   * @param options `stride` (default the kernel size), `padding`, `dilation`,
   *   `returnIndices`, `ceilMode`.
   * @example Through a layer
   * ```ts
   * import assert from "node:assert/strict";
   * import { MaxPool2d } from "@nabla/autograd";
   * assert.throws(() => new MaxPool2d(2, { strides: 2 } as never), { name: "TypeError", message: /MaxPool2d/ });
   * ```
   */
  protected constructor(
    layer: string,
    kernelSize: number | Size,
    options: {
      stride?: number | Size;
      padding?: number | Size;
      dilation?: number | Size;
      returnIndices?: ReturnIndices;
      ceilMode?: boolean;
    },
  ) {
    super();
    const o = checked(layer, options, MAX_KEYS);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = (o.returnIndices ?? false) as ReturnIndices;
    this.ceilMode = o.ceilMode ?? false;
  }

  /**
   * PyTorch's settings line for this layer (`_MaxPoolNd.extra_repr`).
   * @returns `kernel_size=…, stride=…, padding=…, dilation=…, ceil_mode=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { MaxPool1d, MaxPool2d } from "@nabla/autograd";
   * assert.equal(
   *   new MaxPool2d([2, 3], { stride: 1, ceilMode: true }).extraRepr(),
   *   "kernel_size=(2, 3), stride=1, padding=0, dilation=1, ceil_mode=True",
   * );
   * assert.equal(new MaxPool1d(3, { stride: 1 }).extraRepr(), "kernel_size=3, stride=1, padding=0, dilation=1, ceil_mode=False");
   * ```
   */
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${
      py(this.padding)
    }, dilation=${py(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * 2-D max pooling (PyTorch's `nn.MaxPool2d`): {@linkcode maxPool2d} with
 * the constructor's settings. With `returnIndices: true`, `forward` returns
 * `{ values, indices }` (the type follows the option).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxPool2d, randn } from "@nabla/autograd";
 * const pool = new MaxPool2d(2);
 * assert.deepEqual(pool.forward(randn([8, 16, 24, 24])).shape, [8, 16, 12, 12]);
 * assert.equal(String(pool), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
 * const { indices } = new MaxPool2d(2, { returnIndices: true }).forward(randn([1, 4, 4]));
 * assert.equal(indices.dtype, "int32");
 * ```
 */
export class MaxPool2d<ReturnIndices extends boolean = false>
  extends MaxPoolNd<readonly [number, number], ReturnIndices> {
  /**
   * Creates the layer; its settings are checked when it runs.
   * @param kernelSize The window size, a number or `[kh, kw]`.
   * @param options `stride` (default the kernel size), `padding`, `dilation`,
   *   `returnIndices`, `ceilMode`, as for {@linkcode maxPool2d}.
   * @example Overlapping windows
   * ```ts
   * import assert from "node:assert/strict";
   * import { MaxPool2d, ones } from "@nabla/autograd";
   * const pool = new MaxPool2d(3, { stride: 2, padding: 1 });
   * assert.deepEqual(pool.forward(ones([1, 1, 7, 7])).shape, [1, 1, 4, 4]);
   * ```
   */
  constructor(
    kernelSize: number | readonly [number, number],
    options: MaxPool2dOptions & { returnIndices?: ReturnIndices } = {},
  ) {
    super("MaxPool2d", kernelSize, options);
  }

  /**
   * Pools `x`.
   * @param x `[N, C, H, W]` or `[C, H, W]`.
   * @returns The maxima, or `{ values, indices }` with `returnIndices`.
   * @example Pooling a batch
   * ```ts
   * import assert from "node:assert/strict";
   * import { MaxPool2d, tensor } from "@nabla/autograd";
   * assert.deepEqual(new MaxPool2d(2).forward(tensor([[[1, 2], [3, 4]]])).toArray(), [[[4]]]);
   * ```
   */
  override forward(x: Tensor): MaxPoolOutput<ReturnIndices> {
    return maxPool2d(x, this.kernelSize, maxPoolOptions(this)) as MaxPoolOutput<ReturnIndices>;
  }
}

/**
 * 1-D max pooling (PyTorch's `nn.MaxPool1d`): {@linkcode maxPool1d} with the
 * constructor's settings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxPool1d, tensor } from "@nabla/autograd";
 * const pool = new MaxPool1d(2);
 * assert.deepEqual(pool.forward(tensor([[1, 3, 2, 5]])).toArray(), [[3, 5]]);
 * assert.equal(String(pool), "MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
 * ```
 */
export class MaxPool1d<ReturnIndices extends boolean = false>
  extends MaxPoolNd<readonly [number], ReturnIndices> {
  /**
   * Creates the layer; its settings are checked when it runs.
   * @param kernelSize The window size.
   * @param options `stride` (default the kernel size), `padding`, `dilation`,
   *   `returnIndices`, `ceilMode`, as for {@linkcode maxPool1d}.
   * @example With indices
   * ```ts
   * import assert from "node:assert/strict";
   * import { MaxPool1d, tensor } from "@nabla/autograd";
   * const { indices } = new MaxPool1d(2, { returnIndices: true }).forward(tensor([[1, 3, 2, 5]]));
   * assert.deepEqual(indices.toArray(), [[1, 3]]);
   * ```
   */
  constructor(
    kernelSize: number | readonly [number],
    options: MaxPool1dOptions & { returnIndices?: ReturnIndices } = {},
  ) {
    super("MaxPool1d", kernelSize, options);
  }

  /**
   * Pools `x`.
   * @param x `[N, C, L]` or `[C, L]`.
   * @returns The maxima, or `{ values, indices }` with `returnIndices`.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { MaxPool1d, ones } from "@nabla/autograd";
   * assert.deepEqual(new MaxPool1d(3).forward(ones([2, 4, 9])).shape, [2, 4, 3]);
   * ```
   */
  override forward(x: Tensor): MaxPoolOutput<ReturnIndices> {
    return maxPool1d(x, this.kernelSize, maxPoolOptions(this)) as MaxPoolOutput<ReturnIndices>;
  }
}

/**
 * 2-D average pooling (PyTorch's `nn.AvgPool2d`): {@linkcode avgPool2d}
 * with the constructor's settings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { AvgPool2d, tensor } from "@nabla/autograd";
 * const pool = new AvgPool2d(2);
 * assert.deepEqual(pool.forward(tensor([[[1, 2], [3, 4]]])).toArray(), [[[2.5]]]);
 * assert.equal(String(pool), "AvgPool2d(kernel_size=2, stride=2, padding=0)");
 * ```
 */
export class AvgPool2d extends Module {
  /** The window size, as given. */
  readonly kernelSize: number | readonly [number, number];
  /** The step between windows, as given (default: the kernel size). */
  readonly stride: number | readonly [number, number];
  /** Implicit zeros on both sides, as given. */
  readonly padding: number | readonly [number, number];
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether padding zeros count in the divisor. */
  readonly countIncludePad: boolean;
  /** A fixed divisor, or `undefined` for the window size. */
  readonly divisorOverride: number | undefined;

  /**
   * Creates the layer; its settings are checked when it runs.
   * @param kernelSize The window size, a number or `[kh, kw]`.
   * @param options `stride` (default the kernel size), `padding`, `ceilMode`,
   *   `countIncludePad`, `divisorOverride`, as for {@linkcode avgPool2d}.
   * @example Padding not counted
   * ```ts
   * import assert from "node:assert/strict";
   * import { AvgPool2d, ones } from "@nabla/autograd";
   * const pool = new AvgPool2d(3, { stride: 1, padding: 1, countIncludePad: false });
   * assert.deepEqual(pool.forward(ones([1, 3, 3])).toArray(), ones([1, 3, 3]).toArray());
   * ```
   */
  constructor(kernelSize: number | readonly [number, number], options: AvgPool2dOptions = {}) {
    super();
    const o = checked("AvgPool2d", options, [
      "stride",
      "padding",
      "ceilMode",
      "countIncludePad",
      "divisorOverride",
    ]);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride;
  }

  /**
   * PyTorch's settings line for this layer.
   * @returns `kernel_size=…, stride=…, padding=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { AvgPool2d } from "@nabla/autograd";
   * assert.equal(new AvgPool2d([3, 2], { stride: 1 }).extraRepr(), "kernel_size=(3, 2), stride=1, padding=0");
   * ```
   */
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${
      py(this.padding)
    }`;
  }

  /**
   * Pools `x`.
   * @param x `[N, C, H, W]` or `[C, H, W]`.
   * @returns The averages.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { AvgPool2d, ones } from "@nabla/autograd";
   * assert.deepEqual(new AvgPool2d(2).forward(ones([2, 3, 8, 8])).shape, [2, 3, 4, 4]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    const { stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    const options = { stride, padding, ceilMode, countIncludePad };
    return avgPool2d(
      x,
      this.kernelSize,
      divisorOverride === undefined ? options : { ...options, divisorOverride },
    );
  }
}

/**
 * 1-D average pooling (PyTorch's `nn.AvgPool1d`): {@linkcode avgPool1d} with
 * the constructor's settings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { AvgPool1d, tensor } from "@nabla/autograd";
 * const pool = new AvgPool1d(2);
 * assert.deepEqual(pool.forward(tensor([[1, 3, 2, 6]])).toArray(), [[2, 4]]);
 * assert.equal(String(pool), "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))");
 * ```
 */
export class AvgPool1d extends Module {
  /** The window size `[k]`. */
  readonly kernelSize: readonly [number];
  /** The step between windows `[s]` (default: the kernel size). */
  readonly stride: readonly [number];
  /** Implicit zeros on both sides `[p]`. */
  readonly padding: readonly [number];
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether padding zeros count in the divisor. */
  readonly countIncludePad: boolean;

  /**
   * Creates the layer; its settings are checked when it runs.
   * @param kernelSize The window size.
   * @param options `stride` (default the kernel size), `padding`, `ceilMode`,
   *   `countIncludePad`, as for {@linkcode avgPool1d}.
   * @example Overlapping windows
   * ```ts
   * import assert from "node:assert/strict";
   * import { AvgPool1d, tensor } from "@nabla/autograd";
   * const pool = new AvgPool1d(2, { stride: 1 });
   * assert.deepEqual(pool.forward(tensor([[1, 3, 5]])).toArray(), [[2, 4]]);
   * ```
   */
  constructor(kernelSize: number | readonly [number], options: AvgPool1dOptions = {}) {
    super();
    const o = checked("AvgPool1d", options, ["stride", "padding", "ceilMode", "countIncludePad"]);
    // NOTE: PyTorch stores (and prints) 1-D pooling sizes as 1-tuples.
    const one = (v: number | readonly [number]): readonly [number] =>
      typeof v === "number" ? [v] : v;
    this.kernelSize = one(kernelSize);
    this.stride = one(o.stride ?? kernelSize);
    this.padding = one(o.padding ?? 0);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
  }

  /**
   * PyTorch's settings line for this layer.
   * @returns `kernel_size=(k,), stride=(s,), padding=(p,)`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { AvgPool1d } from "@nabla/autograd";
   * assert.equal(new AvgPool1d(3, { stride: 2, padding: 1 }).extraRepr(), "kernel_size=(3,), stride=(2,), padding=(1,)");
   * ```
   */
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${
      py(this.padding)
    }`;
  }

  /**
   * Pools `x`.
   * @param x `[N, C, L]` or `[C, L]`.
   * @returns The averages.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { AvgPool1d, ones } from "@nabla/autograd";
   * assert.deepEqual(new AvgPool1d(3).forward(ones([2, 4, 9])).shape, [2, 4, 3]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    const { stride, padding, ceilMode, countIncludePad } = this;
    return avgPool1d(x, this.kernelSize, { stride, padding, ceilMode, countIncludePad });
  }
}

/**
 * 2-D adaptive average pooling (PyTorch's `nn.AdaptiveAvgPool2d`): an output
 * of a fixed size whatever the input's, as {@linkcode adaptiveAvgPool2d}.
 *
 * @example Global average pooling before a classifier
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdaptiveAvgPool2d, randn } from "@nabla/autograd";
 * const pool = new AdaptiveAvgPool2d(1);
 * assert.deepEqual(pool.forward(randn([8, 64, 7, 7])).shape, [8, 64, 1, 1]);
 * assert.equal(String(pool), "AdaptiveAvgPool2d(output_size=1)");
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  /** The output size, as given (`null` keeps the input's size). */
  readonly outputSize: number | null | readonly [number | null, number | null];

  /**
   * Creates the layer; the size is checked when it runs.
   * @param outputSize `oh` for a square output, or `[oh, ow]` where `null` keeps the input's size.
   * @example Keeping the width
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdaptiveAvgPool2d, ones } from "@nabla/autograd";
   * const pool = new AdaptiveAvgPool2d([2, null]);
   * assert.deepEqual(pool.forward(ones([1, 6, 5])).shape, [1, 2, 5]);
   * assert.equal(pool.extraRepr(), "output_size=(2, None)");
   * ```
   */
  constructor(outputSize: number | null | readonly [number | null, number | null]) {
    super();
    this.outputSize = outputSize;
  }

  /**
   * PyTorch's settings line for this layer.
   * @returns `output_size=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdaptiveAvgPool2d } from "@nabla/autograd";
   * assert.equal(new AdaptiveAvgPool2d([3, 4]).extraRepr(), "output_size=(3, 4)");
   * ```
   */
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }

  /**
   * Pools `x` to the output size.
   * @param x `[N, C, H, W]` or `[C, H, W]`.
   * @returns The averages.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdaptiveAvgPool2d, ones } from "@nabla/autograd";
   * assert.deepEqual(new AdaptiveAvgPool2d([3, 4]).forward(ones([2, 1, 7, 9])).shape, [2, 1, 3, 4]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}

/**
 * 1-D adaptive average pooling (PyTorch's `nn.AdaptiveAvgPool1d`), as
 * {@linkcode adaptiveAvgPool1d}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdaptiveAvgPool1d, tensor } from "@nabla/autograd";
 * const pool = new AdaptiveAvgPool1d(2);
 * assert.deepEqual(pool.forward(tensor([[1, 3, 2, 6]])).toArray(), [[2, 4]]);
 * assert.equal(String(pool), "AdaptiveAvgPool1d(output_size=2)");
 * ```
 */
export class AdaptiveAvgPool1d extends Module {
  /** The output length, as given. */
  readonly outputSize: number | readonly [number];

  /**
   * Creates the layer; the size is checked when it runs.
   * @param outputSize The output length.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdaptiveAvgPool1d, ones } from "@nabla/autograd";
   * assert.deepEqual(new AdaptiveAvgPool1d(4).forward(ones([2, 3, 9])).shape, [2, 3, 4]);
   * ```
   */
  constructor(outputSize: number | readonly [number]) {
    super();
    this.outputSize = outputSize;
  }

  /**
   * PyTorch's settings line for this layer.
   * @returns `output_size=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdaptiveAvgPool1d } from "@nabla/autograd";
   * assert.equal(new AdaptiveAvgPool1d(4).extraRepr(), "output_size=4");
   * ```
   */
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }

  /**
   * Pools `x` to the output length.
   * @param x `[N, C, L]` or `[C, L]`.
   * @returns The averages.
   * @example Unbatched
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdaptiveAvgPool1d, ones } from "@nabla/autograd";
   * assert.deepEqual(new AdaptiveAvgPool1d(1).forward(ones([3, 9])).shape, [3, 1]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return adaptiveAvgPool1d(x, this.outputSize);
  }
}

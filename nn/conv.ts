/**
 * Convolution layers, initialised and named as PyTorch's `nn.Conv1d`,
 * `nn.Conv2d`, `nn.ConvTranspose1d` and `nn.ConvTranspose2d`: parameters
 * `weight` and `bias`, Kaiming-uniform weights with `a = √5` and biases
 * uniform in `±1/√fanIn`, and PyTorch's printed form.
 */
import {
  checkOptions,
  conv1d,
  type Conv1dOptions,
  conv2d,
  type Conv2dOptions,
  convTranspose1d,
  convTranspose2d,
  type DType,
  type Random,
  type Tensor,
  zeros,
} from "../tensor/mod.ts";
import { kaimingUniform, uniform } from "./init.ts";
import { Module, Parameter } from "./module.ts";
import { pyTuple } from "./_repr.ts";

/** What every convolution layer takes besides the functional options. */
export interface ConvLayerOptions {
  /**
   * Whether to add a learnable bias.
   * @default true
   */
  bias?: boolean;
  /**
   * How the input is padded: only `"zeros"` is supported (PyTorch also has
   * `"reflect"`, `"replicate"` and `"circular"`).
   * @default "zeros"
   */
  paddingMode?: "zeros";
  /**
   * The parameters' dtype, float32 or float64.
   * @default "float32"
   */
  dtype?: DType;
  /**
   * The generator of the initial values.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/** Options of the {@linkcode Conv2d} constructor. */
export interface Conv2dLayerOptions extends Conv2dOptions, ConvLayerOptions {}

/** Options of the {@linkcode Conv1d} constructor. */
export interface Conv1dLayerOptions extends Conv1dOptions, ConvLayerOptions {}

/** Options of the {@linkcode ConvTranspose2d} constructor. */
export interface ConvTranspose2dLayerOptions extends ConvLayerOptions {
  /**
   * Step of the kernel over the output.
   * @default 1
   */
  stride?: number | readonly [number, number];
  /**
   * Padding of the convolution this one transposes.
   * @default 0
   */
  padding?: number | readonly [number, number];
  /**
   * Extra size added to one side of each output dimension, smaller than
   * the stride or the dilation.
   * @default 0
   */
  outputPadding?: number | readonly [number, number];
  /**
   * Number of blocked connections from input to output channels.
   * @default 1
   */
  groups?: number;
  /**
   * Spacing between kernel taps.
   * @default 1
   */
  dilation?: number | readonly [number, number];
}

/** Options of the {@linkcode ConvTranspose1d} constructor. */
export interface ConvTranspose1dLayerOptions extends ConvLayerOptions {
  /**
   * Step of the kernel over the output.
   * @default 1
   */
  stride?: number | readonly [number];
  /**
   * Padding of the convolution this one transposes.
   * @default 0
   */
  padding?: number | readonly [number];
  /**
   * Extra size added to one side of the output.
   * @default 0
   */
  outputPadding?: number | readonly [number];
  /**
   * Number of blocked connections from input to output channels.
   * @default 1
   */
  groups?: number;
  /**
   * Spacing between kernel taps.
   * @default 1
   */
  dilation?: number | readonly [number];
}

// ---------------------------------------------------------------- shared construction

const FUNCTIONAL = ["stride", "padding", "dilation", "groups"];
const LAYER = ["bias", "paddingMode", "dtype", "generator"];

/** `value` as `n` integers >= min, or a RangeError naming the layer. */
function tuple(layer: string, name: string, value: unknown, n: number, min: number): number[] {
  const list = typeof value === "number" ? new Array<number>(n).fill(value) : value;
  const ok = Array.isArray(list) && list.length === n &&
    list.every((v) => typeof v === "number" && Number.isInteger(v) && v >= min);
  if (!ok) {
    const what = min > 0 ? "a positive integer" : "a non-negative integer";
    const shown = Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
    throw new RangeError(
      `Cannot create ${layer}: ${name} must be ${what} or a list of ${n}, got ${shown}`,
    );
  }
  return list as number[];
}

/** The checked sizes and settings of a convolution layer. */
interface ConvSpec {
  kernelSize: number[];
  stride: number[];
  padding: number[] | "same" | "valid";
  dilation: number[];
  outputPadding: number[];
  groups: number;
  bias: boolean;
  dtype: "float32" | "float64";
  generator: Random | undefined;
}

function convSpec(
  layer: string,
  dims: 1 | 2,
  transposed: boolean,
  inChannels: number,
  outChannels: number,
  kernelSize: unknown,
  options: Conv2dLayerOptions | Conv1dLayerOptions | ConvTranspose2dLayerOptions,
): ConvSpec {
  checkOptions(layer, options, [...FUNCTIONAL, ...(transposed ? ["outputPadding"] : []), ...LAYER]);
  for (const [name, n] of [["inChannels", inChannels], ["outChannels", outChannels]] as const) {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`Cannot create ${layer}: ${name} must be a positive integer, got ${n}`);
    }
  }
  const o = options as Omit<ConvTranspose2dLayerOptions, "padding"> & { padding?: unknown };
  const { groups = 1, bias = true, paddingMode = "zeros", dtype = "float32", generator } = o;
  if (!Number.isInteger(groups) || groups < 1) {
    throw new RangeError(
      `Cannot create ${layer}: groups must be a positive integer, got ${groups}`,
    );
  }
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new RangeError(
      `Cannot create ${layer}: inChannels ${inChannels} and outChannels ${outChannels} must ` +
        `both be divisible by groups ${groups}`,
    );
  }
  if (paddingMode !== "zeros") {
    throw new RangeError(
      `Cannot create ${layer}: paddingMode ${
        JSON.stringify(paddingMode)
      } is not supported; only "zeros" is (pad the input with Tensor.pad() for other modes)`,
    );
  }
  if (dtype !== "float32" && dtype !== "float64") {
    throw new RangeError(`Cannot create ${layer}: dtype must be float32 or float64, got ${dtype}`);
  }
  const stride = tuple(layer, "stride", o.stride ?? 1, dims, 1);
  const padding = o.padding === "same" || o.padding === "valid"
    ? o.padding
    : tuple(layer, "padding", o.padding ?? 0, dims, 0);
  if (transposed && typeof padding === "string") {
    throw new RangeError(`Cannot create ${layer}: padding must be a number or a list of them`);
  }
  if (padding === "same" && stride.some((s) => s !== 1)) {
    throw new RangeError(
      `Cannot create ${layer}: padding "same" needs stride 1, got stride [${stride.join(", ")}]`,
    );
  }
  return {
    kernelSize: tuple(layer, "kernelSize", kernelSize, dims, 1),
    stride,
    padding,
    dilation: tuple(layer, "dilation", o.dilation ?? 1, dims, 1),
    outputPadding: tuple(layer, "outputPadding", o.outputPadding ?? 0, dims, 0),
    groups,
    bias,
    dtype,
    generator,
  };
}

/** PyTorch's `_ConvNd.reset_parameters`: the weight's fan-in is `shape[1] · Π kernel`. */
function initialParameters(
  weightShape: number[],
  spec: ConvSpec,
  biasSize: number,
): [Parameter, Parameter | null] {
  const { dtype, generator } = spec;
  const weight = new Parameter(zeros(weightShape, { dtype }));
  // NOTE: gain √(2/(1+5)) and bound gain·√(3/fanIn) make U(±1/√fanIn), as in PyTorch.
  kaimingUniform(weight, { a: Math.sqrt(5), generator });
  if (!spec.bias) return [weight, null];
  const bias = new Parameter(zeros([biasSize], { dtype }));
  const fanIn = weightShape.slice(1).reduce((a, b) => a * b, 1);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform(bias, { a: -bound, b: bound, generator });
  return [weight, bias];
}

/**
 * What every convolution layer shares (PyTorch's `_ConvNd`): the checked
 * settings as tuples of the layer's dimensionality, the `weight` and `bias`
 * parameters with PyTorch's initialisation, and PyTorch's printed form.
 * Each layer states only its dimensionality, weight layout and functional op.
 *
 * @example Every convolution layer is a ConvNd
 * ```ts
 * import assert from "node:assert/strict";
 * import { Conv1d, ConvNd, ConvTranspose2d } from "@nabla/autograd";
 * const layers = [new Conv1d(2, 4, 3), new ConvTranspose2d(4, 2, 3, { bias: false })];
 * assert.ok(layers.every((layer) => layer instanceof ConvNd));
 * assert.deepEqual(layers.map((layer) => layer.weight.shape), [[4, 2, 3], [4, 2, 3, 3]]);
 * ```
 */
export abstract class ConvNd<
  Size extends readonly number[],
  Padding extends Size | "same" | "valid" = Size | "same" | "valid",
> extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output (filters). */
  readonly outChannels: number;
  /** The filter size, one entry a dimension (`[kh, kw]` in 2-D). */
  readonly kernelSize: Size;
  /** Step of the filters over the input (over the output if transposed), one entry a dimension. */
  readonly stride: Size;
  /** Zeros added on both sides, one entry a dimension, or `"same"` / `"valid"` (not transposed). */
  readonly padding: Padding;
  /** Spacing between filter taps, one entry a dimension. */
  readonly dilation: Size;
  /** Number of channel groups. */
  readonly groups: number;
  /** How the input is padded (always `"zeros"`). */
  readonly paddingMode: "zeros" = "zeros";
  /**
   * The filters, `[outChannels, inChannels / groups, ...kernelSize]`, or
   * `[inChannels, outChannels / groups, ...kernelSize]` if transposed.
   */
  weight: Parameter;
  /** The bias, `[outChannels]`, or `null` without bias. */
  bias: Parameter | null;

  /**
   * Checks the settings and creates the parameters with PyTorch's default
   * initialisation (PyTorch's `_ConvNd.__init__`); called by each layer.
   * @param layer The layer's name, for errors.
   * @param dims The number of spatial dimensions.
   * @param transposed Whether the layer is a transposed convolution: its
   *   weight is `[inChannels, outChannels / groups, ...]` and it keeps an
   *   `outputPadding`.
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The filter size, a number or one entry a dimension.
   * @param options The layer's options.
   * @example Through a layer
   * ```ts
   * import assert from "node:assert/strict";
   * import { Conv2d } from "@nabla/autograd";
   * assert.throws(() => new Conv2d(3, 4, 3, { groups: 2 }), {
   *   name: "RangeError",
   *   message: /Cannot create Conv2d: inChannels 3 and outChannels 4 must both be divisible by groups 2/,
   * });
   * ```
   */
  protected constructor(
    layer: string,
    dims: 1 | 2,
    transposed: boolean,
    inChannels: number,
    outChannels: number,
    kernelSize: number | Size,
    options:
      | Conv2dLayerOptions
      | Conv1dLayerOptions
      | ConvTranspose2dLayerOptions
      | ConvTranspose1dLayerOptions,
  ) {
    super();
    const spec = convSpec(layer, dims, transposed, inChannels, outChannels, kernelSize, options);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    // NOTE: the spec's lists may be the caller's: copies, so the layer never shares one.
    const own = <T>(v: readonly number[]) => [...v] as unknown as T;
    this.kernelSize = own(spec.kernelSize);
    this.stride = own(spec.stride);
    this.padding = typeof spec.padding === "string" ? spec.padding as Padding : own(spec.padding);
    this.dilation = own(spec.dilation);
    if (transposed) Object.assign(this, { outputPadding: own(spec.outputPadding) });
    this.groups = spec.groups;
    const [a, b] = transposed ? [inChannels, outChannels] : [outChannels, inChannels];
    const shape = [a, b / spec.groups, ...spec.kernelSize];
    [this.weight, this.bias] = initialParameters(shape, spec, outChannels);
  }

  /**
   * PyTorch's settings line for this layer (`_ConvNd.extra_repr`).
   * @returns `in, out, kernel_size=(…), stride=(…)` and the settings that differ from the defaults.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d } from "@nabla/autograd";
   * const conv = new Conv2d(4, 8, 3, { stride: 2, groups: 2, bias: false });
   * assert.equal(conv.extraRepr(), "4, 8, kernel_size=(3, 3), stride=(2, 2), groups=2, bias=False");
   * assert.equal(new Conv1d(1, 2, 3, { dilation: 2 }).extraRepr(), "1, 2, kernel_size=(3,), stride=(1,), dilation=(2,)");
   * assert.equal(new ConvTranspose2d(2, 1, 2).extraRepr(), "2, 1, kernel_size=(2, 2), stride=(1, 1)");
   * assert.equal(new ConvTranspose1d(1, 1, 2, { bias: false }).extraRepr(), "1, 1, kernel_size=(2,), stride=(1,), bias=False");
   * ```
   */
  override extraRepr(): string {
    const { padding, dilation, groups } = this;
    const outputPadding = (this as { outputPadding?: readonly number[] }).outputPadding;
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${
      pyTuple(this.kernelSize)
    }, stride=${pyTuple(this.stride)}`;
    if (typeof padding === "string") s += `, padding=${padding}`;
    else if (padding.some((p) => p !== 0)) s += `, padding=${pyTuple(padding)}`;
    if (dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(dilation)}`;
    if (outputPadding?.some((p) => p !== 0)) s += `, output_padding=${pyTuple(outputPadding)}`;
    if (groups !== 1) s += `, groups=${groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}

// ---------------------------------------------------------------- layers

/**
 * A 2-D convolution layer (PyTorch's `nn.Conv2d`): `conv2d(x, weight,
 * bias, options)` with a learnable `weight` of shape `[outChannels,
 * inChannels / groups, kh, kw]` and `bias` of shape `[outChannels]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Conv2d, manualSeed, randn } from "@nabla/autograd";
 * manualSeed(0);
 * const conv = new Conv2d(1, 8, 3, { padding: 1 });
 * assert.deepEqual(conv.forward(randn([4, 1, 28, 28])).shape, [4, 8, 28, 28]);
 * assert.equal(String(conv), "Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
 * assert.deepEqual(Object.keys(conv.stateDict()), ["weight", "bias"]);
 * ```
 */
export class Conv2d extends ConvNd<readonly [number, number]> {
  /**
   * Creates the layer with PyTorch's default initialisation.
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The filter size, a number or `[kh, kw]`.
   * @param options `stride`, `padding`, `dilation`, `groups` (as for
   *   {@linkcode conv2d}), `bias` (default `true`), `paddingMode` (`"zeros"`),
   *   `dtype` (default float32), `generator`.
   * @example A depthwise layer without bias
   * ```ts
   * import assert from "node:assert/strict";
   * import { Conv2d } from "@nabla/autograd";
   * const conv = new Conv2d(4, 4, [3, 1], { groups: 4, bias: false, dtype: "float64" });
   * assert.deepEqual(conv.weight.shape, [4, 1, 3, 1]);
   * assert.equal(conv.bias, null);
   * assert.throws(() => new Conv2d(3, 4, 3, { groups: 2 }), { name: "RangeError" });
   * ```
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: Conv2dLayerOptions = {},
  ) {
    super("Conv2d", 2, false, inChannels, outChannels, kernelSize, options);
  }

  /**
   * Convolves `x` with the layer's filters.
   * @param x `[N, inChannels, H, W]`, or `[inChannels, H, W]` unbatched.
   * @returns `[N, outChannels, oh, ow]` (or unbatched).
   * @example Strided
   * ```ts
   * import assert from "node:assert/strict";
   * import { Conv2d, ones } from "@nabla/autograd";
   * assert.deepEqual(new Conv2d(3, 2, 3, { stride: 2 }).forward(ones([3, 9, 9])).shape, [2, 4, 4]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return conv2d(x, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}

/**
 * A 1-D convolution layer (PyTorch's `nn.Conv1d`): a learnable `weight`
 * `[outChannels, inChannels / groups, k]` and `bias` `[outChannels]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Conv1d, randn } from "@nabla/autograd";
 * const conv = new Conv1d(2, 4, 3, { padding: "same" });
 * assert.deepEqual(conv.forward(randn([5, 2, 10])).shape, [5, 4, 10]);
 * assert.equal(String(conv), "Conv1d(2, 4, kernel_size=(3,), stride=(1,), padding=same)");
 * ```
 */
export class Conv1d extends ConvNd<readonly [number]> {
  /**
   * Creates the layer with PyTorch's default initialisation.
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The filter size.
   * @param options `stride`, `padding`, `dilation`, `groups`, `bias`, `paddingMode`, `dtype`, `generator`.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { Conv1d } from "@nabla/autograd";
   * assert.deepEqual(new Conv1d(4, 6, 5, { groups: 2 }).weight.shape, [6, 2, 5]);
   * ```
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number],
    options: Conv1dLayerOptions = {},
  ) {
    super("Conv1d", 1, false, inChannels, outChannels, kernelSize, options);
  }

  /**
   * Convolves `x` with the layer's filters.
   * @param x `[N, inChannels, L]`, or `[inChannels, L]` unbatched.
   * @returns `[N, outChannels, out]` (or unbatched).
   * @example Unbatched
   * ```ts
   * import assert from "node:assert/strict";
   * import { Conv1d, ones } from "@nabla/autograd";
   * assert.deepEqual(new Conv1d(3, 2, 2).forward(ones([3, 5])).shape, [2, 4]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return conv1d(x, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}

/**
 * A 2-D transposed convolution layer (PyTorch's `nn.ConvTranspose2d`): a
 * learnable `weight` `[inChannels, outChannels / groups, kh, kw]` and
 * `bias` `[outChannels]`; it maps a `Conv2d` output size back to its input
 * size (learned upsampling).
 *
 * @example Doubling the resolution
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConvTranspose2d, randn } from "@nabla/autograd";
 * const up = new ConvTranspose2d(8, 4, 3, { stride: 2, padding: 1, outputPadding: 1 });
 * assert.deepEqual(up.forward(randn([2, 8, 7, 7])).shape, [2, 4, 14, 14]);
 * assert.equal(
 *   String(up),
 *   "ConvTranspose2d(8, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
 * );
 * ```
 */
export class ConvTranspose2d extends ConvNd<readonly [number, number], readonly [number, number]> {
  /** Extra output size on one side `[oph, opw]`. */
  declare readonly outputPadding: readonly [number, number];

  /**
   * Creates the layer with PyTorch's default initialisation.
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The filter size, a number or `[kh, kw]`.
   * @param options `stride`, `padding`, `outputPadding`, `groups`, `dilation`,
   *   `bias`, `paddingMode`, `dtype`, `generator`.
   * @example The weight's layout
   * ```ts
   * import assert from "node:assert/strict";
   * import { ConvTranspose2d } from "@nabla/autograd";
   * assert.deepEqual(new ConvTranspose2d(4, 6, 2, { groups: 2 }).weight.shape, [4, 3, 2, 2]);
   * ```
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: ConvTranspose2dLayerOptions = {},
  ) {
    super("ConvTranspose2d", 2, true, inChannels, outChannels, kernelSize, options);
  }

  /**
   * Applies the transposed convolution.
   * @param x `[N, inChannels, H, W]`, or `[inChannels, H, W]` unbatched.
   * @returns `[N, outChannels, oh, ow]` with `oh = (H - 1)·sh - 2·ph + dh·(kh - 1) + oph + 1`.
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { ConvTranspose2d, ones } from "@nabla/autograd";
   * assert.deepEqual(new ConvTranspose2d(3, 2, 3).forward(ones([3, 4, 4])).shape, [2, 6, 6]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    const { stride, padding, outputPadding, groups, dilation } = this;
    const options = { stride, padding, outputPadding, groups, dilation };
    return convTranspose2d(x, this.weight, this.bias, options);
  }
}

/**
 * A 1-D transposed convolution layer (PyTorch's `nn.ConvTranspose1d`): a
 * learnable `weight` `[inChannels, outChannels / groups, k]` and `bias`
 * `[outChannels]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConvTranspose1d, randn } from "@nabla/autograd";
 * const up = new ConvTranspose1d(4, 2, 4, { stride: 2, padding: 1 });
 * assert.deepEqual(up.forward(randn([3, 4, 10])).shape, [3, 2, 20]);
 * ```
 */
export class ConvTranspose1d extends ConvNd<readonly [number], readonly [number]> {
  /** Extra output size on one side `[op]`. */
  declare readonly outputPadding: readonly [number];

  /**
   * Creates the layer with PyTorch's default initialisation.
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The filter size.
   * @param options `stride`, `padding`, `outputPadding`, `groups`, `dilation`,
   *   `bias`, `paddingMode`, `dtype`, `generator`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { ConvTranspose1d } from "@nabla/autograd";
   * assert.equal(String(new ConvTranspose1d(4, 8, 3)), "ConvTranspose1d(4, 8, kernel_size=(3,), stride=(1,))");
   * ```
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number],
    options: ConvTranspose1dLayerOptions = {},
  ) {
    super("ConvTranspose1d", 1, true, inChannels, outChannels, kernelSize, options);
  }

  /**
   * Applies the transposed convolution.
   * @param x `[N, inChannels, L]`, or `[inChannels, L]` unbatched.
   * @returns `[N, outChannels, (L - 1)·s - 2p + d·(k - 1) + op + 1]` (or unbatched).
   * @example Shapes
   * ```ts
   * import assert from "node:assert/strict";
   * import { ConvTranspose1d, ones } from "@nabla/autograd";
   * assert.deepEqual(new ConvTranspose1d(3, 2, 3).forward(ones([1, 3, 4])).shape, [1, 2, 6]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    const { stride, padding, outputPadding, groups, dilation } = this;
    const options = { stride, padding, outputPadding, groups, dilation };
    return convTranspose1d(x, this.weight, this.bias, options);
  }
}

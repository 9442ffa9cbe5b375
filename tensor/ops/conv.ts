/**
 * Convolutions, as `torch.nn.functional` has them, on im2col and the matmul
 * kernel that `Tensor.matmul` uses. Five primitives, in adjoint pairs so that
 * every backward is made of primitives and any derivative order works:
 *
 * - `Unfold` (im2col) and `Fold` (col2im), each the other's backward: the
 *   public `unfold` and `fold`.
 * - `Conv2d` (`y = w ⋆ x`), `ConvTranspose2d` (its adjoint in `x`) and
 *   `ConvWeight` (its adjoint in `w`): the gradients of each are the other
 *   two, as in PyTorch (`dx = convT(g, w)`, `dw = convWeight(x, g)`; for
 *   `convT(z, w)`, `dz = conv(g, w)`, `dw = convWeight(g, z)`; for
 *   `convWeight(x, g)`, `dx = convT(g, gw)`, `dg = conv(x, gw)`). They are
 *   fused (im2col of one sample at a time into a reused buffer, then one
 *   product) rather than composed from `Unfold` and `Matmul`, which held the
 *   columns of the whole batch: see `kernels/conv.ts`.
 *
 * `conv2d` adds the bias by broadcasting; `conv1d` and `convTranspose1d` are
 * the 2-D ones over a height of 1. Shapes and options are checked here, at
 * the public entry, in PyTorch's terms; kernels never validate.
 */
import { AutogradFunction, isTensor, trustBackward } from "../autograd.ts";
import { isFloatingPoint } from "../dtype.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { fmt } from "../_shape.ts";
import { checkOptions } from "../options.ts";
import * as kernels from "../kernels/conv.ts";
import type { Windows2d } from "../kernels/conv.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";

// ---------------------------------------------------------------- primitives

/**
 * im2col: the `[N, C·kh·kw, oh·ow]` columns of a 4-D input, one column per
 * window position, as `F.unfold` (windows validated by the caller).
 */
export class Unfold extends AutogradFunction {
  #windows: Windows2d | null = null;
  #size: [number, number] = [0, 0];
  /** Copies every window of `x` into a column (zeros where it reads the padding). */
  override forward(x: Tensor, windows: Windows2d): Tensor {
    const [n, c, h, w] = x.shape;
    this.#windows = windows;
    this.#size = [h, w];
    const [kh, kw] = windows.kernel;
    const [oh, ow] = windows.blocks;
    return fromData(kernels.unfold(viewOf(x), windows, x.dtype), [n, c * kh * kw, oh * ow]);
  }
  /** dx = fold(g): each column entry's gradient goes back to the element it copied. */
  override backward(g: Tensor): [Tensor] {
    return [Fold.apply(g, this.#windows!, this.#size)];
  }
}

/**
 * col2im: sums `[N, C·kh·kw, oh·ow]` columns into a `[N, C, H, W]` tensor,
 * as `F.fold` (the adjoint of {@linkcode Unfold}; sizes validated by the caller).
 */
export class Fold extends AutogradFunction {
  #windows: Windows2d | null = null;
  /** Adds each column entry into the element its window position covers. */
  override forward(cols: Tensor, windows: Windows2d, size: readonly [number, number]): Tensor {
    this.#windows = windows;
    const [kh, kw] = windows.kernel;
    const shape = [cols.shape[0], cols.shape[1] / (kh * kw), size[0], size[1]];
    return fromData(kernels.fold(viewOf(cols), windows, size, cols.dtype), shape);
  }
  /** d cols = unfold(g): each entry was added to one element, whose gradient it reads. */
  override backward(g: Tensor): [Tensor] {
    return [Unfold.apply(g, this.#windows!)];
  }
}

/** The sum of `g` over all but the channel dimension: the gradient of a bias. */
function biasGrad(g: Tensor): Tensor {
  return g.sum([0, 2, 3]);
}

/**
 * 2-D convolution of a `[N, C, H, W]` input by `[O, C / groups, kh, kw]`
 * filters, plus an optional bias `[O]` (windows and shapes validated by the
 * caller).
 */
export class Conv2d extends AutogradFunction {
  #windows: Windows2d | null = null;
  #groups = 1;
  /** Convolves, one im2col and one product per sample; saves the input and the filters. */
  override forward(
    x: Tensor,
    weight: Tensor,
    bias: Tensor | null,
    windows: Windows2d,
    groups: number,
  ): Tensor {
    this.#windows = windows;
    this.#groups = groups;
    this.saveForBackward(x, weight);
    const w = viewOf(weight.contiguous());
    const b = bias === null ? null : viewOf(bias);
    const shape = [x.shape[0], weight.shape[0], ...windows.blocks];
    return fromData(kernels.conv2d(viewOf(x), w, b, windows, groups, x.dtype), shape);
  }
  /** dx = convTranspose(g, w), dw = convWeight(x, g), db = Σ g over samples and positions. */
  override backward(g: Tensor): [Tensor | null, Tensor | null, Tensor | null] {
    const [x, w] = this.savedTensors;
    const windows = this.#windows!;
    const size: [number, number] = [x.shape[2], x.shape[3]];
    const groups = this.#groups;
    return [
      this.needsInputGrad[0] ? ConvTranspose2d.apply(g, w, null, windows, groups, size) : null,
      this.needsInputGrad[1] ? ConvWeight.apply(x, g, windows, groups) : null,
      this.needsInputGrad[2] ? biasGrad(g) : null,
    ];
  }
}

/**
 * The adjoint of {@linkcode Conv2d} in its input: `[N, O, oh, ow]` to
 * `[N, C, ...size]` by `[O, C / groups, kh, kw]` filters (a transposed
 * convolution), plus an optional bias `[C]`.
 */
export class ConvTranspose2d extends AutogradFunction {
  #windows: Windows2d | null = null;
  #groups = 1;
  /** One product and one col2im per sample (a convolution for stride 1); saves z and the filters. */
  override forward(
    z: Tensor,
    weight: Tensor,
    bias: Tensor | null,
    windows: Windows2d,
    groups: number,
    size: readonly [number, number],
  ): Tensor {
    this.#windows = windows;
    this.#groups = groups;
    this.saveForBackward(z, weight);
    const w = viewOf(weight.contiguous());
    const b = bias === null ? null : viewOf(bias);
    const shape = [z.shape[0], weight.shape[1] * groups, size[0], size[1]];
    const data = kernels.convTranspose2d(viewOf(z), w, b, windows, groups, size, z.dtype);
    return fromData(data, shape);
  }
  /** dz = conv(g, w), dw = convWeight(g, z), db = Σ g over samples and positions. */
  override backward(g: Tensor): [Tensor | null, Tensor | null, Tensor | null] {
    const [z, w] = this.savedTensors;
    const windows = this.#windows!;
    return [
      this.needsInputGrad[0] ? Conv2d.apply(g, w, null, windows, this.#groups) : null,
      this.needsInputGrad[1] ? ConvWeight.apply(g, z, windows, this.#groups) : null,
      this.needsInputGrad[2] ? biasGrad(g) : null,
    ];
  }
}

/**
 * The adjoint of {@linkcode Conv2d} in its filters: `Σ_n g[n, o] ⋆ x[n, c]`,
 * a `[O, C / groups, kh, kw]` tensor (the weight gradient of a convolution).
 */
export class ConvWeight extends AutogradFunction {
  #windows: Windows2d | null = null;
  #groups = 1;
  /** One im2col and one product per sample, summed; saves both inputs. */
  override forward(x: Tensor, g: Tensor, windows: Windows2d, groups: number): Tensor {
    this.#windows = windows;
    this.#groups = groups;
    this.saveForBackward(x, g);
    const shape = [g.shape[1], x.shape[1] / groups, ...windows.kernel];
    const data = kernels.convWeight(viewOf(x), viewOf(g), windows, groups, x.dtype);
    return fromData(data, shape);
  }
  /** dx = convTranspose(g, gw), dg = conv(x, gw), for the gradient gw of the filters. */
  override backward(gw: Tensor): [Tensor | null, Tensor | null] {
    const [x, g] = this.savedTensors;
    const windows = this.#windows!;
    const size: [number, number] = [x.shape[2], x.shape[3]];
    return [
      this.needsInputGrad[0]
        ? ConvTranspose2d.apply(g, gw, null, windows, this.#groups, size)
        : null,
      this.needsInputGrad[1] ? Conv2d.apply(x, gw, null, windows, this.#groups) : null,
    ];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Unfold, Fold, Conv2d, ConvTranspose2d, ConvWeight);

// ---------------------------------------------------------------- options

/** Options of {@linkcode unfold} and {@linkcode fold}. */
export interface UnfoldOptions {
  /**
   * Step between the taps of a window (`1`: adjacent elements).
   * @default 1
   */
  dilation?: number | readonly [number, number];
  /**
   * Implicit zeros added on both sides of each spatial dimension.
   * @default 0
   */
  padding?: number | readonly [number, number];
  /**
   * Step between windows.
   * @default 1
   */
  stride?: number | readonly [number, number];
}

/** Options of {@linkcode conv2d}. */
export interface Conv2dOptions {
  /**
   * Step of the kernel over the input, one number or `[sh, sw]`.
   * @default 1
   */
  stride?: number | readonly [number, number];
  /**
   * Implicit zeros on both sides of the input: one number, `[ph, pw]`,
   * `"valid"` (none) or `"same"` (as much as keeps the output the size of the
   * input, stride 1 only; for an even dilated kernel the extra zero goes
   * after, as in PyTorch).
   * @default 0
   */
  padding?: number | readonly [number, number] | "valid" | "same";
  /**
   * Spacing between kernel taps.
   * @default 1
   */
  dilation?: number | readonly [number, number];
  /**
   * Number of blocked connections from input channels to output channels:
   * both channel counts must be divisible by it, and output channel group
   * `g` sees input channel group `g` only (`groups = C` is depthwise).
   * @default 1
   */
  groups?: number;
}

/** Options of {@linkcode conv1d}. */
export interface Conv1dOptions {
  /**
   * Step of the kernel over the input.
   * @default 1
   */
  stride?: number | readonly [number];
  /**
   * Implicit zeros on both sides: a number, `"valid"` (none) or `"same"`
   * (stride 1 only; an odd total puts the extra zero after).
   * @default 0
   */
  padding?: number | readonly [number] | "valid" | "same";
  /**
   * Spacing between kernel taps.
   * @default 1
   */
  dilation?: number | readonly [number];
  /**
   * Number of blocked connections from input to output channels.
   * @default 1
   */
  groups?: number;
}

/** Options of {@linkcode convTranspose2d}. */
export interface ConvTranspose2dOptions {
  /**
   * Step of the kernel over the output (the stride of the convolution this
   * one transposes).
   * @default 1
   */
  stride?: number | readonly [number, number];
  /**
   * `dilation · (kernel - 1) - padding` zeros are added on both sides of the
   * input: the padding of the convolution this one transposes.
   * @default 0
   */
  padding?: number | readonly [number, number];
  /**
   * Extra size added to one side of each output dimension, to pick among
   * the output sizes a strided convolution maps to one input size; smaller
   * than the stride or the dilation.
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

/** Options of {@linkcode convTranspose1d}. */
export interface ConvTranspose1dOptions {
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
   * Extra size added to one side of the output; smaller than the stride or the dilation.
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

// ---------------------------------------------------------------- checks

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * `value` (a number, or a list of `n` numbers) as `n` integers `>= min`.
 * Throws a RangeError naming the op and the option otherwise.
 */
export function sizes(
  op: string,
  action: string,
  name: string,
  value: unknown,
  n: 1 | 2,
  min: number,
): number[] {
  const list = typeof value === "number" ? new Array<number>(n).fill(value) : value;
  const ok = Array.isArray(list) && list.length === n &&
    list.every((v) => typeof v === "number" && Number.isInteger(v) && v >= min);
  if (!ok) {
    const what = min > 0 ? "a positive integer" : "a non-negative integer";
    const many = n === 2 ? "a pair of them" : "a list of one";
    throw new RangeError(
      `Cannot ${action} in ${op}(): ${name} must be ${what} or ${many}, got ${show(value)}`,
    );
  }
  return list as number[];
}

/** Throws a TypeError unless `x` is a float tensor. */
export function checkFloatTensor(op: string, action: string, name: string, x: unknown): Tensor {
  if (!isTensor(x)) {
    const got = x === null ? "null" : typeof x;
    throw new TypeError(`Cannot ${action} ${got} in ${op}(): the ${name} must be a Tensor`);
  }
  if (!isFloatingPoint(x.dtype)) {
    throw new DTypeError(
      `Cannot ${action} ${/^[aeiou]/.test(name) ? "an" : "a"} ${name} of dtype ${x.dtype} in ` +
        `${op}(): only float32 and float64 ` +
        "are supported; convert with float() first",
      { op, dtypes: [x.dtype] },
    );
  }
  return x;
}

/**
 * The windows of a kernel over a spatial size, or a ShapeError when the
 * dilated kernel does not fit in the padded input.
 */
function windowsOver(
  fail: (why: string) => never,
  size: readonly number[],
  kernel: readonly number[],
  stride: readonly number[],
  dilation: readonly number[],
  before: readonly number[],
  total: readonly number[],
): Windows2d {
  const span = kernel.map((k, d) => dilation[d] * (k - 1) + 1);
  const padded = size.map((s, d) => s + total[d]);
  if (padded.some((p, d) => p < span[d])) {
    fail(
      `the padded input size ${fmt(padded)} is smaller than the dilated kernel size ` +
        `${fmt(span)} (kernel ${fmt(kernel)}, dilation ${fmt(dilation)})`,
    );
  }
  const blocks = padded.map((p, d) => Math.floor((p - span[d]) / stride[d]) + 1);
  return lift({ kernel, stride, dilation, padding: before, blocks });
}

// 1-D windows as 2-D ones over a height of 1.
function lift(w: Record<keyof Windows2d, readonly number[]>): Windows2d {
  const two = (v: readonly number[], one: number) =>
    (v.length === 2 ? [v[0], v[1]] : [one, v[0]]) as [number, number];
  return {
    kernel: two(w.kernel, 1),
    stride: two(w.stride, 1),
    dilation: two(w.dilation, 1),
    padding: two(w.padding, 0),
    blocks: two(w.blocks, 1),
  };
}

/** Checked arguments of a convolution, lifted to 2-D and batched. */
interface ConvArgs {
  x: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  groups: number;
  batched: boolean;
  fail: (why: string) => never;
}

function checkConvArgs(
  op: string,
  dims: 1 | 2,
  transposed: boolean,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  groups: number,
): ConvArgs {
  checkFloatTensor(op, "convolve", "input", x);
  checkFloatTensor(op, "convolve", "weight", weight);
  const shapes = [x.shape, weight.shape, ...(bias ? [bias.shape] : [])];
  const fail = (why: string): never => {
    throw new ShapeError(
      `Cannot convolve ${fmt(x.shape)} with weight ${fmt(weight.shape)} in ${op}(): ${why}`,
      { op, shapes },
    );
  };
  if (bias !== null && bias !== undefined) checkFloatTensor(op, "convolve", "bias", bias);
  for (const t of [weight, ...(bias ? [bias] : [])]) {
    if (t.dtype !== x.dtype) {
      throw new DTypeError(
        `Cannot convolve a ${x.dtype} input with a ${t.dtype} ${
          t === weight ? "weight" : "bias"
        } in ${op}(): all need one dtype; convert with float() or double()`,
        { op, dtypes: [x.dtype, t.dtype] },
      );
    }
  }
  if (!Number.isInteger(groups) || groups < 1) {
    throw new RangeError(
      `Cannot convolve in ${op}(): groups must be a positive integer, got ${show(groups)}`,
    );
  }
  const spatial = dims === 2 ? "kh, kw" : "k";
  const layout = transposed
    ? `[inChannels, outChannels / groups, ${spatial}]`
    : `[outChannels, inChannels / groups, ${spatial}]`;
  if (weight.ndim !== dims + 2) fail(`the weight must be ${dims + 2}-d ${layout}`);
  if (x.ndim !== dims + 1 && x.ndim !== dims + 2) {
    fail(
      `expected a ${dims + 1}-d (unbatched) or ${dims + 2}-d (batched) input, got ${x.ndim}-d`,
    );
  }
  const batched = x.ndim === dims + 2;
  const channels = x.shape[batched ? 1 : 0];
  const unbatched = batched
    ? ""
    : ` (a ${dims + 1}-d input is one unbatched sample [C, ${
      dims === 2 ? "H, W" : "L"
    }]; add a batch dimension with unsqueeze(0) if it is a batch)`;
  if (!transposed) {
    if (weight.shape[0] % groups !== 0) {
      fail(`the weight's ${weight.shape[0]} output channels are not divisible by groups ${groups}`);
    }
    if (channels !== weight.shape[1] * groups) {
      const perGroup = groups === 1 ? "" : ` (${weight.shape[1]} per group × groups ${groups})`;
      const expects = weight.shape[1] * groups;
      fail(
        `the input has ${channels} channels, the weight expects ${expects}${perGroup}${unbatched}`,
      );
    }
  } else {
    if (weight.shape[0] % groups !== 0) {
      fail(`the weight's ${weight.shape[0]} input channels are not divisible by groups ${groups}`);
    }
    if (channels !== weight.shape[0]) {
      fail(`the input has ${channels} channels, the weight expects ${weight.shape[0]}${unbatched}`);
    }
  }
  const outChannels = transposed ? weight.shape[1] * groups : weight.shape[0];
  if (bias !== null && bias !== undefined && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    fail(
      `the bias has shape ${fmt(bias.shape)}, expected [${outChannels}] (one per output channel)`,
    );
  }
  // Lift to 2-D over a height of 1, and add the batch dimension.
  let x4 = batched ? x : x.unsqueeze(0);
  let w4 = weight;
  if (dims === 1) {
    x4 = x4.unsqueeze(2);
    w4 = w4.unsqueeze(2);
  }
  return { x: x4, weight: w4, bias: bias ?? null, groups, batched, fail };
}

/** Undoes the lifting of {@linkcode checkConvArgs}. */
function lower(y: Tensor, dims: 1 | 2, batched: boolean): Tensor {
  const out = dims === 1 ? y.squeeze(2) : y;
  return batched ? out : out.squeeze(0);
}

// ---------------------------------------------------------------- convolutions

function conv(
  op: string,
  dims: 1 | 2,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: Conv2dOptions | Conv1dOptions,
): Tensor {
  checkOptions(op, options, ["stride", "padding", "dilation", "groups"]);
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = options;
  const args = checkConvArgs(op, dims, false, x, weight, bias, groups);
  const s = sizes(op, "convolve", "stride", stride, dims, 1);
  const d = sizes(op, "convolve", "dilation", dilation, dims, 1);
  const kernel = weight.shape.slice(2);
  let before: number[];
  let total: number[];
  if (padding === "same") {
    if (s.some((v) => v !== 1)) {
      throw new RangeError(
        `Cannot convolve in ${op}(): padding "same" needs stride 1, got stride ${show(stride)}`,
      );
    }
    total = kernel.map((k, i) => d[i] * (k - 1));
    before = total.map((t) => Math.floor(t / 2));
  } else if (padding === "valid") {
    before = total = new Array<number>(dims).fill(0);
  } else {
    if (typeof padding === "string") {
      throw new RangeError(
        `Cannot convolve in ${op}(): padding must be a number, a list, "valid" or "same", ` +
          `got ${show(padding)}`,
      );
    }
    before = sizes(op, "convolve", "padding", padding, dims, 0);
    total = before.map((p) => 2 * p);
  }
  const size = args.x.shape.slice(4 - dims);
  const windows = windowsOver(args.fail, size, kernel, s, d, before, total);
  const y = Conv2d.apply(args.x, args.weight, args.bias, windows, args.groups);
  return lower(y, dims, args.batched);
}

function convTranspose(
  op: string,
  dims: 1 | 2,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: ConvTranspose2dOptions | ConvTranspose1dOptions,
): Tensor {
  checkOptions(op, options, ["stride", "padding", "outputPadding", "groups", "dilation"]);
  const { stride = 1, padding = 0, outputPadding = 0, groups = 1, dilation = 1 } = options;
  const args = checkConvArgs(op, dims, true, x, weight, bias, groups);
  const s = sizes(op, "convolve", "stride", stride, dims, 1);
  const p = sizes(op, "convolve", "padding", padding, dims, 0);
  const extra = sizes(op, "convolve", "outputPadding", outputPadding, dims, 0);
  const d = sizes(op, "convolve", "dilation", dilation, dims, 1);
  if (extra.some((v, i) => v >= s[i] && v >= d[i])) {
    throw new RangeError(
      `Cannot convolve in ${op}(): outputPadding ${show(outputPadding)} must be smaller than ` +
        `the stride ${show(stride)} or the dilation ${show(dilation)}`,
    );
  }
  const kernel = weight.shape.slice(2);
  const input = args.x.shape.slice(4 - dims);
  const out = input.map((n, i) =>
    (n - 1) * s[i] - 2 * p[i] + d[i] * (kernel[i] - 1) + extra[i] + 1
  );
  if (out.some((v) => v < 1)) {
    args.fail(`the output size ${fmt(out)} would be empty (too much padding for this input)`);
  }
  const windows = lift({ kernel, stride: s, dilation: d, padding: p, blocks: input });
  const size = (dims === 2 ? [out[0], out[1]] : [1, out[0]]) as [number, number];
  const y = ConvTranspose2d.apply(args.x, args.weight, args.bias, windows, args.groups, size);
  return lower(y, dims, args.batched);
}

// ---------------------------------------------------------------- public functions

/**
 * 2-D convolution (cross-correlation, as every deep learning library), as
 * PyTorch's `F.conv2d`: `out[n, o] = bias[o] + Σ_c weight[o, c] ⋆ x[n, c]`
 * over the channels of `o`'s group. Runs as one matrix product per sample
 * on the columns of `x` (im2col), through the matmul kernel.
 * @param x The input, `[N, C, H, W]`, or `[C, H, W]` for one unbatched sample.
 * @param weight The filters, `[O, C / groups, kh, kw]`.
 * @param bias One value per output channel, `[O]`, or `null`/omitted for none.
 * @param options `stride`, `padding` (a number, a pair, `"valid"` or `"same"`),
 *   `dilation` and `groups`, as in PyTorch.
 * @returns `[N, O, oh, ow]` (or `[O, oh, ow]`), with
 *   `oh = ⌊(H + 2·ph - dh·(kh - 1) - 1) / sh⌋ + 1` and likewise `ow`.
 * @example Edge detection
 * ```ts
 * import assert from "node:assert/strict";
 * import { conv2d, tensor } from "@nabla/autograd";
 * const image = tensor([[[[0, 0, 1, 1], [0, 0, 1, 1]]]]); // [1, 1, 2, 4]
 * const edge = tensor([[[[-1, 1]]]]); // [1, 1, 1, 2]
 * assert.deepEqual(conv2d(image, edge).toArray(), [[[[0, 1, 0], [0, 1, 0]]]]);
 * assert.deepEqual(conv2d(image, edge, null, { padding: "same" }).shape, [1, 1, 2, 4]);
 * assert.throws(() => conv2d(tensor([[[1]]]), edge), {
 *   name: "ShapeError",
 *   message: /conv2d\(\): the padded input size \[1, 1\] is smaller than the dilated kernel size \[1, 2\]/,
 * });
 * ```
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv2dOptions = {},
): Tensor {
  return conv("conv2d", 2, x, weight, bias, options);
}

/**
 * 1-D convolution (cross-correlation), as PyTorch's `F.conv1d`: the 2-D
 * convolution over a height of 1.
 * @param x The input, `[N, C, L]`, or `[C, L]` for one unbatched sample.
 * @param weight The filters, `[O, C / groups, k]`.
 * @param bias One value per output channel, `[O]`, or `null`/omitted.
 * @param options `stride`, `padding` (a number, `"valid"` or `"same"`),
 *   `dilation` and `groups`.
 * @returns `[N, O, ⌊(L + 2p - d·(k - 1) - 1) / s⌋ + 1]` (or without `N`).
 * @example A moving sum
 * ```ts
 * import assert from "node:assert/strict";
 * import { conv1d, ones, tensor } from "@nabla/autograd";
 * const x = tensor([[[1, 2, 3, 4]]]);
 * assert.deepEqual(conv1d(x, ones([1, 1, 2])).toArray(), [[[3, 5, 7]]]);
 * assert.deepEqual(conv1d(x, ones([1, 1, 3]), null, { padding: 1 }).toArray(), [[[3, 6, 9, 7]]]);
 * ```
 */
export function conv1d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv1dOptions = {},
): Tensor {
  return conv("conv1d", 1, x, weight, bias, options);
}

/**
 * 2-D transposed convolution ("deconvolution"), as PyTorch's
 * `F.conv_transpose2d`: the adjoint of {@linkcode conv2d} with the same
 * weight, so it maps `conv2d`'s output size back to its input size. Runs as
 * one product per sample followed by col2im.
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param weight The filters, `[C, O / groups, kh, kw]`.
 * @param bias One value per output channel, `[O]`, or `null`/omitted.
 * @param options `stride`, `padding`, `outputPadding`, `groups`, `dilation`.
 * @returns `[N, O, oh, ow]` with `oh = (H - 1)·sh - 2·ph + dh·(kh - 1) + oph + 1`.
 * @example Upsampling by 2
 * ```ts
 * import assert from "node:assert/strict";
 * import { convTranspose2d, ones, tensor } from "@nabla/autograd";
 * const x = tensor([[[[1, 2], [3, 4]]]]);
 * const y = convTranspose2d(x, ones([1, 1, 2, 2]), null, { stride: 2 });
 * assert.deepEqual(y.toArray(), [[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]]);
 * ```
 */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose2dOptions = {},
): Tensor {
  return convTranspose("convTranspose2d", 2, x, weight, bias, options);
}

/**
 * 1-D transposed convolution, as PyTorch's `F.conv_transpose1d`.
 * @param x The input, `[N, C, L]` or `[C, L]`.
 * @param weight The filters, `[C, O / groups, k]`.
 * @param bias One value per output channel, `[O]`, or `null`/omitted.
 * @param options `stride`, `padding`, `outputPadding`, `groups`, `dilation`.
 * @returns `[N, O, (L - 1)·s - 2p + d·(k - 1) + outputPadding + 1]` (or without `N`).
 * @example Spreading each input over three outputs
 * ```ts
 * import assert from "node:assert/strict";
 * import { convTranspose1d, tensor } from "@nabla/autograd";
 * const y = convTranspose1d(tensor([[[1, 10]]]), tensor([[[1, 2, 3]]]));
 * assert.deepEqual(y.toArray(), [[[1, 12, 23, 30]]]);
 * ```
 */
export function convTranspose1d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose1dOptions = {},
): Tensor {
  return convTranspose("convTranspose1d", 1, x, weight, bias, options);
}

/** Checks the input of unfold/fold and returns it 4-D/3-D with a batch dimension. */
function batchedInput(op: string, x: Tensor, rank: number, layout: string): [Tensor, boolean] {
  checkFloatTensor(op, op === "unfold" ? "unfold" : "fold", "input", x);
  if (x.ndim !== rank && x.ndim !== rank - 1) {
    throw new ShapeError(
      `Cannot ${op} ${fmt(x.shape)} in ${op}(): expected a ${rank - 1}-d (unbatched) or ` +
        `${rank}-d (batched) input ${layout}, got ${x.ndim}-d`,
      { op, shapes: [x.shape] },
    );
  }
  return x.ndim === rank ? [x, true] : [x.unsqueeze(0), false];
}

/**
 * Extracts sliding windows (im2col), as PyTorch's `F.unfold`: each column of
 * the result holds one window of every channel, flattened channel-major
 * (`(c·kh + i)·kw + j`). The adjoint of {@linkcode fold}.
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param kernelSize The window size, a number or `[kh, kw]`.
 * @param options `dilation`, `padding` (zeros on both sides), `stride`.
 * @returns `[N, C·kh·kw, L]` (or `[C·kh·kw, L]`), `L` the number of window positions.
 * @example The 2x2 windows of a 3x3 image
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, unfold } from "@nabla/autograd";
 * const cols = unfold(arange(9).reshape([1, 1, 3, 3]).float(), 2);
 * assert.deepEqual(cols.toArray(), [[[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]]);
 * ```
 */
export function unfold(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: UnfoldOptions = {},
): Tensor {
  checkOptions("unfold", options, ["dilation", "padding", "stride"]);
  const [x4, batched] = batchedInput("unfold", x, 4, "[N, C, H, W]");
  const { dilation = 1, padding = 0, stride = 1 } = options;
  const kernel = sizes("unfold", "unfold", "kernelSize", kernelSize, 2, 1);
  const d = sizes("unfold", "unfold", "dilation", dilation, 2, 1);
  const p = sizes("unfold", "unfold", "padding", padding, 2, 0);
  const s = sizes("unfold", "unfold", "stride", stride, 2, 1);
  const fail = (why: string): never => {
    throw new ShapeError(`Cannot unfold ${fmt(x.shape)} in unfold(): ${why}`, {
      op: "unfold",
      shapes: [x.shape],
    });
  };
  const total = p.map((v) => 2 * v);
  const windows = windowsOver(fail, x4.shape.slice(2), kernel, s, d, p, total);
  const cols = Unfold.apply(x4, windows);
  return batched ? cols : cols.squeeze(0);
}

/**
 * Sums sliding windows back into an image (col2im), as PyTorch's `F.fold`:
 * the adjoint of {@linkcode unfold}, so overlapping windows add up.
 * @param x Columns `[N, C·kh·kw, L]` or `[C·kh·kw, L]`, `L` the number of
 *   window positions over the output.
 * @param outputSize The spatial size of the result, a number or `[H, W]`.
 * @param kernelSize The window size, a number or `[kh, kw]`.
 * @param options `dilation`, `padding`, `stride`, as given to `unfold`.
 * @returns `[N, C, H, W]` (or `[C, H, W]`).
 * @example Folding the windows back counts how many cover each pixel
 * ```ts
 * import assert from "node:assert/strict";
 * import { fold, ones, unfold } from "@nabla/autograd";
 * const counts = fold(unfold(ones([1, 1, 3, 3]), 2), [3, 3], 2);
 * assert.deepEqual(counts.toArray(), [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
 * ```
 */
export function fold(
  x: Tensor,
  outputSize: number | readonly [number, number],
  kernelSize: number | readonly [number, number],
  options: UnfoldOptions = {},
): Tensor {
  checkOptions("fold", options, ["dilation", "padding", "stride"]);
  const [x3, batched] = batchedInput("fold", x, 3, "[N, C·kh·kw, L]");
  const { dilation = 1, padding = 0, stride = 1 } = options;
  const size = sizes("fold", "fold", "outputSize", outputSize, 2, 1);
  const kernel = sizes("fold", "fold", "kernelSize", kernelSize, 2, 1);
  const d = sizes("fold", "fold", "dilation", dilation, 2, 1);
  const p = sizes("fold", "fold", "padding", padding, 2, 0);
  const s = sizes("fold", "fold", "stride", stride, 2, 1);
  const fail = (why: string): never => {
    throw new ShapeError(
      `Cannot fold ${fmt(x.shape)} into outputSize ${fmt(size)} in fold(): ${why}`,
      { op: "fold", shapes: [x.shape] },
    );
  };
  const [, rows, length] = x3.shape;
  const taps = kernel[0] * kernel[1];
  if (rows % taps !== 0) {
    fail(`its ${rows} rows are not divisible by the ${taps} taps of kernel ${fmt(kernel)}`);
  }
  const windows = windowsOver(fail, size, kernel, s, d, p, p.map((v) => 2 * v));
  const [oh, ow] = windows.blocks;
  if (length !== oh * ow) {
    fail(
      `it has ${length} columns, but kernel ${fmt(kernel)}, stride ${fmt(s)}, padding ` +
        `${fmt(p)} and dilation ${fmt(d)} give ${oh} × ${ow} = ${oh * ow} window positions`,
    );
  }
  const out = Fold.apply(x3, windows, [size[0], size[1]]);
  return batched ? out : out.squeeze(0);
}

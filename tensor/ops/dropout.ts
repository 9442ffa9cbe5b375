/**
 * Channel-wise dropout in functional form, as PyTorch's `F.dropout1d` and
 * `F.dropout2d`: whole channels are zeroed together (neighbouring pixels of a
 * feature map are correlated, so element-wise dropout regularizes them
 * little). Composed: the input times a broadcast Bernoulli mask scaled by
 * `1 / (1 - p)`, so gradients follow the mask.
 */
import type { Random } from "../../random/mod.ts";
import { isTensor } from "../autograd.ts";
import { isFloatingPoint } from "../dtype.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { fmt } from "../_shape.ts";
import { checkOptions } from "../options.ts";
import { rand } from "../random.ts";
import type { Tensor } from "../tensor.ts";

/** Options of {@linkcode dropout1d} and {@linkcode dropout2d}. */
export interface ChannelDropoutOptions {
  /**
   * The probability of zeroing each channel, in `[0, 1]`.
   * @default 0.5
   */
  p?: number;
  /**
   * Apply dropout; when `false`, the input is returned as is.
   * @default true
   */
  training?: boolean;
  /**
   * The generator of the masks.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

const warned = new Set<string>();

// Python's warnings show each message once per place; here, once per process.
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`Warning: ${message}`);
}

/** `x` times a Bernoulli(1 - p) mask of `maskShape`, scaled by `1 / (1 - p)`. */
function channelDropout(
  op: string,
  x: Tensor,
  maskShape: readonly number[],
  options: ChannelDropoutOptions,
): Tensor {
  const { p = 0.5, training = true, generator } = options;
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`Cannot apply ${op}(): p must be in [0, 1], got ${p}`);
  }
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = rand(maskShape, { dtype: x.dtype, generator }).lt(1 - p);
  return x.mul(keep.to(x.dtype).mul(1 / (1 - p)));
}

function checkInput(op: string, x: Tensor): void {
  if (!isTensor(x)) throw new TypeError(`Cannot apply ${op}(): expected a Tensor input`);
  if (!isFloatingPoint(x.dtype)) {
    throw new DTypeError(
      `Cannot apply ${op}() to ${x.dtype === "int32" ? "an" : "a"} ${x.dtype} tensor: it ` +
        "needs a float32 or float64 tensor; convert it with float() first",
      { op, dtypes: [x.dtype] },
    );
  }
}

/**
 * Zeroes whole channels of a `[N, C, L]` (or unbatched `[C, L]`) input with
 * probability `p` and scales the rest by `1 / (1 - p)`, as PyTorch's
 * `F.dropout1d`: the mask has one value per sample and channel.
 * @param x The input `[N, C, L]` or `[C, L]`, float32 or float64.
 * @param options `p` (default 0.5), `training` (default `true`), `generator`.
 * @returns The input with dropped channels, of `x`'s shape and dtype (`x` itself
 *   when not training or when `p = 0`).
 * @example Whole channels are dropped
 * ```ts
 * import assert from "node:assert/strict";
 * import { dropout1d, manualSeed, ones } from "@nabla/autograd";
 * manualSeed(1);
 * const y = dropout1d(ones([8, 4, 5]), { p: 0.5 }).toArray() as number[][][];
 * for (const sample of y) for (const channel of sample) assert.equal(new Set(channel).size, 1);
 * ```
 */
export function dropout1d(x: Tensor, options: ChannelDropoutOptions = {}): Tensor {
  const op = "dropout1d";
  checkOptions(op, options, ["p", "training", "generator"]);
  checkInput(op, x);
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new ShapeError(
      `Cannot apply ${op}() to an input of shape ${fmt(x.shape)}: expected 2 or 3 dimensions, ` +
        "[C, L] or [N, C, L] (one spatial dimension, as PyTorch)",
      { op, shapes: [x.shape] },
    );
  }
  return channelDropout(
    op,
    x,
    x.ndim === 3 ? [x.shape[0], x.shape[1], 1] : [x.shape[0], 1],
    options,
  );
}

/**
 * Zeroes whole channels (feature maps) of a `[N, C, H, W]` input with
 * probability `p` and scales the rest by `1 / (1 - p)`, as PyTorch's
 * `F.dropout2d`: the mask has one value per sample and channel.
 *
 * Other shapes follow PyTorch 1.13, with the same warnings (printed once
 * with `console.warn`): a 3-d input is taken as `[N, C, L]` (dimension 1
 * holds the channels; later PyTorch versions read it as an unbatched
 * `[C, H, W]`, so use {@linkcode dropout1d} for that case), and an input of
 * 2 or of 5 and more dimensions is deprecated but dropped by dimension 1
 * alike; fewer than 2 dimensions is an error.
 * @param x The input `[N, C, H, W]`, float32 or float64.
 * @param options `p` (default 0.5), `training` (default `true`), `generator`.
 * @returns The input with dropped channels, of `x`'s shape and dtype (`x` itself
 *   when not training or when `p = 0`).
 * @example Whole feature maps are dropped
 * ```ts
 * import assert from "node:assert/strict";
 * import { dropout2d, manualSeed, ones } from "@nabla/autograd";
 * manualSeed(1);
 * const y = dropout2d(ones([4, 3, 2, 2]), { p: 0.5 });
 * const perChannel = y.sum([2, 3]).toArray() as number[][];
 * assert.ok(perChannel.flat().every((s) => s === 0 || s === 8)); // 4 pixels · 2
 * assert.equal(dropout2d(y, { training: false }), y);
 * ```
 */
export function dropout2d(x: Tensor, options: ChannelDropoutOptions = {}): Tensor {
  const op = "dropout2d";
  checkOptions(op, options, ["p", "training", "generator"]);
  checkInput(op, x);
  if (x.ndim < 2) {
    throw new ShapeError(
      `Cannot apply ${op}() to an input of shape ${fmt(x.shape)}: channel-wise dropout ` +
        "needs at least 2 dimensions [N, C, ...]",
      { op, shapes: [x.shape] },
    );
  }
  if (x.ndim !== 3 && x.ndim !== 4) {
    warnOnce(
      `${op}(): received a ${x.ndim}-d input, which is deprecated (as in PyTorch): ${op}() ` +
        "drops channels of inputs with 2 spatial dimensions, [N, C, H, W]; use dropout " +
        "instead to silence this warning",
    );
  }
  if (x.ndim === 3) {
    warnOnce(
      `${op}(): received a 3-d input, taken as [N, C, L] as in PyTorch 1.13 (channel-wise ` +
        "1-d dropout); later PyTorch versions read it as an unbatched [C, H, W]. Use " +
        "dropout1d() to keep the 1-d behaviour and silence this warning",
    );
  }
  return channelDropout(op, x, x.shape.map((s, d) => (d < 2 ? s : 1)), options);
}

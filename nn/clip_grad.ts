/**
 * Gradient clipping, as `torch.nn.utils.clip_grad_norm_` and
 * `clip_grad_value_`: applied between `backward()` and `optimizer.step()`.
 */
import { checkOptions, noGrad, peekGrad, stack, Tensor, tensor } from "../tensor/mod.ts";

/** Options of {@linkcode clipGradNorm_}. */
export interface ClipGradNormOptions {
  /**
   * The p of the p-norm (`Infinity` for the largest absolute value).
   * @default 2
   */
  normType?: number;
  /**
   * Throw when the total norm is NaN or infinite instead of scaling by it.
   * @default false
   */
  errorIfNonfinite?: boolean;
}

/** The parameters' gradients that exist (a single tensor counts as a list of one). */
function gradsOf(op: string, parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) {
      throw new TypeError(`Cannot clip gradients in ${op}(): parameter ${i} is not a Tensor`);
    }
  });
  // NOTE: peekGrad: the gradients are used here and dropped, so zeroGrad() may still recycle them.
  return list.map((p) => peekGrad(p)).filter((g): g is Tensor => g !== null);
}

/**
 * Scales the gradients of `parameters` in place so that their total norm (the
 * norm of all gradients seen as one vector) is at most `maxNorm`; gradients
 * already within the bound are left as they are. As PyTorch, the scale is
 * `min(1, maxNorm / (total + 1e-6))`.
 * @param parameters The parameters (their `.grad` is scaled; `null` grads are skipped).
 * @param maxNorm The largest total norm allowed.
 * @param options `normType` (default 2), `errorIfNonfinite` (default `false`).
 * @returns The total norm before clipping, as a 0-d tensor.
 * @example Clipping before a step
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipGradNorm_, tensor } from "@nabla/autograd";
 * const w = tensor([3, 4], { requiresGrad: true });
 * w.mul(tensor([3, 4])).sum().backward(); // gradient [3, 4], norm 5
 * const total = clipGradNorm_([w], 1);
 * assert.equal(total.item(), 5);
 * assert.ok(Math.abs(w.grad!.square().sum().sqrt().item() - 1) < 1e-6);
 * ```
 */
export function clipGradNorm_(
  parameters: Tensor | Iterable<Tensor>,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): Tensor {
  checkOptions("clipGradNorm_", options, ["normType", "errorIfNonfinite"]);
  const { normType = 2, errorIfNonfinite = false } = options;
  if (typeof maxNorm !== "number" || Number.isNaN(maxNorm)) {
    throw new RangeError(
      `Cannot clip gradients in clipGradNorm_(): maxNorm must be a number, got ${maxNorm}`,
    );
  }
  if (typeof normType !== "number" || !(normType > 0)) {
    throw new RangeError(
      `Cannot clip gradients in clipGradNorm_(): normType must be > 0 or Infinity, got ${normType}`,
    );
  }
  const grads = gradsOf("clipGradNorm_", parameters);
  if (grads.length === 0) return tensor(0);
  return noGrad(() => {
    const norms = grads.map((g) => pNorm(g.detach(), normType));
    const total = norms.length === 1
      ? norms[0]
      : pNorm(stack(norms.map((n) => n.to(norms[0].dtype))), normType);
    const value = total.item();
    if (errorIfNonfinite && !Number.isFinite(value)) {
      throw new RangeError(
        `Cannot clip gradients in clipGradNorm_(): the total norm of order ${normType} is ` +
          `${value}; pass errorIfNonfinite: false to scale by it anyway`,
      );
    }
    const coef = Math.min(maxNorm / (value + 1e-6), 1);
    for (const g of grads) g.detach().mul_(coef);
    return total;
  });
}

// ‖x‖_p over all elements: the largest |x| for p = ∞.
function pNorm(x: Tensor, p: number): Tensor {
  if (p === Infinity) return x.abs().max();
  if (p === 2) return x.square().sum().sqrt();
  return x.abs().pow(p).sum().pow(1 / p);
}

/**
 * Clamps every element of the gradients of `parameters` to
 * `[-clipValue, clipValue]`, in place.
 * @param parameters The parameters (`null` grads are skipped).
 * @param clipValue The largest absolute value allowed (>= 0).
 * @example Clamping
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipGradValue_, tensor } from "@nabla/autograd";
 * const w = tensor([1, 1], { requiresGrad: true });
 * w.mul(tensor([-3, 0.5])).sum().backward();
 * clipGradValue_([w], 1);
 * assert.deepEqual(w.grad!.toArray(), [-1, 0.5]);
 * ```
 */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== "number" || !(clipValue >= 0)) {
    throw new RangeError(
      `Cannot clip gradients in clipGradValue_(): clipValue must be >= 0, got ${clipValue}`,
    );
  }
  for (const g of gradsOf("clipGradValue_", parameters)) {
    noGrad(() => g.detach().copy_(g.clamp(-clipValue, clipValue)));
  }
}

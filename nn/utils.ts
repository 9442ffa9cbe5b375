/**
 * `nn.utils`, as `torch.nn.utils`: gradient clipping.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, utils } from "@nabla/autograd";
 * const w = tensor([6, 8], { requiresGrad: true });
 * w.mul(w).div(2).sum().backward(); // gradient [6, 8], norm 10
 * assert.equal(utils.clipGradNorm_([w], 5).item(), 10);
 * ```
 *
 * @module
 */
export { clipGradNorm_, type ClipGradNormOptions, clipGradValue_ } from "./clip_grad.ts";

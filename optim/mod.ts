/**
 * Optimizers and learning-rate schedulers with PyTorch's semantics: `SGD`,
 * `Adam`, `AdamW` and `RMSprop` follow `torch.optim`'s update rules operation
 * by operation (float64 trajectories match PyTorch's), with parameter groups,
 * `zeroGrad()`, `step()` in place under `noGrad()`, and state dicts; `StepLR`,
 * `CosineAnnealingLR` and `LinearLR` schedule the learning rate.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adam, CosineAnnealingLR, tensor } from "@nabla/autograd";
 * const w = tensor([[1, -1], [0.5, 2]], { requiresGrad: true });
 * const x = tensor([1, 2]);
 * const optimizer = new Adam([w], { lr: 0.05 });
 * const scheduler = new CosineAnnealingLR(optimizer, { tMax: 100 });
 * const lossAt = () => w.mul(x).sum(1).sub(tensor([1, 0])).square().sum();
 * const first = lossAt().item();
 * for (let i = 0; i < 100; i++) {
 *   optimizer.zeroGrad();
 *   lossAt().backward();
 *   optimizer.step();
 *   scheduler.step();
 * }
 * assert.ok(lossAt().item() < first / 10);
 * assert.equal(w.gradFn, null); // parameters stay leaves
 * ```
 *
 * @module
 */
export {
  type HyperParams,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type ZeroGradOptions,
} from "./optimizer.ts";
export { SGD, type SGDOptions, type SGDState } from "./sgd.ts";
export { Adam, type AdamOptions, type AdamState } from "./adam.ts";
export { AdamW, type AdamWOptions } from "./adamw.ts";
export { RMSprop, type RMSpropOptions, type RMSpropState } from "./rmsprop.ts";
export { Adagrad, type AdagradOptions, type AdagradState } from "./adagrad.ts";
export { Adadelta, type AdadeltaOptions, type AdadeltaState } from "./adadelta.ts";
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  type CosineAnnealingLRStateDict,
  LinearLR,
  type LinearLROptions,
  type LinearLRStateDict,
  LRScheduler,
  type LRSchedulerStateDict,
  StepLR,
  type StepLROptions,
  type StepLRStateDict,
} from "./lr_scheduler.ts";
export {
  ExponentialLR,
  type ExponentialLROptions,
  type ExponentialLRStateDict,
} from "./exponential_lr.ts";
export { LambdaLR, type LRLambda } from "./lambda_lr.ts";
export {
  SequentialLR,
  type SequentialLROptions,
  type SequentialLRStateDict,
} from "./sequential_lr.ts";
export { OneCycleLR, type OneCycleLROptions } from "./one_cycle_lr.ts";
export {
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauStateDict,
} from "./reduce_lr_on_plateau.ts";

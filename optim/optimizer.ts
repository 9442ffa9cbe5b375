/**
 * The {@linkcode Optimizer} base class: parameter groups, per-parameter
 * state, `zeroGrad()`, `step()` under `noGrad()`, and PyTorch-style state
 * dicts with integer parameter ids.
 */
import { enableGrad, noGrad, peekGrad, Tensor } from "../tensor/mod.ts";

// `updateParam` implementations of the library's optimizers: they keep no
// reference to the gradient, so step() may read it with peekGrad() and
// zeroGrad() may then recycle its buffer. Overrides by users are not listed.
const BUILT_IN_UPDATES = new WeakSet<object>();

/** Lists the `updateParam` of a library optimizer class as keeping no gradient (optim/ only). */
export function markBuiltInUpdate(optimizer: { prototype: object }): void {
  BUILT_IN_UPDATES.add((optimizer.prototype as { updateParam: object }).updateParam);
}

/** The hyper-parameters every optimizer has; schedulers change `lr`. */
export interface HyperParams {
  /** Learning rate (step size). */
  lr: number;
}

/**
 * One parameter group: the parameters that share the hyper-parameters `H`,
 * such as `{ params: [w, b], lr: 0.1, momentum: 0.9, ... }`.
 */
export type ParamGroup<H extends HyperParams = HyperParams> = H & {
  /** The parameters of the group (leaf tensors; frozen ones, whose grad stays null, are skipped). */
  params: Tensor[];
  /** The lr before any scheduler changed it, set by the first scheduler. */
  initialLr?: number;
};

/**
 * A parameter group as given to an optimizer: its parameters and the
 * hyper-parameters that differ from the optimizer's defaults.
 */
export type ParamGroupInput<H extends HyperParams = HyperParams> = Partial<H> & {
  /** The parameters of the group: a tensor or an iterable of tensors. */
  params: Tensor | Iterable<Tensor>;
};

/** What optimizers accept: parameters (one group) or a list of parameter groups. */
export type Params<H extends HyperParams = HyperParams> =
  | Iterable<Tensor>
  | Iterable<ParamGroupInput<H>>;

/**
 * A snapshot of an optimizer, in PyTorch's layout: parameters are numbered
 * 0, 1, ... in group order; `state` holds cloned tensors keyed by those
 * numbers; each group lists its hyper-parameters and parameter numbers.
 */
export interface OptimizerStateDict<
  H extends HyperParams = HyperParams,
  S extends object = object,
> {
  /** Per-parameter state (moment estimates, step counts) by parameter number. */
  state: Record<number, S>;
  /** Each group's hyper-parameters, with `params` as parameter numbers. */
  paramGroups: (H & { params: number[]; initialLr?: number })[];
}

/** Options of {@linkcode Optimizer.zeroGrad}. */
export interface ZeroGradOptions {
  /**
   * Set gradients to `null` instead of filling them with zeros (PyTorch 2's
   * default): cheaper, and parameters whose gradient stays `null` are
   * skipped by `step()`.
   * @default true
   */
  setToNone?: boolean;
}

// Deep copy of a hyper-parameter or state value: tensors cloned, arrays copied.
function copyValue<T>(value: T): T {
  if (value instanceof Tensor) return noGrad(() => value.detach().clone()) as T;
  if (Array.isArray(value)) return value.map(copyValue) as T;
  return value;
}

function copyRecord(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = copyValue(v);
  return out;
}

/**
 * How error messages name a bad value: `a number`, `an array`, `a Tensor`.
 * Internal: not exported by `optim/mod.ts`.
 * @param x The value.
 * @returns A short description.
 */
export function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return "an array";
  if (typeof x !== "object") return `a ${typeof x}`;
  const name = x.constructor?.name;
  return !name || name === "Object" ? "an object" : `a ${name}`;
}

/**
 * Throws a RangeError such as `Cannot create SGD: lr must be >= 0, got -1`
 * unless `value` is a number and `ok` holds. Internal: shared by the
 * optimizers and schedulers of this folder, not exported by its `mod.ts`.
 * @param action The start of the message, such as `"Cannot create SGD"`.
 * @param name The hyper-parameter's name.
 * @param value Its value.
 * @param ok The condition a valid number meets.
 * @param want The condition in words, such as `">= 0"`.
 */
export function checkHyperParam(
  action: string,
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  want: string,
): void {
  if (typeof value !== "number" || !ok(value)) {
    const got = typeof value === "number" ? String(value) : describe(value);
    throw new RangeError(`${action}: ${name} must be ${want}, got ${got}`);
  }
}

/**
 * Base class of the optimizers, after `torch.optim.Optimizer`: it keeps
 * parameter groups (each with its own hyper-parameters), per-parameter state
 * and state dicts; a subclass supplies the update of one parameter in
 * {@linkcode Optimizer.updateParam}. `step()` runs in place under
 * `noGrad()`, so parameters stay leaves and no graph is recorded.
 *
 * @example A custom optimizer: sign descent
 * ```ts
 * import assert from "node:assert/strict";
 * import { type HyperParams, Optimizer, type Params, type Tensor, tensor } from "@nabla/autograd";
 *
 * class SignSGD extends Optimizer {
 *   constructor(params: Params, options: { lr?: number } = {}) {
 *     super(params, { lr: options.lr ?? 0.01 });
 *   }
 *   protected override updateParam(p: Tensor, grad: Tensor, _s: unknown, group: HyperParams): object {
 *     p.sub_(grad.gt(0).float().sub(grad.lt(0).float()), { alpha: group.lr });
 *     return {};
 *   }
 * }
 *
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new SignSGD([w], { lr: 0.5 });
 * w.square().sum().backward();
 * opt.step();
 * assert.deepEqual(w.toArray(), [0.5, -1.5]);
 * ```
 */
export abstract class Optimizer<H extends HyperParams = HyperParams, S extends object = object> {
  /** The hyper-parameters of groups that do not override them. */
  readonly defaults: Readonly<H>;
  /** The parameter groups, in order; schedulers and users may change their hyper-parameters. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state (created by the first step that updates the parameter). */
  readonly state: Map<Tensor, S> = new Map();
  #constructing = true;

  /**
   * Collects the parameters into groups and checks them and the
   * hyper-parameters. Called by subclasses with their defaults.
   * @param params Leaf tensors (one group), or parameter groups
   *   `{ params, ...overrides }`.
   * @param defaults The hyper-parameters of groups that do not override them.
   * @example Parameter groups
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, zeros } from "@nabla/autograd";
   * const w = zeros([2, 2], { requiresGrad: true });
   * const b = zeros([2], { requiresGrad: true });
   * const opt = new SGD([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
   * assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.1, 0.01]);
   * ```
   */
  constructor(params: Params<H>, defaults: H) {
    const action = `Cannot create ${this.constructor.name}`;
    if (params instanceof Tensor) {
      throw new TypeError(
        `${action}: params must be an iterable of Tensors or parameter groups, got a Tensor; ` +
          "wrap it in an array",
      );
    }
    if (typeof (params as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
      throw new TypeError(
        `${action}: params must be an iterable of Tensors or parameter groups, got ${
          describe(params)
        }`,
      );
    }
    this.checkGroup(defaults, action);
    this.defaults = Object.freeze(copyRecord(defaults) as H);
    const list = Array.from(params as Iterable<unknown>);
    if (list.length === 0) throw new RangeError(`${action}: the parameter list is empty`);
    const groups = list[0] instanceof Tensor
      ? [{ params: list } as unknown as ParamGroupInput<H>]
      : (list as ParamGroupInput<H>[]);
    for (const group of groups) this.addParamGroup(group);
    this.#constructing = false;
  }

  /**
   * Adds a parameter group, for example to train layers unfrozen during
   * fine-tuning. Hyper-parameters it does not give come from the defaults.
   * @param group `{ params, ...overrides }`; its parameters must be leaf
   *   leaf tensors that are not in another group.
   * @example Adding a group
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adam, zeros } from "@nabla/autograd";
   * const opt = new Adam([zeros([2], { requiresGrad: true })]);
   * opt.addParamGroup({ params: [zeros([3], { requiresGrad: true })], lr: 1e-4 });
   * assert.deepEqual(opt.paramGroups.map((g) => g.lr), [1e-3, 1e-4]);
   * ```
   */
  addParamGroup(group: ParamGroupInput<H>): void {
    const name = this.constructor.name;
    const action = this.#constructing
      ? `Cannot create ${name}`
      : `Cannot add a parameter group to ${name} in addParamGroup()`;
    const g = this.paramGroups.length;
    if (typeof group !== "object" || group === null || !("params" in group)) {
      throw new TypeError(
        `${action}: parameter group ${g} must be an object with params, got ${describe(group)}`,
      );
    }
    const raw = group.params;
    if (!(raw instanceof Tensor) && typeof raw?.[Symbol.iterator] !== "function") {
      throw new TypeError(
        `${action}: params of group ${g} must be a Tensor or an iterable of Tensors, got ${
          describe(raw)
        }`,
      );
    }
    const params = raw instanceof Tensor ? [raw] : Array.from(raw);
    const seen = new Map<Tensor, string>();
    this.paramGroups.forEach((other, k) => other.params.forEach((p) => seen.set(p, `group ${k}`)));
    params.forEach((p: unknown, i) => {
      const where = `parameter ${i} of group ${g}`;
      if (!(p instanceof Tensor)) {
        throw new TypeError(`${action}: ${where} is ${describe(p)}, expected a Tensor`);
      }
      if (p.gradFn !== null) {
        throw new RangeError(
          `${action}: ${where} is not a leaf (it was computed by ${p.gradFn.name}); ` +
            "optimize the tensors it was computed from",
        );
      }
      const previous = seen.get(p);
      if (previous !== undefined) {
        throw new RangeError(
          `${action}: ${where} appears twice (it is already in ${previous}); ` +
            "each parameter may be given once",
        );
      }
      seen.set(p, `group ${g}`);
    });
    const merged = copyRecord(this.defaults);
    for (const [k, v] of Object.entries(group)) {
      if (k !== "params" && v !== undefined) merged[k] = copyValue(v);
    }
    merged.params = params;
    this.checkGroup(merged as unknown as H, action);
    this.paramGroups.push(merged as unknown as ParamGroup<H>);
  }

  /**
   * Clears the gradients of all parameters, to call before each backward
   * pass (gradients accumulate otherwise).
   * @param options `setToNone`: set them to `null` (default) rather than zeros.
   * @example Clearing gradients
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, tensor } from "@nabla/autograd";
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new SGD([w], { lr: 0.1 });
   * w.sum().backward();
   * opt.zeroGrad({ setToNone: false });
   * assert.deepEqual(w.grad?.toArray(), [0, 0]);
   * opt.zeroGrad();
   * assert.equal(w.grad, null);
   * ```
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const grad = peekGrad(p);
        if (grad === null) continue;
        if (setToNone) {
          p.grad = null;
          continue;
        }
        // NOTE: as PyTorch, a gradient with history (createGraph) is detached first.
        if (grad.gradFn !== null) p.grad = grad.detach();
        else if (grad.requiresGrad) grad.requiresGrad = false;
        noGrad(() => p.grad!.zero_());
      }
    }
  }

  /**
   * Updates every parameter that has a gradient (those whose `grad` is
   * `null` are skipped), in place and without recording a graph.
   * @param closure Optional: re-evaluates the model and returns the loss
   *   (called with grad mode on, before the update).
   * @returns The closure's loss, if a closure was given.
   * @example A training step
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, tensor } from "@nabla/autograd";
   * const w = tensor([3], { requiresGrad: true });
   * const opt = new SGD([w], { lr: 0.25 });
   * const loss = opt.step(() => {
   *   opt.zeroGrad();
   *   const loss = w.square().sum();
   *   loss.backward(); // dloss/dw = 2w = 6
   *   return loss;
   * });
   * assert.equal(loss?.item(), 9);
   * assert.deepEqual(w.toArray(), [1.5]);
   * assert.equal(w.gradFn, null);
   * ```
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    // A gradient handed to a user's updateParam may be kept: read it as user code does.
    const read = BUILT_IN_UPDATES.has(this.updateParam) ? peekGrad : (p: Tensor) => p.grad;
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const grad = read(p);
          if (grad === null) continue;
          this.state.set(p, this.updateParam(p, grad, this.state.get(p), group));
        }
      }
    });
    return loss;
  }

  /**
   * Updates one parameter in place; called by `step()` under `noGrad()` for
   * each parameter that has a gradient. Subclasses implement their rule here.
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state Its state from the previous step, or `undefined` at first.
   * @param group Its group's hyper-parameters (read them at every step:
   *   schedulers change `lr`).
   * @returns The new state of the parameter (may be `state` itself).
   * @example Plain gradient descent
   * ```ts
   * import assert from "node:assert/strict";
   * import { type HyperParams, Optimizer, type Tensor, tensor } from "@nabla/autograd";
   * class GD extends Optimizer {
   *   protected override updateParam(p: Tensor, g: Tensor, _s: unknown, group: HyperParams): object {
   *     p.sub_(g, { alpha: group.lr });
   *     return {};
   *   }
   * }
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new GD([w], { lr: 0.5 });
   * w.mul(2).sum().backward();
   * opt.step();
   * assert.deepEqual(w.toArray(), [0]);
   * ```
   */
  protected abstract updateParam(
    param: Tensor,
    grad: Tensor,
    state: S | undefined,
    group: H,
  ): S;

  /**
   * Checks a group's hyper-parameters (the defaults, each added group, each
   * loaded group), throwing a RangeError such as `Cannot create SGD: lr must
   * be >= 0, got -1`. This base checks `lr`; subclasses add their own checks
   * and call it.
   * @param group The hyper-parameters.
   * @param action The start of the message, such as `"Cannot create SGD"`.
   * @example An invalid learning rate
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, zeros } from "@nabla/autograd";
   * const w = zeros([1], { requiresGrad: true });
   * assert.throws(() => new SGD([w], { lr: -1 }), {
   *   name: "RangeError",
   *   message: "Cannot create SGD: lr must be >= 0, got -1",
   * });
   * ```
   */
  protected checkGroup(group: H, action: string): void {
    checkHyperParam(action, "lr", group.lr, (v) => v >= 0, ">= 0");
  }

  /**
   * A snapshot of the optimizer (hyper-parameters and cloned state) that
   * {@linkcode Optimizer.loadStateDict} restores, in PyTorch's layout with
   * integer parameter ids.
   * @returns `{ state: { 0: {...}, ... }, paramGroups: [{ ..., params: [0, 1] }] }`.
   * @example Layout
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, tensor } from "@nabla/autograd";
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
   * w.sum().backward();
   * opt.step();
   * const sd = opt.stateDict();
   * assert.deepEqual(sd.paramGroups[0].params, [0]);
   * assert.deepEqual(sd.state[0].momentumBuffer?.toArray(), [1, 1]);
   * ```
   */
  stateDict(): OptimizerStateDict<H, S> {
    const ids = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...hyper } = group;
      const packed = copyRecord(hyper);
      packed.params = params.map((p) => {
        if (!ids.has(p)) ids.set(p, ids.size);
        return ids.get(p)!;
      });
      return packed as unknown as H & { params: number[] };
    });
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) {
      const id = ids.get(p);
      if (id !== undefined) state[id] = copyRecord(s) as S;
    }
    return { state, paramGroups };
  }

  /**
   * Restores a snapshot from {@linkcode Optimizer.stateDict} (of an
   * optimizer of the same kind, with the same group sizes): parameters are
   * matched by position; the hyper-parameters and state are copied, and
   * floating-point state tensors converted to each parameter's dtype.
   * @param stateDict The snapshot.
   * @example Resuming training
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adam, tensor } from "@nabla/autograd";
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new Adam([w], { lr: 0.1 });
   * w.square().sum().backward();
   * opt.step();
   * const resumed = new Adam([w]);
   * resumed.loadStateDict(opt.stateDict());
   * assert.equal(resumed.paramGroups[0].lr, 0.1);
   * assert.equal(resumed.state.get(w)?.step, 1);
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict<H, S>): void {
    const action = `Cannot load the state of ${this.constructor.name} in loadStateDict()`;
    const saved = stateDict?.paramGroups;
    if (!Array.isArray(saved) || typeof stateDict.state !== "object" || stateDict.state === null) {
      throw new TypeError(`${action}: expected { state, paramGroups } from stateDict()`);
    }
    if (saved.length !== this.paramGroups.length) {
      throw new RangeError(
        `${action}: the state dict has ${saved.length} parameter groups, the optimizer has ` +
          `${this.paramGroups.length}`,
      );
    }
    const params = new Map<number, Tensor>();
    saved.forEach((s, g) => {
      const mine = this.paramGroups[g].params;
      if (!Array.isArray(s.params) || s.params.length !== mine.length) {
        const n = Array.isArray(s.params) ? s.params.length : "no";
        throw new RangeError(
          `${action}: parameter group ${g} has ${n} parameters in the state dict, ` +
            `${mine.length} in the optimizer`,
        );
      }
      s.params.forEach((id, i) => params.set(id, mine[i]));
    });
    const groups = saved.map((s, g) => {
      const group = copyRecord(s);
      group.params = this.paramGroups[g].params;
      this.checkGroup(group as unknown as H, action);
      return group as unknown as ParamGroup<H>;
    });
    const state = new Map<Tensor, S>();
    for (const [key, value] of Object.entries(stateDict.state)) {
      const p = params.get(Number(key));
      if (p === undefined) {
        throw new RangeError(
          `${action}: the state dict has state for parameter ${key}, which is in no group`,
        );
      }
      const entry: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) {
        entry[k] = v instanceof Tensor && v.dtype !== p.dtype &&
            (v.dtype === "float32" || v.dtype === "float64")
          ? noGrad(() => v.to(p.dtype))
          : copyValue(v);
      }
      state.set(p, entry as S);
    }
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }
}

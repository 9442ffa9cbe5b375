/**
 * `Parameter` and `Module`, the base of every layer: parameters and submodules
 * are found by walking a module's own fields, as PyTorch's `__setattr__`
 * registers them, so a model is a plain class with fields.
 */
import { noGrad, ShapeError, Tensor } from "../tensor/mod.ts";

/** Options of the {@linkcode Parameter} constructor. */
export interface ParameterOptions {
  /**
   * Whether gradients flow to the parameter.
   * @default true
   */
  requiresGrad?: boolean;
}

/**
 * A tensor that a {@linkcode Module} owns and an optimizer updates: a leaf
 * that requires grad (PyTorch's `nn.Parameter`). Assigning one to a field of
 * a module registers it under that field's name.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Parameter, zeros } from "@nabla/autograd";
 * const w = new Parameter(zeros([2, 3]));
 * assert.equal(w.requiresGrad, true);
 * assert.equal(w.isLeaf, true);
 * assert.deepEqual(w.shape, [2, 3]);
 * ```
 */
export class Parameter extends Tensor {
  /**
   * Wraps `data` as a parameter. Like PyTorch, it shares `data`'s storage
   * (no copy) and drops its history, so the parameter is always a leaf.
   * @param data The initial value, of a float dtype when it requires grad.
   * @param options `requiresGrad` (default `true`).
   * @example A frozen parameter
   * ```ts
   * import assert from "node:assert/strict";
   * import { Parameter, tensor } from "@nabla/autograd";
   * const data = tensor([1, 2]);
   * const p = new Parameter(data, { requiresGrad: false });
   * assert.equal(p.requiresGrad, false);
   * assert.equal(p.storage, data.storage);
   * ```
   */
  constructor(data: Tensor, options: ParameterOptions = {}) {
    if (!(data instanceof Tensor)) {
      throw new TypeError("Cannot create a Parameter: data must be a Tensor");
    }
    super(data.storage, data.shape, data.strides, data.offset);
    this.requiresGrad = options.requiresGrad ?? true;
  }

  /**
   * The tensor's description, headed `Parameter containing:` as in PyTorch.
   * @returns The description.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Parameter, tensor } from "@nabla/autograd";
   * assert.equal(
   *   String(new Parameter(tensor([1]))),
   *   "Parameter containing:\ntensor([1.0000], requiresGrad=true)",
   * );
   * ```
   */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** Options of {@linkcode Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /**
   * Require the keys of the dict to match the module's `stateDict()` keys
   * exactly; when `false`, missing and unexpected keys are returned instead.
   * Shapes must match either way.
   * @default true
   */
  strict?: boolean;
}

/** The keys that {@linkcode Module.loadStateDict} did not match (empty when strict). */
export interface LoadStateDictResult {
  /** Keys of the module's state dict that the given dict lacks. */
  missingKeys: string[];
  /** Keys of the given dict that the module does not have. */
  unexpectedKeys: string[];
}

/** Options of {@linkcode Module.zeroGrad}. */
export interface ModuleZeroGradOptions {
  /**
   * Set each gradient to `null` (PyTorch 2's default: frees memory, and the
   * next backward writes instead of adding); when `false`, fill it with zeros.
   * @default true
   */
  setToNone?: boolean;
}

/** A module of any signature, as found among a model's children. */
export type AnyModule = Module<never, unknown>;

/**
 * The base class of layers and models (PyTorch's `nn.Module`).
 *
 * Subclasses declare their parameters and submodules as ordinary fields and
 * implement `forward`; modules are called through `forward(x)` (there is no
 * `__call__` in JavaScript). Parameters and submodules are found by walking the
 * instance's own enumerable fields in definition order: a {@linkcode Parameter}
 * field `weight` is the parameter `weight`, a module field `fc1` contributes
 * `fc1.weight` and so on, and an array field `blocks` of modules (or
 * parameters) is indexed like `nn.ModuleList`: `blocks.0.weight`. Other fields
 * (numbers, options, plain tensors, `null`) are ignored; there are no
 * buffers. Keys therefore match PyTorch's `state_dict()` for the same
 * architecture. The walk happens at each call, so fields assigned later count
 * too; as in any JavaScript object, integer-like field names (`Sequential`'s
 * `0`, `1`...) come before the others.
 *
 * The type parameters are `forward`'s argument list and result: most layers
 * map one tensor to one tensor (the defaults); losses take two.
 *
 * @typeParam Args The arguments of `forward`.
 * @typeParam Output The result of `forward`.
 * @example A two-layer perceptron
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, Module, randn, type Tensor } from "@nabla/autograd";
 * class MLP extends Module {
 *   fc1 = new Linear(4, 8);
 *   fc2 = new Linear(8, 2);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 * const model = new MLP();
 * assert.deepEqual(model.forward(randn([5, 4])).shape, [5, 2]);
 * assert.deepEqual(
 *   model.namedParameters().map(([name]) => name),
 *   ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
 * );
 * ```
 */
export abstract class Module<Args extends unknown[] = [Tensor], Output = Tensor> {
  #training = true;

  /**
   * Computes the module's output; every module defines it.
   * @param args The inputs (one tensor for most layers).
   * @returns The output.
   * @example Defining forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { Module, type Tensor, tensor } from "@nabla/autograd";
   * class Double extends Module {
   *   forward(x: Tensor): Tensor {
   *     return x.mul(2);
   *   }
   * }
   * assert.deepEqual(new Double().forward(tensor([1, 2])).toArray(), [2, 4]);
   * ```
   */
  abstract forward(...args: Args): Output;

  /**
   * Whether the module is in training mode (the default) rather than
   * evaluation mode; `Dropout` reads it.
   * @returns The flag.
   * @example Modes
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout } from "@nabla/autograd";
   * const drop = new Dropout(0.5);
   * assert.equal(drop.training, true);
   * assert.equal(drop.eval().training, false);
   * ```
   */
  get training(): boolean {
    return this.#training;
  }

  /**
   * Sets training mode on this module and all its descendants.
   * @param mode `true` for training, `false` for evaluation.
   * @returns This module.
   * @example Back to training
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Dropout(0.1)).eval().train();
   * assert.equal(model[0].training, true);
   * ```
   */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) (m as Module<never, unknown>).#training = mode;
    return this;
  }

  /**
   * Sets evaluation mode on this module and all its descendants
   * (`train(false)`): `Dropout` becomes the identity.
   * @returns This module.
   * @example Evaluation mode propagates
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout, Linear, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Linear(2, 2), new Dropout(0.5)).eval();
   * assert.equal(model[1].training, false);
   * ```
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * The direct submodules with their field names (array elements as
   * `name.0`, `name.1`...), each module once.
   * @returns `[name, module]` pairs in definition order.
   * @example Children
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ReLU, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Linear(2, 3), new ReLU());
   * assert.deepEqual(model.namedChildren().map(([name]) => name), ["0", "1"]);
   * ```
   */
  namedChildren(): [string, AnyModule][] {
    const seen = new Set<AnyModule>();
    const out: [string, AnyModule][] = [];
    for (const [name, member] of ownMembers(this)) {
      if (member instanceof Module && !seen.has(member)) {
        seen.add(member);
        out.push([name, member]);
      }
    }
    return out;
  }

  /**
   * The direct submodules (see {@linkcode Module.namedChildren}).
   * @returns The modules in definition order.
   * @example Children
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ReLU, Sequential } from "@nabla/autograd";
   * const [first] = new Sequential(new Linear(2, 3), new ReLU()).children();
   * assert.ok(first instanceof Linear);
   * ```
   */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module (named `""`) and all its descendants, depth first, each once,
   * with dotted names such as `encoder.0`.
   * @returns `[name, module]` pairs.
   * @example Every module
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ReLU, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Sequential(new Linear(2, 2)), new ReLU());
   * assert.deepEqual(model.namedModules().map(([name]) => name), ["", "0", "0.0", "1"]);
   * ```
   */
  namedModules(): [string, AnyModule][] {
    const seen = new Set<AnyModule>();
    const out: [string, AnyModule][] = [];
    // An explicit stack, children pushed in reverse so that they pop in order.
    const stack: [string, AnyModule][] = [["", this as AnyModule]];
    while (stack.length > 0) {
      const [name, m] = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
      const kids = m.namedChildren();
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push([name === "" ? kids[i][0] : `${name}.${kids[i][0]}`, kids[i][1]]);
      }
    }
    return out;
  }

  /**
   * This module and all its descendants (see {@linkcode Module.namedModules}).
   * @returns The modules, depth first.
   * @example Counting layers
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Linear(2, 2), new Linear(2, 2));
   * assert.equal(model.modules().filter((m) => m instanceof Linear).length, 2);
   * ```
   */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter of this module and its descendants, with PyTorch's key
   * names (`weight`, `0.bias`, `fc1.weight`); a parameter shared by several
   * modules is listed once, under its first name.
   * @returns `[name, parameter]` pairs in definition order.
   * @example PyTorch's names
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ReLU, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
   * assert.deepEqual(
   *   model.namedParameters().map(([name]) => name),
   *   ["0.weight", "0.bias", "2.weight", "2.bias"],
   * );
   * ```
   */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    return this.#entries(true).filter(([, p]) => !seen.has(p) && seen.add(p));
  }

  /**
   * Every parameter of this module and its descendants, each once: what an
   * optimizer updates.
   * @returns The parameters in definition order.
   * @example Counting weights
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * const n = new Linear(3, 2).parameters().reduce((sum, p) => sum + p.numel, 0);
   * assert.equal(n, 3 * 2 + 2);
   * ```
   */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * Calls `fn` on every descendant module, then on this one (PyTorch's
   * `apply`), typically to initialise weights.
   * @param fn The function to call.
   * @returns This module.
   * @example Custom initialisation
   * ```ts
   * import assert from "node:assert/strict";
   * import { init, Linear, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Linear(2, 2), new Linear(2, 2)).apply((m) => {
   *   if (m instanceof Linear) init.zeros(m.weight);
   * });
   * assert.equal((model[0] as Linear).weight.abs().sum().item(), 0);
   * ```
   */
  apply(fn: (module: AnyModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this as AnyModule);
    return this;
  }

  /**
   * Clears the gradient of every parameter before the next backward pass.
   * @param options `setToNone` (default `true`): `null` rather than zeros.
   * @example One training step
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, randn } from "@nabla/autograd";
   * const model = new Linear(3, 1);
   * model.forward(randn([4, 3])).sum().backward();
   * assert.notEqual(model.weight.grad, null);
   * model.zeroGrad();
   * assert.equal(model.weight.grad, null);
   * ```
   */
  zeroGrad(options: ModuleZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (setToNone || p.grad === null) {
        p.grad = null;
        continue;
      }
      // NOTE: as PyTorch, a gradient with history (createGraph) is detached first.
      if (p.grad.gradFn !== null) p.grad = p.grad.detach();
      const g = p.grad;
      noGrad(() => g.zero_());
    }
  }

  /**
   * The parameters by PyTorch key, in definition order, as detached tensors
   * sharing the parameters' storage (save them with `save()` from `io`).
   * Unlike `namedParameters()`, a shared parameter appears under each name.
   * @returns The state dict.
   * @example Keys and values
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * const layer = new Linear(3, 2);
   * const state = layer.stateDict();
   * assert.deepEqual(Object.keys(state), ["weight", "bias"]);
   * assert.equal(state.weight.requiresGrad, false);
   * assert.equal(state.weight.storage, layer.weight.storage);
   * ```
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.#entries(false)) out[name] = p.detach();
    return out;
  }

  /**
   * Copies tensors into this module's parameters in place (under `noGrad`),
   * converting dtypes as needed. Every problem is reported at once and
   * nothing is copied unless all checks pass: with `strict` (the default),
   * missing and unexpected keys throw an Error listing them; shapes must
   * always match (a ShapeError listing each mismatch).
   * @param stateDict Tensors by key, as from `stateDict()` or `load()`.
   * @param options `strict` (default `true`).
   * @returns The missing and unexpected keys (both empty when strict).
   * @example Copying weights between models
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * const a = new Linear(3, 2);
   * const b = new Linear(3, 2);
   * b.loadStateDict(a.stateDict());
   * assert.deepEqual(b.weight.toArray(), a.weight.toArray());
   * assert.throws(() => b.loadStateDict({ weight: a.weight }), /missing keys: bias/);
   * ```
   */
  loadStateDict(
    stateDict: Record<string, Tensor>,
    options: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const where = `Cannot load the state dict into ${this.constructor.name} in loadStateDict()`;
    if (typeof stateDict !== "object" || stateDict === null) {
      throw new TypeError(`${where}: expected an object of tensors, got ${stateDict}`);
    }
    const strict = options.strict ?? true;
    const own = this.#entries(false);
    const ownKeys = new Set(own.map(([name]) => name));
    const missingKeys = own.map(([name]) => name).filter((k) => !Object.hasOwn(stateDict, k));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !ownKeys.has(k));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(", ")}`);
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`unexpected keys: ${unexpectedKeys.join(", ")}`);
    }
    const mismatches: string[] = [];
    const copies: [Parameter, Tensor][] = [];
    for (const [name, p] of own) {
      if (!Object.hasOwn(stateDict, name)) continue;
      const value = stateDict[name];
      if (!(value instanceof Tensor)) {
        throw new TypeError(`${where}: ${name} must be a Tensor, got ${typeof value}`);
      }
      if (!sameShape(value.shape, p.shape)) {
        mismatches.push(`${name} has shape ${fmt(value.shape)}, expected ${fmt(p.shape)}`);
      }
      copies.push([p, value]);
    }
    if (mismatches.length > 0) problems.push(`shape mismatch: ${mismatches.join("; ")}`);
    if (problems.length > 0) {
      const message = `${where}: ${problems.join("; ")}`;
      if (problems.length === 1 && mismatches.length > 0) {
        throw new ShapeError(message, { op: "loadStateDict" });
      }
      throw new Error(message);
    }
    noGrad(() => {
      for (const [p, value] of copies) p.copy_(value);
    });
    return { missingKeys: strict ? [] : missingKeys, unexpectedKeys: strict ? [] : unexpectedKeys };
  }

  // Every (name, parameter) reachable, depth first; `dedupe` visits each module once.
  #entries(dedupe: boolean): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const visited = new Set<AnyModule>();
    const onPath = new Set<AnyModule>();
    const walk = (m: AnyModule, prefix: string): void => {
      if ((dedupe && visited.has(m)) || onPath.has(m)) return;
      visited.add(m);
      onPath.add(m);
      for (const [name, member] of ownMembers(m)) {
        if (member instanceof Parameter) out.push([prefix + name, member]);
        else walk(member, `${prefix}${name}.`);
      }
      onPath.delete(m);
    };
    walk(this as AnyModule, "");
    return out;
  }
}

// The parameters and modules held by a module's own fields, arrays indexed as `name.i`.
function ownMembers(m: object): [string, Parameter | AnyModule][] {
  const out: [string, Parameter | AnyModule][] = [];
  for (const [name, value] of Object.entries(m)) {
    if (value instanceof Parameter || value instanceof Module) out.push([name, value]);
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v instanceof Parameter || v instanceof Module) out.push([`${name}.${i}`, v]);
      });
    }
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

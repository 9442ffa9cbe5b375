/**
 * `Parameter` and `Module`, the base of every layer: parameters and submodules
 * are found by walking a module's own fields, as PyTorch's `__setattr__`
 * registers them, so a model is a plain class with fields.
 */
import {
  checkOptions,
  type DType,
  isFloatingPoint,
  noGrad,
  ShapeError,
  Tensor,
} from "../tensor/mod.ts";

// Parameters reached by a module walk or given to an optimizer (which calls the
// method under this symbol, so that optim/ needs no import of nn/).
const REGISTER = Symbol.for("nabla.registerParameter");
// The method the backward engine calls on a leaf's first gradient (tensor/autograd.ts).
const FIRST_GRADIENT = Symbol.for("nabla.firstGradient");
const registered = new WeakSet<Parameter>();
let anyRegistered = false;
const warned = new WeakSet<Parameter>();

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
    checkOptions("Parameter", options, ["requiresGrad"]);
    if (!(data instanceof Tensor)) {
      throw new TypeError("Cannot create a Parameter: data must be a Tensor");
    }
    super(data.storage, data.shape, data.strides, data.offset);
    this.requiresGrad = options.requiresGrad ?? true;
  }

  /**
   * Called by the backward engine when a pass gives this parameter a
   * gradient while its `.grad` is null. If no module walk reached it and no
   * optimizer holds it, while other parameters were, it warns (once per
   * parameter): such a parameter (of a layer in a `#private` field, say) is
   * never trained nor saved (see {@linkcode Module}).
   */
  [FIRST_GRADIENT](): void {
    if (!anyRegistered || registered.has(this) || warned.has(this)) return;
    warned.add(this);
    console.warn(
      `Warning: a Parameter of shape ${fmt(this.shape)} received a gradient, but no module ` +
        "lists it and no optimizer holds it, so it is neither trained nor saved. JavaScript " +
        "cannot enumerate #private fields: keep layers and parameters in public fields (or " +
        "arrays of them) for parameters() and stateDict() to find them, or give it to the " +
        "optimizer. (Warned once per parameter.)",
    );
  }

  /** Marks this parameter as reached by a module walk or held by an optimizer. */
  [REGISTER](): void {
    registered.add(this);
    anyRegistered = true;
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

/** Options of {@linkcode Module.registerBuffer}. */
export interface RegisterBufferOptions {
  /**
   * Whether the buffer is part of `stateDict()` (saved and loaded); a
   * non-persistent buffer, such as a causal mask that is cheap to rebuild,
   * still follows `to(dtype)` but is never saved.
   * @default true
   */
  persistent?: boolean;
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
 * (numbers, options, plain tensors, `null`) are ignored. Tensors that are
 * state but not parameters (batch norm's running statistics, a causal mask)
 * are registered with {@linkcode Module.registerBuffer}. Keys therefore match
 * PyTorch's `state_dict()` for the same architecture: a module's own
 * parameters, then its own persistent buffers, then each child's entries. The walk happens at each call, so fields assigned later count
 * too; as in any JavaScript object, integer-like field names (`Sequential`'s
 * `0`, `1`...) come before the others.
 *
 * The rule: layers and parameters live in public fields (or arrays of them).
 * JavaScript cannot enumerate `#private` fields (nor variables in a closure),
 * so a layer held there is invisible to `parameters()` and `stateDict()`:
 * never trained, never saved. This is caught at run time: when a backward
 * pass gives a gradient to a Parameter that no module walk reached and no
 * optimizer holds, while other parameters were reached, a warning is printed
 * (once per parameter). A parameter deliberately kept outside modules is fine
 * once it is given to an optimizer.
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
  // Registered buffers by name, in registration order (null: declared, no value).
  #buffers = new Map<string, Tensor | null>();
  #nonPersistent = new Set<string>();

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
    const seen = new Set<Tensor>();
    return this.#entries(true, false).filter(([, p]) => !seen.has(p) && seen.add(p)) as [
      string,
      Parameter,
    ][];
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
   * Registers a tensor that is part of the module's state but is not trained
   * (PyTorch's `register_buffer`): batch norm's running statistics, a causal
   * mask. The buffer becomes a property `name` of the module (reading and
   * assigning it reads and replaces the buffer, as in PyTorch), follows
   * `to(dtype)`, and, when persistent, is saved by `stateDict()` and loaded by
   * `loadStateDict()` under the key `name` (prefixed like parameters).
   * Registering an existing buffer's name again replaces it.
   * @param name The key, e.g. `"running_mean"`: no dot, not an existing member.
   * @param tensor The value, or `null` to declare a buffer without a value
   *   (left out of the state dict).
   * @param options `persistent` (default `true`).
   * @example A running count
   * ```ts
   * import assert from "node:assert/strict";
   * import { Module, type Tensor, zeros } from "@nabla/autograd";
   * class Counter extends Module {
   *   declare count: Tensor;
   *   constructor() {
   *     super();
   *     this.registerBuffer("count", zeros([]));
   *   }
   *   forward(x: Tensor): Tensor {
   *     this.count.add_(1);
   *     return x;
   *   }
   * }
   * const m = new Counter();
   * m.forward(zeros([2]));
   * assert.deepEqual(Object.keys(m.stateDict()), ["count"]);
   * assert.equal(m.stateDict().count.item(), 1);
   * ```
   */
  registerBuffer(name: string, tensor: Tensor | null, options: RegisterBufferOptions = {}): void {
    checkOptions("registerBuffer", options, ["persistent"]);
    const where = `Cannot register buffer ${JSON.stringify(name)} in registerBuffer()`;
    if (typeof name !== "string" || name === "" || name.includes(".")) {
      throw new TypeError(`${where}: the name must be a non-empty string without "."`);
    }
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`${where}: expected a Tensor or null, got ${typeof tensor}`);
    }
    if (tensor instanceof Parameter) {
      throw new TypeError(`${where}: a Parameter cannot be a buffer`);
    }
    if (!this.#buffers.has(name)) {
      if (name in this) {
        throw new TypeError(`${where}: ${this.constructor.name} already has a member of that name`);
      }
      const buffers = this.#buffers;
      Object.defineProperty(this, name, {
        get: () => buffers.get(name),
        set: (value: Tensor | null) => {
          if (value !== null && !(value instanceof Tensor)) {
            throw new TypeError(
              `Cannot assign buffer ${
                JSON.stringify(name)
              }: expected a Tensor or null, got ${typeof value}`,
            );
          }
          buffers.set(name, value);
        },
        enumerable: false,
        configurable: false,
      });
    }
    this.#buffers.set(name, tensor);
    if (options.persistent ?? true) this.#nonPersistent.delete(name);
    else this.#nonPersistent.add(name);
  }

  /**
   * The buffer registered under `name`, for typed access (`this.getBuffer("running_mean")`).
   * @param name A buffer of this module (no dotted path).
   * @returns The buffer, or `null` if registered without a value.
   * @example Reading a buffer
   * ```ts
   * import assert from "node:assert/strict";
   * import { Module, type Tensor, tensor } from "@nabla/autograd";
   * class Scale extends Module {
   *   constructor() {
   *     super();
   *     this.registerBuffer("factor", tensor(2));
   *   }
   *   forward(x: Tensor): Tensor {
   *     return x.mul(this.getBuffer("factor")!);
   *   }
   * }
   * assert.deepEqual(new Scale().forward(tensor([1, 3])).toArray(), [2, 6]);
   * ```
   */
  getBuffer(name: string): Tensor | null {
    if (!this.#buffers.has(name)) {
      const known = [...this.#buffers.keys()].join(", ") || "none";
      throw new RangeError(
        `Cannot get buffer ${JSON.stringify(name)} in getBuffer(): ${this.constructor.name} ` +
          `has no such buffer (buffers: ${known})`,
      );
    }
    return this.#buffers.get(name)!;
  }

  /**
   * Every buffer of this module and its descendants with its dotted key
   * (`bn1.running_mean`), persistent or not, each tensor once; buffers
   * registered as `null` are left out.
   * @returns `[name, buffer]` pairs: each module's own buffers, then its children's.
   * @example Listing buffers
   * ```ts
   * import assert from "node:assert/strict";
   * import { Module, type Tensor, zeros } from "@nabla/autograd";
   * class Stats extends Module {
   *   constructor() {
   *     super();
   *     this.registerBuffer("mean", zeros([3]));
   *     this.registerBuffer("mask", zeros([3]), { persistent: false });
   *   }
   *   forward(x: Tensor): Tensor {
   *     return x;
   *   }
   * }
   * const m = new Stats();
   * assert.deepEqual(m.namedBuffers().map(([name]) => name), ["mean", "mask"]);
   * assert.deepEqual(Object.keys(m.stateDict()), ["mean"]);
   * ```
   */
  namedBuffers(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, b] of (m as Module<never, unknown>).#buffers) {
        if (b === null || seen.has(b)) continue;
        seen.add(b);
        out.push([prefix === "" ? name : `${prefix}.${name}`, b]);
      }
    }
    return out;
  }

  /**
   * Every buffer of this module and its descendants (see {@linkcode Module.namedBuffers}).
   * @returns The buffers.
   * @example Counting buffer elements
   * ```ts
   * import assert from "node:assert/strict";
   * import { Module, type Tensor, zeros } from "@nabla/autograd";
   * class M extends Module {
   *   constructor() {
   *     super();
   *     this.registerBuffer("a", zeros([2, 2]));
   *   }
   *   forward(x: Tensor): Tensor {
   *     return x;
   *   }
   * }
   * assert.equal(new M().buffers().reduce((n, b) => n + b.numel, 0), 4);
   * ```
   */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /**
   * Converts every floating-point parameter and buffer of this module and its
   * descendants to `dtype`, in place (PyTorch's `module.to(dtype)`); integer
   * buffers such as a batch counter keep their dtype. Parameters are replaced
   * by new parameters (tied ones stay tied, gradients are converted too), so
   * create the optimizer after converting, as PyTorch advises.
   * @param dtype `"float32"` or `"float64"`.
   * @returns This module.
   * @example Double precision
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * const layer = new Linear(2, 3).to("float64");
   * assert.equal(layer.weight.dtype, "float64");
   * ```
   */
  to(dtype: DType): this {
    if (typeof dtype !== "string" || !isFloatingPoint(dtype)) {
      throw new TypeError(
        `Cannot convert ${this.constructor.name} in to(): expected a floating-point dtype ` +
          `(float32 or float64), got ${String(dtype)}`,
      );
    }
    const converted = new Map<Tensor, Tensor>();
    const convert = <T extends Tensor>(t: T, make: (t: T) => T): T => {
      if (!isFloatingPoint(t.dtype) || t.dtype === dtype) return t;
      let out = converted.get(t) as T | undefined;
      if (out === undefined) converted.set(t, out = make(t));
      return out;
    };
    const toParameter = (p: Parameter): Parameter => {
      const q = new Parameter(p.detach().to(dtype), { requiresGrad: p.requiresGrad });
      if (p.grad !== null) q.grad = p.grad.detach().to(dtype);
      return q;
    };
    noGrad(() => {
      for (const [, m] of this.namedModules()) {
        for (const [key, value] of Object.entries(m)) {
          if (value instanceof Parameter) setField(m, key, convert(value, toParameter));
          else if (Array.isArray(value)) {
            value.forEach((v, i) => {
              if (v instanceof Parameter) value[i] = convert(v, toParameter);
            });
          }
        }
        const buffers = (m as Module<never, unknown>).#buffers;
        for (const [name, b] of buffers) {
          if (b !== null) buffers.set(name, convert(b, (t) => t.to(dtype)));
        }
      }
    });
    return this;
  }

  /**
   * Converts floating-point parameters and buffers to float64 (`to("float64")`).
   * @returns This module.
   * @example Double
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * assert.equal(new Linear(2, 2).double().bias!.dtype, "float64");
   * ```
   */
  double(): this {
    return this.to("float64");
  }

  /**
   * Converts floating-point parameters and buffers to float32 (`to("float32")`).
   * @returns This module.
   * @example Float
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * assert.equal(new Linear(2, 2, { dtype: "float64" }).float().weight.dtype, "float32");
   * ```
   */
  float(): this {
    return this.to("float32");
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
    checkOptions("zeroGrad", options, ["setToNone"]);
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
   * The parameters and persistent buffers by PyTorch key, in PyTorch's order
   * (each module's parameters, then its buffers, then its children's), as
   * detached tensors sharing their storage (save them with `save()` from
   * `io`). Unlike `namedParameters()`, a shared parameter appears under each
   * name.
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
    for (const [name, t] of this.#entries(false, true)) out[name] = t.detach();
    return out;
  }

  /**
   * Copies tensors into this module's parameters and persistent buffers in
   * place (under `noGrad`), converting dtypes as needed. Every problem is reported at once and
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
    checkOptions("loadStateDict", options, ["strict"]);
    const where = `Cannot load the state dict into ${this.constructor.name} in loadStateDict()`;
    if (typeof stateDict !== "object" || stateDict === null) {
      throw new TypeError(`${where}: expected an object of tensors, got ${stateDict}`);
    }
    const strict = options.strict ?? true;
    const own = this.#entries(false, true);
    const ownKeys = new Set(own.map(([name]) => name));
    const missingKeys = own.map(([name]) => name).filter((k) => !Object.hasOwn(stateDict, k));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !ownKeys.has(k));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(", ")}`);
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`unexpected keys: ${unexpectedKeys.join(", ")}`);
    }
    const mismatches: string[] = [];
    const copies: [Tensor, Tensor][] = [];
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

  /**
   * The module's own settings as printed inside its parentheses by
   * `toString()` (PyTorch's `extra_repr`): `""` by default; layers override
   * it, e.g. Linear gives `in_features=2, out_features=3, bias=True`.
   * @returns One line (or several) of settings.
   * @example A custom layer's settings
   * ```ts
   * import assert from "node:assert/strict";
   * import { Module, type Tensor } from "@nabla/autograd";
   * class Scale extends Module {
   *   constructor(readonly factor: number) {
   *     super();
   *   }
   *   override extraRepr(): string {
   *     return `factor=${this.factor}`;
   *   }
   *   forward(x: Tensor): Tensor {
   *     return x.mul(this.factor);
   *   }
   * }
   * assert.equal(String(new Scale(2)), "Scale(factor=2)");
   * ```
   */
  extraRepr(): string {
    return "";
  }

  /**
   * The module tree as PyTorch prints it: the class name, its `extraRepr()`,
   * and each child on its own line as `(name): Child(...)`, indented by two
   * spaces per level.
   * @returns The description.
   * @example Printing a model
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ReLU, Sequential } from "@nabla/autograd";
   * assert.equal(
   *   String(new Sequential(new Linear(2, 3), new ReLU())),
   *   "Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)",
   * );
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra === "" ? [] : extra.split("\n");
    const childLines = this.namedChildren().map(([name, child]) =>
      `(${name}): ${String(child).replaceAll("\n", "\n  ")}`
    );
    const lines = [...extraLines, ...childLines];
    let body = "";
    if (extraLines.length === 1 && childLines.length === 0) body = extraLines[0];
    else if (lines.length > 0) body = `\n  ${lines.join("\n  ")}\n`;
    return `${this.constructor.name}(${body})`;
  }

  /**
   * What `console.log` shows in Deno: `toString()`.
   * @returns The description.
   * @example Inspecting
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReLU } from "@nabla/autograd";
   * assert.equal(Deno.inspect(new ReLU()), "ReLU()");
   * ```
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * What `console.log` shows in Node: `toString()`.
   * @returns The description.
   * @example Inspecting
   * ```ts
   * import assert from "node:assert/strict";
   * import { inspect } from "node:util";
   * import { Linear } from "@nabla/autograd";
   * assert.equal(inspect(new Linear(1, 1)), "Linear(in_features=1, out_features=1, bias=True)");
   * ```
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // The state reachable from this module in PyTorch's order: each module's own
  // parameters, then (with `buffers`) its persistent buffers, then its children's
  // entries, depth first. `dedupe` visits each module once; cycles are cut.
  #entries(dedupe: boolean, buffers: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const visited = new Set<AnyModule>();
    const onPath = new Set<AnyModule>();
    const walk = (m: AnyModule, prefix: string): void => {
      if ((dedupe && visited.has(m)) || onPath.has(m)) return;
      visited.add(m);
      onPath.add(m);
      const members = ownMembers(m);
      for (const [name, member, inArray] of members) {
        if (member instanceof Parameter) member[REGISTER]();
        if (member instanceof Parameter && !inArray) out.push([prefix + name, member]);
      }
      if (buffers) {
        const own = m as Module<never, unknown>;
        for (const [name, b] of own.#buffers) {
          if (b !== null && !own.#nonPersistent.has(name)) out.push([prefix + name, b]);
        }
      }
      // An array of parameters counts as a child (PyTorch's ParameterList).
      for (const [name, member, inArray] of members) {
        if (member instanceof Module) walk(member, `${prefix}${name}.`);
        else if (inArray) out.push([prefix + name, member]);
      }
      onPath.delete(m);
    };
    walk(this as AnyModule, "");
    return out;
  }
}

// Assigns a converted parameter to a field, failing loudly if the field is read-only.
function setField(m: object, key: string, value: unknown): void {
  if (!Reflect.set(m, key, value)) {
    throw new Error(`internal: cannot replace the read-only field ${key} of ${m.constructor.name}`);
  }
}

// The parameters and modules held by a module's own fields, arrays indexed as
// `name.i` (flagged, since an array acts as a child container).
function ownMembers(m: object): [string, Parameter | AnyModule, boolean][] {
  const out: [string, Parameter | AnyModule, boolean][] = [];
  for (const [name, value] of Object.entries(m)) {
    if (value instanceof Parameter || value instanceof Module) out.push([name, value, false]);
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v instanceof Parameter || v instanceof Module) out.push([`${name}.${i}`, v, true]);
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

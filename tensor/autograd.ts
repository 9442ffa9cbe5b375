/**
 * Reverse-mode autograd for tensors: the {@linkcode AutogradFunction} base
 * class that every op extends, grad mode ({@linkcode noGrad}), and the engine
 * that runs backward rules in reverse topological order.
 *
 * NOTE: this module imports `Tensor` as a type only and recognises tensors by
 * a brand, so that `class Mul extends AutogradFunction` can be evaluated
 * whichever module of the tensor/ops cycle loads first.
 */
import type { Tensor } from "./tensor.ts";
import type { DType } from "./dtype.ts";
import type { Storage } from "./storage.ts";
import { type Creator, ownerOf, release, setCreator, setOwner } from "./_pool.ts";
import { AutogradError } from "./errors.ts";
import { fmt, shapesEqual } from "./_shape.ts";

/** Brand set on `Tensor.prototype`; see {@linkcode isTensor}. */
export const TENSOR_BRAND: unique symbol = Symbol("nabla.Tensor");

/** Whether a value is a Tensor (checked by brand, without importing the class). */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null &&
    (x as { [TENSOR_BRAND]?: unknown })[TENSOR_BRAND] === true;
}

// ---------------------------------------------------------------- grad mode

let gradEnabled = true;

/**
 * Whether operations are currently recorded for backward.
 * @returns `false` inside {@linkcode noGrad}, `true` otherwise (by default).
 * @example Grad mode
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGradEnabled, noGrad } from "@nabla/autograd";
 * assert.equal(isGradEnabled(), true);
 * assert.equal(noGrad(() => isGradEnabled()), false);
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording operations: results do not require grad and
 * in-place updates of parameters are allowed (as optimizers do). Nests, and
 * restores the previous mode even if `fn` throws. `fn` must be synchronous.
 * @param fn The code to run.
 * @returns What `fn` returns.
 * @example Evaluating without a graph
 * ```ts
 * import assert from "node:assert/strict";
 * import { noGrad, tensor } from "@nabla/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * assert.equal(y.requiresGrad, false);
 * noGrad(() => w.sub_(y)); // an optimizer-style update
 * assert.deepEqual(w.toArray(), [-1, -2]);
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with recording turned back on, even inside {@linkcode noGrad}.
 * @param fn The code to run.
 * @returns What `fn` returns.
 * @example Recording inside noGrad
 * ```ts
 * import assert from "node:assert/strict";
 * import { enableGrad, noGrad, tensor } from "@nabla/autograd";
 * const x = tensor(2, { requiresGrad: true });
 * const y = noGrad(() => enableGrad(() => x.mul(x)));
 * assert.equal(y.requiresGrad, true);
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

// ---------------------------------------------------------------- functions

// What tensor.ts lets this module do to a tensor's private autograd state.
interface TensorHooks {
  attach(output: Tensor, fn: AutogradFunction): void;
  /** `t.grad`, without marking it as handed to user code. */
  gradOf(t: Tensor): Tensor | null;
  /** Sets `t.grad`, unchecked. */
  setGrad(t: Tensor, g: Tensor): void;
}
let hooks: TensorHooks | null = null;

/** Called once by tensor.ts so that `apply()` can set an output's `gradFn`. */
export function registerTensorHooks(h: TensorHooks): void {
  hooks = h;
}

// One edge per forward argument: the function that made it, the leaf itself
// (its gradient is accumulated into `.grad`), or null (no gradient needed).
type Edge = AutogradFunction | Tensor | null;

// Graph bookkeeping of one function call, kept out of the public class.
// NOTE: one shared empty list until a node needs its own (most never do): a node
// per op call, so its allocations count (see Memory in docs/architecture.md).
const NONE = Object.freeze([]) as unknown as never[];
class Node {
  edges: Edge[] = NONE;
  needsInputGrad: boolean[] = NONE;
  shapes: (readonly number[] | null)[] = NONE;
  dtypes: (DType | null)[] = NONE;
  saved: Tensor[] = NONE;
  versions: number[] = NONE;
  freed = false;
  nonDifferentiable: Tensor[] = NONE;
  retained: Tensor | null = null;
  /** Storages that forward made for backward alone (never returned): released with `saved`. */
  owned: Storage[] = NONE;
}
let nodeOf: (fn: AutogradFunction) => Node;

// Functions of the library whose backward keeps no reference to the tensors it
// receives or creates, so that the engine may recycle them (see runBackward).
const trusted = new WeakSet<object>();

/**
 * Declares op classes whose `backward` keeps no tensor beyond its return (it
 * stores nothing on the instance or elsewhere): the backward engine may then
 * give the gradients it reads and creates back to the buffer pool once the
 * graph no longer needs them. Library ops only; user functions are never trusted.
 */
export function trustBackward(...classes: (abstract new () => AutogradFunction)[]): void {
  for (const c of classes) trusted.add(c);
}

/**
 * Hands `t`, made by `fn.forward` for its backward alone and never returned
 * or shown to the caller, to the engine: its buffer goes back to the pool when
 * the graph frees `fn`'s saved tensors.
 */
export function keepForBackward(fn: AutogradFunction, t: Tensor): void {
  const node = nodeOf(fn);
  node.owned = [...node.owned, t.storage];
  setOwner(t.storage, fn);
}

function freeSaved(fn: AutogradFunction, node: Node): void {
  node.saved = NONE;
  node.freed = true;
  for (const s of node.owned) release(s, fn);
  node.owned = NONE;
}

/**
 * A differentiable operation: `forward` computes the result from its
 * arguments, `backward` maps the gradient of the result to one gradient per
 * argument. Every op of the library is one such class; user ops look the same.
 *
 * Call it through the static `apply(...)`, never `forward` directly: `apply`
 * runs `forward` under no-grad, then, if grad mode is on and some tensor
 * argument requires grad, links the result into the graph with this function
 * as its `gradFn`. Arguments may mix tensors and other values, as in PyTorch.
 *
 * @example A user-defined op
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutogradFunction, gradcheck, type Tensor, tensor } from "@nabla/autograd";
 *
 * // y = x³, with its derivative written by hand.
 * class Cube extends AutogradFunction {
 *   override forward(x: Tensor): Tensor {
 *     this.saveForBackward(x);
 *     return x.mul(x).mul(x);
 *   }
 *   override backward(gradOutput: Tensor): [Tensor | null] {
 *     const [x] = this.savedTensors;
 *     return [gradOutput.mul(x.square()).mul(3)];
 *   }
 * }
 *
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = Cube.apply(x);
 * assert.equal(y.gradFn?.name, "CubeBackward");
 * y.sum().backward();
 * assert.deepEqual(x.grad?.toArray(), [3, 12]);
 *
 * // The hand-written backward agrees with finite differences (in float64).
 * const x64 = tensor([0.5, -1.5, 2], { dtype: "float64", requiresGrad: true });
 * assert.ok(gradcheck((t) => Cube.apply(t), [x64]));
 * ```
 */
export abstract class AutogradFunction {
  #node = new Node();

  static {
    nodeOf = (fn) => fn.#node;
  }

  /**
   * Runs the op: `forward(...args)` under no-grad, then records the call in
   * the graph if any tensor argument requires grad (and grad mode is on).
   * @param args The arguments of `forward`: tensors and plain values.
   * @returns The output tensor.
   * @example Applying an op
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradFunction, type Tensor, tensor } from "@nabla/autograd";
   * class Scale extends AutogradFunction {
   *   factor = 1;
   *   override forward(x: Tensor, factor: number): Tensor {
   *     this.factor = factor; // non-tensor state lives on the instance
   *     return x.mul(factor);
   *   }
   *   override backward(g: Tensor): [Tensor, null] {
   *     return [g.mul(this.factor), null];
   *   }
   * }
   * const x = tensor([1, 2], { requiresGrad: true });
   * Scale.apply(x, 3).sum().backward();
   * assert.deepEqual(x.grad?.toArray(), [3, 3]);
   * ```
   */
  static apply<F extends AutogradFunction>(
    this: new () => F,
    ...args: Parameters<F["forward"]>
  ): Tensor {
    const fn = new this();
    const node = fn.#node;
    let anyGrad = false;
    const needsInputGrad = new Array<boolean>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      needsInputGrad[i] = gradEnabled && isTensor(a) && a.requiresGrad;
      anyGrad ||= needsInputGrad[i];
    }
    node.needsInputGrad = needsInputGrad;
    const previous = gradEnabled;
    gradEnabled = false;
    let out: unknown;
    try {
      out = fn.forward(...args);
    } finally {
      gradEnabled = previous;
    }
    if (!isTensor(out)) {
      throw new AutogradError(
        `Cannot use the result of ${fn.constructor.name}.forward() in apply(): ` +
          `expected a Tensor, got ${typeof out}`,
        { op: fn.name },
      );
    }
    const nonDifferentiable = node.nonDifferentiable.includes(out);
    // NOTE: never overwrite the metadata of an input (or of any tensor with history).
    if (args.includes(out) || out.requiresGrad) out = out.detach();
    const output = out as Tensor;
    if (!anyGrad || nonDifferentiable) {
      freeSaved(fn, node);
      node.freed = false;
      return output;
    }
    const edges = new Array<Edge>(args.length);
    const shapes = new Array<readonly number[] | null>(args.length);
    const dtypes = new Array<DType | null>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const t = isTensor(a) ? a : null;
      edges[i] = needsInputGrad[i] ? t!.gradFn ?? t : null;
      shapes[i] = t === null ? null : t.shape;
      dtypes[i] = t === null ? null : t.dtype;
    }
    node.edges = edges;
    node.shapes = shapes;
    node.dtypes = dtypes;
    hooks!.attach(output, fn);
    return output;
  }

  /**
   * Computes the output from the arguments. Runs under no-grad: use tensor
   * ops or kernels freely; call {@linkcode saveForBackward} for what
   * `backward` needs.
   * @param args Tensors and plain values, as passed to `apply`.
   * @returns The output tensor.
   * @example Overriding forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradFunction, type Tensor, tensor } from "@nabla/autograd";
   * class Double extends AutogradFunction {
   *   override forward(x: Tensor): Tensor {
   *     return x.add(x);
   *   }
   *   override backward(g: Tensor): [Tensor] {
   *     return [g.mul(2)];
   *   }
   * }
   * assert.deepEqual(Double.apply(tensor([1, 2])).toArray(), [2, 4]);
   * ```
   */
  abstract forward(...args: unknown[]): Tensor;

  /**
   * Maps the gradient of the output to one gradient per forward argument, in
   * order: a tensor of that argument's shape and dtype, or `null` (no
   * gradient, or a non-tensor argument). Trailing entries may be omitted.
   * Runs with grad mode on only when a backward pass asks for `createGraph`,
   * so write it with tensor ops to get higher derivatives for free.
   * @param gradOutput The gradient of the output.
   * @returns The gradients of the arguments.
   * @example Overriding backward
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradFunction, type Tensor, tensor } from "@nabla/autograd";
   * class Square extends AutogradFunction {
   *   override forward(x: Tensor): Tensor {
   *     this.saveForBackward(x);
   *     return x.mul(x);
   *   }
   *   override backward(g: Tensor): [Tensor | null] {
   *     const [x] = this.savedTensors;
   *     return [this.needsInputGrad[0] ? g.mul(x).mul(2) : null];
   *   }
   * }
   * const x = tensor(3, { requiresGrad: true });
   * Square.apply(x).backward();
   * assert.equal(x.grad?.item(), 6);
   * ```
   */
  abstract backward(gradOutput: Tensor): readonly (Tensor | null | undefined)[];

  /**
   * Where the gradient of each forward argument goes next, as PyTorch's
   * `grad_fn.next_functions`: the function that produced the argument, the
   * argument itself when it is a leaf that requires grad (its gradient is
   * accumulated into `.grad`), or `null` when it needs no gradient. Following
   * these edges from a result's `gradFn` walks the whole graph.
   * @returns One entry per forward argument.
   * @example Walking a graph
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.exp().mul(3);
   * const [expFn, constant] = y.gradFn!.nextFunctions;
   * assert.equal(constant, null); // the 3 needs no gradient
   * assert.equal((expFn as { name: string }).name, "ExpBackward");
   * ```
   */
  get nextFunctions(): readonly (AutogradFunction | Tensor | null)[] {
    return this.#node.edges;
  }

  /**
   * Which forward arguments need a gradient: one entry per argument, `false`
   * for non-tensors and for tensors that do not require grad. Lets
   * `backward` skip work.
   * @returns One flag per forward argument.
   * @example Skipping unneeded gradients
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradFunction, type Tensor, tensor } from "@nabla/autograd";
   * let seen: readonly boolean[] = [];
   * class Probe extends AutogradFunction {
   *   override forward(a: Tensor, b: Tensor, _note: string): Tensor {
   *     seen = this.needsInputGrad;
   *     return a.add(b);
   *   }
   *   override backward(g: Tensor): [Tensor, Tensor] {
   *     return [g, g];
   *   }
   * }
   * Probe.apply(tensor(1, { requiresGrad: true }), tensor(2), "hi");
   * assert.deepEqual(seen, [true, false, false]);
   * ```
   */
  get needsInputGrad(): readonly boolean[] {
    return this.#node.needsInputGrad;
  }

  /**
   * The name shown in printouts and error messages: the class name followed
   * by `Backward`, as PyTorch's `MulBackward0`.
   * @returns The name, such as `"MulBackward"`.
   * @example Names of gradient functions
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * assert.equal(x.mul(2).gradFn?.name, "MulBackward");
   * ```
   */
  get name(): string {
    return `${this.constructor.name}Backward`;
  }

  /**
   * Keeps tensors for `backward` (call it in `forward`). Their storage
   * versions are recorded, so that an in-place change made before backward
   * is caught instead of silently giving a wrong gradient.
   * @param tensors The tensors `backward` will need (inputs or the output).
   * @example Saving inputs
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradFunction, type Tensor, tensor } from "@nabla/autograd";
   * class Mul2 extends AutogradFunction {
   *   override forward(a: Tensor, b: Tensor): Tensor {
   *     this.saveForBackward(a, b);
   *     return a.mul(b);
   *   }
   *   override backward(g: Tensor): [Tensor, Tensor] {
   *     const [a, b] = this.savedTensors;
   *     return [g.mul(b), g.mul(a)];
   *   }
   * }
   * const a = tensor(2, { requiresGrad: true });
   * Mul2.apply(a, tensor(5)).backward();
   * assert.equal(a.grad?.item(), 5);
   * ```
   */
  saveForBackward(...tensors: Tensor[]): void {
    const node = this.#node;
    node.saved = tensors;
    node.versions = tensors.map((t) => t.storage.version);
  }

  /**
   * The tensors given to {@linkcode saveForBackward}. Throws an
   * `AutogradError` if one of them was modified in place since, or if an
   * earlier backward pass freed them (pass `{ retainGraph: true }` to it).
   * @returns The saved tensors, in order.
   * @example An in-place change after saving is caught
   * ```ts
   * import assert from "node:assert/strict";
   * import { noGrad, tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.exp(); // saves its output
   * noGrad(() => y.mul_(2));
   * assert.throws(() => y.sum().backward(), { name: "AutogradError", message: /mul_\(\)/ });
   * ```
   */
  get savedTensors(): readonly Tensor[] {
    const node = this.#node;
    if (node.freed) {
      throw new AutogradError(
        `Cannot run ${this.name} in backward(): its saved tensors were freed by an earlier ` +
          "backward pass; pass { retainGraph: true } to the first backward() to go through " +
          "the graph more than once",
        { op: this.name },
      );
    }
    for (let i = 0; i < node.saved.length; i++) {
      const t = node.saved[i];
      if (t.storage.version !== node.versions[i]) {
        throw new AutogradError(
          `Cannot run ${this.name} in backward(): a tensor of shape ${fmt(t.shape)} that it ` +
            `saved was modified in place by ${t.storage.lastInplaceOp}() ` +
            `(it is at version ${t.storage.version}, expected version ${node.versions[i]}); ` +
            "clone() it before the update, or update it after backward()",
          { op: this.name },
        );
      }
    }
    return node.saved;
  }

  /**
   * Declares outputs that carry no gradient (indices, masks): they will not
   * require grad even if the inputs do. Call it in `forward`.
   * @param tensors Outputs of `forward` that are not differentiable.
   * @example A non-differentiable output
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradFunction, type Tensor, tensor } from "@nabla/autograd";
   * class Positive extends AutogradFunction {
   *   override forward(x: Tensor): Tensor {
   *     const out = x.gt(0).float();
   *     this.markNonDifferentiable(out);
   *     return out;
   *   }
   *   override backward(): [] {
   *     return [];
   *   }
   * }
   * const y = Positive.apply(tensor([-1, 2], { requiresGrad: true }));
   * assert.equal(y.requiresGrad, false);
   * ```
   */
  markNonDifferentiable(...tensors: Tensor[]): void {
    const node = this.#node;
    node.nonDifferentiable = [...node.nonDifferentiable, ...tensors];
  }
}

// ---------------------------------------------------------------- engine

/** Marks a non-leaf tensor so that backward passes also fill its `.grad`. */
export function retainGradOf(t: Tensor): void {
  nodeOf(t.gradFn!).retained = t;
}

/** Whether `retainGradOf(t)` was called for this (non-leaf) tensor. */
export function retainsGradOf(t: Tensor): boolean {
  return t.gradFn !== null && nodeOf(t.gradFn).retained === t;
}

/** Shape and dtype of each argument of a recorded call (`null` for non-tensors), as tensor/graph.ts draws them. */
export function argumentMetadataOf(
  fn: AutogradFunction,
): { shapes: readonly (readonly number[] | null)[]; dtypes: readonly (DType | null)[] } {
  const node = nodeOf(fn);
  return { shapes: node.shapes, dtypes: node.dtypes };
}

/** Options of one backward pass. */
export interface BackwardOptions {
  /** Keep saved tensors so that the graph can be run again. */
  retainGraph: boolean;
  /** Record the backward computation itself, for higher derivatives. */
  createGraph: boolean;
}

/**
 * Runs one backward pass from `outputs`, seeded with `gradOutputs` (already
 * checked to match). Without `inputs`, accumulates into the `.grad` of every
 * leaf reached (and of retained non-leaves); with `inputs`, touches no
 * `.grad`, runs only the functions that lead to them, and returns the
 * gradient of each input (`null` if it was not reached).
 */
export function runBackward(
  outputs: readonly Tensor[],
  gradOutputs: readonly Tensor[],
  options: BackwardOptions,
  inputs?: readonly Tensor[],
): (Tensor | null)[] {
  const results: (Tensor | null)[] = inputs ? inputs.map(() => null) : [];
  const leafIndex = new Map<Tensor, number>();
  const fnIndex = new Map<AutogradFunction, number>();
  inputs?.forEach((t, i) => t.gradFn ? fnIndex.set(t.gradFn, i) : leafIndex.set(t, i));
  const roots: AutogradFunction[] = [];
  for (const t of outputs) if (t.gradFn) roots.push(t.gradFn);
  const order = topologicalOrder(roots);
  const needed = inputs ? neededFunctions(order, fnIndex, leafIndex) : null;
  const { retainGraph, createGraph } = options;

  // Deterministic release. Gradients that trusted backward rules create in this
  // pass are owned by `pass`; `held` counts the engine's references to each such
  // storage (a gradient waiting in `buffers`, or returned and not yet delivered).
  // When the count drops to 0 the storage is unreachable and goes back to the
  // pool. Recording (createGraph) keeps everything: gradients become graph nodes.
  const pass = {};
  const held = new Map<Storage, number>();
  const hold = (t: Tensor): void => {
    const s = t.storage;
    if (ownerOf(s) === pass) held.set(s, (held.get(s) ?? 0) + 1);
  };
  const drop = (t: Tensor): void => {
    const s = t.storage;
    const n = held.get(s);
    if (n === undefined) return;
    if (n > 1) held.set(s, n - 1);
    else {
      held.delete(s);
      release(s, pass);
    }
  };
  // A gradient leaving the engine's control (to grad()'s caller, to untrusted code).
  const escape = (t: Tensor): void => {
    const s = t.storage;
    if (held.delete(s) || ownerOf(s) === pass) setOwner(s, null);
  };
  // Whether the engine holds the only reference to `t`'s storage, so it can be updated in place.
  const sole = (t: Tensor): boolean => held.get(t.storage) === 1 && isDense(t);

  // What trusted backward rules create and do not return is dead once they return.
  const created: Storage[] = [];
  const inPass: Creator = { owner: createGraph ? null : pass, log: created };
  const untrustedCode: Creator = { owner: null, log: null };
  const sweep = (): void => {
    for (const s of created) if (!held.has(s)) release(s, pass);
    created.length = 0;
  };

  const outer = setCreator(inPass);
  try {
    return withGradMode(createGraph, () => backwardPass());
  } finally {
    setCreator(outer);
  }

  function backwardPass(): (Tensor | null)[] {
    // Gradient summed so far for the output of each function not yet run.
    const buffers = new Map<AutogradFunction, Tensor>();
    // Delivers a gradient the engine holds once (or not at all) and gives up that hold.
    const deliver = (edge: AutogradFunction | Tensor, g: Tensor): void => {
      if (edge instanceof AutogradFunction) {
        const prev = buffers.get(edge);
        if (prev === undefined) {
          buffers.set(edge, g);
          return;
        }
        if (!createGraph && sole(prev)) prev.add_(g);
        else {
          const sum = prev.add(g);
          hold(sum);
          buffers.set(edge, sum);
          drop(prev);
        }
      } else if (inputs) {
        const i = leafIndex.get(edge);
        if (i !== undefined) {
          if (results[i] === null) {
            escape(g);
            results[i] = g;
            return;
          }
          const sum = results[i]!.add(g);
          escape(sum);
          results[i] = sum;
        }
      } else if (accumulateGrad(edge, g, createGraph, !createGraph && sole(g))) {
        held.delete(g.storage); // now owned by edge.grad
        return;
      }
      drop(g);
    };
    outputs.forEach((t, i) => deliver(t.gradFn ?? t, gradOutputs[i]));

    // Reverse post-order: each function runs after every function that uses its output.
    for (let i = order.length - 1; i >= 0; i--) {
      const fn = order[i];
      const g = buffers.get(fn);
      if (g === undefined) continue; // no gradient reached it
      buffers.delete(fn);
      const node = nodeOf(fn);
      if (inputs) {
        const k = fnIndex.get(fn);
        if (k !== undefined) {
          escape(g);
          results[k] = g;
        }
        if (!needed!.has(fn)) {
          drop(g);
          continue;
        }
      } else if (node.retained) {
        accumulateGrad(node.retained, g, createGraph, false);
      }
      const trust = !createGraph && trusted.has(fn.constructor);
      if (!trust) escape(g);
      // Tensors an untrusted backward creates get no owner: it may keep them.
      if (!trust) setCreator(untrustedCode);
      let grads: readonly (Tensor | null | undefined)[];
      try {
        grads = fn.backward(g);
      } finally {
        setCreator(inPass);
      }
      if (!retainGraph) freeSaved(fn, node);
      checkGradients(fn, node, grads);
      for (const gk of grads) if (gk) hold(gk);
      drop(g);
      if (trust) sweep();
      for (let k = 0; k < grads.length; k++) {
        const edge = node.edges[k];
        const gk = grads[k];
        if (!gk) continue;
        if (edge) deliver(edge, gk);
        else drop(gk);
      }
    }
    return results;
  }
}

// Whether a tensor covers its storage exactly once, in row-major order: it can
// become a `.grad` or be updated in place with no other element affected.
function isDense(t: Tensor): boolean {
  if (t.offset !== 0 || t.numel !== t.storage.data.length) return false;
  let expected = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    if (t.shape[d] !== 1 && t.strides[d] !== expected) return false;
    expected *= t.shape[d];
  }
  return true;
}

// Functions reachable from `roots`, in post-order (inputs before users), by an
// explicit-stack depth-first search: a chain of 100,000 ops cannot overflow.
function topologicalOrder(roots: AutogradFunction[]): AutogradFunction[] {
  const order: AutogradFunction[] = [];
  const visited = new Set<AutogradFunction>();
  const stack: AutogradFunction[] = [];
  const nextEdge: number[] = [];
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    stack.push(root);
    nextEdge.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const edges = nodeOf(stack[top]).edges;
      let child: AutogradFunction | null = null;
      while (nextEdge[top] < edges.length && child === null) {
        const e = edges[nextEdge[top]++];
        if (e instanceof AutogradFunction && !visited.has(e)) child = e;
      }
      if (child) {
        visited.add(child);
        stack.push(child);
        nextEdge.push(0);
      } else {
        order.push(stack.pop()!);
        nextEdge.pop();
      }
    }
  }
  return order;
}

// Functions whose backward contributes to a requested input (for grad()).
function neededFunctions(
  order: AutogradFunction[],
  fnIndex: Map<AutogradFunction, number>,
  leafIndex: Map<Tensor, number>,
): Set<AutogradFunction> {
  const needed = new Set<AutogradFunction>();
  for (const fn of order) {
    const useful = nodeOf(fn).edges.some((e) =>
      e instanceof AutogradFunction
        ? needed.has(e) || fnIndex.has(e)
        : e !== null && leafIndex.has(e)
    );
    if (useful) needed.add(fn);
  }
  return needed;
}

function checkGradients(
  fn: AutogradFunction,
  node: Node,
  grads: readonly (Tensor | null | undefined)[],
): void {
  const n = node.edges.length;
  if (!Array.isArray(grads) || grads.length > n) {
    const got = Array.isArray(grads) ? `${grads.length} gradients` : typeof grads;
    throw new AutogradError(
      `Cannot use the result of ${fn.name} in backward(): expected an array with one ` +
        `gradient (or null) per forward argument (${n}), got ${got}`,
      { op: fn.name },
    );
  }
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    if (g === null || g === undefined) continue;
    const shape = node.shapes[k];
    if (shape === null) {
      throw new AutogradError(
        `Cannot use the gradient from ${fn.name} for input ${k} in backward(): ` +
          "that forward argument is not a tensor, so its gradient must be null",
        { op: fn.name },
      );
    }
    if (node.edges[k] === null) continue;
    const dtype = node.dtypes[k];
    if (!isTensor(g) || !shapesEqual(g.shape, shape) || g.dtype !== dtype) {
      const got = isTensor(g) ? `shape ${fmt(g.shape)} and dtype ${g.dtype}` : typeof g;
      throw new AutogradError(
        `Cannot use the gradient from ${fn.name} for input ${k} in backward(): expected ` +
          `shape ${fmt(shape)} and dtype ${dtype} (those of the input), got ${got}`,
        { op: fn.name },
      );
    }
  }
}

// Adds a gradient into `t.grad`. The first one is copied, unless `adopt` says
// that the engine holds the only reference to it (then it becomes `.grad` as it
// is, owned by `t` so that replacing it recycles the buffer); later ones are
// added in place, or out of place when recording (createGraph) so the sum stays
// differentiable. Returns whether `g` was adopted.
function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean, adopt: boolean): boolean {
  const prev = hooks!.gradOf(t);
  if (prev === null) {
    const grad = adopt ? g : g.clone();
    if (!createGraph) setOwner(grad.storage, t);
    hooks!.setGrad(t, grad);
    return adopt;
  }
  if (createGraph) hooks!.setGrad(t, prev.add(g));
  else prev.add_(g);
  return false;
}

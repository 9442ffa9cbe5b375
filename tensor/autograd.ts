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

// Functions whose body runs (or goes on running) after they return.
const DEFERRED = new Set<unknown>([
  Object.getPrototypeOf(async function () {}).constructor,
  Object.getPrototypeOf(async function* () {}).constructor,
  Object.getPrototypeOf(function* () {}).constructor,
]);

// noGrad() and enableGrad(): a synchronous function only, since grad mode is
// one global flag that cannot follow an `await`.
function checkedGradMode<T>(op: string, enabled: boolean, fn: () => T): T {
  if (typeof fn !== "function") {
    throw new TypeError(`Cannot run ${op}(): expected a function, got ${typeof fn}`);
  }
  if (DEFERRED.has(Object.getPrototypeOf(fn)?.constructor)) {
    refuseDeferred(op, "an async or generator function");
  }
  const result = withGradMode(enabled, fn);
  const then = (result as { then?: unknown } | null)?.then;
  if (typeof then === "function") {
    // The promise cannot be stopped; keep its failure from surfacing as unhandled.
    Promise.resolve(result).catch(() => {});
    refuseDeferred(op, "a function that returned a promise");
  }
  return result;
}

function refuseDeferred(op: string, what: string): never {
  throw new TypeError(
    `Cannot run ${what} in ${op}(): grad mode is restored when the function returns, so code ` +
      `after an await (or a yield) would run outside ${op}(); call ${op}() around each ` +
      `synchronous part instead, e.g. \`const y = ${op}(() => model.forward(x)); await ...\``,
  );
}

/**
 * Runs `fn` without recording operations: results do not require grad and
 * in-place updates of parameters are allowed (as optimizers do). Nests, and
 * restores the previous mode even if `fn` throws.
 *
 * `fn` must be synchronous: grad mode is one flag, restored when `fn`
 * returns, and JavaScript has no async context in browsers to carry it past
 * an `await`. An async or generator function, or a function that returns a
 * promise, is refused with a TypeError (the mode is restored first): call
 * `noGrad` around each synchronous part. PyTorch's `torch.no_grad()` is
 * per-thread instead: under asyncio the mode stays set across `await`, for
 * every coroutine of the thread.
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
 * @example Async functions are refused
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGradEnabled, noGrad } from "@nabla/autograd";
 * assert.throws(() => noGrad(async () => {}), { name: "TypeError", message: /noGrad\(\)/ });
 * assert.equal(isGradEnabled(), true);
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return checkedGradMode("noGrad", false, fn);
}

/**
 * Runs `fn` with recording turned back on, even inside {@linkcode noGrad}.
 * Like `noGrad`, it takes a synchronous function only.
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
  return checkedGradMode("enableGrad", true, fn);
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
  /** The last topologicalOrder() that reached this node. */
  traversal = 0;
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
  for (let i = 0; i < node.owned.length; i++) release(node.owned[i], fn);
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
    return record(fn, args, 0, null);
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
          "backward pass; to go through the graph more than once, run the first one as " +
          "loss.backward({ retainGraph: true }) (with a gradient: " +
          "y.backward(gradient, { retainGraph: true }); or grad(outputs, inputs, " +
          "{ retainGraph: true }))",
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

// `needsInputGrad` of a call that needs no gradient: one shared frozen array
// per length, since most calls (all of them under noGrad) need none.
const NO_INPUT_GRAD: boolean[][] = [];
function noInputGrad(n: number): boolean[] {
  let flags = NO_INPUT_GRAD[n];
  if (flags === undefined) {
    flags = Object.freeze(new Array<boolean>(n).fill(false)) as boolean[];
    if (n <= 16) NO_INPUT_GRAD[n] = flags; // (a list op's call can have any length)
  }
  return flags;
}

// Runs `forward` under no-grad and links its output into the graph, one edge
// per entry of `args` (what `backward` returns one gradient for). A list op
// (`list` not null) is called as `forward(...args.slice(0, head), list)`.
function record(
  fn: AutogradFunction,
  args: readonly unknown[],
  head: number,
  list: readonly Tensor[] | null,
): Tensor {
  const node = nodeOf(fn);
  let anyGrad = false;
  for (let i = 0; i < args.length && gradEnabled && !anyGrad; i++) {
    const a = args[i];
    anyGrad = isTensor(a) && a.requiresGrad;
  }
  const needsInputGrad = anyGrad ? new Array<boolean>(args.length) : noInputGrad(args.length);
  for (let i = 0; anyGrad && i < args.length; i++) {
    const a = args[i];
    needsInputGrad[i] = isTensor(a) && a.requiresGrad;
  }
  node.needsInputGrad = needsInputGrad;
  const previous = gradEnabled;
  gradEnabled = false;
  let out: unknown;
  try {
    // NOTE: a list op's forward takes its tensors as one array (see applyList).
    out = list === null ? fn.forward(...args) : fn.forward(...args.slice(0, head), list);
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
 * `Op.apply(...head, ...list)` for an op whose `forward(...head, list)` takes
 * its tensors as one array, so that a list of any length (`cat` of 100,000
 * tensors) is never spread into a call, which overflows the stack near
 * 65,000 arguments. The graph records `[...head, ...list]`: one edge (and one
 * gradient from `backward`) per tensor, as if they had been spread.
 */
export function applyList<F extends AutogradFunction>(
  Op: new () => F,
  head: readonly unknown[],
  list: readonly Tensor[],
): Tensor {
  return record(new Op(), head.concat(list), head.length, list);
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
  const pass = new BackwardPass(options, inputs);
  const outer = setCreator(pass.creator);
  const previousMode = gradEnabled;
  gradEnabled = options.createGraph;
  try {
    return pass.run(outputs, gradOutputs);
  } finally {
    gradEnabled = previousMode;
    setCreator(outer);
  }
}

// The state of one backward pass. A class rather than closures in runBackward:
// a training step runs one pass, and each closure would be an allocation.
//
// Deterministic release. Gradients that trusted backward rules create in this
// pass are owned by the pass; `held` counts the engine's references to each
// such storage (a gradient waiting in `buffers`, or returned and not yet
// delivered). When the count drops to 0 the storage is unreachable and goes
// back to the pool. Recording (createGraph) keeps everything: gradients become
// graph nodes.
// NOTE: entries of `held` and `buffers` are set to 0 and null rather than
// deleted: deleting from a Map shrinks (reallocates) its table.
class BackwardPass {
  readonly retainGraph: boolean;
  readonly createGraph: boolean;
  readonly inputs: readonly Tensor[] | undefined;
  // With `inputs`: the gradient of each input, and where each input goes in
  // it (a tensor listed twice gets its gradient twice).
  readonly results: (Tensor | null)[] = [];
  readonly leafIndex = new Map<Tensor, number[]>();
  readonly fnIndex = new Map<AutogradFunction, number[]>();
  readonly held = new Map<Storage, number>();
  // Gradient summed so far for the output of each function not yet run.
  readonly buffers = new Map<AutogradFunction, Tensor | null>();
  // What trusted backward rules create and do not return is dead once they return.
  readonly created: Storage[] = [];
  readonly creator: Creator;
  // Tensors an untrusted backward creates get no owner: it may keep them.
  readonly untrustedCode: Creator = { owner: null, log: null };

  constructor(options: BackwardOptions, inputs: readonly Tensor[] | undefined) {
    this.retainGraph = options.retainGraph;
    this.createGraph = options.createGraph;
    this.inputs = inputs;
    this.creator = { owner: this.createGraph ? null : this, log: this.created };
    if (inputs === undefined) return;
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      this.results.push(null);
      const index: Map<unknown, number[]> = t.gradFn ? this.fnIndex : this.leafIndex;
      const key = t.gradFn ?? t;
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
  }

  hold(t: Tensor): void {
    const s = t.storage;
    if (ownerOf(s) === this) this.held.set(s, (this.held.get(s) ?? 0) + 1);
  }

  drop(t: Tensor): void {
    const s = t.storage;
    const n = this.held.get(s);
    if (!n) return;
    this.held.set(s, n - 1);
    if (n === 1) release(s, this);
  }

  // A gradient leaving the engine's control (to grad()'s caller, to untrusted code).
  escape(t: Tensor): void {
    const s = t.storage;
    if (this.held.get(s) || ownerOf(s) === this) setOwner(s, null);
    if (this.held.has(s)) this.held.set(s, 0);
  }

  // Whether the engine holds the only reference to `t`'s storage, so it can be updated in place.
  sole(t: Tensor): boolean {
    return this.held.get(t.storage) === 1 && isDense(t);
  }

  sweep(): void {
    const created = this.created;
    for (let i = 0; i < created.length; i++) {
      if (!this.held.get(created[i])) release(created[i], this);
    }
    created.length = 0;
  }

  // Delivers a gradient the engine holds once (or not at all) and gives up that hold.
  deliver(edge: AutogradFunction | Tensor, g: Tensor): void {
    const { buffers, createGraph, inputs, results } = this;
    if (edge instanceof AutogradFunction) {
      const prev = buffers.get(edge);
      if (prev === undefined || prev === null) {
        buffers.set(edge, g);
        return;
      }
      if (!createGraph && this.sole(prev)) prev.add_(g);
      else {
        const sum = prev.add(g);
        this.hold(sum);
        buffers.set(edge, sum);
        this.drop(prev);
      }
    } else if (inputs) {
      const list = this.leafIndex.get(edge);
      if (list !== undefined) {
        let escaped = false;
        for (const i of list) {
          if (results[i] === null) {
            if (!escaped) this.escape(g);
            escaped = true;
            results[i] = g;
            continue;
          }
          const sum = results[i]!.add(g);
          this.escape(sum);
          results[i] = sum;
        }
        if (escaped) return;
      }
    } else if (accumulateGrad(edge, g, createGraph, !createGraph && this.sole(g))) {
      if (this.held.has(g.storage)) this.held.set(g.storage, 0); // now owned by edge.grad
      return;
    }
    this.drop(g);
  }

  run(outputs: readonly Tensor[], gradOutputs: readonly Tensor[]): (Tensor | null)[] {
    const { buffers, createGraph, inputs, results } = this;
    const roots: AutogradFunction[] = [];
    for (const t of outputs) if (t.gradFn) roots.push(t.gradFn);
    const order = topologicalOrder(roots);
    const needed = inputs ? neededFunctions(order, this.fnIndex, this.leafIndex) : null;
    for (let i = 0; i < outputs.length; i++) {
      this.deliver(outputs[i].gradFn ?? outputs[i], gradOutputs[i]);
    }
    // Reverse post-order: each function runs after every function that uses its output.
    for (let i = order.length - 1; i >= 0; i--) {
      const fn = order[i];
      const g = buffers.get(fn);
      if (g === undefined || g === null) continue; // no gradient reached it
      buffers.set(fn, null);
      const node = nodeOf(fn);
      if (inputs) {
        const ks = this.fnIndex.get(fn);
        if (ks !== undefined) {
          this.escape(g);
          for (const k of ks) results[k] = g;
        }
        if (!needed!.has(fn)) {
          this.drop(g);
          continue;
        }
      } else if (node.retained) {
        accumulateGrad(node.retained, g, createGraph, false);
      }
      const trust = !createGraph && trusted.has(fn.constructor);
      if (!trust) this.escape(g);
      if (!trust) setCreator(this.untrustedCode);
      let grads: readonly (Tensor | null | undefined)[];
      try {
        grads = fn.backward(g);
      } finally {
        setCreator(this.creator);
      }
      if (!this.retainGraph) freeSaved(fn, node);
      checkGradients(fn, node, grads);
      for (let k = 0; k < grads.length; k++) if (grads[k]) this.hold(grads[k]!);
      this.drop(g);
      if (trust) this.sweep();
      for (let k = 0; k < grads.length; k++) {
        const edge = node.edges[k];
        const gk = grads[k];
        if (!gk) continue;
        if (edge) this.deliver(edge, gk);
        else this.drop(gk);
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
// A function is visited when its node carries this traversal's number: no Set
// to grow, and no user code runs meanwhile, so traversals never interleave.
let traversals = 0;
function topologicalOrder(roots: AutogradFunction[]): AutogradFunction[] {
  const order: AutogradFunction[] = [];
  const traversal = ++traversals;
  const visit = (fn: AutogradFunction): boolean => {
    const node = nodeOf(fn);
    if (node.traversal === traversal) return false;
    node.traversal = traversal;
    return true;
  };
  const stack: AutogradFunction[] = [];
  const nextEdge: number[] = [];
  for (const root of roots) {
    if (!visit(root)) continue;
    stack.push(root);
    nextEdge.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const edges = nodeOf(stack[top]).edges;
      let child: AutogradFunction | null = null;
      while (nextEdge[top] < edges.length && child === null) {
        const e = edges[nextEdge[top]++];
        if (e instanceof AutogradFunction && visit(e)) child = e;
      }
      if (child) {
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
  fnIndex: Map<AutogradFunction, number[]>,
  leafIndex: Map<Tensor, number[]>,
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

// A leaf with a method under this symbol is told when a backward pass gives it
// a gradient while its `.grad` is null (nn's Parameter warns if no module or
// optimizer knows it: see Module's rule on #private fields).
const FIRST_GRADIENT = Symbol.for("nabla.firstGradient");

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
    (t as { [FIRST_GRADIENT]?: () => void })[FIRST_GRADIENT]?.();
    return adopt;
  }
  if (createGraph) hooks!.setGrad(t, prev.add(g));
  else prev.add_(g);
  return false;
}

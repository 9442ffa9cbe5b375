/**
 * `Sequential`: modules applied one after another, keyed `0`, `1`... as in PyTorch.
 */
import type { Tensor } from "../tensor/mod.ts";
import { ReLU } from "./activation.ts";
import { Linear, linearRelu } from "./linear.ts";
import { Module } from "./module.ts";

/**
 * A chain of modules, each fed the previous one's output (PyTorch's
 * `nn.Sequential`). The modules are indexed `model[0]`, `model[1]`..., and
 * their parameters are keyed `0.weight`, `2.bias`... as in PyTorch, so that
 * state dicts move between the two.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, ReLU, randn, Sequential } from "@nabla/autograd";
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 1));
 * assert.deepEqual(model.forward(randn([8, 2])).shape, [8, 1]);
 * assert.deepEqual(Object.keys(model.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
 * ```
 */
export class Sequential extends Module {
  /** The `i`-th module. */
  readonly [index: number]: Module;
  #length = 0;

  /**
   * Chains modules.
   * @param modules The modules, in the order they apply.
   * @example An empty chain is the identity
   * ```ts
   * import assert from "node:assert/strict";
   * import { Sequential, tensor } from "@nabla/autograd";
   * const x = tensor([1, 2]);
   * assert.equal(new Sequential().forward(x), x);
   * ```
   */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m) => this.append(m));
  }

  /**
   * The number of modules.
   * @returns The count.
   * @example Length
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReLU, Sequential } from "@nabla/autograd";
   * assert.equal(new Sequential(new ReLU(), new ReLU()).length, 2);
   * ```
   */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a module at the end.
   * @param module The module.
   * @returns This chain.
   * @example Growing a model
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ReLU, Sequential } from "@nabla/autograd";
   * const model = new Sequential(new Linear(2, 4)).append(new ReLU());
   * assert.ok(model[1] instanceof ReLU);
   * ```
   */
  append(module: Module): this {
    if (!(module instanceof Module)) {
      throw new TypeError(
        `Cannot add to Sequential in append(): expected a Module, got ${typeof module}`,
      );
    }
    Object.defineProperty(this, this.#length++, { value: module, enumerable: true });
    return this;
  }

  /**
   * Applies the modules in order.
   * @param x The input of the first module.
   * @returns The output of the last module (`x` when empty).
   * @example Forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReLU, Sequential, tensor } from "@nabla/autograd";
   * const y = new Sequential(new ReLU()).forward(tensor([-1, 1]));
   * assert.deepEqual(y.toArray(), [0, 1]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    for (let i = 0; i < this.length; i++) {
      const module = this[i];
      if (fuses(module, this[i + 1])) {
        x = linearRelu(module as Linear, x);
        i++; // the ReLU ran inside the fused op
      } else x = module.forward(x);
    }
    return x;
  }

  /**
   * Iterates over the modules in order.
   * @returns An iterator of the modules.
   * @example Looping over layers
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReLU, Sequential, Tanh } from "@nabla/autograd";
   * const names = [...new Sequential(new ReLU(), new Tanh())].map((m) => m.constructor.name);
   * assert.deepEqual(names, ["ReLU", "Tanh"]);
   * ```
   */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }
}

// A `Linear` then a `ReLU`, neither with a forward of its own (a subclass or a
// patched instance): run as one op, `relu(linear(x))` fused (the same values
// and gradients, one tensor and one pass less; the graph shows one
// LinearReluBackward for both).
function fuses(module: Module, next: Module | undefined): boolean {
  return module instanceof Linear && module.forward === Linear.prototype.forward &&
    next instanceof ReLU && next.forward === ReLU.prototype.forward;
}

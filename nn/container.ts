/**
 * `ModuleList` and `ModuleDict`: containers that register the modules they
 * hold (keys `0`, `1`... or the dict's keys) without defining a forward pass.
 */
import { type AnyModule, Module } from "./module.ts";

function checkModule(op: string, module: unknown): void {
  if (!(module instanceof Module)) {
    const got = module === null ? "null" : typeof module;
    throw new TypeError(`Cannot add to ${op}: expected a Module, got ${got}`);
  }
}

function noForward(name: string): never {
  throw new TypeError(
    `Cannot call forward() on ${name}: it only holds modules; call each module's forward()`,
  );
}

/**
 * A list of modules, registered as `0`, `1`... (PyTorch's `nn.ModuleList`):
 * their parameters belong to the owner, keyed `blocks.0.weight`. It has no
 * `forward`; the owner decides how to call its modules.
 * @typeParam M The type of the modules held.
 * @example A stack of blocks
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, Module, ModuleList, randn, type Tensor } from "@nabla/autograd";
 * class Deep extends Module {
 *   blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 *   forward(x: Tensor): Tensor {
 *     for (const block of this.blocks) x = block.forward(x).relu();
 *     return x;
 *   }
 * }
 * const model = new Deep();
 * assert.deepEqual(model.forward(randn([2, 4])).shape, [2, 4]);
 * assert.deepEqual(Object.keys(model.stateDict()), [
 *   "blocks.0.weight",
 *   "blocks.0.bias",
 *   "blocks.1.weight",
 *   "blocks.1.bias",
 * ]);
 * ```
 */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<[], never> {
  /** The `i`-th module. */
  readonly [index: number]: M;
  #length = 0;

  /**
   * Holds `modules` in order.
   * @param modules The modules (default none).
   * @example An empty list grows
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ModuleList } from "@nabla/autograd";
   * const list = new ModuleList().append(new Linear(2, 2));
   * assert.equal(list.length, 1);
   * ```
   */
  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  /**
   * The number of modules.
   * @returns The count.
   * @example Length
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList, ReLU } from "@nabla/autograd";
   * assert.equal(new ModuleList([new ReLU(), new ReLU()]).length, 2);
   * ```
   */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a module at the end.
   * @param module The module.
   * @returns This list.
   * @example Appending
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList, ReLU } from "@nabla/autograd";
   * const list = new ModuleList().append(new ReLU());
   * assert.ok(list[0] instanceof ReLU);
   * ```
   */
  append(module: M): this {
    checkModule("ModuleList in append()", module);
    this.#define(this.#length++, module);
    return this;
  }

  /**
   * Adds modules at the end.
   * @param modules The modules, in order.
   * @returns This list.
   * @example Extending
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList, ReLU, Tanh } from "@nabla/autograd";
   * assert.equal(new ModuleList([new ReLU()]).extend([new Tanh(), new ReLU()]).length, 3);
   * ```
   */
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /**
   * Inserts a module before position `index` (PyTorch's `insert`); later
   * modules move up by one, and so do their keys.
   * @param index The position, `-length` to `length` (negative counts from the end).
   * @param module The module.
   * @returns This list.
   * @example Inserting at the front
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList, ReLU, Tanh } from "@nabla/autograd";
   * const list = new ModuleList([new ReLU()]).insert(0, new Tanh());
   * assert.ok(list[0] instanceof Tanh);
   * assert.ok(list[1] instanceof ReLU);
   * ```
   */
  insert(index: number, module: M): this {
    checkModule("ModuleList in insert()", module);
    const n = this.#length;
    if (!Number.isInteger(index) || index < -n || index > n) {
      throw new RangeError(
        `Cannot insert in insert(): index ${index} is out of range for a ModuleList of length ${n}`,
      );
    }
    const at = index < 0 ? index + n : index;
    for (let i = n; i > at; i--) this.#define(i, this[i - 1]);
    this.#define(at, module);
    this.#length++;
    return this;
  }

  /**
   * The module at `index`, counting from the end when negative.
   * @param index The position.
   * @returns The module.
   * @example The last module
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList, ReLU, Tanh } from "@nabla/autograd";
   * assert.ok(new ModuleList([new ReLU(), new Tanh()]).at(-1) instanceof Tanh);
   * ```
   */
  at(index: number): M {
    const n = this.#length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(
        `Cannot index in at(): index ${index} is out of range for a ModuleList of length ${n}`,
      );
    }
    return this[index < 0 ? index + n : index];
  }

  /**
   * Iterates over the modules in order.
   * @returns An iterator of the modules.
   * @example Looping
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList, ReLU, Tanh } from "@nabla/autograd";
   * const names = [...new ModuleList([new ReLU(), new Tanh()])].map((m) => m.constructor.name);
   * assert.deepEqual(names, ["ReLU", "Tanh"]);
   * ```
   */
  *[Symbol.iterator](): IterableIterator<M> {
    for (let i = 0; i < this.#length; i++) yield this[i];
  }

  /**
   * Not defined: a ModuleList has no forward pass of its own (as in PyTorch).
   * @returns Never; it throws a TypeError.
   * @example Calling it throws
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleList } from "@nabla/autograd";
   * assert.throws(() => new ModuleList().forward(), TypeError);
   * ```
   */
  override forward(): never {
    return noForward("ModuleList");
  }

  #define(index: number, module: M): void {
    Object.defineProperty(this, index, {
      value: module,
      enumerable: true,
      writable: false,
      configurable: true,
    });
  }
}

/**
 * Modules by name (PyTorch's `nn.ModuleDict`): each is registered under its
 * key, so its parameters are keyed `heads.left.weight`. Keys are kept in
 * insertion order (except that, as in any JavaScript object, integer-like keys
 * come first in `stateDict()`); iterating a ModuleDict yields its keys, as in
 * PyTorch. It has no `forward`.
 * @typeParam M The type of the modules held.
 * @example Two heads
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, ModuleDict } from "@nabla/autograd";
 * const heads = new ModuleDict({ left: new Linear(4, 2), right: new Linear(4, 3) });
 * assert.deepEqual([...heads.keys()], ["left", "right"]);
 * assert.equal(heads.get("right").outFeatures, 3);
 * assert.deepEqual(Object.keys(heads.stateDict()), [
 *   "left.weight",
 *   "left.bias",
 *   "right.weight",
 *   "right.bias",
 * ]);
 * ```
 */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<[], never> {
  #keys: string[] = [];

  /**
   * Holds `modules` under their keys.
   * @param modules An object or `[key, module]` pairs (default none).
   * @example From pairs
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU, Tanh } from "@nabla/autograd";
   * const acts = new ModuleDict([["relu", new ReLU()], ["tanh", new Tanh()]]);
   * assert.equal(acts.size, 2);
   * ```
   */
  constructor(modules: Record<string, M> | Iterable<[string, M]> = []) {
    super();
    this.update(modules);
  }

  /**
   * The number of modules.
   * @returns The count.
   * @example Size
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * assert.equal(new ModuleDict({ a: new ReLU() }).size, 1);
   * ```
   */
  get size(): number {
    return this.#keys.length;
  }

  /**
   * The module under `key`.
   * @param key A key of this dict.
   * @returns The module.
   * @example Lookup
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * const d = new ModuleDict({ act: new ReLU() });
   * assert.ok(d.get("act") instanceof ReLU);
   * assert.throws(() => d.get("missing"), RangeError);
   * ```
   */
  get(key: string): M {
    if (!this.has(key)) {
      throw new RangeError(
        `Cannot get ${JSON.stringify(key)} in get(): the ModuleDict has no such key ` +
          `(keys: ${this.#keys.join(", ") || "none"})`,
      );
    }
    return (this as unknown as Record<string, M>)[key];
  }

  /**
   * Whether `key` is in the dict.
   * @param key The key.
   * @returns `true` if a module is stored under it.
   * @example Membership
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * assert.equal(new ModuleDict({ a: new ReLU() }).has("a"), true);
   * ```
   */
  has(key: string): boolean {
    return this.#keys.includes(key);
  }

  /**
   * Stores `module` under `key`, replacing any module stored there.
   * @param key A non-empty key without `.` that is not a member of
   *   ModuleDict (such as `get` or `forward`).
   * @param module The module.
   * @returns This dict.
   * @example Adding a module
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ModuleDict } from "@nabla/autograd";
   * const d = new ModuleDict().set("proj", new Linear(2, 2));
   * assert.deepEqual(Object.keys(d.stateDict()), ["proj.weight", "proj.bias"]);
   * assert.throws(() => d.set("forward", new Linear(2, 2)), TypeError);
   * ```
   */
  set(key: string, module: M): this {
    checkModule(`ModuleDict in set()`, module);
    if (typeof key !== "string" || key === "" || key.includes(".")) {
      throw new TypeError(
        `Cannot add to ModuleDict in set(): a key must be a non-empty string without ".", ` +
          `got ${JSON.stringify(key)}`,
      );
    }
    if (!this.has(key)) {
      if (key in this) {
        throw new TypeError(
          `Cannot add to ModuleDict in set(): ${JSON.stringify(key)} is a member of ModuleDict`,
        );
      }
      this.#keys.push(key);
    }
    Object.defineProperty(this, key, {
      value: module,
      enumerable: true,
      writable: false,
      configurable: true,
    });
    return this;
  }

  /**
   * Removes the module under `key` and returns it (PyTorch's `pop`).
   * @param key A key of this dict.
   * @returns The removed module.
   * @example Removing
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * const d = new ModuleDict({ a: new ReLU() });
   * d.delete("a");
   * assert.equal(d.size, 0);
   * ```
   */
  delete(key: string): M {
    const module = this.get(key);
    delete (this as unknown as Record<string, M>)[key];
    this.#keys.splice(this.#keys.indexOf(key), 1);
    return module;
  }

  /**
   * Removes every module.
   * @example Clearing
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * const d = new ModuleDict({ a: new ReLU(), b: new ReLU() });
   * d.clear();
   * assert.equal(d.size, 0);
   * ```
   */
  clear(): void {
    for (const key of [...this.#keys]) this.delete(key);
  }

  /**
   * Stores every module of `modules` (an object or `[key, module]` pairs).
   * @param modules The modules to add or replace.
   * @returns This dict.
   * @example Updating
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU, Tanh } from "@nabla/autograd";
   * const d = new ModuleDict({ a: new ReLU() }).update({ b: new Tanh() });
   * assert.deepEqual([...d.keys()], ["a", "b"]);
   * ```
   */
  update(modules: Record<string, M> | Iterable<[string, M]>): this {
    if (typeof modules !== "object" || modules === null) {
      throw new TypeError(
        `Cannot add to ModuleDict in update(): expected an object or [key, module] pairs`,
      );
    }
    const pairs = Symbol.iterator in modules
      ? modules as Iterable<[string, M]>
      : Object.entries(modules as Record<string, M>);
    for (const [key, module] of pairs) this.set(key, module);
    return this;
  }

  /**
   * The keys, in insertion order.
   * @returns An iterator of keys.
   * @example Keys
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * assert.deepEqual([...new ModuleDict({ b: new ReLU(), a: new ReLU() }).keys()], ["b", "a"]);
   * ```
   */
  keys(): IterableIterator<string> {
    return [...this.#keys][Symbol.iterator]();
  }

  /**
   * The modules, in insertion order.
   * @returns An iterator of modules.
   * @example Values
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * assert.equal([...new ModuleDict({ a: new ReLU() }).values()].length, 1);
   * ```
   */
  values(): IterableIterator<M> {
    return this.#keys.map((k) => this.get(k))[Symbol.iterator]();
  }

  /**
   * The `[key, module]` pairs, in insertion order.
   * @returns An iterator of pairs.
   * @example Entries
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * const [[key]] = [...new ModuleDict({ act: new ReLU() }).entries()];
   * assert.equal(key, "act");
   * ```
   */
  entries(): IterableIterator<[string, M]> {
    return this.#keys.map((k): [string, M] => [k, this.get(k)])[Symbol.iterator]();
  }

  /**
   * Iterates over the keys, as PyTorch's `for key in module_dict`.
   * @returns An iterator of keys.
   * @example Looping over keys
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict, ReLU } from "@nabla/autograd";
   * assert.deepEqual([...new ModuleDict({ a: new ReLU() })], ["a"]);
   * ```
   */
  [Symbol.iterator](): IterableIterator<string> {
    return this.keys();
  }

  /**
   * Not defined: a ModuleDict has no forward pass of its own (as in PyTorch).
   * @returns Never; it throws a TypeError.
   * @example Calling it throws
   * ```ts
   * import assert from "node:assert/strict";
   * import { ModuleDict } from "@nabla/autograd";
   * assert.throws(() => new ModuleDict().forward(), TypeError);
   * ```
   */
  override forward(): never {
    return noForward("ModuleDict");
  }
}

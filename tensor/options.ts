/**
 * Checking an options object at a public entry: JavaScript has no keyword
 * arguments, so a misspelt option (`{ learningRate: 0.1 }` for `{ lr: 0.1 }`)
 * would otherwise be ignored in silence. PyTorch raises "unexpected keyword
 * argument"; every function and constructor of the library that takes options
 * calls this first.
 */

/**
 * Throws a `TypeError` if `options` is not a plain object (or `undefined`) or
 * has a key that `accepted` does not list. Keys whose value is `undefined`
 * are checked too: a misspelt key is a mistake whatever its value.
 * @param op The public function or constructor the user called, as in error
 *   messages: `"conv2d"`, `"SGD"`.
 * @param options The options the user passed.
 * @param accepted The option names the function understands.
 * @example A misspelt option
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkOptions } from "@nabla/autograd";
 * checkOptions("SGD", { lr: 0.1 }, ["lr", "momentum"]);
 * assert.throws(
 *   () => checkOptions("SGD", { learningRate: 0.1 }, ["lr", "momentum"]),
 *   { name: "TypeError", message: /SGD\(\): unknown option "learningRate" \(accepted: lr, momentum\)/ },
 * );
 * ```
 */
export function checkOptions(op: string, options: unknown, accepted: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    const got = options === null ? "null" : Array.isArray(options) ? "an array" : typeof options;
    throw new TypeError(`Cannot call ${op}(): options must be an object, got ${got}`);
  }
  // NOTE: for...in with hasOwn, not Object.keys(): the same keys in the same
  // order without an array per call (this runs at every public entry).
  for (const key in options) {
    if (Object.hasOwn(options, key) && !accepted.includes(key)) {
      const list = accepted.length > 0 ? accepted.join(", ") : "none";
      throw new TypeError(
        `Cannot call ${op}(): unknown option ${JSON.stringify(key)} (accepted: ${list})`,
      );
    }
  }
}

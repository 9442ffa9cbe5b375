/**
 * A character-level tokenizer, as in Karpathy's makemore and nanoGPT: the
 * vocabulary is the sorted set of characters of a text, each character's
 * token its index in that list.
 */
import { checkOptions } from "../tensor/mod.ts";

/** Options of {@linkcode CharTokenizer.fromText}. */
export interface CharTokenizerOptions {
  /**
   * Tokens placed first, before the text's sorted characters, such as
   * makemore's `"."` (token 0) that starts and ends every name. A special
   * that occurs in the text is not repeated.
   * @default []
   */
  specials?: readonly string[];
}

/**
 * Maps characters to tokens (integers from 0) and back. Characters are
 * Unicode code points, as Python's `str` iterates them (an emoji is one
 * character, not two UTF-16 units), sorted by code point as `sorted(set(text))`
 * does.
 * @example nanoGPT's character vocabulary
 * ```ts
 * import assert from "node:assert/strict";
 * import { CharTokenizer } from "@nabla/autograd";
 * const tokenizer = CharTokenizer.fromText("hello world");
 * assert.deepEqual(tokenizer.chars, [" ", "d", "e", "h", "l", "o", "r", "w"]);
 * const ids = tokenizer.encode("hold");
 * assert.deepEqual([...ids], [3, 5, 4, 1]);
 * assert.equal(tokenizer.decode(ids), "hold");
 * assert.throws(() => tokenizer.encode("hi!"), { name: "RangeError" });
 * ```
 */
export class CharTokenizer {
  /** The vocabulary: the character of each token (Karpathy's `itos`). */
  readonly chars: readonly string[];
  /** The token of each character (Karpathy's `stoi`). */
  readonly stoi: ReadonlyMap<string, number>;

  /**
   * A tokenizer with the given vocabulary, in order.
   * @param chars The character of token 0, 1, 2...: single code points, no duplicates.
   * @example makemore's vocabulary: "." then the letters
   * ```ts
   * import assert from "node:assert/strict";
   * import { CharTokenizer } from "@nabla/autograd";
   * const tokenizer = new CharTokenizer([".", ..."abcdefghijklmnopqrstuvwxyz"]);
   * assert.equal(tokenizer.vocabSize, 27);
   * assert.deepEqual([...tokenizer.encode(".emma.")], [0, 5, 13, 13, 1, 0]);
   * ```
   */
  constructor(chars: Iterable<string>) {
    const list = [...chars];
    const stoi = new Map<string, number>();
    list.forEach((c, i) => {
      if (typeof c !== "string" || [...c].length !== 1) {
        throw new TypeError(
          `Cannot create CharTokenizer: token ${i} must be a single character, got ${
            JSON.stringify(c)
          }`,
        );
      }
      if (stoi.has(c)) {
        throw new RangeError(
          `Cannot create CharTokenizer: ${describe(c)} is both token ${stoi.get(c)} and token ${i}`,
        );
      }
      stoi.set(c, i);
    });
    this.chars = list;
    this.stoi = stoi;
  }

  /**
   * The tokenizer of a text: its distinct characters sorted by code point,
   * after `specials` if any.
   * @param text The corpus (or the names joined).
   * @param options `specials`.
   * @returns The tokenizer.
   * @example With makemore's "." first
   * ```ts
   * import assert from "node:assert/strict";
   * import { CharTokenizer } from "@nabla/autograd";
   * const tokenizer = CharTokenizer.fromText("emma\nolivia", { specials: ["."] });
   * assert.deepEqual(tokenizer.chars, [".", "\n", "a", "e", "i", "l", "m", "o", "v"]);
   * ```
   */
  static fromText(text: string, options: CharTokenizerOptions = {}): CharTokenizer {
    checkOptions("CharTokenizer.fromText", options, ["specials"]);
    if (typeof text !== "string") {
      throw new TypeError(
        `Cannot build a vocabulary in CharTokenizer.fromText(): text must be a string`,
      );
    }
    const specials = [...(options.specials ?? [])];
    const seen = new Set(specials);
    const chars = [...new Set(text)].filter((c) => !seen.has(c));
    chars.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer([...specials, ...chars]);
  }

  /**
   * The number of tokens.
   * @returns `chars.length`.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { CharTokenizer } from "@nabla/autograd";
   * assert.equal(CharTokenizer.fromText("abca").vocabSize, 3);
   * ```
   */
  get vocabSize(): number {
    return this.chars.length;
  }

  /**
   * The tokens of a text, one per character.
   * @param text Characters of the vocabulary.
   * @returns The tokens, as int32 (ready for `tensor()`).
   * @throws {RangeError} For a character outside the vocabulary, naming it and its position.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { CharTokenizer } from "@nabla/autograd";
   * const tokenizer = CharTokenizer.fromText("ab");
   * assert.deepEqual([...tokenizer.encode("abba")], [0, 1, 1, 0]);
   * assert.throws(() => tokenizer.encode("abc"), {
   *   message: 'Cannot encode "c" (U+0063) at position 2 in CharTokenizer.encode(): ' +
   *     "it is not among the 2 characters of the vocabulary",
   * });
   * ```
   */
  encode(text: string): Int32Array {
    if (typeof text !== "string") {
      throw new TypeError(
        `Cannot encode in CharTokenizer.encode(): expected a string, got ${typeof text}`,
      );
    }
    const out = new Int32Array(text.length);
    let n = 0;
    for (const c of text) {
      const id = this.stoi.get(c);
      if (id === undefined) {
        throw new RangeError(
          `Cannot encode ${describe(c)} at position ${n} in CharTokenizer.encode(): ` +
            `it is not among the ${this.vocabSize} characters of the vocabulary`,
        );
      }
      out[n++] = id;
    }
    // Surrogate pairs take two UTF-16 units but are one character.
    return n === out.length ? out : out.slice(0, n);
  }

  /**
   * The text of some tokens.
   * @param ids Tokens in `[0, vocabSize)` (numbers, an Int32Array, or a 1-d tensor's `toArray()`).
   * @returns The characters, joined.
   * @throws {RangeError} For a token outside the vocabulary.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { CharTokenizer } from "@nabla/autograd";
   * const tokenizer = CharTokenizer.fromText("ab");
   * assert.equal(tokenizer.decode([1, 0, 1]), "bab");
   * assert.throws(() => tokenizer.decode([2]), { name: "RangeError" });
   * ```
   */
  decode(ids: Iterable<number>): string {
    let text = "";
    let i = 0;
    for (const id of ids) {
      const c = Number.isInteger(id) ? this.chars[id] : undefined;
      if (c === undefined) {
        throw new RangeError(
          `Cannot decode token ${id} at position ${i} in CharTokenizer.decode(): tokens are ` +
            `integers in [0, ${this.vocabSize})`,
        );
      }
      text += c;
      i++;
    }
    return text;
  }
}

/** `"a" (U+0061)`: the character, escaped, and its code point. */
function describe(c: string): string {
  const hex = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `${JSON.stringify(c)} (U+${hex})`;
}

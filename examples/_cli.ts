/**
 * The demos' command lines: each demo declares its flags (kind, default, help
 * line) and gets their values typed, `--help` generated from the declarations,
 * and one error line with exit code 2 for a bad command line. Parsed with
 * `node:util`'s `parseArgs`; `--flag value` and `--flag=value` both work.
 *
 * Everything is checked before the demo runs, so that a mistake never costs a
 * training run: numbers strictly (decimal or exponent notation, within the
 * flag's range), and the paths a demo will read or write (`access`) by
 * trying them. A run whose loss stops being finite ends with
 * {@linkcode DivergedError}: one line on stderr, exit code 1.
 */
import { parseArgs } from "node:util";

/**
 * One flag of a demo. Its name on the command line is its key in
 * {@linkcode Flags}, in kebab case (`batchSize` is `--batch-size`). The kind
 * sets the accepted values and the value's type:
 * - `integer`: any safe integer, negative too (`--seed -3`);
 * - `positive integer`: 1, 2, 3...;
 * - `positive number`: a finite number > 0 (`--lr 1e-3`);
 * - `choice`: one of `choices`, typed as their union;
 * - `path`: a non-empty string, a file or directory name.
 *
 * A flag without a `default` is `undefined` when not given.
 */
export type Flag =
  | {
    kind: "integer" | "positive integer" | "positive number";
    default?: number;
    help: string;
    /** The value's name in `--help`; `N` for integers, `X` for numbers if not given. */
    metavar?: string;
    /** The largest value accepted (a sanity bound, as `--lr` at most 10). */
    max?: number;
  }
  | { kind: "choice"; choices: readonly string[]; default?: string; help: string }
  | {
    kind: "path";
    default?: string;
    help: string;
    /** The value's name in `--help`; `PATH` if not given. */
    metavar?: string;
    /**
     * What the demo does with the path, checked by {@linkcode runCli} before
     * the demo runs: `read dir` (an existing, readable directory), `write dir`
     * (created if missing; a probe file is written and removed) or `write file`
     * (its directory must exist; the file is opened for writing without being
     * changed, or created and removed).
     */
    access?: PathAccess;
  };

/** What a demo does with a path flag; see {@linkcode Flag}. */
export type PathAccess = "read dir" | "write dir" | "write file";

/** A demo's flags by name (camelCase; `help` is reserved for `--help`). */
export type Flags = Record<string, Flag>;

/** The type of one flag's value: its kind's, plus `undefined` for a flag without a default. */
export type FlagValue<F extends Flag> =
  | (F extends { kind: "choice"; choices: readonly (infer C)[] } ? C
    : F extends { kind: "path" } ? string
    : number)
  | (F extends { default: unknown } ? never : undefined);

/** The values of a demo's flags, one property per declared flag. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]: FlagValue<F[K]> };

/** What the command line asked for: the usage text, or a run with these flags. */
export type ParsedFlags<F extends Flags> = { help: true } | ({ help: false } & FlagValues<F>);

/** Describes a demo: its name (for usage and errors), what it does, and its flags. */
export interface Command<F extends Flags> {
  /** The demo's name, such as `"xor"`: `deno task xor`. */
  name: string;
  /** One line saying what the demo does. */
  summary: string;
  /** The flags it takes, in the order `--help` lists them. */
  flags: F;
}

/**
 * The `--out DIR` flag every demo takes: where it writes its pictures after
 * training (created if missing, and tried before training by {@linkcode runCli}).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { OUT_FLAG, parseFlags } from "./_cli.ts";
 * assert.deepEqual(parseFlags([], { out: OUT_FLAG }), { help: false, out: "out" });
 * ```
 */
export const OUT_FLAG = {
  kind: "path",
  default: "out",
  metavar: "DIR",
  access: "write dir",
  help: "write the pictures (SVG curves, PNG images) into DIR, created if missing",
} as const satisfies Flag;

/**
 * The `--save FILE` flag of the demos that can write their trained weights:
 * a safetensors file with PyTorch's key names (no default: nothing is saved
 * unless asked; the file's directory is checked before training).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags, SAVE_FLAG } from "./_cli.ts";
 * assert.deepEqual(parseFlags(["--save", "w.safetensors"], { save: SAVE_FLAG }), {
 *   help: false,
 *   save: "w.safetensors",
 * });
 * ```
 */
export const SAVE_FLAG = {
  kind: "path",
  metavar: "FILE",
  access: "write file",
  help: "save the trained weights to FILE as safetensors, PyTorch's key names",
} as const satisfies Flag;

/**
 * The largest `--lr` the demos accept (`max` of their `--lr` flag): beyond,
 * SGD diverges on every demo. A run that diverges anyway stops with
 * {@linkcode DivergedError}.
 */
export const MAX_LR = 10;

/** One epoch of training, as the scalar demos report it. */
export interface EpochStats {
  /** The epoch number, from 1. */
  epoch: number;
  /** The mean training loss over the epoch. */
  loss: number;
  /** The fraction of training samples classified correctly, in `[0, 1]`. */
  accuracy: number;
}

/**
 * A bad command line; its message is one line, without the program name.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "./_cli.ts";
 * assert.equal(new UsageError("unknown flag --x").name, "UsageError");
 * ```
 */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override name = "UsageError";
}

/**
 * A run whose loss stopped being a finite number (NaN or infinite): the
 * learning rate is too large, or the data is bad. {@linkcode runCli} prints
 * its message on one line and exits with code 1.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkLoss, DivergedError } from "./_cli.ts";
 * checkLoss(0.5, { epoch: 1, lr: 0.1 });
 * assert.throws(() => checkLoss(NaN, { epoch: 3, step: 2, lr: 1e300 }), DivergedError);
 * ```
 */
export class DivergedError extends Error {
  /** Always `"DivergedError"`. */
  override name = "DivergedError";
}

/** Where a training run is, for {@linkcode checkLoss}. */
export interface RunPosition {
  /** The epoch, from 1. */
  epoch: number;
  /** The step within the epoch, from 1, if the demo takes several. */
  step?: number;
  /** The learning rate in use. */
  lr: number;
}

/**
 * Stops a training run whose loss is NaN or infinite, with a message saying
 * where and what to try.
 * @param loss The loss just computed.
 * @param at The epoch, the step and the learning rate.
 * @throws {DivergedError} If `loss` is not finite.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkLoss } from "./_cli.ts";
 * assert.throws(() => checkLoss(Infinity, { epoch: 1, lr: 5 }), {
 *   message: "the loss became Infinity at epoch 1; training stopped (try a smaller --lr than 5)",
 * });
 * ```
 */
export function checkLoss(loss: number, at: RunPosition): void {
  if (Number.isFinite(loss)) return;
  const where = at.step === undefined ? `epoch ${at.epoch}` : `epoch ${at.epoch}, step ${at.step}`;
  throw new DivergedError(
    `the loss became ${loss} at ${where}; training stopped (try a smaller --lr than ${at.lr})`,
  );
}

/**
 * Declares a demo's command line, keeping the flags' literal types (choices
 * stay a union such as `"sgd" | "adam"`).
 * @param command The demo's name, summary and flags.
 * @returns The same object.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineCommand, parseFlags } from "./_cli.ts";
 * const command = defineCommand({
 *   name: "demo",
 *   summary: "A demo.",
 *   flags: { optimizer: { kind: "choice", choices: ["sgd", "adam"], default: "sgd", help: "?" } },
 * });
 * const parsed = parseFlags(["--optimizer", "adam"], command.flags);
 * if (!parsed.help) {
 *   const optimizer: "sgd" | "adam" = parsed.optimizer;
 *   assert.equal(optimizer, "adam");
 * }
 * ```
 */
export function defineCommand<const F extends Flags>(command: Command<F>): Command<F> {
  return command;
}

/**
 * The values of flags not given on the command line.
 * @param flags The declarations.
 * @returns Each flag's default (`undefined` for a flag without one).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaults } from "./_cli.ts";
 * const flags = { seed: { kind: "integer", default: 0, help: "seed" } } as const;
 * assert.deepEqual(defaults(flags), { seed: 0 });
 * ```
 */
export function defaults<F extends Flags>(flags: F): FlagValues<F> {
  const values: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(flags)) values[name] = flag.default;
  return values as FlagValues<F>;
}

/**
 * Parses the declared flags and `--help` (or `-h`); flags not given take their
 * defaults, `--flag=value` works too, and the last occurrence of a flag wins.
 * @param args The command-line arguments, without the program name.
 * @param flags The declarations.
 * @returns `{ help: true }` if help was asked for, else the flags' values.
 * @throws {UsageError} For an unknown flag, a missing or bad value, or a
 * positional argument.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./_cli.ts";
 * const flags = {
 *   epochs: { kind: "positive integer", default: 100, help: "passes over the data" },
 *   lr: { kind: "positive number", default: 0.1, help: "learning rate" },
 * } as const;
 * assert.deepEqual(parseFlags(["--epochs", "5"], flags), { help: false, epochs: 5, lr: 0.1 });
 * assert.throws(() => parseFlags(["--lr", "-1"], flags), { name: "UsageError" });
 * ```
 */
export function parseFlags<F extends Flags>(args: readonly string[], flags: F): ParsedFlags<F> {
  const byOption = new Map(Object.keys(flags).map((name) => [optionName(name), name]));
  const options: Record<string, { type: "string" } | { type: "boolean"; short: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const option of byOption.keys()) options[option] = { type: "string" };
  // NOTE: strict mode would reject `--seed -1` as ambiguous; we check the tokens ourselves.
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, unknown> = defaults(flags);
  let help = false;
  for (const token of tokens) {
    if (token.kind === "positional") throw new UsageError(`unexpected argument '${token.value}'`);
    if (token.kind !== "option") continue;
    const name = byOption.get(token.name);
    if (token.name === "help") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      help = true;
    } else if (name !== undefined) {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
      values[name] = parseValue(`--${token.name}`, flags[name], token.value);
    } else {
      throw new UsageError(`unknown flag ${token.rawName}`);
    }
  }
  return help ? { help: true } : { help: false, ...values as FlagValues<F> };
}

/** `batchSize` → `batch-size`. */
function optionName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

// Decimal and exponent notation only: no hexadecimal, no Infinity, no blanks.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseValue(option: string, flag: Flag, text: string): number | string {
  const x = Number(text);
  switch (flag.kind) {
    case "integer":
      if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(x) && x <= (flag.max ?? x)) return x;
      throw new UsageError(`${option} must be an integer${atMost(flag.max)}, got '${text}'`);
    case "positive integer":
      if (/^\+?\d+$/.test(text) && Number.isSafeInteger(x) && x > 0 && x <= (flag.max ?? x)) {
        return x;
      }
      throw new UsageError(
        `${option} must be a positive integer${atMost(flag.max)}, got '${text}'`,
      );
    case "positive number":
      if (DECIMAL.test(text) && Number.isFinite(x) && x > 0 && x <= (flag.max ?? x)) return x;
      throw new UsageError(`${option} must be a number > 0${atMost(flag.max)}, got '${text}'`);
    case "choice":
      if (flag.choices.includes(text)) return text;
      throw new UsageError(`${option} must be one of ${flag.choices.join(", ")}, got '${text}'`);
    case "path":
      if (text !== "") return text;
      throw new UsageError(`${option} must be a non-empty path, got ''`);
  }
}

function atMost(max: number | undefined): string {
  return max === undefined ? "" : ` and <= ${max}`;
}

/**
 * Tries each path flag the way the demo will use it (its `access`), so that a
 * bad `--out`, `--save` or `--data` is reported before any training.
 * @param flags The declarations.
 * @param values The parsed values.
 * @returns When every path is usable.
 * @throws {UsageError} Naming the flag, the path and the reason.
 * @example A directory that cannot be created
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkPaths } from "./_cli.ts";
 * const flags = { data: { kind: "path", access: "read dir", help: "?" } } as const;
 * await assert.rejects(checkPaths(flags, { data: "/nonexistent/dir" }), { name: "UsageError" });
 * ```
 */
export async function checkPaths<F extends Flags>(
  flags: F,
  values: Partial<FlagValues<F>>,
): Promise<void> {
  for (const [name, flag] of Object.entries(flags)) {
    const path = (values as Record<string, unknown>)[name];
    if (flag.kind !== "path" || flag.access === undefined || typeof path !== "string") continue;
    try {
      await tryPath(path, flag.access);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new UsageError(`--${optionName(name)} ${path}: ${reason}`);
    }
  }
}

async function tryPath(path: string, access: PathAccess): Promise<void> {
  switch (access) {
    case "read dir": {
      if (!(await Deno.stat(path)).isDirectory) throw new Error("not a directory");
      for await (const _ of Deno.readDir(path)) break; // readable
      return;
    }
    case "write dir": {
      await Deno.mkdir(path, { recursive: true });
      const probe = `${path.replace(/\/+$/, "")}/.nabla-write-probe-${crypto.randomUUID()}`;
      await Deno.writeFile(probe, new Uint8Array(0), { createNew: true });
      await Deno.remove(probe);
      return;
    }
    case "write file": {
      const info = await Deno.stat(path).catch((error) => {
        if (error instanceof Deno.errors.NotFound) return null;
        throw error;
      });
      if (info?.isDirectory) throw new Error("is a directory, expected a file name");
      // An existing file is opened for writing but left as it is; a new one is created, then removed.
      (await Deno.open(path, info ? { write: true } : { write: true, createNew: true })).close();
      if (!info) await Deno.remove(path);
      return;
    }
  }
}

/**
 * The `--help` text of a demo, generated from its flags: each flag's help
 * line, followed by its default when it has one.
 * @param command The demo's name, summary and flags.
 * @returns Several lines, without a final newline.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { usage } from "./_cli.ts";
 * const text = usage({
 *   name: "xor",
 *   summary: "Learns XOR.",
 *   flags: { epochs: { kind: "positive integer", default: 9, help: "passes over the data" } },
 * });
 * assert.match(text, /--epochs N +passes over the data \(default 9\)/);
 * ```
 */
export function usage<F extends Flags>(command: Command<F>): string {
  const rows: [string, string][] = Object.entries(command.flags).map(([name, flag]) => [
    `--${optionName(name)} ${metavar(flag)}`,
    flag.default === undefined ? flag.help : `${flag.help} (default ${flag.default})`,
  ]);
  rows.push(["-h, --help", "print this help and exit"]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return [
    `Usage: deno task ${command.name} [options]`,
    "",
    command.summary,
    "",
    "Options:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
  ].join("\n");
}

function metavar(flag: Flag): string {
  switch (flag.kind) {
    case "choice":
      return flag.choices.join("|");
    case "path":
      return flag.metavar ?? "PATH";
    default:
      return flag.metavar ?? (flag.kind === "positive number" ? "X" : "N");
  }
}

/**
 * Runs a demo from the command line: prints the usage for `--help` (exit code
 * 0), one error line on stderr for a bad command line or an unusable path
 * ({@linkcode checkPaths}, before `run`; exit code 2), or calls `run` with the
 * flags and waits for it (exit code 0). `run` may throw a
 * {@linkcode UsageError} too, for a value found bad only when used (corrupt
 * data files): same line, same exit code; or a {@linkcode DivergedError}: one
 * line, exit code 1.
 * @param args The command-line arguments, without the program name.
 * @param command The demo's name, summary and flags.
 * @param run Trains and prints, given the parsed flags.
 * @returns The process exit code.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "./_cli.ts";
 * const command = {
 *   name: "demo",
 *   summary: "A demo.",
 *   flags: { epochs: { kind: "positive integer", default: 1, help: "passes" } },
 * } as const;
 * let epochs = 0;
 * assert.equal(await runCli(["--epochs", "3"], command, (flags) => epochs = flags.epochs), 0);
 * assert.equal(epochs, 3);
 * ```
 */
export async function runCli<F extends Flags>(
  args: readonly string[],
  command: Command<F>,
  run: (flags: FlagValues<F>) => unknown,
): Promise<number> {
  try {
    const parsed = parseFlags(args, command.flags);
    if (parsed.help) {
      console.log(usage(command));
    } else {
      const { help: _, ...flags } = parsed;
      await checkPaths(command.flags, flags as FlagValues<F>);
      await run(flags as FlagValues<F>);
    }
    return 0;
  } catch (error) {
    if (error instanceof DivergedError) {
      console.error(`${command.name}: ${error.message}`);
      return 1;
    }
    if (!(error instanceof UsageError)) throw error;
    console.error(`${command.name}: ${error.message} (see --help)`);
    return 2;
  }
}

/**
 * Formats one epoch as a line of the scalar demos' training log.
 * @param stats The epoch's number, loss and accuracy.
 * @param epochs The total number of epochs, to align the numbers.
 * @returns A line such as `epoch  10/100  loss 0.693147  accuracy  50.0%`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatEpoch } from "./_cli.ts";
 * assert.equal(
 *   formatEpoch({ epoch: 5, loss: 0.5, accuracy: 0.75 }, 100),
 *   "epoch   5/100  loss 0.500000  accuracy  75.0%",
 * );
 * ```
 */
export function formatEpoch(stats: EpochStats, epochs: number): string {
  return `epoch ${String(stats.epoch).padStart(String(epochs).length)}/${epochs}  ` +
    `loss ${stats.loss.toFixed(6)}  accuracy ${percent(stats.accuracy)}`;
}

/**
 * A fraction as a percentage with one decimal, padded to 6 characters.
 * @param fraction A number in `[0, 1]`.
 * @returns Such as `" 75.0%"` or `"100.0%"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { percent } from "./_cli.ts";
 * assert.equal(percent(0.9876), " 98.8%");
 * ```
 */
export function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1).padStart(5)}%`;
}

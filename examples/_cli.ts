/**
 * The demos' command lines: each demo declares its flags (kind, default, help
 * line) and gets their values typed, `--help` generated from the declarations,
 * and one error line with exit code 2 for a bad command line. Parsed with
 * `node:util`'s `parseArgs`; `--flag value` and `--flag=value` both work.
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
  }
  | { kind: "choice"; choices: readonly string[]; default?: string; help: string }
  | {
    kind: "path";
    default?: string;
    help: string;
    /** The value's name in `--help`; `PATH` if not given. */
    metavar?: string;
  };

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
 * training (created if missing). `deno task` grants writing to `out` only.
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
  help: "write the pictures (SVG curves, PNG images) into DIR, created if missing",
} as const satisfies Flag;

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

function parseValue(option: string, flag: Flag, text: string): number | string {
  const x = Number(text);
  switch (flag.kind) {
    case "integer":
      if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(x)) return x;
      throw new UsageError(`${option} must be an integer, got '${text}'`);
    case "positive integer":
      if (/^\+?\d+$/.test(text) && Number.isSafeInteger(x) && x > 0) return x;
      throw new UsageError(`${option} must be a positive integer, got '${text}'`);
    case "positive number":
      if (text.trim() !== "" && Number.isFinite(x) && x > 0) return x;
      throw new UsageError(`${option} must be a number > 0, got '${text}'`);
    case "choice":
      if (flag.choices.includes(text)) return text;
      throw new UsageError(`${option} must be one of ${flag.choices.join(", ")}, got '${text}'`);
    case "path":
      if (text !== "") return text;
      throw new UsageError(`${option} must be a non-empty path, got ''`);
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
 * 0), one error line on stderr for a bad command line (exit code 2), or
 * calls `run` with the flags and waits for it (exit code 0). `run` may throw
 * a {@linkcode UsageError} too, for a value found bad only when used (a
 * missing data directory): same line, same exit code.
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
      await run(flags as FlagValues<F>);
    }
    return 0;
  } catch (error) {
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

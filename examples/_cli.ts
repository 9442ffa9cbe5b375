/**
 * Command-line flags shared by the demos: `--seed`, `--epochs`, `--lr` and
 * `--help`, parsed with `node:util`'s `parseArgs`.
 */
import { parseArgs } from "node:util";

/** The hyper-parameters a demo takes from the command line. */
export interface TrainFlags {
  /** Seed of the weights, the data and the batch order. */
  seed: number;
  /** Number of passes over the training data. */
  epochs: number;
  /** SGD learning rate. */
  lr: number;
}

/** What the command line asked for: the usage text, or a run with these flags. */
export type ParsedFlags = { help: true } | ({ help: false } & TrainFlags);

/** One epoch of training, as the demos report it. */
export interface EpochStats {
  /** The epoch number, from 1. */
  epoch: number;
  /** The mean training loss over the epoch. */
  loss: number;
  /** The fraction of training samples classified correctly, in `[0, 1]`. */
  accuracy: number;
}

/** Describes a demo, for its usage text and error messages. */
export interface Command {
  /** The demo's name, such as `"xor"`. */
  name: string;
  /** One line saying what the demo does. */
  summary: string;
  /** The values used for flags not given. */
  defaults: TrainFlags;
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

const NUMBER_FLAGS = ["seed", "epochs", "lr"] as const;

/**
 * Parses `--seed N`, `--epochs N`, `--lr X` and `--help` (or `-h`); flags not
 * given take their defaults, `--flag=value` works too.
 * @param args The command-line arguments, without the program name.
 * @param defaults The values of the flags not given.
 * @returns `{ help: true }` if help was asked for, else the flags.
 * @throws {UsageError} For an unknown flag, a missing or bad value, or a
 * positional argument.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./_cli.ts";
 * const defaults = { seed: 0, epochs: 100, lr: 0.1 };
 * assert.deepEqual(parseFlags(["--epochs", "5"], defaults), {
 *   help: false,
 *   seed: 0,
 *   epochs: 5,
 *   lr: 0.1,
 * });
 * assert.throws(() => parseFlags(["--lr", "-1"], defaults), { name: "UsageError" });
 * ```
 */
export function parseFlags(args: readonly string[], defaults: TrainFlags): ParsedFlags {
  // NOTE: strict mode would reject `--seed -1` as ambiguous; we check the tokens ourselves.
  const { tokens } = parseArgs({
    args: [...args],
    options: {
      seed: { type: "string" },
      epochs: { type: "string" },
      lr: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags = { ...defaults };
  let help = false;
  for (const token of tokens) {
    if (token.kind === "positional") throw new UsageError(`unexpected argument '${token.value}'`);
    if (token.kind !== "option") continue;
    if (token.name === "help") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      help = true;
    } else if (isNumberFlag(token.name)) {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
      flags[token.name] = parseNumber(token.name, token.value);
    } else {
      throw new UsageError(`unknown flag ${token.rawName}`);
    }
  }
  return help ? { help: true } : { help: false, ...flags };
}

function isNumberFlag(name: string): name is typeof NUMBER_FLAGS[number] {
  return (NUMBER_FLAGS as readonly string[]).includes(name);
}

function parseNumber(name: typeof NUMBER_FLAGS[number], text: string): number {
  const x = Number(text);
  switch (name) {
    case "seed":
      if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(x)) return x;
      throw new UsageError(`--seed must be an integer, got '${text}'`);
    case "epochs":
      if (/^\+?\d+$/.test(text) && Number.isSafeInteger(x) && x > 0) return x;
      throw new UsageError(`--epochs must be a positive integer, got '${text}'`);
    case "lr":
      if (text.trim() !== "" && Number.isFinite(x) && x > 0) return x;
      throw new UsageError(`--lr must be a number > 0, got '${text}'`);
  }
}

/**
 * The `--help` text of a demo.
 * @param command The demo's name, summary and defaults.
 * @returns Several lines, without a final newline.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { usage } from "./_cli.ts";
 * const text = usage({ name: "xor", summary: "Learns XOR.", defaults: { seed: 0, epochs: 9, lr: 1 } });
 * assert.match(text, /--epochs N +passes over the data \(default 9\)/);
 * ```
 */
export function usage(command: Command): string {
  const { name, summary, defaults } = command;
  return [
    `Usage: deno task ${name} [--seed N] [--epochs N] [--lr X]`,
    "",
    summary,
    "",
    "Options:",
    `  --seed N     random seed of the run (default ${defaults.seed})`,
    `  --epochs N   passes over the data (default ${defaults.epochs})`,
    `  --lr X       SGD learning rate, > 0 (default ${defaults.lr})`,
    "  -h, --help   print this help and exit",
  ].join("\n");
}

/**
 * Runs a demo from the command line: prints the usage for `--help` (exit code
 * 0), one error line on stderr for a bad command line (exit code 2), or
 * calls `run` with the flags (exit code 0).
 * @param args The command-line arguments, without the program name.
 * @param command The demo's name, summary and defaults.
 * @param run Trains and prints, given the parsed flags.
 * @returns The process exit code.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "./_cli.ts";
 * const command = { name: "demo", summary: "A demo.", defaults: { seed: 0, epochs: 1, lr: 1 } };
 * let epochs = 0;
 * assert.equal(runCli(["--epochs", "3"], command, (flags) => epochs = flags.epochs), 0);
 * assert.equal(epochs, 3);
 * ```
 */
export function runCli(
  args: readonly string[],
  command: Command,
  run: (flags: TrainFlags) => void,
): number {
  let parsed: ParsedFlags;
  try {
    parsed = parseFlags(args, command.defaults);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${command.name}: ${error.message} (see --help)`);
    return 2;
  }
  if (parsed.help) {
    console.log(usage(command));
  } else {
    const { help: _, ...flags } = parsed;
    run(flags);
  }
  return 0;
}

/**
 * Formats one epoch as a line of the demos' training log.
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
  const width = String(epochs).length;
  const accuracy = (100 * stats.accuracy).toFixed(1).padStart(5);
  return `epoch ${String(stats.epoch).padStart(width)}/${epochs}  ` +
    `loss ${stats.loss.toFixed(6)}  accuracy ${accuracy}%`;
}

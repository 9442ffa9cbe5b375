/**
 * The demos' training progress: on a terminal, one line redrawn in place
 * (`\r`) with the epoch, the step, a bar, the time left, the running loss and
 * accuracy, and the per-epoch log lines printed above it; elsewhere (a pipe,
 * a CI log) only the per-epoch lines, exactly as before.
 */

/** What one training step reports: running means over the epoch so far. */
export interface StepStats {
  /** The epoch, from 1. */
  epoch: number;
  /** The step within the epoch, from 1. */
  step: number;
  /** The mean loss over the epoch's steps so far. */
  loss: number;
  /** The fraction of the epoch's samples so far classified correctly, in `[0, 1]`. */
  accuracy: number;
}

/** Options for {@linkcode Progress}. */
export interface ProgressOptions {
  /** Epochs in the run. */
  epochs: number;
  /** Steps (batches) per epoch. */
  steps: number;
  /**
   * Draws the redrawn line; false prints only the epoch lines.
   * @default Deno.stdout.isTerminal()
   */
  terminal?: boolean;
  /**
   * Writes text to the terminal, without adding a newline.
   * @default writing to standard output
   */
  write?: (text: string) => void;
  /**
   * The clock, in milliseconds.
   * @default performance.now
   */
  now?: () => number;
  /**
   * Milliseconds between two redraws; steps in between are not drawn.
   * @default 100
   */
  interval?: number;
  /**
   * Width of the bar in characters.
   * @default 24
   */
  barWidth?: number;
}

const CLEAR_LINE = "\r\x1b[2K";

/**
 * A training progress display; see the module's description.
 * @example Outside a terminal only the epoch lines are printed
 * ```ts
 * import assert from "node:assert/strict";
 * import { Progress } from "./_progress.ts";
 * const written: string[] = [];
 * const progress = new Progress({ epochs: 1, steps: 2, terminal: false, write: (t) => written.push(t) });
 * progress.step({ epoch: 1, step: 1, loss: 0.5, accuracy: 1 });
 * progress.epoch("epoch 1/1  loss 0.5");
 * progress.done();
 * assert.deepEqual(written, ["epoch 1/1  loss 0.5\n"]);
 * ```
 */
export class Progress {
  readonly #epochs: number;
  readonly #steps: number;
  readonly #terminal: boolean;
  readonly #write: (text: string) => void;
  readonly #now: () => number;
  readonly #interval: number;
  readonly #barWidth: number;
  readonly #start: number;
  #lastDraw = -Infinity;
  #drawn = "";

  /**
   * Starts the clock of the run.
   * @param options The run's size, whether to draw, and where.
   * @example Usage
   * ```ts
   * import { Progress } from "./_progress.ts";
   * new Progress({ epochs: 10, steps: 125, terminal: false }).done();
   * ```
   */
  constructor(options: ProgressOptions) {
    this.#epochs = options.epochs;
    this.#steps = Math.max(1, options.steps);
    this.#terminal = options.terminal ?? Deno.stdout.isTerminal();
    this.#write = options.write ?? writeStdout;
    this.#now = options.now ?? (() => performance.now());
    this.#interval = options.interval ?? 100;
    this.#barWidth = options.barWidth ?? 24;
    this.#start = this.#now();
  }

  /**
   * Reports a step; on a terminal, redraws the line if `interval` has passed
   * or the epoch is complete.
   * @param stats The step and the epoch's running loss and accuracy.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { Progress } from "./_progress.ts";
   * let text = "";
   * const progress = new Progress({
   *   epochs: 2, steps: 4, terminal: true, now: () => 0, write: (t) => text = t,
   * });
   * progress.step({ epoch: 1, step: 2, loss: 0.25, accuracy: 0.5 });
   * assert.match(text, /epoch 1\/2 .* step 2\/4 .*loss 0\.2500 +acc  50\.0%/);
   * ```
   */
  step(stats: StepStats): void {
    if (!this.#terminal) return;
    const now = this.#now();
    if (now - this.#lastDraw < this.#interval && stats.step !== this.#steps) return;
    this.#lastDraw = now;
    this.#drawn = this.line(stats, now);
    this.#write(CLEAR_LINE + this.#drawn);
  }

  /**
   * Prints an epoch's log line: on a terminal above the redrawn line, which
   * comes back at the next step; elsewhere as a plain line.
   * @param line The line, without a newline.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { Progress } from "./_progress.ts";
   * const written: string[] = [];
   * const progress = new Progress({ epochs: 1, steps: 1, terminal: true, write: (t) => written.push(t) });
   * progress.epoch("epoch 1/1");
   * assert.deepEqual(written, ["\r\x1b[2Kepoch 1/1\n"]);
   * ```
   */
  epoch(line: string): void {
    if (this.#terminal) {
      this.#write(`${CLEAR_LINE}${line}\n`);
      this.#drawn = "";
      this.#lastDraw = -Infinity;
    } else {
      this.#write(`${line}\n`);
    }
  }

  /**
   * Ends the display: clears a line left drawn.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { Progress } from "./_progress.ts";
   * const written: string[] = [];
   * const progress = new Progress({
   *   epochs: 1, steps: 2, terminal: true, now: () => 0, write: (t) => written.push(t),
   * });
   * progress.step({ epoch: 1, step: 1, loss: 1, accuracy: 0 });
   * progress.done();
   * assert.equal(written.at(-1), "\r\x1b[2K");
   * ```
   */
  done(): void {
    if (this.#terminal && this.#drawn !== "") this.#write(CLEAR_LINE);
    this.#drawn = "";
  }

  /**
   * The progress line for a step: epoch, bar, step, elapsed and remaining
   * time (from the mean time per step so far), loss, accuracy.
   * @param stats The step.
   * @param now The clock's time, in milliseconds.
   * @returns Such as `epoch 2/10 [######......] step 60/125  0:09 ETA 1:02  loss 0.2310  acc  93.1%`.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { Progress } from "./_progress.ts";
   * const progress = new Progress({ epochs: 2, steps: 10, terminal: false, now: () => 0, barWidth: 4 });
   * assert.equal(
   *   progress.line({ epoch: 1, step: 5, loss: 1, accuracy: 0.5 }, 5000),
   *   "epoch 1/2 [#...] step  5/10  0:05 ETA 0:15  loss 1.0000  acc  50.0%",
   * );
   * ```
   */
  line(stats: StepStats, now: number): string {
    const total = this.#epochs * this.#steps;
    const done = (stats.epoch - 1) * this.#steps + stats.step;
    const elapsed = now - this.#start;
    const eta = done > 0 ? elapsed / done * (total - done) : NaN;
    const filled = Math.round(this.#barWidth * done / total);
    const bar = "#".repeat(filled) + ".".repeat(this.#barWidth - filled);
    const epochs = String(this.#epochs);
    const steps = String(this.#steps);
    return `epoch ${String(stats.epoch).padStart(epochs.length)}/${epochs} [${bar}] ` +
      `step ${String(stats.step).padStart(steps.length)}/${steps}  ` +
      `${clock(elapsed)} ETA ${clock(eta)}  loss ${stats.loss.toFixed(4)}  ` +
      `acc ${(100 * stats.accuracy).toFixed(1).padStart(5)}%`;
  }
}

/**
 * A duration as `m:ss` (or `h:mm:ss`), `-:--` if unknown.
 * @param ms Milliseconds.
 * @returns Such as `"1:05"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { clock } from "./_progress.ts";
 * assert.deepEqual([clock(65_000), clock(3_725_000), clock(NaN)], ["1:05", "1:02:05", "-:--"]);
 * ```
 */
export function clock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "-:--";
  const s = Math.round(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

const encoder = new TextEncoder();

function writeStdout(text: string): void {
  const bytes = encoder.encode(text);
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

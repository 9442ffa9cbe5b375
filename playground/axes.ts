/**
 * A logarithmic axis for the playground's loss curve: a loss falls by orders
 * of magnitude, which a linear axis flattens into a line along the bottom.
 */

/** The range and tick marks of a log-scale axis. */
export interface LogAxis {
  /** The bottom of the axis, a power of ten. */
  min: number;
  /** The top of the axis, a power of ten. */
  max: number;
  /** The values to mark: powers of ten, with 2× and 5× between them when the range is short. */
  ticks: number[];
}

/**
 * Chooses a log-scale axis that shows every positive finite value.
 * @param values The values to show (others are ignored).
 * @returns The range, widened to powers of ten, and its ticks.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { logAxis } from "./axes.ts";
 * assert.deepEqual(logAxis([0.7, 0.003]), { min: 0.001, max: 1, ticks: [0.001, 0.01, 0.1, 1] });
 * assert.deepEqual(logAxis([0.3, 0.5]).ticks, [0.1, 0.2, 0.5, 1]);
 * ```
 */
export function logAxis(values: readonly number[]): LogAxis {
  const shown = values.filter((v) => v > 0 && Number.isFinite(v));
  const lo = shown.length > 0 ? Math.floor(Math.log10(Math.min(...shown))) : -2;
  let hi = shown.length > 0 ? Math.ceil(Math.log10(Math.max(...shown))) : 0;
  if (hi <= lo) hi = lo + 1;
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) {
    ticks.push(pow10(e));
    if (hi - lo <= 2 && e < hi) ticks.push(2 * pow10(e), 5 * pow10(e));
  }
  return { min: pow10(lo), max: pow10(hi), ticks };
}

// 10 ** -3 is 0.0010000000000000002; dividing keeps the decimal exact.
function pow10(e: number): number {
  return e < 0 ? 1 / 10 ** -e : 10 ** e;
}

/**
 * Where a value sits on a log axis, from 0 at `min` to 1 at `max` (clamped).
 * @param axis The axis.
 * @param value A positive value.
 * @returns The fraction of the axis' length.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { logAxis, logPosition } from "./axes.ts";
 * const axis = logAxis([0.01, 1]);
 * assert.equal(logPosition(axis, 0.1), 0.5);
 * ```
 */
export function logPosition(axis: LogAxis, value: number): number {
  const t = (Math.log10(value) - Math.log10(axis.min)) /
    (Math.log10(axis.max) - Math.log10(axis.min));
  return Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
}

/**
 * A tick's label: `1`, `0.1`, `0.005`, `1e-5`.
 * @param value The tick.
 * @returns Its label.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tickLabel } from "./axes.ts";
 * assert.deepEqual([1, 0.2, 0.001, 1e-5].map(tickLabel), ["1", "0.2", "0.001", "1e-5"]);
 * ```
 */
export function tickLabel(value: number): string {
  return value >= 1e-3 ? String(Number(value.toPrecision(3))) : value.toExponential(0);
}

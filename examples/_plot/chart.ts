/**
 * Training curves: an SVG line chart written by hand (axes, ticks, one
 * polyline per series, legend, title) and a terminal line chart drawn by
 * `npm:asciichart`.
 */
import asciichart from "asciichart";

/** One curve of a chart: a value per epoch, drawn at x = 1, 2, 3... */
export interface Series {
  /** The legend's text, such as `"train loss"`. */
  name: string;
  /** The y values; the i-th is drawn at x = i + 1. */
  values: readonly number[];
  /**
   * A CSS colour.
   * @default one of {@linkcode PALETTE}, by position
   */
  color?: string;
}

/** Options for {@linkcode lineChart}. */
export interface LineChartOptions {
  /** The chart's title, on top. */
  title: string;
  /**
   * The label under the x axis.
   * @default "epoch"
   */
  xLabel?: string;
  /**
   * The label along the y axis.
   * @default ""
   */
  yLabel?: string;
  /**
   * The y range shown, widened to nice ticks.
   * @default the range of the values, 0 included for non-negative values
   */
  yDomain?: readonly [number, number];
  /**
   * Shows y ticks as percentages of 1 (`0.5` is `50%`).
   * @default false
   */
  percent?: boolean;
  /**
   * Width in pixels.
   * @default 720
   */
  width?: number;
  /**
   * Height in pixels.
   * @default 400
   */
  height?: number;
}

/** Colours of the series, in order (blue, orange, green, red: colour-blind safe). */
export const PALETTE: readonly string[] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

/** The plot area's margins in pixels: room for the title, ticks, labels and legend. */
const MARGIN = { top: 40, right: 150, bottom: 50, left: 64 };

/**
 * About `count` round tick values covering `[min, max]`, 1, 2 or 5 times a power of ten apart.
 * @param min The low end.
 * @param max The high end.
 * @param count The number of intervals wanted.
 * @returns The ticks, increasing; the first is `<= min`, the last `>= max`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { niceTicks } from "./chart.ts";
 * assert.deepEqual(niceTicks(0, 0.93), [0, 0.2, 0.4, 0.6, 0.8, 1]);
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) [min, max] = [min - 0.5, min + 0.5];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  // NOTE: multiply then round, so 0.1 * 3 shows as 0.3, not 0.30000000000000004.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * An SVG line chart of series over epochs: a title, both axes with ticks,
 * tick labels and axis labels, light grid lines, one `<polyline>` per series
 * (with a dot per point when there are at most 30) and a legend. Elements
 * carry classes (`title`, `axis`, `tick-label`, `series`, `legend`) and each
 * polyline a `data-name`, so tests can find them.
 * @param series The curves, all over the same epochs.
 * @param options Title, labels, y range and size.
 * @returns A standalone SVG document.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChart } from "./chart.ts";
 * const svg = lineChart([{ name: "loss", values: [1, 0.5, 0.25] }], { title: "Loss" });
 * assert.match(svg, /<polyline class="series" data-name="loss"/);
 * ```
 */
export function lineChart(series: readonly Series[], options: LineChartOptions): string {
  const { title, xLabel = "epoch", yLabel = "", percent = false } = options;
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  // NOTE: reduce, not Math.min(...all): spreading 100,000+ values overflows the stack.
  let [yMin, yMax] = options.yDomain ??
    [
      all.reduce((a, b) => Math.min(a, b), Infinity),
      all.reduce((a, b) => Math.max(a, b), -Infinity),
    ];
  if (options.yDomain === undefined && yMin >= 0) yMin = 0;
  if (all.length === 0 && options.yDomain === undefined) [yMin, yMax] = [0, 1];
  const yTicks = niceTicks(yMin, yMax);
  const xTicks = niceTicks(1, Math.max(n, 2)).filter((t) => Number.isInteger(t) && t >= 1);
  if (xTicks[0] !== 1) xTicks.unshift(1);
  const [y0, y1] = [yTicks[0], yTicks.at(-1)!];
  const x1 = Math.max(n, 2, xTicks.at(-1)!);
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const sx = (x: number) => left + (x - 1) / (x1 - 1) * (right - left);
  const sy = (y: number) => bottom - (y - y0) / (y1 - y0) * (bottom - top);
  const fmt = (v: number) => percent ? `${Number((100 * v).toPrecision(12))}%` : String(v);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text class="title" x="${width / 2}" y="24" text-anchor="middle" font-size="16" ` +
    `font-weight="bold">${escape(title)}</text>`,
  ];
  for (const t of yTicks) {
    const y = r(sy(t));
    out.push(
      `<line class="grid" x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e5e5e5"/>`,
      `<line class="tick" x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="black"/>`,
      `<text class="tick-label y" x="${left - 8}" y="${y + 4}" text-anchor="end">${fmt(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    const x = r(sx(t));
    out.push(
      `<line class="tick" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="black"/>`,
      `<text class="tick-label x" x="${x}" y="${bottom + 18}" text-anchor="middle">${t}</text>`,
    );
  }
  out.push(
    `<line class="axis x" x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="black"/>`,
    `<line class="axis y" x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="black"/>`,
    `<text class="axis-label x" x="${(left + right) / 2}" y="${height - 12}" ` +
      `text-anchor="middle">${escape(xLabel)}</text>`,
    `<text class="axis-label y" transform="translate(16 ${(top + bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${escape(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const points = s.values.map((v, j) => `${r(sx(j + 1))},${r(sy(v))}`);
    out.push(
      `<polyline class="series" data-name="${escape(s.name)}" fill="none" stroke="${color}" ` +
        `stroke-width="2" stroke-linejoin="round" points="${points.join(" ")}"/>`,
    );
    if (s.values.length <= 30) {
      for (const p of points) {
        const [x, y] = p.split(",");
        out.push(`<circle class="dot" cx="${x}" cy="${y}" r="3" fill="${color}"/>`);
      }
    }
    // The legend: right of the plot area, one row per series, never over a curve.
    const lx = right + 16;
    const ly = top + 8 + 18 * i;
    out.push(
      `<g class="legend"><rect x="${lx}" y="${ly - 6}" width="16" height="4" fill="${color}"/>` +
        `<text x="${lx + 22}" y="${ly}">${escape(s.name)}</text></g>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** Rounds a pixel coordinate to 0.1 px. */
function r(v: number): number {
  return Math.round(v * 10) / 10;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Options for {@linkcode terminalChart}. */
export interface TerminalChartOptions {
  /**
   * Columns of the plot, not counting the y labels; longer series are resampled.
   * @default 60
   */
  width?: number;
  /**
   * Rows of the plot.
   * @default 10
   */
  height?: number;
}

/**
 * A line chart for the terminal, drawn with box-drawing characters by
 * `npm:asciichart`, the series linearly resampled to `width` points.
 * @param values The curve, such as the loss per epoch.
 * @param options Width and height in characters.
 * @returns Several lines, without colours or a final newline.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { terminalChart } from "./chart.ts";
 * const text = terminalChart([3, 2, 1], { width: 5, height: 2 });
 * assert.equal(text.split("\n").length, 3);
 * ```
 */
export function terminalChart(
  values: readonly number[],
  options: TerminalChartOptions = {},
): string {
  const { width = 60, height = 10 } = options;
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "(no data)";
  const format = (x: number) => x.toFixed(4).padStart(9);
  // NOTE: asciichart labels a flat series with a wrong value; draw it ourselves.
  if (finite.every((v) => v === finite[0])) return `${format(finite[0])} ┼${"─".repeat(width)}`;
  const points = resample(finite, width);
  return asciichart.plot(points, {
    height,
    format,
  });
}

/** `width` values linearly interpolated along `values` (a single value is repeated). */
function resample(values: readonly number[], width: number): number[] {
  if (values.length === 1 || width < 2) return Array(Math.max(1, width)).fill(values[0]);
  return Array.from({ length: width }, (_, i) => {
    const t = i * (values.length - 1) / (width - 1);
    const j = Math.min(values.length - 2, Math.floor(t));
    return values[j] + (t - j) * (values[j + 1] - values[j]);
  });
}

/**
 * Printing tensors the way PyTorch does: aligned columns, four decimals
 * (scientific notation when magnitudes differ widely), lines wrapped at 80
 * characters, and only the three first and last items of each dimension
 * above 1000 elements. Private to `tensor/`.
 */
import type { Tensor } from "./tensor.ts";
import { fmt } from "./_shape.ts";

const EDGE_ITEMS = 3;
const THRESHOLD = 1000;
const LINE_WIDTH = 80;

/** The string form of `t`, such as `tensor([1.0000, 2.0000], requiresGrad=true)`. */
export function formatTensor(t: Tensor): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const summarize = t.numel > THRESHOLD;
  let body: string;
  if (t.numel === 0) body = "[]";
  else {
    const values: number[] = [];
    visit(t, summarize, 0, t.offset, values);
    const [format, width] = formatter(t, values);
    body = t.ndim === 0
      ? format(values[0])
      : block(t, summarize, format, width, 0, t.offset, indent);
  }
  const suffixes: string[] = [];
  if (t.numel === 0 && t.ndim !== 1) suffixes.push(`size=${fmt(t.shape)}`);
  if (t.dtype !== "float32" && t.dtype !== "bool") suffixes.push(`dtype=${t.dtype}`);
  if (t.gradFn) suffixes.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requiresGrad=true");
  return addSuffixes(prefix + body, suffixes, indent);
}

// Indices shown along a dimension of size n: all, or the edges around an ellipsis (-1).
function shown(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

// Collects the values that will be printed, to size the columns.
function visit(t: Tensor, summarize: boolean, d: number, offset: number, out: number[]): void {
  if (d === t.ndim) {
    out.push(t.storage.data[offset]);
    return;
  }
  for (const i of shown(t.shape[d], summarize)) {
    if (i >= 0) visit(t, summarize, d + 1, offset + i * t.strides[d], out);
  }
}

// Turns one element into text padded to the widest printed element; returns that width too.
function formatter(t: Tensor, values: number[]): [(v: number) => string, number] {
  let toText: (v: number) => string;
  if (t.dtype === "bool") toText = (v) => (v ? "true" : "false");
  else if (t.dtype === "int32") toText = (v) => String(v);
  else {
    // Like PyTorch: scientific notation when non-zero finite magnitudes span a wide range.
    let max = 0;
    let min = Infinity;
    let intMode = true;
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (!Number.isInteger(v)) intMode = false;
      const m = Math.abs(v);
      if (m === 0) continue;
      max = Math.max(max, m);
      min = Math.min(min, m);
    }
    const sci = max > 0 && (max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4));
    toText = (v) => {
      if (Number.isNaN(v)) return "nan";
      if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
      // JavaScript writes 1.0000e+5; Python (and PyTorch) write 1.0000e+05.
      if (sci) return toExponentialEven(v, 4).replace(/e([+-])(\d)$/, "e$10$2");
      return toFixedEven(v, 4);
    };
  }
  let width = 0;
  for (const v of values) width = Math.max(width, toText(v).length);
  return [(v) => toText(v).padStart(width), width];
}

// JavaScript rounds exact decimal ties away from zero (0.03125 -> "0.0313"); Python,
// hence PyTorch, rounds them to even ("0.0312"). A tie shows as a 5 followed by zeros
// in the exact expansion, which toFixed/toExponential give with more digits.
const TIE = "5" + "0".repeat(19);

function toFixedEven(v: number, digits: number): string {
  const long = v.toFixed(digits + 20);
  if (!long.endsWith(TIE)) return v.toFixed(digits);
  const truncated = long.slice(0, -20);
  return Number(truncated.at(-1)) % 2 === 0 ? truncated : v.toFixed(digits);
}

function toExponentialEven(v: number, digits: number): string {
  const [mantissa, exponent] = v.toExponential(digits + 20).split("e");
  if (!mantissa.endsWith(TIE)) return v.toExponential(digits);
  const truncated = mantissa.slice(0, -20);
  return Number(truncated.at(-1)) % 2 === 0 ? `${truncated}e${exponent}` : v.toExponential(digits);
}

function block(
  t: Tensor,
  summarize: boolean,
  format: (v: number) => string,
  width: number,
  d: number,
  offset: number,
  indent: number,
): string {
  const idx = shown(t.shape[d], summarize);
  const stride = t.strides[d];
  if (d === t.ndim - 1) {
    const items = idx.map((i) => (i < 0 ? " ..." : format(t.storage.data[offset + i * stride])));
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) {
      lines.push(items.slice(i, i + perLine).join(", "));
    }
    return `[${lines.join(",\n" + " ".repeat(indent + 1))}]`;
  }
  const rows = idx.map((i) =>
    i < 0 ? "..." : block(t, summarize, format, width, d + 1, offset + i * stride, indent + 1)
  );
  const sep = "," + "\n".repeat(t.ndim - d - 1) + " ".repeat(indent + 1);
  return `[${rows.join(sep)}]`;
}

function addSuffixes(text: string, suffixes: string[], indent: number): string {
  let lastLine = text.length - text.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > LINE_WIDTH) {
      text += ",\n" + " ".repeat(indent) + s;
      lastLine = indent + s.length;
    } else {
      text += ", " + s;
      lastLine += s.length + 2;
    }
  }
  return text + ")";
}

/**
 * Makes the figures of `docs/` with the library's own code, so that every
 * number in them is one the library computes:
 *
 * - `scalar_graph.svg`: the graph of a small `Value` expression after
 *   `backward()` (`toDot` drawn by `renderSvg`)
 * - `tensor_graph.svg`: the backward graph of a linear layer's loss (`tensorToDot`)
 * - `broadcast_grad.svg`: how the gradient of a broadcast addition is summed back
 * - `finite_differences.svg`: the error of forward and central differences
 *   against the step size
 * - the softmax table of `docs/04-softmax-cross-entropy.md` (rewritten
 *   between its `<!-- softmax-table -->` markers)
 *
 * Run with `deno task figures` (then `deno fmt docs`, which the task does).
 */
import { crossEntropy, noGrad, tensor, tensorToDot, toDot, Value } from "../../mod.ts";
import { renderSvg } from "../../viz/mod.ts";

const DIR = new URL("./", import.meta.url);
const FONT = `font-family="Helvetica, Arial, sans-serif"`;

function write(name: string, text: string): void {
  Deno.writeTextFileSync(new URL(name, DIR), text.endsWith("\n") ? text : text + "\n");
  console.log(`wrote docs/figures/${name}`);
}

// ---------------------------------------------------------------- graphs

/** Karpathy's `L = (a·b + c)·f`, with the gradients filled in. */
async function scalarGraph(): Promise<void> {
  const a = new Value(2, { label: "a" });
  const b = new Value(-3, { label: "b" });
  const c = new Value(10, { label: "c" });
  const f = new Value(-2, { label: "f" });
  const e = a.mul(b);
  e.label = "e";
  const d = e.add(c);
  d.label = "d";
  const L = d.mul(f);
  L.label = "L";
  L.backward();
  write("scalar_graph.svg", await renderSvg(toDot(L, { digits: 1 })));
}

/** A linear layer's mean squared error: matmul, broadcast bias, reductions. */
async function tensorGraph(): Promise<void> {
  const x = tensor([[1, 2], [3, 4], [5, 6]]);
  const w = tensor([[0.1], [-0.2]], { requiresGrad: true });
  const b = tensor([0.5], { requiresGrad: true });
  const y = tensor([[1], [0], [1]]);
  const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
  loss.backward();
  write("tensor_graph.svg", await renderSvg(tensorToDot(loss, { names: { x, w, b, y } })));
}

// ---------------------------------------------------------------- broadcast

function grid(
  values: number[][],
  x: number,
  y: number,
  title: string,
  fill: string,
): string {
  const cell = 44;
  const parts = [`<text x="${x}" y="${y - 10}" ${FONT} font-size="14">${title}</text>`];
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      const cx = x + j * cell;
      const cy = y + i * cell;
      parts.push(
        `<rect x="${cx}" y="${cy}" width="${cell}" height="${cell}" fill="${fill}" stroke="#374151"/>`,
        `<text x="${cx + cell / 2}" y="${
          cy + cell / 2 + 5
        }" text-anchor="middle" ${FONT} font-size="14">${v}</text>`,
      );
    })
  );
  return parts.join("\n");
}

/** `y = x + b` with x `[3, 1]` and b `[1, 4]`: the gradient `g` of y summed back. */
function broadcastFigure(): void {
  const x = tensor([[1], [2], [3]], { requiresGrad: true });
  const b = tensor([[10, 20, 30, 40]], { requiresGrad: true });
  const y = x.add(b); // [3, 4]: x repeated along columns, b along rows
  const g = tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
  y.backward(g);
  const rows = (t: { toArray(): unknown }) => t.toArray() as number[][];
  const arrow = (x1: number, y1: number, x2: number, y2: number, text: string) =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#374151" stroke-width="1.5" marker-end="url(#arrow)"/>` +
    `<text x="${(x1 + x2) / 2}" y="${
      (y1 + y2) / 2 - 8
    }" text-anchor="middle" ${FONT} font-size="13">${text}</text>`;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="330" viewBox="0 0 640 330">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#374151"/></marker></defs>`,
    `<rect width="640" height="330" fill="white"/>`,
    `<text x="20" y="26" ${FONT} font-size="16" font-weight="bold">y = x + b, with x: [3, 1] and b: [1, 4] broadcast to [3, 4]</text>`,
    grid(rows(g), 40, 80, "g = dL/dy  [3, 4]", "#e0e7ff"),
    arrow(230, 146, 330, 146, "sum over dim 1"),
    grid(rows(x.grad!), 350, 80, "x.grad  [3, 1]", "#d1fae5"),
    arrow(128, 220, 128, 250, ""),
    `<text x="140" y="240" ${FONT} font-size="13">sum over dim 0</text>`,
    grid(rows(b.grad!), 40, 270, "", "#fef3c7"),
    `<text x="230" y="300" ${FONT} font-size="14">b.grad  [1, 4]</text>`,
    `<text x="430" y="110" ${FONT} font-size="13">each x[i] was used</text>`,
    `<text x="430" y="128" ${FONT} font-size="13">4 times: its gradient</text>`,
    `<text x="430" y="146" ${FONT} font-size="13">is the sum of the 4</text>`,
    `<text x="430" y="164" ${FONT} font-size="13">gradients of its copies</text>`,
    `</svg>`,
  ].join("\n");
  write("broadcast_grad.svg", svg);
}

// ---------------------------------------------------------------- finite differences

/** |numeric - exact| of d/dx tanh at x = 0.5, for eps from 1e-1 down to 1e-13. */
function finiteDifferenceFigure(): void {
  const x0 = 0.5;
  const v = new Value(x0);
  v.tanh().backward();
  const exact = v.grad; // the library's analytic derivative, 1 - tanh²
  const f = (x: number) => new Value(x).tanh().data;
  const exps: number[] = [];
  for (let k = 1; k <= 13; k += 0.25) exps.push(k);
  const forward = exps.map((k) => {
    const eps = 10 ** -k;
    return Math.abs((f(x0 + eps) - f(x0)) / eps - exact);
  });
  const central = exps.map((k) => {
    const eps = 10 ** -k;
    return Math.abs((f(x0 + eps) - f(x0 - eps)) / (2 * eps) - exact);
  });
  // log10(error) from -12 to 0 on the y axis, log10(eps) from -13 to -1 on the x axis.
  const W = 640, H = 400, left = 70, right = 20, top = 40, bottom = 60;
  const px = (k: number) => left + ((k - 1) / 12) * (W - left - right);
  const py = (err: number) => {
    const l = Math.max(-12, Math.min(0, Math.log10(Math.max(err, 1e-16))));
    return top + (-l / 12) * (H - top - bottom);
  };
  const path = (errs: number[]) =>
    errs.map((e, i) => `${i === 0 ? "M" : "L"}${px(exps[i]).toFixed(1)},${py(e).toFixed(1)}`)
      .join(" ");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${
      W / 2
    }" y="22" text-anchor="middle" ${FONT} font-size="15" font-weight="bold">Error of finite differences for d tanh(x)/dx at x = 0.5 (float64)</text>`,
  ];
  for (let k = 1; k <= 13; k += 2) {
    parts.push(
      `<line x1="${px(k)}" y1="${top}" x2="${px(k)}" y2="${H - bottom}" stroke="#e5e7eb"/>`,
      `<text x="${px(k)}" y="${
        H - bottom + 18
      }" text-anchor="middle" ${FONT} font-size="12">1e-${k}</text>`,
    );
  }
  for (let l = 0; l >= -12; l -= 2) {
    const y = top + (-l / 12) * (H - top - bottom);
    parts.push(
      `<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${left - 8}" y="${y + 4}" text-anchor="end" ${FONT} font-size="12">1e${l}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${W - left - right}" height="${
      H - top - bottom
    }" fill="none" stroke="#374151"/>`,
    `<text x="${(left + W - right) / 2}" y="${
      H - 18
    }" text-anchor="middle" ${FONT} font-size="13">step eps (smaller to the right)</text>`,
    `<text x="18" y="${
      (top + H - bottom) / 2
    }" text-anchor="middle" ${FONT} font-size="13" transform="rotate(-90 18 ${
      (top + H - bottom) / 2
    })">|numeric - exact|</text>`,
    `<path d="${path(forward)}" fill="none" stroke="#dc2626" stroke-width="2"/>`,
    `<path d="${path(central)}" fill="none" stroke="#2563eb" stroke-width="2"/>`,
    `<line x1="${px(6)}" y1="${top}" x2="${px(6)}" y2="${
      H - bottom
    }" stroke="#6b7280" stroke-dasharray="4 3"/>`,
    `<text x="${px(6) + 4}" y="${
      top + 14
    }" ${FONT} font-size="12" fill="#374151">gradcheck: eps = 1e-6</text>`,
    `<rect x="${W - right - 230}" y="${
      H - bottom - 62
    }" width="220" height="52" fill="white" stroke="#d1d5db"/>`,
    `<line x1="${W - right - 220}" y1="${H - bottom - 44}" x2="${W - right - 190}" y2="${
      H - bottom - 44
    }" stroke="#dc2626" stroke-width="2"/>`,
    `<text x="${W - right - 184}" y="${
      H - bottom - 40
    }" ${FONT} font-size="12">forward (f(x+eps) - f(x)) / eps</text>`,
    `<line x1="${W - right - 220}" y1="${H - bottom - 24}" x2="${W - right - 190}" y2="${
      H - bottom - 24
    }" stroke="#2563eb" stroke-width="2"/>`,
    `<text x="${W - right - 184}" y="${
      H - bottom - 20
    }" ${FONT} font-size="12">central (f(x+eps) - f(x-eps)) / 2eps</text>`,
    `</svg>`,
  );
  write("finite_differences.svg", parts.join("\n"));
}

// ---------------------------------------------------------------- softmax table

function fmtNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return Number(x.toPrecision(6)).toString();
}

/** The loss of the first class, naive formula against the library's crossEntropy. */
function softmaxTable(): void {
  const rows = ["| logits | naive `-log(exp(x₀) / Σ exp(xᵢ))` | `crossEntropy` (float64) |"];
  rows.push("| --- | --- | --- |");
  for (const logits of [[1, 2, 3], [-800, 0], [0, 800], [1000, 2000, 3000]]) {
    const sumExp = logits.reduce((s, v) => s + Math.exp(v), 0);
    const naive = -Math.log(Math.exp(logits[0]) / sumExp);
    const stable = noGrad(() =>
      crossEntropy(
        tensor([logits], { dtype: "float64" }),
        tensor([0], { dtype: "int32" }),
      ).item()
    );
    rows.push(`| \`[${logits.join(", ")}]\` | ${fmtNumber(naive)} | ${fmtNumber(stable)} |`);
  }
  const page = new URL("../04-softmax-cross-entropy.md", DIR);
  const text = Deno.readTextFileSync(page);
  const start = "<!-- softmax-table: generated by docs/figures/make_figures.ts -->";
  const end = "<!-- /softmax-table -->";
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`internal: softmax-table markers missing in ${page}`);
  const table = rows.join("\n");
  Deno.writeTextFileSync(
    page,
    text.slice(0, i + start.length) + "\n\n" + table + "\n\n" + text.slice(j),
  );
  console.log("wrote the table of docs/04-softmax-cross-entropy.md");
}

if (import.meta.main) {
  await scalarGraph();
  await tensorGraph();
  broadcastFigure();
  finiteDifferenceFigure();
  softmaxTable();
}

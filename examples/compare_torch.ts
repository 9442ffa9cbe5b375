/**
 * nabla and PyTorch side by side: micrograd's test expression with its
 * gradients, then one SGD step of a small MLP (`Linear(3, 4)`, `Tanh`,
 * `Linear(4, 2)`, cross-entropy), computed in float64 by both libraries from
 * the same numbers. Prints each quantity from both, with its largest
 * difference.
 *
 * nabla's numbers are computed here; PyTorch's by the twin script
 * `examples/compare_torch.py`, run with `--python` (default `/usr/bin/python3`)
 * and fed the same leaves, weights and batch as JSON. Without PyTorch the demo
 * prints nabla's numbers and how to install it (`apt-get install python3-torch`
 * on Debian and Ubuntu).
 *
 * Run: `deno task compare-torch` (flags: `--python`, `--seed`, `--lr`, `--help`).
 */
import { fileURLToPath } from "node:url";
import {
  crossEntropy,
  Linear,
  manualSeed,
  noGrad,
  randn,
  Sequential,
  SGD,
  Tanh,
  type Tensor,
  tensor,
  Value,
} from "../mod.ts";
import { defineCommand, type FlagValues, MAX_LR, runCli } from "./_cli.ts";

/** The command line of `deno task compare-torch`. */
export const COMMAND = defineCommand({
  name: "compare-torch",
  summary: "Computes micrograd's expression and one MLP training step in nabla and in PyTorch " +
    "(float64, the same numbers) and prints both with their largest difference.",
  flags: {
    python: {
      kind: "path",
      default: "/usr/bin/python3",
      metavar: "PYTHON",
      help: "the Python interpreter that has torch",
    },
    seed: { kind: "integer", default: 0, help: "seed of the weights and the batch" },
    lr: {
      kind: "positive number",
      default: 0.1,
      max: MAX_LR,
      help: "SGD learning rate of the MLP step",
    },
  },
});

/** The flags {@linkcode COMMAND} takes. */
export type CompareFlags = FlagValues<typeof COMMAND.flags>;

/** How to get PyTorch where it is missing. */
export const INSTALL_HINT = [
  "To compare with PyTorch, install it for that Python:",
  "  sudo apt-get install python3-torch    # Debian, Ubuntu: /usr/bin/python3 gets torch",
  "  pip install torch                     # elsewhere, in a virtual environment",
  "then run `deno task compare-torch` again (add `--python PATH` for another interpreter).",
].join("\n");

/** A computed quantity: its shape (`[]` for a number) and its values in row-major order. */
export interface Quantity {
  /** The shape, `[]` for a single number. */
  shape: number[];
  /** The values, flattened in row-major order. */
  values: number[];
}

/** What the twin script needs to compute the same thing in PyTorch. */
export interface TorchRequest {
  /** The leaves of micrograd's expression. */
  expression: { a: number; b: number };
  /** The MLP: layer sizes, state dict, batch, labels and learning rate. */
  mlp: {
    sizes: number[];
    state: Record<string, unknown>;
    x: unknown;
    y: number[];
    lr: number;
  };
}

/** nabla's side of the comparison. */
export interface NablaRun {
  /** The request for the twin script, from the same numbers. */
  request: TorchRequest;
  /** Every quantity by name, in the order printed. */
  quantities: Map<string, Quantity>;
}

function quantity(t: Tensor | number): Quantity {
  if (typeof t === "number") return { shape: [], values: [t] };
  return { shape: [...t.shape], values: t.detach().flatten().toArray() as number[] };
}

/**
 * micrograd's test expression (its `test_more_ops`) with `Value`.
 * @param a0 The leaf `a` (micrograd: -4).
 * @param b0 The leaf `b` (micrograd: 2).
 * @returns `g`, `dg/da` and `dg/db`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { expression } from "./compare_torch.ts";
 * const { g, da, db } = expression(-4, 2);
 * assert.ok(Math.abs(g - 24.7041) < 1e-4 && Math.abs(da - 138.8338) < 1e-4);
 * assert.ok(Math.abs(db - 645.5773) < 1e-4);
 * ```
 */
export function expression(a0: number, b0: number): { g: number; da: number; db: number } {
  const a = new Value(a0);
  const b = new Value(b0);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c).add(1);
  c = c.add(1).add(c).add(a.neg());
  d = d.add(d.mul(2)).add(b.add(a).relu());
  d = d.add(new Value(3).mul(d)).add(b.sub(a).relu());
  const e = c.sub(d);
  const f = e.pow(2);
  const g = f.div(2).add(new Value(10).div(f));
  g.backward();
  return { g: g.data, da: a.grad, db: b.grad };
}

/**
 * Computes every quantity with nabla and the request that makes the twin
 * script compute the same in PyTorch.
 * @param options The seed of the weights and batch, and the learning rate.
 * @returns The request and the quantities.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nablaSide } from "./compare_torch.ts";
 * const { quantities, request } = nablaSide({ seed: 0, lr: 0.1 });
 * assert.deepEqual(quantities.get("mlp 0.weight.grad")?.shape, [4, 3]);
 * assert.deepEqual(request.mlp.sizes, [3, 4, 2]);
 * ```
 */
export function nablaSide(options: { seed: number; lr: number }): NablaRun {
  const quantities = new Map<string, Quantity>();
  const { g, da, db } = expression(-4, 2);
  quantities.set("expression g", quantity(g));
  quantities.set("expression dg/da", quantity(da));
  quantities.set("expression dg/db", quantity(db));

  manualSeed(options.seed);
  const sizes = [3, 4, 2];
  const model = new Sequential(
    new Linear(sizes[0], sizes[1], { dtype: "float64" }),
    new Tanh(),
    new Linear(sizes[1], sizes[2], { dtype: "float64" }),
  );
  const x = randn([5, sizes[0]], { dtype: "float64" });
  const labels = [0, 1, 1, 0, 1];
  const y = tensor(labels, { dtype: "int32" });
  const state: Record<string, unknown> = {};
  for (const [name, p] of model.namedParameters()) state[name] = p.toArray();
  const optimizer = new SGD(model.parameters(), { lr: options.lr });

  optimizer.zeroGrad();
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  quantities.set("mlp loss", quantity(loss));
  for (const [name, p] of model.namedParameters()) {
    quantities.set(`mlp ${name}.grad`, quantity(p.grad!));
  }
  optimizer.step();
  for (const [name, p] of model.namedParameters()) {
    quantities.set(`mlp ${name} after step`, quantity(p));
  }
  quantities.set("mlp loss after step", quantity(noGrad(() => crossEntropy(model.forward(x), y))));

  return {
    request: {
      expression: { a: -4, b: 2 },
      mlp: { sizes, state, x: x.toArray(), y: labels, lr: options.lr },
    },
    quantities,
  };
}

/** PyTorch's side: its numbers, or why there are none. */
export type TorchRun =
  | { ok: true; version: string; quantities: Map<string, Quantity> }
  | { ok: false; reason: string; missingTorch: boolean };

/**
 * Runs the twin script `compare_torch.py` with `python`.
 * @param python The interpreter.
 * @param request What to compute, from {@linkcode nablaSide}.
 * @returns PyTorch's quantities, or the reason they are missing (`missingTorch`
 * when Python runs but has no torch, or when there is no such Python).
 */
export async function torchSide(python: string, request: TorchRequest): Promise<TorchRun> {
  const script = fileURLToPath(new URL("./compare_torch.py", import.meta.url));
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(python, {
      args: [script],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { ok: false, reason: `no Python at ${python}`, missingTorch: true };
    }
    throw error;
  }
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(JSON.stringify(request)));
    await writer.close();
  } catch (error) {
    // NOTE: a Python without torch exits before reading its input; its status says why.
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
  }
  const { code, stdout, stderr } = await child.output();
  const errors = new TextDecoder().decode(stderr).trim();
  if (code === 3) return { ok: false, reason: `${python}: ${errors}`, missingTorch: true };
  if (code !== 0) {
    return {
      ok: false,
      reason: `${python} ${script} exited with ${code}:\n${errors}`,
      missingTorch: false,
    };
  }
  const result = JSON.parse(new TextDecoder().decode(stdout)) as {
    torch: string;
    quantities: Record<string, [number[], number[]]>;
  };
  const quantities = new Map<string, Quantity>();
  for (const [name, [shape, values]] of Object.entries(result.quantities)) {
    quantities.set(name, { shape, values });
  }
  return { ok: true, version: result.torch, quantities };
}

/** One line of the comparison. */
export interface Row {
  /** The quantity's name. */
  name: string;
  /** Its shape. */
  shape: number[];
  /** nabla's values. */
  nabla: number[];
  /** PyTorch's values. */
  torch: number[];
  /** The largest `|nabla - torch|` over the elements (Infinity if shapes differ or one is missing). */
  maxAbsDiff: number;
}

/**
 * Pairs the quantities of both sides by name.
 * @param nabla nabla's quantities.
 * @param torch PyTorch's quantities.
 * @returns One row per quantity of either side, nabla's order first.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compare } from "./compare_torch.ts";
 * const rows = compare(
 *   new Map([["x", { shape: [2], values: [1, 2] }]]),
 *   new Map([["x", { shape: [2], values: [1, 2.5] }]]),
 * );
 * assert.equal(rows[0].maxAbsDiff, 0.5);
 * ```
 */
export function compare(
  nabla: ReadonlyMap<string, Quantity>,
  torch: ReadonlyMap<string, Quantity>,
): Row[] {
  const names = [...new Set([...nabla.keys(), ...torch.keys()])];
  return names.map((name) => {
    const a = nabla.get(name);
    const b = torch.get(name);
    const sameShape = a && b && a.shape.join() === b.shape.join();
    const maxAbsDiff = sameShape
      ? a.values.reduce((m, v, i) => Math.max(m, Math.abs(v - b.values[i])), 0)
      : Infinity;
    return {
      name,
      shape: (a ?? b)!.shape,
      nabla: a?.values ?? [],
      torch: b?.values ?? [],
      maxAbsDiff,
    };
  });
}

function number(x: number): string {
  return x.toPrecision(10).replace(/\.?0+(e|$)/, "$1");
}

function preview(values: number[], shape: number[]): string {
  if (values.length === 0) return "(missing)";
  if (shape.length === 0) return number(values[0]);
  const shown = values.slice(0, 2).map(number).join(", ");
  return `[${shown}${values.length > 2 ? `, … ${values.length - 2} more` : ""}]`;
}

/**
 * Formats the rows as a table: name, shape, the first values of each side,
 * the largest difference; then the largest difference overall.
 * @param rows From {@linkcode compare}.
 * @returns The lines, without a final newline.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTable } from "./compare_torch.ts";
 * const text = formatTable([{ name: "g", shape: [], nabla: [1], torch: [1], maxAbsDiff: 0 }]);
 * assert.match(text, /largest difference: 0 \(g\)/);
 * ```
 */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.name,
    `[${r.shape.join(", ")}]`,
    preview(r.nabla, r.shape),
    preview(r.torch, r.shape),
    r.maxAbsDiff.toExponential(1),
  ]);
  const header = ["quantity", "shape", "nabla", "PyTorch", "max |diff|"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  const worst = rows.reduce((w, r) => (r.maxAbsDiff > w.maxAbsDiff ? r : w), rows[0]);
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
    "",
    `largest difference: ${
      worst.maxAbsDiff === 0 ? "0" : worst.maxAbsDiff.toExponential(2)
    } (${worst.name})`,
  ].join("\n");
}

/**
 * What `deno task compare-torch` runs: computes nabla's side, runs PyTorch's
 * if it can, and prints the comparison (or nabla's numbers and how to install
 * PyTorch).
 * @param flags The parsed command line.
 * @returns 0, or 1 when the twin script failed for another reason than a missing torch.
 * @example Usage
 * ```ts ignore
 * import { main } from "./compare_torch.ts";
 * await main({ python: "/usr/bin/python3", seed: 0, lr: 0.1 }); // needs --allow-run
 * ```
 */
export async function main(flags: CompareFlags): Promise<number> {
  const { request, quantities } = nablaSide(flags);
  const torch = await torchSide(flags.python, request);
  if (torch.ok) {
    console.log(
      `nabla and PyTorch ${torch.version} (${flags.python}), float64, seed ${flags.seed}:\n`,
    );
    console.log(formatTable(compare(quantities, torch.quantities)));
    return 0;
  }
  console.log(`nabla, float64, seed ${flags.seed}:\n`);
  for (const [name, q] of quantities) {
    console.log(`  ${name.padEnd(26)} ${preview(q.values, q.shape)}`);
  }
  console.log(`\nPyTorch is not available: ${torch.reason}`);
  if (!torch.missingTorch) return 1;
  console.log(INSTALL_HINT);
  return 0;
}

if (import.meta.main) {
  let status = 0;
  const code = await runCli(Deno.args, COMMAND, async (flags) => {
    status = await main(flags);
  });
  Deno.exitCode = code || status;
}

/**
 * Draws computation graphs to SVG: micrograd's classic scalar expression, and
 * one training step of a small tensor MLP with its parameters' gradients.
 * Writes `scalar_graph.{dot,svg}` and `mlp_step_graph.{dot,svg}`.
 *
 * Run: `deno task graph` (flags: `--out`, `--help`).
 */
import {
  crossEntropy,
  Linear,
  manualSeed,
  randn,
  ReLU,
  Sequential,
  type Tensor,
  tensor,
  tensorToDot,
  toDot,
  Value,
} from "../mod.ts";
import { renderSvg } from "../viz/mod.ts";
import { defineCommand, runCli } from "./_cli.ts";

/** The command line of `deno task graph`. */
export const COMMAND = defineCommand({
  name: "graph",
  summary: "Draws a scalar expression and one MLP training step as Graphviz SVG files.",
  flags: {
    out: { kind: "path", default: "out", help: "directory to write the .dot and .svg files to" },
  },
});

/**
 * Micrograd's expression (its `test_more_ops`) after backward, every named
 * intermediate labelled: `g = 24.7041`, `dg/da = 138.8338`, `dg/db = 645.5773`.
 * @returns The output `g`.
 */
export function micrograd(): Value {
  const a = new Value(-4, { label: "a" });
  const b = new Value(2, { label: "b" });
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c).add(1);
  c = c.add(1).add(c).add(a.neg());
  c.label = "c";
  d = d.add(d.mul(2)).add(b.add(a).relu());
  d = d.add(new Value(3).mul(d)).add(b.sub(a).relu());
  d.label = "d";
  const e = c.sub(d);
  e.label = "e";
  const f = e.pow(2);
  f.label = "f";
  let g = f.div(2);
  g = g.add(new Value(10).div(f));
  g.label = "g";
  g.backward();
  return g;
}

/**
 * One training step of `Linear(2, 3) → ReLU → Linear(3, 2)` with the
 * cross-entropy on a seeded batch of 4 points, after backward.
 * @returns The model (for its parameter names) and the loss.
 */
export function mlpStep(): { model: Sequential; loss: Tensor } {
  manualSeed(0);
  const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2));
  const x = randn([4, 2]);
  const y = tensor([0, 1, 1, 0], { dtype: "int32" });
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  return { model, loss };
}

/**
 * Lays a graph out top to bottom with tighter spacing: micrograd's 30-odd
 * nodes drawn left to right would be about 4,700 pt wide, top to bottom
 * they fit in about 750.
 * @param dot DOT source from `toDot`, drawn with `rankdir: "TB"`.
 * @returns The same graph with tighter rank and node separation.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compact } from "./graph.ts";
 * assert.match(compact("digraph G {\n}"), /ranksep=0\.25/);
 * ```
 */
export function compact(dot: string): string {
  return dot.replace(/^digraph G \{\n/, "digraph G {\n  ranksep=0.25;\n  nodesep=0.15;\n");
}

/**
 * The DOT source of both graphs, by file stem.
 * @returns `scalar_graph` and `mlp_step_graph`.
 */
export function graphs(): Record<string, string> {
  const { model, loss } = mlpStep();
  return {
    scalar_graph: compact(toDot(micrograd(), { rankdir: "TB" })),
    mlp_step_graph: tensorToDot(loss, { module: model, names: { loss } }),
  };
}

if (import.meta.main) {
  Deno.exitCode = await runCli(Deno.args, COMMAND, async ({ out }) => {
    await Deno.mkdir(out, { recursive: true });
    for (const [stem, dot] of Object.entries(graphs())) {
      await Deno.writeTextFile(`${out}/${stem}.dot`, dot);
      await Deno.writeTextFile(`${out}/${stem}.svg`, await renderSvg(dot));
      console.log(`wrote ${out}/${stem}.svg (and .dot)`);
    }
  });
}

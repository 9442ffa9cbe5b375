/**
 * The PyTorch reference of tests/nn/ (tests/fixtures/nn.json, written by
 * tests/fixtures/make_nn_fixtures.py) and a runner that checks a module's
 * output and gradients against one of its layer cases.
 */
import assert from "node:assert/strict";
import { type Module, type NestedArray, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose } from "../_helpers.ts";
import raw from "../fixtures/nn.json" with { type: "json" };

/** One layer of nn.json: parameters, input, output and gradients from torch (float64). */
export interface LayerCase {
  name: string;
  params: Record<string, NestedArray>;
  input: NestedArray;
  output: NestedArray;
  gradOutput: NestedArray;
  grads: Record<string, NestedArray>;
}

/** One loss call of nn.json. */
export interface LossCase {
  name: string;
  options: { reduction?: "mean" | "sum" | "none"; labelSmoothing?: number; ignoreIndex?: number };
  input: NestedArray;
  target: NestedArray;
  targetIsInt: boolean;
  weight?: NestedArray;
  posWeight?: NestedArray;
  output: NestedArray;
  gradOutput: NestedArray | null;
  gradInput: NestedArray;
  gradTarget: NestedArray | null;
}

/** BatchNorm running statistics after each training step, then an eval output. */
export interface BatchNormRun {
  name: string;
  momentum: number | null;
  inputs: NestedArray[];
  stats: { runningMean: number[]; runningVar: number[]; numBatchesTracked: number }[];
  lastTrainingOutput: NestedArray;
  evalInput: NestedArray;
  evalOutput: NestedArray;
}

/** The normalization section: keys and printout, BatchNorm runs, a trained float32 MLP. */
export interface NormalizationFixture {
  keys: { stateDict: string[]; namedParameters: string[]; namedBuffers: string[] };
  repr: string;
  batchNorm: BatchNormRun[];
  mlp: {
    file: string;
    size: number;
    keys: string[];
    numBatchesTracked: number;
    input: number[][];
    logits: number[][];
  };
}

/** The whole fixture. */
export interface NNFixture {
  generator: string;
  keys: Record<
    string,
    { stateDict: string[]; namedParameters: string[]; namedBuffers: string[]; repr: string }
  >;
  layers: LayerCase[];
  losses: LossCase[];
  init: {
    gains: { nonlinearity: string; param: number | null; gain: number }[];
    fans: { shape: number[]; fanIn: number; fanOut: number }[];
    shape: number[];
    bounds: Record<string, number>;
    torchLinearMaxAbs: { weight: number; bias: number };
  };
  clip: {
    norm: {
      maxNorm: number;
      normType: number | string;
      grads: (NestedArray | null)[];
      total: number;
      clipped: (NestedArray | null)[];
    }[];
    value: { grad: NestedArray; clipValue: number; clipped: NestedArray };
  };
  /** Convolution and pooling layers: printed forms and default-init bounds. */
  vision: {
    reprs: Record<string, string>;
    init: Record<string, { bound: number; weightMaxAbs: number; biasMaxAbs: number }>;
  };
  mlp: {
    file: string;
    size: number;
    metadata: Record<string, string>;
    keys: string[];
    input: number[][];
    logits: number[][];
  };
  normalization: NormalizationFixture;
}

/** The parsed tests/fixtures/nn.json. */
export const FIXTURE: NNFixture = revive(raw) as NNFixture;

// JSON has no infinities or NaN: the generator writes them as strings.
function revive(value: unknown): unknown {
  if (value === "Infinity" || value === "-Infinity" || value === "NaN") return Number(value);
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

/** Agreement required with PyTorch in float64. */
export const TOL = { atol: 1e-10, rtol: 1e-10 };

/**
 * The layer case named `name`.
 * @param name A case name from make_nn_fixtures.py.
 * @returns The case.
 */
export function layerCase(name: string): LayerCase {
  const c = FIXTURE.layers.find((l) => l.name === name);
  assert.ok(c, `no layer case ${name} in nn.json`);
  return c;
}

/** A float64 tensor from fixture values. */
export function f64(values: NestedArray, requiresGrad = false): Tensor {
  return tensor(values, { dtype: "float64", requiresGrad });
}

/**
 * Loads the case's parameters into `model` (strictly, so the keys must be
 * PyTorch's), runs forward and backward of sum(output * gradOutput), and
 * compares the output and every gradient with torch's to 1e-10.
 * @param model A float64 module of the case's architecture.
 * @param name The case name.
 */
export function checkLayerCase(model: Module, name: string): void {
  const c = layerCase(name);
  const state = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, f64(v)]));
  model.loadStateDict(state);
  const x = f64(c.input, true);
  const y = model.forward(x);
  assertAllClose(y, c.output, TOL);
  y.mul(f64(c.gradOutput)).sum().backward();
  assertAllClose(x.grad!, c.grads.input, TOL);
  const params = Object.fromEntries(model.namedParameters());
  assert.deepEqual(Object.keys(params), Object.keys(c.grads).filter((k) => k !== "input"));
  for (const [key, p] of Object.entries(params)) assertAllClose(p.grad!, c.grads[key], TOL);
}

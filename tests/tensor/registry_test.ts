/**
 * Runs the op registry (registry.ts): for every entry, forward values and
 * input gradients against PyTorch's golden values in float64 and float32,
 * contiguous and not; gradcheck in float64 for differentiable entries;
 * gradgradcheck where second order is claimed. A meta-test fails when a
 * public op has no entry. The fixtures come from `deno task fixtures`.
 */
import assert from "node:assert/strict";
import * as tensorMod from "../../tensor/mod.ts";
import {
  assertClose,
  grad,
  gradcheck,
  gradgradcheck,
  isFloatingPoint,
  Tensor,
} from "../../tensor/mod.ts";
import { exportCases, type ExportedCases } from "../fixtures/export_tensor_cases.ts";
import {
  entryId,
  inputDtype,
  makeTensor,
  type OpCase,
  opCases,
  type OpEntry,
  OPS,
  upstreamValues,
} from "./registry.ts";

type Encoded = number | string;
interface GoldenOutput {
  shape: number[];
  dtype: string;
  data: Encoded[];
}
interface Golden {
  torch: string;
  /** The output of a single-output op. */
  output?: GoldenOutput;
  /** The outputs of an op returning a tuple (split, (values, indices)). */
  outputs?: GoldenOutput[];
  grads?: (Encoded[] | null)[];
}
const FIXTURES = new URL("../fixtures/", import.meta.url);
const EXPORTED: ExportedCases = JSON.parse(
  Deno.readTextFileSync(new URL("tensor_cases.json", FIXTURES)),
);
const GOLDEN: Record<string, Golden> = JSON.parse(
  Deno.readTextFileSync(new URL("tensor_golden.json", FIXTURES)),
).cases;

/** float64 against PyTorch's float64: only rounding apart. */
const FLOAT64 = { rtol: 1e-10, atol: 1e-12 };
/** float32 against PyTorch's float64, on float32-exact inputs. */
const FLOAT32 = { rtol: 1e-5, atol: 1e-6 };

function decode(v: Encoded): number {
  return typeof v === "number" ? v : Number(v); // "NaN", "Infinity", "-Infinity"
}

// ---------------------------------------------------------------- the public op surface

/**
 * Public members and functions that are not ops (they compute no tensor from
 * tensors, or are the testing tools themselves). Everything else of
 * `Tensor.prototype` and tensor/mod.ts needs an entry in OPS.
 */
const NOT_OPS = new Set([
  // metadata and autograd state
  "constructor",
  "ndim",
  "numel",
  "size",
  "isContiguous",
  "requiresGrad",
  "grad",
  "peekGrad",
  "gradFn",
  "isLeaf",
  "retainGrad",
  "retainsGrad",
  // running autograd, cutting history
  "backward",
  "detach",
  "grad",
  "noGrad",
  "enableGrad",
  "isGradEnabled",
  // reading values, printing
  "item",
  "toArray",
  "toString",
  "tensorToDot",
  // in-place updates (optimizers, under noGrad; not recorded)
  "add_",
  "sub_",
  "mul_",
  "div_",
  "addcmul_",
  "addcdiv_",
  "zero_",
  "fill_",
  "copy_",
  // classes
  "Tensor",
  "Storage",
  "AutogradFunction",
  "ShapeError",
  "DTypeError",
  "AutogradError",
  // factories and random numbers
  "tensor",
  "zeros",
  "ones",
  "full",
  "arange",
  "linspace",
  "eye",
  "zerosLike",
  "onesLike",
  "fullLike",
  "manualSeed",
  "rand",
  "randn",
  "randint",
  // sampling (tests/tensor/sampling_test.ts checks seeds and distributions)
  "multinomial",
  "randperm",
  "bernoulli",
  // dtypes
  "allocate",
  "isDType",
  "isFloatingPoint",
  "promoteTypes",
  // option checking
  "checkOptions",
  // testing tools
  "gradcheck",
  "gradgradcheck",
  "assertClose",
  // backend selection
  "setBackend",
  "getBackend",
  "isBackendAvailable",
  "setNumThreads",
  "getNumThreads",
]);

function publicNames(): { methods: string[]; functions: string[] } {
  const methods = Object.getOwnPropertyNames(Tensor.prototype);
  const functions = Object.entries(tensorMod)
    .filter(([, v]) => typeof v === "function")
    .map(([k]) => k);
  return { methods, functions };
}

/** `Tensor.add()`, `Tensor.T` or `where()`: how an op is called. */
function symbol(name: string): string {
  const d = Object.getOwnPropertyDescriptor(Tensor.prototype, name);
  if (d === undefined) return `${name}()`;
  return d.get ? `Tensor.${name}` : `Tensor.${name}()`;
}

Deno.test("OPS has an entry for every public op, and only for public ops", () => {
  const { methods, functions } = publicNames();
  const surface = new Set([...methods, ...functions]);
  const ops = [...surface].filter((n) => !NOT_OPS.has(n)).sort();
  const covered = new Set(OPS.map((e) => e.name));
  assert.deepEqual(ops.filter((n) => !covered.has(n)), [], "public ops without a registry entry");
  assert.deepEqual([...covered].filter((n) => !surface.has(n)), [], "entries for unknown ops");
  assert.deepEqual([...NOT_OPS].filter((n) => !surface.has(n)), [], "stale NOT_OPS names");
});

// Ops defined only for inputs of at least one dimension (as in PyTorch).
const NO_ZERO_DIM = new Set([
  ...["mm", "bmm", "dot", "outer", "matmul", "mT", "linear"],
  ...["narrow", "slice", "cat"],
  ...["batchNorm", "groupNorm", "layerNorm", "dropout1d", "dropout2d"], // [N, C, ...] inputs
  ...["tril", "triu", "split", "chunk"],
  // convolution and pooling
  ...["unfold", "fold", "conv1d", "conv2d", "convTranspose1d", "convTranspose2d"],
  ...["maxPool1d", "maxPool2d", "avgPool1d", "avgPool2d", "adaptiveAvgPool1d", "adaptiveAvgPool2d"],
  "scaledDotProductAttention", // [..., L, E] inputs
]);
// Ops without a non-contiguous case, and why.
const NO_NONCONTIGUOUS = new Set<string>([]);

Deno.test("OPS covers each op with 0-d and non-contiguous inputs", () => {
  const names = [...new Set(OPS.map((e) => e.name))];
  const zeroDim = names.filter((n) =>
    !NO_ZERO_DIM.has(n) && !OPS.some((e) => e.name === n && e.inputs.some((s) => !s.shape.length))
  );
  const noncontiguous = names.filter((n) =>
    !NO_NONCONTIGUOUS.has(n) && !OPS.some((e) => e.name === n && e.noncontiguous?.length)
  );
  assert.deepEqual(zeroDim, [], "ops without a 0-d case");
  assert.deepEqual(noncontiguous, [], "ops without a non-contiguous case");
  const ids = OPS.map(entryId);
  assert.equal(new Set(ids).size, ids.length, "entry ids must be unique");
});

Deno.test("tensor fixtures are up to date with the registry", () => {
  const hint = "run `deno task fixtures` and commit tests/fixtures/tensor_*.json";
  assert.deepEqual(EXPORTED.cases, exportCases().cases, `tensor_cases.json is stale: ${hint}`);
  for (const c of EXPORTED.cases) {
    assert.equal(GOLDEN[c.id]?.torch, c.torch, `tensor_golden.json is stale for ${c.id}: ${hint}`);
  }
});

// ---------------------------------------------------------------- running a case

/** The inputs of a case as fresh leaves; float inputs require grad. */
function inputsOf(c: OpCase): Tensor[] {
  const exported = EXPORTED.cases.find((e) => e.id === c.id);
  assert.ok(exported, `no exported case ${c.id}`);
  return c.entry.inputs.map((s, k) => {
    const nc = c.noncontiguous && (c.entry.noncontiguous ?? []).includes(k);
    const x = makeTensor(exported.inputs[k].data, s.shape, inputDtype(s, c.dtype), nc);
    if (nc) assert.equal(x.isContiguous(), false, `input ${k} should be non-contiguous`);
    if (isFloatingPoint(x.dtype)) x.requiresGrad = true;
    return x;
  });
}

function checkAgainstGolden(c: OpCase): void {
  const golden = GOLDEN[c.id];
  const tol = c.dtype === "float64" ? FLOAT64 : c.entry.float32 ?? FLOAT32;
  const xs = inputsOf(c);
  const result = c.entry.nabla(...xs);
  const outs = result instanceof Tensor ? [result] : [...result];
  const expectedOuts = golden.outputs ?? [golden.output!];
  assert.equal(outs.length, expectedOuts.length, "number of outputs");
  outs.forEach((out, j) => {
    const e = expectedOuts[j];
    const name = outs.length > 1 ? `output ${j} ` : "output ";
    assert.deepEqual(out.shape, e.shape, `${name}shape`);
    const dtype = c.entry.dtype ??
      (e.dtype === "bool" ? "bool" : e.dtype.startsWith("float") ? c.dtype : "int32");
    assert.equal(out.dtype, dtype, `${name}dtype`);
    // (nested arrays cannot give the shape of an empty tensor, checked above)
    if (out.numel > 0) assertClose(out, reshape(e.data.map(decode), out.shape), tol);
  });
  const floatOuts = outs.filter((o) => isFloatingPoint(o.dtype));
  if (!c.entry.differentiable) {
    for (const out of outs) {
      assert.equal(
        out.requiresGrad,
        false,
        "a non-differentiable op's output must not require grad",
      );
    }
    return;
  }
  assert.ok(golden.grads, "golden gradients");
  for (const out of outs) {
    const expected = isFloatingPoint(out.dtype);
    assert.equal(out.requiresGrad, expected, `only float outputs should require grad`);
  }
  const wrt = xs.filter((x) => x.requiresGrad);
  // The upstream gradient numbers the elements of all outputs in order.
  let offset = 0;
  const upstream = new Map<Tensor, Tensor>();
  for (const out of outs) {
    const w = upstreamValues(offset + out.numel).slice(offset);
    upstream.set(out, makeTensor(w, out.shape, out.dtype));
    offset += out.numel;
  }
  const gradOutputs = floatOuts.map((o) => upstream.get(o)!);
  const grads = grad(floatOuts, wrt, { gradOutputs, allowUnused: true });
  let k = 0;
  xs.forEach((x, i) => {
    const expected = golden.grads![i];
    if (!x.requiresGrad) return assert.equal(expected, null, `input ${i} has no gradient`);
    const g = grads[k++];
    assert.ok(expected, `golden gradient of input ${i}`);
    const actual = g ?? x.detach().mul(0);
    assert.deepEqual(actual.shape, x.shape, `gradient shape of input ${i}`);
    assert.equal(actual.dtype, x.dtype, `gradient dtype of input ${i}`);
    if (x.numel > 0) assertClose(actual, reshape(expected.map(decode), x.shape), tol);
  });
}

// Nested arrays of `shape` from row-major values (a number for 0-d).
function reshape(values: number[], shape: readonly number[]): number | unknown[] {
  if (shape.length === 0) return values[0];
  const [n, ...rest] = shape;
  const size = values.length / n;
  return Array.from({ length: n }, (_, i) => reshape(values.slice(i * size, (i + 1) * size), rest));
}

type Tolerances = { eps?: number; atol?: number; rtol?: number };

/** gradcheck's options for an entry, or `null` if it does not apply. */
function gradcheckOptions(e: OpEntry): Tolerances | null {
  if (!e.differentiable) return null;
  if (e.gradcheck && "skip" in e.gradcheck) return null;
  return e.gradcheck ?? {};
}

/** gradgradcheck's options for an entry, or `null` if it does not apply. */
function gradgradcheckOptions(e: OpEntry): Tolerances | null {
  const first = gradcheckOptions(e);
  if (first === null || !e.secondOrder) return null;
  if (e.gradgradcheck && "skip" in e.gradgradcheck) return null;
  return e.gradgradcheck ?? first;
}

// ---------------------------------------------------------------- one test per entry

const CASES = opCases();
for (const entry of OPS) {
  const id = entryId(entry);
  const cases = CASES.filter((c) => c.entry === entry);
  Deno.test(`${symbol(entry.name)} matches PyTorch: ${id}`, async (t) => {
    for (const c of cases) {
      const layout = c.noncontiguous ? ", non-contiguous" : "";
      await t.step(`${c.dtype}${layout}: values and gradients`, () => checkAgainstGolden(c));
    }
    const options = gradcheckOptions(entry);
    if (options === null) return;
    for (const c of cases.filter((c) => c.dtype === "float64")) {
      const layout = c.noncontiguous ? " (non-contiguous)" : "";
      await t.step(`gradcheck${layout}`, () => {
        assert.ok(gradcheck(entry.nabla, inputsOf(c), options));
      });
    }
    const second = gradgradcheckOptions(entry);
    if (second !== null) {
      const c = cases.find((c) => c.dtype === "float64" && !c.noncontiguous)!;
      await t.step("gradgradcheck", () => {
        assert.ok(gradgradcheck(entry.nabla, inputsOf(c), second));
      });
    }
  });
}

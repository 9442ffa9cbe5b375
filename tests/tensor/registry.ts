/**
 * The op registry: every public tensor op (each Tensor method and exported
 * function that computes something) with sample inputs, their domain, the
 * same call in PyTorch, and what autograd claims for it. registry_test.ts runs
 * each entry against PyTorch's golden values, with gradcheck and
 * gradgradcheck, and fails when a public op has no entry.
 *
 * Each entry becomes several cases: float64 and float32, and, for the inputs
 * listed in `noncontiguous`, the same data seen through a non-contiguous view
 * (transposed storage for 2-d and more, every other element for 1-d).
 *
 * To add an op: add its entries here, run `deno task fixtures` (writes
 * tests/fixtures/tensor_cases.json, then PyTorch writes tensor_golden.json),
 * and commit both files.
 */
import { Random } from "../../random/mod.ts";
import {
  allocate,
  cat,
  type DType,
  embedding,
  linear,
  matmul,
  oneHot,
  ones,
  stack,
  Storage,
  Tensor,
  type ValuesIndices,
  where,
} from "../../tensor/mod.ts";
// issue 8 and 9 ops (norm)
import {
  batchNorm,
  dropout1d,
  dropout2d,
  elu,
  groupNorm,
  hardtanh,
  layerNorm,
  leakyRelu,
  logSigmoid,
  silu,
  softplus,
  tensor,
} from "../../tensor/mod.ts";
// convolution and pooling
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  fold,
  maxPool1d,
  maxPool2d,
  unfold,
} from "../../tensor/mod.ts";
// issue 9 (language)
import { scaledDotProductAttention } from "../../tensor/mod.ts";

/**
 * Where sample values come from; all are exact in float32, so that the float32
 * and float64 cases and PyTorch see the same numbers.
 * - `real`: ±[0.1, 2), away from the kinks at 0
 * - `positive`: [0.5, 2.5) (log, sqrt, a pow base)
 * - `unit`: (-0.9, 0.9)
 * - `nonzero`: ±[0.5, 2) (divisors)
 * - `ties`: from {-1, -0.5, 0, 0.5, 1}: equal elements and kinks, to check
 *   subgradients and tie rules against PyTorch (not finite differences)
 * - `bool`: a mask; `index`: int32 in `[0, high)` (int64 in PyTorch)
 * - `distinct`: indices in `[0, high)`, distinct within each row of the last
 *   dimension (positions a scatter writes once each)
 */
export type Domain =
  | "real"
  | "positive"
  | "unit"
  | "nonzero"
  | "ties"
  | "bool"
  | "index"
  | "distinct";

/** One input: shape and domain. */
export interface InputSpec {
  /** The shape (`[]` for 0-d). */
  readonly shape: readonly number[];
  /** Where its values come from. */
  readonly domain: Domain;
  /** For `index` and `distinct`: values are in `[0, high)`. */
  readonly high?: number;
}

/** Step and tolerances for gradcheck, or why it does not apply. */
export type GradcheckSpec = { eps?: number; atol?: number; rtol?: number } | { skip: string };

/** One way of calling one public op. */
export interface OpEntry {
  /** The public op: a Tensor member or a function of tensor/mod.ts. */
  readonly name: string;
  /** What distinguishes this entry from others of the op (dims, options). */
  readonly label?: string;
  /**
   * The same call in PyTorch, over inputs named a, b, c, d (`torch`, `F`, `math` and
   * `sdpa`, PyTorch 2's scaled dot-product attention, in scope); a tuple (of
   * `split`, or `(values, indices)`) is several outputs.
   */
  readonly torch: string;
  /**
   * The call under test: one output, or several in PyTorch's order (each
   * compared; float outputs also take part in the gradients).
   */
  readonly nabla: (...xs: Tensor[]) => Tensor | readonly Tensor[];
  /** Shapes and domains of the inputs a, b, c, d. */
  readonly inputs: readonly InputSpec[];
  /** Whether gradients flow to the float inputs. */
  readonly differentiable: boolean;
  /** Whether second derivatives are claimed (checked by gradgradcheck). */
  readonly secondOrder: boolean;
  /** Inputs also tried as non-contiguous views (of the same values). */
  readonly noncontiguous?: readonly number[];
  /** Options for gradcheck and gradgradcheck (default: PyTorch's). */
  readonly gradcheck?: GradcheckSpec;
  /** Options for gradgradcheck only, when they differ (e.g. skipped at ties). */
  readonly gradgradcheck?: GradcheckSpec;
  /** The output's dtype when the op sets it (casts); else the inputs' float dtype. */
  readonly dtype?: DType;
  /** Tolerances of float32 cases against the float64 golden values. */
  readonly float32?: { atol: number; rtol: number };
}

// ---------------------------------------------------------------- input specs

const spec = (domain: Domain) => (...shape: number[]): InputSpec => ({ shape, domain });
/** A real input of the given shape. */
export const real: (...shape: number[]) => InputSpec = spec("real");
/** A positive input. */
export const positive: (...shape: number[]) => InputSpec = spec("positive");
/** An input in (-1, 1). */
export const unit: (...shape: number[]) => InputSpec = spec("unit");
/** An input away from 0. */
export const nonzero: (...shape: number[]) => InputSpec = spec("nonzero");
/** An input with ties and zeros. */
export const ties: (...shape: number[]) => InputSpec = spec("ties");
/** A bool mask. */
export const bool: (...shape: number[]) => InputSpec = spec("bool");
/** Indices in `[0, high)`. */
export function index(high: number, ...shape: number[]): InputSpec {
  return { shape, domain: "index", high };
}
/** Indices in `[0, high)`, distinct along the last dimension (`high` at least its size). */
export function distinct(high: number, ...shape: number[]): InputSpec {
  return { shape, domain: "distinct", high };
}

// ---------------------------------------------------------------- entry families

type Fn = (...xs: Tensor[]) => Tensor | readonly Tensor[];
type Extra = Partial<OpEntry>;

/** Common fields: differentiable, twice. */
function op(
  name: string,
  torch: string,
  nabla: Fn,
  inputs: InputSpec[],
  extra: Extra = {},
): OpEntry {
  return { name, torch, nabla, inputs, differentiable: true, secondOrder: true, ...extra };
}

/** A 2-d input (also non-contiguous) and a 0-d one. */
function unary(name: string, torch: string, nabla: Fn, s = real, extra: Extra = {}): OpEntry[] {
  return [
    op(name, torch, nabla, [s(2, 3)], { noncontiguous: [0], ...extra }),
    op(name, torch, nabla, [s()], extra),
  ];
}

/** Same shapes (non-contiguous too), broadcasting pairs, 0-d operands. */
function binary(
  name: string,
  torch: string,
  nabla: Fn,
  [sa, sb]: [typeof real, typeof real] = [real, real],
  extra: Extra = {},
): OpEntry[] {
  return [
    op(name, torch, nabla, [sa(2, 3), sb(2, 3)], { noncontiguous: [0, 1], ...extra }),
    op(name, torch, nabla, [sa(2, 1, 3), sb(4, 3)], extra),
    op(name, torch, nabla, [sa(3), sb(2, 1)], { noncontiguous: [0], ...extra }),
    op(name, torch, nabla, [sa(), sb(2, 3)], extra),
    op(name, torch, nabla, [sa(3), sb()], extra),
    op(name, torch, nabla, [sa(), sb()], extra),
  ];
}

/** Boolean comparisons: ties, broadcasting, a number, 0-d. */
function comparison(name: "eq" | "ne" | "lt" | "le" | "gt" | "ge"): OpEntry[] {
  const extra = { differentiable: false, secondOrder: false };
  const fn: Fn = (a, b) => a[name](b);
  return [
    op(name, `torch.${name}(a, b)`, fn, [ties(2, 3), ties(3)], { noncontiguous: [0], ...extra }),
    op(name, `torch.${name}(a, b)`, fn, [ties(), ties(2, 2)], extra),
    op(name, `torch.${name}(a, 0.5)`, (a) => a[name](0.5), [ties(2, 3)], {
      label: "number",
      ...extra,
    }),
  ];
}

type Reduce = (x: Tensor, dim?: number | number[], options?: { keepdim?: boolean }) => Tensor;

/**
 * All dimensions, a negative one, several with keepdim (each also with a
 * non-contiguous input), a dimension of size 1, and a 0-d input. `torch`
 * writes the PyTorch call from its arguments (`""` for all dimensions).
 */
function reduction(name: string, torch: (args: string) => string, fn: Reduce, extra: Extra = {}) {
  return [
    op(name, torch(""), (a) => fn(a), [real(2, 3, 4)], {
      label: "all",
      noncontiguous: [0],
      ...extra,
    }),
    op(name, torch("dim=-1"), (a) => fn(a, -1), [real(2, 3)], {
      label: "dim -1",
      noncontiguous: [0],
      ...extra,
    }),
    op(name, torch("dim=(0, -1), keepdim=True"), (a) => fn(a, [0, -1], { keepdim: true }), [
      real(2, 3, 4),
    ], { label: "dims [0, -1] keepdim", noncontiguous: [0], ...extra }),
    op(name, torch("dim=1"), (a) => fn(a, 1), [real(3, 1, 2)], {
      label: "dim of size 1",
      ...extra,
    }),
    op(name, torch(""), (a) => fn(a), [real()], { label: "all", ...extra }),
  ];
}

/** Ties: even split of the gradient (as PyTorch's amax/amin and full max/min). */
const AT_TIES: Extra = {
  gradcheck: { skip: "not differentiable at ties (PyTorch splits the gradient evenly)" },
};

// ---------------------------------------------------------------- indexing, sorting, scans (issue 9)

const NOT_DIFFERENTIABLE: Extra = { differentiable: false, secondOrder: false };

/** `{ values, indices }` as the tuple PyTorch returns. */
const pair = (r: ValuesIndices): Tensor[] => [r.values, r.indices];

/**
 * Ties in an order whose tie-break PyTorch does not promise (default sort,
 * topk): the values, and the input gathered at the returned indices (equal to
 * the values whatever the tie-break), on detached inputs.
 */
function tiedOrder(
  name: string,
  torchCall: string,
  dim: number,
  fn: (a: Tensor) => ValuesIndices,
  shape: number[],
): OpEntry {
  const torch = `(lambda r: (r.values, a.gather(${dim}, r.indices)))(${torchCall})`;
  const nabla = (a: Tensor) => {
    const r = fn(a.detach());
    return [r.values, a.detach().gather(dim, r.indices)];
  };
  return op(name, torch, nabla, [ties(...shape)], {
    label: "ties (values, input at the indices)",
    ...NOT_DIFFERENTIABLE,
  });
}

/** Ties where PyTorch gives the index (stable sort, max): compared, but not gradchecked. */
const TIED_INDICES: Extra = {
  gradcheck: { skip: "not differentiable at ties (the gradient goes to the returned index)" },
};

/** The padding row of an embedding gets no gradient by design, not the derivative. */
const PADDING: Extra = {
  gradcheck: {
    skip: "the paddingIdx row gets no gradient (PyTorch's rule), unlike its derivative",
  },
};

/** The entries of the indexing, masking, rearranging, scan and sorting ops. */
const INDEXING_OPS: OpEntry[] = [
  // x[idx]: repeated, negative, 0-d and empty indices, non-contiguous table and index
  op("index", "a[b]", (a, b) => a.index(b), [real(3, 4), index(3, 2, 5)], {
    label: "repeated",
    noncontiguous: [0, 1],
  }),
  op("index", "a[b - 3]", (a, b) => a.index(b.sub(3)), [real(3, 2), index(3, 4)], {
    label: "negative",
  }),
  op("index", "a[b - 2]", (a, b) => a.index(b.sub(2)), [real(3), index(5, 2, 3)], {
    label: "mixed signs, 1-d table",
  }),
  op("index", "a[b]", (a, b) => a.index(b), [real(3, 2), index(3)], { label: "0-d index" }),
  op("index", "a[b]", (a, b) => a.index(b), [real(3, 2), index(3, 0)], { label: "empty" }),
  op("index", "a[b]", (a, b) => a.index(b), [real(3, 2), index(3, 2, 0)], { label: "empty rows" }),
  // scatter: distinct positions (gradcheck applies), repeated ones (PyTorch's rule), numbers
  // NOTE: as for scatterAdd, PyTorch 1.13's backward fails for a larger src: the reference slices.
  op("scatter", "a.scatter(1, b, c[:, :2])", (a, b, c) => a.scatter(1, b, c), [
    real(3, 4),
    distinct(4, 3, 2),
    real(3, 3),
  ], { label: "distinct, larger src", noncontiguous: [0, 1, 2] }),
  op("scatter", "a.scatter(0, b, c)", (a, b, c) => a.scatter(0, b, c), [
    real(2, 3),
    index(2, 3, 3),
    real(3, 3),
  ], {
    label: "repeated (last write wins)",
    gradcheck: { skip: "repeated positions: PyTorch gives every src the gradient, one write wins" },
  }),
  op("scatter", "a.scatter(-1, b, 2.5)", (a, b) => a.scatter(-1, b, 2.5), [
    real(2, 4),
    index(4, 2, 3),
  ], { label: "number" }),
  op("scatter", "a.scatter(0, b, c)", (a, b, c) => a.scatter(0, b, c), [real(), index(1), real()]),
  // indexAdd: repeats accumulate; alpha; 0-d
  op("indexAdd", "a.index_add(0, b, c)", (a, b, c) => a.indexAdd(0, b, c), [
    real(3, 4),
    index(3, 5),
    real(5, 4),
  ], { noncontiguous: [0, 1, 2] }),
  op(
    "indexAdd",
    "a.index_add(-1, b, c, alpha=-1.5)",
    (a, b, c) => a.indexAdd(-1, b, c, { alpha: -1.5 }),
    [real(2, 3), index(3, 4), real(2, 4)],
    {
      label: "dim -1, alpha",
    },
  ),
  op("indexAdd", "a.index_add(0, b, c)", (a, b, c) => a.indexAdd(0, b, c), [
    real(),
    index(1),
    real(),
  ]),
  // embedding (F.embedding): padding rows get no gradient
  op("embedding", "F.embedding(b, a)", (a, b) => embedding(b, a), [real(5, 3), index(5, 2, 4)], {
    noncontiguous: [0, 1],
  }),
  op(
    "embedding",
    "F.embedding(b, a, padding_idx=1)",
    (a, b) => embedding(b, a, { paddingIdx: 1 }),
    [real(4, 2), index(4, 3, 3)],
    { label: "paddingIdx 1", ...PADDING },
  ),
  op(
    "embedding",
    "F.embedding(b, a, padding_idx=-1)",
    (a, b) => embedding(b, a, { paddingIdx: -1 }),
    [real(3, 2), index(3, 6)],
    { label: "paddingIdx -1", ...PADDING },
  ),
  op("embedding", "F.embedding(b, a)", (a, b) => embedding(b, a), [real(3, 2), index(3)], {
    label: "0-d index",
  }),
  op("embedding", "F.embedding(b, a)", (a, b) => embedding(b, a), [real(3, 2), index(3, 0)], {
    label: "empty",
  }),
  op("embedding", "F.embedding(b, a, max_norm=1.0)", (a, b) => embedding(b, a, { maxNorm: 1 }), [
    real(4, 3),
    index(4, 5),
  ], {
    label: "maxNorm (rescales the table in place)",
    gradcheck: { skip: "maxNorm rewrites the table at each call" },
  }),
  // masking
  op("maskedFill", "a.masked_fill(b, -1.5)", (a, b) => a.maskedFill(b, -1.5), [
    real(2, 3),
    bool(2, 3),
  ], { noncontiguous: [0, 1] }),
  op("maskedFill", "a.masked_fill(b, c)", (a, b, c) => a.maskedFill(b, c), [
    real(2, 3),
    bool(3),
    real(),
  ], { label: "broadcast mask, tensor value" }),
  op("maskedFill", "a.masked_fill(b, 4.0)", (a, b) => a.maskedFill(b, 4), [real(3), bool(2, 3)], {
    label: "mask broadcasts the input",
  }),
  op("maskedFill", "a.masked_fill(b, 0.5)", (a, b) => a.maskedFill(b, 0.5), [real(), bool()]),
  op(
    "maskedFill",
    "torch.softmax(a.masked_fill(torch.ones(3, 3, dtype=torch.bool).triu(1), float('-inf')), -1)",
    (a) => a.maskedFill(ones([3, 3], { dtype: "bool" }).triu(1), -Infinity).softmax(-1),
    [real(2, 3, 3)],
    { label: "causal softmax" },
  ),
  ...(["tril", "triu"] as const).flatMap((name) => [
    op(name, `torch.${name}(a)`, (a) => a[name](), [real(3, 4)], { noncontiguous: [0] }),
    op(name, `torch.${name}(a, 1)`, (a) => a[name](1), [real(2, 3, 3)], { label: "k 1, batched" }),
    op(name, `torch.${name}(a, -2)`, (a) => a[name](-2), [real(4, 3)], { label: "k -2" }),
    op(name, `torch.${name}(a, 5)`, (a) => a[name](5), [real(2, 3)], { label: "k past the end" }),
  ]),
  // cutting into views
  op("split", "a.split(2, 1)", (a) => a.split(2, 1), [real(3, 5)], { noncontiguous: [0] }),
  op("split", "a.split([1, 0, 3], 0)", (a) => a.split([1, 0, 3]), [real(4, 2)], {
    label: "sizes",
  }),
  op("split", "a.split(3, -1)", (a) => a.split(3, -1), [real(2, 3)], { label: "one piece" }),
  op("chunk", "a.chunk(3, 0)", (a) => a.chunk(3), [real(5, 2)], { noncontiguous: [0] }),
  op("chunk", "a.chunk(4, 1)", (a) => a.chunk(4, 1), [real(2, 6)], { label: "fewer pieces" }),
  // copies that reorder or tile
  op("flip", "a.flip(1)", (a) => a.flip(1), [real(2, 3)], { noncontiguous: [0] }),
  op("flip", "a.flip((0, -1))", (a) => a.flip([0, -1]), [real(2, 3, 4)], {
    label: "two dims",
    noncontiguous: [0],
  }),
  op("flip", "a.flip(0)", (a) => a.flip(0), [real()]),
  op("roll", "a.roll(1)", (a) => a.roll(1), [real(2, 3)], { label: "flattened" }),
  op("roll", "a.roll((1, -2), (0, 1))", (a) => a.roll([1, -2], [0, 1]), [real(3, 4)], {
    label: "two dims",
    noncontiguous: [0],
  }),
  op("roll", "a.roll(7, -1)", (a) => a.roll(7, -1), [real(2, 3)], { label: "past the size" }),
  op("roll", "a.roll(1)", (a) => a.roll(1), [real()]),
  op("repeat", "a.repeat(2, 3)", (a) => a.repeat(2, 3), [real(2, 3)], { noncontiguous: [0] }),
  op("repeat", "a.repeat(2, 1, 2)", (a) => a.repeat([2, 1, 2]), [real(3)], {
    label: "new dims",
  }),
  op("repeat", "a.repeat(2, 3)", (a) => a.repeat(2, 3), [real()]),
  // scans and products (ties: zeros, where cumprod and prod need their own gradient rule)
  op("cumsum", "a.cumsum(1)", (a) => a.cumsum(1), [real(2, 3)], { noncontiguous: [0] }),
  op("cumsum", "a.cumsum(-1)", (a) => a.cumsum(-1), [real(2, 3, 4)], { label: "dim -1" }),
  op("cumsum", "a.cumsum(0)", (a) => a.cumsum(0), [real(4)], { noncontiguous: [0] }),
  op("cumsum", "a.cumsum(0)", (a) => a.cumsum(0), [real()]),
  op("cumprod", "a.cumprod(1)", (a) => a.cumprod(1), [real(2, 4)], { noncontiguous: [0] }),
  op("cumprod", "a.cumprod(1)", (a) => a.cumprod(1), [ties(3, 6)], { label: "zeros" }),
  op("cumprod", "a.cumprod(0)", (a) => a.cumprod(0), [real()]),
  op("prod", "a.prod()", (a) => a.prod(), [real(2, 3)], { label: "all", noncontiguous: [0] }),
  op("prod", "a.prod(1)", (a) => a.prod(1), [real(3, 4)], { label: "dim 1", noncontiguous: [0] }),
  op("prod", "a.prod(0, keepdim=True)", (a) => a.prod(0, { keepdim: true }), [ties(4, 3)], {
    label: "zeros, keepdim",
  }),
  op("prod", "a.prod(-1)", (a) => a.prod(-1), [ties(3, 5)], { label: "zeros, dim -1" }),
  op("prod", "a.prod()", (a) => a.prod(), [real()], { label: "all" }),
  // sorting: values with their indices; the gradient of each value goes to its index
  op("sort", "torch.sort(a, 1)", (a) => pair(a.sort(1)), [real(3, 4)], { noncontiguous: [0] }),
  op("sort", "torch.sort(a, 0, descending=True)", (a) => pair(a.sort(0, { descending: true })), [
    real(3, 2, 2),
  ], { label: "descending", noncontiguous: [0] }),
  op("sort", "torch.sort(a, dim=-1, stable=True)", (a) => pair(a.sort(-1, { stable: true })), [
    ties(3, 6),
  ], { label: "stable, ties", ...TIED_INDICES }),
  op(
    "sort",
    "torch.sort(a, dim=0, descending=True, stable=True)",
    (a) => pair(a.sort(0, { descending: true, stable: true })),
    [ties(5, 3)],
    { label: "stable, descending, ties", ...TIED_INDICES },
  ),
  tiedOrder("sort", "torch.sort(a, 1)", 1, (a) => a.sort(1), [3, 20]),
  ...[false, true].map((descending) =>
    op(
      "sort",
      `torch.sort(torch.where(a > 1, float('nan'), a), 1, descending=${
        descending ? "True" : "False"
      })`,
      (a) => pair(where(a.gt(1), NaN, a).sort(1, { descending })),
      [real(3, 5)],
      { label: `NaN${descending ? ", descending" : ""}`, gradcheck: { skip: "NaN values" } },
    )
  ),
  op("sort", "torch.sort(a)", (a) => pair(a.sort()), [real()]),
  op("argsort", "torch.argsort(a, 1)", (a) => a.argsort(1), [real(3, 4)], {
    noncontiguous: [0],
    ...NOT_DIFFERENTIABLE,
  }),
  op(
    "argsort",
    "torch.argsort(a, dim=0, descending=True, stable=True)",
    (a) => a.argsort(0, { descending: true, stable: true }),
    [ties(6, 2)],
    { label: "stable, descending, ties", ...NOT_DIFFERENTIABLE },
  ),
  op("argsort", "torch.argsort(a)", (a) => a.argsort(), [real()], NOT_DIFFERENTIABLE),
  op("topk", "torch.topk(a, 2)", (a) => pair(a.topk(2)), [real(3, 5)], { noncontiguous: [0] }),
  op("topk", "torch.topk(a, 3, 0, largest=False)", (a) => pair(a.topk(3, 0, { largest: false })), [
    real(4, 3),
  ], { label: "smallest, dim 0", noncontiguous: [0] }),
  op("topk", "torch.topk(a, 2, sorted=True)", (a) => pair(a.topk(2, -1, { sorted: false })), [
    real(2, 4),
  ], { label: "sorted false (nabla sorts anyway)" }),
  op("topk", "torch.topk(a, 0)", (a) => pair(a.topk(0)), [real(2, 3)], { label: "k 0" }),
  tiedOrder("topk", "torch.topk(a, 3)", -1, (a) => a.topk(3), [3, 6]),
  op("topk", "torch.topk(a, 1)", (a) => pair(a.topk(1)), [real()]),
  ...(["max", "min"] as const).flatMap((name) => [
    op(name, `torch.${name}(a, 1)`, (a) => pair(a[name](1)), [real(3, 4)], {
      label: "dim 1",
      noncontiguous: [0],
    }),
    op(name, `torch.${name}(a, -1, keepdim=True)`, (a) => pair(a[name](-1, { keepdim: true })), [
      real(2, 3, 4),
    ], { label: "dim -1, keepdim" }),
    op(name, `torch.${name}(a, 1)`, (a) => pair(a[name](1)), [ties(3, 5)], {
      label: "dim 1, ties (first index)",
      ...TIED_INDICES,
    }),
    op(name, `torch.${name}(a, 0)`, (a) => pair(a[name](0)), [real()], { label: "dim 0" }),
  ]),
];

/** A constant float tensor of `x`'s dtype, in nabla and (as text) in PyTorch. */
function constant(values: number[], x: Tensor): Tensor {
  return tensor(values, { dtype: x.dtype });
}
const torchConstant = (values: number[]) => `torch.tensor([${values.join(", ")}], dtype=a.dtype)`;

/**
 * batchNorm (training with batch statistics, evaluation with running ones,
 * the running statistics it updates), groupNorm, layerNorm, and the
 * deterministic cases of channel dropout (evaluation, p = 0, p = 1).
 */
function normalization(): OpEntry[] {
  const mean = [0.5, -0.25, 1];
  const variance = [0.5, 2, 1.5];
  const stats = `${torchConstant(mean)}, ${torchConstant(variance)}`;
  const noGradient = { differentiable: false, secondOrder: false };
  const updated = (torchCall: string) =>
    `(lambda m, v: (F.batch_norm(a, m, v, ${torchCall}), torch.cat([m, v]))[1])(${stats})`;
  const runningAfter = (a: Tensor, options: Record<string, unknown>) => {
    const [m, v] = [constant(mean, a), constant(variance, a)];
    batchNorm(a, m, v, null, null, { training: true, ...options });
    return cat([m, v]);
  };
  return [
    op(
      "batchNorm",
      "F.batch_norm(a, None, None, b, c, training=True)",
      (a, b, c) => batchNorm(a, null, null, b, c, { training: true }),
      [real(4, 3), real(3), real(3)],
      {
        label: "training, [N, C]",
        noncontiguous: [0],
      },
    ),
    op(
      "batchNorm",
      "F.batch_norm(a, None, None, training=True, eps=0.1)",
      (a) => batchNorm(a, null, null, null, null, { training: true, eps: 0.1 }),
      [real(2, 3, 4)],
      {
        label: "training, [N, C, L], no affine, eps 0.1",
        noncontiguous: [0],
      },
    ),
    op(
      "batchNorm",
      `F.batch_norm(a, ${stats}, b, c, training=True)`,
      (a, b, c) => batchNorm(a, constant(mean, a), constant(variance, a), b, c, { training: true }),
      [real(2, 3, 2, 2), real(3), real(3)],
      { label: "training, [N, C, H, W], running statistics", noncontiguous: [0] },
    ),
    op(
      "batchNorm",
      "F.batch_norm(a, None, None, b, None, training=True)",
      (a, b) => batchNorm(a, null, null, b, null, { training: true }),
      [real(1, 3, 2), real(3)],
      {
        label: "training, batch of 1, weight only",
      },
    ),
    op(
      "batchNorm",
      updated("training=True, momentum=0.3"),
      (a) => runningAfter(a, { momentum: 0.3 }),
      [real(5, 3)],
      {
        label: "running statistics after a step, momentum 0.3",
        ...noGradient,
      },
    ),
    op(
      "batchNorm",
      updated("training=True, momentum=0.5"),
      (a) => runningAfter(a, { momentum: 0.5 }),
      [real(2, 3, 2, 2)],
      {
        label: "running statistics after a step, [N, C, H, W]",
        noncontiguous: [0],
        ...noGradient,
      },
    ),
    op(
      "batchNorm",
      `F.batch_norm(a, ${stats}, b, c)`,
      (a, b, c) => batchNorm(a, constant(mean, a), constant(variance, a), b, c),
      [real(4, 3), real(3), real(3)],
      {
        label: "evaluation",
        noncontiguous: [0],
      },
    ),
    op(
      "batchNorm",
      `F.batch_norm(a, ${stats}, eps=0.01)`,
      (a) => batchNorm(a, constant(mean, a), constant(variance, a), null, null, { eps: 0.01 }),
      [
        real(2, 3, 2, 2),
      ],
      { label: "evaluation, [N, C, H, W], no affine" },
    ),
    op("groupNorm", "F.group_norm(a, 3, b, c)", (a, b, c) => groupNorm(a, 3, b, c), [
      real(2, 6, 3),
      real(6),
      real(6),
    ], { label: "3 groups", noncontiguous: [0] }),
    op("groupNorm", "F.group_norm(a, 2)", (a) => groupNorm(a, 2), [real(2, 4)], {
      label: "[N, C], no affine",
      noncontiguous: [0],
    }),
    op(
      "groupNorm",
      "F.group_norm(a, 2, b, c, eps=0.01)",
      (a, b, c) => groupNorm(a, 2, b, c, { eps: 0.01 }),
      [real(1, 4, 2, 2), real(4), real(4)],
      {
        label: "batch of 1, [N, C, H, W], eps 0.01",
      },
    ),
    op("groupNorm", "F.group_norm(a, 1, b)", (a, b) => groupNorm(a, 1, b), [
      real(2, 3, 2),
      real(3),
    ], { label: "1 group, weight only" }),
    // NOTE: PyTorch 1.13's backward of F.group_norm(a, 3, None, b) fails: bias added by hand.
    op("groupNorm", "F.group_norm(a, 3) + b.reshape(1, 3, 1)", (a, b) => groupNorm(a, 3, null, b), [
      real(2, 3, 4),
      real(3),
    ], { label: "a group per channel, bias only" }),
    op("layerNorm", "F.layer_norm(a, [4], b, c)", (a, b, c) => layerNorm(a, [4], b, c), [
      real(2, 3, 4),
      real(4),
      real(4),
    ], { label: "last dimension", noncontiguous: [0] }),
    op("layerNorm", "F.layer_norm(a, [3, 4], b, c)", (a, b, c) => layerNorm(a, [3, 4], b, c), [
      real(2, 3, 4),
      real(3, 4),
      real(3, 4),
    ], { label: "last 2 dimensions", noncontiguous: [0, 1] }),
    op("layerNorm", "F.layer_norm(a, [5])", (a) => layerNorm(a, 5), [real(3, 5)], {
      label: "a number, no affine",
    }),
    op(
      "layerNorm",
      "F.layer_norm(a, [4], b, eps=0.001)",
      (a, b) => layerNorm(a, [4], b, null, { eps: 1e-3 }),
      [real(4), real(4)],
      {
        label: "1-d, weight only",
      },
    ),
    op("layerNorm", "F.layer_norm(a, [2, 3], None, b)", (a, b) => layerNorm(a, [2, 3], null, b), [
      real(2, 3),
      real(2, 3),
    ], { label: "all dimensions, bias only" }),
    op("dropout2d", "F.dropout2d(a, training=False)", (a) => dropout2d(a, { training: false }), [
      real(2, 3, 2, 2),
    ], { label: "evaluation", noncontiguous: [0] }),
    op("dropout2d", "F.dropout2d(a, p=0.0)", (a) => dropout2d(a, { p: 0 }), [real(2, 3, 2, 2)], {
      label: "p 0",
    }),
    op("dropout2d", "F.dropout2d(a, p=1.0)", (a) => dropout2d(a, { p: 1 }), [real(2, 3, 2, 2)], {
      label: "p 1",
    }),
    op("dropout1d", "F.dropout1d(a, training=False)", (a) => dropout1d(a, { training: false }), [
      real(2, 3, 4),
    ], { label: "evaluation", noncontiguous: [0] }),
    op("dropout1d", "F.dropout1d(a, p=1.0)", (a) => dropout1d(a, { p: 1 }), [real(3, 4)], {
      label: "unbatched, p 1",
    }),
  ];
}

// ---------------------------------------------------------------- convolution and pooling

/** A value as a Python literal: tuples, None, True/False, quoted strings. */
function py(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(", ")})`;
  return String(v);
}

// deno-lint-ignore no-explicit-any
type Functional = (...args: any[]) => unknown;

/**
 * One call of a `torch.nn.functional` op, written once for both sides: the
 * tensors a, b, c, then the positional `args`, then `options` (camelCase for
 * nabla, snake_case keyword arguments for PyTorch). `pick` reads one output
 * of a call that returns several (`"indices"` of max pooling; PyTorch's
 * tuple index is `[1]`).
 */
function functional(
  name: string,
  torchName: string,
  fn: Functional,
  inputs: InputSpec[],
  args: unknown[],
  options: Record<string, unknown>,
  extra: Extra & { pick?: "indices" } = {},
): OpEntry {
  const { pick, ...rest } = extra;
  const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const kwargs = Object.entries(options).map(([k, v]) => `${snake(k)}=${py(v)}`);
  const call = [...args.map(py), ...kwargs].join(", ");
  const tensors = inputs.map((_, k) => "abc"[k]);
  const torch = `${torchName}(${[...tensors, ...args.map(py), ...kwargs].join(", ")})` +
    (pick ? "[1]" : "");
  const nabla = (...xs: Tensor[]) => {
    const out = fn(...xs, ...args, options);
    return (pick ? (out as Record<string, Tensor>)[pick] : out) as Tensor;
  };
  const label = `${call}${pick ? " -> indices" : ""}` || undefined;
  return op(name, torch, nabla, inputs, { label, ...rest });
}

/** Max pooling's indices: int32, no gradient. */
const INDICES: Extra & { pick: "indices" } = {
  pick: "indices",
  differentiable: false,
  secondOrder: false,
};
/** Max pooling at ties: PyTorch gives the gradient to the first maximum in scan order. */
const POOL_TIES: Extra = {
  gradcheck: { skip: "not differentiable at ties (PyTorch picks the first maximum)" },
};

/**
 * Every convolution and pooling entry: non-contiguous inputs, batch size 1,
 * unbatched inputs, groups, dilation, stride, asymmetric kernels and strides,
 * odd sizes with ceilMode, each kind of padding, both countIncludePad, ties,
 * no bias.
 */
function convolutionAndPooling(): OpEntry[] {
  // One binder per op: (inputs, positional args, options, extra) -> an entry.
  const bind = (name: string, torchName: string, fn: Functional) =>
  (
    inputs: InputSpec[],
    args: unknown[],
    options: Record<string, unknown> = {},
    extra: Extra & { pick?: "indices" } = {},
  ) => functional(name, torchName, fn, inputs, args, options, extra);
  const unfold_ = bind("unfold", "F.unfold", unfold);
  const fold_ = bind("fold", "F.fold", fold);
  const conv2 = bind("conv2d", "F.conv2d", conv2d);
  const conv1 = bind("conv1d", "F.conv1d", conv1d);
  const convT2 = bind("convTranspose2d", "F.conv_transpose2d", convTranspose2d);
  const convT1 = bind("convTranspose1d", "F.conv_transpose1d", convTranspose1d);
  const max2 = bind("maxPool2d", "F.max_pool2d", maxPool2d);
  const max1 = bind("maxPool1d", "F.max_pool1d", maxPool1d);
  const avg2 = bind("avgPool2d", "F.avg_pool2d", avgPool2d);
  const avg1 = bind("avgPool1d", "F.avg_pool1d", avgPool1d);
  const adaptive2 = bind("adaptiveAvgPool2d", "F.adaptive_avg_pool2d", adaptiveAvgPool2d);
  const adaptive1 = bind("adaptiveAvgPool1d", "F.adaptive_avg_pool1d", adaptiveAvgPool1d);
  const nc = (...k: number[]): Extra => ({ noncontiguous: k });
  const noBias = [null];
  // Asymmetric kernels and strides, padding, and ceilMode over odd sizes.
  const odd = { stride: [2, 1], padding: [1, 1], ceilMode: true };
  return [
    // im2col / col2im
    unfold_([real(2, 3, 4, 5)], [[2, 3]], {}, nc(0)),
    unfold_([real(1, 2, 5, 6)], [3], { dilation: [1, 2], padding: 1, stride: [2, 1] }),
    unfold_([real(2, 4, 4)], [2], { stride: 2 }),
    fold_([real(2, 18, 9)], [[4, 5], [2, 3]], {}, nc(0)),
    fold_([real(1, 18, 12)], [[5, 6], 3], { dilation: [1, 2], padding: 1, stride: [2, 1] }),
    fold_([real(8, 4)], [4, 2], { stride: 2 }),
    // convolutions (inputs: x, weight, bias)
    conv2([real(2, 3, 5, 6), real(4, 3, 3, 2), real(4)], [], {}, nc(0, 1)),
    conv2([real(1, 2, 7, 6), real(3, 2, 2, 3), real(3)], [], {
      stride: [2, 1],
      padding: [1, 2],
      dilation: [1, 2],
    }),
    conv2([real(2, 4, 5, 5), real(6, 2, 3, 3), real(6)], [], { stride: 2, padding: 1, groups: 2 }, {
      noncontiguous: [0],
    }),
    conv2([real(2, 3, 5, 5), real(2, 3, 2, 4)], noBias, { padding: "same", dilation: [2, 1] }),
    conv2([real(3, 5, 5), real(2, 3, 3, 3), real(2)], [], { padding: "valid" }),
    conv2([real(2, 3, 4, 4), real(3, 1, 3, 3), real(3)], [], { padding: 1, groups: 3 }),
    conv2([real(2, 2, 7, 7), real(2, 2, 3, 3), real(2)], [], { stride: 3, padding: 1 }),
    conv1([real(2, 3, 7), real(4, 3, 3), real(4)], [], {}, nc(0, 1)),
    conv1([real(1, 4, 9), real(2, 2, 2), real(2)], [], {
      stride: 2,
      padding: 1,
      dilation: 2,
      groups: 2,
    }),
    conv1([real(3, 6), real(2, 3, 4)], noBias, { padding: "same" }),
    convT2([real(2, 3, 4, 5), real(3, 2, 3, 2), real(2)], [], {}, nc(0, 1)),
    convT2([real(1, 4, 3, 3), real(4, 3, 3, 3), real(6)], [], {
      stride: 2,
      padding: 1,
      outputPadding: 1,
      groups: 2,
    }),
    convT2([real(2, 3, 3), real(2, 2, 2, 3)], noBias, {
      stride: [2, 1],
      padding: [0, 1],
      dilation: [1, 2],
    }),
    convT2([real(2, 2, 3, 4), real(2, 2, 2, 2), real(2)], [], { dilation: 2, outputPadding: 1 }),
    convT1([real(2, 3, 5), real(3, 2, 3), real(2)], [], {
      stride: 2,
      padding: 1,
      outputPadding: 1,
    }, nc(0, 1)),
    convT1([real(4, 5), real(4, 1, 2)], noBias, { groups: 2, dilation: 2 }),
    // max pooling
    max2([real(2, 3, 5, 6)], [2], {}, nc(0)),
    max2([real(1, 2, 7, 6)], [[3, 2]], { ...odd, dilation: [1, 2] }),
    max2([real(3, 5, 5)], [3], { stride: 2, ceilMode: true }),
    max2([ties(2, 2, 4, 4)], [2], {}, POOL_TIES),
    max2([ties(2, 2, 4, 4)], [2], { returnIndices: true }, { ...INDICES, ...nc(0) }),
    max2([real(1, 2, 7, 6)], [[3, 2]], { ...odd, dilation: [1, 2], returnIndices: true }, INDICES),
    max1([real(2, 3, 7)], [3], { stride: 2 }, nc(0)),
    max1([real(3, 8)], [2], { padding: 1, dilation: 2, ceilMode: true }),
    max1([ties(2, 10)], [3], { stride: 1 }, POOL_TIES),
    max1([real(2, 3, 7)], [3], { stride: 2, ceilMode: true, returnIndices: true }, {
      ...INDICES,
      ...nc(0),
    }),
    // average pooling
    avg2([real(2, 3, 5, 6)], [2], {}, nc(0)),
    avg2([real(1, 2, 7, 6)], [[3, 2]], odd),
    avg2([real(1, 2, 7, 6)], [[3, 2]], { ...odd, countIncludePad: false }),
    avg2([real(3, 5, 5)], [3], { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    avg2([real(2, 2, 4, 4)], [2], { divisorOverride: 3 }),
    avg1([real(2, 3, 7)], [3], { stride: 2 }, nc(0)),
    avg1([real(3, 8)], [2], { padding: 1, ceilMode: true, countIncludePad: false }),
    avg1([real(1, 2, 5)], [3], { stride: 2, padding: 1, ceilMode: true }),
    adaptive2([real(2, 3, 5, 7)], [[3, 4]], {}, nc(0)),
    adaptive2([real(3, 6, 6)], [[null, 4]]),
    adaptive2([real(1, 2, 4, 4)], [1]),
    adaptive1([real(2, 3, 7)], [3], {}, nc(0)),
    adaptive1([real(3, 5)], [2]),
  ];
}

/**
 * scaledDotProductAttention against PyTorch 2's F.scaled_dot_product_attention,
 * spelt out as `sdpa(...)` in make_tensor_fixtures.py (torch 1.13 lacks it):
 * 2-d, 3-d and 4-d inputs, bool and float masks broadcast over batch and
 * heads, fully masked rows (zeros, as PyTorch >= 2.5), isCausal (square and
 * not), scale, shared keys and values across heads, dropout 1.
 */
function attention(): OpEntry[] {
  const name = "scaledDotProductAttention";
  const sdpa = scaledDotProductAttention;
  // A constant mask in both languages: bool, or float with -inf.
  const boolMask = (rows: number[][]) => ({
    nabla: tensor(rows.map((r) => r.map((v) => v === 1))),
    torch: `torch.tensor(${JSON.stringify(rows)}, dtype=torch.bool)`,
  });
  const floatMask = (rows: number[][], x: Tensor) => tensor(rows, { dtype: x.dtype });
  const torchFloat = (rows: (number | null)[][]) =>
    `torch.tensor(${JSON.stringify(rows).replaceAll("null", "-math.inf")}, dtype=a.dtype)`;
  const dead = boolMask([[1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1]]);
  const deadFloat = [[0, -0.5, null, null, 1], [null, null, null, null, null], [0, 0, 0, 0, 0]];
  const toNumbers = (rows: (number | null)[][]) => rows.map((r) => r.map((v) => v ?? -Infinity));
  const qkv3 = [real(2, 3, 4), real(2, 5, 4), real(2, 5, 3)];
  return [
    op(name, "sdpa(a, b, c)", (a, b, c) => sdpa(a, b, c), qkv3, {
      label: "3-d",
      noncontiguous: [0, 1, 2],
    }),
    op(name, "sdpa(a, b, c)", (a, b, c) => sdpa(a, b, c), [real(3, 4), real(5, 4), real(5, 2)], {
      label: "2-d",
    }),
    op(name, "sdpa(a, b, c)", (a, b, c) => sdpa(a, b, c), [
      real(2, 2, 3, 4),
      real(2, 2, 5, 4),
      real(2, 2, 5, 3),
    ], { label: "4-d", noncontiguous: [1] }),
    op(name, "sdpa(a, b, c, attn_mask=d)", (a, b, c, d) => sdpa(a, b, c, { attnMask: d }), [
      real(2, 2, 3, 4),
      real(2, 2, 5, 4),
      real(2, 2, 5, 3),
      bool(3, 5),
    ], { label: "4-d, bool mask [L, S]" }),
    op(name, "sdpa(a, b, c, attn_mask=d)", (a, b, c, d) => sdpa(a, b, c, { attnMask: d }), [
      real(2, 2, 3, 4),
      real(2, 2, 5, 4),
      real(2, 2, 5, 3),
      bool(2, 1, 1, 5),
    ], { label: "4-d, bool key padding mask [N, 1, 1, S]" }),
    op(name, "sdpa(a, b, c, attn_mask=d)", (a, b, c, d) => sdpa(a, b, c, { attnMask: d }), [
      real(2, 3, 4),
      real(2, 5, 4),
      real(2, 5, 3),
      real(2, 3, 5),
    ], { label: "3-d, float mask (differentiable)", noncontiguous: [3] }),
    op(name, "sdpa(a, b, c, attn_mask=d)", (a, b, c, d) => sdpa(a, b, c, { attnMask: d }), [
      real(2, 2, 3, 4),
      real(2, 2, 5, 4),
      real(2, 2, 5, 3),
      real(2, 1, 3, 5),
    ], { label: "4-d, float mask broadcast over heads" }),
    op(
      name,
      `sdpa(a, b, c, attn_mask=${dead.torch})`,
      (a, b, c) => sdpa(a, b, c, { attnMask: dead.nabla }),
      qkv3,
      { label: "bool mask, a fully masked row (zeros)" },
    ),
    op(
      name,
      `sdpa(a, b, c, attn_mask=${torchFloat(deadFloat)})`,
      (a, b, c) => sdpa(a, b, c, { attnMask: floatMask(toNumbers(deadFloat), a) }),
      qkv3,
      { label: "float mask with -inf, a fully masked row (zeros)" },
    ),
    op(name, "sdpa(a, b, c, is_causal=True)", (a, b, c) => sdpa(a, b, c, { isCausal: true }), [
      real(2, 2, 4, 3),
      real(2, 2, 4, 3),
      real(2, 2, 4, 3),
    ], { label: "causal", noncontiguous: [0] }),
    op(
      name,
      "sdpa(a, b, c, is_causal=True)",
      (a, b, c) => sdpa(a, b, c, { isCausal: true }),
      qkv3,
      {
        label: "causal, L < S",
      },
    ),
    op(name, "sdpa(a, b, c, scale=0.3)", (a, b, c) => sdpa(a, b, c, { scale: 0.3 }), qkv3, {
      label: "scale 0.3",
    }),
    op(name, "sdpa(a, b, c)", (a, b, c) => sdpa(a, b, c), [
      real(2, 3, 3, 4),
      real(2, 1, 5, 4),
      real(2, 1, 5, 2),
    ], { label: "keys and values shared by the heads (broadcast)" }),
    op(name, "sdpa(a, b, c, dropout_p=1.0)", (a, b, c) => sdpa(a, b, c, { dropoutP: 1 }), qkv3, {
      label: "dropout 1 (zeros)",
    }),
  ];
}

// ---------------------------------------------------------------- the registry

/** Every public op, one or more entries each. */
export const OPS: readonly OpEntry[] = [
  // elementwise, unary
  ...unary("neg", "torch.neg(a)", (a) => a.neg()),
  ...unary("exp", "torch.exp(a)", (a) => a.exp()),
  ...unary("log", "torch.log(a)", (a) => a.log(), positive),
  ...unary("sqrt", "torch.sqrt(a)", (a) => a.sqrt(), positive),
  ...unary("abs", "torch.abs(a)", (a) => a.abs()),
  op("abs", "torch.abs(a)", (a) => a.abs(), [ties(2, 5)], {
    label: "at 0",
    gradcheck: { skip: "not differentiable at 0 (PyTorch's subgradient is 0)" },
  }),
  ...unary("square", "torch.square(a)", (a) => a.square()),
  // elementwise, binary
  ...binary("add", "torch.add(a, b)", (a, b) => a.add(b)),
  op("add", "torch.add(a, 2.5)", (a) => a.add(2.5), [real(2, 3)], { label: "number" }),
  ...binary("sub", "torch.sub(a, b)", (a, b) => a.sub(b)),
  op("sub", "torch.sub(a, 2)", (a) => a.sub(2), [real(2, 3)], { label: "number" }),
  ...binary("mul", "torch.mul(a, b)", (a, b) => a.mul(b)),
  op("mul", "torch.mul(a, -1.5)", (a) => a.mul(-1.5), [real(2, 3)], { label: "number" }),
  ...binary("div", "torch.div(a, b)", (a, b) => a.div(b), [real, nonzero]),
  op("div", "torch.div(a, 4)", (a) => a.div(4), [real(2, 3)], { label: "number" }),
  ...binary("pow", "torch.pow(a, b)", (a, b) => a.pow(b), [positive, real]),
  op("pow", "torch.pow(a, 3)", (a) => a.pow(3), [real(2, 3)], {
    label: "number 3",
    noncontiguous: [0],
  }),
  op("pow", "torch.pow(a, 0.5)", (a) => a.pow(0.5), [positive(2, 3)], { label: "number 0.5" }),
  op("pow", "torch.pow(a, -2)", (a) => a.pow(-2), [nonzero()], { label: "number -2" }),
  op("pow", "torch.pow(a, 2)", (a) => a.pow(2), [ties(2, 5)], { label: "number 2, at 0" }),
  op("pow", "torch.pow(a, b)", (a, b) => a.pow(b), [ties(2, 5), positive(2, 5)], {
    label: "base 0 and negative",
    gradcheck: { skip: "x^e is not differentiable in e at x <= 0" },
  }),
  // NOTE: at a tie, central differences of max(a, b) give 1/2 to each side, as
  // PyTorch's rule does, so gradcheck applies; the first derivative jumps there.
  ...binary("maximum", "torch.maximum(a, b)", (a, b) => a.maximum(b)),
  op("maximum", "torch.maximum(a, b)", (a, b) => a.maximum(b), [ties(2, 5), ties(2, 5)], {
    label: "ties",
    gradgradcheck: { skip: "the first derivative is discontinuous at ties" },
  }),
  ...binary("minimum", "torch.minimum(a, b)", (a, b) => a.minimum(b)),
  op("minimum", "torch.minimum(a, b)", (a, b) => a.minimum(b), [ties(2, 5), ties(2, 5)], {
    label: "ties",
    gradgradcheck: { skip: "the first derivative is discontinuous at ties" },
  }),
  op("clamp", "torch.clamp(a, -0.5, 0.5)", (a) => a.clamp(-0.5, 0.5), [real(2, 3)], {
    label: "min and max",
    noncontiguous: [0],
  }),
  op("clamp", "torch.clamp(a, min=-0.5)", (a) => a.clamp(-0.5), [real(2, 3)], {
    label: "min",
  }),
  op("clamp", "torch.clamp(a, max=0.5)", (a) => a.clamp(undefined, 0.5), [real()], {
    label: "max",
  }),
  op("clamp", "torch.clamp(a, b, c)", (a, b, c) => a.clamp(b, c), [real(2, 3), real(3), real()], {
    label: "tensor bounds",
  }),
  op("clamp", "torch.clamp(a, -0.5, 0.5)", (a) => a.clamp(-0.5, 0.5), [ties(2, 5)], {
    label: "at the bounds",
    gradcheck: { skip: "not differentiable at the bounds (PyTorch passes the gradient there)" },
  }),
  ...comparison("eq"),
  ...comparison("ne"),
  ...comparison("lt"),
  ...comparison("le"),
  ...comparison("gt"),
  ...comparison("ge"),
  op("where", "torch.where(a, b, c)", (a, b, c) => where(a, b, c), [
    bool(2, 3),
    real(2, 3),
    real(3),
  ], {
    label: "function",
    noncontiguous: [0, 1],
  }),
  op("where", "torch.where(a, b, c)", (a, b, c) => where(a, b, c), [bool(), real(2), real(2, 1)], {
    label: "function, broadcasting",
  }),
  op("where", "b.where(a, c)", (a, b, c) => b.where(a, c), [bool(2, 3), real(2, 3), real()], {
    label: "method",
  }),
  op("where", "torch.where(a, b, torch.tensor(0.0, dtype=b.dtype))", (a, b) => where(a, b, 0), [
    bool(2, 3),
    real(2, 3),
  ], { label: "number" }),
  // activations
  ...unary("relu", "torch.relu(a)", (a) => a.relu()),
  op("relu", "torch.relu(a)", (a) => a.relu(), [ties(2, 5)], {
    label: "at 0",
    gradcheck: { skip: "not differentiable at 0 (PyTorch's subgradient is 0)" },
  }),
  ...unary("tanh", "torch.tanh(a)", (a) => a.tanh()),
  ...unary("sigmoid", "torch.sigmoid(a)", (a) => a.sigmoid()),
  ...unary("gelu", "F.gelu(a)", (a) => a.gelu()),
  ...unary("erf", "torch.erf(a)", (a) => a.erf()),
  // ---- math functions and activations, issue 8 (norm)
  ...unary("sin", "torch.sin(a)", (a) => a.sin()),
  op("sin", "torch.sin(a * 100)", (a) => a.mul(100).sin(), [real(6)], {
    label: "large arguments",
    float32: { atol: 1e-5, rtol: 1e-4 }, // float32 rounds a·100 by up to 4e-6
  }),
  ...unary("cos", "torch.cos(a)", (a) => a.cos()),
  ...unary("log2", "torch.log2(a)", (a) => a.log2(), positive),
  ...unary("log10", "torch.log10(a)", (a) => a.log10(), positive),
  ...unary("log1p", "torch.log1p(a)", (a) => a.log1p(), unit),
  op("log1p", "torch.log1p(a * 0.05 - 0.95)", (a) => a.mul(0.05).sub(0.95).log1p(), [unit(2, 3)], {
    label: "near -1",
    float32: { atol: 1e-6, rtol: 1e-4 }, // float32 rounds 1 + x ≈ 0.005 by up to 1e-5
  }),
  op("log1p", "torch.log1p(a * 1e-12)", (a) => a.mul(1e-12).log1p(), [real(2, 3)], {
    label: "tiny (log(1 + x) would lose every digit)",
  }),
  ...unary("expm1", "torch.expm1(a)", (a) => a.expm1()),
  op("expm1", "torch.expm1(a * 1e-12)", (a) => a.mul(1e-12).expm1(), [real(2, 3)], {
    label: "tiny (exp(x) - 1 would lose every digit)",
  }),
  ...unary("rsqrt", "torch.rsqrt(a)", (a) => a.rsqrt(), positive),
  ...unary("reciprocal", "torch.reciprocal(a)", (a) => a.reciprocal(), nonzero),
  ...(["sign", "floor", "ceil", "round", "trunc"] as const).flatMap((name) => [
    ...unary(name, `torch.${name}(a * 3)`, (a) => a.mul(3)[name](), real),
    op(name, `torch.${name}(a * 3)`, (a) => a.mul(3)[name](), [ties(2, 5)], {
      label: "at 0, halves and integers",
      gradcheck: { skip: "not differentiable at jumps (PyTorch's gradient is 0)" },
    }),
  ]),
  ...unary("silu", "F.silu(a)", (a) => silu(a)),
  op("silu", "F.silu(a * 100)", (a) => silu(a.mul(100)), [real(6)], { label: "large" }),
  ...unary("softplus", "F.softplus(a)", (a) => softplus(a)),
  op("softplus", "F.softplus(a * 20)", (a) => softplus(a.mul(20)), [real(3, 4)], {
    label: "around the threshold",
  }),
  op(
    "softplus",
    "F.softplus(a * 4, beta=2.0, threshold=5.0)",
    (a) => softplus(a.mul(4), { beta: 2, threshold: 5 }),
    [real(3, 4)],
    { label: "beta 2, threshold 5", noncontiguous: [0] },
  ),
  op("softplus", "F.softplus(a * 500)", (a) => softplus(a.mul(500)), [real(6)], {
    label: "large (no overflow)",
  }),
  ...unary("leakyRelu", "F.leaky_relu(a)", (a) => leakyRelu(a)),
  op(
    "leakyRelu",
    "F.leaky_relu(a, negative_slope=0.2)",
    (a) => leakyRelu(a, { negativeSlope: 0.2 }),
    [ties(2, 5)],
    { label: "slope 0.2, at 0", gradcheck: { skip: "not differentiable at 0" } },
  ),
  ...unary("elu", "F.elu(a)", (a) => elu(a)),
  op("elu", "F.elu(a * 500, alpha=0.5)", (a) => elu(a.mul(500), { alpha: 0.5 }), [real(6)], {
    label: "alpha 0.5, large (no overflow)",
  }),
  op("elu", "F.elu(a, alpha=1.5)", (a) => elu(a, { alpha: 1.5 }), [ties(2, 5)], {
    label: "alpha 1.5, at 0",
    gradcheck: { skip: "not differentiable at 0 for alpha != 1" },
  }),
  ...unary("logSigmoid", "F.logsigmoid(a)", (a) => logSigmoid(a)),
  op("logSigmoid", "F.logsigmoid(a * 500)", (a) => logSigmoid(a.mul(500)), [real(6)], {
    label: "large (no overflow, no log 0)",
  }),
  op("logSigmoid", "F.logsigmoid(a)", (a) => logSigmoid(a), [ties(2, 5)], {
    label: "at 0",
    gradgradcheck: { skip: "composed of min and |x|, whose derivatives jump at 0" },
  }),
  ...unary("hardtanh", "F.hardtanh(a)", (a) => hardtanh(a)),
  op(
    "hardtanh",
    "F.hardtanh(a, min_val=-0.5, max_val=1.5)",
    (a) => hardtanh(a, { minVal: -0.5, maxVal: 1.5 }),
    [real(3, 4)],
    { label: "limits -0.5 and 1.5" },
  ),
  op("hardtanh", "F.hardtanh(a)", (a) => hardtanh(a), [ties(2, 5)], {
    label: "at the limits",
    gradcheck: { skip: "not differentiable at the limits (PyTorch's gradient is 0 there)" },
  }),
  // ---- normalization and channel dropout, issues 8 and 9 (norm)
  ...normalization(),
  // ---- attention, issue 9 (language)
  ...attention(),
  // reductions
  ...reduction("sum", (args) => `a.sum(${args})`, (x, d, o) => x.sum(d, o)),
  ...reduction("mean", (args) => `a.mean(${args})`, (x, d, o) => x.mean(d, o)),
  ...reduction("amax", (args) => `a.amax(${args})`, (x, d, o) => x.amax(d, o)),
  op("amax", "a.amax(dim=1)", (a) => a.amax(1), [ties(3, 4)], {
    label: "ties, dim 1",
    ...AT_TIES,
  }),
  ...reduction("amin", (args) => `a.amin(${args})`, (x, d, o) => x.amin(d, o)),
  op("amin", "a.amin(dim=0)", (a) => a.amin(0), [ties(3, 4)], {
    label: "ties, dim 0",
    ...AT_TIES,
  }),
  // max()/min() without a dimension: the tie-splitting reduction; with one, see the sorting block.
  op("max", "a.max()", (a) => a.max(), [real(2, 3, 4)], { label: "all", noncontiguous: [0] }),
  op("max", "a.max()", (a) => a.max(), [real()], { label: "all" }),
  op("max", "a.max()", (a) => a.max(), [ties(3, 4)], { label: "ties", ...AT_TIES }),
  op("min", "a.min()", (a) => a.min(), [real(2, 3, 4)], { label: "all", noncontiguous: [0] }),
  op("min", "a.min()", (a) => a.min(), [real()], { label: "all" }),
  op("min", "a.min()", (a) => a.min(), [ties(3, 4)], { label: "ties", ...AT_TIES }),
  op("var", "a.var()", (a) => a.var(), [real(2, 3, 4)], { label: "all", noncontiguous: [0] }),
  op("var", "a.var(dim=-1)", (a) => a.var(-1), [real(2, 3)], {
    label: "dim -1",
    noncontiguous: [0],
  }),
  op("var", "a.var(dim=(0, -1), keepdim=True)", (a) => a.var([0, -1], { keepdim: true }), [
    real(2, 3, 4),
  ], { label: "dims [0, -1] keepdim", noncontiguous: [0] }),
  op("var", "a.var(dim=1, correction=0)", (a) => a.var(1, { correction: 0 }), [real(3, 4)], {
    label: "correction 0",
  }),
  op("var", "a.var(dim=None, correction=2)", (a) => a.var(undefined, { correction: 2 }), [
    real(2, 3),
  ], { label: "correction 2" }),
  op("var", "a.var(dim=1)", (a) => a.var(1), [real(3, 1, 2)], {
    label: "dim of size 1 (0/0 = NaN)",
    gradcheck: { skip: "NaN" },
  }),
  op("var", "a.var(dim=None, correction=0)", (a) => a.var(undefined, { correction: 0 }), [
    real(),
  ], { label: "correction 0" }),
  op("std", "a.std()", (a) => a.std(), [real(2, 3, 4)], { label: "all", noncontiguous: [0] }),
  op("std", "a.std(dim=-1)", (a) => a.std(-1), [real(2, 3)], {
    label: "dim -1",
    noncontiguous: [0],
  }),
  op("std", "a.std(dim=(0, -1), keepdim=True)", (a) => a.std([0, -1], { keepdim: true }), [
    real(2, 3, 4),
  ], { label: "dims [0, -1] keepdim" }),
  op("std", "a.std(dim=1, correction=0)", (a) => a.std(1, { correction: 0 }), [real(3, 4)], {
    label: "correction 0",
  }),
  op("std", "a.std(dim=None, correction=0)", (a) => a.std(undefined, { correction: 0 }), [
    real(),
  ], {
    label: "correction 0 (std 0)",
    gradcheck: { skip: "sqrt is not differentiable at 0" },
  }),
  ...reduction(
    "logsumexp",
    (args) => `torch.logsumexp(a, ${args.replace("dim=", "") || "tuple(range(a.dim()))"})`,
    (x, d, o) => x.logsumexp(d, o),
  ),
  op("softmax", "torch.softmax(a, -1)", (a) => a.softmax(-1), [real(2, 3)], {
    label: "dim -1",
    noncontiguous: [0],
  }),
  op("softmax", "torch.softmax(a, 1)", (a) => a.softmax(1), [real(2, 3, 4)], {
    label: "dim 1",
    noncontiguous: [0],
  }),
  op("softmax", "torch.softmax(a * 100, 0)", (a) => a.mul(100).softmax(0), [real(4)], {
    label: "large logits",
  }),
  op("softmax", "torch.softmax(a, 0)", (a) => a.softmax(0), [real()], { label: "dim 0" }),
  op("logSoftmax", "torch.log_softmax(a, -1)", (a) => a.logSoftmax(-1), [real(2, 3)], {
    label: "dim -1",
    noncontiguous: [0],
  }),
  op("logSoftmax", "torch.log_softmax(a, 0)", (a) => a.logSoftmax(0), [real(3, 2, 2)], {
    label: "dim 0",
    noncontiguous: [0],
  }),
  op("logSoftmax", "torch.log_softmax(a * 100, 0)", (a) => a.mul(100).logSoftmax(0), [real(4)], {
    label: "large logits",
  }),
  op("logSoftmax", "torch.log_softmax(a, -1)", (a) => a.logSoftmax(-1), [real()], {
    label: "dim -1",
  }),
  ...(["argmax", "argmin"] as const).flatMap((name) => {
    const extra = { differentiable: false, secondOrder: false };
    return [
      op(name, `a.${name}()`, (a) => a[name](), [ties(3, 4)], {
        label: "all, ties",
        noncontiguous: [0],
        ...extra,
      }),
      op(name, `a.${name}(dim=1)`, (a) => a[name](1), [ties(3, 4)], {
        label: "dim 1, ties (first)",
        noncontiguous: [0],
        ...extra,
      }),
      op(name, `a.${name}(dim=-1, keepdim=True)`, (a) => a[name](-1, { keepdim: true }), [
        real(2, 3, 4),
      ], { label: "dim -1 keepdim", ...extra }),
      op(name, `a.${name}()`, (a) => a[name](), [real()], { label: "all", ...extra }),
    ];
  }),
  // matrix products
  op("matmul", "torch.matmul(a, b)", (a, b) => a.matmul(b), [real(2, 3), real(3, 4)], {
    noncontiguous: [0, 1],
  }),
  op("matmul", "torch.matmul(a, b)", (a, b) => a.matmul(b), [real(2, 1, 2, 3), real(3, 3, 2)], {
    label: "broadcast batch",
    noncontiguous: [1],
  }),
  op("matmul", "torch.matmul(a, b)", (a, b) => a.matmul(b), [real(3), real(2, 3, 4)], {
    label: "vector @ batch",
    noncontiguous: [0],
  }),
  op("matmul", "torch.matmul(a, b)", (a, b) => a.matmul(b), [real(2, 3), real(3)], {
    label: "matrix @ vector",
  }),
  op("matmul", "torch.matmul(a, b)", (a, b) => a.matmul(b), [real(3), real(3)], {
    label: "vector @ vector",
  }),
  op("matmul", "torch.matmul(a, b)", (a, b) => matmul(a, b), [real(2, 2, 3), real(2, 3, 2)], {
    label: "function",
  }),
  op("linear", "F.linear(a, b, c)", (a, b, c) => linear(a, b, c), [
    real(4, 3),
    real(5, 3),
    real(5),
  ], { noncontiguous: [0, 1] }),
  op("linear", "F.linear(a, b)", (a, b) => linear(a, b), [real(4, 3), real(5, 3)], {
    label: "no bias",
    noncontiguous: [1],
  }),
  op("linear", "F.linear(a, b, c)", (a, b, c) => linear(a, b, c), [
    real(2, 3, 4),
    real(2, 4),
    real(2),
  ], { label: "batch dimensions", noncontiguous: [0] }),
  op("linear", "F.linear(a, b, c)", (a, b, c) => linear(a, b, c), [real(3), real(2, 3), real(2)], {
    label: "vector",
  }),
  op(
    "linear",
    "torch.relu(F.linear(a, b, c))",
    (a, b, c) => linear(a, b, c, { activation: "relu" }),
    [real(4, 3), real(5, 3), real(5)],
    { label: "relu", noncontiguous: [0, 1] },
  ),
  op(
    "linear",
    "torch.relu(F.linear(a, b))",
    (a, b) => linear(a, b, null, { activation: "relu" }),
    [real(2, 3, 4), real(6, 4)],
    { label: "relu, no bias, batch dimensions" },
  ),
  op("mm", "torch.mm(a, b)", (a, b) => a.mm(b), [real(2, 3), real(3, 4)], {
    noncontiguous: [0, 1],
  }),
  op("bmm", "torch.bmm(a, b)", (a, b) => a.bmm(b), [real(2, 2, 3), real(2, 3, 4)], {
    noncontiguous: [0, 1],
  }),
  op("dot", "torch.dot(a, b)", (a, b) => a.dot(b), [real(3), real(3)], { noncontiguous: [0, 1] }),
  op("outer", "torch.outer(a, b)", (a, b) => a.outer(b), [real(3), real(4)], {
    noncontiguous: [0, 1],
  }),
  // copies and dtypes
  op("clone", "a.clone()", (a) => a.clone(), [real(2, 3)], { noncontiguous: [0] }),
  op("clone", "a.clone()", (a) => a.clone(), [real()]),
  op("contiguous", "a.contiguous()", (a) => a.contiguous(), [real(2, 3)], { noncontiguous: [0] }),
  op("contiguous", "a.contiguous()", (a) => a.contiguous(), [real()]),
  op("to", "a.to(torch.float64)", (a) => a.to("float64"), [real(2, 3)], {
    label: "float64",
    dtype: "float64",
    noncontiguous: [0],
  }),
  op("to", "a.to(torch.float64)", (a) => a.to("float64"), [real()], {
    label: "float64",
    dtype: "float64",
  }),
  op("to", "a.to(torch.int32)", (a) => a.to("int32"), [real(2, 3)], {
    dtype: "int32",
    label: "int32 (truncates)",
    differentiable: false,
    secondOrder: false,
  }),
  op("to", "a.to(torch.bool)", (a) => a.to("bool"), [ties(2, 5)], {
    dtype: "bool",
    label: "bool",
    differentiable: false,
    secondOrder: false,
  }),
  // NOTE: float32 outputs need a step that float32 resolves.
  ...unary("float", "a.float()", (a) => a.float(), real, {
    dtype: "float32",
    gradcheck: { eps: 2 ** -10 },
    gradgradcheck: { skip: "float32 grad outputs: finite differences need float64" },
  }),
  ...unary("double", "a.double()", (a) => a.double(), real, { dtype: "float64" }),
  // movement
  op("expand", "a.expand(2, 3, 4)", (a) => a.expand([2, 3, 4]), [real(3, 1)]),
  op("expand", "a.expand(-1, 3)", (a) => a.expand([-1, 3]), [real(2, 1)], { label: "-1" }),
  op("expand", "a.expand(2, 3)", (a) => a.expand([2, 3]), [real()]),
  op("expand", "a.expand(2, 4)", (a) => a.expand([2, 4]), [real(4)], { noncontiguous: [0] }),
  op("reshape", "a.reshape(3, 2)", (a) => a.reshape([3, 2]), [real(2, 3)], {
    noncontiguous: [0],
  }),
  op("reshape", "a.reshape(2, -1)", (a) => a.reshape([2, -1]), [real(2, 3, 2)], { label: "-1" }),
  op("reshape", "a.reshape(1, 1)", (a) => a.reshape([1, 1]), [real()]),
  op("view", "a.view(6)", (a) => a.view([6]), [real(2, 3)]),
  op("view", "a.view(-1, 2)", (a) => a.view([-1, 2]), [real(2, 2, 2)], { label: "-1" }),
  op("view", "a.view(1, -1)", (a) => a.view([1, -1]), [real(4)], { noncontiguous: [0] }),
  op("view", "a.view(1)", (a) => a.view([1]), [real()]),
  op("permute", "a.permute(2, 0, 1)", (a) => a.permute([2, 0, 1]), [real(2, 3, 4)], {
    noncontiguous: [0],
  }),
  op("permute", "a.permute(-1, 0)", (a) => a.permute([-1, 0]), [real(2, 3)], {
    label: "negative dims",
  }),
  op("permute", "a.permute([])", (a) => a.permute([]), [real()]),
  op("transpose", "a.transpose(0, -1)", (a) => a.transpose(0, -1), [real(2, 3, 4)], {
    noncontiguous: [0],
  }),
  op("transpose", "a.transpose(0, -1)", (a) => a.transpose(0, -1), [real()]),
  op("T", "a.T", (a) => a.T, [real(2, 3)], { noncontiguous: [0] }),
  op("T", "a.T", (a) => a.T, [real(3)], { label: "1-d" }),
  op("T", "a.T", (a) => a.T, [real()]),
  op("mT", "a.mT", (a) => a.mT, [real(2, 2, 3)], { noncontiguous: [0] }),
  op("unsqueeze", "a.unsqueeze(1)", (a) => a.unsqueeze(1), [real(2, 3)], { noncontiguous: [0] }),
  op("unsqueeze", "a.unsqueeze(-1)", (a) => a.unsqueeze(-1), [real(3)], { label: "-1" }),
  op("unsqueeze", "a.unsqueeze(0)", (a) => a.unsqueeze(0), [real()]),
  op("squeeze", "a.squeeze()", (a) => a.squeeze(), [real(1, 3, 1)]),
  op("squeeze", "a.squeeze(-1)", (a) => a.squeeze(-1), [real(2, 3, 1)], { label: "-1" }),
  op("squeeze", "a.squeeze(0)", (a) => a.squeeze(0), [real(2, 3)], {
    label: "size 2 (no-op)",
    noncontiguous: [0],
  }),
  op("squeeze", "a.squeeze()", (a) => a.squeeze(), [real()]),
  op("flatten", "a.flatten(1)", (a) => a.flatten(1), [real(2, 3, 4)], { noncontiguous: [0] }),
  op("flatten", "a.flatten(-2, -1)", (a) => a.flatten(-2, -1), [real(2, 2, 3)], {
    label: "negative dims",
  }),
  op("flatten", "a.flatten()", (a) => a.flatten(), [real()]),
  op("narrow", "a.narrow(1, 1, 2)", (a) => a.narrow(1, 1, 2), [real(3, 4)], {
    noncontiguous: [0],
  }),
  op("narrow", "a.narrow(-1, -2, 2)", (a) => a.narrow(-1, -2, 2), [real(2, 4)], {
    label: "negative dim and start",
  }),
  op("slice", "a[:, 1::2]", (a) => a.slice(1, { start: 1, step: 2 }), [real(3, 5)], {
    label: "start 1, step 2",
    noncontiguous: [0],
  }),
  op("slice", "a[-2:]", (a) => a.slice(0, { start: -2 }), [real(4)], { label: "start -2" }),
  op("slice", "a[..., 1:100]", (a) => a.slice(-1, { start: 1, end: 100 }), [real(2, 3)], {
    label: "end clamped",
  }),
  op("pad", "F.pad(a, (1, 2))", (a) => a.pad([1, 2]), [real(2, 3)], { noncontiguous: [0] }),
  op("pad", "F.pad(a, (0, 0, 1, 0), value=9.0)", (a) => a.pad([0, 0, 1, 0], { value: 9 }), [
    real(2, 3),
  ], { label: "second-last dim, value 9" }),
  op("pad", "F.pad(a, (-1, 1))", (a) => a.pad([-1, 1]), [real(2, 3)], { label: "crop" }),
  op("pad", "F.pad(a, ())", (a) => a.pad([]), [real()]),
  op("cat", "torch.cat([a, b], 1)", (a, b) => cat([a, b], 1), [real(2, 3), real(2, 2)], {
    noncontiguous: [0, 1],
  }),
  op("cat", "torch.cat([a, b, c])", (a, b, c) => cat([a, b, c]), [
    real(1, 3),
    real(2, 3),
    real(1, 3),
  ], { label: "dim 0, three" }),
  op("cat", "torch.cat([a, b], -1)", (a, b) => cat([a, b], -1), [real(2), real(3)], {
    label: "dim -1",
    noncontiguous: [0],
  }),
  op("stack", "torch.stack([a, b])", (a, b) => stack([a, b]), [real(2, 3), real(2, 3)], {
    noncontiguous: [0, 1],
  }),
  op("stack", "torch.stack([a, b, c], -1)", (a, b, c) => stack([a, b, c], -1), [
    real(2),
    real(2),
    real(2),
  ], { label: "dim -1" }),
  op("stack", "torch.stack([a, b])", (a, b) => stack([a, b]), [real(), real()]),
  // indexing (random indices repeat, so gradients accumulate)
  op("gather", "torch.gather(a, 1, b)", (a, b) => a.gather(1, b), [real(3, 4), index(4, 3, 2)], {
    noncontiguous: [0, 1],
  }),
  op("gather", "torch.gather(a, -2, b)", (a, b) => a.gather(-2, b), [real(3, 4), index(3, 2, 4)], {
    label: "dim -2",
  }),
  op("gather", "torch.gather(a, 0, b)", (a, b) => a.gather(0, b), [real(), index(1)]),
  op("scatterAdd", "a.scatter_add(1, b, c)", (a, b, c) => a.scatterAdd(1, b, c), [
    real(3, 4),
    index(4, 3, 2),
    real(3, 2),
  ], { noncontiguous: [0, 1, 2] }),
  // NOTE: PyTorch 1.13's backward fails for a src larger than the index, so the
  // reference slices the corner that is used (the rest gets a zero gradient).
  op("scatterAdd", "a.scatter_add(0, b, c[:3, :2])", (a, b, c) => a.scatterAdd(0, b, c), [
    real(2, 3),
    index(2, 3, 2),
    real(4, 3),
  ], { label: "larger src" }),
  op("scatterAdd", "a.scatter_add(0, b, c)", (a, b, c) => a.scatterAdd(0, b, c), [
    real(),
    index(1),
    real(),
  ]),
  op("indexSelect", "torch.index_select(a, 0, b)", (a, b) => a.indexSelect(0, b), [
    real(3, 4),
    index(3, 5),
  ], { noncontiguous: [0, 1] }),
  op("indexSelect", "torch.index_select(a, -1, b)", (a, b) => a.indexSelect(-1, b), [
    real(2, 4),
    index(4, 3),
  ], { label: "dim -1" }),
  op("indexSelect", "torch.index_select(a, 0, b)", (a, b) => a.indexSelect(0, b), [
    real(3, 2),
    index(3),
  ], { label: "0-d index" }),
  op("oneHot", "F.one_hot(a, 4)", (a) => oneHot(a, 4), [index(4, 2, 3)], {
    noncontiguous: [0],
    differentiable: false,
    secondOrder: false,
  }),
  op("oneHot", "F.one_hot(a)", (a) => oneHot(a), [index(5, 6)], {
    label: "inferred classes",
    differentiable: false,
    secondOrder: false,
  }),
  op("oneHot", "F.one_hot(a, 3)", (a) => oneHot(a, 3), [index(3)], {
    differentiable: false,
    secondOrder: false,
  }),
  ...INDEXING_OPS, // issue 9
  // convolution and pooling
  ...convolutionAndPooling(),
];

// ---------------------------------------------------------------- cases and inputs

/** One run of an entry: a dtype and a memory layout. */
export interface OpCase {
  /** The entry. */
  readonly entry: OpEntry;
  /** The entry's id, the key of its fixtures. */
  readonly id: string;
  /** The float dtype of its float inputs. */
  readonly dtype: "float32" | "float64";
  /** Whether the inputs listed in `entry.noncontiguous` are non-contiguous views. */
  readonly noncontiguous: boolean;
}

function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** An entry's unique id: name, input shapes, label: `sum([2, 3, 4]) dims [0, -1] keepdim`. */
export function entryId(e: OpEntry): string {
  const shapes = e.inputs.map((s) => fmtShape(s.shape)).join(", ");
  return `${e.name}(${shapes})${e.label ? ` ${e.label}` : ""}`;
}

/** Every case: each entry in float64 and float32, contiguous and (if listed) not. */
export function opCases(): OpCase[] {
  return OPS.flatMap((entry) => {
    const id = entryId(entry);
    const layouts = entry.noncontiguous?.length ? [false, true] : [false];
    return layouts.flatMap((noncontiguous) =>
      (["float64", "float32"] as const).map((dtype) => ({ entry, id, dtype, noncontiguous }))
    );
  });
}

// FNV-1a, so that each entry's values depend on its id only, not on its position.
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const TIES = [-1, -0.5, 0, 0.5, 1];

/** The values of input `k` of an entry (row-major, float32-exact), from its id. */
export function sampleValues(id: string, k: number, s: InputSpec): number[] {
  const rng = new Random(hash(`${id}#${k}`));
  let n = 1;
  for (const d of s.shape) n *= d;
  const sign = () => (rng.uniform() < 0.5 ? -1 : 1);
  const draw: Record<Domain, () => number> = {
    real: () => sign() * rng.uniform(0.1, 2),
    positive: () => rng.uniform(0.5, 2.5),
    unit: () => rng.uniform(-0.9, 0.9),
    nonzero: () => sign() * rng.uniform(0.5, 2),
    ties: () => TIES[Math.floor(rng.uniform() * TIES.length)],
    bool: () => (rng.uniform() < 0.5 ? 0 : 1),
    index: () => Math.floor(rng.uniform() * (s.high ?? 1)),
    distinct: () => 0, // drawn row by row below
  };
  if (s.domain === "distinct") {
    const row = s.shape.length === 0 ? 1 : s.shape[s.shape.length - 1];
    const pool = Array.from({ length: s.high ?? row }, (_, i) => i);
    return Array.from({ length: n }, (_, k) => {
      // A partial Fisher-Yates shuffle of the pool for each row.
      const i = k % row;
      const j = i + Math.floor(rng.uniform() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
      return pool[i];
    });
  }
  return Array.from({ length: n }, () => Math.fround(draw[s.domain]()));
}

/** Whether inputs of this domain are int32 indices (int64 in PyTorch). */
export function isIndexDomain(domain: Domain): boolean {
  return domain === "index" || domain === "distinct";
}

/** The dtype of an input: the case's float dtype, bool, or int32 for indices. */
export function inputDtype(s: InputSpec, dtype: "float32" | "float64"): DType {
  return s.domain === "bool" ? "bool" : isIndexDomain(s.domain) ? "int32" : dtype;
}

/** Storage index of each element of `t` in row-major order. */
export function storageIndices(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, pos: number): void => {
    if (d === t.ndim) {
      out.push(pos);
      return;
    }
    for (let i = 0; i < t.shape[d]; i++) walk(d + 1, pos + i * t.strides[d]);
  };
  walk(0, t.offset);
  return out;
}

/**
 * A leaf tensor holding `values` (row-major) with shape `shape`; if
 * `noncontiguous`, seen through transposed storage (2-d and more) or every
 * other element (1-d, offset 1).
 */
export function makeTensor(
  values: readonly number[],
  shape: readonly number[],
  dtype: DType,
  noncontiguous = false,
): Tensor {
  const n = values.length;
  let t: Tensor;
  if (noncontiguous && shape.length >= 2) {
    const r = shape.length;
    const base = [...shape.slice(0, r - 2), shape[r - 1], shape[r - 2]];
    const strides = base.map((_, d) => base.slice(d + 1).reduce((p, s) => p * s, 1));
    [strides[r - 2], strides[r - 1]] = [strides[r - 1], strides[r - 2]];
    t = new Tensor(new Storage(allocate(dtype, n)), shape, strides);
  } else if (noncontiguous && shape.length === 1) {
    t = new Tensor(new Storage(allocate(dtype, 2 * n + 1)), shape, [2], 1);
  } else {
    t = new Tensor(new Storage(allocate(dtype, n)), shape);
  }
  const data = t.storage.data;
  storageIndices(t).forEach((pos, k) => (data[pos] = values[k]));
  return t;
}

/** The upstream gradient of the golden fixtures: `cos(0.7 k + 0.3)` for element k. */
export function upstreamValues(n: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.cos(0.7 * k + 0.3));
}

/**
 * The scalar micrograd step, for `bench/compare.ts`: a 2→16→16→1 MLP (tanh
 * hidden layers, linear output) on 100 points, mean squared error, one step
 * = forward + zero grad + backward + SGD update (~68k graph nodes). The same
 * step, data and initial weights as `bench/micrograd.py`, so the losses agree.
 *
 * `deno run --allow-read bench/micrograd_step.ts --impl nabla|naive` prints
 * one JSON line (see `bench/_harness.ts`).
 *
 * @module
 */
import { MLP } from "@nabla/autograd/scalar";
import { budgetFromArgs, flag, measure, report } from "./_harness.ts";
import { NaiveValue } from "./naive_value.ts";

const POINTS = 100;
const LR = 0.05;

/** The 100 points and their ±1 labels, by formula (the Python twin computes the same). */
export function microgradData(): { xs: [number, number][]; ys: number[] } {
  const xs: [number, number][] = [];
  const ys: number[] = [];
  for (let i = 0; i < POINTS; i++) {
    const x0 = Math.sin(0.37 * i);
    const x1 = Math.cos(0.23 * i);
    xs.push([x0, x1]);
    ys.push(x0 * x1 > 0 ? 1 : -1);
  }
  return { xs, ys };
}

/** Initial value of the k-th parameter (in micrograd's parameter order). */
export function initialWeight(k: number): number {
  return 0.5 * Math.sin(1.7 * k + 0.3);
}

/** The minimal surface both engines offer. */
interface Scalar<V> {
  data: number;
  grad: number;
  add(o: V | number): V;
  mul(o: V | number): V;
  sub(o: V | number): V;
  pow(k: number): V;
}

/** One step: loss = mean((model(x) - y)²), then zero grad, backward, SGD. */
function step<V extends Scalar<V> & { backward(): void }>(
  forward: (x: [number, number]) => V,
  params: V[],
  data: ReturnType<typeof microgradData>,
): number {
  let loss: V | null = null;
  for (let i = 0; i < POINTS; i++) {
    const sq = forward(data.xs[i]).sub(data.ys[i]).pow(2);
    loss = loss === null ? sq : loss.add(sq);
  }
  const mean = loss!.mul(1 / POINTS);
  for (const p of params) p.grad = 0;
  mean.backward();
  for (const p of params) p.data -= LR * p.grad;
  return mean.data;
}

/** micrograd's MLP on the naive engine (Karpathy's nn.py: sum starts from the bias). */
function naiveModel(): { forward: (x: [number, number]) => NaiveValue; params: NaiveValue[] } {
  const sizes = [2, 16, 16, 1];
  let k = 0;
  const layers = sizes.slice(1).map((nout, l) =>
    Array.from({ length: nout }, () => {
      const w = Array.from({ length: sizes[l] }, () => new NaiveValue(initialWeight(k++)));
      return { w, b: new NaiveValue(initialWeight(k++)), nonlin: l < sizes.length - 2 };
    })
  );
  const forward = (x: [number, number]) => {
    let h: (NaiveValue | number)[] = x;
    for (const layer of layers) {
      h = layer.map((n) => {
        let act = n.b;
        for (let i = 0; i < n.w.length; i++) act = act.add(n.w[i].mul(h[i]));
        return n.nonlin ? act.tanh() : act;
      });
    }
    return h[0] as NaiveValue;
  };
  return { forward, params: layers.flat().flatMap((n) => [...n.w, n.b]) };
}

if (import.meta.main) {
  const impl = flag("impl", "nabla");
  const data = microgradData();
  let run: () => number;
  if (impl === "nabla") {
    const model = new MLP(2, [16, 16, 1], { activation: "tanh" });
    const params = model.parameters();
    params.forEach((p, k) => p.data = initialWeight(k));
    run = () => step((x) => model.forward(x)[0], params, data);
  } else if (impl === "naive") {
    const { forward, params } = naiveModel();
    run = () => step(forward, params, data);
  } else {
    throw new RangeError(`Cannot run micrograd_step: unknown --impl ${impl}`);
  }
  const firstLoss = run();
  const timing = await measure(run, budgetFromArgs());
  report({ workload: "micrograd", impl, ...timing, firstLoss, threads: 1 });
}

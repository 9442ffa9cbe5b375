/// <reference lib="dom" />
/**
 * The playground page. Left: a scalar program typed by the user, drawn as a
 * graph, whose backward pass can be stepped through node by node (each local
 * rule shown with its numbers), and whose inputs can be nudged to compare the
 * output's change with `grad × nudge`. Right: an MLP trained on two moons a
 * few steps per animation frame, with its decision boundary, its loss on a log
 * scale, and train and test accuracy.
 *
 * Built for browsers by `deno task playground` into `playground/dist/main.js`.
 */
import { renderSvg } from "../viz/mod.ts";
import { logAxis, logPosition, tickLabel } from "./axes.ts";
import { BackwardStepper, describeStep, gradText, programToDot } from "./backprop.ts";
import { evaluate, type ExprNode, PRESETS, type Program } from "./expr.ts";
import { BOUNDS, parseHidden, Trainer, type TrainerOptions } from "./trainer.ts";

/** Training stops by itself after this many steps. */
const MAX_STEPS = 3000;
/** Cells per side of the grid on which the decision boundary is evaluated. */
const GRID = 60;
const BLUE: [number, number, number] = [47, 109, 181];
const ORANGE: [number, number, number] = [224, 123, 40];

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`internal: no element #${id} in index.html`);
  return element as T;
}

const ui = {
  hidden: byId<HTMLInputElement>("hidden"),
  lr: byId<HTMLInputElement>("lr"),
  noise: byId<HTMLInputElement>("noise"),
  noiseValue: byId<HTMLOutputElement>("noise-value"),
  activation: byId<HTMLSelectElement>("activation"),
  optimizer: byId<HTMLSelectElement>("optimizer"),
  speed: byId<HTMLSelectElement>("speed"),
  start: byId<HTMLButtonElement>("start"),
  trainStep: byId<HTMLButtonElement>("train-step"),
  reset: byId<HTMLButtonElement>("reset"),
  step: byId<HTMLSpanElement>("step"),
  loss: byId<HTMLSpanElement>("loss"),
  accuracy: byId<HTMLSpanElement>("accuracy"),
  testAccuracy: byId<HTMLSpanElement>("test-accuracy"),
  trainError: byId<HTMLParagraphElement>("train-error"),
  boundary: byId<HTMLCanvasElement>("boundary"),
  lossCurve: byId<HTMLCanvasElement>("loss-curve"),
  graphForm: byId<HTMLFormElement>("graph-form"),
  preset: byId<HTMLSelectElement>("preset"),
  rankdir: byId<HTMLSelectElement>("rankdir"),
  expr: byId<HTMLTextAreaElement>("expr"),
  graph: byId<HTMLDivElement>("graph"),
  graphResult: byId<HTMLSpanElement>("graph-result"),
  graphError: byId<HTMLParagraphElement>("graph-error"),
  stepReset: byId<HTMLButtonElement>("step-reset"),
  stepBack: byId<HTMLButtonElement>("step-back"),
  stepForward: byId<HTMLButtonElement>("step-forward"),
  stepAll: byId<HTMLButtonElement>("step-all"),
  stepStatus: byId<HTMLSpanElement>("step-status"),
  rule: byId<HTMLDivElement>("rule"),
  zoomIn: byId<HTMLButtonElement>("zoom-in"),
  zoomOut: byId<HTMLButtonElement>("zoom-out"),
  zoomFit: byId<HTMLButtonElement>("zoom-fit"),
  zoomLevel: byId<HTMLSpanElement>("zoom-level"),
  nudgeInput: byId<HTMLSelectElement>("nudge-input"),
  nudge: byId<HTMLInputElement>("nudge"),
  nudgeValue: byId<HTMLOutputElement>("nudge-value"),
  nudgeDelta: byId<HTMLElement>("nudge-delta"),
  nudgePredicted: byId<HTMLElement>("nudge-predicted"),
};

function showError(element: HTMLElement, error: unknown): void {
  element.textContent = error instanceof Error ? error.message : String(error);
  element.hidden = false;
}

// ---------------------------------------------------------------- the graph and its backward pass

interface GraphState {
  source: string;
  program: Program;
  stepper: BackwardStepper;
  /** Steps taken, from 0 (forward pass only) to stepper.steps.length. */
  k: number;
}

let graph: GraphState | null = null;
let drawing = 0; // increases with every drawGraph() call: a slow render must not overwrite a newer one

/** Runs the typed program forward, draws its graph, and rewinds the backward pass. */
async function drawGraph(): Promise<void> {
  const id = ++drawing;
  ui.graphError.hidden = true;
  try {
    const source = ui.expr.value;
    const program = evaluate(source);
    const stepper = new BackwardStepper(program);
    // Reserve room for the longest grad text any step shows, so that stepping never moves a box.
    const gradWidth = Math.max(
      ...program.nodes.flatMap((n) =>
        [0, stepper.steps.length].map((k) => gradText(n, stepper.gradsAfter(k)).length)
      ),
      ...stepper.steps.flatMap((s) => s.terms.map((t) => `grad ${t.after.toFixed(4)}`.length)),
    );
    const render = (rankdir: "LR" | "TB") =>
      renderSvg(programToDot(program, { rankdir, grads: stepper.gradsAfter(0), gradWidth }));
    let svg: string;
    if (ui.rankdir.value === "auto") {
      // Whichever direction shows the whole graph larger in the viewport.
      const [lr, tb] = await Promise.all([render("LR"), render("TB")]);
      svg = fitScale(lr) >= fitScale(tb) ? lr : tb;
    } else {
      svg = await render(ui.rankdir.value === "TB" ? "TB" : "LR");
    }
    if (id !== drawing) return;
    ui.graph.innerHTML = svg; // Graphviz output; every label was escaped by programToDot()
    setUpZoom();
    graph = { source, program, stepper, k: 0 };
    readableView(svgElement(`n${stepper.output.index}`));
    const name = program.nodeOf.get(program.output)!.name;
    ui.graphResult.textContent = `${name} = ${program.output.data.toFixed(4)}`;
    showStep();
    fillNudgeInputs();
  } catch (error) {
    if (id !== drawing) return;
    graph = null;
    ui.graph.replaceChildren();
    ui.graphResult.textContent = "";
    ui.rule.replaceChildren();
    ui.stepStatus.textContent = "";
    fillNudgeInputs();
    showError(ui.graphError, error);
  }
}

/** Pixels per graph unit at which an SVG's whole drawing fits in the graph's viewport. */
function fitScale(svg: string): number {
  const [, w, h] = svg.match(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/) ?? [];
  const rect = ui.graph.getBoundingClientRect();
  return Math.min(rect.width / Number(w), rect.height / Number(h)) || 0;
}

function svgElement(id: string): SVGGElement | null {
  return ui.graph.querySelector<SVGGElement>(`g#${CSS.escape(id)}`);
}

/** Updates the drawing and the explanation for step `graph.k`. */
function showStep(): void {
  if (!graph) return;
  const { program, stepper, k } = graph;
  const grads = stepper.gradsAfter(k);
  for (const node of program.nodes) {
    const g = svgElement(`n${node.index}`);
    if (!g) continue;
    const grad = [...g.querySelectorAll("text")].find((t) =>
      /^(grad|constant)/.test(t.textContent ?? "")
    );
    if (grad) grad.textContent = gradText(node, grads);
    g.classList.remove("current", "receiving", "done");
    svgElement(`n${node.index}_op`)?.classList.remove("current", "done");
  }
  ui.graph.querySelectorAll("g.edge.flow").forEach((e) => e.classList.remove("flow"));
  for (let i = 0; i < k; i++) {
    const node = stepper.steps[i].node;
    svgElement(`n${node.index}`)?.classList.add("done");
    svgElement(`n${node.index}_op`)?.classList.add("done");
  }
  const total = stepper.steps.length;
  if (k === 0) {
    const out = stepper.output.name;
    ui.rule.replaceChildren(
      line(
        total === 0
          ? "The output is a constant: nothing depends on an input, so there is no gradient."
          : `Forward pass done: every box shows its data. Backward starts at the output with ` +
            `d${out}/d${out} = 1. Press Step to run the local rules one node at a time.`,
      ),
    );
  } else {
    const step = stepper.steps[k - 1];
    for (const suffix of ["", "_op"]) {
      const g = svgElement(`n${step.node.index}${suffix}`);
      g?.classList.remove("done");
      g?.classList.add("current");
    }
    for (const t of step.terms) {
      svgElement(`n${t.input.index}`)?.classList.add("receiving");
      svgElement(`e${step.node.index}_${t.slot}`)?.classList.add("flow");
    }
    const current = svgElement(`n${step.node.index}`);
    if (current) ensureVisible(current);
    const lines = describeStep(stepper, k);
    if (k === total) lines.push("Backward pass done: these are the gradients backward() computes.");
    ui.rule.replaceChildren(...lines.map(line));
  }
  ui.rule.dataset.node = k === 0 ? "" : stepper.steps[k - 1].node.name;
  ui.stepStatus.textContent = `step ${k} of ${total}`;
  ui.stepBack.disabled = ui.stepReset.disabled = k === 0;
  ui.stepForward.disabled = ui.stepAll.disabled = k === total;
}

function line(text: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

function goToStep(k: number): void {
  if (!graph) return;
  graph.k = Math.max(0, Math.min(k, graph.stepper.steps.length));
  showStep();
}

// ---------------------------------------------------------------- zoom and pan

let base = { x: 0, y: 0, w: 1, h: 1 };
let view = { ...base };

function setUpZoom(): void {
  const svg = ui.graph.querySelector("svg");
  if (!svg) return;
  const [x, y, w, h] = (svg.getAttribute("viewBox") ?? "0 0 1 1").split(/\s+/).map(Number);
  base = { x, y, w, h };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  setView({ ...base });
}

function setView(next: typeof view): void {
  view = next;
  ui.graph.querySelector("svg")?.setAttribute(
    "viewBox",
    `${view.x} ${view.y} ${view.w} ${view.h}`,
  );
  ui.zoomLevel.textContent = `${Math.round((100 * base.w) / view.w)}%`;
}

/** Zooms by `factor` (> 1 zooms in) around a point given as fractions of the view. */
function zoom(factor: number, fx = 0.5, fy = 0.5): void {
  const w = Math.min(base.w * 4, Math.max(base.w / 40, view.w / factor));
  const h = (view.h * w) / view.w;
  setView({ x: view.x + (view.w - w) * fx, y: view.y + (view.h - h) * fy, w, h });
}

/** Screen pixels per graph unit at the current view ("meet" keeps the smaller ratio). */
function pixelsPerUnit(): number {
  const rect = ui.graph.getBoundingClientRect();
  return Math.min(rect.width / view.w, rect.height / view.h);
}

/** Text below this many pixels per point (Graphviz's unit) is hard to read. */
const READABLE = 0.7;

/**
 * Shows the whole graph if its text stays readable; otherwise zooms in to a
 * readable size centred on `focus` (the output, where backward starts).
 */
function readableView(focus: Element | null): void {
  setView({ ...base });
  const scale = pixelsPerUnit();
  if (scale >= READABLE || !focus) return;
  zoom(READABLE / scale);
  ensureVisible(focus, true);
}

/** Moves the view so that `element` is inside it (centred if `centre`), keeping the zoom. */
function ensureVisible(element: Element, centre = false): void {
  const box = ui.graph.getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  const inside = rect.left >= box.left && rect.right <= box.right && rect.top >= box.top &&
    rect.bottom <= box.bottom;
  if (inside && !centre) return;
  const scale = pixelsPerUnit();
  const dx = (rect.left + rect.right) / 2 - (box.left + box.right) / 2;
  const dy = (rect.top + rect.bottom) / 2 - (box.top + box.bottom) / 2;
  setView({ ...view, x: view.x + dx / scale, y: view.y + dy / scale });
}

ui.zoomIn.addEventListener("click", () => zoom(1.5));
ui.zoomOut.addEventListener("click", () => zoom(1 / 1.5));
ui.zoomFit.addEventListener("click", () => setView({ ...base }));
ui.graph.addEventListener("wheel", (event) => {
  event.preventDefault();
  const rect = ui.graph.getBoundingClientRect();
  zoom(
    event.deltaY < 0 ? 1.2 : 1 / 1.2,
    (event.clientX - rect.left) / rect.width,
    (event.clientY - rect.top) / rect.height,
  );
}, { passive: false });
let drag: { x: number; y: number; view: typeof view } | null = null;
ui.graph.addEventListener("pointerdown", (event) => {
  drag = { x: event.clientX, y: event.clientY, view: { ...view } };
  ui.graph.setPointerCapture(event.pointerId);
});
ui.graph.addEventListener("pointermove", (event) => {
  if (!drag) return;
  const rect = ui.graph.getBoundingClientRect();
  // With "meet", one screen pixel is the larger of the two ratios in graph units.
  const scale = Math.max(drag.view.w / rect.width, drag.view.h / rect.height);
  setView({
    ...drag.view,
    x: drag.view.x - (event.clientX - drag.x) * scale,
    y: drag.view.y - (event.clientY - drag.y) * scale,
  });
});
ui.graph.addEventListener("pointerup", () => (drag = null));
ui.graph.addEventListener("pointercancel", () => (drag = null));

// ---------------------------------------------------------------- nudging an input

function fillNudgeInputs(): void {
  const previous = ui.nudgeInput.value;
  const names = graph ? [...graph.program.inputs.keys()] : [];
  ui.nudgeInput.replaceChildren(...names.map((name) => new Option(name, name)));
  if (names.includes(previous)) ui.nudgeInput.value = previous;
  ui.nudge.value = "0";
  showNudge();
}

function showNudge(): void {
  const h = Number(ui.nudge.value);
  ui.nudgeValue.textContent = h.toFixed(2);
  const input: ExprNode | undefined = graph?.program.inputs.get(ui.nudgeInput.value);
  if (!graph || !input) {
    ui.nudgeDelta.textContent = ui.nudgePredicted.textContent = "–";
    return;
  }
  const nudged = evaluate(graph.source, {
    backward: false,
    overrides: new Map([[ui.nudgeInput.value, input.value.data + h]]),
  }).output.data;
  const delta = nudged - graph.program.output.data;
  const grad = input.value.grad;
  ui.nudgeDelta.textContent = `${delta.toFixed(4)} (${graph.program.output.data.toFixed(4)} → ${
    nudged.toFixed(4)
  })`;
  ui.nudgePredicted.textContent = `${grad.toFixed(4)} × ${h.toFixed(2)} = ${(grad * h).toFixed(4)}`;
  ui.nudgeDelta.dataset.value = String(delta);
  ui.nudgePredicted.dataset.value = String(grad * h);
}

ui.nudge.addEventListener("input", showNudge);
ui.nudgeInput.addEventListener("change", () => {
  ui.nudge.value = "0";
  showNudge();
});

// ---------------------------------------------------------------- training

let trainer: Trainer | null = null;
let running = false;

function readOptions(): TrainerOptions {
  return {
    hidden: parseHidden(ui.hidden.value),
    lr: Number(ui.lr.value),
    noise: Number(ui.noise.value),
    activation: ui.activation.value === "tanh" ? "tanh" : "relu",
    optimizer: ui.optimizer.value === "sgd" ? "sgd" : "adam",
  };
}

/** A new model and data set from the controls; keeps running if it was. */
function reset(): void {
  ui.noiseValue.textContent = Number(ui.noise.value).toFixed(2);
  ui.trainError.hidden = true;
  try {
    trainer = new Trainer(readOptions());
  } catch (error) {
    trainer = null;
    setRunning(false);
    showError(ui.trainError, error);
  }
  showStats();
  setRunning(running);
}

function setRunning(value: boolean): void {
  const wasRunning = running;
  running = value && trainer !== null && trainer.losses.length < MAX_STEPS;
  const steps = trainer?.losses.length ?? 0;
  ui.start.textContent = running ? "Pause" : steps > 0 && steps < MAX_STEPS ? "Resume" : "Start";
  document.body.dataset.state = running ? "running" : steps > 0 ? "paused" : "stopped";
  ui.trainStep.disabled = running || trainer === null;
  if (running && !wasRunning) requestAnimationFrame(frame);
}

function frame(): void {
  if (!running || !trainer) return;
  const steps = Number(ui.speed.value) || 1;
  for (let i = 0; i < steps && trainer.losses.length < MAX_STEPS; i++) trainer.step();
  showStats();
  if (trainer.losses.length >= MAX_STEPS) setRunning(false);
  else requestAnimationFrame(frame);
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "–";
}

function showStats(): void {
  const losses = trainer?.losses ?? [];
  ui.step.textContent = String(losses.length);
  ui.loss.textContent = losses.length > 0 ? losses[losses.length - 1].toFixed(4) : "–";
  ui.accuracy.textContent = trainer && losses.length > 0 ? percent(trainer.accuracy()) : "–";
  ui.testAccuracy.textContent = trainer && losses.length > 0
    ? percent(trainer.testAccuracy())
    : "–";
  drawBoundary();
  drawLossCurve();
}

function drawBoundary(): void {
  const ctx = ui.boundary.getContext("2d");
  if (!ctx) return;
  const { width, height } = ui.boundary;
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, width, height);
  if (!trainer) return;
  // The grid is drawn at one pixel per cell, then scaled up with smoothing.
  const cells = new OffscreenCanvas(GRID, GRID);
  const cellsCtx = cells.getContext("2d");
  if (!cellsCtx) return;
  const image = cellsCtx.createImageData(GRID, GRID);
  const p = trainer.grid(GRID);
  for (let i = 0; i < p.length; i++) {
    for (let c = 0; c < 3; c++) {
      const mixed = BLUE[c] * (1 - p[i]) + ORANGE[c] * p[i];
      image.data[4 * i + c] = 255 - 0.35 * (255 - mixed); // a pale tint
    }
    image.data[4 * i + 3] = 255;
  }
  cellsCtx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(cells, 0, 0, width, height);
  const [x0, x1, y0, y1] = BOUNDS;
  const dot = (x: number, y: number, label: number, test: boolean) => {
    ctx.beginPath();
    ctx.arc((x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height, 3.5, 0, 2 * Math.PI);
    const colour = `rgb(${(label ? ORANGE : BLUE).join(",")})`;
    ctx.fillStyle = test ? "white" : colour;
    ctx.fill();
    ctx.strokeStyle = test ? colour : "white";
    ctx.lineWidth = test ? 2 : 1;
    ctx.stroke();
  };
  trainer.points.forEach(([x, y], i) => dot(x, y, trainer!.labels[i], false));
  trainer.testPoints.forEach(([x, y], i) => dot(x, y, trainer!.testLabels[i], true));
}

function drawLossCurve(): void {
  const ctx = ui.lossCurve.getContext("2d");
  if (!ctx) return;
  const { width, height } = ui.lossCurve;
  const [left, right, top, bottom] = [44, 12, 12, 28];
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, width, height);
  const losses = trainer?.losses ?? [];
  const testLosses = trainer?.testLosses ?? [];
  const axis = logAxis(losses.length > 0 ? [...losses, ...testLosses] : [0.01, 1]);
  const xMax = Math.max(100, losses.length);
  const px = (i: number) => left + (i / xMax) * (width - left - right);
  const py = (v: number) => top + (1 - logPosition(axis, v)) * (height - top - bottom);
  ctx.strokeStyle = "#d9dde3";
  ctx.fillStyle = "#6b7480";
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of axis.ticks) {
    ctx.beginPath();
    ctx.moveTo(left, py(v));
    ctx.lineTo(width - right, py(v));
    ctx.stroke();
    ctx.fillText(tickLabel(v), left - 6, py(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let k = 0; k <= 4; k++) {
    const i = Math.round((xMax * k) / 4);
    ctx.fillText(String(i), px(i), height - bottom + 6);
  }
  const curve = (values: number[], colour: string, dash: number[]) => {
    if (values.length === 0) return;
    ctx.beginPath();
    values.forEach((v, i) => (i === 0 ? ctx.moveTo(px(i), py(v)) : ctx.lineTo(px(i), py(v))));
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.stroke();
    ctx.setLineDash([]);
  };
  curve(testLosses, "#e07b28", [5, 3]);
  curve(losses, "#2f6db5", []);
}

// ---------------------------------------------------------------- wiring

ui.start.addEventListener("click", () => {
  if (!running && trainer && trainer.losses.length >= MAX_STEPS) reset(); // finished: start over
  setRunning(!running);
});
ui.trainStep.addEventListener("click", () => {
  if (running || !trainer || trainer.losses.length >= MAX_STEPS) return;
  trainer.step();
  showStats();
  setRunning(false);
});
ui.reset.addEventListener("click", () => reset());
for (const input of [ui.hidden, ui.lr, ui.noise, ui.activation, ui.optimizer]) {
  input.addEventListener("change", () => reset());
}
ui.noise.addEventListener("input", () => {
  ui.noiseValue.textContent = Number(ui.noise.value).toFixed(2);
});
ui.preset.addEventListener("change", () => {
  ui.expr.value = PRESETS[ui.preset.value] ?? "";
  drawGraph();
});
ui.rankdir.addEventListener("change", () => drawGraph());
ui.graphForm.addEventListener("submit", (event) => {
  event.preventDefault();
  drawGraph();
});
ui.stepForward.addEventListener("click", () => goToStep((graph?.k ?? 0) + 1));
ui.stepBack.addEventListener("click", () => goToStep((graph?.k ?? 0) - 1));
ui.stepReset.addEventListener("click", () => goToStep(0));
ui.stepAll.addEventListener("click", () => goToStep(Infinity));

ui.expr.value = PRESETS[ui.preset.value];
reset();
drawGraph();

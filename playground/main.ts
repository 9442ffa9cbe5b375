/// <reference lib="dom" />
/**
 * The playground page: trains an MLP on two moons a few steps per animation
 * frame, draws the decision boundary and the loss curve as it goes, and draws
 * the computation graph of a scalar expression typed by the user.
 *
 * Built for browsers by `deno task playground` into `playground/dist/main.js`.
 */
import { toDot } from "../mod.ts";
import { renderSvg } from "../viz/mod.ts";
import { evaluate, PRESETS } from "./expr.ts";
import { BOUNDS, parseHidden, Trainer, type TrainerOptions } from "./trainer.ts";

/** Training stops by itself after this many steps. */
const MAX_STEPS = 3000;
/** Time spent training per animation frame, in milliseconds. */
const FRAME_BUDGET_MS = 12;
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
  start: byId<HTMLButtonElement>("start"),
  reset: byId<HTMLButtonElement>("reset"),
  step: byId<HTMLSpanElement>("step"),
  loss: byId<HTMLSpanElement>("loss"),
  accuracy: byId<HTMLSpanElement>("accuracy"),
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
};

let trainer: Trainer | null = null;
let running = false;

function showError(element: HTMLElement, error: unknown): void {
  element.textContent = error instanceof Error ? error.message : String(error);
  element.hidden = false;
}

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
  ui.step.textContent = "0";
  ui.loss.textContent = "–";
  ui.accuracy.textContent = "–";
  draw();
}

function setRunning(value: boolean): void {
  running = value && trainer !== null;
  ui.start.textContent = running ? "Stop" : "Start";
  document.body.dataset.state = running ? "running" : "stopped";
  if (running) requestAnimationFrame(frame);
}

function frame(): void {
  if (!running || !trainer) return;
  const t0 = performance.now();
  do trainer.step(); while (performance.now() - t0 < FRAME_BUDGET_MS);
  const losses = trainer.losses;
  ui.step.textContent = String(losses.length);
  ui.loss.textContent = losses[losses.length - 1].toFixed(4);
  ui.accuracy.textContent = `${(100 * trainer.accuracy()).toFixed(1)}%`;
  draw();
  if (losses.length >= MAX_STEPS) setRunning(false);
  else requestAnimationFrame(frame);
}

function draw(): void {
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
  for (let i = 0; i < trainer.points.length; i++) {
    const [x, y] = trainer.points[i];
    ctx.beginPath();
    ctx.arc((x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height, 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${(trainer.labels[i] ? ORANGE : BLUE).join(",")})`;
    ctx.fill();
    ctx.strokeStyle = "white";
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

function drawLossCurve(): void {
  const ctx = ui.lossCurve.getContext("2d");
  if (!ctx) return;
  const { width, height } = ui.lossCurve;
  const [left, right, top, bottom] = [44, 12, 12, 28];
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, width, height);
  const losses = trainer?.losses ?? [];
  const yMax = Math.max(0.8, ...losses.slice(0, 50));
  const xMax = Math.max(100, losses.length);
  const px = (i: number) => left + (i / xMax) * (width - left - right);
  const py = (v: number) => top + (1 - Math.min(v, yMax) / yMax) * (height - top - bottom);
  ctx.strokeStyle = "#d9dde3";
  ctx.fillStyle = "#6b7480";
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    ctx.beginPath();
    ctx.moveTo(left, py(v));
    ctx.lineTo(width - right, py(v));
    ctx.stroke();
    ctx.fillText(v.toFixed(2), left - 6, py(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let k = 0; k <= 4; k++) {
    const i = Math.round((xMax * k) / 4);
    ctx.fillText(String(i), px(i), height - bottom + 6);
  }
  if (losses.length === 0) return;
  ctx.beginPath();
  losses.forEach((v, i) => (i === 0 ? ctx.moveTo(px(i), py(v)) : ctx.lineTo(px(i), py(v))));
  ctx.strokeStyle = "#2f6db5";
  ctx.lineWidth = 2;
  ctx.stroke();
}

/** Builds the typed program's graph, backpropagates, and draws it. */
async function drawGraph(): Promise<void> {
  ui.graphError.hidden = true;
  try {
    const { output } = evaluate(ui.expr.value);
    const rankdir = ui.rankdir.value === "LR" ? "LR" : "TB";
    const svg = await renderSvg(toDot(output, { rankdir }));
    ui.graph.innerHTML = svg; // Graphviz output; every label was escaped by toDot()
    const name = output.label || "output";
    ui.graphResult.textContent = `${name} = ${output.data.toFixed(4)}`;
  } catch (error) {
    ui.graph.replaceChildren();
    ui.graphResult.textContent = "";
    showError(ui.graphError, error);
  }
}

ui.start.addEventListener("click", () => {
  if (!running && trainer && trainer.losses.length >= MAX_STEPS) reset(); // finished: start over
  setRunning(!running);
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

ui.expr.value = PRESETS[ui.preset.value];
reset();
setRunning(false);
drawGraph();

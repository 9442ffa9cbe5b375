/**
 * Raster pictures of the demos: an RGB image with a few drawing primitives
 * and a tiny bitmap font, the decision boundary of a 2-D classifier over its
 * data, and a grid of MNIST digits with predicted and true labels. Encoded
 * as PNG by `npm:fast-png`.
 */
import { encode } from "fast-png";
import type { MLP } from "../../mod.ts";

/** A colour as red, green, blue in 0..255. */
export type Rgb = readonly [number, number, number];

/** The colours of the pictures. */
export const COLORS = {
  white: [255, 255, 255],
  black: [0, 0, 0],
  outline: [40, 40, 40],
  /** Class 0: the region (pale blue) and the points (strong blue). */
  region0: [198, 219, 239],
  point0: [31, 119, 180],
  /** Class 1: the region (pale orange) and the points (strong orange). */
  region1: [253, 216, 180],
  point1: [255, 127, 14],
  /** The border around a misclassified digit and its predicted label. */
  mistake: [220, 30, 30],
  /** The labels of a correctly classified digit. */
  label: [60, 60, 60],
} as const satisfies Record<string, Rgb>;

/**
 * An RGB image, 8 bits per channel, rows top to bottom.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { RgbImage } from "./image.ts";
 * const image = new RgbImage(4, 3);
 * image.fillRect(1, 1, 2, 1, [255, 0, 0]);
 * assert.deepEqual(image.get(2, 1), [255, 0, 0]);
 * assert.deepEqual(image.get(0, 0), [255, 255, 255]);
 * ```
 */
export class RgbImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width * height * 3` bytes, red, green, blue for each pixel. */
  readonly data: Uint8Array;

  /**
   * Creates an image filled with one colour.
   * @param width Width in pixels.
   * @param height Height in pixels.
   * @param background The fill colour, white if not given.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RgbImage } from "./image.ts";
   * assert.equal(new RgbImage(2, 5).data.length, 30);
   * ```
   */
  constructor(width: number, height: number, background: Rgb = COLORS.white) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /**
   * The colour of a pixel.
   * @param x Column, from 0 on the left.
   * @param y Row, from 0 on top.
   * @returns Its red, green and blue.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RgbImage } from "./image.ts";
   * assert.deepEqual(new RgbImage(1, 1, [1, 2, 3]).get(0, 0), [1, 2, 3]);
   * ```
   */
  get(x: number, y: number): [number, number, number] {
    const i = 3 * (y * this.width + x);
    return [this.data[i], this.data[i + 1], this.data[i + 2]];
  }

  /**
   * Paints one pixel; pixels outside the image are ignored.
   * @param x Column.
   * @param y Row.
   * @param color The colour.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RgbImage } from "./image.ts";
   * const image = new RgbImage(2, 2);
   * image.set(1, 0, [0, 0, 0]);
   * image.set(5, 5, [0, 0, 0]); // outside: no effect
   * assert.deepEqual(image.get(1, 0), [0, 0, 0]);
   * ```
   */
  set(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = 3 * (y * this.width + x);
    this.data[i] = color[0];
    this.data[i + 1] = color[1];
    this.data[i + 2] = color[2];
  }

  /**
   * Paints a rectangle, clipped to the image.
   * @param x Left column.
   * @param y Top row.
   * @param width Width in pixels.
   * @param height Height in pixels.
   * @param color The colour.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RgbImage } from "./image.ts";
   * const image = new RgbImage(3, 3);
   * image.fillRect(0, 0, 3, 3, [9, 9, 9]);
   * assert.deepEqual(image.get(2, 2), [9, 9, 9]);
   * ```
   */
  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + width); col++) {
        this.set(col, row, color);
      }
    }
  }

  /**
   * Paints the outline of a rectangle, `thickness` pixels wide, inside it.
   * @param x Left column.
   * @param y Top row.
   * @param width Width in pixels.
   * @param height Height in pixels.
   * @param thickness Line width in pixels.
   * @param color The colour.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RgbImage } from "./image.ts";
   * const image = new RgbImage(5, 5);
   * image.strokeRect(0, 0, 5, 5, 1, [0, 0, 0]);
   * assert.deepEqual(image.get(4, 2), [0, 0, 0]);
   * assert.deepEqual(image.get(2, 2), [255, 255, 255]);
   * ```
   */
  strokeRect(
    x: number,
    y: number,
    width: number,
    height: number,
    thickness: number,
    color: Rgb,
  ): void {
    this.fillRect(x, y, width, thickness, color);
    this.fillRect(x, y + height - thickness, width, thickness, color);
    this.fillRect(x, y, thickness, height, color);
    this.fillRect(x + width - thickness, y, thickness, height, color);
  }

  /**
   * Paints a disk centred on a pixel.
   * @param cx Centre column.
   * @param cy Centre row.
   * @param radius Radius in pixels.
   * @param color The colour.
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RgbImage } from "./image.ts";
   * const image = new RgbImage(9, 9);
   * image.fillDisk(4, 4, 3, [0, 0, 0]);
   * assert.deepEqual(image.get(4, 1), [0, 0, 0]);
   * assert.deepEqual(image.get(1, 1), [255, 255, 255]);
   * ```
   */
  fillDisk(cx: number, cy: number, radius: number, color: Rgb): void {
    const r = Math.ceil(radius);
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (dx * dx + dy * dy <= radius * radius) this.set(cx + dx, cy + dy, color);
      }
    }
  }
}

/**
 * The glyphs of {@linkcode drawText}: 3×5 pixels, `#` inked, digits, a few
 * signs and the letters `P` (predicted) and `T` (true).
 */
export const FONT: Readonly<Record<string, readonly string[]>> = {
  "0": ["###", "#.#", "#.#", "#.#", "###"],
  "1": [".#.", "##.", ".#.", ".#.", "###"],
  "2": ["###", "..#", "###", "#..", "###"],
  "3": ["###", "..#", ".##", "..#", "###"],
  "4": ["#.#", "#.#", "###", "..#", "..#"],
  "5": ["###", "#..", "###", "..#", "###"],
  "6": ["###", "#..", "###", "#.#", "###"],
  "7": ["###", "..#", "..#", ".#.", ".#."],
  "8": ["###", "#.#", "###", "#.#", "###"],
  "9": ["###", "#.#", "###", "..#", "###"],
  "-": ["...", "...", "###", "...", "..."],
  ".": ["...", "...", "...", "...", ".#."],
  "/": ["..#", "..#", ".#.", "#..", "#.."],
  "P": ["##.", "#.#", "##.", "#..", "#.."],
  "T": ["###", ".#.", ".#.", ".#.", ".#."],
  " ": ["...", "...", "...", "...", "..."],
};

/**
 * Writes text in the 3×5 {@linkcode FONT}, each font pixel a `scale`×`scale`
 * square, one blank column between glyphs.
 * @param image Where to draw.
 * @param x Left column of the first glyph.
 * @param y Top row.
 * @param text Characters of {@linkcode FONT}.
 * @param options The colour and the scale.
 * @returns The width drawn, in pixels.
 * @throws {RangeError} For a character the font does not have.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawText, RgbImage } from "./image.ts";
 * const image = new RgbImage(20, 10);
 * assert.equal(drawText(image, 0, 0, "7", { color: [0, 0, 0], scale: 2 }), 6);
 * assert.deepEqual(image.get(0, 0), [0, 0, 0]); // the top bar of the 7
 * ```
 */
export function drawText(
  image: RgbImage,
  x: number,
  y: number,
  text: string,
  options: { color: Rgb; scale?: number },
): number {
  const scale = options.scale ?? 1;
  let left = x;
  for (const ch of text) {
    const glyph = FONT[ch];
    if (glyph === undefined) {
      throw new RangeError(`Cannot draw text in drawText(): no glyph '${ch}'`);
    }
    glyph.forEach((row, j) => {
      for (let i = 0; i < row.length; i++) {
        if (row[i] === "#") {
          image.fillRect(left + i * scale, y + j * scale, scale, scale, options.color);
        }
      }
    });
    left += 4 * scale;
  }
  return text.length === 0 ? 0 : left - x - scale;
}

/**
 * Encodes an image as PNG (8-bit RGB) with `npm:fast-png`.
 * @param image The image.
 * @returns The PNG file's bytes.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decode } from "fast-png";
 * import { encodePng, RgbImage } from "./image.ts";
 * const png = decode(encodePng(new RgbImage(3, 2, [1, 2, 3])));
 * assert.deepEqual([png.width, png.height, png.channels], [3, 2, 3]);
 * ```
 */
export function encodePng(image: RgbImage): Uint8Array {
  return encode({
    width: image.width,
    height: image.height,
    data: image.data,
    channels: 3,
    depth: 8,
  });
}

/** Options for {@linkcode decisionBoundary}. */
export interface DecisionBoundaryOptions {
  /**
   * Cells per side of the grid on which the classifier is evaluated.
   * @default 200
   */
  grid?: number;
  /**
   * Pixels per grid cell, per side.
   * @default 2
   */
  cell?: number;
  /**
   * Radius of the data points in pixels.
   * @default 5
   */
  radius?: number;
  /**
   * Space around the data, as a fraction of the larger side of its bounding box.
   * @default 0.1
   */
  margin?: number;
}

/** A picture of a classifier over the plane, with the map from data to pixels. */
export interface PlanePicture {
  /** The picture. */
  image: RgbImage;
  /** The pixel (column, row) of a point of the plane. */
  toPixel: (x: number, y: number) => [number, number];
  /** The plane's region shown: `[xMin, xMax, yMin, yMax]`. */
  box: [number, number, number, number];
}

const PLOT_LEFT = 30;
const PLOT_TOP = 10;
const PLOT_BOTTOM = 24;
const PLOT_RIGHT = 10;

/**
 * The decision boundary of a binary classifier of 2-D points: its score is
 * evaluated at the centre of each cell of a grid over the data's bounding
 * box (plus a margin), cells with a score > 0 painted pale orange (class 1),
 * the others pale blue (class 0); then the data points as dots of the
 * strong colour of their true class with a dark outline, and integer ticks
 * labelled along the left and bottom edges.
 * @param score The classifier: `score(x, y) > 0` predicts class 1.
 * @param points The data, `[x, y]` pairs.
 * @param labels The data's classes, 0 or 1.
 * @param options Grid size, cell size, point radius and margin.
 * @returns The picture and where each point of the plane is drawn.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { COLORS, decisionBoundary } from "./image.ts";
 * const { image, toPixel } = decisionBoundary((x) => x, [[-1, 0], [1, 0]], [0, 1], { grid: 20 });
 * const [px, py] = toPixel(1, 0);
 * assert.deepEqual(image.get(px, py), [...COLORS.point1]);
 * ```
 */
export function decisionBoundary(
  score: (x: number, y: number) => number,
  points: readonly (readonly number[])[],
  labels: readonly number[],
  options: DecisionBoundaryOptions = {},
): PlanePicture {
  const { grid = 200, cell = 2, radius = 5, margin = 0.1 } = options;
  const box = boundingBox(points, margin);
  const [xMin, xMax, yMin, yMax] = box;
  const size = grid * cell;
  const image = new RgbImage(PLOT_LEFT + size + PLOT_RIGHT, PLOT_TOP + size + PLOT_BOTTOM);
  const toPixel = (x: number, y: number): [number, number] => [
    PLOT_LEFT + Math.min(size - 1, Math.floor((x - xMin) / (xMax - xMin) * size)),
    PLOT_TOP + Math.min(size - 1, Math.floor((yMax - y) / (yMax - yMin) * size)),
  ];
  for (let j = 0; j < grid; j++) {
    const y = yMax - (j + 0.5) / grid * (yMax - yMin);
    for (let i = 0; i < grid; i++) {
      const x = xMin + (i + 0.5) / grid * (xMax - xMin);
      const color = score(x, y) > 0 ? COLORS.region1 : COLORS.region0;
      image.fillRect(PLOT_LEFT + i * cell, PLOT_TOP + j * cell, cell, cell, color);
    }
  }
  image.strokeRect(PLOT_LEFT - 1, PLOT_TOP - 1, size + 2, size + 2, 1, COLORS.outline);
  for (let t = Math.ceil(xMin); t <= xMax; t++) {
    const [px] = toPixel(t, yMin);
    image.fillRect(px, PLOT_TOP + size + 1, 1, 4, COLORS.outline);
    const text = String(t);
    drawText(image, px - textWidth(text, 2) / 2, PLOT_TOP + size + 8, text, {
      color: COLORS.outline,
      scale: 2,
    });
  }
  for (let t = Math.ceil(yMin); t <= yMax; t++) {
    const [, py] = toPixel(xMin, t);
    image.fillRect(PLOT_LEFT - 5, py, 4, 1, COLORS.outline);
    const text = String(t);
    drawText(image, PLOT_LEFT - 7 - textWidth(text, 2), py - 5, text, {
      color: COLORS.outline,
      scale: 2,
    });
  }
  points.forEach(([x, y], k) => {
    const [px, py] = toPixel(x, y);
    image.fillDisk(px, py, radius + 1.5, COLORS.outline);
    image.fillDisk(px, py, radius, labels[k] === 1 ? COLORS.point1 : COLORS.point0);
  });
  return { image, toPixel, box };
}

function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (4 * text.length - 1) * scale;
}

/** `[xMin, xMax, yMin, yMax]` of the points, widened by `margin` times the larger side. */
function boundingBox(
  points: readonly (readonly number[])[],
  margin: number,
): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const min = (v: number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);
  const max = (v: number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
  const [x0, x1, y0, y1] = [min(xs), max(xs), min(ys), max(ys)];
  const pad = margin * Math.max(x1 - x0, y1 - y0) || 0.5;
  return [x0 - pad, x1 + pad, y0 - pad, y1 + pad];
}

/**
 * The score of a scalar MLP with two inputs and one output as a plain-number
 * function: the same weighted sums and activations as `model.forward`, about
 * 50 times faster (no graph), for evaluating it on a 200×200 grid.
 * @param model A trained `MLP` with 2 inputs and 1 output.
 * @returns `(x, y) => model.forward([x, y])[0].data`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MLP } from "@nabla/autograd";
 * import { mlpScorer } from "./image.ts";
 * const model = new MLP(2, [4, 1], { activation: "tanh" });
 * const expected = model.forward([0.5, -1])[0].data;
 * assert.ok(Math.abs(mlpScorer(model)(0.5, -1) - expected) < 1e-12);
 * ```
 */
export function mlpScorer(model: MLP): (x: number, y: number) => number {
  const layers = model.layers.map((layer) =>
    layer.neurons.map((n) => ({
      w: n.weights.map((w) => w.data),
      b: n.bias.data,
      activation: n.activation,
    }))
  );
  return (x, y) => {
    let input = [x, y];
    for (const layer of layers) {
      input = layer.map(({ w, b, activation }) => {
        let sum = b;
        for (let i = 0; i < w.length; i++) sum += w[i] * input[i];
        switch (activation) {
          case "relu":
            return Math.max(0, sum);
          case "tanh":
            return Math.tanh(sum);
          case "sigmoid":
            return 1 / (1 + Math.exp(-sum));
          case "linear":
            return sum;
        }
      });
    }
    return input[0];
  };
}

/** Options for {@linkcode digitGrid}. */
export interface DigitGridOptions {
  /**
   * Digits per row.
   * @default 8
   */
  columns?: number;
  /**
   * Screen pixels per image pixel, per side.
   * @default 3
   */
  scale?: number;
}

/** Where {@linkcode digitGrid} drew one digit. */
export interface DigitCell {
  /** Left column of the digit's image. */
  x: number;
  /** Top row of the digit's image. */
  y: number;
  /** Side of the digit's image in pixels (28 × scale). */
  size: number;
  /** Left column and top row of its label line, `P<predicted> T<true>`. */
  label: [number, number];
}

/** Pixels between a digit's image and its cell's edge; the mistake border fills 3 of them. */
const CELL_PAD = 5;
const LABEL_SCALE = 3;

/**
 * A grid of 28×28 grey-scale digits, ink dark on white, each upscaled and
 * labelled underneath `P7 T7` (predicted 7, true 7); a misclassified digit
 * gets a red border and its label drawn in red.
 * @param images `n × 784` values in [0, 1], row by row, 1 being ink.
 * @param labels The `n` true classes.
 * @param predictions The `n` predicted classes.
 * @param options Columns and upscaling.
 * @returns The picture and where each digit is.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { COLORS, digitGrid } from "./image.ts";
 * const { image, cells } = digitGrid(new Float32Array(2 * 784), [1, 2], [1, 3]);
 * assert.equal(cells.length, 2);
 * assert.deepEqual(image.get(cells[1].x - 2, cells[1].y - 2), [...COLORS.mistake]);
 * ```
 */
export function digitGrid(
  images: ArrayLike<number>,
  labels: readonly number[],
  predictions: readonly number[],
  options: DigitGridOptions = {},
): { image: RgbImage; cells: DigitCell[] } {
  const { columns = 8, scale = 3 } = options;
  const n = labels.length;
  const size = 28 * scale;
  const cellWidth = size + 2 * CELL_PAD;
  const cellHeight = size + 2 * CELL_PAD + 5 * LABEL_SCALE + 6;
  const rows = Math.max(1, Math.ceil(n / columns));
  const image = new RgbImage(columns * cellWidth, rows * cellHeight);
  const cells: DigitCell[] = [];
  for (let k = 0; k < n; k++) {
    const left = (k % columns) * cellWidth;
    const top = Math.floor(k / columns) * cellHeight;
    const x = left + CELL_PAD;
    const y = top + CELL_PAD;
    for (let j = 0; j < 28; j++) {
      for (let i = 0; i < 28; i++) {
        const v = Math.round(255 * (1 - Math.min(1, Math.max(0, images[784 * k + 28 * j + i]))));
        image.fillRect(x + i * scale, y + j * scale, scale, scale, [v, v, v]);
      }
    }
    const wrong = predictions[k] !== labels[k];
    if (wrong) {
      image.strokeRect(left + 1, top + 1, cellWidth - 2, cellHeight - 2, 3, COLORS.mistake);
    } else image.strokeRect(x - 1, y - 1, size + 2, size + 2, 1, [210, 210, 210]);
    const text = `P${predictions[k]} T${labels[k]}`;
    const label: [number, number] = [
      x + ((size - textWidth(text, LABEL_SCALE)) >> 1),
      y + size + 3,
    ];
    drawText(image, label[0], label[1], text, {
      color: wrong ? COLORS.mistake : COLORS.label,
      scale: LABEL_SCALE,
    });
    cells.push({ x, y, size, label });
  }
  return { image, cells };
}

import assert from "node:assert/strict";
import { decode } from "fast-png";
import { MLP } from "../../mod.ts";
import {
  COLORS,
  decisionBoundary,
  digitGrid,
  drawText,
  encodePng,
  FONT,
  lineChart,
  mlpScorer,
  niceTicks,
  RgbImage,
  terminalChart,
  writePictures,
} from "../../examples/_plot/mod.ts";

/** The attribute values of every element `<tag class="cls" ...>` in an SVG. */
function elements(svg: string, tag: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag} class="${cls}"([^>]*)>`, "g"))) {
    found.push(
      Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
    );
  }
  return found;
}

function texts(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, "g"))].map((m) =>
    m[1]
  );
}

/** The colour of a pixel of a decoded 8-bit RGB PNG. */
function pixel(png: ReturnType<typeof decode>, x: number, y: number): number[] {
  const i = (y * png.width + x) * png.channels;
  return Array.from(png.data.slice(i, i + 3));
}

const LOSS = [1, 0.6, 0.4, 0.3, 0.25];
const TEST = [0.5, 0.7, 0.8, 0.85, 0.9];

Deno.test("lineChart() draws a title, both axes with ticks and labels, a polyline per series and a legend", () => {
  const svg = lineChart([
    { name: "train loss", values: LOSS },
    { name: "test <acc>", values: TEST },
  ], { title: "Fixed & small", xLabel: "epoch", yLabel: "value" });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="400"/);
  assert.deepEqual(texts(svg, "title"), ["Fixed &amp; small"]);
  assert.equal(elements(svg, "line", "axis x").length, 1);
  assert.equal(elements(svg, "line", "axis y").length, 1);
  assert.deepEqual(texts(svg, "axis-label x"), ["epoch"]);
  assert.deepEqual(texts(svg, "axis-label y"), ["value"]);
  assert.deepEqual(texts(svg, "tick-label y"), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
  assert.deepEqual(texts(svg, "tick-label x"), ["1", "2", "3", "4", "5"]);
  const lines = elements(svg, "polyline", "series");
  assert.deepEqual(lines.map((l) => l["data-name"]), ["train loss", "test &lt;acc&gt;"]);
  assert.deepEqual(lines.map((l) => l.points.split(" ").length), [5, 5]);
  assert.notEqual(lines[0].stroke, lines[1].stroke);
  assert.match(svg, /<g class="legend">.*>train loss<\/text><\/g>/);
  assert.match(svg, /<g class="legend">.*>test &lt;acc&gt;<\/text><\/g>/);
  assert.equal(elements(svg, "circle", "dot").length, 10);
  // Points sit on the axes' scales: epoch 1 on the y axis, value 1 on the top tick, 0 on the x axis.
  const [axisX] = elements(svg, "line", "axis x");
  const [axisY] = elements(svg, "line", "axis y");
  const first = lines[0].points.split(" ")[0].split(",").map(Number);
  assert.deepEqual(first, [Number(axisY.x1), Number(axisY.y1)]);
  const top = elements(svg, "line", "tick").find((t) => t.x2 === axisY.x1 && t.y1 === axisY.y1);
  assert.ok(top, "a tick at the top of the y axis");
  const last = lines[0].points.split(" ").at(-1)!.split(",").map(Number);
  assert.equal(last[0], Number(axisX.x2));
  const y0 = Number(axisX.y1);
  assert.ok(Math.abs(last[1] - (y0 - 0.25 * (y0 - Number(axisY.y1)))) < 0.11, String(last));
});

Deno.test("lineChart() shows percentages and a fixed domain, and skips dots on long series", () => {
  const values = Array.from({ length: 300 }, (_, i) => i / 299);
  const svg = lineChart([{ name: "accuracy", values }], {
    title: "Accuracy",
    yDomain: [0, 1],
    percent: true,
  });
  assert.deepEqual(texts(svg, "tick-label y"), ["0%", "20%", "40%", "60%", "80%", "100%"]);
  assert.deepEqual(texts(svg, "tick-label x"), ["1", "100", "200", "300"]);
  assert.equal(elements(svg, "polyline", "series")[0].points.split(" ").length, 300);
  assert.equal(elements(svg, "circle", "dot").length, 0);
});

Deno.test("niceTicks() covers the range with steps of 1, 2 or 5 times a power of ten", () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.013, 0.86), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(1, 30), [0, 10, 20, 30]);
  assert.deepEqual(niceTicks(2, 2), [1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6]);
});

Deno.test("terminalChart() draws height + 1 rows labelled from the maximum to the minimum", () => {
  const rows = terminalChart(LOSS, { width: 20, height: 6 }).split("\n");
  assert.equal(rows.length, 7);
  assert.match(rows[0], /^ +1\.0000 ┼/);
  assert.match(rows[6], /^ +0\.2500 ┤/);
  assert.ok(rows.every((r) => r.length <= 35), rows.join("\n"));
  assert.equal(terminalChart([]), "(no data)");
  assert.match(terminalChart([0.5], { width: 4, height: 2 }), /^ {3}0\.5000 ┼─{4}$/); // flat: one row
});

Deno.test("decisionBoundary() paints each class's region and the points, and encodes as PNG", () => {
  // A fixed classifier: class 1 right of x = 0.5.
  const points = [[0, 0], [1, 1], [0, 1], [1, 0]];
  const labels = [0, 1, 1, 0];
  const { image, toPixel, box } = decisionBoundary((x) => x - 0.5, points, labels, { radius: 6 });
  assert.deepEqual(box, [-0.1, 1.1, -0.1, 1.1]);
  const png = decode(encodePng(image));
  assert.deepEqual([png.width, png.height, png.channels, png.depth], [440, 434, 3, 8]);
  const at = (x: number, y: number) => pixel(png, ...toPixel(x, y));
  assert.deepEqual(at(0.2, 0.5), [...COLORS.region0]);
  assert.deepEqual(at(0.8, 0.5), [...COLORS.region1]);
  assert.deepEqual(at(-0.05, 1.05), [...COLORS.region0]);
  assert.deepEqual(at(1.05, -0.05), [...COLORS.region1]);
  // Each point in its true class's colour, wherever the classifier puts it, outlined in dark.
  points.forEach(([x, y], k) => {
    assert.deepEqual(at(x, y), [...(labels[k] === 1 ? COLORS.point1 : COLORS.point0)]);
    const [px, py] = toPixel(x, y);
    assert.deepEqual(pixel(png, px + 7, py), [...COLORS.outline], `outline of point ${k}`);
  });
  // Up is +y: the point (0, 1) is drawn above (0, 0).
  assert.ok(toPixel(0, 1)[1] < toPixel(0, 0)[1]);
  // The frame and the "0" tick label under x = 0.
  assert.deepEqual(pixel(png, 29, 200), [...COLORS.outline]);
  const [x0] = toPixel(0, 0);
  assert.deepEqual(pixel(png, x0 - 3, 418), [...COLORS.outline]); // top-left of the "0" glyph
  assert.deepEqual(pixel(png, x0, 422), [255, 255, 255]); // the hole of the "0"
});

Deno.test("digitGrid() draws digits ink-dark, labels them, and frames mistakes in red", () => {
  // Two fixed 28×28 images: a filled 8×8 square in the middle; the second one is misclassified.
  const images = new Float32Array(2 * 784);
  for (let k = 0; k < 2; k++) {
    for (let j = 10; j < 18; j++) for (let i = 10; i < 18; i++) images[784 * k + 28 * j + i] = 1;
  }
  const { image, cells } = digitGrid(images, [1, 2], [1, 3], { columns: 2, scale: 3 });
  const png = decode(encodePng(image));
  assert.deepEqual([png.width, png.height], [image.width, image.height]);
  assert.deepEqual([png.width, png.height], [2 * (84 + 10), 84 + 10 + 15 + 6]);
  for (const cell of cells) {
    assert.equal(cell.size, 84);
    assert.deepEqual(pixel(png, cell.x + 3 * 12, cell.y + 3 * 14), [0, 0, 0], "ink");
    assert.deepEqual(pixel(png, cell.x + 3 * 5, cell.y + 3 * 5), [255, 255, 255], "paper");
  }
  // The mistake: a red border around the cell; the right one has none.
  assert.deepEqual(pixel(png, cells[1].x - 3, cells[1].y + 40), [...COLORS.mistake]);
  assert.deepEqual(pixel(png, cells[1].x + 40, cells[1].y + 107), [...COLORS.mistake]);
  assert.deepEqual(pixel(png, cells[0].x - 3, cells[0].y + 40), [255, 255, 255]);
  // Labels "P1 T1" in grey and "P3 T2" in red: the P's top-left pixel is inked, its top-right
  // is not; the "1" after it has its stem at column 1.
  const [lx, ly] = cells[0].label;
  assert.deepEqual(pixel(png, lx, ly), [...COLORS.label]);
  assert.deepEqual(pixel(png, lx + 2 * 3, ly), [255, 255, 255]);
  assert.deepEqual(pixel(png, lx + 4 * 3 + 1 * 3, ly + 2 * 3), [...COLORS.label]);
  const [mx, my] = cells[1].label;
  assert.deepEqual(pixel(png, mx, my), [...COLORS.mistake]);
  assert.deepEqual(pixel(png, mx + 4 * 3, my + 2 * 3), [255, 255, 255]); // the "3" has no left middle
  assert.deepEqual(pixel(png, mx + 4 * 3 + 2 * 3, my + 2 * 3), [...COLORS.mistake]);
});

Deno.test("drawText() draws every glyph of the font and rejects others", () => {
  for (const [ch, rows] of Object.entries(FONT)) {
    const image = new RgbImage(3, 5);
    assert.equal(drawText(image, 0, 0, ch, { color: [0, 0, 0] }), 3);
    rows.forEach((row, j) => {
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(image.get(i, j), row[i] === "#" ? [0, 0, 0] : [255, 255, 255], ch);
      }
    });
  }
  assert.equal(Object.keys(FONT).filter((c) => /\d/.test(c)).length, 10);
  assert.throws(() => drawText(new RgbImage(9, 9), 0, 0, "x", { color: [0, 0, 0] }), {
    name: "RangeError",
    message: /no glyph 'x'/,
  });
});

Deno.test("mlpScorer() computes what MLP.forward computes", () => {
  for (const activation of ["relu", "tanh"] as const) {
    const model = new MLP(2, [8, 4, 1], { activation, seed: 7 });
    const score = mlpScorer(model);
    for (const [x, y] of [[0, 0], [0.3, -1.2], [2, 1.5], [-1, 0.25]]) {
      const expected = model.forward([x, y])[0].data;
      assert.ok(Math.abs(score(x, y) - expected) < 1e-12, `${activation} at ${x}, ${y}`);
    }
  }
});

const canWrite = (await Deno.permissions.query({ name: "write" })).state === "granted";

Deno.test({
  name: "writePictures() creates the folder and writes text and bytes",
  ignore: !canWrite,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const paths = await writePictures(`${dir}/a/b/`, {
        "c.svg": "<svg/>",
        "d.png": new Uint8Array([1, 2]),
      });
      assert.deepEqual(paths, [`${dir}/a/b/c.svg`, `${dir}/a/b/d.png`]);
      assert.equal(await Deno.readTextFile(paths[0]), "<svg/>");
      assert.deepEqual(await Deno.readFile(paths[1]), new Uint8Array([1, 2]));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "writePictures() turns a missing write permission into a UsageError naming --out",
  ignore: canWrite,
  fn: async () => {
    await assert.rejects(writePictures("nabla-no-write", { "a.svg": "<svg/>" }), {
      name: "UsageError",
      message: /^--out nabla-no-write: .*write access/,
    });
  },
});

Deno.test("lineChart() draws a series of 200,000 values without spreading them", () => {
  const values = Array.from({ length: 200_000 }, (_, i) => 1 / (1 + i));
  const svg = lineChart([{ name: "train loss", values }], { title: "long", yLabel: "loss" });
  assert.match(svg, /data-name="train loss"/);
});

import assert from "node:assert/strict";
import { Value } from "../../mod.ts";
import { decode } from "fast-png";
import { COLORS } from "../../examples/_plot/mod.ts";
import { accuracy, bceWithLogits, DEFAULTS, pictures, train } from "../../examples/xor.ts";

Deno.test("train() learns XOR to 100% accuracy with the default seed", () => {
  const { history, accuracy, model } = train();
  assert.equal(accuracy, 1);
  assert.equal(history.length, DEFAULTS.epochs);
  assert.ok(history.at(-1)!.loss < 0.1, `final loss ${history.at(-1)!.loss}`);
  assert.ok(history.at(-1)!.loss < history[0].loss / 5);
  const p = (a: number, b: number) => model.forward([a, b])[0].sigmoid().data;
  assert.ok(p(0, 0) < 0.5 && p(0, 1) > 0.5 && p(1, 0) > 0.5 && p(1, 1) < 0.5);
});

Deno.test("train() is deterministic for a seed and reports every epoch", () => {
  const seen: number[] = [];
  const a = train({ seed: 5, epochs: 30, onEpoch: (s) => seen.push(s.epoch) });
  const b = train({ seed: 5, epochs: 30 });
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(seen, Array.from({ length: 30 }, (_, i) => i + 1));
  assert.notDeepEqual(train({ seed: 6, epochs: 30 }).history, a.history);
});

Deno.test("train() reaches 100% for the first ten seeds", () => {
  for (let seed = 0; seed < 10; seed++) assert.equal(train({ seed }).accuracy, 1, `seed ${seed}`);
});

Deno.test("bceWithLogits() matches the textbook formula and stays finite", () => {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  for (const z of [-3, -0.5, 0, 0.5, 3]) {
    for (const y of [0, 1]) {
      const expected = -(y * Math.log(sigmoid(z)) + (1 - y) * Math.log(1 - sigmoid(z)));
      assert.ok(Math.abs(bceWithLogits(new Value(z), y).data - expected) < 1e-12);
      // d/dz = sigmoid(z) - y
      const v = new Value(z);
      bceWithLogits(v, y).backward();
      assert.ok(Math.abs(v.grad - (sigmoid(z) - y)) < 1e-12);
    }
  }
  assert.equal(bceWithLogits(new Value(1000), 1).data, 0);
  assert.equal(bceWithLogits(new Value(-1000), 1).data, 1000);
});

Deno.test("accuracy() counts positive logits as class 1", () => {
  const logits = [-1, 2, 0, 3].map((z) => new Value(z));
  assert.equal(accuracy(logits, [0, 1, 1, 1]), 0.75);
});

Deno.test("pictures() draws the XOR curves and the trained boundary around the four points", () => {
  const files = pictures(train());
  const loss = files["xor-loss.svg"] as string;
  const points = loss.match(
    /<polyline class="series" data-name="train loss"[^>]* points="([^"]*)"/,
  );
  assert.equal(points?.[1].split(" ").length, DEFAULTS.epochs);
  assert.match(files["xor-accuracy.svg"] as string, />100%<\/text>/);
  const png = decode(files["xor-boundary.png"] as Uint8Array);
  assert.deepEqual([png.width, png.height], [440, 434]);
  const at = (x: number, y: number) => {
    const i = 3 * (y * png.width + x);
    return Array.from(png.data.slice(i, i + 3));
  };
  // The box is [-0.5, 1.5] on both axes, 400 px: (0, 0) is at pixel (130, 310); the
  // points in their class colours, and beside each point the region of its class.
  const corners: [number, number, number][] = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]];
  for (const [a, b, label] of corners) {
    const [px, py] = [30 + 100 + 200 * a, 10 + 300 - 200 * b];
    assert.deepEqual(at(px, py), [...(label ? COLORS.point1 : COLORS.point0)], `${a} XOR ${b}`);
    assert.deepEqual(at(px + 14, py), [...(label ? COLORS.region1 : COLORS.region0)]);
  }
});

const canRun = (await Deno.permissions.query({ name: "run" })).state === "granted";

async function deno(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL("../../", import.meta.url),
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

Deno.test({
  name:
    "deno task xor --out DIR writes into any writable DIR, and refuses a bad one before training",
  ignore: !canRun,
  fn: async () => {
    // A directory outside out/ (issue #11: the task could write to out/ only).
    const made = await deno(["eval", "console.log(Deno.makeTempDirSync())"]);
    const dir = made.stdout.trim();
    try {
      const ok = await deno(["task", "-q", "xor", "--epochs", "2", "--out", `${dir}/pics`]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /wrote .*xor-loss\.svg/);
      const bad = await deno(["task", "-q", "xor", "--out", `${dir}/pics/xor-loss.svg/x`]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr.trim(), /^xor: --out .*: Not a directory .*\(see --help\)$/);
      assert.doesNotMatch(bad.stdout, /epoch/);
      const lr = await deno(["task", "-q", "xor", "--lr", "0x10"]);
      assert.equal(lr.code, 2);
      assert.equal(
        lr.stderr.trim(),
        "xor: --lr must be a number > 0 and <= 10, got '0x10' (see --help)",
      );
    } finally {
      await deno(["eval", `Deno.removeSync(${JSON.stringify(dir)}, { recursive: true })`]);
    }
  },
});

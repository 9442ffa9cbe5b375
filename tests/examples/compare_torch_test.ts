import assert from "node:assert/strict";
import {
  COMMAND,
  compare,
  formatTable,
  INSTALL_HINT,
  nablaSide,
  torchSide,
} from "../../examples/compare_torch.ts";
import { parseFlags } from "../../examples/_cli.ts";
import { PYTHON, pythonImports } from "../_helpers.ts";

const CAN_RUN = Deno.permissions.querySync({ name: "run" }).state === "granted";
const CAN_WRITE_OUT =
  Deno.permissions.querySync({ name: "write", path: new URL("../../out", import.meta.url) })
    .state === "granted";

const HAS_TORCH = await pythonImports("torch");
if (!HAS_TORCH) {
  console.log(
    "tests/examples/compare_torch_test.ts: no torch in /usr/bin/python3, comparison ignored",
  );
}

Deno.test("nablaSide() computes micrograd's expression and a full MLP step", () => {
  const { quantities, request } = nablaSide({ seed: 0, lr: 0.1 });
  assert.ok(Math.abs(quantities.get("expression g")!.values[0] - 24.7041) < 1e-4);
  assert.ok(Math.abs(quantities.get("expression dg/da")!.values[0] - 138.8338) < 1e-4);
  assert.ok(Math.abs(quantities.get("expression dg/db")!.values[0] - 645.5773) < 1e-4);
  for (const name of ["0.weight", "0.bias", "2.weight", "2.bias"]) {
    const grad = quantities.get(`mlp ${name}.grad`)!;
    const after = quantities.get(`mlp ${name} after step`)!;
    const before = (request.mlp.state[name] as number[] | number[][]).flat();
    // SGD without momentum: p ← p - lr·grad, exactly as printed.
    after.values.forEach((v, i) =>
      assert.ok(Math.abs(v - (before[i] - 0.1 * grad.values[i])) < 1e-15)
    );
  }
  const lossBefore = quantities.get("mlp loss")!.values[0];
  assert.ok(quantities.get("mlp loss after step")!.values[0] < lossBefore);
});

Deno.test("compare() and formatTable() report the largest difference and its quantity", () => {
  const nabla = new Map([
    ["a", { shape: [], values: [1] }],
    ["b", { shape: [2], values: [1, 2] }],
    ["only nabla", { shape: [], values: [3] }],
  ]);
  const torch = new Map([
    ["a", { shape: [], values: [1] }],
    ["b", { shape: [2], values: [1, 2.25] }],
  ]);
  const rows = compare(nabla, torch);
  assert.deepEqual(rows.map((r) => r.maxAbsDiff), [0, 0.25, Infinity]);
  const text = formatTable(rows.slice(0, 2));
  assert.match(text, /^quantity +shape +nabla +PyTorch +max \|diff\|$/m);
  assert.match(text, /largest difference: 2\.50e-1 \(b\)$/);
  assert.match(formatTable(rows), /\(missing\)/);
});

Deno.test("compare-torch takes --python, --seed and --lr", () => {
  assert.deepEqual(parseFlags([], COMMAND.flags), {
    help: false,
    python: "/usr/bin/python3",
    seed: 0,
    lr: 0.1,
  });
  assert.throws(() => parseFlags(["--lr", "0"], COMMAND.flags), { name: "UsageError" });
  assert.match(INSTALL_HINT, /apt-get install python3-torch/);
});

Deno.test({
  name: "torchSide() says when Python or torch is missing",
  ignore: !CAN_RUN || !CAN_WRITE_OUT,
}, async () => {
  const { request } = nablaSide({ seed: 0, lr: 0.1 });
  const none = await torchSide("/nonexistent/python3", request);
  assert.deepEqual(none, {
    ok: false,
    reason: "no Python at /nonexistent/python3",
    missingTorch: true,
  });
  // A stand-in interpreter that fails like compare_torch.py without torch.
  const dir = new URL("../../out/compare-torch-test/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  const fake = new URL("python3", dir);
  await Deno.writeTextFile(
    fake,
    "#!/bin/sh\necho \"cannot import torch: No module named 'torch'\" >&2\nexit 3\n",
  );
  await Deno.chmod(fake, 0o755);
  try {
    const result = await torchSide(fake.pathname, request);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.missingTorch && /No module named 'torch'/.test(result.reason));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "nabla and PyTorch agree on the expression and the MLP step to float64 rounding",
  ignore: !HAS_TORCH,
}, async () => {
  for (const seed of [0, 1]) {
    const { request, quantities } = nablaSide({ seed, lr: 0.1 });
    const torch = await torchSide(PYTHON, request);
    assert.ok(torch.ok, torch.ok ? "" : torch.reason);
    const rows = compare(quantities, torch.quantities);
    assert.equal(rows.length, 13);
    for (const row of rows) {
      const scale = Math.max(1, ...row.torch.map(Math.abs));
      assert.ok(row.maxAbsDiff <= 1e-12 * scale, `${row.name}: ${row.maxAbsDiff}`);
    }
  }
});

import assert from "node:assert/strict";
import { PRIMITIVES } from "../../tensor/ops/mod.ts";
import { AutogradFunction } from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

Deno.test("PRIMITIVES lists each op once, with a class for every differentiable one", () => {
  const names = PRIMITIVES.map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  for (const p of PRIMITIVES) {
    if (p.op !== null) assert.ok(p.op.prototype instanceof AutogradFunction, p.name);
  }
  for (const cmp of ["eq", "ne", "lt", "le", "gt", "ge"]) assert.ok(names.includes(cmp));
});

Deno.test("PRIMITIVES has a gradcheck case for every differentiable primitive", () => {
  const covered = new Set(GRAD_CASES.map((c) => c.name));
  const missing = PRIMITIVES.filter((p) => p.op !== null && !covered.has(p.name));
  assert.deepEqual(missing.map((p) => p.name), []);
});

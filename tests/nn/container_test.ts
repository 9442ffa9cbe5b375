import assert from "node:assert/strict";
import { Linear, ModuleDict, ModuleList, ReLU, Sequential, Tanh } from "../../mod.ts";

Deno.test("ModuleList() registers its modules as 0, 1... and grows like a list", () => {
  const list = new ModuleList([new Linear(2, 2), new ReLU()]);
  list.append(new Linear(2, 1)).insert(1, new Tanh()).extend([new ReLU()]);
  assert.deepEqual([...list].map((m) => m.constructor.name), [
    "Linear",
    "Tanh",
    "ReLU",
    "Linear",
    "ReLU",
  ]);
  assert.deepEqual(Object.keys(list.stateDict()), ["0.weight", "0.bias", "3.weight", "3.bias"]);
  assert.ok(list.at(-2) instanceof Linear);
  assert.equal(list.insert(-1, new Tanh()).at(4).constructor.name, "Tanh");
  assert.equal(list.length, 6);
});

Deno.test("ModuleList() rejects non-modules and out-of-range positions", () => {
  const list = new ModuleList([new ReLU()]);
  assert.throws(
    () => list.append({} as never),
    /Cannot add to ModuleList in append\(\): expected a Module/,
  );
  assert.throws(() => list.at(1), {
    name: "RangeError",
    message: /index 1 is out of range .* length 1/,
  });
  assert.throws(() => list.insert(3, new ReLU()), RangeError);
  assert.throws(() => list.forward(), /only holds modules/);
});

Deno.test("ModuleDict() keeps insertion order and names parameters by key", () => {
  const d = new ModuleDict<Linear | ReLU>({ proj: new Linear(2, 3) });
  d.set("act", new ReLU()).set("out", new Linear(3, 1));
  assert.deepEqual([...d.keys()], ["proj", "act", "out"]);
  assert.deepEqual(Object.keys(d.stateDict()), [
    "proj.weight",
    "proj.bias",
    "out.weight",
    "out.bias",
  ]);
  // Replacing keeps the position.
  d.set("proj", new Linear(2, 3, { bias: false }));
  assert.deepEqual([...d.keys()], ["proj", "act", "out"]);
  assert.equal(d.delete("act").constructor.name, "ReLU");
  assert.deepEqual([...d.entries()].map(([k]) => k), ["proj", "out"]);
  assert.equal(String(new ModuleDict({ a: new ReLU() })), "ModuleDict(\n  (a): ReLU()\n)");
  const nested = new Sequential(new ModuleDict({ a: new ReLU() }) as never);
  assert.equal(nested.modules().length, 3);
});

Deno.test("ModuleDict() rejects keys that clash, contain dots or are missing", () => {
  const d = new ModuleDict();
  assert.throws(() => d.set("get", new ReLU()), /"get" is a member of ModuleDict/);
  assert.throws(() => d.set("a.b", new ReLU()), /without "\."/);
  assert.throws(() => d.get("x"), { name: "RangeError", message: /no such key \(keys: none\)/ });
  assert.throws(() => d.update(3 as never), TypeError);
  assert.throws(() => d.forward(), /only holds modules/);
});

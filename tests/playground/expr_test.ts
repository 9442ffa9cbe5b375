import assert from "node:assert/strict";
import { toDot } from "@nabla/autograd";
import { evaluate, PRESETS } from "../../playground/expr.ts";

Deno.test("evaluate() reproduces micrograd's test expression", () => {
  const { output, variables } = evaluate(PRESETS.micrograd);
  assert.ok(Math.abs(output.data - 24.7041) < 1e-4);
  assert.ok(Math.abs(variables.get("a")!.grad - 138.8338) < 1e-4);
  assert.ok(Math.abs(variables.get("b")!.grad - 645.5773) < 1e-4);
  assert.equal(output.label, "g");
});

Deno.test("evaluate() follows the usual precedence and associativity", () => {
  const cases: [string, number][] = [
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ** 3 ** 2", 512],
    ["-2 ** 2", -4],
    ["2 ^ -1", 0.5],
    ["8 / 4 / 2", 1],
    ["1 - 2 - 3", -4],
    ["x = 3; x *= x + 1; x", 12],
    ["y = .5e1\ny -= 1", 4],
    ["relu(-1) + abs(-2) + exp(0) + log(1) + tanh(0) + sigmoid(0)", 3.5],
  ];
  for (const [source, expected] of cases) {
    assert.equal(evaluate(source).output.data, expected, source);
  }
});

Deno.test("evaluate() labels assigned values and makes negative literals leaves", () => {
  const { output, variables } = evaluate("a = -4\nb = a * 2");
  assert.equal(variables.get("a")!.op, "");
  assert.equal(variables.get("a")!.label, "a");
  assert.equal(output.label, "b");
  assert.equal(variables.get("a")!.grad, 2);
  assert.match(toDot(output), /a \| data -4\.0000/);
});

Deno.test("evaluate() skips backward() when asked", () => {
  const { variables } = evaluate("a = 2; b = a * a", { backward: false });
  assert.equal(variables.get("a")!.grad, 0);
});

Deno.test("evaluate() rejects what is not in the language", () => {
  const bad: [string, RegExp][] = [
    ["", /program is empty/],
    ["1 +", /unexpected "end"/],
    ["x + 1", /"x" is not defined/],
    ["y += 1", /"y" is not defined/],
    ["alert(1)", /"alert" is not defined/],
    ["1; globalThis.x", /unexpected "\."/],
    ["(1 + 2", /expected "\)"/],
    ["tanh 1", /expected "\("/],
    ["1 2", /unexpected "2"/],
    ["'a'", /unexpected "'"/],
  ];
  for (const [source, message] of bad) {
    assert.throws(() => evaluate(source), { name: "SyntaxError", message }, source);
  }
  assert.throws(
    () => evaluate("x = 1\n" + "x = x * x + 1\n".repeat(300)),
    { name: "SyntaxError", message: /more than 500 nodes/ },
  );
});

Deno.test("evaluate() makes named numbers inputs and numbers in expressions constants", () => {
  const { nodes, inputs, output } = evaluate("a = -4\nk = 2 * 3\ny = a ** 2 + k * a + 5");
  assert.deepEqual([...inputs.keys()], ["a", "k"]); // `k = 2 * 3` is an input too
  const kinds = Object.fromEntries(nodes.map((n) => [n.name, n.kind]));
  assert.equal(kinds["5"], "constant");
  assert.equal(kinds["a ** 2"], "op");
  assert.equal(kinds["y"], "op");
  // x ** 2 with a literal exponent is one op on one input, as micrograd's: no NaN gradient.
  const square = nodes.find((n) => n.op === "**2")!;
  assert.equal(square.inputs.length, 1);
  assert.equal(output.data, 16 - 24 + 5);
  assert.equal(inputs.get("a")!.value.grad, 2 * -4 + 6);
  assert.equal(inputs.get("k")!.value.grad, -4);
});

Deno.test("evaluate() keeps one operand per use, in order, and numbers nodes after their inputs", () => {
  const { nodes, output, nodeOf } = evaluate("a = 3\nb = 2\nc = a * a - b");
  const c = nodeOf.get(output)!;
  assert.equal(c.op, "-");
  assert.deepEqual(c.inputs[0].inputs.map((n) => n.name), ["a", "a"]);
  nodes.forEach((n, i) => {
    assert.equal(n.index, i);
    for (const input of n.inputs) assert.ok(input.index < i);
  });
});

Deno.test("evaluate() replaces inputs by name when asked (the nudge)", () => {
  const base = evaluate(PRESETS.simple);
  const nudged = evaluate(PRESETS.simple, { overrides: new Map([["a", 2.5]]), backward: false });
  assert.equal(nudged.inputs.get("a")!.value.data, 2.5);
  assert.equal(nudged.output.data - base.output.data, 6 * 0.5); // dL/da = 6, L is linear in a
});

Deno.test("evaluate() tells the versions of a reassigned name apart", () => {
  const { nodes, output } = evaluate(PRESETS.micrograd);
  const names = nodes.map((n) => n.name);
  for (const name of ["c₁", "c₂", "c", "d₁", "d₂", "d", "g₁", "g"]) {
    assert.ok(names.includes(name), name);
  }
  assert.equal(output.label, "g"); // the Value keeps the plain name
});

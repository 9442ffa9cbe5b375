import assert from "node:assert/strict";
import {
  BackwardStepper,
  describeStep,
  gradText,
  localTerms,
  programToDot,
  ruleOf,
} from "../../playground/backprop.ts";
import { evaluate, PRESETS } from "../../playground/expr.ts";

Deno.test("BackwardStepper ends with the gradients backward() computes, for every preset", () => {
  for (const [name, source] of Object.entries(PRESETS)) {
    const program = evaluate(source);
    const stepper = new BackwardStepper(program);
    const grads = stepper.gradsAfter(stepper.steps.length);
    for (const node of program.nodes) {
      if (node.kind === "constant") continue;
      const grad = grads.get(node) ?? 0;
      assert.ok(Math.abs(grad - node.value.grad) <= 1e-12 * Math.max(1, Math.abs(grad)), name);
    }
    // One step per op node, the output's first.
    assert.equal(stepper.steps.length, program.nodes.filter((n) => n.kind === "op").length);
    assert.equal(stepper.steps[0].node, stepper.output);
  }
});

Deno.test("BackwardStepper runs each rule after every node that uses its node", () => {
  const program = evaluate(PRESETS.micrograd);
  const stepper = new BackwardStepper(program);
  const ranAt = new Map(stepper.steps.map((s, i) => [s.node, i]));
  for (const step of stepper.steps) {
    for (const input of step.node.inputs) {
      if (ranAt.has(input)) assert.ok(ranAt.get(input)! > ranAt.get(step.node)!);
    }
  }
  // Before any step only the output has a gradient; a node gets its first share from a consumer.
  assert.deepEqual([...stepper.gradsAfter(0).entries()], [[stepper.output, 1]]);
});

Deno.test("describeStep() writes the local rule with its numbers: (a·b + c)·f", () => {
  const stepper = new BackwardStepper(evaluate(PRESETS.simple));
  assert.deepEqual(stepper.steps.map((s) => s.node.name), ["L", "d", "e"]);
  const [first, , third] = [1, 2, 3].map((k) => describeStep(stepper, k));
  assert.match(
    first[0],
    /^Step 1 of 3: L = -8\.0000\. It is the output: its gradient starts at dL\/dL = 1\.$/,
  );
  assert.equal(
    first[1],
    "Local rule of *: a product passes to each input the gradient times the other input.",
  );
  assert.equal(first[2], "dL/dd += f × dL/dL = -2.0000 × 1.0000 = -2.0000, now -2.0000");
  assert.equal(third[2], "dL/da += b × dL/de = -3.0000 × -2.0000 = 6.0000, now 6.0000");
  assert.equal(third[3], "dL/db += a × dL/de = 2.0000 × -2.0000 = -4.0000, now -4.0000");
});

Deno.test("localTerms() gives no gradient to constants and the power rule to x**2", () => {
  const program = evaluate("x = -3\ny = x ** 2 + 2 * x");
  const square = program.nodes.find((n) => n.op === "**2")!;
  assert.deepEqual(square.inputs.map((n) => n.name), ["x"]); // the exponent is part of the op
  assert.deepEqual(localTerms(square).map((t) => [t.local, t.symbol]), [[-6, "2·x^1"]]);
  const product = program.nodes.find((n) => n.op === "*")!;
  assert.deepEqual(localTerms(product).map((t) => t.input.name), ["x"]); // not the constant 2
  assert.match(ruleOf("**2"), /power rule/);
  for (
    const op of ["+", "-", "*", "/", "neg", "**", "tanh", "exp", "log", "relu", "sigmoid", "abs"]
  ) {
    assert.ok(ruleOf(op), op);
  }
});

Deno.test("localTerms() matches Value's backward for every op", () => {
  const source = [
    "a = 0.7; b = 1.3",
    "p = a + b; q = a - b; r = a * b; s = a / b; t = -a; u = a ** b; v = a ** 3",
    "w = tanh(a) + exp(a) + log(b) + relu(a) + sigmoid(b) + abs(a - b)",
    "y = p * q * r * s * t * u * v * w",
  ].join("\n");
  const program = evaluate(source);
  const stepper = new BackwardStepper(program);
  const grads = stepper.gradsAfter(stepper.steps.length);
  for (const name of ["a", "b"]) {
    const input = program.inputs.get(name)!;
    assert.ok(Math.abs(grads.get(input)! - input.value.grad) < 1e-12, name);
  }
});

Deno.test("programToDot() draws a value used twice with two edges, and stable ids", () => {
  const program = evaluate("a = 3\nc = a + a");
  const dot = programToDot(program);
  assert.equal(dot.match(/n0 -> n1_op/g)?.length, 2);
  assert.match(dot, /n0 \[id="n0", class="input", label="\{ a \| data 3\.0000 \| grad 2\.0000 \}"/);
  assert.match(dot, /n1 \[id="n1", class="op output"/);
  assert.match(dot, /n0 -> n1_op \[id="e1_0"\];\n {2}n0 -> n1_op \[id="e1_1"\];/);
});

Deno.test("programToDot() shows grad ? before backward reaches a node, and constants without one", () => {
  const program = evaluate("x = 2\ny = 3 * x");
  const stepper = new BackwardStepper(program);
  const dot = programToDot(program, { grads: stepper.gradsAfter(0), gradWidth: 12 });
  assert.match(dot, /label="\{ x \| data 2\.0000 \| grad \?\u2007{6} \}"/);
  assert.match(dot, /label="\{ 3 \| data 3\.0000 \| constant\u2007{4} \}"/);
  assert.equal(gradText(program.inputs.get("x")!, stepper.gradsAfter(1)), "grad 3.0000");
});

Deno.test("micrograd's preset has no NaN: its literal exponents are constants", () => {
  const program = evaluate(PRESETS.micrograd);
  assert.doesNotMatch(programToDot(program), /NaN|#fecaca/);
  assert.ok(program.nodes.every((n) => n.kind === "constant" || Number.isFinite(n.value.grad)));
});

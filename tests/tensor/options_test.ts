import assert from "node:assert/strict";
import { checkOptions } from "../../tensor/mod.ts";

Deno.test("checkOptions() accepts undefined, empty and known keys", () => {
  checkOptions("f", undefined, ["a"]);
  checkOptions("f", {}, ["a"]);
  checkOptions("f", { a: 1 }, ["a", "b"]);
});

Deno.test("checkOptions() names the op, the unknown key and the accepted ones", () => {
  assert.throws(() => checkOptions("SGD", { lr: 1, learningRate: 0.1 }, ["lr", "momentum"]), {
    name: "TypeError",
    message: 'Cannot call SGD(): unknown option "learningRate" (accepted: lr, momentum)',
  });
  assert.throws(
    () => checkOptions("f", { a: undefined }, []),
    /unknown option "a" \(accepted: none\)/,
  );
});

Deno.test("checkOptions() rejects a non-object", () => {
  assert.throws(() => checkOptions("f", 3, ["a"]), /f\(\): options must be an object, got number/);
  assert.throws(() => checkOptions("f", null, ["a"]), /got null/);
  assert.throws(() => checkOptions("f", [1], ["a"]), /got an array/);
});

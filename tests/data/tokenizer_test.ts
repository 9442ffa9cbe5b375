import assert from "node:assert/strict";
import { CharTokenizer } from "../../data/mod.ts";

Deno.test("CharTokenizer.fromText() sorts the distinct characters by code point, as sorted(set(text))", () => {
  const text = "First Citizen:\nBefore we proceed any further, hear me speak.";
  const tokenizer = CharTokenizer.fromText(text);
  // Python: sorted(set(text))
  const expected = [..."\n ,.:BCFacdefhikmnoprstuwyz"];
  assert.deepEqual(tokenizer.chars, expected);
  assert.equal(tokenizer.vocabSize, expected.length);
  assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
  assert.equal(tokenizer.stoi.get("B"), 5);
});

Deno.test("CharTokenizer counts code points, not UTF-16 units", () => {
  const text = "a😀b😀é";
  const tokenizer = CharTokenizer.fromText(text);
  assert.deepEqual(tokenizer.chars, ["a", "b", "é", "😀"]);
  const ids = tokenizer.encode(text);
  assert.deepEqual([...ids], [0, 3, 1, 3, 2]);
  assert.equal(ids.length, 5);
  assert.equal(tokenizer.decode(ids), text);
});

Deno.test("CharTokenizer.fromText() puts specials first, once", () => {
  const tokenizer = CharTokenizer.fromText("ava.bo", { specials: ["."] });
  assert.deepEqual(tokenizer.chars, [".", "a", "b", "o", "v"]);
  assert.deepEqual([...tokenizer.encode(".ava.")], [0, 1, 4, 1, 0]);
});

Deno.test("CharTokenizer encodes an empty text and decodes no tokens", () => {
  const tokenizer = CharTokenizer.fromText("");
  assert.equal(tokenizer.vocabSize, 0);
  assert.deepEqual([...tokenizer.encode("")], []);
  assert.equal(tokenizer.decode([]), "");
});

Deno.test("CharTokenizer reports unknown characters and tokens, and bad vocabularies", () => {
  const tokenizer = CharTokenizer.fromText("abc");
  assert.throws(() => tokenizer.encode("cab😀"), {
    name: "RangeError",
    message: 'Cannot encode "😀" (U+1F600) at position 3 in CharTokenizer.encode(): ' +
      "it is not among the 3 characters of the vocabulary",
  });
  assert.throws(() => tokenizer.encode("\n"), { message: /"\\n" \(U\+000A\) at position 0/ });
  assert.throws(() => tokenizer.decode([0, 3]), {
    name: "RangeError",
    message: "Cannot decode token 3 at position 1 in CharTokenizer.decode(): tokens are " +
      "integers in [0, 3)",
  });
  assert.throws(() => tokenizer.decode([0.5]), { name: "RangeError" });
  assert.throws(() => tokenizer.decode([-1]), { name: "RangeError" });
  assert.throws(() => new CharTokenizer(["a", "b", "a"]), {
    name: "RangeError",
    message: 'Cannot create CharTokenizer: "a" (U+0061) is both token 0 and token 2',
  });
  assert.throws(() => new CharTokenizer(["ab"]), {
    name: "TypeError",
    message: /single character/,
  });
  // @ts-expect-error: a misspelt option
  assert.throws(() => CharTokenizer.fromText("a", { special: ["."] }), {
    name: "TypeError",
    message: /unknown option "special"/,
  });
  // @ts-expect-error: not a string
  assert.throws(() => tokenizer.encode(["a"]), { name: "TypeError" });
});

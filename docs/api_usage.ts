/**
 * Fixes the "Usage" lines of the API reference written by `deno doc --html`.
 *
 * `deno doc` prints each symbol's usage with the short path of its entry
 * point, `import { Value } from "scalar";` or `from ".";`, which no one can
 * import. This rewrites them to the package's import paths from `deno.json`
 * (`@nabla/autograd/scalar`, `@nabla/autograd`). `deno task docs` runs it after
 * `deno doc --html`:
 *
 *     deno run --allow-read=deno.json,out/api --allow-write=out/api docs/api_usage.ts out/api
 *
 * @module
 */

/**
 * The import path of each entry point as `deno doc` prints it: `.` for the
 * root, the export key without `./` for the others.
 * @param name The package name from `deno.json`, such as `@nabla/autograd`.
 * @param exports The `exports` map of `deno.json` (or a single path).
 * @returns A map from `deno doc`'s short path to the package import path.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { importPaths } from "./api_usage.ts";
 * assert.deepEqual(
 *   importPaths("@a/b", { ".": "./mod.ts", "./nn": "./nn/mod.ts" }),
 *   new Map([[".", "@a/b"], ["nn", "@a/b/nn"]]),
 * );
 * ```
 */
export function importPaths(
  name: string,
  exports: string | Readonly<Record<string, string>>,
): Map<string, string> {
  const keys = typeof exports === "string" ? ["."] : Object.keys(exports);
  return new Map(keys.map((key) => {
    const short = key === "." ? "." : key.replace(/^\.\//, "");
    return [short, short === "." ? name : `${name}/${short}`];
  }));
}

/**
 * Rewrites the usage imports of one HTML page (escaped as `&quot;` by
 * `deno doc`); other text is left alone.
 * @param html The page.
 * @param paths From {@linkcode importPaths}.
 * @returns The page with package import paths.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewriteUsage } from "./api_usage.ts";
 * const paths = new Map([[".", "@a/b"], ["nn", "@a/b/nn"]]);
 * assert.equal(
 *   rewriteUsage("import { Linear } from &quot;nn&quot;;", paths),
 *   "import { Linear } from &quot;@a/b/nn&quot;;",
 * );
 * assert.equal(rewriteUsage("import * as mod from &quot;.&quot;;", paths), "import * as mod from &quot;@a/b&quot;;");
 * assert.equal(rewriteUsage("from &quot;elsewhere&quot;", paths), "from &quot;elsewhere&quot;");
 * ```
 */
export function rewriteUsage(html: string, paths: ReadonlyMap<string, string>): string {
  return html.replace(
    /(import (?:\{[^}<;&]*\}|\* as \w+) from )&quot;([^&<]*)&quot;/g,
    (match, head: string, path: string) => {
      const rewritten = paths.get(path);
      return rewritten === undefined ? match : `${head}&quot;${rewritten}&quot;`;
    },
  );
}

/**
 * Rewrites every `.html` file under `dir` in place.
 * @param dir The output folder of `deno doc --html`.
 * @param paths From {@linkcode importPaths}.
 * @returns How many files changed.
 */
export async function rewriteTree(
  dir: string,
  paths: ReadonlyMap<string, string>,
): Promise<number> {
  let changed = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) changed += await rewriteTree(path, paths);
    else if (entry.name.endsWith(".html")) {
      const html = await Deno.readTextFile(path);
      const fixed = rewriteUsage(html, paths);
      if (fixed !== html) {
        await Deno.writeTextFile(path, fixed);
        changed++;
      }
    }
  }
  return changed;
}

if (import.meta.main) {
  const dir = Deno.args[0] ?? "out/api";
  const config = JSON.parse(await Deno.readTextFile("deno.json"));
  const changed = await rewriteTree(dir, importPaths(config.name, config.exports));
  console.log(`api_usage: rewrote the usage imports of ${changed} pages in ${dir}`);
}

/**
 * The demos' pictures: SVG training curves, PNG decision boundaries and
 * digit grids, a terminal line chart, and {@linkcode writePictures} to put
 * them in the output folder. Only the demos use it; the library stays
 * dependency-free (`npm:fast-png` and `npm:asciichart` are imported here only).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChart } from "./mod.ts";
 * assert.match(lineChart([{ name: "loss", values: [2, 1] }], { title: "Loss" }), /^<svg/);
 * ```
 * @module
 */
import { UsageError } from "../_cli.ts";

export * from "./chart.ts";
export * from "./image.ts";

/** The files of a demo's pictures: file name → SVG text or PNG bytes. */
export type Pictures = Record<string, string | Uint8Array>;

/**
 * Writes pictures into a folder, creating it (and its parents) if missing.
 * @param dir The folder, such as `out`.
 * @param pictures File names and contents.
 * @returns The paths written, in order.
 * @throws {UsageError} Without the permission to write there (`--out` is then a bad flag).
 * @example Usage
 * ```ts ignore
 * import { writePictures } from "./mod.ts";
 * await writePictures("out", { "loss.svg": "<svg/>" }); // needs --allow-write=out
 * ```
 */
export async function writePictures(dir: string, pictures: Pictures): Promise<string[]> {
  const paths: string[] = [];
  try {
    await Deno.mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(pictures)) {
      const path = `${dir.replace(/\/+$/, "")}/${name}`;
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else await Deno.writeFile(path, content);
      paths.push(path);
    }
  } catch (error) {
    const denied = error instanceof Deno.errors.NotCapable ||
      error instanceof Deno.errors.PermissionDenied;
    if (!denied) throw error;
    throw new UsageError(`--out ${dir}: ${error.message.split("\n")[0]}`);
  }
  return paths;
}

import assert from "node:assert/strict";

// The driver runs other processes and writes its JSON under out/.
const CAN_RUN = Deno.permissions.querySync({ name: "run" }).state === "granted" &&
  Deno.permissions.querySync({ name: "write", path: "out" }).state === "granted";

const ROOT = new URL("../../", import.meta.url);

/** The rows of the first markdown table after `header`, each split into trimmed cells. */
function table(markdown: string, header: RegExp): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => header.test(l));
  assert.ok(start >= 0, `no table headed ${header} in:\n${markdown}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith("|")) break;
    assert.ok(line.endsWith("|"), `table line does not end with |: ${line}`);
    rows.push(line.slice(1, -1).split("|").map((c) => c.trim()));
  }
  return rows;
}

Deno.test({
  name: "bench/compare.ts --quick --only micrograd prints a well-formed table and writes its JSON",
  ignore: !CAN_RUN,
}, async () => {
  const out = "out/test-bench/compare.json";
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-run",
      "--allow-read",
      "--allow-write=out",
      "--allow-env",
      "--allow-sys",
      "bench/compare.ts",
      "--quick",
      "--only",
      "micrograd",
      "--contenders",
      "nabla,naive-ts,micrograd-py-gc-off",
      "--out",
      out,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const markdown = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));

  assert.match(markdown, /^## nabla and its peers, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
  assert.match(markdown, /^Machine: .+ \(\d+ cores/m);
  assert.match(markdown, /^Versions: nabla \S+ \(1 thread\), Deno \d+\.\d+\.\d+/m);
  const rows = table(markdown, /^\| scalar workload \|/);
  assert.deepEqual(rows[0].slice(0, 3), ["scalar workload", "nabla", "naive TS Value"]);
  assert.ok(rows[1].every((c) => /^-+:?$/.test(c) || c === "---"), `separator row: ${rows[1]}`);
  assert.equal(rows.length, 3);
  for (const row of rows) assert.equal(row.length, rows[0].length, `ragged row: ${row}`);
  const [title, nabla, naive] = rows[2];
  assert.match(title, /^micrograd step, .*, ms$/);
  assert.match(nabla, /^[\d,]+(\.\d+)?$/);
  assert.match(naive, /^[\d,]+(\.\d+)? \(×[\d.]+\)$/);
  // The Python twin either ran or left a numbered note.
  const python = rows[2][3];
  if (python.startsWith("—")) assert.match(markdown, /^Notes:$/m);
  else assert.match(python, /^[\d,]+(\.\d+)? \(×[\d.]+\)$/);

  const json = JSON.parse(await Deno.readTextFile(new URL(out, ROOT)));
  assert.equal(json.markdown.trim(), markdown.trim());
  assert.deepEqual(json.workloads.map((w: { id: string }) => w.id), ["micrograd"]);
  const nablaResult = json.results.micrograd.nabla;
  assert.ok(nablaResult.ms > 0 && nablaResult.roundsMs.length === 1, JSON.stringify(nablaResult));
  assert.ok(json.results.micrograd["naive-ts"].nablaAdvantage > 0);
  // Both engines computed the same first loss (same data and initial weights).
  const losses = Object.values(json.raw as Record<string, { rounds: { firstLoss: number }[] }>)
    .flatMap((cell) => cell.rounds.map((r) => r.firstLoss));
  assert.ok(losses.length >= 2);
  for (const loss of losses) assert.ok(Math.abs(loss - losses[0]) < 1e-12, `losses ${losses}`);
});

/**
 * Keeps the docs honest: every TypeScript block of the Markdown pages is run by
 * `deno task test` (this file checks that it is), shell blocks name real tasks,
 * links and pictures resolve, and each page of the learner's path ends with its
 * exercises, questions and links to the code.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);
const CONFIG = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT))) as {
  tasks: Record<string, string>;
};
const PAGES = [...Deno.readDirSync(new URL("docs/", ROOT))]
  .filter((e) => e.isFile && /^\d\d-.*\.md$/.test(e.name))
  .map((e) => e.name)
  .sort();
const MARKDOWN = ["README.md", "docs/README.md", "docs/notebooks/README.md", "docs/architecture.md"]
  .concat(PAGES.map((p) => `docs/${p}`));

const text = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));

interface Fence {
  info: string;
  body: string;
  line: number;
}

/** Fenced code blocks (``` or ~~~, any indentation), with their info string. */
function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)(`{3,}|~{3,})(.*)$/);
    if (!open) continue;
    const [, , marker, info] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trim().startsWith(marker)) body.push(lines[j++]);
    found.push({ info: info.trim(), body: body.join("\n"), line: i + 1 });
    i = j;
  }
  return found;
}

Deno.test("docs pages are the learner's path 0 to 6, listed in order by docs/README.md", () => {
  assert.deepEqual(PAGES.map((p) => p.slice(0, 2)), ["00", "01", "02", "03", "04", "05", "06"]);
  const index = text("docs/README.md");
  const linked = [...index.matchAll(/\]\((\d\d-[^)#]+\.md)\)/g)].map((m) => m[1]);
  assert.deepEqual(linked, PAGES);
});

Deno.test("deno task test runs the code blocks of README.md and of every docs page", () => {
  const task = CONFIG.tasks.test.split(/\s+/);
  assert.ok(task.includes("--doc"), "the test task must pass --doc");
  assert.ok(task.includes("."), "the test task must include . (docs/*.md among them)");
  assert.ok(task.includes("README.md"), "the test task must include README.md");
});

Deno.test("every code block of the docs is a test, a formula or a real command", () => {
  const problems: string[] = [];
  for (const path of MARKDOWN) {
    for (const { info, body, line } of fences(text(path))) {
      const where = `${path}:${line}`;
      if (info === "ts") continue; // run by deno test --doc
      if (info === "text") continue; // formulas, diagrams, code quoted from a file
      if (info === "sh") {
        for (const raw of body.split("\n")) {
          const command = raw.replace(/#.*$/, "").trim();
          if (command === "") continue;
          const task = command.match(/^(?:npx -y deno@[\d.]+ |deno )task (\S+)/);
          if (task) {
            if (!(task[1] in CONFIG.tasks)) problems.push(`${where}: no task "${task[1]}"`);
          } else if (
            !/^(bash \.ci\/run|bash tests\/node\/run\.sh|deno jupyter --install|jupyter lab )/.test(
              command,
            )
          ) {
            problems.push(`${where}: unknown command "${command}"`);
          }
        }
        continue;
      }
      problems.push(
        `${where}: a \`\`\`${info} block is neither run nor checked (use ts, text or sh)`,
      );
    }
  }
  assert.deepEqual(problems, []);
});

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, "").replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

function notebookMarkdown(path: string): string {
  const notebook = JSON.parse(text(path)) as { cells: { cell_type: string; source: string[] }[] };
  return notebook.cells.filter((c) => c.cell_type === "markdown").map((c) => c.source.join(""))
    .join("\n\n");
}

Deno.test("every relative link and picture of the docs and notebooks resolves", () => {
  const notebooks = [...Deno.readDirSync(new URL("docs/notebooks/", ROOT))]
    .filter((e) => e.name.endsWith(".ipynb")).map((e) => `docs/notebooks/${e.name}`);
  const problems: string[] = [];
  const sources: [string, string][] = [
    ...MARKDOWN.map((p): [string, string] => [p, text(p)]),
    ...notebooks.map((p): [string, string] => [p, notebookMarkdown(p)]),
  ];
  let checked = 0;
  for (const [path, markdown] of sources) {
    const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    const targets = [
      ...[...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]),
      ...[...prose.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]),
    ];
    for (const target of targets) {
      if (/^(https?:|mailto:)/.test(target)) continue;
      checked++;
      const [file, anchor] = target.split("#");
      const url = file === "" ? new URL(path, ROOT) : new URL(file, new URL(path, ROOT));
      let stat: Deno.FileInfo;
      try {
        stat = Deno.statSync(url);
      } catch {
        problems.push(`${path}: ${target} does not exist`);
        continue;
      }
      if (anchor !== undefined && stat.isFile && url.pathname.endsWith(".md")) {
        if (!anchors(Deno.readTextFileSync(url)).has(anchor)) {
          problems.push(`${path}: ${target}: no heading #${anchor}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 100, `only ${checked} links checked`);
});

Deno.test("each page ends with exercises, interview questions with folded answers, and code links", () => {
  for (const page of PAGES) {
    const markdown = text(`docs/${page}`);
    const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const tail = headings.slice(-3);
    assert.deepEqual(
      tail,
      ["Exercises", "Interview questions", "In the code, and to try"],
      `${page} ends with ${tail}`,
    );
    const folded = markdown.match(/<details>\s*<summary>/g)?.length ?? 0;
    assert.ok(folded >= 3, `${page} has ${folded} folded sections (hints, solutions, answers)`);
    const code = markdown.slice(markdown.lastIndexOf("## In the code"));
    assert.match(code, /\]\(\.\.\/(scalar|tensor|nn|examples|optim)\//, `${page} links no code`);
  }
});

Deno.test("the README shows a loss curve, a decision boundary, a digit grid and a graph", () => {
  const readme = text("README.md");
  const pictures = [...readme.matchAll(/<img [^>]*src="([^"]+)"|!\[[^\]]*\]\(([^)]+)\)/g)]
    .map((m) => m[1] ?? m[2]);
  for (const figure of ["mnist-loss.svg", "moons-boundary.png", "mnist-test.png"]) {
    assert.ok(pictures.some((p) => p.endsWith(figure)), `README shows no ${figure}`);
  }
  assert.ok(pictures.some((p) => /graph\.svg$/.test(p)), "README shows no computation graph");
  // Every figure in docs/figures is shown somewhere.
  const everything = MARKDOWN.map(text).join("\n");
  for (const entry of Deno.readDirSync(new URL("docs/figures/", ROOT))) {
    if (!/\.(svg|png)$/.test(entry.name)) continue;
    assert.ok(
      everything.includes(`figures/${entry.name}`),
      `docs/figures/${entry.name} is shown nowhere`,
    );
  }
});

Deno.test("the README lists every demo task and the playground", () => {
  const readme = text("README.md");
  for (const task of ["xor", "moons", "mnist", "graph", "compare-torch", "playground:serve"]) {
    assert.ok(task in CONFIG.tasks, `no task ${task}`);
    assert.match(readme, new RegExp(`deno task ${task}\\b`), `README does not mention ${task}`);
  }
});

Deno.test("the playground's links to the docs resolve", () => {
  const html = text("playground/index.html");
  const links = [...html.matchAll(/href="(\.\.\/docs\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(links.length >= 5, `${links.length} links`);
  for (const link of links) {
    const [file, anchor] = link.split("#");
    const url = new URL(file, new URL("playground/", ROOT));
    const markdown = Deno.readTextFileSync(url);
    if (anchor !== undefined) assert.ok(anchors(markdown).has(anchor), `${link}: no heading`);
  }
});

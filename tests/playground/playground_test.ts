/**
 * End-to-end test of the browser playground: builds the bundle, serves the
 * page on loopback, and drives it in headless Chromium with playwright-core.
 * Ignored, with the reason printed, where Chromium or the permissions to run
 * it are missing (`.ci/run` installs Debian's `chromium`).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { servePlayground } from "../../playground/serve.ts";

const ROOT = new URL("../../", import.meta.url);
const CHROMIUM = chromiumPath();
const SCREENSHOT = new URL("out/playground.png", ROOT);
// Playwright's profile and artifacts go to os.tmpdir(): keep them under out/,
// the only folder the test task may write.
const TMP = new URL("out/playground-tmp/", ROOT);
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

function chromiumPath(): string {
  const env = Deno.permissions.querySync({ name: "env", variable: "CHROMIUM_PATH" });
  return (env.state === "granted" && Deno.env.get("CHROMIUM_PATH")) || "/usr/bin/chromium";
}

function whyIgnored(): string {
  const needed: [Deno.PermissionDescriptor, string][] = [
    [{ name: "run" }, "--allow-run"],
    [{ name: "env" }, "--allow-env"],
    [{ name: "net", host: "127.0.0.1" }, "--allow-net=127.0.0.1"],
    [{ name: "write", path: new URL("out", ROOT) }, "--allow-write=out"],
    [{ name: "sys", kind: "homedir" }, "--allow-sys=homedir,osRelease"],
    [{ name: "sys", kind: "osRelease" }, "--allow-sys=homedir,osRelease"],
  ];
  for (const [descriptor, flag] of needed) {
    if (Deno.permissions.querySync(descriptor).state !== "granted") {
      return `needs ${flag} (see the "test" task in deno.json)`;
    }
  }
  try {
    Deno.statSync(CHROMIUM);
  } catch {
    return `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  }
  return "";
}

const IGNORED = whyIgnored();
if (IGNORED) console.log(`tests/playground/playground_test.ts: e2e test ignored: ${IGNORED}`);

// Playwright asks `existsSync("/proc/sys/fs/binfmt_misc/WSLInterop")` when it
// loads. Node answers false for a path it cannot read; Deno throws NotCapable
// for `/proc/sys` unless given --allow-all, so answer as Node does meanwhile.
async function importPlaywright(): Promise<typeof import("playwright-core")> {
  const existsSync = fs.existsSync;
  fs.existsSync = (path) => {
    try {
      return existsSync(path);
    } catch {
      return false;
    }
  };
  try {
    return await import("playwright-core");
  } finally {
    fs.existsSync = existsSync;
  }
}

async function build(): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "playground"],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, `deno task playground failed:\n${new TextDecoder().decode(stderr)}`);
}

Deno.test({
  name: "playground steps through backward, nudges inputs and trains in headless Chromium",
  ignore: IGNORED !== "",
  // Playwright keeps timers and pipes of its own after browser.close().
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  await build();
  const { chromium } = await importPlaywright();
  await Deno.mkdir(TMP, { recursive: true });
  const tmpdir = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", TMP.pathname);
  const server = servePlayground();
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on(
      "console",
      (m) => m.type() === "error" && errors.push(`console: ${m.text()} ${m.location().url}`),
    );
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`http://127.0.0.1:${server.addr.port}/`);
    // The page runs the first preset, L = (a·b + c)·f, and draws it before any backward step.
    await page.locator("#graph svg").waitFor({ timeout: 15_000 });
    await page.locator("#step-status", { hasText: "step 0 of 3" }).waitFor({ timeout: 5_000 });
    const boxText = (selector: string) =>
      page.locator(`#graph g.node${selector}:not(.opnode) text`).allTextContents();
    assert.deepEqual(await boxText("#n0"), ["a", "data 2.0000", "grad ?"]);

    // Stepping: the output's rule runs first, then d's; each highlights its node and inputs.
    await page.click("#step-forward");
    assert.equal((await boxText(".current"))[0], "L");
    assert.match(
      await page.textContent("#rule") ?? "",
      /dL\/dd \+= f × dL\/dL = -2\.0000 × 1\.0000 = -2\.0000/,
    );
    await page.click("#step-forward");
    assert.equal((await boxText(".current"))[0], "d");
    const receiving = await page.locator("#graph g.node.receiving text:first-of-type")
      .allTextContents();
    assert.deepEqual(receiving.sort(), ["c", "e"]);
    assert.equal(await page.locator("#graph g.edge.flow").count(), 2);
    await page.click("#step-all");
    await page.locator("#step-status", { hasText: "step 3 of 3" }).waitFor({ timeout: 5_000 });
    assert.deepEqual(await boxText("#n0"), ["a", "data 2.0000", "grad 6.0000"]);
    await page.click("#step-back");
    assert.deepEqual(await boxText("#n0"), ["a", "data 2.0000", "grad ?"]);
    assert.equal((await boxText(".current"))[0], "d");

    // Nudging an input moves the output by about grad × nudge.
    await page.selectOption("#preset", "micrograd");
    await page.locator("#graph-result", { hasText: "g = 24.7041" }).waitFor({ timeout: 10_000 });
    await page.selectOption("#nudge-input", "a");
    await page.fill("#nudge", "0.01");
    const delta = Number(await page.getAttribute("#nudge-delta", "data-value"));
    const predicted = Number(await page.getAttribute("#nudge-predicted", "data-value"));
    assert.ok(Math.abs(predicted - 138.8338 * 0.01) < 1e-4, `predicted ${predicted}`);
    assert.ok(Math.abs(delta - predicted) < 0.05 * Math.abs(predicted), `${delta} vs ${predicted}`);

    // micrograd's test: gradients as micrograd's, no NaN from the constant exponent of e**2.
    await page.click("#step-all");
    const svg = await page.locator("#graph svg").innerHTML();
    assert.match(svg, /grad 138\.8338/); // dg/da
    assert.match(svg, /grad 645\.5773/); // dg/db
    assert.match(svg, />\*\*2</);
    assert.doesNotMatch(svg, /NaN|#fecaca/);

    // A value used twice has two edges into its op; zoom changes the view.
    await page.fill("#expr", "a = 3\nc = a + a");
    await page.click("#draw");
    await page.locator("#graph-result", { hasText: "c = 6.0000" }).waitFor({ timeout: 10_000 });
    const titles = await page.locator("#graph g.edge title").allTextContents();
    assert.equal(titles.filter((t) => t === "n0->n1_op").length, 2, titles.join(", "));
    const before = await page.getAttribute("#graph svg", "viewBox");
    await page.click("#zoom-in");
    assert.notEqual(await page.getAttribute("#graph svg", "viewBox"), before);
    assert.equal(await page.textContent("#zoom-level"), "150%");
    await page.click("#zoom-fit");
    assert.equal(await page.getAttribute("#graph svg", "viewBox"), before);

    // A typed expression, then a bad one, which is reported on the page only.
    await page.fill("#expr", "x = 0.5\ny = tanh(x * 2) + x ** 2");
    await page.click("#draw");
    await page.locator("#graph-result", { hasText: "y = 1.0116" }).waitFor({ timeout: 10_000 });
    await page.fill("#expr", "y = eval(1)");
    await page.click("#draw");
    await page.locator("#graph-error", { hasText: "not defined" }).waitFor({ timeout: 10_000 });
    await page.selectOption("#preset", "neuron");
    await page.locator("#graph-result", { hasText: "o = 0.7071" }).waitFor({ timeout: 10_000 });
    await page.click("#step-forward");

    // Bad hidden sizes are reported on the page; good settings start afresh.
    await page.fill("#hidden", "16, x");
    await page.dispatchEvent("#hidden", "change");
    await page.locator("#train-error", { hasText: "parseHidden()" }).waitFor({ timeout: 5_000 });
    await page.fill("#hidden", "12, 12");
    await page.dispatchEvent("#hidden", "change");
    await page.fill("#noise", "0.2");
    await page.dispatchEvent("#noise", "change");
    await page.locator("#train-error").waitFor({ state: "hidden", timeout: 5_000 });
    assert.equal(await page.textContent("#noise-value"), "0.20");

    // Training runs, its loss falls, it pauses, and both accuracies show.
    await page.selectOption("#speed", "20");
    await page.click("#start");
    const shown: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const text = await page.textContent("#loss");
      const loss = Number(text);
      if (text && Number.isFinite(loss) && loss !== shown[shown.length - 1]) shown.push(loss);
      if (shown.length >= 5 && shown[shown.length - 1] < shown[0] * 0.7) break;
      await page.waitForTimeout(100);
    }
    assert.equal(await page.textContent("#start"), "Pause");
    await page.click("#start"); // pause
    assert.ok(shown.length >= 5, `the loss was shown ${shown.length} times: ${shown}`);
    assert.ok(
      shown[shown.length - 1] < shown[0] * 0.7,
      `the loss did not fall by 30%: first ${shown[0]}, last ${shown[shown.length - 1]}`,
    );
    const paused = Number(await page.textContent("#step"));
    assert.ok(paused > 0);
    await page.waitForTimeout(400);
    assert.equal(Number(await page.textContent("#step")), paused, "training went on while paused");
    assert.equal(await page.textContent("#start"), "Resume");
    assert.equal(await page.getAttribute("body", "data-state"), "paused");
    assert.match(await page.textContent("#accuracy") ?? "", /^\d+\.\d%$/);
    assert.match(await page.textContent("#test-accuracy") ?? "", /^\d+\.\d%$/);
    await page.click("#train-step");
    assert.equal(Number(await page.textContent("#step")), paused + 1);

    // The docs the page links to are served.
    const href = await page.getAttribute("#docs-links a[href$='00-derivatives.md']", "href");
    const doc = await page.request.get(new URL(href!, page.url()).href);
    assert.equal(doc.status(), 200);

    await Deno.mkdir(new URL(".", SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser?.close();
    await server.shutdown();
    if (tmpdir === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", tmpdir);
    await Deno.remove(TMP, { recursive: true }).catch(() => {});
  }
});

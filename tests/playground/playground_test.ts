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
  name: "playground trains an MLP and draws a graph in headless Chromium",
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
    // The page draws the first preset's graph on load.
    await page.locator("#graph svg").waitFor({ timeout: 15_000 });

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
    await page.click("#start"); // stop, so that the screenshot shows a still state
    assert.ok(shown.length >= 5, `the loss was shown ${shown.length} times: ${shown}`);
    assert.ok(
      shown[shown.length - 1] < shown[0] * 0.7,
      `the loss did not fall by 30%: first ${shown[0]}, last ${shown[shown.length - 1]}`,
    );
    assert.ok(Number(await page.textContent("#step")) > 0);

    // micrograd's test expression: g = 24.7041.
    await page.selectOption("#preset", "micrograd");
    await page.locator("#graph-result", { hasText: "g = 24.7041" }).waitFor({ timeout: 10_000 });
    const svg = await page.locator("#graph svg").innerHTML();
    assert.match(svg, /grad 138\.8338/); // dg/da
    assert.match(svg, /grad 645\.5773/); // dg/db

    // A typed expression, then a bad one, which is reported on the page only.
    await page.fill("#expr", "x = 0.5\ny = tanh(x * 2) + x ** 2");
    await page.click("#draw");
    await page.locator("#graph-result", { hasText: "y = 1.0116" }).waitFor({ timeout: 10_000 });
    await page.fill("#expr", "y = eval(1)");
    await page.click("#draw");
    await page.locator("#graph-error", { hasText: "not defined" }).waitFor({ timeout: 10_000 });
    await page.selectOption("#preset", "neuron");
    await page.locator("#graph-result", { hasText: "o = 0.7071" }).waitFor({ timeout: 10_000 });

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

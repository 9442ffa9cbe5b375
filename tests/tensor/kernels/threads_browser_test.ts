/**
 * Threads in a browser, end to end, in headless Chromium: on a cross-origin
 * isolated page, products split inside a Worker (bit for bit as on one
 * thread) while the main thread refuses threads with a warning saying why; on
 * a page that is not isolated, the Worker refuses them too. Ignored, with the
 * reason printed, where Chromium or the permissions to run it are missing
 * (`.ci/run` installs Debian's `chromium`).
 */
import assert from "node:assert/strict";
import fs from "node:fs";

const ROOT = new URL("../../../", import.meta.url);
const TMP = new URL("out/threads-browser-tmp/", ROOT);
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"];

function chromiumPath(): string {
  const env = Deno.permissions.querySync({ name: "env", variable: "CHROMIUM_PATH" });
  return (env.state === "granted" && Deno.env.get("CHROMIUM_PATH")) || "/usr/bin/chromium";
}
const CHROMIUM = chromiumPath();

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
if (IGNORED) console.log(`tests/tensor/kernels/threads_browser_test.ts: ignored: ${IGNORED}`);

// As in tests/playground/playground_test.ts: Playwright probes /proc/sys at load.
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

/** One script bundled for the browser, as text. */
async function bundle(entry: string): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform=browser", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  assert.equal(code, 0, `deno bundle ${entry} failed:\n${text.decode(stderr)}`);
  return text.decode(stdout);
}

const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

interface Outcome {
  error?: string;
  isolated?: boolean;
  mainThread?: { warnings: string[]; poolThreads: number };
  worker?: { warnings: string[]; poolThreads: number; split: number; identical: boolean };
}

Deno.test({
  name: "setNumThreads() splits products inside a browser Worker and refuses elsewhere",
  ignore: IGNORED !== "",
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const dir = "tests/tensor/kernels/";
  const files: Record<string, [string, string]> = {
    "index.html": [
      '<!doctype html><meta charset="utf-8"><script type="module" src="main.js"></script>',
      "text/html",
    ],
    "main.js": [await bundle(`${dir}_threads_browser_main.ts`), "text/javascript"],
    "worker.js": [await bundle(`${dir}_threads_browser_worker.ts`), "text/javascript"],
  };
  // /isolated/ is served cross-origin isolated, /plain/ is not.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const [, area, name] = new URL(request.url).pathname.split("/");
    const file = files[name];
    if (file === undefined || (area !== "isolated" && area !== "plain")) {
      return new Response("not found", { status: 404 });
    }
    const headers = { "Content-Type": file[1], ...(area === "isolated" ? ISOLATION : {}) };
    return new Response(file[0], { headers });
  });
  const { chromium } = await importPlaywright();
  await Deno.mkdir(TMP, { recursive: true });
  const tmpdir = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", TMP.pathname);
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
    const outcome = async (area: string): Promise<Outcome> => {
      const page = await browser!.newPage();
      await page.goto(`http://127.0.0.1:${server.addr.port}/${area}/index.html`);
      await page.waitForFunction(() => "result" in globalThis, null, { timeout: 30_000 });
      return await page.evaluate(() => (globalThis as { result?: Outcome }).result!);
    };

    const isolated = await outcome("isolated");
    assert.equal(isolated.error, undefined);
    assert.equal(isolated.isolated, true);
    assert.equal(isolated.mainThread!.poolThreads, 1);
    assert.match(isolated.mainThread!.warnings.join("\n"), /main thread.*inside a Worker/);
    const worker = isolated.worker!;
    assert.deepEqual(worker.warnings, []);
    assert.equal(worker.poolThreads, 2);
    assert.ok(worker.split > 0, "no product was split");
    assert.equal(worker.identical, true);

    const plain = await outcome("plain");
    assert.equal(plain.isolated, false);
    assert.equal(plain.worker!.poolThreads, 1);
    assert.match(plain.worker!.warnings.join("\n"), /not cross-origin isolated/);
  } finally {
    await browser?.close();
    await server.shutdown();
    if (tmpdir === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", tmpdir);
    await Deno.remove(TMP, { recursive: true }).catch(() => {});
  }
});

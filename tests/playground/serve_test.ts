import assert from "node:assert/strict";
import { servePlayground } from "../../playground/serve.ts";

const CAN_LISTEN =
  Deno.permissions.querySync({ name: "net", host: "127.0.0.1" }).state === "granted";

Deno.test({
  name: "servePlayground() serves the page on loopback and nothing outside its folder",
  ignore: !CAN_LISTEN,
}, async () => {
  const server = servePlayground();
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(await page.text(), /<script type="module" src="dist\/main\.js">/);
    const css = await fetch(`${base}/style.css`);
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    await css.body?.cancel();
    const doc = await fetch(`${base}/docs/00-derivatives.md`); // the page links ../docs/
    assert.equal(doc.status, 200);
    assert.match(await doc.text(), /^# 0\. Derivatives by nudging/);
    for (
      const path of ["/missing.js", "/%2e%2e/deno.json", "/..%2fdeno.json", "/docs/../deno.json"]
    ) {
      const response = await fetch(base + path);
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
  } finally {
    await server.shutdown();
  }
});

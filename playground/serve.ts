/**
 * A static file server for the playground, on loopback only. It also serves
 * the repository's `docs/` folder under `/docs/`, so that the page's links to
 * the docs work as they do in the repository (`../docs/...` from the page).
 *
 * Run: `deno task playground:serve` (builds the bundle first), then open the
 * printed address.
 */

const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  json: "application/json",
  map: "application/json",
  md: "text/plain; charset=utf-8",
  ts: "text/plain; charset=utf-8",
};

/** Options for {@linkcode servePlayground}. */
export interface ServeOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Folder served, holding `index.html` and `dist/`.
   * @default this file's folder
   */
  root?: string | URL;
  /**
   * Folder served under `/docs/`.
   * @default the docs folder next to this file's folder
   */
  docs?: string | URL;
  /** Called once the server listens. */
  onListen?: (addr: Deno.NetAddr) => void;
}

/**
 * Serves the playground's files on `127.0.0.1`.
 * @param options Port, folder and a callback once listening.
 * @returns The server; `await server.shutdown()` stops it.
 */
export function servePlayground(options: ServeOptions = {}): Deno.HttpServer<Deno.NetAddr> {
  const folder = (url: URL) => (url.href.endsWith("/") ? url : new URL(url.href + "/"));
  const base = folder(new URL(options.root ?? ".", import.meta.url));
  const docs = folder(new URL(options.docs ?? "../docs/", import.meta.url));
  return Deno.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    onListen: options.onListen ?? (() => {}),
  }, async (request) => {
    const path = decodeURIComponent(new URL(request.url).pathname);
    if ((request.method !== "GET" && request.method !== "HEAD") || path.split("/").includes("..")) {
      return new Response("Not found", { status: 404 });
    }
    const name = path.endsWith("/") ? path + "index.html" : path;
    const file = name.startsWith("/docs/")
      ? new URL("." + name.slice("/docs".length), docs)
      : new URL("." + name, base);
    try {
      const body = await Deno.readFile(file);
      const type = TYPES[name.split(".").pop() ?? ""] ?? "application/octet-stream";
      return new Response(body, { headers: { "content-type": type, "cache-control": "no-store" } });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  });
}

if (import.meta.main) {
  const port = Number(Deno.args[0] ?? 8000);
  servePlayground({
    port,
    onListen: ({ port }) => console.log(`Playground on http://127.0.0.1:${port}/`),
  });
}

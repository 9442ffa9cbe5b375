/**
 * A static file server for the playground, on loopback only.
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
  /** Called once the server listens. */
  onListen?: (addr: Deno.NetAddr) => void;
}

/**
 * Serves the playground's files on `127.0.0.1`.
 * @param options Port, folder and a callback once listening.
 * @returns The server; `await server.shutdown()` stops it.
 */
export function servePlayground(options: ServeOptions = {}): Deno.HttpServer<Deno.NetAddr> {
  const root = new URL(options.root ?? ".", import.meta.url);
  const base = root.href.endsWith("/") ? root : new URL(root.href + "/");
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
    const file = new URL("." + name, base);
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

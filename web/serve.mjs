// A small static server for web/dist that serves it as a production host should:
// `application/wasm` for the wasm (so browsers compile it while it downloads), and the
// precompressed `.br` / `.gz` files that web/build.sh writes next to each file, chosen by
// the browser's Accept-Encoding, with `Content-Encoding` and `Vary: Accept-Encoding`.
// No dependencies beyond Node itself.
//
//   node web/serve.mjs [DIR] [PORT]      # defaults: web/dist 8080
//
// It answers only GET/HEAD, never lists folders, never serves outside DIR, and logs
// each 404 (the page must cause none).

import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";

const root = resolve(process.argv[2] ?? "web/dist");
const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ron": "text/plain; charset=utf-8",
  ".glb": "model/gltf-binary",
  ".gltf": "model/gltf+json",
  ".ttf": "font/ttf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

function fileAt(path) {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

export function startServer(dir = root, listenPort = port, log = console.log) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (!file.startsWith(base + sep) || !fileAt(file)) {
      log(`404 ${req.url}`);
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    const accepts = String(req.headers["accept-encoding"] ?? "");
    const headers = {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Vary": "Accept-Encoding",
      // The page itself is checked every time; the files it loads change with it.
      "Cache-Control": extname(file) === ".html" ? "no-cache" : "max-age=300",
    };
    let body = file;
    for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
      if (new RegExp(`\\b${encoding}\\b`).test(accepts) && fileAt(file + suffix)) {
        body = file + suffix;
        headers["Content-Encoding"] = encoding;
        break;
      }
    }
    headers["Content-Length"] = fileAt(body).size;
    res.writeHead(200, headers);
    if (req.method === "HEAD") res.end();
    else createReadStream(body).pipe(res);
  });
  return new Promise((ok) => server.listen(listenPort, "127.0.0.1", () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer();
  console.log(`serving ${root} at http://localhost:${server.address().port}/`);
}

// A small static server for web/dist that serves it as a production host should:
// `application/wasm` for the wasm (so browsers compile it while it downloads), and the
// precompressed `.br` / `.gz` files that web/build.sh writes next to each file, chosen by
// the browser's Accept-Encoding, with `Content-Encoding` and `Vary: Accept-Encoding`.
// No dependencies beyond Node itself.
//
//   node web/serve.mjs [DIR] [PORT] [--encodings=br,gzip]   # defaults: web/dist 8080
//
// --encodings names the precompressed copies it may send (`gzip` alone, or `none`): to
// try the page as a host without brotli serves it, such as any server on plain HTTP,
// where browsers do not ask for brotli. The page then fetches the `.br` copies itself
// (web/brotli.js); requested by name, a `.br` file is sent as plain bytes.
// It answers only GET/HEAD, never lists folders, never serves outside DIR, and logs
// each 404 (the page must cause none).

import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";

const options = process.argv.slice(2).filter((a) => a.startsWith("--"));
for (const option of options) {
  if (!option.startsWith("--encodings=")) {
    console.error(`serve.mjs: unknown option ${option} (usage: node web/serve.mjs [DIR] [PORT] [--encodings=br,gzip|gzip|none])`);
    process.exit(2);
  }
}
const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const root = resolve(positional[0] ?? "web/dist");
const port = Number(positional[1] ?? process.env.PORT ?? 8080);
const ALL_ENCODINGS = [["br", ".br"], ["gzip", ".gz"]];
/// The encodings named by --encodings=… (`none` for none); all of them by default.
export function parseEncodings(value) {
  if (value === undefined) return ALL_ENCODINGS.map(([name]) => name);
  const names = value === "none" ? [] : value.split(",");
  for (const name of names) {
    if (!ALL_ENCODINGS.some(([known]) => known === name)) {
      throw new Error(`unknown encoding '${name}' (known: br, gzip, none)`);
    }
  }
  return names;
}

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

export function startServer(dir = root, listenPort = port, log = console.log, encodings = parseEncodings()) {
  const base = resolve(dir);
  const offered = ALL_ENCODINGS.filter(([name]) => encodings.includes(name));
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
    for (const [encoding, suffix] of offered) {
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
  const flag = options.find((o) => o.startsWith("--encodings="));
  const encodings = parseEncodings(flag?.slice("--encodings=".length));
  const server = await startServer(root, port, console.log, encodings);
  console.log(`serving ${root} at http://localhost:${server.address().port}/ ` +
    `(precompressed: ${encodings.join(", ") || "none"})`);
}

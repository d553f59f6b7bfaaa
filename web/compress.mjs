// Writes a brotli (quality 11, or $BROTLI_QUALITY) and a gzip (level 9) copy next to every compressible file
// of a folder, for servers that send precompressed files (web/serve.mjs, nginx's
// gzip_static / brotli_static, Caddy's precompressed). A copy that would not be smaller
// is not written.
//
//   node web/compress.mjs web/dist

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, extname } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const COMPRESSIBLE = new Set([".wasm", ".js", ".html", ".ron", ".glb", ".ttf", ".json", ".svg", ".txt"]);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(path))) yield path;
  }
}

const quality = Number(process.env.BROTLI_QUALITY ?? 11);
const dir = process.argv[2];
if (!dir) {
  console.error("usage: node web/compress.mjs DIR");
  process.exit(2);
}
for (const path of files(dir)) {
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  if (br.length < raw.length) writeFileSync(path + ".br", br);
  if (gz.length < raw.length) writeFileSync(path + ".gz", gz);
}

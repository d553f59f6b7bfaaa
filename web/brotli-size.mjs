// Prints a file's size under brotli 11 with a 16 MB window, as web/compress.mjs writes it
// (web/build.sh and web/size-report.sh keep wasm-opt's output only if this shrinks).
//   node web/brotli-size.mjs FILE
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const bytes = readFileSync(process.argv[2]);
console.log(brotliCompressSync(bytes, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  },
}).length);

// Prints the web build's files with their raw, gzip and brotli sizes (the .gz/.br copies
// web/compress.mjs wrote, as a server sends them), the first view's total (also from hosts
// without brotli, where the page decodes the brotli copies itself), and the app's wasm
// against a bare Bevy app's (web/size-report.sh builds both).
//   node web/sizes.mjs web/dist [web/bare/dist]

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const [dist, bare] = process.argv.slice(2);
const size = (p) => (existsSync(p) ? statSync(p).size : null);
function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (!/\.(br|gz)$/.test(p)) yield p;
  }
}
const row = (p) => {
  const raw = size(p);
  return { path: p, raw, gz: size(p + ".gz") ?? raw, br: size(p + ".br") ?? raw };
};
const mb = (n) => (n / 1e6).toFixed(2).padStart(7);

// What the page fetches before the first frame (web/index.html and the app): the page,
// its script, the wasm, the first fonts, the default scene's files and the models it
// loads. Scene files and models are found by what the default scene references.
const firstView = new Set(["index.html", "venue-guide.js", "venue-guide_bg.wasm", "stereo.js",
  "assets/fonts/web/sc-regular.ttf", "assets/fonts/web/sc-bold.ttf", "assets/fonts/web/names.ttf",
  "scenes/index.ron"].map((p) => join(dist, p)));
import { readFileSync } from "node:fs";
const venue = readFileSync(join(dist, "scenes/small-eatery/venue.ron"), "utf8");
firstView.add(join(dist, "scenes/small-eatery/venue.ron"));
for (const m of venue.matchAll(/(?:catalogue|rule_packs)\s*:\s*\[?([^\]\n]*)/g)) {
  for (const f of m[1].matchAll(/"([^"]+\.ron)"/g)) firstView.add(join(dist, "scenes/small-eatery", f[1]));
}
// Every model of the catalogue, not only the placed ones (venue_asset::model_paths: the
// edit palette may add any of them), and any model a fixture of the scene names itself.
const catalogue = readFileSync(join(dist, "scenes/catalogue.ron"), "utf8");
for (const text of [catalogue, venue]) {
  for (const m of text.matchAll(/model\s*:\s*(?:Some\()?"([^"]+\.gl(?:b|tf))"/g)) {
    firstView.add(join(dist, "assets", m[1]));
  }
}

console.log(`${"file".padEnd(56)} ${"raw MB".padStart(7)} ${"gzip".padStart(7)} ${"brotli".padStart(7)}  first view`);
const total = { raw: 0, gz: 0, br: 0 };
const first = { raw: 0, gz: 0, br: 0, n: 0 };
for (const p of files(dist)) {
  const r = row(p);
  const inFirst = [...firstView].some((f) => relative(f, p) === "");
  for (const k of ["raw", "gz", "br"]) total[k] += r[k];
  if (inFirst) { for (const k of ["raw", "gz", "br"]) first[k] += r[k]; first.n++; }
  if (inFirst || r.raw > 100_000) {
    console.log(`${relative(dist, p).padEnd(56)} ${mb(r.raw)} ${mb(r.gz)} ${mb(r.br)}  ${inFirst ? "yes" : ""}`);
  }
}
console.log(`${"(smaller files not in the first view are not listed)".padEnd(56)}`);
console.log(`${"first view: " + first.n + " files".padEnd(44)} ${mb(first.raw)} ${mb(first.gz)} ${mb(first.br)}`);

// On a host that sends no brotli (gzip only, or nothing), the page fetches the `.br`
// copies of the files it loads itself (the wasm and the fonts) and decodes them with its
// own decoder (web/brotli.js, dist/brotli/), which it fetches then; everything else comes
// as the host sends it.
const pageDecoded = new Set(["venue-guide_bg.wasm", "assets/fonts/web/sc-regular.ttf",
  "assets/fonts/web/sc-bold.ttf", "assets/fonts/web/names.ttf"].map((p) => join(dist, p)));
const decoderFiles = ["brotli.js", "brotli/brotli_dec_wasm.js", "brotli/brotli_dec_wasm_bg.wasm"]
  .map((p) => join(dist, p)).filter(existsSync);
for (const [host, key] of [["gzip-only host", "gz"], ["host without compression", "raw"]]) {
  let bytes = 0;
  for (const p of firstView) {
    if (!existsSync(p)) continue;
    const r = row(p);
    bytes += pageDecoded.has(p) ? r.br : r[key];
  }
  for (const p of decoderFiles) bytes += row(p)[key];
  console.log(`${("first view from a " + host + " (page decodes brotli)").padEnd(56)} ${mb(bytes)}`);
}
console.log(`${"whole folder".padEnd(56)} ${mb(total.raw)} ${mb(total.gz)} ${mb(total.br)}`);
if (bare) {
  const app = row(join(dist, "venue-guide_bg.wasm"));
  const b = row(join(bare, "bare-bevy_bg.wasm"));
  console.log(`${"bare Bevy wasm (same features and profile)".padEnd(56)} ${mb(b.raw)} ${mb(b.gz)} ${mb(b.br)}`);
  console.log(`app wasm / bare wasm: raw ${(app.raw / b.raw).toFixed(2)}×, gzip ${(app.gz / b.gz).toFixed(2)}×, brotli ${(app.br / b.br).toFixed(2)}×`);
}

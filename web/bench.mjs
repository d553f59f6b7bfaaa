// Navigation → first rendered frame, and the frame time after it, for the web build
// against a bare Bevy app (web/size-report.sh builds both), same machine, same run, in
// headless Chromium. Each page is loaded RUNS times (default 3) from its own local server
// (web/serve.mjs, precompressed files); the frame time is requestAnimationFrame's interval
// over MEASURE_S (default 10) seconds of the app's overview (the bare app: a spinning
// cube), after SETTLE_S (default 5) seconds in which the first pipelines compile.
//   node web/bench.mjs web/dist web/bare/dist
//   node web/bench.mjs s=web/dist z=/tmp/dist-z bare=web/bare/dist   # any builds, labelled
//   node web/bench.mjs br=web/dist gzip=web/dist@gzip   # FOLDER@ENCODINGS: as serve.mjs's
//                                                       # --encodings (a host without brotli)
// Needs playwright-core and Chromium, as web/test.mjs.

import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseEncodings, startServer } from "./serve.mjs";

const require = createRequire(import.meta.url);
let chromium;
for (const base of [...(process.env.NODE_PATH ?? "").split(":").filter(Boolean),
  join(homedir(), ".cache/venue-guide/node/node_modules")]) {
  try { ({ chromium } = require(join(base, "playwright-core"))); break; } catch {}
}
// Each argument is a folder, or LABEL=FOLDER, either with @ENCODINGS; two plain folders
// are the app and bare Bevy.
const builds = process.argv.slice(2).map((arg, i) => {
  const at = arg.indexOf("=");
  const [name, where] = at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [["venue-guide", "bare Bevy"][i] ?? arg, arg];
  const [dir, encodings] = where.split("@");
  return [name, dir, parseEncodings(encodings)];
});
const runs = Number(process.env.RUNS ?? 3);
const settleMs = 1000 * Number(process.env.SETTLE_S ?? 5);
const measureMs = 1000 * Number(process.env.MEASURE_S ?? 10);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"],
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};

async function measure(dir, encodings) {
  const server = await startServer(dir, 0, () => {}, encodings);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const first = [];
  const downloaded = [];
  const frames = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready", null, { timeout: 300_000 });
    const times = await page.evaluate(() => window.venueGuideTimes);
    first.push(times.firstFrame);
    if (times.downloaded) downloaded.push(times.downloaded);
    await page.waitForTimeout(settleMs);
    frames.push(...await page.evaluate((measureMs) => new Promise((done) => {
      const deltas = [];
      let last = performance.now();
      const end = last + measureMs;
      const tick = (now) => { deltas.push(now - last); last = now; now < end ? requestAnimationFrame(tick) : done(deltas); };
      requestAnimationFrame(tick);
    }), measureMs));
    await context.close();
  }
  server.close();
  return { first: stats(first), frame: stats(frames), firstRuns: first, downloaded };
}

for (const [name, dir, encodings] of builds) {
  const r = await measure(dir, encodings);
  // "downloaded": wasm compiled and first fonts decoded (the app's page only).
  const got = r.downloaded.length ? `, downloaded ${(stats(r.downloaded).mean / 1000).toFixed(2)} s` : "";
  console.log(`${name.padEnd(12)} navigation → first frame: mean ${(r.first.mean / 1000).toFixed(2)} s ` +
    `(${r.firstRuns.map((t) => (t / 1000).toFixed(2)).join(", ")}${got}); ` +
    `frame time: mean ${r.frame.mean.toFixed(1)} ms, p95 ${r.frame.p95.toFixed(1)} ms`);
}
await browser.close();

// Navigation → first rendered frame, and the frame time after it, for the web build
// against a bare Bevy app (web/size-report.sh builds both), same machine, same run, in
// headless Chromium. Each page is loaded RUNS times (default 3) from its own local server
// (web/serve.mjs, precompressed files); the frame time is requestAnimationFrame's interval
// over MEASURE_S (default 10) seconds of the app's overview (the bare app: a spinning
// cube), after SETTLE_S (default 5) seconds in which the first pipelines compile.
//   node web/bench.mjs web/dist web/bare/dist
//   node web/bench.mjs s=web/dist z=/tmp/dist-z bare=web/bare/dist   # any builds, labelled
// Needs playwright-core and Chromium, as web/test.mjs.

import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { startServer } from "./serve.mjs";

const require = createRequire(import.meta.url);
let chromium;
for (const base of [...(process.env.NODE_PATH ?? "").split(":").filter(Boolean),
  join(homedir(), ".cache/venue-guide/node/node_modules")]) {
  try { ({ chromium } = require(join(base, "playwright-core"))); break; } catch {}
}
// Each argument is a folder, or LABEL=FOLDER; two plain folders are the app and bare Bevy.
const builds = process.argv.slice(2).map((arg, i) => {
  const at = arg.indexOf("=");
  return at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [["venue-guide", "bare Bevy"][i] ?? arg, arg];
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

async function measure(dir) {
  const server = await startServer(dir, 0, () => {});
  const url = `http://127.0.0.1:${server.address().port}/`;
  const first = [];
  const frames = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready", null, { timeout: 300_000 });
    first.push(await page.evaluate(() => window.venueGuideTimes.firstFrame));
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
  return { first: stats(first), frame: stats(frames), firstRuns: first };
}

for (const [name, dir] of builds) {
  const r = await measure(dir);
  console.log(`${name.padEnd(12)} navigation → first frame: mean ${(r.first.mean / 1000).toFixed(2)} s ` +
    `(${r.firstRuns.map((t) => (t / 1000).toFixed(2)).join(", ")}); ` +
    `frame time: mean ${r.frame.mean.toFixed(1)} ms, p95 ${r.frame.p95.toFixed(1)} ms`);
}
await browser.close();

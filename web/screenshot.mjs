// Screenshot of the web build as a visitor sees it, in headless Chromium (software WebGL2).
//
// Setup, once, outside the repository (playwright-core drives a Chromium you install):
//   apt-get install -y chromium
//   mkdir -p /tmp/webshot && cd /tmp/webshot && npm init -y && npm install playwright-core
// Run (with web/dist served, e.g. `python3 -m http.server -d web/dist 8080`):
//   NODE_PATH=/tmp/webshot/node_modules node web/screenshot.mjs http://localhost:8080/ /tmp/web-shot.png
// Options (environment): WAIT_S   seconds to wait after the canvas appears (default 30)
//                        CLICKS   taps to make before the screenshot, "x,y;x,y" in page
//                                 pixels (e.g. the top bar's 选择场景 at 1280×720: 981,24),
//                                 each followed by CLICK_WAIT_S seconds (default 5)
//                        OPEN_FOLDER  a scene folder to open as a visitor would with the
//                                 edit bar's 打开… / Open… (the page's folder input), after
//                                 the taps, followed by CLICK_WAIT_S seconds
//                        CHROMIUM path of the browser (default /usr/bin/chromium)
//                        CONSOLE  where to write the console log (default <png without .png>-console.txt)
// Exit status: 0 when the page showed a <canvas> and threw nothing; 1 when the page threw
// (an uncaught exception other than winit's "Using exceptions for control flow"), logged an
// error (console.error, or a Bevy ERROR line such as a rendering validation error), no canvas
// appeared within 120 s, or the page showed its error message; 2 on wrong usage.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch {
  // NODE_PATH is not read by ES module imports; resolve from it by hand.
  const base = (process.env.NODE_PATH || "/tmp/webshot/node_modules").split(":")[0];
  ({ chromium } = require(`${base}/playwright-core`));
}

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node web/screenshot.mjs URL OUT.png");
  process.exit(2);
}
const waitS = Number(process.env.WAIT_S ?? 30);
const consolePath = process.env.CONSOLE ?? out.replace(/\.png$/, "") + "-console.txt";

const t0 = Date.now();
const stamp = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
const log = [];
const pageErrors = [];
const consoleErrors = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless=new",
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--ignore-gpu-blocklist",
    "--window-size=1280,720",
  ],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("console", (m) => {
    log.push(`${stamp()} [${m.type()}] ${m.text()}`);
    // Bevy logs through console.log with its own level: its errors (a rendering
    // validation error, a failed asset) fail the run like a page error.
    if (m.type() === "error" || m.text().startsWith("%cERROR")) consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => {
    const text = String(e?.stack ?? e);
    log.push(`${stamp()} [pageerror] ${text}`);
    if (!text.includes("Using exceptions for control flow")) pageErrors.push(text);
  });
  page.on("requestfailed", (r) => log.push(`${stamp()} [requestfailed] ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) log.push(`${stamp()} [http ${r.status()}] ${r.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  try {
    await page.waitForSelector("canvas", { timeout: 120_000 });
    log.push(`${stamp()} [script] canvas appeared`);
  } catch {
    log.push(`${stamp()} [script] no canvas within 120 s`);
    failed = true;
  }
  if (!failed) await page.waitForTimeout(waitS * 1000);
  const clicks = (process.env.CLICKS ?? "").split(";").filter((c) => c.trim());
  for (const click of clicks) {
    const [x, y] = click.split(",").map(Number);
    await page.mouse.click(x, y);
    log.push(`${stamp()} [script] clicked ${x},${y}`);
    await page.waitForTimeout(Number(process.env.CLICK_WAIT_S ?? 5) * 1000);
  }
  if (process.env.OPEN_FOLDER) {
    await page.setInputFiles("#open-folder", process.env.OPEN_FOLDER);
    log.push(`${stamp()} [script] opened the folder ${process.env.OPEN_FOLDER}`);
    await page.waitForTimeout(Number(process.env.CLICK_WAIT_S ?? 5) * 1000);
  }
  const shown = await page.evaluate(() => {
    const c = document.querySelector("canvas");
    const l = document.getElementById("loading");
    return {
      canvas: c ? `${c.width}x${c.height} (css ${c.clientWidth}x${c.clientHeight})` : null,
      loading: l ? `${l.className}: ${l.textContent}` : null,
    };
  });
  log.push(`${stamp()} [script] canvas ${shown.canvas}; loading message ${shown.loading ?? "gone"}`);
  if (shown.loading?.startsWith("error")) failed = true;
  await page.screenshot({ path: out });
  log.push(`${stamp()} [script] screenshot saved to ${out}`);
} finally {
  await browser.close();
  writeFileSync(consolePath, log.join("\n") + "\n");
}
if (pageErrors.length || consoleErrors.length) failed = true;
console.log(`console log: ${consolePath} (${log.length} lines); page errors: ${pageErrors.length}; console errors: ${consoleErrors.length}`);
process.exit(failed ? 1 : 0);

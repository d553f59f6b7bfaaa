// The web build in a real browser (headless Chromium, software WebGL2), as a visitor
// uses it. Serves web/dist with web/serve.mjs (precompressed files, as in production)
// and checks:
//   1. the standard eatery's first frame arrives; the canvas is not blank; its Chinese
//      title is on screen; the loading bar is gone;
//   2. a tap on "start the tour" (touch) and a click on "next" (mouse) move the tour;
//   3. 繁體 (its fonts are fetched then) and English switch the interface and title;
//   4. a second scene opened by its address (?scene=…&lang=en) shows its English title,
//      and in Traditional Chinese (?lang=zh-hant: fonts and dictionaries up front);
//   5. an unknown scene (?scene=…) shows the app's message, not a blank canvas;
//   6. a scene folder of the visitor's own (the folder input) with a typo shows the
//      same diagnostic as the command line (code, file:line:col);
//   7. the canvas follows the window turned to portrait, and the interface takes its
//      compact layout there: no button off the screen, the checklist scrolls under a
//      dragging finger without opening a checkpoint, a tapped row opens its card, the
//      menu opens and a tap beside it closes it;
//   8. the stereo button (a phone in a viewer) shows the side-by-side pair: two eye
//      cameras, the halves alike, and the button brings the single view back;
//   9. from a host that sends no brotli (gzip only, as any plain-HTTP server is asked),
//      the page fetches the `.br` copies and decodes them itself (web/brotli.js): the
//      first frame and title arrive, and the wasm came over the wire at its brotli size;
//      a cut-off `.br` file shows a message naming it, in both languages;
//   and throughout: no page error, no console error, no request answered 404 (no .meta).
// Screenshots of each step go to OUT (default /tmp/venue-web-test): look at them.
// It also prints navigation → first frame and the overview's frame times (mean, p95).
//
//   node web/test.mjs [DIST]
// Needs playwright-core (NODE_PATH or ~/.cache/venue-guide/node/node_modules; see
// scripts/npm-fetch.sh) and Chromium (CHROMIUM, default /usr/bin/chromium).
// Exit status 0 when every check passed, 1 otherwise.

import { createRequire } from "node:module";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parseEncodings, startServer } from "./serve.mjs";

const require = createRequire(import.meta.url);
function playwright() {
  const places = [
    ...(process.env.NODE_PATH ?? "").split(":").filter(Boolean),
    join(homedir(), ".cache/venue-guide/node/node_modules"),
  ];
  for (const base of places) {
    try {
      return require(join(base, "playwright-core"));
    } catch {}
  }
  return require("playwright-core");
}
const { chromium } = playwright();

const dist = process.argv[2] ?? "web/dist";
const out = process.env.OUT ?? "/tmp/venue-web-test";
mkdirSync(out, { recursive: true });
const FIRST_FRAME_TIMEOUT_MS = Number(process.env.FIRST_FRAME_TIMEOUT_S ?? 240) * 1000;
const STEP_TIMEOUT_MS = 60_000;

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

// The local server refuses an encoding it does not know, rather than serving without it.
check((() => { try { parseEncodings("brotli"); return false; } catch (e) { return /unknown encoding 'brotli'/.test(e.message); } })()
  && parseEncodings("none").length === 0 && parseEncodings("gzip").join() === "gzip",
  "serve.mjs --encodings: gzip, none, and an unknown name is an error");

const notFound = [];
const server = await startServer(dist, 0, (line) => notFound.push(line));
const base = `http://127.0.0.1:${server.address().port}/`;
// The same files from a host that sends gzip and nothing else.
const gzipServer = await startServer(dist, 0, (line) => notFound.push(line), ["gzip"]);
const gzipBase = `http://127.0.0.1:${gzipServer.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, hasTouch: true });
const log = [];
const problems = [];
// Console errors expected on a step (the unknown scene's load failure).
let expectedErrors = null;

async function openPage(url) {
  const page = await context.newPage();
  page.on("console", (m) => {
    const line = `[${m.type()}] ${m.text()}`;
    log.push(line);
    const bevyError = /\bERROR\b/.test(m.text());
    if ((m.type() === "error" || bevyError) && !(expectedErrors && expectedErrors.test(m.text()))) {
      problems.push(`console: ${m.text().slice(0, 300)}`);
    }
  });
  page.on("pageerror", (e) => {
    if (!String(e).includes("Using exceptions for control flow")) problems.push(`page error: ${e}`);
  });
  // What the page downloads (bytes on the wire, compressed as served) until its first frame.
  page.fetched = [];
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    // (A HEAD request has no body; the size Chromium reports for it is its Content-Length.)
    const body = r.request().method() === "HEAD" ? Promise.resolve({ responseBodySize: 0 }) : r.request().sizes();
    const method = r.request().method();
    page.fetched.push(body.then((z) => [r.url(), z.responseBodySize, method]).catch(() => [r.url(), 0, method]));
  });
  await page.goto(url);
  await page.waitForFunction(() => ["ready", "error"].includes(document.documentElement.dataset.state),
    null, { timeout: FIRST_FRAME_TIMEOUT_MS });
  return page;
}

const state = (page) => page.evaluate(() => window.venueGuideState());
async function until(page, what, test) {
  const start = Date.now();
  for (;;) {
    const s = await state(page);
    if (test(s)) return s;
    if (Date.now() - start > STEP_TIMEOUT_MS) {
      check(false, `${what} (state: ${JSON.stringify({ ...s, texts: s.texts?.slice(0, 20), buttons: undefined })})`);
      return s;
    }
    await page.waitForTimeout(250);
  }
}
const button = (s, action) => s.buttons?.find((b) => b.action === action);
const centre = (b) => ({ x: b.rect[0] + b.rect[2] / 2, y: b.rect[1] + b.rect[3] / 2 });

// How varied the screenshot is: the share of 16×16 blocks whose colours differ from the
// page background's, computed in the page from the PNG.
async function coverage(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set();
    let sum = 0, sq = 0, n = 0;
    for (let i = 0; i < d.length; i += 4 * 7) {
      const v = d[i] * 0.3 + d[i + 1] * 0.59 + d[i + 2] * 0.11;
      sum += v; sq += v * v; n++;
      colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4));
    }
    const mean = sum / n;
    return { colours: colours.size, stddev: Math.sqrt(sq / n - mean * mean) };
  }, png.toString("base64"));
}

async function shot(page, name) {
  const png = await page.screenshot({ path: join(out, `${name}.png`) });
  return coverage(page, png);
}

// How alike the left and right halves of a screenshot are: the mean absolute difference
// of their luminance, pixel by pixel (0–255). The eyes of a stereo pair differ by a few
// pixels of disparity; the halves of one picture are different parts of the room.
async function halvesDiffer(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const half = Math.floor(img.width / 2);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    const lum = (x, y) => { const i = 4 * (y * img.width + x); return d[i] * 0.3 + d[i + 1] * 0.59 + d[i + 2] * 0.11; };
    let sum = 0, n = 0;
    for (let y = 0; y < img.height; y += 3) {
      for (let x = 0; x < half; x += 3) { sum += Math.abs(lum(x, y) - lum(x + half, y)); n++; }
    }
    return sum / n;
  }, png.toString("base64"));
}

// Frame times of the page as it runs (requestAnimationFrame deltas), over `ms`.
async function frameTimes(page, ms) {
  return page.evaluate((ms) => new Promise((done) => {
    const deltas = [];
    let last = performance.now();
    const end = last + ms;
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else {
        deltas.sort((a, b) => a - b);
        const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
        done({ frames: deltas.length, mean, p95: deltas[Math.floor(deltas.length * 0.95)] });
      }
    };
    requestAnimationFrame(tick);
  }), ms);
}

try {
  // 1. The first view.
  const page = await openPage(base);
  const times = await page.evaluate(() => window.venueGuideTimes);
  check(times.firstFrame > 0, `first frame after ${(times.firstFrame / 1000).toFixed(1)} s (downloaded at ${(times.downloaded / 1000).toFixed(1)} s)`);
  let s = await until(page, "the eatery is shown with its Chinese title",
    (s) => s.venue_shown && /[\u4e00-\u9fff]/.test(s.title ?? "") && s.texts.some((t) => t.includes(s.title)));
  check(s.scene === "small-eatery", `the default scene is small-eatery (${s.scene})`);
  const fetched = await Promise.all(page.fetched);
  const bytes = fetched.reduce((sum, [, n]) => sum + n, 0);
  console.log(`first view: ${fetched.length} requests, ${(bytes / 1e6).toFixed(2)} MB on the wire (${s.scene})`);
  writeFileSync(join(out, "first-view.json"), JSON.stringify(fetched.map(([u, n]) => [u.replace(base, ""), n]), null, 1));
  // Each file once: the models were fetched twice (the venue loader, then the glTF
  // loader) before src/model_handoff.rs.
  // (The page's HEAD request on the wasm, which asks how the host compresses, is not a
  // download.)
  const urls = fetched.filter(([, , method]) => method !== "HEAD").map(([u]) => u.replace(base, ""));
  const twice = urls.filter((u, i) => urls.indexOf(u) !== i);
  check(twice.length === 0, `every file of the first view fetched once (twice: ${JSON.stringify(twice.slice(0, 5))})`);
  check(await page.evaluate(() => getComputedStyle(document.getElementById("loading")).display === "none"),
    "the loading bar is gone");
  const look = await shot(page, "1-first-view");
  check(look.colours > 40 && look.stddev > 12, `the canvas is not blank (${look.colours} colours, σ ${look.stddev.toFixed(1)})`);
  const frames = await frameTimes(page, 5000);
  console.log(`overview frame time: mean ${frames.mean.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms (${frames.frames} frames)`);
  writeFileSync(join(out, "timings.json"), JSON.stringify({ firstFrameMs: times.firstFrame, downloadedMs: times.downloaded, overview: frames }, null, 2));

  // 2. The tour: a tap (touch) on "start", a click (mouse) on "next".
  const start = button(s, "Tour(Start)");
  check(Boolean(start), "a 'start the tour' button is on screen");
  if (start) {
    const at = centre(start);
    await page.touchscreen.tap(at.x, at.y);
    s = await until(page, "the tour starts", (s) => Boolean(button(s, "Tour(Next)")));
    const before = s.texts.join("|");
    await shot(page, "2-tour-start");
    const next = button(s, "Tour(Next)");
    if (next) {
      const at2 = centre(next);
      await page.mouse.click(at2.x, at2.y);
      s = await until(page, "'next' moves the tour", (s) => s.texts.join("|") !== before);
      // The camera flies to the stop over several software-rendered frames: the
      // screenshot is of where it arrives (the first stop frames the shop and a cesspit
      // 40 m away).
      s = await until(page, "the camera arrives at the stop", (s) => s.camera_flying === false);
      await shot(page, "3-tour-next");
    }
  }

  // 3. Languages: 繁體 (fonts fetched on demand), then English.
  // (The tour is on: its bar's texts are on screen, not the venue's title.)
  for (const [lang, label, test, onScreen] of [
    ["ZhHant", "繁體", (t) => /[\u4e00-\u9fff]/.test(t), /導覽/],
    ["En", "English", (t) => /^[\x20-\x7e²–—]+$/.test(t), /\btour\b/i],
  ]) {
    const b = button(await state(page), `SetLanguage(${lang})`);
    check(Boolean(b), `a ${label} button is on screen`);
    if (!b) continue;
    const at = centre(b);
    await page.mouse.click(at.x, at.y);
    s = await until(page, `the interface switches to ${label}`,
      (s) => s.language === lang && test(s.title ?? "") && s.texts.some((t) => onScreen.test(t)));
    await page.waitForTimeout(1000);
    await shot(page, `4-${lang}`);
  }
  // Rotating a phone: the canvas follows the window.
  await page.setViewportSize({ width: 720, height: 1280 });
  await page.waitForTimeout(2000);
  const canvas = await page.evaluate(() => {
    const c = document.querySelector("canvas");
    return { css: [c.clientWidth, c.clientHeight], buffer: [c.width, c.height], dpr: devicePixelRatio };
  });
  check(canvas.css[0] === 720 && canvas.css[1] === 1280 &&
    Math.abs(canvas.buffer[0] - 720 * canvas.dpr) <= 2 && Math.abs(canvas.buffer[1] - 1280 * canvas.dpr) <= 2,
    `the canvas follows the window turned to portrait (${JSON.stringify(canvas)})`);
  // Upright, the interface takes its compact layout: nothing runs off the screen; the
  // checklist, a sheet under the view, scrolls under a finger without opening what the
  // finger landed on; a tap opens a checkpoint; the menu holds the other buttons.
  s = await until(page, "the compact layout's menu button is on the portrait screen",
    (s) => Boolean(button(s, "ToggleMenu")));
  const offScreen = s.buttons.filter((b) => !b.action.startsWith("Select(") &&
    (b.rect[0] < -1 || b.rect[0] + b.rect[2] > 721 || b.rect[1] < -1 || b.rect[1] + b.rect[3] > 1281));
  check(offScreen.length === 0, `every button is on the portrait screen (off: ${JSON.stringify(offScreen.map((b) => b.action))})`);
  await shot(page, "4-portrait");
  // The tour's stop fills the sheet with its card; leaving the tour keeps the card, and
  // closing it shows the checklist.
  // (A rebuilt panel's buttons are in the state once laid out: wait for the sheet's next
  // content, not only for the old button to go.)
  const sheetShows = (s) => s.buttons.some((b) => b.action === "CloseCard" || b.action.startsWith("Select("));
  for (const [action, what] of [["Tour(Exit)", "the tour ends"], ["CloseCard", "the card closes"]]) {
    const b = button(s, action);
    if (!b) continue;
    const at = centre(b);
    await page.touchscreen.tap(at.x, at.y);
    s = await until(page, what, (s) => !button(s, action) && sheetShows(s));
  }
  s = await until(page, "the checklist's rows are in the sheet",
    (s) => s.buttons.some((b) => b.action.startsWith("Select(")));
  await page.waitForTimeout(1000);
  s = await state(page);
  const rowInSheet = (s) => s.buttons.find((b) => b.action.startsWith("Select(") && b.rect[1] > 900 && b.rect[1] < 1100);
  const row = rowInSheet(s);
  check(Boolean(row), "a checklist row in the sheet");
  if (row) {
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, x, y) => cdp.send("Input.dispatchTouchEvent",
      { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
    const from = centre(row);
    await touch("touchStart", from.x, from.y);
    for (let i = 1; i <= 12; i++) {
      await touch("touchMove", from.x, from.y - 20 * i);
      await page.waitForTimeout(40);
    }
    await touch("touchEnd");
    s = await until(page, "the checklist follows a finger dragging it up", (s) => {
      const moved = button(s, row.action);
      return Boolean(moved) && moved.rect[1] < row.rect[1] - 120;
    });
    await page.waitForTimeout(500);
    s = await state(page);
    check(!button(s, "CloseCard"), "dragging the checklist opens no checkpoint");
    const tapped = rowInSheet(s);
    if (tapped) {
      const at = centre(tapped);
      await page.touchscreen.tap(at.x, at.y);
      s = await until(page, "a tapped row opens its card in the sheet", (s) => Boolean(button(s, "CloseCard")));
      await page.waitForTimeout(1500);
      await shot(page, "4-portrait-card");
      const close = centre(button(s, "CloseCard"));
      await page.touchscreen.tap(close.x, close.y);
      s = await until(page, "the card closes", (s) => !button(s, "CloseCard") && sheetShows(s));
      const back = button(s, tapped.action);
      check(Boolean(back) && Math.abs(back.rect[1] - tapped.rect[1]) < 4,
        `closing the card brings the checklist back where it was scrolled (row at ${back?.rect[1]}, was ${tapped.rect[1]})`);
    }
  }
  s = await until(page, "the menu's button is on screen", (s) => Boolean(button(s, "ToggleMenu")));
  const more = button(s, "ToggleMenu");
  if (more) {
    const at = centre(more);
    await page.touchscreen.tap(at.x, at.y);
    s = await until(page, "the menu opens with the large-text button", (s) => Boolean(button(s, "ToggleLargeText")));
    await shot(page, "4-portrait-menu");
    // A tap on the dimmed screen beside the menu closes it.
    await page.touchscreen.tap(60, 900);
    s = await until(page, "a tap beside the menu closes it", (s) => !button(s, "ToggleLargeText"));
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  // A scene folder of the visitor's own, with a typo: the folder input, and the same
  // diagnostic as `venue-guide validate` (code and file:line:col).
  const folder = join(mkdtempSync(join(tmpdir(), "venue-web-")), "small-eatery");
  mkdirSync(folder);
  const sceneDir = join(dist, "scenes/small-eatery");
  for (const name of readdirSync(sceneDir).filter((n) => n.endsWith(".ron"))) {
    let text = readFileSync(join(sceneDir, name), "utf8");
    if (name === "venue.ron") text = text.replace("ceiling_height:", "ceiling_hieght:");
    writeFileSync(join(folder, name), text);
  }
  expectedErrors = /E0102|ceiling_hieght|venue\.ron/;
  await page.setInputFiles("#open-folder", folder);
  s = await until(page, "a local folder with a typo shows E0102 at venue.ron:43:5",
    (s) => s.texts.some((t) => t.includes("E0102") && /venue\.ron:43:5/.test(t)));
  await page.waitForTimeout(1000);
  await shot(page, "5-local-folder-typo");
  expectedErrors = null;
  const hantTitle = log.some((l) => l.includes("the hk fonts arrived"));
  check(hantTitle, "繁體 fetched its fonts when picked");
  await page.close();

  // 4. A second scene by its address, in English.
  const second = await openPage(`${base}?scene=retail-pharmacy&lang=en`);
  s = await until(second, "?scene=retail-pharmacy&lang=en shows the pharmacy in English",
    (s) => s.venue_shown && s.scene === "retail-pharmacy" && s.language === "En" && /pharmacy/i.test(s.title ?? ""));
  await shot(second, "6-pharmacy-en");

  // 8. The stereo view for a phone in a viewer, by its button, and back.
  const mono = await halvesDiffer(second, await second.screenshot());
  await second.click("#stereo-button");
  s = await until(second, "the stereo button shows the side-by-side pair",
    (s) => s.stereo === "Sbs" && s.eye_cameras === 2);
  await second.waitForTimeout(1500);
  const pair = await halvesDiffer(second, await second.screenshot({ path: join(out, "8-stereo.png") }));
  check(pair < 20 && pair < mono / 2,
    `the stereo halves are alike (mean difference ${pair.toFixed(1)} levels; one picture's halves ${mono.toFixed(1)})`);
  await second.click("#stereo-button");
  s = await until(second, "the button again leaves stereo", (s) => s.stereo === "Off" && s.eye_cameras === 0);
  await second.close();

  // 4b. A first view in Traditional Chinese (?lang=zh-hant): the page fetches the HK fonts
  // and OpenCC's dictionaries up front, and the title is converted from the first frame.
  const hantPage = await openPage(`${base}?scene=retail-pharmacy&lang=zh-hant`);
  s = await until(hantPage, "?lang=zh-hant shows the pharmacy's title in Traditional Chinese",
    (s) => s.venue_shown && s.language === "ZhHant" && s.title === "標準小型零售藥店（45 平方米）");
  await hantPage.close();

  // 5. An unknown scene: the app's message, not a blank canvas.
  expectedErrors = /no-such-scene/;
  const missing = await context.newPage();
  missing.on("pageerror", (e) => {
    if (!String(e).includes("Using exceptions for control flow")) problems.push(`page error: ${e}`);
  });
  missing.on("console", (m) => log.push(`[${m.type()}] ${m.text()}`));
  await missing.goto(`${base}?scene=no-such-scene`);
  s = await until(missing, "an unknown scene shows the app's error message",
    (s) => Boolean(s.error) && s.texts.some((t) => t.includes("no-such-scene")));
  await missing.waitForFunction(() => document.documentElement.dataset.state === "ready", null,
    { timeout: STEP_TIMEOUT_MS }).catch(() => {});
  check(await missing.evaluate(() => getComputedStyle(document.getElementById("loading")).display === "none"),
    "the unknown scene's message is not hidden behind the loading screen");
  await shot(missing, "7-unknown-scene");
  notFound.splice(0, notFound.length, ...notFound.filter((l) => !l.includes("no-such-scene")));
  await missing.close();

  // 9. A host without brotli: the page decodes the `.br` copies itself.
  expectedErrors = null;
  const gzipPage = await openPage(gzipBase);
  s = await until(gzipPage, "from a gzip-only host, the eatery is shown with its Chinese title",
    (s) => s.venue_shown && /[\u4e00-\u9fff]/.test(s.title ?? "") && s.texts.some((t) => t.includes(s.title)));
  const gzipFetched = (await Promise.all(gzipPage.fetched)).map(([u, n]) => [u.replace(gzipBase, ""), n]);
  const wasmCopy = gzipFetched.find(([u]) => u === "venue-guide_bg.wasm.br");
  const wasmBrotli = statSync(join(dist, "venue-guide_bg.wasm.br")).size;
  check(wasmCopy?.[1] === wasmBrotli,
    `from a gzip-only host the wasm came as its brotli copy (${((wasmCopy?.[1] ?? 0) / 1e6).toFixed(2)} MB on the wire, the copy is ${(wasmBrotli / 1e6).toFixed(2)} MB)`);
  const gzipBytes = gzipFetched.reduce((sum, [, n]) => sum + n, 0);
  console.log(`first view from a gzip-only host: ${gzipFetched.length} requests, ${(gzipBytes / 1e6).toFixed(2)} MB on the wire`);
  writeFileSync(join(out, "first-view-gzip-host.json"), JSON.stringify(gzipFetched, null, 1));
  await shot(gzipPage, "9-gzip-host");
  await gzipPage.close();

  // 9b. …and a `.br` copy cut off in transfer is named in the page's message.
  const cut = join(mkdtempSync(join(tmpdir(), "venue-web-cut-")), "dist");
  cpSync(dist, cut, { recursive: true });
  const wasmBr = readFileSync(join(cut, "venue-guide_bg.wasm.br"));
  writeFileSync(join(cut, "venue-guide_bg.wasm.br"), wasmBr.subarray(0, wasmBr.length >> 1));
  const cutServer = await startServer(cut, 0, (line) => notFound.push(line), ["gzip"]);
  expectedErrors = /venue-guide_bg\.wasm: the download ended|WebAssembly compilation aborted/;
  const cutPage = await context.newPage();
  cutPage.on("console", (m) => log.push(`[${m.type()}] ${m.text()}`));
  cutPage.on("pageerror", (e) => log.push(`[page error] ${e}`));
  await cutPage.goto(`http://127.0.0.1:${cutServer.address().port}/`);
  await cutPage.waitForFunction(() => document.documentElement.dataset.state === "error", null, { timeout: STEP_TIMEOUT_MS })
    .catch(() => {});
  const message = await cutPage.evaluate(() => document.getElementById("loading").innerText);
  check(/无法加载/.test(message) && /Could not load/.test(message) && /venue-guide_bg\.wasm: the download ended/.test(message),
    `a cut-off .br file shows a message naming it (${JSON.stringify(message.replace(/\s+/g, " ").slice(0, 160))})`);
  await shot(cutPage, "9b-cut-off-file");
  await cutPage.close();
  cutServer.close();
  expectedErrors = null;
} catch (e) {
  check(false, `the test ran to its end: ${e}`);
} finally {
  writeFileSync(join(out, "console.txt"), log.join("\n") + "\n");
  await browser.close();
  server.close();
  gzipServer.close();
}

const realProblems = problems.filter((p) => !/no-such-scene/.test(p));
check(realProblems.length === 0, `no page error, console error or failed request${realProblems.length ? ":\n  " + realProblems.join("\n  ") : ""}`);
check(notFound.length === 0, `no request answered 404${notFound.length ? ": " + notFound.join(", ") : ""}`);
console.log(`screenshots and console log in ${out}`);
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");

#!/usr/bin/env node
// Frame-rate benchmark of the live page (crates/tdome-live/web/): starts the mock server
// (scripts/live-mock.mjs) with many tracks, opens the page in headless Chromium, waits
// until every track is drawn, then counts the frames the page draws over 10 s and the
// time each draw took (window.tdomeLive.stats()). The page must stay smooth, at 30
// frames a second or more, with 2000 tracks on the map.
//
// The browser runs as scripts/check-report.mjs runs it: Debian's chromium, headless,
// without the GPU, with the network cut to everything but the mock on 127.0.0.1.
// Software rendering makes this a pessimistic figure for an operator's desktop.
//
// Usage: node scripts/bench-live-fps.mjs [--tracks N] [--seconds S]
//   --tracks   tracks the mock keeps alive (default 2000)
//   --seconds  measuring window (default 10)
// Environment: TDOME_CHROMIUM, the browser to run (default /usr/bin/chromium).
// Needs: npm ci --prefix scripts (playwright-core, pinned in scripts/package-lock.json).
// Exit status: 0 when measured (whatever the rate), 1 when it could not measure, 2 on a
// usage error.

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWPORT = { width: 1400, height: 860 };
const READY_TIMEOUT_MS = 60_000;

function usage(message) {
  console.error(`${message}\nusage: node scripts/bench-live-fps.mjs [--tracks N] [--seconds S]`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { tracks: 2000, seconds: 10 };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) usage(`${argv[i - 1]} needs a positive number`);
      return v;
    };
    if (argv[i] === "--tracks") opts.tracks = Math.round(value());
    else if (argv[i] === "--seconds") opts.seconds = value();
    else usage(`unknown argument ${argv[i]}`);
  }
  return opts;
}

// Start the mock on a free port and resolve with its address once it listens.
function startMock(tracks) {
  const mock = spawn(process.execPath, [path.join(here, "live-mock.mjs"), "--port", "0", "--tracks", String(tracks)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const address = new Promise((resolve, reject) => {
    let out = "";
    mock.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    mock.on("exit", (code) => reject(new Error(`live-mock exited (${code}) before listening`)));
  });
  return { mock, address };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { mock, address } = startMock(opts.tracks);
  const failures = [];
  let result = null;
  let browser = null;
  try {
    const base = await address;
    browser = await chromium.launch({
      executablePath: process.env.TDOME_CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    // Only the mock is reachable: a page that fetched from elsewhere would fail here.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith(base.replace("http", "ws"))) return route.continue();
      failures.push(`request blocked: ${url}`);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") failures.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
    await page.goto(base, { waitUntil: "load" });
    await page.waitForFunction(
      (n) => window.tdomeLive && window.tdomeLive.stats().tracks_drawn >= n,
      opts.tracks,
      { timeout: READY_TIMEOUT_MS }
    );
    // Let the symbol cache fill and the first layouts settle before measuring.
    await page.waitForTimeout(1000);
    const before = await page.evaluate(() => {
      window.tdomeLive.resetStats();
      return { ...window.tdomeLive.stats(), now: performance.now() };
    });
    await page.waitForTimeout(opts.seconds * 1000);
    const after = await page.evaluate(() => ({ ...window.tdomeLive.stats(), now: performance.now() }));
    const elapsed = (after.now - before.now) / 1000;
    result = {
      tracks: after.tracks_drawn,
      fps: (after.frames_drawn - before.frames_drawn) / elapsed,
      mean: after.draw_ms_mean,
      p95: after.draw_ms_p95,
      received: (after.frames_received - before.frames_received) / elapsed,
      interceptors: after.interceptors_drawn,
    };
  } catch (error) {
    failures.push(`could not measure: ${error.message}`);
  } finally {
    if (browser) await browser.close();
    mock.kill();
  }

  if (result) {
    console.log(`live page frame rate, ${opts.seconds} s in headless chromium (software rendering), ${VIEWPORT.width}x${VIEWPORT.height}`);
    console.log("  tracks  frames/s  draw ms mean  draw ms p95  server frames/s");
    console.log(
      `  ${String(result.tracks).padStart(6)}  ${result.fps.toFixed(1).padStart(8)}  ` +
        `${result.mean.toFixed(2).padStart(12)}  ${result.p95.toFixed(2).padStart(11)}  ${result.received.toFixed(1).padStart(15)}`
    );
  }
  if (failures.length > 0) {
    failures.forEach((f) => console.log(`  - ${f}`));
    process.exit(result ? 0 : 1);
  }
}

main().catch((error) => {
  console.error(`bench could not run: ${error.stack || error}`);
  process.exit(1);
});

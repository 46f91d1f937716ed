#!/usr/bin/env node
// The live picture (`tdome serve`) in a real browser, end to end: a real tdome serves the
// minimal scenario, headless Chromium shows it, and the check asserts what the page shows.
//
// 1. Free: tracks appear on the map, the counts change (threats launched, engaged,
//    intercepted), engagement lines appear in the log with why each was ordered.
// 2. Hold: the same run again; weapons hold is chosen on the page for the only battery
//    before the rockets fly; the page shows the battle manager took it (the battery's
//    mode and the log's line), and the battle manager's orders obey it: no launch at all,
//    every rocket comes down.
// 3. Replay of the first run's records: the time slider seeks to the end (every rocket
//    launched, the launches in the log) and back (nothing launched yet).
// 4. The default scenario for a screenshot a person can look at.
// Throughout: no request leaves the server, no console error, no page error.
//
// Usage: node scripts/check-live.mjs TDOME SHOT_DIR
//   TDOME     the tdome binary to serve with
//   SHOT_DIR  where to write live-free.png, live-hold.png and live-default.png
// Environment: TDOME_CHROMIUM (default /usr/bin/chromium).
// Exit status: 0 when the page passes, 1 when it fails, 2 on a usage error.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const VIEWPORT = { width: 1400, height: 900 };

function usage(message) {
  console.error(`${message}\nusage: node scripts/check-live.mjs TDOME SHOT_DIR`);
  process.exit(2);
}

// Start `tdome serve` on a free port and resolve with its URL and process.
function serve(tdome, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(tdome, ["serve", ...args, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`tdome serve printed no URL: ${out}${err}`)), 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/open (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, output: () => out + err });
      }
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`tdome serve exited (${code}): ${out}${err}`)));
  });
}

function stop(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners("exit");
    server.child.on("exit", (code) => resolve(code));
    server.child.kill("SIGINT");
  });
}

async function number(page, selector) {
  const text = await page.textContent(selector);
  const n = Number(String(text).replace(/[^0-9.]/g, ""));
  return Number.isFinite(n) ? n : NaN;
}

// Open the page at `url` with the checks every scene shares.
async function open(browser, url, fail) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const origin = new URL(url).origin;
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    fail(`request blocked: ${u}`);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") fail(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelector("#connection")?.textContent?.match(/connected/i) && !document.querySelector("#connection").textContent.match(/re|dis/i), null, { timeout: 30_000 });
  return { page, context };
}

async function logKinds(page) {
  return page.$$eval("#log li", (items) => items.map((li) => li.dataset.kind));
}

async function main() {
  const [tdome, shots] = process.argv.slice(2);
  if (!tdome || !shots) usage("expected the tdome binary and a screenshot directory");
  if (!existsSync(tdome)) usage(`no tdome at ${tdome}`);
  mkdirSync(shots, { recursive: true });
  const failures = [];
  const fail = (what) => failures.push(what);
  const check = (ok, what) => ok || fail(what);
  const browser = await chromium.launch({
    executablePath: process.env.TDOME_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const report = [];
  const records = mkdtempSync(path.join(os.tmpdir(), "tdome-live-check-"));
  try {
    // 1. Free.
    {
      const server = await serve(tdome, ["scenarios/tests/minimal.toml", "--speed", "20", "--record", records]);
      const { page, context } = await open(browser, server.url, fail);
      await page.waitForFunction(() => window.tdomeLive?.stats().tracks_drawn > 0, null, { timeout: 60_000 });
      await page.waitForFunction(() => /\d/.test(document.querySelector("#count-launched").textContent) && Number(document.querySelector("#count-launched").textContent.replace(/[^0-9]/g, "")) >= 4, null, { timeout: 60_000 });
      await page.waitForFunction(() => [...document.querySelectorAll("#log li")].some((li) => li.dataset.kind === "launch"), null, { timeout: 60_000 });
      await page.screenshot({ path: path.join(shots, "live-free.png") });
      await page.waitForFunction(() => Number(document.querySelector("#count-intercepted").textContent.replace(/[^0-9]/g, "")) + Number(document.querySelector("#count-leaked").textContent.replace(/[^0-9]/g, "")) + Number(document.querySelector("#count-open").textContent.replace(/[^0-9]/g, "")) >= 4, null, { timeout: 60_000 });
      const kinds = await logKinds(page);
      const stats = await page.evaluate(() => window.tdomeLive.stats());
      check(kinds.includes("launch"), "free: no launch in the log");
      check((await number(page, "#count-engaged")) >= 1, "free: nothing engaged");
      // A launch's entry opens to say why it was ordered.
      const launch = page.locator('#log li[data-kind="launch"]').first();
      await launch.click();
      const why = await launch.textContent();
      check(/chosen/i.test(why), `free: the launch entry does not show why (${why})`);
      report.push(`free: ${stats.tracks_drawn} track(s) drawn at most recently, ${kinds.filter((k) => k === "launch").length} launch(es) logged, ${stats.frames_received} frames`);
      await context.close();
      const code = await stop(server);
      check(code === 130, `free: tdome serve exited ${code} on SIGINT, not 130`);
    }
    // 2. Hold, chosen on the page before the rockets launch (from t = 10 s): the run
    // starts slow, then is sped up from the page.
    {
      const server = await serve(tdome, ["scenarios/tests/minimal.toml", "--speed", "0.05"]);
      const { page, context } = await open(browser, server.url, fail);
      const row = page.locator('#batteries [data-battery="0"]');
      await row.locator("select.mode").selectOption("hold");
      await page.waitForFunction(
        () => [...document.querySelectorAll('#log li[data-kind="mode"]')].some((li) => /hold/.test(li.textContent) && /operator/.test(li.textContent)),
        null,
        { timeout: 30_000 }
      );
      const simTime = await page.textContent("#sim-time");
      await page.selectOption("#speed", "100");
      await page.waitForFunction(() => Number(document.querySelector("#count-leaked").textContent.replace(/[^0-9]/g, "")) + Number(document.querySelector("#count-open").textContent.replace(/[^0-9]/g, "")) >= 4, null, { timeout: 60_000 });
      await page.screenshot({ path: path.join(shots, "live-hold.png") });
      const kinds = await logKinds(page);
      check(!kinds.includes("launch"), "hold: a launch was logged under weapons hold");
      check((await number(page, "#count-engaged")) === 0, "hold: a threat was engaged under weapons hold");
      check((await row.locator("select.mode").inputValue()) === "hold", "hold: the battery's selector does not show hold");
      report.push(`hold: taken at ${simTime.trim()}; no launch; ${await page.textContent("#count-leaked")} leaked, ${await page.textContent("#count-open")} in the open`);
      await context.close();
      await stop(server);
    }
    // 3. Replay, seeking with the page's slider.
    {
      const server = await serve(tdome, ["--replay", records, "--speed", "1"]);
      const { page, context } = await open(browser, server.url, fail);
      await page.waitForSelector("#seek-row:not([hidden])", { timeout: 30_000 });
      const launchedAt = (n) => page.waitForFunction((k) => Number(document.querySelector("#count-launched").textContent.replace(/[^0-9]/g, "")) === k, n, { timeout: 30_000 });
      await page.locator("#seek").fill("299");
      await page.locator("#seek").dispatchEvent("change");
      await launchedAt(4);
      await page.waitForFunction(() => [...document.querySelectorAll("#log li")].some((li) => li.dataset.kind === "launch"), null, { timeout: 30_000 });
      await page.screenshot({ path: path.join(shots, "live-replay.png") });
      await page.locator("#seek").fill("5");
      await page.locator("#seek").dispatchEvent("change");
      await launchedAt(0);
      report.push(`replay: sought to the end (4 launched, launches logged) and back to 5 s (none)`);
      await context.close();
      await stop(server);
    }
    // 4. The default scenario, for a person to look at.
    {
      const server = await serve(tdome, ["--speed", "40"]);
      const { page, context } = await open(browser, server.url, fail);
      await page.waitForFunction(() => window.tdomeLive?.stats().tracks_drawn >= 10 && window.tdomeLive.stats().interceptors_drawn >= 6, null, { timeout: 120_000 });
      await page.screenshot({ path: path.join(shots, "live-default.png") });
      const stats = await page.evaluate(() => window.tdomeLive.stats());
      report.push(`default: ${stats.tracks_drawn} tracks, ${stats.interceptors_drawn} interceptors drawn; ${stats.fps.toFixed(0)} frames/s`);
      await context.close();
      await stop(server);
    }
  } catch (e) {
    fail(`check stopped: ${e.message}`);
  } finally {
    await browser.close();
    rmSync(records, { recursive: true, force: true });
  }
  for (const line of report) console.log(`live check: ${line}`);
  if (failures.length) {
    for (const f of failures) console.error(`live check FAILED: ${f}`);
    process.exit(1);
  }
  console.log(`live check: passed; screenshots in ${shots}`);
}

main();

#!/usr/bin/env node
// Opens a page written by `tdome report` in headless Chromium with the network cut, waits
// until every plot is drawn, and fails if anything went wrong: a request leaving the
// page, a console error or warning (Vega warns about specifications it had to guess
// at), a page error, a plot container without drawn marks, or a plot that painted no
// colour, or a variants' table wider than the page at the check's 1100 px (every metric
// must read without scrolling sideways). Writes a full-page screenshot for a person to
// look at.
//
// Usage: node scripts/check-report.mjs PAGE.html SHOT.png [--expect ID,ID,...]
//   --expect  plot containers that must be on the page (ids, e.g. plot-saturation)
// Environment: TDOME_CHROMIUM, the browser to run (default /usr/bin/chromium, Debian's
// package: Playwright's own browser downloads are not used).
// Needs: npm ci --prefix scripts (playwright-core, pinned in scripts/package-lock.json).
// Exit status: 0 when the page passes, 1 when it fails, 2 on a usage error.

import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const DRAW_TIMEOUT_MS = 60_000;
const VIEWPORT = { width: 1100, height: 900 };
// A drawn plot shows its data in colour (the page's palette); axes and text are grey.
// A pixel is coloured when its channels spread by more than this, and a plot must paint
// at least a couple of points' worth of them (one variant's plot may hold only two).
const COLOURED_SPREAD = 40;
const MIN_COLOURED_PIXELS = 60;
// A full page of text, tables and plots has many colours; a blank one has one.
const MIN_PAGE_COLOURS = 64;

function usage(message) {
  console.error(`${message}\nusage: node scripts/check-report.mjs PAGE.html SHOT.png [--expect ID,ID,...]`);
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  let expect = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--expect") {
      const list = argv[++i];
      if (!list) usage("--expect needs a list of plot ids");
      expect = list.split(",").filter(Boolean);
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 2) usage("expected a page and a screenshot path");
  const [page, shot] = positional;
  if (!existsSync(page)) usage(`no page at ${page}`);
  return { page: path.resolve(page), shot: path.resolve(shot), expect };
}

// Colours of a PNG, counted by the browser's own decoder (no PNG code of ours).
async function pngColours(page, png) {
  return page.evaluate(
    async ({ base64, spread }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d");
      context.drawImage(bitmap, 0, 0);
      const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const distinct = new Set();
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
        distinct.add((r << 16) | (g << 8) | b);
        if (Math.max(r, g, b) - Math.min(r, g, b) > spread) coloured++;
      }
      const count = pixels.length / 4;
      return { width: bitmap.width, height: bitmap.height, distinct: distinct.size, coloured, colouredShare: coloured / count };
    },
    { base64: png.toString("base64"), spread: COLOURED_SPREAD }
  );
}

// Every plot container with what the renderer put in it: the drawn data marks (Vega
// gives them the class role-mark; axes, legends and titles have other roles).
async function plotContents(page) {
  return page.$$eval("[data-plot]", (elements) =>
    elements.map((el) => {
      const graphic = el.querySelector("svg, canvas");
      const box = graphic ? graphic.getBoundingClientRect() : { width: 0, height: 0 };
      let marks = 0;
      el.querySelectorAll("g.role-mark").forEach((g) => (marks += g.children.length));
      return {
        id: el.id,
        drawn: el.getAttribute("data-drawn") === "true",
        graphic: graphic ? graphic.tagName.toLowerCase() : null,
        width: Math.round(box.width),
        height: Math.round(box.height),
        marks,
      };
    })
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const pageUrl = pathToFileURL(args.page).href;
  const failures = [];
  const fail = (what) => failures.push(what);

  const browser = await chromium.launch({
    executablePath: process.env.TDOME_CHROMIUM || "/usr/bin/chromium",
    headless: true,
  });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    // The page must be whole in itself: any request but the page's own load fails the
    // check, and is refused, so that a page that would fetch cannot pass by fetching.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === pageUrl) return route.continue();
      fail(`request blocked: ${url}`);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("request", (request) => {
      const url = request.url();
      if (url !== pageUrl && !url.startsWith("data:") && !url.startsWith("blob:")) {
        fail(`request made: ${url}`);
      }
    });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") {
        fail(`console ${message.type()}: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => fail(`page error: ${error.message}`));

    await page.goto(pageUrl, { waitUntil: "load" });
    try {
      await page.waitForFunction(() => window.tdomeReportReady === true, null, { timeout: DRAW_TIMEOUT_MS });
    } catch {
      fail(`the page did not report ready within ${DRAW_TIMEOUT_MS / 1000} s (window.tdomeReportReady)`);
    }
    const drawnAfterMs = Date.now() - started;
    const pageErrors = await page.evaluate(() => window.tdomeReportErrors || ["window.tdomeReportErrors is missing"]);
    pageErrors.forEach((e) => fail(`page reports: ${e}`));

    const specCount = await page.evaluate(
      () => JSON.parse(document.getElementById("tdome-report-plots").textContent).length
    );
    const plots = await plotContents(page);
    if (plots.length !== specCount) fail(`${specCount} plot specifications but ${plots.length} containers`);
    for (const id of args.expect) {
      if (!plots.some((p) => p.id === id)) fail(`expected plot ${id} is not on the page`);
    }

    const rows = [];
    for (const plot of plots) {
      const shot = await page.locator(`#${plot.id}`).screenshot();
      const colours = await pngColours(page, shot);
      rows.push({ ...plot, coloured: colours.coloured });
      if (!plot.drawn) fail(`${plot.id}: not drawn`);
      if (!plot.graphic || plot.width < 50 || plot.height < 30) {
        fail(`${plot.id}: no graphic of a readable size (${plot.graphic} ${plot.width}x${plot.height})`);
      }
      if (plot.marks === 0) fail(`${plot.id}: no data marks`);
      if (colours.coloured < MIN_COLOURED_PIXELS) {
        fail(`${plot.id}: painted almost no colour (${colours.coloured} coloured pixels)`);
      }
    }

    // The variants' table: all its columns in view, none scrolled out of sight.
    const table = await page.evaluate(() => {
      const wrap = document.querySelector("#variants .table-wrap");
      return wrap ? { scroll: wrap.scrollWidth, client: wrap.clientWidth } : null;
    });
    if (table && table.scroll > table.client) {
      fail(`the variants' table is ${table.scroll} px wide in a ${table.client} px column: it scrolls sideways`);
    }

    await page.screenshot({ path: args.shot, fullPage: true });
    const whole = await pngColours(page, await page.screenshot({ fullPage: true }));
    if (whole.distinct < MIN_PAGE_COLOURS) fail(`the screenshot is nearly blank (${whole.distinct} colours)`);

    console.log(`report check: ${path.relative(process.cwd(), args.page)}`);
    for (const r of rows) {
      console.log(
        `  ${r.id.padEnd(22)} ${String(r.graphic).padEnd(6)} ${`${r.width}x${r.height}`.padEnd(9)} ` +
          `${String(r.marks).padStart(5)} marks ${String(r.coloured).padStart(7)} coloured pixels`
      );
    }
    console.log(
      `  drawn in ${(drawnAfterMs / 1000).toFixed(1)} s; screenshot ${path.relative(process.cwd(), args.shot)} ` +
        `${whole.width}x${whole.height}, ${whole.distinct} colours, ${statSync(args.shot).size} bytes`
    );
  } finally {
    await browser.close();
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    console.log(`report check FAILED (${seconds} s):`);
    failures.forEach((f) => console.log(`  - ${f}`));
    process.exit(1);
  }
  console.log(`report check passed (${seconds} s)`);
}

main().catch((error) => {
  console.error(`report check could not run: ${error.stack || error}`);
  process.exit(1);
});

#!/usr/bin/env node
// Writes crates/tdome-live/web/world.json, the coastlines and land borders that the live
// page (`tdome serve`) draws under the picture. The page must not fetch map tiles or
// anything else from the internet, so the outlines are committed and embedded in the
// binary; this script is how they were made, so anyone can make them again.
//
// Source: Natural Earth 1:50m (public domain), as TopoJSON in npm world-atlas@2.0.2
// (countries-50m.json), meshed with topojson-client (both pinned in scripts/package.json).
//   coast   = arcs used by one country only (the outer edge of the land)
//   borders = arcs shared by two countries (land borders)
// Each polyline is stored as integer thousandths of a degree, first point absolute and
// the rest as deltas: [lon0, lat0, dlon1, dlat1, ...]. Deltas of neighbouring points are
// small numbers, which keeps the JSON compact (the page undoes this in a single pass).
//
// Usage: node scripts/make-world-data.mjs   (after npm ci --prefix scripts)

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mesh } from "topojson-client";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "crates", "tdome-live", "web", "world.json");
const require = createRequire(import.meta.url);
const topo = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const countries = topo.objects.countries;

// One MultiLineString into delta-coded integer polylines. Points that round to the same
// thousandth as the previous one are dropped (they draw nothing and cost bytes).
function encode(multiLine) {
  const lines = [];
  for (const line of multiLine.coordinates) {
    const out = [];
    let px = null;
    let py = null;
    for (const [lon, lat] of line) {
      const x = Math.round(lon * 1000);
      const y = Math.round(lat * 1000);
      if (px === null) out.push(x, y);
      else if (x !== px || y !== py) out.push(x - px, y - py);
      else continue;
      px = x;
      py = y;
    }
    if (out.length >= 4) lines.push(out);
  }
  return lines;
}

const coast = encode(mesh(topo, countries, (a, b) => a === b));
const borders = encode(mesh(topo, countries, (a, b) => a !== b));
const world = {
  source: "Natural Earth 1:50m via world-atlas 2.0.2 (public domain)",
  coast,
  borders,
};
const text = JSON.stringify(world);
writeFileSync(out, text + "\n");
const points = (ls) => ls.reduce((n, l) => n + l.length / 2, 0);
console.log(
  `${path.relative(process.cwd(), out)}: ${coast.length} coast lines (${points(coast)} points), ` +
    `${borders.length} border lines (${points(borders)} points), ${text.length} bytes`
);

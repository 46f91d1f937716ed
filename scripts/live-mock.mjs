#!/usr/bin/env node
// A stand-in for `tdome serve`, for developing the live page (crates/tdome-live/web/)
// without the Rust server, and for the page's frame-rate benchmark
// (scripts/bench-live-fps.mjs). It serves the web directory and speaks the live protocol
// (hello, keyframe, delta frames, ack/error) over a WebSocket at /ws, with synthetic
// data: N hostile tracks flying at notional defended assets around Taiwan, a few
// batteries that shoot at them, interceptors in flight, counts that grow. Nothing here
// is a model of anything real: every figure is made up so the page has something to
// draw. Node 20's built-ins only; the WebSocket framing (RFC 6455, text frames, close,
// ping/pong) is written out below because the page needs no more than that.
//
// Usage: node scripts/live-mock.mjs [--port P] [--tracks N] [--speed X] [--token T] [--replay]
//   --port    TCP port on 127.0.0.1 (default 8088; 0 picks a free one)
//   --tracks  hostile tracks kept alive at once (default 50; one that ends is replaced)
//   --speed   starting simulation speed (default 1)
//   --token   commands must carry this token (hello says token_required)
//   --replay  say source "replay" and allow seek
// Prints "live-mock listening on http://127.0.0.1:PORT/" once it listens.

import { createHash } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.join(here, "..", "crates", "tdome-live", "web");

function parseArgs(argv) {
  const opts = { port: 8088, tracks: 50, speed: 1, token: null, replay: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--port") opts.port = Number(next());
    else if (a === "--tracks") opts.tracks = Number(next());
    else if (a === "--speed") opts.speed = Number(next());
    else if (a === "--token") opts.token = next();
    else if (a === "--replay") opts.replay = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.tracks) || opts.tracks < 0) throw new Error("--tracks wants a whole number");
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`${e.message}\nusage: node scripts/live-mock.mjs [--port P] [--tracks N] [--speed X] [--token T] [--replay]`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------
// A deterministic random source, so two runs with the same arguments look alike.
let seed = 7;
function rand() {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
}
const pick = (list) => list[Math.floor(rand() * list.length)];

// ---------------------------------------------------------------------------------
// The notional theatre.
const EARTH_M = 6371000;
const DEG = Math.PI / 180;
const DURATION_S = 1800;
const FRAME_HZ = 10;

// A rough box (lat, lon) around a city, for a defended asset's polygon.
function box(lat, lon, dLat, dLon) {
  const r = (v) => Math.round(v * 1e4) / 1e4;
  return [[r(lat - dLat), r(lon - dLon)], [r(lat - dLat), r(lon + dLon)], [r(lat + dLat), r(lon + dLon)], [r(lat + dLat), r(lon - dLon)]];
}

const theatre = {
  scenario: "taiwan-notional",
  seed: 7,
  epoch: "2026-01-01T00:00:00Z",
  duration_s: DURATION_S,
  origin: [23.8, 120.6],
  assets: [
    { id: 0, name: "Taipei", value: 100, polygon: box(25.04, 121.55, 0.08, 0.1) },
    { id: 1, name: "Taichung", value: 60, polygon: box(24.15, 120.67, 0.07, 0.08) },
    { id: 2, name: "Kaohsiung", value: 70, polygon: box(22.63, 120.3, 0.07, 0.07) },
    { id: 3, name: "Hsinchu", value: 50, polygon: box(24.8, 120.97, 0.05, 0.06) },
    { id: 4, name: "Tainan", value: 40, polygon: box(23.0, 120.2, 0.05, 0.06) },
  ],
  sensors: [
    { id: 0, name: "Leshan EWR", site: [24.5, 121.1, 2600], range_m: 300000 },
    { id: 1, name: "South radar", site: [22.9, 120.4, 50], range_m: 180000 },
    { id: 2, name: "Penghu radar", site: [23.57, 119.6, 30], range_m: 150000 },
  ],
  batteries: [
    { id: 0, name: "TK3-North", layer: "upper", site: [24.95, 121.3, 50], interceptor: "Tien Kung III", range_m: 100000, round_cost_usd: 1500000 },
    { id: 1, name: "Patriot-1", layer: "upper", site: [24.2, 120.6, 60], interceptor: "PAC-3 MSE", range_m: 60000, round_cost_usd: 4000000 },
    { id: 2, name: "TK2-South", layer: "middle", site: [22.75, 120.35, 20], interceptor: "Tien Kung II", range_m: 70000, round_cost_usd: 1000000 },
    { id: 3, name: "NASAMS-1", layer: "middle", site: [24.78, 121.0, 40], interceptor: "AMRAAM-ER", range_m: 40000, round_cost_usd: 1200000 },
    { id: 4, name: "Avenger-1", layer: "lower", site: [25.0, 121.5, 20], interceptor: "Stinger", range_m: 8000, round_cost_usd: 400000 },
    { id: 5, name: "Phalanx-1", layer: "point", site: [22.62, 120.28, 10], interceptor: "20 mm", range_m: 3000, round_cost_usd: 50000 },
  ],
};

// Per layer: launcher rounds, reserve, seconds between shots, interceptor speed m/s, P(kill).
const LAYER = {
  upper: { rounds: 12, reserve: 36, gap: 6, speed: 1800, pk: 0.8 },
  middle: { rounds: 16, reserve: 32, gap: 4, speed: 1200, pk: 0.75 },
  lower: { rounds: 8, reserve: 24, gap: 3, speed: 700, pk: 0.6 },
  point: { rounds: 40, reserve: 200, gap: 1, speed: 1000, pk: 0.5 },
};
const RELOAD_S = 60;
const MAX_IN_FLIGHT = 4;

// Per category: ground speed m/s, cruise altitude m.
const CATEGORY = {
  ballistic_missile: { speed: 2000, alt: 60000 },
  rocket: { speed: 900, alt: 20000 },
  cruise_missile: { speed: 240, alt: 60 },
  drone: { speed: 50, alt: 1500 },
  aircraft: { speed: 230, alt: 8000 },
};
const CATEGORIES = Object.keys(CATEGORY);

function distM(aLat, aLon, bLat, bLon) {
  const x = (bLon - aLon) * DEG * Math.cos(((aLat + bLat) / 2) * DEG);
  const y = (bLat - aLat) * DEG;
  return Math.hypot(x, y) * EARTH_M;
}
function inside(poly, lat, lon) {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [yi, xi] = poly[i];
    const [yj, xj] = poly[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}
const r5 = (v) => Math.round(v * 1e5) / 1e5;
const r1 = (v) => Math.round(v * 10) / 10;

// ---------------------------------------------------------------------------------
// The synthetic world. Everything is state plus "dirty" sets, so each frame can carry
// only what changed (a delta) while a keyframe carries everything.
const sim = {
  t: 0,
  speed: opts.speed,
  paused: false,
  nextTrackId: 1,
  nextEngagementId: 1,
  tracks: new Map(), // id -> track (the sensor picture and the truth in one)
  interceptors: new Map(), // engagement id -> interceptor
  batteries: theatre.batteries.map((b) => ({
    ...b,
    rounds: LAYER[b.layer].rounds,
    reserve: LAYER[b.layer].reserve,
    fired: 0,
    mode: "free",
    nextShot: 0,
    reloadAt: null,
  })),
  counts: { launched: 0, engaged: 0, intercepted: 0, leaked: 0, fell_in_open: 0, interceptors_launched: 0, cost_usd: 0 },
  pendingLog: [], // entries not yet sent to clients
  gone: { tracks: [], impacts: [], interceptors: [], threats: [] },
  dirtyImpacts: new Set(),
  dirtyBatteries: new Set(),
};

function log(kind, text, why = null) {
  sim.pendingLog.push({ t: Math.round(sim.t * 10) / 10, kind, text, why });
}

// `spread`: start the track somewhere along its flight rather than at launch, so the
// first picture is a raid in progress rather than a line of launch points.
function spawnTrack(spread = false) {
  const category = pick(CATEGORIES);
  const c = CATEGORY[category];
  // Launch from the far side of the strait; aim at an asset, or (one in five) at open ground.
  const lat = 22.5 + rand() * 3.2;
  const lon = category === "ballistic_missile" ? 117.8 + rand() * 0.6 : 119.3 + rand() * 0.5;
  const asset = rand() < 0.8 ? pick(theatre.assets) : null;
  const aim = asset
    ? [asset.polygon[0][0] + (asset.polygon[2][0] - asset.polygon[0][0]) * rand(), asset.polygon[0][1] + (asset.polygon[2][1] - asset.polygon[0][1]) * rand()]
    : [22.8 + rand() * 2.2, 120.4 + rand() * 0.8];
  const range = distM(lat, lon, aim[0], aim[1]);
  const id = sim.nextTrackId++;
  const track = {
    id,
    category,
    lat,
    lon,
    alt: c.alt,
    aim,
    asset: asset ? asset.id : null,
    launchT: sim.t,
    flightS: range / c.speed,
    groundSpeed: c.speed,
    ve: 0,
    vn: 0,
    vu: 0,
    engaged: false,
    nextReport: sim.t, // the sensors' next update of this track
    reported: false,
  };
  if (spread) {
    const f = rand() * 0.85;
    track.lat += (aim[0] - lat) * f;
    track.lon += (aim[1] - lon) * f;
    track.launchT -= f * track.flightS;
  }
  steer(track);
  sim.tracks.set(id, track);
  sim.counts.launched++;
  if (track.category === "ballistic_missile" || track.category === "rocket") sim.dirtyImpacts.add(id);
}

// Point the track's velocity at its aim point; ballistic ones also climb then dive.
function steer(track) {
  const dLat = track.aim[0] - track.lat;
  const dLon = (track.aim[1] - track.lon) * Math.cos(track.lat * DEG);
  const len = Math.hypot(dLat, dLon) || 1;
  track.ve = (track.groundSpeed * dLon) / len;
  track.vn = (track.groundSpeed * dLat) / len;
  if (track.category === "ballistic_missile" || track.category === "rocket") {
    const f = (sim.t - track.launchT) / track.flightS; // 0 at launch, 1 at impact
    const apogee = CATEGORY[track.category].alt;
    track.alt = Math.max(0, 4 * apogee * f * (1 - f));
    track.vu = (4 * apogee * (1 - 2 * f)) / track.flightS;
  } else {
    track.vu = 0;
  }
}

function removeTrack(track) {
  sim.tracks.delete(track.id);
  sim.gone.tracks.push(track.id);
  sim.gone.threats.push(track.id);
  if (track.category === "ballistic_missile" || track.category === "rocket") sim.gone.impacts.push(track.id);
  for (const [eid, m] of sim.interceptors) {
    if (m.track === track.id) {
      sim.interceptors.delete(eid);
      sim.gone.interceptors.push(eid);
      log("cancel", `engagement E${eid} cancelled: T${track.id} gone`);
    }
  }
}

function fire(battery) {
  if (battery.mode === "hold" || battery.rounds <= 0 || sim.t < battery.nextShot) return;
  const inFlight = [...sim.interceptors.values()].filter((m) => m.battery === battery.id).length;
  if (inFlight >= MAX_IN_FLIGHT) return;
  const [bLat, bLon] = battery.site;
  let best = null;
  let bestD = Infinity;
  for (const track of sim.tracks.values()) {
    if (track.engaged) continue;
    if (battery.mode === "tight" && track.asset === null) continue; // tight: only threats to assets
    const d = distM(bLat, bLon, track.lat, track.lon);
    if (d < battery.range_m && d < bestD) {
      best = track;
      bestD = d;
    }
  }
  if (!best) return;
  const layer = LAYER[battery.layer];
  const id = sim.nextEngagementId++;
  sim.interceptors.set(id, { id, battery: battery.id, track: best.id, lat: bLat, lon: bLon, alt: 0, ve: 0, vn: 0, vu: 0, speed: layer.speed });
  best.engaged = true;
  battery.rounds--;
  battery.fired++;
  battery.nextShot = sim.t + layer.gap;
  sim.dirtyBatteries.add(battery.id);
  sim.counts.engaged++;
  sim.counts.interceptors_launched++;
  sim.counts.cost_usd += battery.round_cost_usd;
  const asset = best.asset === null ? null : theatre.assets[best.asset];
  const candidates = sim.batteries
    .filter((b) => distM(b.site[0], b.site[1], best.lat, best.lon) < b.range_m * 1.5)
    .map((b) => ({
      battery: b.name,
      role: b === battery ? "chosen" : b.mode === "hold" ? "passed" : "kept",
      p_kill: LAYER[b.layer].pk,
      cost_usd: b.round_cost_usd,
    }));
  log("launch", `${battery.name} fires at T${best.id}`, {
    choice: "outermost_layer",
    value_at_risk: asset ? Math.round(asset.value * 0.9 * 10) / 10 : 0,
    p_kill: layer.pk,
    cost_usd: battery.round_cost_usd,
    candidates,
  });
  if (battery.rounds === 0 && battery.reserve > 0) battery.reloadAt = sim.t + RELOAD_S;
}

// Advance the world by dt seconds of simulation time.
function step(dt) {
  sim.t += dt;
  for (const track of [...sim.tracks.values()]) {
    const k = 1 / (EARTH_M * DEG);
    track.lat += track.vn * dt * k;
    track.lon += (track.ve * dt * k) / Math.cos(track.lat * DEG);
    steer(track);
    if (sim.t - track.launchT >= track.flightS) {
      const asset = theatre.assets.find((a) => inside(a.polygon, track.lat, track.lon));
      if (asset) {
        sim.counts.leaked++;
        log("leak", `T${track.id} (${track.category.replace("_", " ")}) leaks onto ${asset.name}`);
      } else {
        sim.counts.fell_in_open++;
        log("impact", `T${track.id} falls in the open`);
      }
      removeTrack(track);
    }
  }
  for (const m of [...sim.interceptors.values()]) {
    const track = sim.tracks.get(m.track);
    if (!track) continue;
    const d = distM(m.lat, m.lon, track.lat, track.lon);
    const battery = sim.batteries[m.battery];
    if (d < m.speed * dt + 300) {
      sim.interceptors.delete(m.id);
      sim.gone.interceptors.push(m.id);
      if (rand() < LAYER[battery.layer].pk) {
        sim.counts.intercepted++;
        log("kill", `${battery.name} kills T${track.id}`);
        removeTrack(track);
      } else {
        track.engaged = false; // free to be engaged again
        log("miss", `${battery.name} misses T${track.id}`);
      }
      continue;
    }
    // Pure pursuit at constant speed: simple, and good enough to look like a fly-out.
    const dLat = track.lat - m.lat;
    const dLon = (track.lon - m.lon) * Math.cos(m.lat * DEG);
    const len = Math.hypot(dLat, dLon) || 1;
    m.ve = (m.speed * dLon) / len;
    m.vn = (m.speed * dLat) / len;
    m.vu = Math.max(-m.speed, Math.min(m.speed, (track.alt - m.alt) / Math.max(1, d / m.speed)));
    const k = 1 / (EARTH_M * DEG);
    m.lat += m.vn * dt * k;
    m.lon += (m.ve * dt * k) / Math.cos(m.lat * DEG);
    m.alt = Math.max(0, m.alt + m.vu * dt);
  }
  for (const b of sim.batteries) {
    if (b.reloadAt !== null && sim.t >= b.reloadAt) {
      const n = Math.min(LAYER[b.layer].rounds - b.rounds, b.reserve);
      b.rounds += n;
      b.reserve -= n;
      b.reloadAt = null;
      sim.dirtyBatteries.add(b.id);
      log("reload", `${b.name} reloads ${n} rounds (${b.reserve} in reserve)`);
    }
    fire(b);
  }
  while (sim.tracks.size < opts.tracks) spawnTrack();
}

// ---------------------------------------------------------------------------------
// Frames.
function trackRow(t) {
  const confirmed = sim.t - t.launchT > 5;
  const quality = Math.min(1, 0.4 + (sim.t - t.launchT) / 60);
  return [t.id, confirmed ? "confirmed" : "tentative", r5(t.lat), r5(t.lon), Math.round(t.alt), r1(t.ve), r1(t.vn), r1(t.vu), t.category, Math.round(quality * 100) / 100];
}
function threatRow(t) {
  // The truth, offset a little from the track (the track is an estimate of it).
  return [t.id, t.category, r5(t.lat + 0.004), r5(t.lon - 0.004), Math.round(t.alt), r1(t.ve), r1(t.vn), r1(t.vu)];
}
function impactRow(t) {
  const left = Math.max(0, t.flightS - (sim.t - t.launchT));
  const sigma = 200 + left * 20; // the prediction tightens as the impact nears
  const threatening = t.asset !== null;
  return [t.id, r5(t.aim[0]), r5(t.aim[1]), Math.round(sigma * 1.8), Math.round(sigma), Math.round((t.id * 37) % 180), threatening ? 0.9 : null, t.asset, threatening ? "engage" : "hold_not_threatening", Math.round((t.launchT + t.flightS) * 10) / 10];
}
function interceptorRow(m) {
  return [m.id, m.battery, r5(m.lat), r5(m.lon), Math.round(m.alt), r1(m.ve), r1(m.vn), r1(m.vu), m.track];
}
function batteryRow(b) {
  const inFlight = [...sim.interceptors.values()].filter((m) => m.battery === b.id).length;
  return [b.id, b.rounds, b.reserve, inFlight, b.mode];
}
function layers() {
  const out = {};
  for (const name of Object.keys(LAYER)) out[name] = { rounds: 0, reserve: 0, fired: 0 };
  for (const b of sim.batteries) {
    out[b.layer].rounds += b.rounds;
    out[b.layer].reserve += b.reserve;
    out[b.layer].fired += b.fired;
  }
  return out;
}
function scalars(key) {
  return {
    type: "frame",
    key,
    t: Math.round(sim.t * 1000) / 1000,
    speed: sim.speed,
    paused: sim.paused,
    behind_s: 0,
    end_s: DURATION_S,
    skipped: 0,
    counts: { ...sim.counts },
    layers: layers(),
  };
}
function keyframe() {
  const tracks = [...sim.tracks.values()];
  return {
    ...scalars(true),
    tracks: tracks.filter((t) => t.reported).map(trackRow),
    impacts: tracks.filter((t) => t.category === "ballistic_missile" || t.category === "rocket").map(impactRow),
    interceptors: [...sim.interceptors.values()].map(interceptorRow),
    threats: tracks.map(threatRow),
    batteries: sim.batteries.map(batteryRow),
    log: [],
  };
}
// The delta since the last frame: tracks whose sensor update fell due (each track is
// re-measured about once a second of sim time, so at 1x a frame carries a tenth of them
// and the page has to dead-reckon the rest), every interceptor (few, fast), what ended.
function delta() {
  const tracks = [];
  const threats = [];
  for (const t of sim.tracks.values()) {
    if (sim.t >= t.nextReport) {
      t.nextReport = sim.t + 0.8 + rand() * 0.4;
      t.reported = true;
      tracks.push(trackRow(t));
      threats.push(threatRow(t));
    }
  }
  const impacts = [];
  for (const t of sim.tracks.values()) {
    if ((t.category === "ballistic_missile" || t.category === "rocket") && (sim.dirtyImpacts.has(t.id) || Math.floor(sim.t) !== Math.floor(sim.t - lastStepDt))) {
      impacts.push(impactRow(t));
    }
  }
  const frame = {
    ...scalars(false),
    tracks,
    tracks_gone: sim.gone.tracks,
    impacts,
    impacts_gone: sim.gone.impacts,
    interceptors: [...sim.interceptors.values()].map(interceptorRow),
    interceptors_gone: sim.gone.interceptors,
    threats,
    threats_gone: sim.gone.threats,
    batteries: sim.batteries.map(batteryRow),
    log: sim.pendingLog,
  };
  sim.gone = { tracks: [], impacts: [], interceptors: [], threats: [] };
  sim.pendingLog = [];
  sim.dirtyImpacts.clear();
  sim.dirtyBatteries.clear();
  return frame;
}

// ---------------------------------------------------------------------------------
// HTTP: the web directory, at the paths the Rust server will use.
const FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/index.html": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
  "/vendor/milsymbol.js": ["vendor/milsymbol.js", "text/javascript; charset=utf-8"],
  "/world.json": ["world.json", "application/json"],
};
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  const entry = FILES[url.pathname];
  const file = entry && path.join(WEB, entry[0]);
  if (!file || !existsSync(file)) {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
    return;
  }
  // Read on every request so edits to the page show on reload.
  res.writeHead(200, { "content-type": entry[1], "cache-control": "no-store" });
  res.end(readFileSync(file));
});

// ---------------------------------------------------------------------------------
// WebSocket (RFC 6455), server side: handshake, unmasking client frames, text frames out.
const clients = new Set();

function encodeFrame(text, opcode = 0x1) {
  const payload = Buffer.from(text);
  const n = payload.length;
  let head;
  if (n < 126) head = Buffer.from([0x80 | opcode, n]);
  else if (n < 65536) {
    head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

function send(client, message) {
  if (!client.socket.destroyed) client.socket.write(encodeFrame(JSON.stringify(message)));
}

server.on("upgrade", (req, socket) => {
  const key = req.headers["sec-websocket-key"];
  if (new URL(req.url, "http://localhost").pathname !== "/ws" || !key) {
    socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    return;
  }
  const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`
  );
  socket.setNoDelay(true);
  const client = { socket, buffer: Buffer.alloc(0), needKey: false, skipped: 0 };
  clients.add(client);
  socket.on("data", (chunk) => {
    client.buffer = Buffer.concat([client.buffer, chunk]);
    readFrames(client);
  });
  socket.on("close", () => clients.delete(client));
  socket.on("error", () => clients.delete(client));
  send(client, {
    type: "hello",
    version: 1,
    source: opts.replay ? "replay" : "live",
    commands: { allowed: true, token_required: opts.token !== null, seek: opts.replay },
    theatre,
  });
  send(client, keyframe());
});

function readFrames(client) {
  for (;;) {
    const b = client.buffer;
    if (b.length < 2) return;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let off = 2;
    if (len === 126) {
      if (b.length < 4) return;
      len = b.readUInt16BE(2);
      off = 4;
    } else if (len === 127) {
      if (b.length < 10) return;
      len = Number(b.readBigUInt64BE(2));
      off = 10;
    }
    const maskOff = off;
    if (masked) off += 4;
    if (b.length < off + len) return;
    const payload = Buffer.from(b.subarray(off, off + len));
    if (masked) for (let i = 0; i < len; i++) payload[i] ^= b[maskOff + (i % 4)];
    client.buffer = b.subarray(off + len);
    if (opcode === 0x8) {
      client.socket.end(encodeFrame("", 0x8));
      return;
    }
    if (opcode === 0x9) client.socket.write(encodeFrame(payload.toString(), 0xa));
    if (opcode === 0x1) command(client, payload.toString("utf8"));
  }
}

function command(client, text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    send(client, { type: "error", ref: null, message: "not JSON" });
    return;
  }
  const ref = Number.isInteger(msg.id) ? msg.id : null;
  const error = (message) => send(client, { type: "error", ref, message });
  const ack = (text) => send(client, { type: "ack", ref, text });
  if (opts.token !== null && msg.token !== opts.token) return error("a valid token is required for commands");
  switch (msg.type) {
    case "mode": {
      const b = sim.batteries[msg.battery];
      if (!b) return error(`no battery ${msg.battery}`);
      if (!["free", "tight", "hold"].includes(msg.mode)) return error(`unknown mode ${msg.mode}`);
      b.mode = msg.mode;
      log("mode", `${b.name} set to weapons ${msg.mode}`);
      return ack(`${b.name}: ${msg.mode}`);
    }
    case "speed":
      if (!(typeof msg.speed === "number" && msg.speed > 0 && msg.speed <= 100)) return error("speed must be in (0, 100]");
      sim.speed = msg.speed;
      return ack(`speed ${msg.speed}x`);
    case "pause":
      sim.paused = true;
      return ack("paused");
    case "resume":
      sim.paused = false;
      return ack("resumed");
    case "seek":
      if (!opts.replay) return error("seek is only possible in a replay");
      if (!(typeof msg.t === "number" && msg.t >= 0 && msg.t <= DURATION_S)) return error("t out of range");
      // The mock has no recording to seek in: it jumps the clock and sends a keyframe.
      sim.t = msg.t;
      for (const c of clients) c.needKey = true;
      return ack(`seek to ${msg.t} s`);
    default:
      return error(`unknown command ${msg.type}`);
  }
}

// ---------------------------------------------------------------------------------
// The clock: FRAME_HZ frames a second of wall time; the sim advances speed x wall time
// in steps of at most 0.5 s (so fast interceptors do not jump past their targets).
let lastWall = performance.now();
let lastStepDt = 0;
while (sim.tracks.size < opts.tracks) spawnTrack(true); // a raid in progress from the first frame
for (let i = 0; i < 5; i++) step(0.2);
setInterval(() => {
  const now = performance.now();
  const wallDt = (now - lastWall) / 1000;
  lastWall = now;
  lastStepDt = 0;
  if (!sim.paused && sim.t < DURATION_S) {
    let todo = Math.min(wallDt * sim.speed, DURATION_S - sim.t);
    lastStepDt = todo;
    while (todo > 1e-9) {
      const dt = Math.min(0.5, todo);
      step(dt);
      todo -= dt;
    }
  }
  const frame = delta();
  for (const client of clients) {
    // A client that reads too slowly misses frames; once it catches up it gets a
    // keyframe, since the deltas in between are lost to it.
    if (client.socket.writableLength > 4 * 1024 * 1024) {
      client.skipped++;
      client.needKey = true;
      continue;
    }
    if (client.needKey) {
      send(client, { ...keyframe(), log: frame.log, skipped: client.skipped });
      client.needKey = false;
    } else {
      send(client, { ...frame, skipped: client.skipped });
    }
  }
}, 1000 / FRAME_HZ);

server.listen(opts.port, "127.0.0.1", () => {
  console.log(`live-mock listening on http://127.0.0.1:${server.address().port}/ (${opts.tracks} tracks)`);
});

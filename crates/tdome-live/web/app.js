// tdome live: the browser side of `tdome serve`, a live common operational picture.
// Plain ES2020, no build step: the Rust server embeds this file and serves it as is.
//
// Data flow: the server sends a hello (the theatre), then frames at ~10 Hz over a
// WebSocket: a keyframe replaces the whole state, a delta upserts and removes. The map is
// drawn with requestAnimationFrame at the screen's rate; between frames every track and
// interceptor is dead-reckoned to the displayed simulation time, so motion is smooth
// although the data arrives at 10 Hz. The static layers (coast, borders, assets, radar
// coverage) are drawn once per view into an off-screen canvas; the moving layers are
// drawn over it, with one cached bitmap per military symbol, so 2000 tracks stay above
// 30 frames a second.
"use strict";

(() => {
  const DEG = Math.PI / 180;
  const EARTH_R = 6378137; // Web Mercator sphere
  const LEADER_S = 60; // velocity leader: 60 s of travel
  const MAX_LOG = 500;
  // How far (wall seconds) the displayed time may run past the last frame: enough to
  // bridge the 100 ms between frames and a little jitter, not enough to fly tracks on
  // after the server has stopped talking.
  const MAX_AHEAD_WALL_S = 0.5;
  const MODE_COLOUR = { free: "#3ddc84", tight: "#ffbf3c", hold: "#ff5252" };
  const LAYERS = ["upper", "middle", "lower", "point"];

  // ---------------------------------------------------------------------------------
  // State. Maps keyed by the protocol's ids; objects are updated in place so a frame of
  // 2000 tracks does not churn the garbage collector.
  const state = {
    hello: null,
    theatre: null,
    epochMs: 0,
    t: 0, // simulation time of the last frame
    speed: 1,
    paused: false,
    behind: 0,
    endS: null,
    skipped: 0,
    tracks: new Map(),
    impacts: new Map(),
    interceptors: new Map(),
    threats: new Map(),
    batteries: new Map(), // id -> {rounds, reserve, inFlight, mode}
    counts: {},
    layers: {},
    log: [],
    connected: false,
  };
  const stats = {
    framesDrawn: 0,
    drawTimes: [], // ms per draw since the last reset (bounded)
    drawStamps: [], // performance.now() of recent draws, for fps over the last 2 s
    tracksDrawn: 0,
    interceptorsDrawn: 0,
    framesReceived: 0,
    keyframesReceived: 0,
  };

  const $ = (id) => document.getElementById(id);
  const canvas = $("map");
  const ctx = canvas.getContext("2d");

  // ---------------------------------------------------------------------------------
  // Formatting.
  function fmtT(t) {
    const s = Math.max(0, Math.floor(t));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, "0");
    return h > 0 ? `T+${h}:${String(m).padStart(2, "0")}:${ss}` : `T+${String(m).padStart(2, "0")}:${ss}`;
  }
  function fmtUtc(t) {
    const d = new Date(state.epochMs + t * 1000);
    return isNaN(d) ? "" : d.toISOString().slice(0, 19).replace("T", " ") + "Z";
  }
  function fmtUsd(v) {
    if (v == null) return "–";
    const a = Math.abs(v);
    if (a >= 1e9) return `$${(v / 1e9).toFixed(2)}B`;
    if (a >= 1e6) return `$${(v / 1e6).toFixed(1)}M`;
    if (a >= 1e3) return `$${(v / 1e3).toFixed(0)}k`;
    return `$${Math.round(v)}`;
  }
  const fmtP = (p) => (p == null ? "–" : p.toFixed(2));
  // Write text only when it changed: most panel fields are the same frame after frame.
  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  // ---------------------------------------------------------------------------------
  // Projection: Web Mercator in metres, relative to the theatre origin (so the numbers
  // stay small and Float32Arrays keep metre precision), y up. The view maps that plane
  // onto the canvas with a centre and a scale (pixels per Mercator metre).
  let originX = 0;
  let originY = 0;
  const mercX = (lon) => EARTH_R * lon * DEG - originX;
  function mercY(lat) {
    const l = Math.max(-85, Math.min(85, lat));
    return EARTH_R * Math.log(Math.tan(Math.PI / 4 + (l * DEG) / 2)) - originY;
  }
  // Mercator stretches ground distances by 1/cos(lat): ground metres times this factor
  // are Mercator metres (radar ranges, sigmas, velocities).
  const stretch = (lat) => 1 / Math.cos(Math.max(-85, Math.min(85, lat)) * DEG);

  const view = { cx: 0, cy: 0, scale: 0.001, w: 1, h: 1, dpr: 1 };
  const sx = (x) => (x - view.cx) * view.scale + view.w / 2;
  const sy = (y) => (view.cy - y) * view.scale + view.h / 2;

  // ---------------------------------------------------------------------------------
  // World outlines from /world.json, decoded once into projected polylines with their
  // bounding boxes (to skip the ones outside the view).
  let world = null; // {coast: [{pts, x0, y0, x1, y1}], borders: [...]}
  let worldRaw = null;

  function projectWorld() {
    if (!worldRaw) return;
    const decode = (lines) =>
      lines.map((line) => {
        const pts = new Float32Array(line.length);
        let lon = 0;
        let lat = 0;
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (let i = 0; i < line.length; i += 2) {
          lon += line[i];
          lat += line[i + 1];
          const x = mercX(lon / 1000);
          const y = mercY(lat / 1000);
          pts[i] = x;
          pts[i + 1] = y;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
        return { pts, x0, y0, x1, y1 };
      });
    world = { coast: decode(worldRaw.coast || []), borders: decode(worldRaw.borders || []) };
    bgDirty = true;
    requestDraw();
  }

  fetch("world.json")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`world.json: HTTP ${r.status}`))))
    .then((w) => {
      worldRaw = w;
      projectWorld();
    })
    .catch((e) => console.warn(`no coastlines: ${e.message}`));

  // ---------------------------------------------------------------------------------
  // Military symbols (milsymbol, APP-6/MIL-STD-2525 letter codes). Each code is
  // rendered once into a canvas and reused with drawImage: building a symbol costs far
  // more than blitting it, and there are only a handful of distinct codes.
  // The battle manager's categories are what kinematics tell (tdome_core's
  // TargetCategory): a ballistic arc (hostile missile in flight), or flight under lift
  // (hostile air track: cruise missiles and drones look alike to it). An unassessed track
  // is a hostile air track of unknown kind.
  const SIDC_BY_CATEGORY = {
    ballistic: "SHAPWMB---",
    air_breathing: "SHAPMFQ---",
  };
  const SIDC_BY_LAYER = { upper: "SFGPUCDMH-", middle: "SFGPUCDMM-", lower: "SFGPUCDML-", point: "SFGPUCDG--" };
  const symbolCache = new Map();

  function symbol(sidc, size, colour) {
    const key = `${sidc}|${size}|${colour || ""}|${view.dpr}`;
    let s = symbolCache.get(key);
    if (s) return s;
    const opts = { size: size * view.dpr, outlineWidth: 2 * view.dpr, outlineColor: "rgba(0,0,0,0.7)" };
    if (colour) Object.assign(opts, { monoColor: colour, fill: false });
    else opts.colorMode = "Light";
    try {
      const sym = new window.ms.Symbol(sidc, opts);
      const anchor = sym.getAnchor();
      s = { canvas: sym.asCanvas(), ax: anchor.x / view.dpr, ay: anchor.y / view.dpr };
      s.w = s.canvas.width / view.dpr;
      s.h = s.canvas.height / view.dpr;
    } catch (e) {
      s = null; // drawn as a plain dot below
    }
    symbolCache.set(key, s);
    return s;
  }
  function trackSidc(track) {
    let code = SIDC_BY_CATEGORY[track.category] || "SHAP------";
    // A tentative track gets the "anticipated" status, which dashes the frame: the
    // operator sees at a glance that it is not yet confirmed.
    if (track.status === "tentative") code = code.slice(0, 3) + "A" + code.slice(4);
    return code;
  }

  // ---------------------------------------------------------------------------------
  // Time. The displayed simulation time runs on from the last frame at the reported
  // speed (unless paused), for at most MAX_AHEAD_WALL_S of wall time, and never runs
  // backwards by a little (a frame slightly behind what we showed would make every
  // symbol twitch); a big jump (seek, keyframe after a gap) is followed at once.
  const clock = { t: 0, wall: 0, shown: 0 };
  function displayTime(now) {
    let t = clock.t;
    if (!state.paused && state.connected) {
      const ahead = Math.min((now - clock.wall) / 1000, MAX_AHEAD_WALL_S);
      t += Math.max(0, ahead) * state.speed;
    }
    if (state.endS != null) t = Math.min(t, state.endS);
    if (t < clock.shown && clock.shown - t < Math.max(1, state.speed)) t = clock.shown;
    clock.shown = t;
    return t;
  }
  function timeMoving(now) {
    return state.connected && !state.paused && now - clock.wall < MAX_AHEAD_WALL_S * 1000 + 50;
  }

  // ---------------------------------------------------------------------------------
  // Canvas size, view, pan and zoom.
  let bg = document.createElement("canvas"); // static layers, redrawn when the view changes
  let bgDirty = true;

  function resize() {
    const rect = canvas.getBoundingClientRect();
    view.dpr = window.devicePixelRatio || 1;
    view.w = Math.max(1, rect.width);
    view.h = Math.max(1, rect.height);
    canvas.width = Math.round(view.w * view.dpr);
    canvas.height = Math.round(view.h * view.dpr);
    bg.width = canvas.width;
    bg.height = canvas.height;
    bgDirty = true;
    requestDraw();
  }
  new ResizeObserver(resize).observe(canvas);

  function zoomAt(factor, px, py) {
    // Keep the point under (px, py) where it is.
    const wx = view.cx + (px - view.w / 2) / view.scale;
    const wy = view.cy - (py - view.h / 2) / view.scale;
    view.scale = Math.max(1e-6, Math.min(1, view.scale * factor));
    view.cx = wx - (px - view.w / 2) / view.scale;
    view.cy = wy + (py - view.h / 2) / view.scale;
    bgDirty = true;
    requestDraw();
  }

  // Fit the theatre: the assets, the radar and battery sites and the tracks now on the
  // map, with a margin. Not the radars' coverage: a long-range radar's ring would zoom
  // the defended area down to a few pixels.
  function fit() {
    const th = state.theatre;
    if (!th) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const add = (x, y) => {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x);
      y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    };
    for (const a of th.assets || []) for (const [lat, lon] of a.polygon) add(mercX(lon), mercY(lat));
    for (const s of th.sensors || []) add(mercX(s.site[1]), mercY(s.site[0]));
    for (const b of th.batteries || []) add(mercX(b.site[1]), mercY(b.site[0]));
    // 30 km about the sites, in the projection's units at the theatre's latitude.
    const pad = 30000 * stretch(th.origin ? th.origin[0] : 0);
    x0 -= pad; y0 -= pad; x1 += pad; y1 += pad;
    for (const tr of state.tracks.values()) add(tr.x, tr.y);
    if (!isFinite(x0)) {
      x0 = y0 = -200000;
      x1 = y1 = 200000;
    }
    view.cx = (x0 + x1) / 2;
    view.cy = (y0 + y1) / 2;
    const margin = 40;
    view.scale = Math.min((view.w - 2 * margin) / Math.max(1, x1 - x0), (view.h - 2 * margin) / Math.max(1, y1 - y0));
    bgDirty = true;
    requestDraw();
  }

  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy };
    canvas.setPointerCapture(e.pointerId);
    canvas.classList.add("dragging");
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drag) return;
    view.cx = drag.cx - (e.clientX - drag.x) / view.scale;
    view.cy = drag.cy + (e.clientY - drag.y) / view.scale;
    bgDirty = true;
    requestDraw();
  });
  const endDrag = () => {
    drag = null;
    canvas.classList.remove("dragging");
  };
  canvas.addEventListener("pointerup", endDrag);
  canvas.addEventListener("pointercancel", endDrag);
  canvas.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      // deltaY is ~100 per notch on most mice, smaller and continuous on touchpads.
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    },
    { passive: false }
  );
  $("zoom-in").addEventListener("click", () => zoomAt(1.5, view.w / 2, view.h / 2));
  $("zoom-out").addEventListener("click", () => zoomAt(1 / 1.5, view.w / 2, view.h / 2));
  $("fit").addEventListener("click", fit);
  let showTruth = false;
  $("show-truth").addEventListener("change", (e) => {
    showTruth = e.target.checked;
    requestDraw();
  });

  // ---------------------------------------------------------------------------------
  // Drawing.
  let rafPending = false;
  function requestDraw() {
    if (!rafPending) {
      rafPending = true;
      requestAnimationFrame(drawFrame);
    }
  }

  function drawPolylines(c, lines) {
    // Lines wholly outside the view are skipped; the rest go into one path.
    const vx0 = view.cx - view.w / 2 / view.scale;
    const vx1 = view.cx + view.w / 2 / view.scale;
    const vy0 = view.cy - view.h / 2 / view.scale;
    const vy1 = view.cy + view.h / 2 / view.scale;
    c.beginPath();
    for (const l of lines) {
      if (l.x1 < vx0 || l.x0 > vx1 || l.y1 < vy0 || l.y0 > vy1) continue;
      const p = l.pts;
      c.moveTo(sx(p[0]), sy(p[1]));
      for (let i = 2; i < p.length; i += 2) c.lineTo(sx(p[i]), sy(p[i + 1]));
    }
    c.stroke();
  }

  // Static layers: sea, graticule, coast, borders, radar coverage, defended assets.
  function drawBackground() {
    const c = bg.getContext("2d");
    c.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    c.fillStyle = "#0a0f13";
    c.fillRect(0, 0, view.w, view.h);
    c.lineJoin = "round";

    // Graticule every degree (or every 10 when zoomed far out), for orientation.
    const degPx = EARTH_R * DEG * view.scale;
    const stepDeg = degPx > 40 ? 1 : degPx > 4 ? 10 : 30;
    const lonL = (view.cx - view.w / 2 / view.scale + originX) / (EARTH_R * DEG);
    const lonR = (view.cx + view.w / 2 / view.scale + originX) / (EARTH_R * DEG);
    c.strokeStyle = "#131d24";
    c.lineWidth = 1;
    c.beginPath();
    for (let lon = Math.ceil(lonL / stepDeg) * stepDeg; lon <= lonR; lon += stepDeg) {
      const x = sx(mercX(lon));
      c.moveTo(x, 0);
      c.lineTo(x, view.h);
    }
    for (let lat = -80; lat <= 80; lat += stepDeg) {
      const y = sy(mercY(lat));
      if (y < 0 || y > view.h) continue;
      c.moveTo(0, y);
      c.lineTo(view.w, y);
    }
    c.stroke();

    if (world) {
      c.strokeStyle = "#5f8799";
      c.lineWidth = 1.2;
      drawPolylines(c, world.coast);
      c.strokeStyle = "#3d5866";
      c.setLineDash([4, 3]);
      c.lineWidth = 1;
      drawPolylines(c, world.borders);
      c.setLineDash([]);
    }

    const th = state.theatre;
    if (!th) return;
    // Radar coverage: faint, so it reads as context rather than as a threat.
    c.lineWidth = 1;
    for (const s of th.sensors || []) {
      const x = sx(mercX(s.site[1]));
      const y = sy(mercY(s.site[0]));
      const r = s.range_m * stretch(s.site[0]) * view.scale;
      c.beginPath();
      c.arc(x, y, r, 0, 2 * Math.PI);
      c.fillStyle = "rgba(79, 210, 255, 0.035)";
      c.fill();
      c.strokeStyle = "rgba(79, 210, 255, 0.22)";
      c.stroke();
      c.fillStyle = "rgba(79, 210, 255, 0.55)";
      c.beginPath();
      c.moveTo(x, y - 4); c.lineTo(x + 4, y + 3); c.lineTo(x - 4, y + 3); c.closePath();
      c.fill();
    }
    // Defended assets.
    c.font = "12px system-ui, 'DejaVu Sans', sans-serif";
    c.textBaseline = "middle";
    for (const a of th.assets || []) {
      if (!a.polygon || a.polygon.length < 2) continue;
      c.beginPath();
      let cx = 0, cy = 0;
      a.polygon.forEach(([lat, lon], i) => {
        const x = sx(mercX(lon));
        const y = sy(mercY(lat));
        cx += x; cy += y;
        if (i === 0) c.moveTo(x, y);
        else c.lineTo(x, y);
      });
      c.closePath();
      c.fillStyle = "rgba(120, 170, 255, 0.16)";
      c.fill();
      c.strokeStyle = "#7aa8ff";
      c.lineWidth = 1.5;
      c.stroke();
      cx /= a.polygon.length;
      cy /= a.polygon.length;
      c.fillStyle = "#a9c4ff";
      c.textAlign = "left";
      const xs = a.polygon.map(([, lon]) => sx(mercX(lon)));
      c.fillText(a.name, Math.max(...xs) + 5, cy);
    }
  }

  function drawFrame(now) {
    rafPending = false;
    const t0 = performance.now();
    if (bgDirty) {
      drawBackground();
      bgDirty = false;
    }
    const T = displayTime(t0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(bg, 0, 0);
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    const W = view.w;
    const H = view.h;
    const M = 30; // off-screen margin for culling
    const onScreen = (x, y) => x > -M && x < W + M && y > -M && y < H + M;

    // Dead-reckon the moving things to T once, into screen coordinates.
    for (const tr of state.tracks.values()) {
      const dt = Math.max(0, Math.min(T - tr.t, 60));
      tr.sx = sx(tr.x + tr.vx * dt);
      tr.sy = sy(tr.y + tr.vy * dt);
    }
    for (const m of state.interceptors.values()) {
      const dt = Math.max(0, Math.min(T - m.t, 60));
      m.sx = sx(m.x + m.vx * dt);
      m.sy = sy(m.y + m.vy * dt);
    }

    // Predicted impact ellipses (2 sigma), red when the track threatens an asset.
    ctx.lineWidth = 1.2;
    for (const im of state.impacts.values()) {
      const x = sx(im.x);
      const y = sy(im.y);
      if (!onScreen(x, y)) continue;
      const k = im.k * view.scale * 2;
      const rx = Math.max(2, im.major * k);
      const ry = Math.max(2, im.minor * k);
      const threat = im.asset != null;
      ctx.beginPath();
      // Azimuth is clockwise from north; canvas rotation is clockwise from +x (y down).
      ctx.ellipse(x, y, rx, ry, (im.azimuth - 90) * DEG, 0, 2 * Math.PI);
      ctx.fillStyle = threat ? "rgba(255, 82, 82, 0.12)" : "rgba(160, 170, 180, 0.06)";
      ctx.fill();
      ctx.strokeStyle = threat ? "rgba(255, 92, 92, 0.85)" : "rgba(160, 170, 180, 0.45)";
      ctx.stroke();
    }

    // Batteries: symbol by layer, coloured by mode, name and rounds "launcher+reserve".
    const th = state.theatre;
    ctx.font = "11px system-ui, 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    // Batteries stand close together around the assets they defend: a label that would
    // overlap one already drawn is left out (the symbol stays; the side panel names it).
    const labels = [];
    const free = (x0, y0, x1, y1) =>
      !labels.some((r) => x0 < r[2] && r[0] < x1 && y0 < r[3] && r[1] < y1) && labels.push([x0, y0, x1, y1]);
    for (const b of (th && th.batteries) || []) {
      const live = state.batteries.get(b.id);
      const mode = live ? live.mode : "free";
      const colour = MODE_COLOUR[mode] || MODE_COLOUR.free;
      const x = sx(mercX(b.site[1]));
      const y = sy(mercY(b.site[0]));
      if (!onScreen(x, y)) continue;
      const s = symbol(SIDC_BY_LAYER[b.layer] || "SFGPUCD---", 18, colour);
      // Labels go to the left of the symbol: asset names sit to the right of their
      // polygons, and batteries are usually placed at the assets they defend.
      let left = x - 10;
      if (s) {
        ctx.drawImage(s.canvas, x - s.ax, y - s.ay, s.w, s.h);
        left = x - s.ax - 3;
      }
      ctx.fillStyle = colour;
      const width = Math.max(ctx.measureText(b.name).width, 40);
      if (free(left - width, y - 12, left, y + 12)) {
        ctx.fillText(b.name, left, y - 6);
        if (live) ctx.fillText(`${live.rounds}+${live.reserve}`, left, y + 6);
      }
    }

    // Engagement lines: interceptor to its target track.
    ctx.strokeStyle = "rgba(79, 210, 255, 0.6)";
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    for (const m of state.interceptors.values()) {
      const tr = state.tracks.get(m.track);
      if (!tr) continue;
      ctx.moveTo(m.sx, m.sy);
      ctx.lineTo(tr.sx, tr.sy);
    }
    ctx.stroke();
    ctx.setLineDash([]);

    // Ground truth (toggle): small grey crosses, one path.
    if (showTruth) {
      ctx.strokeStyle = "rgba(190, 190, 190, 0.7)";
      ctx.beginPath();
      for (const o of state.threats.values()) {
        const dt = Math.max(0, Math.min(T - o.t, 60));
        const x = sx(o.x + o.vx * dt);
        const y = sy(o.y + o.vy * dt);
        if (!onScreen(x, y)) continue;
        ctx.moveTo(x - 3, y - 3); ctx.lineTo(x + 3, y + 3);
        ctx.moveTo(x + 3, y - 3); ctx.lineTo(x - 3, y + 3);
      }
      ctx.stroke();
    }

    // Velocity leaders: one path for all tracks (one stroke instead of thousands).
    const lead = LEADER_S * view.scale;
    ctx.strokeStyle = "rgba(255, 110, 110, 0.75)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const tr of state.tracks.values()) {
      if (!onScreen(tr.sx, tr.sy)) continue;
      ctx.moveTo(tr.sx, tr.sy);
      ctx.lineTo(tr.sx + tr.vx * lead, tr.sy - tr.vy * lead);
    }
    ctx.stroke();

    // Track symbols, then their ids.
    let drawn = 0;
    for (const tr of state.tracks.values()) {
      if (!onScreen(tr.sx, tr.sy)) continue;
      const s = symbol(trackSidc(tr), 14);
      if (s) ctx.drawImage(s.canvas, tr.sx - s.ax, tr.sy - s.ay, s.w, s.h);
      else {
        ctx.fillStyle = "#ff5c5c";
        ctx.fillRect(tr.sx - 2, tr.sy - 2, 4, 4);
      }
      drawn++;
    }
    ctx.fillStyle = "#ffb3b3";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.font = "10px ui-monospace, 'DejaVu Sans Mono', monospace";
    for (const tr of state.tracks.values()) {
      if (!onScreen(tr.sx, tr.sy)) continue;
      ctx.fillText(tr.label, tr.sx + 9, tr.sy - 8);
    }

    // Interceptors in flight: a small friendly missile symbol.
    let mDrawn = 0;
    const ms = symbol("SFAPWMSA--", 10);
    for (const m of state.interceptors.values()) {
      if (!onScreen(m.sx, m.sy)) continue;
      if (ms) ctx.drawImage(ms.canvas, m.sx - ms.ax, m.sy - ms.ay, ms.w, ms.h);
      mDrawn++;
    }

    drawScaleBar();

    // Panel text that moves with the displayed time.
    setText($("sim-time"), fmtT(T));
    setText($("utc"), fmtUtc(T));

    const ms1 = performance.now() - t0;
    stats.framesDrawn++;
    stats.tracksDrawn = drawn;
    stats.interceptorsDrawn = mDrawn;
    if (stats.drawTimes.length < 100000) stats.drawTimes.push(ms1);
    stats.drawStamps.push(t0);
    while (stats.drawStamps.length && stats.drawStamps[0] < t0 - 2000) stats.drawStamps.shift();
    if (timeMoving(t0)) requestDraw();
  }

  function drawScaleBar() {
    // A round ground distance about 120 px long, at the view's centre latitude.
    const lat = latOfY(view.cy);
    const mPerPx = 1 / (view.scale * stretch(lat));
    const target = 120 * mPerPx;
    const p = Math.pow(10, Math.floor(Math.log10(target)));
    const nice = [1, 2, 5, 10].map((f) => f * p).filter((v) => v <= target).pop() || p;
    const px = nice / mPerPx;
    const x = view.w - px - 16;
    const y = view.h - 16;
    ctx.strokeStyle = "#9fb0bc";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, y - 4); ctx.lineTo(x, y); ctx.lineTo(x + px, y); ctx.lineTo(x + px, y - 4);
    ctx.stroke();
    ctx.fillStyle = "#9fb0bc";
    ctx.font = "11px system-ui, 'DejaVu Sans', sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(nice >= 1000 ? `${nice / 1000} km` : `${nice} m`, x + px / 2, y - 3);
  }
  function latOfY(y) {
    return (2 * Math.atan(Math.exp((y + originY) / EARTH_R)) - Math.PI / 2) / DEG;
  }

  // ---------------------------------------------------------------------------------
  // Applying the server's messages.
  function onHello(h) {
    state.hello = h;
    state.theatre = h.theatre || { assets: [], sensors: [], batteries: [] };
    const th = state.theatre;
    state.epochMs = Date.parse(th.epoch) || 0;
    const [lat0, lon0] = th.origin || [0, 0];
    // Re-centre the projection on this theatre; a reconnect to the same theatre keeps
    // the operator's view.
    const sameTheatre = state.originKey === `${lat0},${lon0}`;
    originX = 0;
    originY = 0;
    originX = mercX(lon0);
    originY = mercY(lat0);
    state.originKey = `${lat0},${lon0}`;
    projectWorld();
    state.endS = th.duration_s ?? null;

    setText($("scenario"), `${th.scenario || "?"} · seed ${th.seed ?? "?"} · ${h.source || "live"}`);
    buildBatteryRows();
    buildInventory();
    const cmds = h.commands || {};
    const allowed = cmds.allowed !== false;
    $("pause").disabled = !allowed;
    $("speed").disabled = !allowed;
    $("token-row").hidden = !cmds.token_required;
    $("token").value = sessionStorage.getItem("tdome-live-token") || "";
    $("seek-row").hidden = !cmds.seek;
    if (cmds.seek) $("seek").max = String(th.duration_s || 600);
    fitPending = !sameTheatre;
    bgDirty = true;
    requestDraw();
  }
  let fitPending = true;

  function upsertTrack(row, t) {
    const [id, status, lat, lon, alt, ve, vn, vu, category, quality] = row;
    let tr = state.tracks.get(id);
    if (!tr) {
      tr = { id, label: `T${id}`, sx: 0, sy: 0 };
      state.tracks.set(id, tr);
    }
    const k = stretch(lat);
    tr.status = status;
    tr.lat = lat;
    tr.lon = lon;
    tr.alt = alt;
    tr.category = category;
    tr.quality = quality;
    tr.x = mercX(lon);
    tr.y = mercY(lat);
    tr.vx = ve * k; // Mercator metres per second
    tr.vy = vn * k;
    tr.vu = vu;
    tr.t = t;
  }
  function upsertInterceptor(row, t) {
    const [id, battery, lat, lon, alt, ve, vn, vu, track] = row;
    let m = state.interceptors.get(id);
    if (!m) {
      m = { id, sx: 0, sy: 0 };
      state.interceptors.set(id, m);
    }
    const k = stretch(lat);
    Object.assign(m, { battery, lat, lon, alt, track, x: mercX(lon), y: mercY(lat), vx: ve * k, vy: vn * k, vu, t });
  }
  function upsertThreat(row, t) {
    const [id, kind, lat, lon, alt, ve, vn] = row;
    const k = stretch(lat);
    state.threats.set(id, { id, kind, alt, x: mercX(lon), y: mercY(lat), vx: ve * k, vy: vn * k, t });
  }
  function upsertImpact(row) {
    const [track, lat, lon, major, minor, azimuth, pHit, asset, decision, impactT] = row;
    state.impacts.set(track, { track, lat, lon, x: mercX(lon), y: mercY(lat), k: stretch(lat), major, minor, azimuth, pHit, asset, decision, impactT });
  }

  function onFrame(f) {
    stats.framesReceived++;
    const t = f.t ?? state.t;
    if (f.key) {
      stats.keyframesReceived++;
      state.tracks.clear();
      state.impacts.clear();
      state.interceptors.clear();
      state.threats.clear();
      clock.shown = t; // a keyframe may jump back (seek): follow it
    }
    for (const id of f.tracks_gone || []) state.tracks.delete(id);
    for (const id of f.impacts_gone || []) state.impacts.delete(id);
    for (const id of f.interceptors_gone || []) state.interceptors.delete(id);
    for (const id of f.threats_gone || []) state.threats.delete(id);
    for (const row of f.tracks || []) upsertTrack(row, t);
    for (const row of f.impacts || []) upsertImpact(row);
    for (const row of f.interceptors || []) upsertInterceptor(row, t);
    for (const row of f.threats || []) upsertThreat(row, t);
    for (const [id, rounds, reserve, inFlight, mode] of f.batteries || []) {
      state.batteries.set(id, { rounds, reserve, inFlight, mode });
    }
    if (f.key && !f.batteries) state.batteries.clear();
    if (f.counts) state.counts = f.counts;
    if (f.layers) state.layers = f.layers;
    state.t = t;
    state.speed = f.speed ?? state.speed;
    state.paused = !!f.paused;
    state.behind = f.behind_s || 0;
    if (f.end_s != null) state.endS = f.end_s;
    state.skipped = f.skipped || 0;
    clock.t = t;
    clock.wall = performance.now();
    if (f.log && f.log.length) appendLog(f.log);
    // Fit the view once per theatre, on its first keyframe (so the tracks then on the
    // map are in view too); after that the view is the operator's.
    if (fitPending && f.key) {
      fitPending = false;
      fit();
    }
    updatePanel();
    requestDraw();
  }

  // ---------------------------------------------------------------------------------
  // Side panel.
  function updatePanel() {
    const c = state.counts;
    setText($("count-launched"), String(c.launched ?? 0));
    setText($("count-engaged"), String(c.engaged ?? 0));
    setText($("count-intercepted"), String(c.intercepted ?? 0));
    setText($("count-leaked"), String(c.leaked ?? 0));
    setText($("count-open"), String(c.fell_in_open ?? 0));
    setText($("cost"), fmtUsd(c.cost_usd ?? 0));
    setText($("speed-now"), state.paused ? `paused (${state.speed}×)` : `running at ${state.speed}×`);
    const behind = $("behind");
    behind.hidden = !(state.behind > 0.5);
    setText(behind, state.behind > 0.5 ? `behind by ${state.behind.toFixed(1)} s` : "");
    const skipped = $("skipped");
    skipped.hidden = !(state.skipped > 0);
    setText(skipped, state.skipped > 0 ? `${state.skipped} frames skipped` : "");
    const pause = $("pause");
    setText(pause, state.paused ? "Resume" : "Pause");
    pause.setAttribute("aria-pressed", String(state.paused));
    const speed = $("speed");
    if (document.activeElement !== speed && pendingSpeed === null) {
      const v = String(state.speed);
      if (![...speed.options].some((o) => o.value === v)) speed.add(new Option(`${v}×`, v));
      speed.value = v;
    }
    const seek = $("seek");
    if (!seek.hidden && document.activeElement !== seek) seek.value = String(state.t);

    // Inventory by layer.
    for (const layer of LAYERS) {
      const row = inventoryRows[layer];
      const l = state.layers[layer];
      if (!row) continue;
      setText(row.rounds, l ? `${l.rounds}+${l.reserve}` : "–");
      setText(row.fired, l ? String(l.fired) : "–");
    }
    // Batteries: the select shows the server's mode, except while our own change to it
    // is on its way (then the row is marked pending until a frame after the answer).
    for (const [id, row] of batteryRows) {
      const b = state.batteries.get(id);
      if (!b) continue;
      setText(row.rounds, `${b.rounds}+${b.reserve}`);
      setText(row.inFlight, b.inFlight > 0 ? `${b.inFlight}↑` : "");
      const p = row.pending;
      if (p && (p.answered || b.mode === p.mode)) {
        if (p.answered) p.frames = (p.frames || 0) + 1;
        if (b.mode === p.mode || p.frames >= 1) row.pending = null;
      }
      if (!row.pending) {
        row.li.dataset.mode = b.mode;
        row.li.classList.remove("pending");
        if (row.select.value !== b.mode) row.select.value = b.mode;
      }
    }
  }

  const inventoryRows = {};
  function buildInventory() {
    const tbody = $("inventory").tBodies[0];
    tbody.textContent = "";
    for (const layer of LAYERS) {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      name.textContent = layer;
      const rounds = document.createElement("td");
      const fired = document.createElement("td");
      tr.append(name, rounds, fired);
      tbody.append(tr);
      inventoryRows[layer] = { rounds, fired };
    }
  }

  const batteryRows = new Map(); // id -> {li, select, rounds, inFlight, pending}
  function buildBatteryRows() {
    const ul = $("batteries");
    ul.textContent = "";
    batteryRows.clear();
    const allowed = !state.hello || !state.hello.commands || state.hello.commands.allowed !== false;
    for (const b of state.theatre.batteries || []) {
      const li = document.createElement("li");
      li.dataset.battery = String(b.id);
      li.dataset.mode = "free";
      li.title = `${b.interceptor || ""} · range ${Math.round((b.range_m || 0) / 1000)} km · ${fmtUsd(b.round_cost_usd)} a round`;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = b.name;
      const layer = document.createElement("span");
      layer.className = "layer";
      layer.textContent = ` ${b.layer}`;
      name.append(layer);
      const info = document.createElement("span");
      const rounds = document.createElement("span");
      rounds.className = "rounds";
      const inFlight = document.createElement("span");
      inFlight.className = "layer";
      info.append(rounds, " ", inFlight);
      const select = document.createElement("select");
      select.className = "mode";
      select.disabled = !allowed;
      select.setAttribute("aria-label", `${b.name} mode`);
      for (const m of ["free", "tight", "hold"]) select.add(new Option(m, m));
      select.addEventListener("change", () => {
        const id = sendCommand({ type: "mode", battery: b.id, mode: select.value });
        const row = batteryRows.get(b.id);
        row.pending = { ref: id, mode: select.value, answered: false };
        li.classList.add("pending");
      });
      li.append(name, info, select);
      ul.append(li);
      batteryRows.set(b.id, { li, select, rounds, inFlight, pending: null });
    }
  }

  // The event log: newest on top, the last MAX_LOG kept. Entries with a `why` open in
  // place to show the decision behind them.
  function appendLog(entries) {
    const ul = $("log");
    const frag = document.createDocumentFragment();
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      const li = document.createElement("li");
      li.dataset.kind = e.kind || "";
      const t = document.createElement("span");
      t.className = "t";
      t.textContent = fmtT(e.t ?? 0);
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = e.text || "";
      li.append(t, text);
      if (e.why) {
        li.classList.add("has-why");
        li.addEventListener("click", () => toggleWhy(li, e.why));
      }
      frag.append(li);
    }
    ul.prepend(frag);
    while (ul.children.length > MAX_LOG) ul.lastElementChild.remove();
    state.log.push(...entries);
    if (state.log.length > MAX_LOG) state.log.splice(0, state.log.length - MAX_LOG);
  }
  function toggleWhy(li, why) {
    const open = li.querySelector(".why");
    if (open) {
      open.remove();
      li.classList.remove("open");
      return;
    }
    li.classList.add("open");
    const div = document.createElement("div");
    div.className = "why";
    const line = (label, value) => {
      const p = document.createElement("div");
      const b = document.createElement("b");
      b.textContent = value;
      p.append(`${label}: `, b);
      div.append(p);
    };
    line("shooter choice", String(why.choice ?? "–").replace(/_/g, " "));
    line("value at risk", why.value_at_risk == null ? "–" : String(why.value_at_risk));
    line("weighed P(kill)", fmtP(why.p_kill));
    line("weighed cost", fmtUsd(why.cost_usd));
    if (why.candidates && why.candidates.length) {
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      for (const h of ["battery", "role", "P(kill)", "cost"]) {
        const th = document.createElement("th");
        th.textContent = h;
        head.append(th);
      }
      const body = table.createTBody();
      for (const c of why.candidates) {
        const r = body.insertRow();
        if (c.role === "chosen") r.className = "chosen";
        for (const v of [c.battery, c.role, fmtP(c.p_kill), fmtUsd(c.cost_usd)]) r.insertCell().textContent = v;
      }
      div.append(table);
    }
    li.append(div);
  }

  let toastTimer = null;
  function toast(text, isError) {
    const el = $("toast");
    el.textContent = text;
    el.classList.toggle("error", !!isError);
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (el.hidden = true), isError ? 4000 : 2000);
  }

  // ---------------------------------------------------------------------------------
  // Commands.
  let nextCommandId = 1;
  let pendingSpeed = null;
  function sendCommand(cmd) {
    const id = nextCommandId++;
    const msg = { ...cmd, id };
    if (state.hello && state.hello.commands && state.hello.commands.token_required) {
      msg.token = $("token").value;
    }
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      toast("not connected: command not sent", true);
      return id;
    }
    ws.send(JSON.stringify(msg));
    return id;
  }
  $("token").addEventListener("input", (e) => sessionStorage.setItem("tdome-live-token", e.target.value));
  $("pause").addEventListener("click", () => sendCommand({ type: state.paused ? "resume" : "pause" }));
  $("speed").addEventListener("change", (e) => {
    pendingSpeed = sendCommand({ type: "speed", speed: Number(e.target.value) });
  });
  $("seek").addEventListener("change", (e) => sendCommand({ type: "seek", t: Number(e.target.value) }));

  function onAnswer(msg) {
    const ref = msg.ref;
    if (ref != null && ref === pendingSpeed) pendingSpeed = null;
    for (const row of batteryRows.values()) {
      if (row.pending && row.pending.ref === ref) {
        row.pending.answered = true;
        if (msg.type === "error") {
          // Refused: show the server's mode again at once.
          row.pending = null;
          updatePanel();
        }
      }
    }
    if (msg.type === "ack") toast(msg.text || "done", false);
    else toast(msg.message || "error", true);
  }

  // ---------------------------------------------------------------------------------
  // Connection, with reconnection and backoff. The server sends hello and a keyframe on
  // every (re)connect, so nothing needs resynchronising here.
  let ws = null;
  let backoffMs = 500;
  function setConnection(s, text) {
    const el = $("connection");
    el.dataset.state = s;
    setText(el, text);
  }
  function connect() {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    ws = new WebSocket(url);
    ws.onopen = () => setConnection("connected", "connected");
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      switch (msg.type) {
        case "hello":
          backoffMs = 500;
          // Mark a reconnection in the log: the entries below it are from before the gap.
          if (state.hello) appendLog([{ t: state.t, kind: "connection", text: "reconnected: the picture is fresh from here" }]);
          state.connected = true;
          onHello(msg);
          break;
        case "frame":
          onFrame(msg);
          break;
        case "ack":
        case "error":
          onAnswer(msg);
          break;
        default:
          break; // a newer server's message this page does not know
      }
    };
    ws.onclose = () => {
      state.connected = false;
      pendingSpeed = null;
      const wait = backoffMs;
      backoffMs = Math.min(backoffMs * 2, 10000);
      setConnection("reconnecting", `reconnecting in ${Math.round(wait / 1000)} s…`);
      setTimeout(connect, wait);
      requestDraw();
    };
    // Errors are followed by close, which does the reconnecting.
    ws.onerror = () => {};
  }

  // ---------------------------------------------------------------------------------
  // Hooks for automated tests and the frame-rate benchmark.
  function percentile(sorted, p) {
    if (!sorted.length) return 0;
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
  window.tdomeLive = {
    state,
    stats() {
      const times = stats.drawTimes.slice().sort((a, b) => a - b);
      const mean = times.length ? times.reduce((s, v) => s + v, 0) / times.length : 0;
      const now = performance.now();
      const recent = stats.drawStamps.filter((s) => s > now - 2000).length;
      return {
        frames_drawn: stats.framesDrawn,
        fps: recent / 2,
        draw_ms_mean: mean,
        draw_ms_p95: percentile(times, 0.95),
        tracks_drawn: stats.tracksDrawn,
        interceptors_drawn: stats.interceptorsDrawn,
        frames_received: stats.framesReceived,
        keyframes_received: stats.keyframesReceived,
        last_t: state.t,
      };
    },
    // Start a fresh window for draw_ms_mean and draw_ms_p95 (the benchmark's 10 s).
    resetStats() {
      stats.drawTimes = [];
    },
    fit,
  };

  resize();
  connect();
})();

#!/usr/bin/env python3
"""Figures of merit of tdome's threat assessment (issue 7), from the records of many
seeded runs.

For each scenario and each seed 1..N, three runs of the same raid (a threat's launch,
aim and dispersion come from its own random stream, so they do not depend on the
defence):

- **hold fire**: the scenario with its batteries removed. Every threat reaches the
  ground, so each one's true impact, and whether it hits a defended asset, is known.
  Its assessments give the impact-point error against truth at 60, 30 and 10 s before
  the true impact, the consistency of the impact ellipses, and the receiver operating
  characteristic (ROC) of the decision "P(hit) >= threshold".
- **defended**: the scenario as shipped: recall (the share of the threats that would
  hit an asset that were engaged), waste (the share of open-ground threats engaged),
  interceptors fired, threats that hit an asset.
- **engage all**: the same with `engage_all = true`, the baseline for what the
  impact-point filter saves.

A track is matched to the true threat nearest its estimate (brought to the assessment's
time at its own velocity), within 3 km. A threat is "engaged" when an interceptor was
launched at a track matched to it (engagements.csv names the threat). Means come with
95% confidence intervals (t over seeds); shares with Wilson intervals.

Usage: .venv/bin/python bench/assess/figures.py [--runs N] [--tdome PATH] [--out DIR]
       [SCENARIO ...]  (default: scenarios/iron-dome-notional.toml scenarios/taiwan-notional.toml)
"""
import argparse
import csv
import math
import os
import subprocess
import sys
from collections import defaultdict

import numpy as np

A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
THRESHOLDS = [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9]
LEADS_S = [60.0, 30.0, 10.0]
LEAD_TOLERANCE_S = 2.5
# Time-to-impact bins for the ellipses' consistency, seconds.
LEAD_BINS = [(0.0, 10.0), (10.0, 30.0), (30.0, 60.0), (60.0, 1e9)]


def ecef(lat_deg, lon_deg, h=0.0):
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return np.array([(n + h) * math.cos(lat) * math.cos(lon), (n + h) * math.cos(lat) * math.sin(lon),
                     (n * (1 - E2) + h) * math.sin(lat)])


def enu_rotation(lat_deg, lon_deg):
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    return np.array([[-math.sin(lon), math.cos(lon), 0.0],
                     [-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon), math.cos(lat)],
                     [math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)]])


def without_batteries(text):
    out, skip = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("["):
            skip = stripped == "[[battery]]"
        if not skip:
            out.append(line)
    return "\n".join(out)


def engaging_all(text):
    if "[bmc.doctrine]" in text:
        return text.replace("[bmc.doctrine]", "[bmc.doctrine]\nengage_all = true", 1)
    return text + "\n[bmc.doctrine]\nengage_all = true\n"


def run(tdome, scenario_text, seed, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "scenario.toml")
    with open(path, "w") as f:
        f.write(scenario_text)
    subprocess.run([tdome, "run", path, "--seed", str(seed), "--quiet", "--record", out_dir],
                   check=True, stdout=subprocess.DEVNULL)
    return out_dir


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def matcher(records):
    """A function (time, track id) -> true threat id (or None)."""
    truth = defaultdict(list)  # time -> [(object, position)]
    for r in rows(os.path.join(records, "truth.csv")):
        if r["kind"] == "interceptor":
            continue
        truth[round(float(r["time_s"]), 6)].append(
            (int(r["object_id"]), np.array([float(r["ecef_x_m"]), float(r["ecef_y_m"]), float(r["ecef_z_m"])]),
             np.array([float(r["ecef_vx_mps"]), float(r["ecef_vy_mps"]), float(r["ecef_vz_mps"])])))
    times = np.array(sorted(truth))
    estimates = defaultdict(list)  # track -> [(time, position, velocity)]
    for r in rows(os.path.join(records, "tracks.csv")):
        if r["status"] == "deleted":
            continue
        estimates[int(r["track_id"])].append(
            (float(r["time_s"]), np.array([float(r["ecef_x_m"]), float(r["ecef_y_m"]), float(r["ecef_z_m"])]),
             np.array([float(r["ecef_vx_mps"]), float(r["ecef_vy_mps"]), float(r["ecef_vz_mps"])])))

    def match(t, track):
        history = [e for e in estimates.get(track, []) if e[0] <= t + 1e-9]
        if not history or len(times) == 0:
            return None
        te, p, v = history[-1]
        here = p + v * (t - te)
        k = min(np.searchsorted(times, t), len(times) - 1)
        if k > 0 and abs(times[k - 1] - t) < abs(times[k] - t):
            k -= 1
        ts = times[k]
        best = None
        for obj, q, w in truth[ts]:
            d = np.linalg.norm(q + w * (t - ts) - here)
            if d < 3000.0 and (best is None or d < best[0]):
                best = (d, obj)
        return None if best is None else best[1]
    return match


def hold_fire_figures(records):
    """Per-run data from a hold-fire run: impact errors by lead, ellipse consistency,
    and each threat's best P(hit) with whether it truly hit an asset."""
    impacts = {int(r["object_id"]): (float(r["time_s"]), float(r["lat_deg"]), float(r["lon_deg"]),
                                     r["asset_id"] != "", r["kind"]) for r in rows(os.path.join(records, "impacts.csv"))}
    match = matcher(records)
    errors = defaultdict(list)  # (kind, lead) -> [(|error|, gap)]
    inside = defaultdict(lambda: [0, 0])  # kind -> [inside 2 sigma, total]
    best_p = {}  # threat -> max confirmed P(hit) over its assessments >= 2 s before impact
    last_p = {}  # (threat, track) -> (category, P(hit)) of the track's last assessment
    for r in rows(os.path.join(records, "assessments.csv")):
        t = float(r["time_s"])
        obj = match(t, int(r["track_id"]))
        if obj is None or obj not in impacts:
            continue
        t_true, lat, lon, hit, kind = impacts[obj]
        lead = t_true - t
        if lead < 0:
            continue
        # A threat is scored on the assessments made with its own kind's model: a rocket's
        # track judged air-breathing for its first seconds (its course's P(passes over))
        # is held by the doctrine's longer minimum age until it is judged ballistic.
        own_model = (r["category"] == "ballistic") == (kind in BALLISTIC)
        # The decision rule is the assessor's: P(hit) at or above the threshold on two
        # assessments of the track in a row, of the same category; so a threat scores the
        # lower of each consecutive pair, the second made 2 s or more before impact.
        key = (obj, r["track_id"])
        p_now = float(r["p_hit"]) if r["p_hit"] != "" and own_model else 0.0
        before = last_p.get(key)
        if before is not None and before[0] == r["category"] and lead >= 2.0:
            best_p[obj] = max(best_p.get(obj, 0.0), min(before[1], p_now))
        else:
            best_p.setdefault(obj, 0.0)
        last_p[key] = (r["category"], p_now)
        if r["impact_lat_deg"] == "":
            continue
        # Air-breathing tracks predict a ground point only in a steady dive (with its
        # ellipse); elsewhere their "impact" is where the course enters an area.
        dive = r["category"] == "air_breathing"
        if dive and (r["impact_sigma_major_m"] == "" or kind in BALLISTIC):
            continue
        label = f"{kind} (dive)" if dive else kind
        plat, plon = float(r["impact_lat_deg"]), float(r["impact_lon_deg"])
        d = enu_rotation(plat, plon) @ (ecef(lat, lon) - ecef(plat, plon))
        error = float(np.hypot(d[0], d[1]))
        for target in LEADS_S:
            if abs(lead - target) <= LEAD_TOLERANCE_S:
                errors[(label, target)].append((obj, abs(lead - target), error))
        # Each ellipse is scored against the kind it models (ballistic tracks against
        # rockets and missiles, dives against drones and cruise missiles): a drone matched
        # to a ballistic track is a mismatch of the analysis (a rocket's track passing a
        # drone), not a prediction.
        if r["impact_sigma_major_m"] != "" and (kind in BALLISTIC) != dive:
            smaj, smin = float(r["impact_sigma_major_m"]), float(r["impact_sigma_minor_m"])
            az = math.radians(float(r["impact_major_azimuth_deg"]))
            u = np.array([math.sin(az), math.cos(az)])
            w = np.array([math.cos(az), -math.sin(az)])
            cov = smaj ** 2 * np.outer(u, u) + max(smin, 1e-9) ** 2 * np.outer(w, w)
            m2 = float(d[:2] @ np.linalg.solve(cov, d[:2]))
            bin_ = next(b for b in LEAD_BINS if b[0] <= lead < b[1])
            inside[(label, bin_)][0] += m2 <= 4.0
            inside[(label, bin_)][1] += 1
    # One error per threat and lead: the assessment nearest the lead.
    per_threat = defaultdict(list)
    for key, items in errors.items():
        chosen = {}
        for obj, gap, error in items:
            if obj not in chosen or gap < chosen[obj][0]:
                chosen[obj] = (gap, error)
        per_threat[key] = [e for _, e in chosen.values()]
    truth_hit = {obj: (v[3], v[4]) for obj, v in impacts.items()}
    return per_threat, inside, best_p, truth_hit


BALLISTIC = ("rocket", "ballistic_missile")


def defended_figures(records, would_hit):
    engagements = rows(os.path.join(records, "engagements.csv"))
    engaged = {int(r["threat_object_id"]) for r in engagements
               if r["outcome"] == "launched" and r["threat_object_id"] != ""}
    fired = sum(1 for r in engagements if r["outcome"] == "launched")
    cost = sum(float(r["cost_usd"]) for r in engagements if r["outcome"] == "launched")
    hits = sum(1 for r in rows(os.path.join(records, "impacts.csv")) if r["asset_id"] != "")
    out = {"fired": fired, "cost": cost, "hits": hits}
    for group in ("ballistic", "air_breathing"):
        members = {o: h for o, (h, kind) in would_hit.items() if (kind in BALLISTIC) == (group == "ballistic")}
        hitters = [o for o, h in members.items() if h]
        open_ground = [o for o, h in members.items() if not h]
        out[group] = {
            "recall": (sum(o in engaged for o in hitters), len(hitters)),
            "waste": (sum(o in engaged for o in open_ground), len(open_ground)),
        }
    return out


def wilson(k, n, z=1.96):
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, centre - half, centre + half


def mean_ci(values):
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        return float(v.mean()) if len(v) else float("nan"), float("nan")
    from scipy.stats import t
    return float(v.mean()), float(t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v)))


def share(k, n):
    p, lo, hi = wilson(k, n)
    return f"{100 * p:.1f}% ({k}/{n}; {100 * lo:.1f}-{100 * hi:.1f})" if n else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenarios", nargs="*", default=["scenarios/iron-dome-notional.toml", "scenarios/taiwan-notional.toml"])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--tdome", default="target/release/tdome")
    ap.add_argument("--out", default="out/assess-figures")
    args = ap.parse_args()
    for scenario in args.scenarios:
        text = open(scenario).read()
        name = os.path.splitext(os.path.basename(scenario))[0]
        errors = defaultdict(list)
        inside = defaultdict(lambda: [0, 0])
        scores, labels = [], []
        defended, baseline = [], []
        for seed in range(1, args.runs + 1):
            base = os.path.join(args.out, name, str(seed))
            hold = run(args.tdome, without_batteries(text), seed, os.path.join(base, "hold-fire"))
            per_threat, ins, best_p, truth_hit = hold_fire_figures(hold)
            for key, v in per_threat.items():
                errors[key].extend(v)
            for kind, (k, n) in ins.items():
                inside[kind][0] += k
                inside[kind][1] += n
            for obj, (hit, kind) in truth_hit.items():
                scores.append((kind in BALLISTIC, best_p.get(obj, 0.0)))
                labels.append(hit)
            defended.append(defended_figures(run(args.tdome, text, seed, os.path.join(base, "defended")), truth_hit))
            baseline.append(defended_figures(run(args.tdome, engaging_all(text), seed, os.path.join(base, "engage-all")), truth_hit))
        print(f"## {name}: {args.runs} seeds (1-{args.runs})\n")
        print("Impact-point error against the true impact (one assessment per threat and lead, the nearest within "
              f"{LEAD_TOLERANCE_S} s), metres:\n")
        print("| threats | lead | n | q50 | q90 |")
        print("|---|---:|---:|---:|---:|")
        for kind in ("rocket", "ballistic_missile", "drone (dive)", "cruise_missile (dive)"):
            for lead in LEADS_S:
                v = errors.get((kind, lead), [])
                if v:
                    print(f"| {kind} | {lead:.0f} s | {len(v)} | {np.quantile(v, 0.5):,.0f} | {np.quantile(v, 0.9):,.0f} |")
        print("\nTrue impact inside the predicted 2-sigma ellipse (a Gaussian puts 86.5% there):\n")
        print("| threats | time to impact | inside 2 σ (Wilson 95% interval) |")
        print("|---|---|---|")
        for (kind, (lo, hi)), (k, n) in sorted(inside.items()):
            span = f"{lo:.0f}-{hi:.0f} s" if hi < 1e8 else f"over {lo:.0f} s"
            print(f"| {kind} | {span} | {share(k, n)} |")
        lab_all = np.array(labels, dtype=bool)
        for group, is_ballistic in (("ballistic", True), ("air-breathing", False)):
            keep = np.array([b == is_ballistic for b, _ in scores], dtype=bool)
            if not keep.any():
                continue
            s = np.array([p for _, p in scores])[keep]
            lab = lab_all[keep]
            print(f"\nROC of \"P(hit) >= threshold on two assessments in a row\", {group} threats, over each one's assessments made 2 s or "
                  f"more before impact ({lab.sum()} would hit an asset, {(~lab).sum()} would not):\n")
            print("| threshold | recall | waste |")
            print("|---:|---|---|")
            for th in THRESHOLDS:
                print(f"| {th:g} | {share(int((s[lab] >= th).sum()), int(lab.sum()))} | "
                      f"{share(int((s[~lab] >= th).sum()), int((~lab).sum()))} |")
        print("\nThe defence as shipped against engage_all (same raids, same seeds):\n")
        print("| doctrine | ballistic: recall | waste | air-breathing: recall | waste | interceptors fired (mean, 95% CI) | cost, $M | threats hitting an asset |")
        print("|---|---|---|---|---|---:|---:|---:|")
        for label, res in (("P(hit) >= engage_p_hit", defended), ("engage_all", baseline)):
            cells = []
            for group in ("ballistic", "air_breathing"):
                rk = sum(r[group]["recall"][0] for r in res), sum(r[group]["recall"][1] for r in res)
                wk = sum(r[group]["waste"][0] for r in res), sum(r[group]["waste"][1] for r in res)
                cells += [share(*rk), share(*wk)]
            f_m, f_ci = mean_ci([r["fired"] for r in res])
            c_m, c_ci = mean_ci([r["cost"] / 1e6 for r in res])
            h_m, h_ci = mean_ci([r["hits"] for r in res])
            print(f"| {label} | " + " | ".join(cells) + f" | {f_m:.1f} ± {f_ci:.1f} | {c_m:.2f} ± {c_ci:.2f} | {h_m:.1f} ± {h_ci:.1f} |")
        saved = [b["fired"] - d["fired"] for d, b in zip(defended, baseline)]
        s_m, s_ci = mean_ci(saved)
        more_hits = [d["hits"] - b["hits"] for d, b in zip(defended, baseline)]
        m_m, m_ci = mean_ci(more_hits)
        print(f"\nInterceptors saved per raid: {s_m:.1f} ± {s_ci:.1f} (paired); threats hitting an asset, "
              f"defended minus engage_all: {m_m:+.1f} ± {m_ci:.1f}.\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

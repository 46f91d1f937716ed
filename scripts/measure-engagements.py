#!/usr/bin/env python3
"""Independent checks of a run's engagement records against the scenario's envelopes.

Reads a record directory (`tdome run SCENARIO --record DIR`) and the scenario with its
catalogue, and prints, per interceptor type: resolutions by outcome; kills and closest
approaches outside the type's envelope (ground range from the firing battery in its
local horizontal plane, altitude above the WGS-84 ellipsoid), with the lowest and
highest intercept; miss-distance quantiles; and the mean speed flown from launch to
the resolution (straight line from the battery to the recorded point over the time of
flight) against the catalogue's `mean_speed_mps`. Envelope limits are checked to a
metre, as tdome's kill rule does.

It shares no code with tdome: WGS-84 conversions are written out here.

    scripts/measure-engagements.py scenarios/iron-dome-notional.toml /tmp/run [DIR...]
"""

import csv
import math
import pathlib
import sys
import tomllib
from collections import Counter, defaultdict

A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)


def to_ecef(lat_deg, lon_deg, h):
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return (
        (n + h) * math.cos(lat) * math.cos(lon),
        (n + h) * math.cos(lat) * math.sin(lon),
        (n * (1 - E2) + h) * math.sin(lat),
    )


def height(x, y, z):
    """Height above the ellipsoid by Bowring's iteration."""
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - E2))
    for _ in range(8):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - E2 * n / (n + h)))
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return p / math.cos(lat) - n


def ground_range(site, point):
    """Horizontal distance in the site's east-north-up plane."""
    lat, lon = math.radians(site[0]), math.radians(site[1])
    o = to_ecef(*site)
    d = [point[i] - o[i] for i in range(3)]
    east = -math.sin(lon) * d[0] + math.cos(lon) * d[1]
    north = (
        -math.sin(lat) * math.cos(lon) * d[0]
        - math.sin(lat) * math.sin(lon) * d[1]
        + math.cos(lat) * d[2]
    )
    return math.hypot(east, north)


def load(scenario_path):
    scenario = tomllib.loads(pathlib.Path(scenario_path).read_text())
    base = pathlib.Path(scenario_path).parent
    catalogue_file = scenario.get("scenario", {}).get("catalogue")
    if catalogue_file:
        cat_dir = (base / catalogue_file).resolve()
    else:
        cat_dir = pathlib.Path(__file__).resolve().parent.parent / "catalogue"
    if cat_dir.is_file():
        cat_dir = cat_dir.parent
    types = {}
    for entry in tomllib.loads((cat_dir / "interceptors.toml").read_text())["interceptor"]:
        types[entry["name"]] = entry
    batteries = {}
    for b in scenario["battery"]:
        s = b["site"]
        batteries[b["name"]] = ((s["lat_deg"], s["lon_deg"], s.get("alt_m", 0.0)), types[b["interceptor"]])
    return batteries


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    batteries = load(sys.argv[1])
    outcomes = defaultdict(Counter)
    outside = defaultdict(Counter)
    misses = defaultdict(list)
    speeds = defaultdict(list)
    altitudes = defaultdict(list)
    for d in sys.argv[2:]:
        rows = list(csv.DictReader(open(pathlib.Path(d) / "engagements.csv")))
        launched = {r["engagement_id"]: float(r["time_s"]) for r in rows if r["outcome"] == "launched"}
        for r in rows:
            if r["outcome"] in ("launched", "cancelled", "refused"):
                continue
            kind = r["interceptor_type"]
            outcomes[kind][r["outcome"]] += 1
            if r["miss_distance_m"] and r["outcome"] in ("kill", "miss"):
                misses[kind].append(float(r["miss_distance_m"]))
            if not r["aim_ecef_x_m"]:
                continue
            site, t = batteries[r["battery_id"]]
            p = (float(r["aim_ecef_x_m"]), float(r["aim_ecef_y_m"]), float(r["aim_ecef_z_m"]))
            rng, h = ground_range(site, p), height(*p)
            # To a metre, as tdome's kill rule (ENVELOPE_SLACK_M): the limits are round
            # figures, and cruise missiles flying at a type's floor are met there.
            tol = 1.0
            inside = (
                t["min_range_km"] * 1e3 - tol <= rng <= t["max_range_km"] * 1e3 + tol
                and t["min_altitude_km"] * 1e3 - tol <= h <= t["max_altitude_km"] * 1e3 + tol
            )
            if not inside:
                outside[kind][r["outcome"]] += 1
            if r["outcome"] == "kill":
                altitudes[kind].append(h)
            tof = float(r["time_s"]) - launched.get(r["engagement_id"], float("nan"))
            if r["outcome"] in ("kill", "miss") and tof > 0:
                o = to_ecef(*site)
                speeds[kind].append(math.dist(o, p) / tof / t["mean_speed_mps"])
    print(f"{'type':32} {'resolved':>8} {'kills':>6} {'outside: kills':>15} {'others':>7} "
          f"{'kill alt min-max m':>19} {'miss p50/p90 m':>15} {'flown/mean speed p50/max':>25}")
    for kind in sorted(outcomes):
        o, out = outcomes[kind], outside[kind]
        m = sorted(misses[kind])
        sp = sorted(speeds[kind])
        alt = altitudes[kind]
        q = lambda v, f: v[min(len(v) - 1, int(f * len(v)))] if v else float("nan")
        print(
            f"{kind[:32]:32} {sum(o.values()):8} {o['kill']:6} {out['kill']:15} "
            f"{sum(out.values()) - out['kill']:7} "
            f"{(f'{min(alt):.0f}-{max(alt):.0f}' if alt else '-'):>19} "
            f"{q(m, 0.5):7.1f}/{q(m, 0.9):<7.1f} {q(sp, 0.5):12.2f}/{(sp[-1] if sp else float('nan')):<12.2f}"
        )


if __name__ == "__main__":
    main()

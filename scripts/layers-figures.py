#!/usr/bin/env python3
"""Which tier took what, where, and at what cost: the figures of a layered scenario.

Runs SCENARIO for seeds 1..N with records and prints Markdown tables of the means with
95 % half-widths (Student t): per interceptor type, rounds fired, kills, cost and the
lowest and highest kill altitude (over all seeds, and the mean of each seed's); kills
of each type by threat kind; per threat kind, launched, intercepted, leaked (hit a defended asset) and fallen in the
open; and the interceptor cost, the attacker cost of the threats engaged and the
cost-exchange ratio as the run summary prints them.

Usage: scripts/layers-figures.py [--tdome target/release/tdome] [--seeds 10] SCENARIO.toml

Standard library only. docs/scenario.md quotes its output for israel-layers-notional.
"""

import argparse
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from figures_lib import mean_hw  # noqa: E402

# WGS-84, for the heights of the kills' aim points (ECEF in the records).
A = 6378137.0
F = 1.0 / 298.257223563
E2 = F * (2.0 - F)


def height_m(x, y, z):
    """Height above the WGS-84 ellipsoid of an ECEF point (fixed-point iteration on
    the latitude; converges to well under a millimetre in a few steps)."""
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1.0 - E2))
    h = 0.0
    for _ in range(10):
        n = A / math.sqrt(1.0 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1.0 - E2 * n / (n + h)))
    return h


def money_musd(text):
    """'$343.00M' or '$76.1k' or '$12' in US$ millions."""
    m = re.fullmatch(r"\$([0-9.]+)([kMB]?)", text)
    scale = {"": 1e-6, "k": 1e-3, "M": 1.0, "B": 1e3}[m.group(2)]
    return float(m.group(1)) * scale


def one_run(tdome, scenario, seed):
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([tdome, "run", scenario, "--seed", str(seed), "--quiet",
                              "--record", d], check=True, capture_output=True,
                             text=True).stdout
        kinds = {}
        with open(os.path.join(d, "truth.csv"), newline="") as f:
            for r in csv.DictReader(f):
                kinds.setdefault(r["object_id"], r["kind"])
        types = {}
        with open(os.path.join(d, "engagements.csv"), newline="") as f:
            for r in csv.DictReader(f):
                t = types.setdefault(r["interceptor_type"],
                                     {"fired": 0, "kills": 0, "cost": 0.0, "alts": []})
                if r["outcome"] == "launched":
                    t["fired"] += 1
                    t["cost"] += float(r["cost_usd"]) / 1e6
                elif r["outcome"] == "kill":
                    t["kills"] += 1
                    k = kinds.get(r["threat_object_id"], "unknown")
                    t.setdefault("by_kind", {})
                    t["by_kind"][k] = t["by_kind"].get(k, 0) + 1
                    if r["aim_ecef_x_m"]:
                        t["alts"].append(height_m(float(r["aim_ecef_x_m"]),
                                                  float(r["aim_ecef_y_m"]),
                                                  float(r["aim_ecef_z_m"])) / 1e3)
        threats = {k: {"launched": 0, "intercepted": 0, "leaked": 0, "open": 0}
                   for k in set(kinds.values()) if k != "interceptor"}
        for o, k in kinds.items():
            if k in threats:
                threats[k]["launched"] += 1
        killed = set()
        with open(os.path.join(d, "engagements.csv"), newline="") as f:
            for r in csv.DictReader(f):
                o = r["threat_object_id"]
                if r["outcome"] == "kill" and o not in killed and kinds.get(o) in threats:
                    killed.add(o)
                    threats[kinds[o]]["intercepted"] += 1
        with open(os.path.join(d, "impacts.csv"), newline="") as f:
            for r in csv.DictReader(f):
                if r["kind"] in threats:
                    threats[r["kind"]]["leaked" if r["asset_id"] else "open"] += 1
        cost = re.search(r"Cost exchange: (\S+) of interceptors fired", out)
        ratio = re.search(r"attacker cost of the threats engaged: ([0-9.]+)", out)
        engaged = re.search(r"\S+ launched, (\S+) engaged", out)
        return {
            "types": types,
            "threats": threats,
            "cost": money_musd(cost.group(1)) if cost else float("nan"),
            "attacker_engaged": money_musd(engaged.group(1)) if engaged else float("nan"),
            "ratio": float(ratio.group(1)) if ratio else float("nan"),
        }


def cell(xs, fmt):
    m, h = mean_hw(xs)
    return f"{m:{fmt}} ± {h:{fmt}}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tdome", default="target/release/tdome")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("scenario")
    args = ap.parse_args()
    runs = [one_run(args.tdome, args.scenario, s) for s in range(1, args.seeds + 1)]
    n = len(runs)
    print(f"{args.scenario}, seeds 1-{n}: mean ± 95 % half-width\n")
    print("| interceptor | fired | kills | cost, US$M | lowest kill (km) | highest kill (km) |")
    print("|---|---|---|---|---|---|")
    names = sorted({t for r in runs for t in r["types"]})
    for name in names:
        per = [r["types"].get(name, {"fired": 0, "kills": 0, "cost": 0.0, "alts": []})
               for r in runs]
        lows = [min(p["alts"]) for p in per if p["alts"]]
        highs = [max(p["alts"]) for p in per if p["alts"]]
        low = f"{min(lows):.2f} (mean {sum(lows) / len(lows):.2f})" if lows else "-"
        high = f"{max(highs):.1f} (mean {sum(highs) / len(highs):.1f})" if highs else "-"
        print(f"| {name} | {cell([p['fired'] for p in per], '.1f')} | "
              f"{cell([p['kills'] for p in per], '.1f')} | "
              f"{cell([p['cost'] for p in per], '.1f')} | {low} | {high} |")
    print()
    all_kinds = sorted({k for r in runs for k in r["threats"]})
    print("| kills by | " + " | ".join(all_kinds) + " |")
    print("|---|" + "---|" * len(all_kinds))
    for name in names:
        per = [r["types"].get(name, {}).get("by_kind", {}) for r in runs]
        print(f"| {name} | " + " | ".join(cell([p.get(k, 0) for p in per], '.1f')
                                         for k in all_kinds) + " |")
    print()
    print("| threat kind | launched | intercepted | leaked | fell in the open |")
    print("|---|---|---|---|---|")
    for kind in sorted({k for r in runs for k in r["threats"]}):
        per = [r["threats"].get(kind, {"launched": 0, "intercepted": 0, "leaked": 0,
                                       "open": 0}) for r in runs]
        print(f"| {kind} | {per[0]['launched']} | "
              f"{cell([p['intercepted'] for p in per], '.1f')} | "
              f"{cell([p['leaked'] for p in per], '.1f')} | "
              f"{cell([p['open'] for p in per], '.1f')} |")
    print()
    print(f"interceptor cost US$M {cell([r['cost'] for r in runs], '.1f')}; attacker "
          f"cost of the threats engaged US$M "
          f"{cell([r['attacker_engaged'] for r in runs], '.1f')}; cost-exchange ratio "
          f"{cell([r['ratio'] for r in runs], '.2f')}")


if __name__ == "__main__":
    main()

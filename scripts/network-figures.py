#!/usr/bin/env python3
"""Integrated network against autonomous batteries on the same raids.

Runs each scenario for seeds 1..N under `[bmc] network = "integrated"` and under
`"autonomous"` (a copy of the scenario with that one line changed, written beside it and
removed afterwards), reads the run records and prints a Markdown table of the means per
raid and the paired differences (autonomous − integrated) with 95 % half-widths
(Student t with N − 1 degrees of freedom).

Usage: scripts/network-figures.py [--tdome target/release/tdome] [--seeds 5]
                                  SCENARIO.toml ...

Standard library only. The scenarios must set `network = "integrated"` on a line of its
own in `[bmc]` (the shipped ones do).
"""

import argparse
import csv
import math
import os
import re
import subprocess
import sys
import tempfile
import tomllib

# Two-sided 95 % Student t quantiles by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365,
       8: 2.306, 9: 2.262, 10: 2.228, 19: 2.093, 29: 2.045}

METRICS = [
    ("leakers", "leakers"),
    ("intercepted", "intercepted"),
    ("fired", "interceptors fired"),
    ("cost_musd", "cost, US$M"),
    ("remote", "shots on remote tracks"),
    ("shared", "threats fired on by 2+ batteries"),
]

KINDS = ["ballistic_missile", "rocket", "cruise_missile", "drone"]


def organic_radars(scenario):
    """Battery name -> set of its `radars` names, from the scenario file."""
    with open(scenario, "rb") as f:
        doc = tomllib.load(f)
    return {b["name"]: set(b.get("radars", [])) for b in doc.get("battery", [])}


def run_metrics(record_dir, radars):
    """Leakers (in all and by kind), threats intercepted, interceptors fired and their
    cost; shots on remote tracks (launched at a threat that none of the firing battery's
    own `radars` had plotted by the launch); and threats that more than one battery
    fired on."""
    leakers = 0
    by_kind = {k: 0 for k in KINDS}
    with open(os.path.join(record_dir, "impacts.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["asset_id"]:
                leakers += 1
                by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + 1
    first_plot = {}
    with open(os.path.join(record_dir, "plots.csv"), newline="") as f:
        for row in csv.DictReader(f):
            key = (row["sensor_id"], row["truth_object_id"])
            if row["truth_object_id"] and key not in first_plot:
                first_plot[key] = float(row["time_s"])
    fired = 0
    cost = 0.0
    remote = 0
    killed = set()
    shooters = {}
    with open(os.path.join(record_dir, "engagements.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["outcome"] == "launched":
                fired += 1
                cost += float(row["cost_usd"])
                t = float(row["time_s"])
                seen = any(
                    first_plot.get((r, row["threat_object_id"]), math.inf) <= t
                    for r in radars.get(row["battery_id"], ())
                )
                remote += not seen
                shooters.setdefault(row["threat_object_id"], set()).add(row["battery_id"])
            elif row["outcome"] == "kill":
                killed.add(row["threat_object_id"])
    out = {
        "leakers": leakers,
        "intercepted": len(killed),
        "fired": fired,
        "cost_musd": cost / 1e6,
        "remote": remote,
        "shared": sum(1 for o, b in shooters.items() if o and len(b) > 1),
    }
    out.update({f"leak_{k}": v for k, v in by_kind.items()})
    return out


def autonomous_copy(path):
    """The scenario with `network = "autonomous"`, written beside it (so that a relative
    catalogue still resolves)."""
    with open(path) as f:
        text = f.read()
    text, n = re.subn(r'(?m)^network = "integrated".*$', 'network = "autonomous"', text)
    if n != 1:
        sys.exit(f"{path}: expected one line `network = \"integrated\"`, found {n}")
    fd, copy = tempfile.mkstemp(
        prefix=".autonomous-", suffix=".toml", dir=os.path.dirname(os.path.abspath(path))
    )
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return copy


def run(tdome, scenario, seed, out, radars):
    subprocess.run(
        [tdome, "run", scenario, "--seed", str(seed), "--quiet", "--record", out],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return run_metrics(out, radars)


def mean_sd(xs):
    m = sum(xs) / len(xs)
    if len(xs) < 2:
        return m, float("nan")
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tdome", default="target/release/tdome")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("scenarios", nargs="+")
    args = ap.parse_args()
    seeds = range(1, args.seeds + 1)
    t = T95.get(args.seeds - 1, 1.96)
    print(f"| scenario | metric | integrated | autonomous | autonomous − integrated (95 %, t = {t}) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for scenario in args.scenarios:
            radars = organic_radars(scenario)
            copy = autonomous_copy(scenario)
            try:
                results = {"integrated": [], "autonomous": []}
                for seed in seeds:
                    for mode, path in (("integrated", scenario), ("autonomous", copy)):
                        out = os.path.join(scratch, f"{mode}-{seed}")
                        results[mode].append(run(args.tdome, path, seed, out, radars))
            finally:
                os.remove(copy)
            name = os.path.splitext(os.path.basename(scenario))[0]
            kinds = [(f"leak_{k}", f"leakers: {k.replace('_', ' ')}") for k in KINDS]
            for key, label in METRICS + kinds:
                a = [r[key] for r in results["integrated"]]
                b = [r[key] for r in results["autonomous"]]
                d = [y - x for x, y in zip(a, b)]
                md, sd = mean_sd(d)
                half = t * sd / math.sqrt(len(d))
                print(
                    f"| {name} | {label} | {mean_sd(a)[0]:.1f} | {mean_sd(b)[0]:.1f} "
                    f"| {md:+.1f} ± {half:.1f} |"
                )
            per_seed = ", ".join(
                f"{x['leakers']}→{y['leakers']}"
                for x, y in zip(results["integrated"], results["autonomous"])
            )
            print(f"<!-- {name} leakers by seed (integrated→autonomous): {per_seed} -->")


if __name__ == "__main__":
    main()

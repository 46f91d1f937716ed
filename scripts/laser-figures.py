#!/usr/bin/env python3
"""What a laser adds to the Iron Dome scenario, and what the weather takes away.

Runs scenarios/iron-dome-notional.toml for seeds 1..N as shipped (four Tamir batteries
and one Iron Beam-class laser, clear air) and in variants written beside it (and removed
afterwards): without the laser; in haze of 10 and 5 km visibility; under cloud at 1 km
and at 300 m.
Reads each run's records and prints a Markdown table of means with 95 % half-widths
(Student t, N - 1 degrees of freedom) and each variant's paired difference from the
shipped run in leakers and Tamir fired.

Usage: scripts/laser-figures.py [--tdome target/release/tdome] [--seeds 10]

Standard library only.
"""

import argparse
import csv
import math
import os
import re
import subprocess
import tempfile

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365,
       8: 2.306, 9: 2.262, 10: 2.228, 14: 2.145, 19: 2.093, 29: 2.045}
LASER = "Iron Beam (laser)"
SCENARIO = "scenarios/iron-dome-notional.toml"


def variants(text):
    laser_block = re.compile(r'\[\[battery\]\]\nname = "iron-beam-sderot".*?\n\n', re.S)
    assert laser_block.search(text), "the shipped scenario has the laser battery"
    return [
        ("as shipped (laser, clear air)", text),
        ("without the laser", laser_block.sub("", text)),
        ("haze, 10 km visibility", text + "\n[weather]\nvisibility_km = 10.0\n"),
        ("haze, 5 km visibility", text + "\n[weather]\nvisibility_km = 5.0\n"),
        ("cloud base 1 km", text + "\n[weather]\ncloud_base_km = 1.0\n"),
        ("cloud base 300 m", text + "\n[weather]\ncloud_base_km = 0.3\n"),
    ]


def metrics(record_dir):
    m = {"leakers": 0, "tamir": 0, "shots": 0, "laser_kills": 0, "cost": 0.0}
    with open(os.path.join(record_dir, "impacts.csv"), newline="") as f:
        m["leakers"] = sum(1 for r in csv.DictReader(f) if r["asset_id"])
    with open(os.path.join(record_dir, "engagements.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["outcome"] == "launched":
                m["cost"] += float(r["cost_usd"])
                if r["interceptor_type"] == LASER:
                    m["shots"] += 1
                else:
                    m["tamir"] += 1
            elif r["outcome"] == "kill" and r["interceptor_type"] == LASER:
                m["laser_kills"] += 1
    m["cost"] /= 1e6
    return m


def mean_hw(xs):
    n = len(xs)
    mean = sum(xs) / n
    if n < 2:
        return mean, float("nan")
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
    t = T95.get(n - 1, 1.96)
    return mean, t * sd / math.sqrt(n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tdome", default="target/release/tdome")
    ap.add_argument("--seeds", type=int, default=10)
    a = ap.parse_args()
    with open(SCENARIO) as f:
        text = f.read()
    results = {}
    for name, body in variants(text):
        path = os.path.join(os.path.dirname(SCENARIO), ".laser-variant.toml")
        with open(path, "w") as f:
            f.write(body)
        try:
            for seed in range(1, a.seeds + 1):
                with tempfile.TemporaryDirectory() as d:
                    subprocess.run([a.tdome, "run", path, "--seed", str(seed), "--quiet",
                                    "--record", d], check=True, stdout=subprocess.DEVNULL)
                    results.setdefault(name, []).append(metrics(d))
        finally:
            os.remove(path)
    base = results["as shipped (laser, clear air)"]
    print(f"Iron Dome notional, seeds 1-{a.seeds}: mean ± 95 % half-width\n")
    print("| variant | leakers | Tamir fired | laser shots | laser kills | cost, US$M "
          "| Δ leakers | Δ Tamir fired |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        cells = []
        for k in ["leakers", "tamir", "shots", "laser_kills", "cost"]:
            m, h = mean_hw([r[k] for r in runs])
            cells.append(f"{m:.2f} ± {h:.2f}" if k == "cost" else f"{m:.1f} ± {h:.1f}")
        for k in ["leakers", "tamir"]:
            if runs is base:
                cells.append("—")
            else:
                m, h = mean_hw([r[k] - b[k] for r, b in zip(runs, base)])
                cells.append(f"{m:+.1f} ± {h:.1f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

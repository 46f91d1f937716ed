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
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figures_lib import engagement_rows, leakers, run_variants, table  # noqa: E402

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
    m = {"leakers": leakers(record_dir), "tamir": 0, "shots": 0, "laser_kills": 0,
         "cost": 0.0}
    for r in engagement_rows(record_dir):
        if r["outcome"] == "launched":
            m["cost"] += float(r["cost_usd"]) / 1e6
            if r["interceptor_type"] == LASER:
                m["shots"] += 1
            else:
                m["tamir"] += 1
        elif r["outcome"] == "kill" and r["interceptor_type"] == LASER:
            m["laser_kills"] += 1
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tdome", default="target/release/tdome")
    ap.add_argument("--seeds", type=int, default=10)
    a = ap.parse_args()
    with open(SCENARIO) as f:
        text = f.read()
    results = run_variants(a.tdome, SCENARIO, variants(text), a.seeds, metrics)
    print(f"Iron Dome notional, seeds 1-{a.seeds}: mean ± 95 % half-width\n")
    print("| variant | leakers | Tamir fired | laser shots | laser kills | cost, US$M "
          "| Δ leakers | Δ Tamir fired |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    one = ".1f"
    rows = table(results, "as shipped (laser, clear air)",
                 [("leakers", one), ("tamir", one), ("shots", one), ("laser_kills", one),
                  ("cost", ".2f")],
                 [("leakers", one), ("tamir", one)])
    print("\n".join(rows))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Assignment rules and the cost weight λ on the default scenario.

Runs scenarios/taiwan-notional.toml for seeds 1..N under `[bmc.doctrine] assignment =
"layered"` (as shipped), `"nearest"` (the naive baseline), and `"local"` at several
λ (`cost_weight_per_musd`), each a variant written beside the scenario and removed
afterwards, and prints a Markdown table of means with 95 % half-widths and each rule's
paired difference from `layered` (Student t, N - 1 degrees of freedom).

Usage: scripts/assignment-figures.py [--tdome target/release/tdome] [--seeds 10]
                                     [--lambdas 0,1,2,5]

Standard library only. The scenario's `[bmc.doctrine]` must not set `assignment` or
`cost_weight_per_musd` (the shipped one does not).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figures_lib import engagement_rows, leakers, run_variants, table  # noqa: E402

SCENARIO = "scenarios/taiwan-notional.toml"
GUN = "35 mm gun burst (AHEAD)"


def variants(text, lambdas):
    assert "[bmc.doctrine]\n" in text and "assignment =" not in text

    def with_rule(rule, lam=None):
        extra = f'assignment = "{rule}"\n'
        if lam is not None:
            extra += f"cost_weight_per_musd = {lam}\n"
        return text.replace("[bmc.doctrine]\n", "[bmc.doctrine]\n" + extra, 1)

    out = [("layered", text), ("nearest", with_rule("nearest"))]
    out += [(f"local, λ = {lam:g}", with_rule("local", lam)) for lam in lambdas]
    return out


def metrics(record_dir):
    m = {"leakers": leakers(record_dir), "fired": 0, "cost": 0.0, "bursts": 0}
    for r in engagement_rows(record_dir):
        if r["outcome"] == "launched":
            m["fired"] += 1
            m["cost"] += float(r["cost_usd"]) / 1e6
            m["bursts"] += r["interceptor_type"] == GUN
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tdome", default="target/release/tdome")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--lambdas", default="0,1,2,5")
    a = ap.parse_args()
    lambdas = [float(x) for x in a.lambdas.split(",")]
    with open(SCENARIO) as f:
        text = f.read()
    results = run_variants(a.tdome, SCENARIO, variants(text, lambdas), a.seeds, metrics)
    print(f"taiwan-notional, seeds 1-{a.seeds}: mean ± 95 % half-width; Δ paired "
          "against layered\n")
    print("| rule | leakers | interceptors fired | cost, US$M | gun bursts | Δ leakers "
          "| Δ fired | Δ cost, US$M | Δ gun bursts |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    one = ".1f"
    rows = table(results, "layered",
                 [("leakers", one), ("fired", one), ("cost", one), ("bursts", one)],
                 [("leakers", one), ("fired", one), ("cost", one), ("bursts", one)])
    print("\n".join(rows))


if __name__ == "__main__":
    main()

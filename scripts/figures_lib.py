"""Shared by the figure scripts: paired runs of scenario variants and their statistics.

Standard library only.
"""

import csv
import math
import os
import subprocess
import tempfile

# Two-sided 95 % Student t quantiles by degrees of freedom (1.96 beyond the table).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365,
       8: 2.306, 9: 2.262, 10: 2.228, 14: 2.145, 19: 2.093, 29: 2.045}


def mean_hw(xs):
    """Mean and 95 % half-width (Student t) of a sample."""
    n = len(xs)
    mean = sum(xs) / n
    if n < 2:
        return mean, float("nan")
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
    return mean, T95.get(n - 1, 1.96) * sd / math.sqrt(n)


def run_variants(tdome, scenario, variants, seeds, metrics):
    """For each (name, text) variant of `scenario`, written beside it and removed
    afterwards, run seeds 1..seeds with records and collect `metrics(record_dir)`."""
    results = {}
    for name, body in variants:
        path = os.path.join(os.path.dirname(scenario), ".figures-variant.toml")
        with open(path, "w") as f:
            f.write(body)
        try:
            for seed in range(1, seeds + 1):
                with tempfile.TemporaryDirectory() as d:
                    subprocess.run([tdome, "run", path, "--seed", str(seed), "--quiet",
                                    "--record", d], check=True, stdout=subprocess.DEVNULL)
                    results.setdefault(name, []).append(metrics(d))
        finally:
            os.remove(path)
    return results


def engagement_rows(record_dir):
    with open(os.path.join(record_dir, "engagements.csv"), newline="") as f:
        return list(csv.DictReader(f))


def leakers(record_dir):
    with open(os.path.join(record_dir, "impacts.csv"), newline="") as f:
        return sum(1 for r in csv.DictReader(f) if r["asset_id"])


def table(results, base, columns, deltas):
    """Markdown rows: each variant's mean ± half-width per column, then its paired
    difference from `base` per delta column."""
    rows = []
    base_runs = results[base]
    for name, runs in results.items():
        cells = []
        for key, fmt in columns:
            m, h = mean_hw([r[key] for r in runs])
            cells.append(f"{m:{fmt}} ± {h:{fmt}}")
        for key, fmt in deltas:
            if name == base:
                cells.append("—")
            else:
                m, h = mean_hw([r[key] - b[key] for r, b in zip(runs, base_runs)])
                cells.append(f"{m:+{fmt}} ± {h:{fmt}}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows

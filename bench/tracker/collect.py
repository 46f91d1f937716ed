#!/usr/bin/env python3
"""Gather the Stone Soup side's measurements (stonesoup.json, pcrlb.json of each
benchmark directory) into one results file, with the date and the machine.

Usage: .venv/bin/python bench/tracker/collect.py DIR... > bench/tracker/stonesoup-results.json
"""
import datetime
import json
import os
import platform
import subprocess
import sys

import numpy
import scipy
import stonesoup


def machine():
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "stonesoup": stonesoup.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__}


def main():
    runs = []
    for d in sys.argv[1:]:
        with open(os.path.join(d, "stonesoup.json")) as f:
            run = json.load(f)
        with open(os.path.join(d, "pcrlb.json")) as f:
            bound = json.load(f)
        run["pcrlb_position_m"] = bound["pcrlb_position_m"]
        run["pcrlb_rms_position_m"] = bound["pcrlb_rms_position_m"]
        runs.append(run)
    out = {"date": datetime.date.today().isoformat(), "machine": machine(),
           "note": "Wall and CPU time per scan of Stone Soup's tracker loop (no I/O); GOSPA c = 200 m, "
                   "p = 1, alpha = 2, mean over scans 5.. (bench/tracker/stonesoup_side.py); PCRLB "
                   "(bench/tracker/pcrlb.py). The machine was shared with other jobs (Rust builds) "
                   "while these ran: the wall times are upper bounds, the CPU times less disturbed.",
           "runs": sorted(runs, key=lambda r: r["n"])}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the 3-D radar tracking benchmark of issue 6 in tdome's record formats.

One radar at 24.8 N, 121.0 E, 50 m (ellipsoidal height) watches N targets for K scans.

Targets. Drawn in the radar's local east-north-up (ENU) frame, which is Cartesian (a
rotation and translation of ECEF, see common.py):
- ground range 5-60 km, uniform over the annulus's area (r = sqrt(U(5^2, 60^2)) km), at
  an azimuth uniform over the circle;
- height (ENU up) 1-12 km;
- speed 150-300 m/s, heading uniform over the circle, horizontal (no vertical speed);
- motion nearly constant velocity: the truth is propagated with the discrete white-noise
  acceleration model of PSD q = 0.1 m^2/s^3 on each ENU axis (the same model and q the
  trackers assume), so the velocity wanders by about sqrt(q t) m/s.

Scans. Period 1 s; scan k (k = 0..K-1) is stamped t = k s, and every plot of a scan,
target or clutter, carries that time stamp (one detection set per scan, as Stone Soup's
benchmark uses). Truth is sampled at the same instants.

Plots. Range sigma 20 m, azimuth and elevation sigma 1 mrad; Pd = 0.9 for a target inside
coverage. Azimuth is clockwise from true north, atan2(e, n), in [0, 360); elevation is
above the local horizontal plane (normal to the ellipsoid normal at the site),
atan2(u, hypot(e, n)). False alarms: Poisson with mean N per scan, uniform in
range x azimuth x elevation over the coverage: range 0.5-70 km, azimuth 0-360 deg,
elevation 0-90 deg. That volume holds every target for the default 20 scans (initial
slant range at most 61.2 km, 300 m/s for 19 s adds at most 5.7 km; a target that starts
5 km out may pass overhead, hence elevations up to 90 deg). A target outside it (only
possible with many scans) is not detected. Within a scan, plots are written in order of
measured azimuth, as a rotating beam would report them.

Outputs in OUT: truth.csv and plots.csv (docs/records.md), scenario.toml (theatre, the
radar and tracker defaults, for `tdome track`), and meta.json (the parameters above).

Usage: .venv/bin/python bench/tracker/generate.py --n N [--clutter M] [--seed S] [--scans K] --out DIR

--clutter M sets the mean false alarms per scan to M instead of N (a diagnostic: the
benchmark proper has M = N).
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SCAN_PERIOD_S = 1.0
Q_PSD = 0.1  # m^2/s^3
SIGMA_RANGE_M = 20.0
SIGMA_ANGLE_RAD = 1.0e-3
PD = 0.9
GROUND_RANGE_M = (5.0e3, 60.0e3)
HEIGHT_M = (1.0e3, 12.0e3)
SPEED_MPS = (150.0, 300.0)
COVERAGE_RANGE_M = (0.5e3, 70.0e3)
COVERAGE_ELEVATION_RAD = (0.0, np.pi / 2)
MAX_FALSE_ALARMS_SCENARIO = 100_000  # the scenario validator's bound on false_alarms_per_scan


def ncv(dt, q):
    """Transition F and process noise Q of the nearly-constant-velocity model, state
    [e, n, u, ve, vn, vu]."""
    F = np.eye(6)
    F[:3, 3:] = np.eye(3) * dt
    Q = np.zeros((6, 6))
    Q[:3, :3] = np.eye(3) * q * dt**3 / 3
    Q[:3, 3:] = Q[3:, :3] = np.eye(3) * q * dt**2 / 2
    Q[3:, 3:] = np.eye(3) * q * dt
    return F, Q


def initial_states(rng, n):
    r = np.sqrt(rng.uniform(GROUND_RANGE_M[0] ** 2, GROUND_RANGE_M[1] ** 2, n))
    bearing = rng.uniform(0.0, 2 * np.pi, n)
    height = rng.uniform(*HEIGHT_M, n)
    speed = rng.uniform(*SPEED_MPS, n)
    heading = rng.uniform(0.0, 2 * np.pi, n)
    x = np.zeros((n, 6))
    x[:, 0], x[:, 1], x[:, 2] = r * np.sin(bearing), r * np.cos(bearing), height
    x[:, 3], x[:, 4] = speed * np.sin(heading), speed * np.cos(heading)
    return x


def in_coverage(r, el):
    return ((r >= COVERAGE_RANGE_M[0]) & (r <= COVERAGE_RANGE_M[1])
            & (el >= COVERAGE_ELEVATION_RAD[0]) & (el <= COVERAGE_ELEVATION_RAD[1]))


def simulate(n, seed, scans, clutter):
    """Truth states (scans, n, 6) in ENU and per-scan plots (r, az, el, truth id or -1), with
    a mean of `clutter` false alarms per scan."""
    rng = np.random.default_rng([seed, n])
    F, Q = ncv(SCAN_PERIOD_S, Q_PSD)
    chol_q = np.linalg.cholesky(Q)
    x = initial_states(rng, n)
    truth, plots = [], []
    for k in range(scans):
        if k > 0:
            x = x @ F.T + rng.standard_normal((n, 6)) @ chol_q.T
        truth.append(x.copy())
        r, az, el = common.enu_to_polar(x[:, :3])
        detected = (rng.uniform(size=n) < PD) & in_coverage(r, el)
        ids = np.flatnonzero(detected)
        noise = rng.standard_normal((len(ids), 3)) * [SIGMA_RANGE_M, SIGMA_ANGLE_RAD, SIGMA_ANGLE_RAD]
        zr, zaz, zel = r[ids] + noise[:, 0], (az[ids] + noise[:, 1]) % (2 * np.pi), el[ids] + noise[:, 2]
        n_false = rng.poisson(clutter)
        fr = rng.uniform(*COVERAGE_RANGE_M, n_false)
        faz = rng.uniform(0.0, 2 * np.pi, n_false)
        fel = rng.uniform(*COVERAGE_ELEVATION_RAD, n_false)
        scan = np.concatenate([np.stack([zr, zaz, zel, ids], 1), np.stack([fr, faz, fel, -np.ones(n_false)], 1)])
        plots.append(scan[np.argsort(scan[:, 1], kind="stable")])
    return np.array(truth), plots


def write_truth(path, truth):
    scans, n, _ = truth.shape
    with open(path, "w") as f:
        f.write("time_s,object_id,kind,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,"
                "lat_deg,lon_deg,alt_m\n")
        for k in range(scans):
            pos, vel = common.enu_to_ecef(truth[k, :, :3], truth[k, :, 3:])
            lat, lon, alt = common.ecef_to_geodetic(pos)
            t = common.fmt_time(k * SCAN_PERIOD_S)
            for i in range(n):
                f.write(f"{t},{i},drone,{pos[i, 0]:.3f},{pos[i, 1]:.3f},{pos[i, 2]:.3f},"
                        f"{vel[i, 0]:.4f},{vel[i, 1]:.4f},{vel[i, 2]:.4f},"
                        f"{lat[i]:.9f},{lon[i]:.9f},{alt[i]:.3f}\n")


def write_plots(path, plots):
    with open(path, "w") as f:
        f.write("time_s,sensor_id,range_m,azimuth_deg,elevation_deg,range_rate_mps,truth_object_id\n")
        for k, scan in enumerate(plots):
            t = common.fmt_time(k * SCAN_PERIOD_S)
            for r, az, el, tid in scan:
                az_deg = np.degrees(az)
                az_deg = 0.0 if az_deg >= 360.0 else az_deg
                tid = "" if tid < 0 else str(int(tid))
                f.write(f"{t},{common.SENSOR_ID},{r:.3f},{az_deg:.7f},{np.degrees(el):.7f},,{tid}\n")


def write_scenario(path, n, seed, scans, clutter):
    lat, lon, h = common.SITE
    false_alarms = min(clutter, MAX_FALSE_ALARMS_SCENARIO)
    capped = "" if false_alarms == clutter else (
        f"# The plots hold a mean of {clutter} false alarms per scan; the scenario format caps the\n"
        f"# declared rate at {MAX_FALSE_ALARMS_SCENARIO}.\n")
    sigma_deg = float(np.degrees(SIGMA_ANGLE_RAD))
    with open(path, "w") as f:
        f.write(f"""# Tracking benchmark of issue 6 (bench/tracker/generate.py): N = {n} targets,
# seed {seed}, {scans} scans of 1 s. Only the theatre, the radar and the tracker settings
# matter to `tdome track`; the plots come from plots.csv beside this file.

[scenario]
name = "bench-tracker-{n}"
description = "Tracking benchmark: {n} constant-velocity targets, clutter mean {clutter} per scan."
seed = {seed}
duration_s = {scans * SCAN_PERIOD_S!r}
tick_s = 0.125

[theatre]
origin = {{ lat_deg = {lat!r}, lon_deg = {lon!r}, alt_m = {h!r} }}

[[sensor]]
name = "{common.SENSOR_ID}"
site = {{ lat_deg = {lat!r}, lon_deg = {lon!r}, alt_m = {h!r} }}
scan_period_s = {SCAN_PERIOD_S!r}
pd = {PD!r}
{capped}false_alarms_per_scan = {float(false_alarms)!r}
coverage = {{ min_range_km = {COVERAGE_RANGE_M[0] / 1e3!r}, max_range_km = {COVERAGE_RANGE_M[1] / 1e3!r}, min_elevation_deg = 0.0, max_elevation_deg = 90.0, radar_horizon = false }}
# 1 mrad in degrees.
noise = {{ range_m = {SIGMA_RANGE_M!r}, azimuth_deg = {sigma_deg!r}, elevation_deg = {sigma_deg!r} }}

# One battle-manager cycle per scan, as Stone Soup's tracker takes one detection set
# per scan.
[bmc]
cycle_s = {SCAN_PERIOD_S!r}

# The tracker at its documented defaults (docs/scenario.md), but for the motion model:
# the one Stone Soup's side runs, nearly constant velocity with the truth's q.
[bmc.tracker]
motion_models = ["ncv"]
process_noise_psd = {Q_PSD!r}
""")


def write_meta(path, n, seed, scans, clutter):
    meta = {
        "n": n, "seed": seed, "scans": scans, "scan_period_s": SCAN_PERIOD_S,
        "site": {"lat_deg": common.SITE[0], "lon_deg": common.SITE[1], "alt_m": common.SITE[2]},
        "q_psd_m2ps3": Q_PSD, "sigma_range_m": SIGMA_RANGE_M, "sigma_azimuth_rad": SIGMA_ANGLE_RAD,
        "sigma_elevation_rad": SIGMA_ANGLE_RAD, "pd": PD, "false_alarms_per_scan": float(clutter),
        "coverage": {"range_m": list(COVERAGE_RANGE_M), "azimuth_deg": [0.0, 360.0],
                     "elevation_deg": [float(np.degrees(v)) for v in COVERAGE_ELEVATION_RAD]},
        "targets": {"ground_range_m": list(GROUND_RANGE_M), "height_m": list(HEIGHT_M),
                    "speed_mps": list(SPEED_MPS)},
    }
    with open(path, "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of targets (and mean false alarms per scan)")
    ap.add_argument("--clutter", type=int, default=None,
                    help="mean false alarms per scan, if not N (to separate the cost of clutter density from N)")
    ap.add_argument("--seed", type=int, default=20251010)
    ap.add_argument("--scans", type=int, default=20)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.n < 1 or args.scans < 1:
        ap.error("--n and --scans must be at least 1")
    clutter = args.n if args.clutter is None else args.clutter
    if clutter < 0:
        ap.error("--clutter must not be negative")
    os.makedirs(args.out, exist_ok=True)
    truth, plots = simulate(args.n, args.seed, args.scans, clutter)
    write_truth(os.path.join(args.out, "truth.csv"), truth)
    write_plots(os.path.join(args.out, "plots.csv"), plots)
    write_scenario(os.path.join(args.out, "scenario.toml"), args.n, args.seed, args.scans, clutter)
    write_meta(os.path.join(args.out, "meta.json"), args.n, args.seed, args.scans, clutter)


if __name__ == "__main__":
    main()

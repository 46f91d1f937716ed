"""Shared pieces of the tracking benchmark: the radar's local frame and the CSV records.

The radar's local east-north-up (ENU) frame is Cartesian: a rotation and a translation
of ECEF. The site's ECEF position comes from pyproj (EPSG:4979 -> EPSG:4978); the
rotation is the standard geodetic ENU rotation at the site's latitude and longitude.
Euclidean distances are the same in ENU and ECEF, so GOSPA and RMSE may be computed in
either.
"""
import csv
import json
import os

import numpy as np
from pyproj import Transformer

SITE = (24.8, 121.0, 50.0)  # lat deg, lon deg, ellipsoidal height m
SENSOR_ID = "radar"

_TO_ECEF = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
_TO_GEODETIC = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)


def site_frame(site=SITE):
    """(origin ECEF [m], R) with enu = R @ (ecef - origin) and ecef = R.T @ enu + origin."""
    lat, lon, h = site
    x, y, z = _TO_ECEF.transform(lon, lat, h)
    phi, lam = np.radians(lat), np.radians(lon)
    sp, cp, sl, cl = np.sin(phi), np.cos(phi), np.sin(lam), np.cos(lam)
    rot = np.array([[-sl, cl, 0.0], [-sp * cl, -sp * sl, cp], [cp * cl, cp * sl, sp]])
    return np.array([x, y, z]), rot


ORIGIN, ROT = site_frame()


def enu_to_ecef(pos_enu, vel_enu):
    """Positions (n, 3) and velocities (n, 3) in ENU to ECEF."""
    return pos_enu @ ROT + ORIGIN, vel_enu @ ROT


def ecef_to_enu(pos_ecef, vel_ecef):
    """Positions (n, 3) and velocities (n, 3) in ECEF to ENU."""
    return (pos_ecef - ORIGIN) @ ROT.T, vel_ecef @ ROT.T


def ecef_to_geodetic(pos_ecef):
    """(lat_deg, lon_deg, alt_m) arrays from ECEF positions (n, 3)."""
    lon, lat, alt = _TO_GEODETIC.transform(pos_ecef[:, 0], pos_ecef[:, 1], pos_ecef[:, 2])
    return np.asarray(lat), np.asarray(lon), np.asarray(alt)


def enu_to_polar(enu):
    """(range m, azimuth rad clockwise from north in [0, 2pi), elevation rad) of ENU points."""
    e, n, u = enu[..., 0], enu[..., 1], enu[..., 2]
    hor = np.hypot(e, n)
    return np.sqrt(hor * hor + u * u), np.arctan2(e, n) % (2 * np.pi), np.arctan2(u, hor)


def polar_to_enu(r, az, el):
    """ENU points from range (m), azimuth clockwise from north (rad), elevation (rad)."""
    hor = r * np.cos(el)
    return np.stack([hor * np.sin(az), hor * np.cos(az), r * np.sin(el)], axis=-1)


def fmt_time(t):
    """Time in seconds written as tdome writes it: exact decimal, trailing zeros trimmed."""
    s = repr(float(t))
    return s[:-2] if s.endswith(".0") else s


def read_meta(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        return json.load(f)


def read_truth(directory):
    """{time_s: (ids (n,), pos_ecef (n, 3), vel_ecef (n, 3))} from truth.csv, in time order."""
    out = {}
    with open(os.path.join(directory, "truth.csv"), newline="") as f:
        for row in csv.DictReader(f):
            t = float(row["time_s"])
            out.setdefault(t, []).append((int(row["object_id"]),
                                          [float(row[c]) for c in ("ecef_x_m", "ecef_y_m", "ecef_z_m")],
                                          [float(row[c]) for c in ("ecef_vx_mps", "ecef_vy_mps", "ecef_vz_mps")]))
    return {t: (np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
            for t, rows in out.items()}


def read_plots(directory):
    """[(time_s, ranges m, azimuths rad cw from north, elevations rad, truth ids or -1)] per scan."""
    scans = {}
    with open(os.path.join(directory, "plots.csv"), newline="") as f:
        for row in csv.DictReader(f):
            t = float(row["time_s"])
            tid = row["truth_object_id"]
            scans.setdefault(t, []).append((float(row["range_m"]), np.radians(float(row["azimuth_deg"])),
                                            np.radians(float(row["elevation_deg"])), int(tid) if tid else -1))
    return [(t, np.array([p[0] for p in ps]), np.array([p[1] for p in ps]), np.array([p[2] for p in ps]),
             np.array([p[3] for p in ps], dtype=int)) for t, ps in sorted(scans.items())]


def read_tracks(path):
    """{time_s: (ids, pos_ecef (n, 3))} of confirmed track rows in a tdome tracks.csv."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] != "confirmed":
                continue
            out.setdefault(float(row["time_s"]), []).append(
                (int(row["track_id"]), [float(row[c]) for c in ("ecef_x_m", "ecef_y_m", "ecef_z_m")]))
    return {t: (np.array([r[0] for r in rows]), np.array([r[1] for r in rows]).reshape(-1, 3))
            for t, rows in out.items()}


def gospa(truth, tracks, c, p=1.0):
    """GOSPA with alpha = 2 (Garcia-Fernandez, Svensson, Morelande 2020) between point sets.

    truth (m, 3) and tracks (n, 3). Returns the total and its split (each term already
    raised to p: total = (localisation + missed + false)^(1/p)), the numbers of missed
    targets and false tracks, and the distances of the assigned pairs. With alpha = 2 a
    pair farther apart than c costs c^p either way, so it is counted as one missed
    target and one false track; min(d, c)^p as the assignment cost is then exact.
    """
    from scipy.optimize import linear_sum_assignment

    m, n = len(truth), len(tracks)
    half = c ** p / 2.0
    if m == 0 or n == 0:
        return {"total": (half * (m + n)) ** (1.0 / p), "localisation": 0.0, "missed": half * m,
                "false": half * n, "n_missed": m, "n_false": n, "assigned_d": np.zeros(0)}
    d = np.linalg.norm(truth[:, None, :] - tracks[None, :, :], axis=2)
    cost = np.minimum(d, c) ** p
    rows, cols = linear_sum_assignment(cost)
    dd = d[rows, cols]
    ok = dd < c
    n_assigned = int(ok.sum())
    loc = float((dd[ok] ** p).sum())
    missed, false = half * (m - n_assigned), half * (n - n_assigned)
    return {"total": (loc + missed + false) ** (1.0 / p), "localisation": loc, "missed": missed,
            "false": false, "n_missed": m - n_assigned, "n_false": n - n_assigned, "assigned_d": dd[ok]}

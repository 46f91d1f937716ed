#!/usr/bin/env python3
"""Posterior Cramer-Rao lower bound (PCRLB) on position error for a benchmark made by
generate.py.

Recursion of Tichavsky, Muravchik and Nehorai (IEEE Trans. Signal Processing 46(5),
1998) for additive Gaussian noise, on each true trajectory:

    J_{k+1} = D22 - D21 (J_k + D11)^-1 D12,
    D11 = F' Q^-1 F,  D12 = -F' Q^-1 = D21',  D22 = Q^-1 + q_IRF H_{k+1}' R^-1 H_{k+1},

with F, Q the nearly-constant-velocity model of the truth (PSD 0.1 m^2/s^3, 1 s scans)
in the radar's ENU frame, H the Jacobian of (range, azimuth, elevation) at the true
position and R = diag(sigma_r^2, sigma_az^2, sigma_el^2). The expectation E[H' R^-1 H] is
taken on the realised true trajectory (the usual deterministic-trajectory approximation).

Information-reduction factor: q_IRF = Pd = 0.9, the clutter-free value for a detection
probability below one (Hernandez, Farina and Ristic, "PCRLB for tracking in cluttered
environments: measurement sequence conditioning approach", IEEE Trans. Aerospace and
Electronic Systems 42(2), 2006; Hernandez, Ristic, Farina and Timmoneri, IEEE Trans.
Signal Processing 52(9), 2004). Clutter lowers the factor further (Niu, Willett and
Bar-Shalom, IEEE Trans. Signal Processing 49(7), 2001), so with clutter this bound is
optimistic: a floor that no tracker reaches, not a target.

Prior: J_0 = P_0^-1 + Pd H_0' R^-1 H_0 with P_0 = diag(1 km^2 per position axis,
(300 m/s)^2 per velocity axis); after a few scans the bound forgets it.

Reported: the bound sqrt(trace(position block of J_k^-1)) in metres, averaged over the
scans after the first 5 for each target, then over targets (pcrlb_position_m); and the
root mean of the traces over the same targets and scans (pcrlb_rms_position_m), the
figure to set beside an RMSE.

Usage: .venv/bin/python bench/tracker/pcrlb.py DIR   (writes DIR/pcrlb.json)
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import generate  # noqa: E402

STEADY_FROM_SCAN = 5
PRIOR_POSITION_SIGMA_M = 1000.0
PRIOR_VELOCITY_SIGMA_MPS = 300.0


def measurement_information(enu, meta):
    """H' R^-1 H (n, 6, 6) of a range-azimuth-elevation plot at ENU positions (n, 3)."""
    e, n, u = enu[:, 0], enu[:, 1], enu[:, 2]
    hor2 = e * e + n * n
    hor = np.sqrt(hor2)
    rho2 = hor2 + u * u
    rho = np.sqrt(rho2)
    H = np.zeros((len(enu), 3, 6))
    H[:, 0, :3] = np.stack([e / rho, n / rho, u / rho], 1)
    H[:, 1, :3] = np.stack([n / hor2, -e / hor2, np.zeros_like(e)], 1)
    H[:, 2, :3] = np.stack([-e * u / (rho2 * hor), -n * u / (rho2 * hor), hor / rho2], 1)
    r_inv = np.diag([meta["sigma_range_m"] ** -2, meta["sigma_azimuth_rad"] ** -2,
                     meta["sigma_elevation_rad"] ** -2])
    return np.einsum("kai,ab,kbj->kij", H, r_inv, H)


def bound(directory):
    meta = common.read_meta(directory)
    truth = common.read_truth(directory)
    times = sorted(truth)
    F, Q = generate.ncv(meta["scan_period_s"], meta["q_psd_m2ps3"])
    Qi = np.linalg.inv(Q)
    D11, D12 = F.T @ Qi @ F, -F.T @ Qi
    D21 = D12.T
    irf = meta["pd"]
    per_scan = []
    J = None
    for t in times:
        ids, pos, vel = truth[t]
        enu, _ = common.ecef_to_enu(pos, vel)
        info = irf * measurement_information(enu, meta)
        if J is None:
            P0_inv = np.diag([PRIOR_POSITION_SIGMA_M ** -2] * 3 + [PRIOR_VELOCITY_SIGMA_MPS ** -2] * 3)
            J = P0_inv + info
        else:
            J = Qi + info - D21 @ np.linalg.solve(J + D11, np.broadcast_to(D12, J.shape))
        P = np.linalg.inv(J)
        per_scan.append(np.trace(P[:, :3, :3], axis1=1, axis2=2))
    traces = np.array(per_scan[STEADY_FROM_SCAN:])  # (scans, targets)
    return {
        "n": meta["n"], "scans": meta["scans"], "information_reduction_factor": irf,
        "steady_from_scan": STEADY_FROM_SCAN,
        "pcrlb_position_m": float(np.sqrt(traces).mean(axis=0).mean()),
        "pcrlb_rms_position_m": float(np.sqrt(traces.mean())),
        "pcrlb_position_m_per_scan": [float(np.sqrt(tr).mean()) for tr in per_scan],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="a directory written by generate.py")
    args = ap.parse_args()
    result = bound(args.dir)
    with open(os.path.join(args.dir, "pcrlb.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(json.dumps({k: v for k, v in result.items() if not k.endswith("per_scan")}))


if __name__ == "__main__":
    main()

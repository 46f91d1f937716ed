#!/usr/bin/env python3
"""Run Stone Soup's tracker of issue 6 on a benchmark made by generate.py and score it.

The tracker, as the issue specifies, built from Stone Soup 1.9.1 components:
- state [e, ve, n, vn, u, vu] in the radar's local ENU frame (Cartesian, metres);
- motion: CombinedLinearGaussianTransitionModel of ConstantVelocity(q = 0.1 m^2/s^3) on
  each axis (the model the truth was simulated with);
- measurement: CartesianToElevationBearingRange, mapping (0, 2, 4), radar at the ENU
  origin, noise diag(sigma_el^2, sigma_bearing^2, sigma_range^2). Its bearing is
  counter-clockwise from the x axis (east) and its elevation is above the x-y plane, so a
  plot's azimuth az (clockwise from north) becomes bearing = pi/2 - az, wrapped into
  (-pi, pi]; the elevation is unchanged (ENU's x-y plane is the local horizontal);
- ExtendedKalmanPredictor / ExtendedKalmanUpdater;
- DistanceHypothesiser with the Mahalanobis measure in measurement space and
  missed_distance = sqrt(18.8): the 99.97 % chi-square gate for 3 degrees of freedom, the
  same gate as tdome's default gate_chi2 = 18.8;
- the kd-tree GNN, DetectionKDTreeGNN2D (GNNWith2DAssignment on the detections a kd-tree
  returns). The tree is built on raw (elevation rad, bearing rad, range m) vectors, so its
  Euclidean ball is in effect a range window; max_distance = 2000 m is wider than the
  gate of a one-plot track (predicted range sigma ~ 300 m) and only prefilters;
- MultiMeasurementInitiator(min_points = 3): a track is confirmed on its third plot; its
  one-plot tracks come from SimpleMeasurementInitiator with velocity prior 0 +- 300 m/s
  per axis (the targets' top speed); tentative tracks are deleted after 2 scans without
  a plot (UpdateTimeStepsDeleter(2));
- confirmed tracks are deleted after 3 scans without a plot (UpdateTimeStepsDeleter(3):
  with Pd = 0.9, a 1e-3 chance per track and scan of a wrong deletion).
The loop is MultiTargetTracker's: associate, update (or append the prediction), delete,
initiate from the unused plots.

Timing: wall time (time.perf_counter) of each scan's loop, excluding all file I/O and
scoring, and the process's CPU time over the same span (time.process_time), which
other jobs on a shared machine disturb less. Scoring: GOSPA (alpha = 2, c = 200 m, p = 1; common.gospa, an exact
implementation) between the true positions and the confirmed tracks' positions at each
scan; "steady" is the mean over scans after the first 5. RMSE is over the pairs GOSPA
assigns within c in those scans.

Outputs in the benchmark directory: stonesoup.json and stonesoup_tracks.csv (tdome's
tracks.csv format, ECEF; one confirmed row per live track per scan, its update or, after
a missed plot, its prediction; one deleted row when the track is deleted).

Usage: .venv/bin/python bench/tracker/stonesoup_side.py DIR
"""
import argparse
import datetime
import json
import os
import statistics
import sys
import time

import numpy as np
from stonesoup.dataassociator.tree import DetectionKDTreeGNN2D
from stonesoup.deleter.time import UpdateTimeStepsDeleter
from stonesoup.hypothesiser.distance import DistanceHypothesiser
from stonesoup.initiator.simple import MultiMeasurementInitiator
from stonesoup.measures import Mahalanobis
from stonesoup.models.measurement.nonlinear import CartesianToElevationBearingRange
from stonesoup.models.transition.linear import CombinedLinearGaussianTransitionModel, ConstantVelocity
from stonesoup.predictor.kalman import ExtendedKalmanPredictor
from stonesoup.types.angle import Bearing, Elevation
from stonesoup.types.array import StateVector
from stonesoup.types.detection import Detection
from stonesoup.types.state import GaussianState
from stonesoup.updater.kalman import ExtendedKalmanUpdater

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOSPA_C, GOSPA_P = 200.0, 1.0
STEADY_FROM_SCAN = 5
GATE_CHI2 = 18.8
KDTREE_MAX_DISTANCE = 2000.0
PRIOR_VELOCITY_SIGMA_MPS = 300.0
POS = [0, 2, 4]
VEL = [1, 3, 5]
EPOCH = datetime.datetime(2025, 10, 10)


def build(meta):
    q = meta["q_psd_m2ps3"]
    transition = CombinedLinearGaussianTransitionModel([ConstantVelocity(q)] * 3)
    measurement = CartesianToElevationBearingRange(
        ndim_state=6, mapping=tuple(POS),
        noise_covar=np.diag([meta["sigma_elevation_rad"] ** 2, meta["sigma_azimuth_rad"] ** 2,
                             meta["sigma_range_m"] ** 2]))
    predictor = ExtendedKalmanPredictor(transition)
    updater = ExtendedKalmanUpdater(measurement)

    def associator():
        hyp = DistanceHypothesiser(predictor, updater, Mahalanobis(), missed_distance=np.sqrt(GATE_CHI2))
        return DetectionKDTreeGNN2D(hyp, predictor, updater, max_distance=KDTREE_MAX_DISTANCE)

    prior = GaussianState(StateVector(np.zeros(6)),
                          np.diag([0.0, PRIOR_VELOCITY_SIGMA_MPS ** 2] * 3))
    initiator = MultiMeasurementInitiator(
        prior_state=prior, deleter=UpdateTimeStepsDeleter(2), data_associator=associator(),
        updater=updater, measurement_model=measurement, min_points=3)
    return measurement, associator(), updater, UpdateTimeStepsDeleter(3), initiator


def detections(measurement, t, r, az, el):
    ts = EPOCH + datetime.timedelta(seconds=t)
    bearing = np.pi / 2 - az
    return {Detection(StateVector([Elevation(e), Bearing(b), rr]), timestamp=ts, measurement_model=measurement)
            for rr, b, e in zip(r, bearing, el)}


def ecef_row(t, tid, status, state):
    sv = np.asarray(state.state_vector, dtype=float).ravel()
    pos, vel = common.enu_to_ecef(sv[POS][None, :], sv[VEL][None, :])
    P = np.asarray(state.covar, dtype=float)[np.ix_(POS, POS)]
    Pe = common.ROT.T @ P @ common.ROT
    vals = list(pos[0]) + list(vel[0]) + [Pe[0, 0], Pe[0, 1], Pe[0, 2], Pe[1, 1], Pe[1, 2], Pe[2, 2]]
    return f"{common.fmt_time(t)},{tid},{status}," + ",".join(repr(float(v)) for v in vals) + "\n"


def run(directory):
    meta = common.read_meta(directory)
    scans = common.read_plots(directory)
    truth = common.read_truth(directory)
    measurement, associator, updater, deleter, initiator = build(meta)
    tracks, ids, next_id = set(), {}, 0
    scan_ms, scan_cpu_ms, per_scan = [], [], []
    out = open(os.path.join(directory, "stonesoup_tracks.csv"), "w")
    out.write("time_s,track_id,status,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,"
              "cov_xx,cov_xy,cov_xz,cov_yy,cov_yz,cov_zz\n")
    for t, r, az, el, _ in scans:
        dets = detections(measurement, t, r, az, el)
        ts = EPOCH + datetime.timedelta(seconds=t)
        start, start_cpu = time.perf_counter(), time.process_time()
        associations = associator.associate(tracks, dets, ts)
        used = set()
        for track, hypothesis in associations.items():
            if hypothesis:
                track.append(updater.update(hypothesis))
                used.add(hypothesis.measurement)
            else:
                track.append(hypothesis.prediction)
        deleted = deleter.delete_tracks(tracks)
        tracks -= deleted
        new = initiator.initiate(dets - used, ts)
        tracks |= new
        scan_ms.append(1e3 * (time.perf_counter() - start))
        scan_cpu_ms.append(1e3 * (time.process_time() - start_cpu))

        # Track ids in a reproducible order (Stone Soup's are UUIDs in hash-ordered sets).
        for track in sorted(new, key=lambda tr: tuple(np.asarray(tr.state_vector, dtype=float).ravel())):
            ids[track] = next_id
            next_id += 1
        rows = [ecef_row(t, ids[tr], "deleted", tr.state) for tr in deleted if tr in ids]
        rows += [ecef_row(t, ids[tr], "confirmed", tr.state) for tr in tracks]
        out.writelines(sorted(rows, key=lambda s: int(s.split(",")[1])))

        tid, tpos, tvel = truth[t]
        truth_enu, _ = common.ecef_to_enu(tpos, tvel)
        est = np.array([np.asarray(tr.state_vector, dtype=float).ravel()[POS] for tr in tracks]).reshape(-1, 3)
        per_scan.append(common.gospa(truth_enu, est, GOSPA_C, GOSPA_P))
    out.close()
    return meta, scan_ms, scan_cpu_ms, per_scan


def summary(meta, scan_ms, scan_cpu_ms, per_scan):
    steady = per_scan[STEADY_FROM_SCAN:]
    mean = lambda key: float(np.mean([g[key] for g in steady]))  # noqa: E731
    d = np.concatenate([g["assigned_d"] for g in steady])
    return {
        "n": meta["n"], "scans": meta["scans"], "seed": meta["seed"],
        "ms_per_scan_mean": statistics.fmean(scan_ms), "ms_per_scan_median": statistics.median(scan_ms),
        "cpu_ms_per_scan_mean": statistics.fmean(scan_cpu_ms),
        "cpu_ms_per_scan_median": statistics.median(scan_cpu_ms),
        "gospa": {"c_m": GOSPA_C, "p": GOSPA_P, "alpha": 2, "steady_from_scan": STEADY_FROM_SCAN,
                  "mean": mean("total"), "localisation": mean("localisation"), "missed": mean("missed"),
                  "false": mean("false")},
        "missed_targets_per_scan": mean("n_missed"), "false_tracks_per_scan": mean("n_false"),
        "rmse_position_m": float(np.sqrt(np.mean(d ** 2))) if len(d) else None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="a directory written by generate.py")
    args = ap.parse_args()
    result = summary(*run(args.dir))
    with open(os.path.join(args.dir, "stonesoup.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

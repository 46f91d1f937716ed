//! Duplicate-track merging.
//!
//! Two confirmed tracks on one target, seeded by different radars' plots in the same
//! scan and then each fed by a different radar's batch, both survive association for
//! ever. When two confirmed tracks, predicted to the same time, are statistically one
//! (chi-square on the 6-state difference with the sum of their covariances), the one
//! with fewer plots (then the younger) is dropped, and the merge is reported so that
//! its engagements pass to the survivor.

use tdome_core::SimTime;
use tdome_core::ids::TrackId;
use tdome_core::picture::TrackStatus;

use super::Track;
use super::gaussian::GaussianState;
use super::motion::NearlyConstantVelocity;
use tdome_core::nearby::PointIndex;

/// 99.9% point of chi-square with 6 degrees of freedom.
const MERGE_CHI2: f64 = 22.46;
/// Coarse pre-gate: duplicates are far closer than this, metres.
const NEAR_M: f64 = 3_000.0;
/// Each track is compared with at most this many of its nearest confirmed neighbours:
/// duplicates of one target are its nearest, and inside a cluster of unresolved targets
/// comparing every pair would grow with the square of it.
const MAX_MERGE_CANDIDATES: usize = 16;

/// Mark in `dropped` (one flag per track) the confirmed tracks that duplicate another
/// as of `now`, and append (dropped, kept) to `merges`.
pub fn mark_duplicates(
    tracks: &[Track],
    now: SimTime,
    dropped: &mut [bool],
    merges: &mut Vec<(TrackId, TrackId)>,
) {
    // Confirmed tracks by their straight-line position at `now`; the mean predicted by
    // a track's own models lies within its departure bound of that.
    let departure = |t: &Track| {
        let dt = (now - t.kinematics.time).as_seconds().max(0.0);
        0.5 * t.acceleration_bound_mps2 * dt * dt
    };
    let straight = |t: &Track| {
        let dt = (now - t.kinematics.time).as_seconds().max(0.0);
        let m = &t.kinematics.mean;
        [m[0] + m[3] * dt, m[1] + m[4] * dt, m[2] + m[5] * dt]
    };
    let confirmed = |(i, t): &(usize, &Track)| {
        !dropped[*i]
            && t.life.status == TrackStatus::Confirmed
            && straight(t).iter().all(|v| v.is_finite())
    };
    // Position at `now` by straight-line extrapolation, with its covariance: the
    // position block of the full prediction made below for the pairs that pass.
    let position_at_now = |t: &Track| {
        let dt = (now - t.kinematics.time).as_seconds().max(0.0);
        let (m, p) = (&t.kinematics.mean, &t.kinematics.covariance);
        let mean = m.fixed_rows::<3>(0) + m.fixed_rows::<3>(3) * dt;
        let pp = p.fixed_view::<3, 3>(0, 0);
        let pv = p.fixed_view::<3, 3>(0, 3);
        let vv = p.fixed_view::<3, 3>(3, 3);
        (mean, pp + (pv + pv.transpose()) * dt + vv * (dt * dt))
    };
    let (mut max_departure, mut max_var) = (0.0_f64, 0.0_f64);
    for (_, t) in tracks.iter().enumerate().filter(confirmed) {
        max_departure = max_departure.max(departure(t));
        max_var = max_var.max(position_at_now(t).1.trace());
    }
    let index = PointIndex::new(
        tracks
            .iter()
            .enumerate()
            .filter(confirmed)
            .map(|(i, t)| (straight(t), i)),
    );
    // A confirmed track brought to `now` by straight-line extrapolation of its combined
    // estimate: two tracks on one target are updated within a scan of each other, and
    // extrapolated by the same model over so short a time they agree as their filters
    // would; a full IMM prediction per track (three models, one integrated through the
    // atmosphere) cost more than the rest of the cycle in a dense raid. Made afresh for
    // each of the few pairs close enough to compare: a cache sized to every track
    // (tentative ones included) cost more to clear each cycle than it saved.
    let predicted = |k: usize| -> GaussianState {
        let t = &tracks[k].kinematics;
        let dt = (now - t.time).as_seconds().max(0.0);
        let f = NearlyConstantVelocity::transition(dt);
        GaussianState::new(f * t.mean, f * t.covariance * f.transpose(), now)
    };
    let mut candidates = Vec::with_capacity(MAX_MERGE_CANDIDATES);
    for i in 0..tracks.len() {
        if dropped[i] || tracks[i].life.status != TrackStatus::Confirmed {
            continue;
        }
        let a = &tracks[i];
        let here = straight(a);
        // Two positions a chi-square test on their difference could call one lie within
        // sqrt(χ² λmax(Pa + Pb)) ≤ sqrt(χ² (tr Pa + tr Pb)) of each other: on a raid of
        // well-kept tracks that is a few hundred metres, where the fixed pre-gate alone
        // would search a sphere a hundred times the volume.
        let var_a = position_at_now(a).1.trace();
        let chi2_reach = (MERGE_CHI2 * (var_a + max_var)).max(0.0).sqrt();
        let reach = NEAR_M.min(chi2_reach) + departure(a) + max_departure;
        // Itself among them, hence one more.
        index.within(&here, reach, MAX_MERGE_CANDIDATES + 1, &mut candidates);
        candidates.retain(|&j| j > i);
        candidates.sort_unstable();
        for &j in &candidates {
            if dropped[j] {
                continue;
            }
            let (a, b) = (&tracks[i], &tracks[j]);
            if a.kinematics
                .position()
                .distance_to(&b.kinematics.position())
                .si()
                > NEAR_M + 3_000.0 * (a.kinematics.time - b.kinematics.time).as_seconds().abs()
            {
                continue;
            }
            // Positions first, and exactly: the straight-line positions at `now` and
            // their covariances are the position block of the full predictions below,
            // and a marginal Mahalanobis distance never exceeds the joint one, so a
            // pair that fails on position alone fails the 6-state test too. In a dense
            // raid most neighbours within reach go here, for a 3×3 solve instead of two
            // 6×6 predictions and a 6×6 factorisation.
            let ((ma, ca), (mb, cb)) = (position_at_now(a), position_at_now(b));
            let dp = ma - mb;
            if dp.norm() > NEAR_M {
                continue;
            }
            if let Some(chol) = nalgebra::Cholesky::new(ca + cb)
                && dp.dot(&chol.solve(&dp)) > MERGE_CHI2
            {
                continue;
            }
            let (pa, pb) = (predicted(i), predicted(j));
            let d = pa.mean - pb.mean;
            let Some(chol) = nalgebra::Cholesky::new(pa.covariance + pb.covariance) else {
                continue;
            };
            if d.dot(&chol.solve(&d)) > MERGE_CHI2 {
                continue;
            }
            // Keep the track with more plots; on a tie, the older (lower id).
            let (keep, drop) = if b.life.hits > a.life.hits {
                (j, i)
            } else {
                (i, j)
            };
            dropped[drop] = true;
            merges.push((tracks[drop].id, tracks[keep].id));
            if drop == i {
                break;
            }
        }
    }
}

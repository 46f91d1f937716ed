//! The end-of-run summary as text.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use tdome_eval::EvalConfig;
use tdome_eval::stream::Score;
use tdome_scenario::Scenario;
use tdome_scenario::model::Network;
use tdome_world::{RunStats, RunSummary};

/// The units of [`money`]: dollars per unit, decimals shown, suffix.
const MONEY_UNITS: [(f64, usize, &str); 4] =
    [(1e3, 1, "k"), (1e6, 2, "M"), (1e9, 2, "B"), (1e12, 2, "T")];

/// Dollars with a unit suffix, three or four significant figures: $80, $450.0k, $12.30M,
/// $1.50B, $2.00T; beyond a thousand trillion, scientific notation ($1.23e15), so that
/// every finite amount reads correctly. The unit is chosen after rounding, so 999,999
/// is $1.00M, not $1000.0k. A non-finite amount (a sum that overflowed) is "n/a", never
/// "inf" or "NaN".
pub fn money(usd: f64) -> String {
    if !usd.is_finite() {
        return "n/a".to_string();
    }
    if usd == 0.0 {
        // Also -0.0, which would otherwise print as "$-0".
        return "$0".to_string();
    }
    if usd < 0.0 {
        return format!("-{}", money(-usd));
    }
    let whole = format!("{usd:.0}");
    if below_thousand(&whole) {
        return format!("${whole}");
    }
    for (scale, decimals, suffix) in MONEY_UNITS {
        let scaled = format!("{:.*}", decimals, usd / scale);
        if below_thousand(&scaled) {
            return format!("${scaled}{suffix}");
        }
    }
    format!("${usd:.2e}")
}

/// Whether a formatted non-negative number is below 1000: it then fits its unit.
fn below_thousand(formatted: &str) -> bool {
    formatted.parse::<f64>().is_ok_and(|v| v < 1000.0)
}

/// The sum of `costs`, dollars; non-finite when it overflows (every cost is finite, the
/// catalogue checks it), which [`money`] shows as "n/a" and the summary warns about.
fn cost_sum(costs: impl IntoIterator<Item = f64>) -> f64 {
    costs.into_iter().sum()
}

/// The faster-than-real-time factor: simulated seconds per wall-clock second.
pub fn speedup(sim_s: f64, wall: Duration) -> f64 {
    sim_s / wall.as_secs_f64().max(1e-9)
}

/// Render the summary table.
pub fn render(
    scenario: &Scenario,
    summary: &RunSummary,
    picture: &Score,
    picture_config: &EvalConfig,
    stats: &RunStats,
    wall: Duration,
    record: Option<&Path>,
) -> String {
    let mut o = String::new();
    let sim_s = stats.sim_time.as_seconds();
    let _ = writeln!(
        o,
        "tdome {} — scenario '{}', seed {}",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        stats.seed
    );
    let _ = writeln!(
        o,
        "Simulated {:.0} s in {:.3} s of wall time: {:.0}× faster than real time ({} plots, {} battle-manager cycles).",
        sim_s,
        wall.as_secs_f64(),
        speedup(sim_s, wall),
        stats.plots,
        stats.bmc_cycles
    );
    if scenario.network == Network::Autonomous {
        let _ = writeln!(
            o,
            "Network: autonomous, {} battle managers, one per battery, each hearing only its \
             own radars.",
            scenario.batteries.len()
        );
    }
    o.push('\n');
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>7} {:>12} {:>9}",
        "Threats by type",
        "launched",
        "engaged",
        "intercepted",
        "leaked",
        "fell in open",
        "airborne"
    );
    let row = |o: &mut String, name: &str, t: &tdome_world::summary::ThreatTally| {
        let _ = writeln!(
            o,
            "{:<34} {:>8} {:>8} {:>11} {:>7} {:>12} {:>9}",
            name,
            t.launched,
            t.engaged,
            t.intercepted,
            t.leaked,
            t.fell_in_open,
            t.airborne()
        );
    };
    for (name, t) in &summary.threats {
        row(&mut o, name, t);
    }
    row(&mut o, "Total", &summary.total());
    let _ = writeln!(
        o,
        "Leakers (threats that hit a defended asset): {}; assets hit: {} of {}.",
        summary.leakers(),
        summary.assets_hit(),
        summary.assets.len()
    );
    o.push('\n');
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13} {:>18}",
        "Interceptors", "fired", "kills", "unit cost", "total cost", "median miss", "kill altitude"
    );
    if summary.interceptors.is_empty() {
        let _ = writeln!(o, "{:<34} {:>8}", "(none fired)", 0);
    }
    for (name, t) in &summary.interceptors {
        // The catalogue's figure, exact; an average of the total would be lost with it
        // when the total overflows.
        let unit = match scenario.catalogue.interceptor(name) {
            Some(ty) => ty.unit_cost.si(),
            None if t.fired > 0 => t.cost.si() / f64::from(t.fired),
            None => 0.0,
        };
        // The guidance error homing had to take out: commanded intercept point to the
        // nearest threat at intercept time.
        let miss = t
            .miss_quantile_m(0.5)
            .filter(|m| m.is_finite())
            .map_or_else(|| "-".to_string(), |m| format!("{m:.0} m"));
        // Where its kills were: the tier's share of the sky.
        let altitude = t.kill_altitudes_m.map_or_else(
            || "-".to_string(),
            |(low, high)| altitude_range_text(low, high),
        );
        let _ = writeln!(
            o,
            "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13} {:>18}",
            name,
            t.fired,
            t.kills,
            money(unit),
            money(t.cost.si()),
            miss,
            altitude
        );
    }
    let total_cost = cost_sum(summary.interceptors.values().map(|t| t.cost.si()));
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>12}",
        "Total",
        summary
            .interceptors
            .values()
            .map(|t| u64::from(t.fired))
            .sum::<u64>(),
        summary
            .interceptors
            .values()
            .map(|t| u64::from(t.kills))
            .sum::<u64>(),
        "",
        money(total_cost)
    );
    // A gun's round is a burst: say what that was in shells.
    for (name, t) in &summary.interceptors {
        if let Some(ty) = scenario.catalogue.interceptor(name)
            && let tdome_core::defence::Effector::Gun(g) = &ty.effector
            && t.fired > 0
        {
            let _ = writeln!(
                o,
                "{name}: {} burst(s) of {} shells, {} shells in all.",
                t.fired,
                g.rounds_per_burst,
                u64::from(t.fired) * u64::from(g.rounds_per_burst)
            );
        }
    }
    o.push('\n');
    layers(&mut o, summary);
    cost_exchange(&mut o, summary);
    if !total_cost.is_finite() {
        let _ = writeln!(
            o,
            "warning: interceptor costs add up past the largest number tdome can hold \
             (about $1.8e308); sums that overflowed are shown as n/a"
        );
    }
    o.push('\n');
    assets(&mut o, summary);
    o.push('\n');
    air_picture(&mut o, picture, picture_config, stats);
    if scenario.network == Network::Autonomous {
        let _ = writeln!(
            o,
            "Autonomous network: the air picture above scores every battery's picture \
             together; a threat\nthat k batteries track has k tracks, k − 1 of them false, \
             and id switches count hops between them."
        );
    }
    if stats.quarantined > 0 || stats.refused_orders > 0 {
        let _ = writeln!(
            o,
            "\nwarning: {} object(s) quarantined for non-finite state, {} order(s) refused",
            stats.quarantined, stats.refused_orders
        );
    }
    if stats.tracks_dropped_at_capacity > 0 {
        let _ = writeln!(
            o,
            "\nwarning: the air picture was full ({} tracks, [bmc.tracker] max_tracks): {} \
             track(s) dropped, tentative ones first",
            scenario.bmc.tracker.max_tracks, stats.tracks_dropped_at_capacity
        );
    }
    if let Some(dir) = record {
        let _ = writeln!(o, "\nRecords written to {}", dir.display());
    }
    let _ = writeln!(
        o,
        "\nAll parameters are notional, from public reporting; no figure is a real system's performance."
    );
    o
}

/// The interceptors by layer: rounds fired, kills, cost, and the rounds left at the end.
fn layers(o: &mut String, summary: &RunSummary) {
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13}",
        "Interceptors by layer", "fired", "kills", "cost / kill", "total cost", "rounds left"
    );
    let layers = summary.layers();
    if layers.is_empty() {
        let _ = writeln!(o, "{:<34}", "(no battery)");
    }
    for (layer, t) in &layers {
        let _ = writeln!(
            o,
            "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13}",
            format!(
                "{} ({} {})",
                layer.name(),
                t.batteries,
                if t.batteries == 1 {
                    "battery"
                } else {
                    "batteries"
                }
            ),
            t.fired,
            t.kills,
            t.cost_per_kill()
                .map_or_else(|| "-".to_string(), |c| money(c.si())),
            money(t.cost.si()),
            if t.reloaded > 0 {
                format!(
                    "{} of {} (+{} reloaded)",
                    t.rounds_left(),
                    t.rounds,
                    t.reloaded
                )
            } else {
                format!("{} of {}", t.rounds_left(), t.rounds)
            }
        );
    }
}

/// What the defence paid per threat it destroyed, and against what the attacker spent
/// on the threats it engaged (the catalogue's notional unit costs).
fn cost_exchange(o: &mut String, summary: &RunSummary) {
    let intercepted = summary.total().intercepted;
    let per = summary
        .cost_per_intercept()
        .map_or_else(|| "-".to_string(), |c| money(c.si()));
    let _ = writeln!(
        o,
        "Cost exchange: {} of interceptors fired for {} threat(s) intercepted: {} per threat \
         intercepted.",
        money(summary.total_cost().si()),
        intercepted,
        per
    );
    let (launched, engaged, killed) = (
        summary.attacker_cost_launched(),
        summary.attacker_cost_engaged(),
        summary.attacker_cost_intercepted(),
    );
    let _ = writeln!(
        o,
        "  Attacker cost (catalogue unit costs): {} launched, {} engaged, {} intercepted.",
        money(launched.cost.si()),
        money(engaged.cost.si()),
        money(killed.cost.si())
    );
    if launched.uncosted > 0 {
        let _ = writeln!(
            o,
            "  {} threat(s) launched ({} engaged) have no unit cost in the catalogue and are \
             left out.",
            launched.uncosted, engaged.uncosted
        );
    }
    match summary.cost_exchange_ratio() {
        Some(r) if r.is_finite() => {
            let _ = writeln!(
                o,
                "  Interceptor cost / attacker cost of the threats engaged: {r:.2} (defender \
                 dollars per attacker dollar)."
            );
        }
        _ => {
            let _ = writeln!(
                o,
                "  Interceptor cost / attacker cost of the threats engaged: - (not every \
                 threat engaged has a unit cost, or none was engaged)."
            );
        }
    }
}

/// The defended assets: hits and damage, then the value destroyed and the value the
/// intercepts saved (`tdome_world::summary`'s definition).
fn assets(o: &mut String, summary: &RunSummary) {
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13}",
        "Defended assets", "value", "hits", "damage", "intercepted*", "value saved*"
    );
    for a in &summary.assets {
        let _ = writeln!(
            o,
            "{:<34} {:>8.0} {:>8} {:>10.1}% {:>12} {:>13.1}",
            a.name,
            a.value,
            a.hits,
            100.0 * a.damage,
            a.intercepted_aimed,
            a.value_saved()
        );
    }
    let defended = summary.value_defended();
    let share = |v: f64| {
        if defended > 0.0 {
            format!(" ({:.1}%)", 100.0 * v / defended)
        } else {
            String::new()
        }
    };
    let (destroyed, saved) = (summary.value_destroyed(), summary.value_saved());
    let _ = writeln!(
        o,
        "Defended value {defended:.1}: destroyed {destroyed:.1}{}, saved by intercepts \
         {saved:.1}{}.",
        share(destroyed),
        share(saved)
    );
    let _ = writeln!(
        o,
        "* Intercepted threats whose planned aim point lay in the asset, and the value they \
         would have\n  destroyed landing there on top of the damage done (each destroys its \
         damage per hit of what is\n  left; docs/metrics.md, run summary)."
    );
}

/// The air-picture section: the confirmed tracks scored against the threats in flight
/// (docs/metrics.md), and the plots the tracker could not use.
fn air_picture(o: &mut String, score: &Score, config: &EvalConfig, stats: &RunStats) {
    let t = &score.totals;
    let metres = |v: Option<f64>| {
        v.filter(|v| v.is_finite())
            .map_or_else(|| "-".to_string(), |v| format!("{v:.1} m"))
    };
    let part = |v: Option<f64>| {
        v.filter(|v| v.is_finite())
            .map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))
    };
    let _ = writeln!(
        o,
        "{:<34} {:>10} {:>25} {:>14} {:>12} {:>13}",
        "Air picture",
        "GOSPA*",
        "loc. / missed / false*",
        "position RMSE",
        "id switches",
        "track breaks"
    );
    let _ = writeln!(
        o,
        "{:<34} {:>10} {:>25} {:>14} {:>12} {:>13}",
        "Confirmed tracks vs threats",
        metres(t.gospa_mean),
        format!(
            "{} / {} / {}",
            part(t.gospa_localisation),
            part(t.gospa_missed),
            part(t.gospa_false)
        ),
        metres(t.rmse_position_m),
        t.id_switches,
        t.track_breaks
    );
    let (c, p) = (config.gospa.c(), config.gospa.p());
    let _ = writeln!(
        o,
        "* Mean over {} truth instants; c = {c} m, p = {p} (docs/metrics.md). A threat and a \
         confirmed track\n  within {c} m cost their distance (loc.); a threat without one is \
         missed and a track without one\n  false, {} m each (c/2). Every threat in flight \
         counts, whether a radar sees it yet or not.",
        t.instants,
        c / 2.0
    );
    let _ = writeln!(
        o,
        "Plots late / unusable: {} / {} of {} (late: after the tracker's reorder window; \
         both discarded).",
        stats.plots_late, stats.plots_unusable, stats.plots
    );
    if score.late_reports > 0 || score.non_finite > 0 {
        let _ = writeln!(
            o,
            "warning: {} track report(s) came too late to score at their time, {} sample(s) \
             were not finite; `tdome eval` on the records gives the exact figures",
            score.late_reports, score.non_finite
        );
    }
}

/// An altitude range for the summary, in kilometres: to a tenth, or to a hundredth when
/// it starts below a kilometre (a cruise missile's 50 m is 0.05 km, not 0.0).
fn altitude_range_text(low_m: f64, high_m: f64) -> String {
    let digits = if low_m.abs() < 1_000.0 { 2 } else { 1 };
    format!("{:.digits$}-{:.digits$} km", low_m / 1e3, high_m / 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kill_altitudes_read_in_kilometres_with_the_low_end_kept() {
        assert_eq!(altitude_range_text(50.0, 19_360.0), "0.05-19.36 km");
        assert_eq!(altitude_range_text(18_600.0, 29_800.0), "18.6-29.8 km");
        assert_eq!(altitude_range_text(100_150.0, 149_500.0), "100.2-149.5 km");
        assert_eq!(altitude_range_text(1_200.0, 1_200.0), "1.2-1.2 km");
    }

    #[test]
    fn money_picks_the_unit_that_fits() {
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(-0.0), "$0");
        assert_eq!(money(999.0), "$999");
        assert_eq!(money(1e3), "$1.0k");
        assert_eq!(money(450_000.0), "$450.0k");
        assert_eq!(money(1e6), "$1.00M");
        assert_eq!(money(4.1e6), "$4.10M");
        assert_eq!(money(1e9), "$1.00B");
        assert_eq!(money(1e12), "$1.00T");
        assert_eq!(money(1.234e15), "$1.23e15");
        assert_eq!(money(1e308), "$1.00e308");
        assert_eq!(money(f64::MAX), "$1.80e308");
    }

    #[test]
    fn money_rounds_before_choosing_the_unit() {
        assert_eq!(money(999.6), "$1.0k");
        assert_eq!(money(999_999.0), "$1.00M");
        assert_eq!(money(999_999_999.0), "$1.00B");
        assert_eq!(money(999_999_999_999.0), "$1.00T");
        assert_eq!(money(999_999_999_999_999.0), "$1.00e15");
    }

    #[test]
    fn money_never_prints_inf_or_nan() {
        assert_eq!(money(f64::INFINITY), "n/a");
        assert_eq!(money(f64::NEG_INFINITY), "n/a");
        assert_eq!(money(f64::NAN), "n/a");
        // Every power of ten and the edges of the range, both signs.
        let mut amounts = vec![f64::MIN_POSITIVE, 5e-324, f64::MAX, f64::EPSILON];
        amounts.extend((-320..=308).map(|e| 10f64.powi(e)));
        amounts.extend((-320..=307).map(|e| 9.9999 * 10f64.powi(e)));
        for usd in amounts.iter().flat_map(|&a| [a, -a]) {
            let m = money(usd);
            assert!(
                !m.contains("inf") && !m.contains("NaN") && m.contains('$'),
                "{usd:e} → {m}"
            );
        }
    }

    #[test]
    fn a_cost_sum_that_overflows_shows_as_n_a() {
        let total = cost_sum([1e308, 1e308]);
        assert_eq!(money(total), "n/a");
        assert_eq!(money(cost_sum([1e308, 1e307])), "$1.10e308");
    }

    #[test]
    fn an_air_picture_with_nothing_scored_shows_dashes_and_late_reports_warn() {
        let mut o = String::new();
        let empty = Score::default();
        air_picture(&mut o, &empty, &EvalConfig::default(), &RunStats::default());
        let row = o.lines().nth(1).expect("score row");
        assert_eq!(
            row.split_whitespace().collect::<Vec<_>>(),
            [
                "Confirmed",
                "tracks",
                "vs",
                "threats",
                "-",
                "-",
                "/",
                "-",
                "/",
                "-",
                "-",
                "0",
                "0"
            ]
        );
        assert!(
            o.contains("Mean over 0 truth instants; c = 200 m, p = 1"),
            "{o}"
        );
        assert!(!o.contains("warning"), "{o}");
        let late = Score {
            late_reports: 3,
            ..Score::default()
        };
        let mut o = String::new();
        air_picture(&mut o, &late, &EvalConfig::default(), &RunStats::default());
        assert!(
            o.contains("warning: 3 track report(s) came too late"),
            "{o}"
        );
    }
}

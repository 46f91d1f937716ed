//! The end-of-run summary as text.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use tdome_scenario::Scenario;
use tdome_world::{RunStats, RunSummary};

/// Dollars with a unit suffix ($12.3M, $450k, $80).
pub fn money(usd: f64) -> String {
    if usd >= 1e9 {
        format!("${:.2}B", usd / 1e9)
    } else if usd >= 1e6 {
        format!("${:.2}M", usd / 1e6)
    } else if usd >= 1e3 {
        format!("${:.1}k", usd / 1e3)
    } else {
        format!("${usd:.0}")
    }
}

/// The faster-than-real-time factor: simulated seconds per wall-clock second.
pub fn speedup(sim_s: f64, wall: Duration) -> f64 {
    sim_s / wall.as_secs_f64().max(1e-9)
}

/// Render the summary table.
pub fn render(
    scenario: &Scenario,
    summary: &RunSummary,
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
        scenario.seed
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
    o.push('\n');
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13}",
        "Interceptors", "fired", "kills", "unit cost", "total cost", "median miss"
    );
    if summary.interceptors.is_empty() {
        let _ = writeln!(o, "{:<34} {:>8}", "(none fired)", 0);
    }
    for (name, t) in &summary.interceptors {
        let unit = if t.fired > 0 {
            t.cost.si() / t.fired as f64
        } else {
            0.0
        };
        // The guidance error homing had to take out: commanded intercept point to the
        // nearest threat at intercept time.
        let miss = t
            .miss_quantile_m(0.5)
            .map_or_else(|| "-".to_string(), |m| format!("{m:.0} m"));
        let _ = writeln!(
            o,
            "{:<34} {:>8} {:>8} {:>11} {:>12} {:>13}",
            name,
            t.fired,
            t.kills,
            money(unit),
            money(t.cost.si()),
            miss
        );
    }
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11} {:>12}",
        "Total",
        summary.interceptors.values().map(|t| t.fired).sum::<u32>(),
        summary.interceptors.values().map(|t| t.kills).sum::<u32>(),
        "",
        money(summary.total_cost().si())
    );
    o.push('\n');
    let _ = writeln!(
        o,
        "{:<34} {:>8} {:>8} {:>11}",
        "Defended assets", "value", "hits", "damage"
    );
    for a in &summary.assets {
        let _ = writeln!(
            o,
            "{:<34} {:>8.0} {:>8} {:>10.1}%",
            a.name,
            a.value,
            a.hits,
            100.0 * a.damage
        );
    }
    if stats.quarantined > 0 || stats.refused_orders > 0 {
        let _ = writeln!(
            o,
            "\nwarning: {} object(s) quarantined for non-finite state, {} order(s) refused",
            stats.quarantined, stats.refused_orders
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

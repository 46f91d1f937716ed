//! Numbers and text as the page shows them: metric names with their units, three
//! significant figures, dollars with a unit suffix, and HTML escaping.

use super::data::{Estimate, Proportion};

/// What a metric counts, which decides how its numbers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    /// Things per run: leakers, rounds, assets.
    Count,
    /// US dollars per run.
    Usd,
    /// The scenario's asset value units per run.
    Value,
}

impl Unit {
    /// A number in this unit: `8.1`, `$300M`.
    pub fn format(self, x: f64) -> String {
        match self {
            Unit::Count | Unit::Value => significant(x),
            Unit::Usd => money(x),
        }
    }

    /// The unit as an axis title ends: "(per run)", "(US$ per run)".
    pub fn axis_suffix(self) -> &'static str {
        match self {
            Unit::Count => "per run",
            Unit::Usd => "US$ per run",
            Unit::Value => "asset value units per run",
        }
    }
}

/// A metric's name for people and its unit.
#[derive(Clone, Debug)]
pub(super) struct MetricLabel {
    pub name: String,
    pub unit: Unit,
}

/// The metrics `tdome mc` reports, in the order the page lists them: outcome first,
/// then effort, then money. Metrics not listed here follow, alphabetically.
const KNOWN_METRICS: [(&str, &str, Unit); 6] = [
    ("leakers", "Leakers", Unit::Count),
    ("assets_hit", "Assets hit", Unit::Count),
    ("value_destroyed", "Value destroyed", Unit::Value),
    ("interceptors_fired", "Interceptors fired", Unit::Count),
    ("defender_cost_usd", "Defender cost", Unit::Usd),
    ("attacker_cost_usd", "Attacker cost", Unit::Usd),
];

/// The label of a metric key; an unknown key reads as its words, in dollars when its
/// name says so (the campaign's convention: `…_usd`).
pub(super) fn metric_label(key: &str) -> MetricLabel {
    if let Some((_, name, unit)) = KNOWN_METRICS.iter().find(|(k, _, _)| *k == key) {
        return MetricLabel {
            name: (*name).to_string(),
            unit: *unit,
        };
    }
    let (stem, unit) = match key.strip_suffix("_usd") {
        Some(stem) => (stem, Unit::Usd),
        None => (key, Unit::Count),
    };
    let words = stem.replace('_', " ");
    let mut chars = words.chars();
    let name = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_string(),
    };
    MetricLabel { name, unit }
}

/// Metric keys in the page's order (see [`KNOWN_METRICS`]).
pub(super) fn metric_order<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let rank = |k: &str| {
        KNOWN_METRICS
            .iter()
            .position(|(known, _, _)| *known == k)
            .unwrap_or(KNOWN_METRICS.len())
    };
    let mut keys: Vec<&str> = keys.into_iter().collect();
    keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    keys.dedup();
    keys
}

/// Three significant figures without trailing zeros, never in scientific notation
/// (counts and values of a raid stay well within what reads plainly): 8.1, 112, 0.045,
/// 12346. A non-finite number reads "n/a".
pub(super) fn significant(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    if x == 0.0 {
        // Also -0.0, which would otherwise print as "-0".
        return "0".to_string();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).clamp(0, 12) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// Dollars to three significant figures with a unit suffix, as the run summary writes
/// them: $80, $450k, $12.3M, $1.5B, $2T. A non-finite amount reads "n/a".
pub(super) fn money(usd: f64) -> String {
    if !usd.is_finite() {
        return "n/a".to_string();
    }
    if usd < 0.0 {
        return format!("-{}", money(-usd));
    }
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    // The unit is chosen after rounding, so that 999,999 is $1M and not $1000k.
    let rounded = if usd == 0.0 {
        0.0
    } else {
        let step = 10f64.powi(usd.log10().floor() as i32 - 2);
        (usd / step).round() * step
    };
    for (scale, suffix) in UNITS {
        if rounded >= scale {
            return format!("${}{suffix}", significant(usd / scale));
        }
    }
    format!("${}", significant(usd))
}

/// An estimate as `mean [lo, hi]`, or the mean alone without an interval.
pub(super) fn estimate(e: &Estimate, unit: Unit) -> String {
    match (e.lo, e.hi) {
        (Some(lo), Some(hi)) => format!(
            "{} [{}, {}]",
            unit.format(e.mean),
            unit.format(lo),
            unit.format(hi)
        ),
        _ => unit.format(e.mean),
    }
}

/// A proportion as a percentage with its interval: `98% [95%, 99%]`.
pub(super) fn proportion(p: &Proportion) -> String {
    let percent = |x: f64| format!("{}%", significant(100.0 * x));
    match (p.lo, p.hi) {
        (Some(lo), Some(hi)) => format!("{} [{}, {}]", percent(p.p), percent(lo), percent(hi)),
        _ => percent(p.p),
    }
}

/// Text made safe for HTML content and double- or single-quoted attribute values.
pub(super) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_keeps_three_figures_and_drops_trailing_zeros() {
        for (x, text) in [
            (8.1, "8.1"),
            (112.0, "112"),
            (0.0, "0"),
            (-0.0, "0"),
            (-4.2, "-4.2"),
            (0.04567, "0.0457"),
            (12345.6, "12346"),
            (2.0, "2"),
            (f64::NAN, "n/a"),
            (-0.0001, "-0.0001"),
        ] {
            assert_eq!(significant(x), text, "{x}");
        }
    }

    #[test]
    fn money_chooses_the_unit_after_rounding() {
        for (x, text) in [
            (80.0, "$80"),
            (450e3, "$450k"),
            (3.0e8, "$300M"),
            (2.44e8, "$244M"),
            (1.5e9, "$1.5B"),
            (999_999.0, "$1M"),
            (-6.0e7, "-$60M"),
            (0.0, "$0"),
            (f64::INFINITY, "n/a"),
        ] {
            assert_eq!(money(x), text, "{x}");
        }
    }

    #[test]
    fn unknown_metrics_read_as_words_in_their_unit() {
        let l = metric_label("gun_bursts");
        assert_eq!((l.name.as_str(), l.unit), ("Gun bursts", Unit::Count));
        let l = metric_label("repair_cost_usd");
        assert_eq!((l.name.as_str(), l.unit), ("Repair cost", Unit::Usd));
        assert_eq!(
            metric_order(["zeta", "defender_cost_usd", "leakers", "alpha"]),
            ["leakers", "defender_cost_usd", "alpha", "zeta"]
        );
    }

    #[test]
    fn escape_html_covers_markup_and_both_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

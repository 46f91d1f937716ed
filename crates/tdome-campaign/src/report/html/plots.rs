//! The page's plots as Vega-Lite specifications, built from the report data.
//!
//! Small tables (one row per variant, layer or metric) are flattened here and carried in
//! the specification. The two tables that grow with the campaign, the impacts and the
//! timeline's events, are in the page once, in the report data: their plots name them
//! ([`IMPACTS`], [`TIMELINE_EVENTS`]) and the page's script hands them over.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::data::{Timeline, Variant};
use super::design::{self, Design};
use super::format::{Unit, estimate, significant};

mod comparison;
mod map;
mod series;

pub(super) use comparison::comparison;
pub(super) use map::{ImpactCoverage, impact_map};
pub(super) use series::{magazine_depletion, saturation};

/// The report data's impacts, as the page's script hands them to a plot.
pub(super) const IMPACTS: &str = "impacts";
/// The report data's timeline events, as the page's script hands them to a plot.
pub(super) const TIMELINE_EVENTS: &str = "timeline_events";

/// Width of a plot's data area, pixels: the page's column less axes and legend.
const WIDTH: u32 = 600;

/// Width of one variant's band where variants are named on the x axis, pixels.
const NAMED_VARIANT_STEP: u32 = 280;

/// Axis labels of dollar amounts: d3's SI prefixes, but billions as "B" like the run
/// summary, not giga's "G".
const MONEY_LABELS: &str = "replace(format(datum.value, '$.3~s'), 'G', 'B')";

/// Impacts on no asset: their legend entry and colour.
const FELL_IN_OPEN: &str = "fell in the open";
const OPEN_GROUND_COLOUR: &str = "#9a9a9a";

/// Colours for named things (assets, variants): Tableau 10, which stays apart for
/// most colour-blind readers, less its grey, kept for open ground.
const PALETTE: [&str; 9] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f",
];

/// One plot of the page.
pub(super) struct Plot {
    /// The id of the element it is drawn into.
    pub id: String,
    pub heading: String,
    /// One sentence: how to read it.
    pub how_to_read: String,
    pub body: PlotBody,
}

/// What a plot's place on the page holds.
pub(super) enum PlotBody {
    /// A Vega-Lite specification, and the report data's tables it names.
    Drawn {
        spec: Value,
        tables: Vec<&'static str>,
    },
    /// Nothing to draw, and the sentence that says why.
    Empty(String),
}

impl Plot {
    fn drawn(id: &str, heading: &str, how_to_read: String, spec: Value) -> Plot {
        Plot {
            id: id.to_string(),
            heading: heading.to_string(),
            how_to_read,
            body: PlotBody::Drawn {
                spec,
                tables: Vec::new(),
            },
        }
    }

    fn empty(id: &str, heading: &str, why: &str) -> Plot {
        Plot {
            id: id.to_string(),
            heading: heading.to_string(),
            how_to_read: String::new(),
            body: PlotBody::Empty(why.to_string()),
        }
    }

    fn naming(mut self, table: &'static str) -> Plot {
        if let PlotBody::Drawn { tables, .. } = &mut self.body {
            tables.push(table);
        }
        self
    }
}

/// Fonts and sizes shared by every plot, readable on a projector.
pub(super) fn config() -> Value {
    json!({
        "font": "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', 'Liberation Sans', sans-serif",
        "axis": {"labelFontSize": 12, "titleFontSize": 13, "titleFontWeight": 600,
                 "titlePadding": 8, "labelLimit": 240},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 300,
                   "symbolSize": 90, "symbolOpacity": 1, "symbolStrokeWidth": 2},
        "header": {"labelFontSize": 13, "titleFontSize": 13},
        "view": {"stroke": "#ddd"},
        "range": {"category": PALETTE},
    })
}
/// Width of a panel where a plot is split into panels side by side, pixels.
const PANEL_WIDTH: u32 = 290;
/// The shape encoding of a comparison's arms; it shares the colour's legend.
fn arm_shape(design: &Design) -> Value {
    json!({"field": "arm", "type": "nominal", "title": "compared arm",
           "scale": {"domain": design.arm_series(),
                     "range": ["circle", "diamond", "triangle-up", "square", "cross", "triangle-down"]}})
}
/// Defender against attacker cost per variant, with the line of equal cost.
pub(super) fn cost_exchange(variants: &[Variant], design: &Design) -> Plot {
    const ID: &str = "plot-cost-exchange";
    const HEADING: &str = "Cost exchange: defender against attacker cost";
    let by_arm = design.compared();
    let rows: Vec<Value> = variants
        .iter()
        .filter_map(|v| {
            let defender = v.metric("defender_cost_usd")?;
            let attacker = v.metric("attacker_cost_usd")?;
            let (d_lo, d_hi) = defender.band();
            let (a_lo, a_hi) = attacker.band();
            let ratio = if attacker.mean > 0.0 {
                format!("{} : 1", significant(defender.mean / attacker.mean))
            } else {
                "n/a".to_string()
            };
            Some(json!({
                "variant": v.name, "arm": design.arm_series_of(v),
                // Arms side by side keep their ratios apart: the reference's to the left.
                "side": if by_arm && design::arm_index(v) == 0 { "left" } else { "right" },
                "defender": defender.mean, "defender_lo": d_lo.max(0.0), "defender_hi": d_hi,
                "attacker": attacker.mean, "attacker_lo": a_lo.max(0.0), "attacker_hi": a_hi,
                "defender_text": estimate(defender, Unit::Usd),
                "attacker_text": estimate(attacker, Unit::Usd),
                "ratio": ratio,
            }))
        })
        .collect();
    if rows.is_empty() {
        return Plot::empty(
            ID,
            HEADING,
            "No variant reports both defender and attacker cost.",
        );
    }
    let largest = |field: &str| {
        rows.iter()
            .filter_map(|r| r[field].as_f64())
            .fold(0.0, f64::max)
            * 1.08
    };
    let (attacker_max, defender_max) = (largest("attacker_hi"), largest("defender_hi"));
    // One scale for both sides when their costs are alike, so that the line of equal
    // cost is the diagonal; each its own when one side dwarfs the other, or every point
    // would sit on an axis.
    let alike = attacker_max > 0.0 && (1.0 / 3.0..=3.0).contains(&(defender_max / attacker_max));
    let (x_max, y_max) = if alike || attacker_max <= 0.0 {
        let both = attacker_max.max(defender_max).max(1.0);
        (both, both)
    } else {
        (attacker_max, defender_max.max(1.0))
    };
    let x = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Attacker cost (US$ per run)",
               "axis": {"labelExpr": MONEY_LABELS, "tickCount": 6},
               "scale": {"domain": [0.0, x_max]}})
    };
    let y = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Defender cost (US$ per run)",
               "axis": {"labelExpr": MONEY_LABELS, "tickCount": 6},
               "scale": {"domain": [0.0, y_max]}})
    };
    let parity_end = x_max.min(y_max);
    let parity = json!([{"cost": 0.0}, {"cost": parity_end}]);
    let colour = if by_arm {
        json!({"field": "arm", "type": "nominal", "title": "compared arm",
               "scale": {"domain": design.arm_series()}})
    } else {
        json!({"field": "variant", "type": "nominal", "sort": null, "title": "variant"})
    };
    let ratio_text = |side: &str| {
        let (align, dx) = if side == "left" {
            ("right", -9)
        } else {
            ("left", 9)
        };
        json!({"transform": [{"filter": format!("datum.side === '{side}'")}],
               "mark": {"type": "text", "align": align, "baseline": "middle", "dx": dx,
                        "fontSize": 12, "color": "#333"},
               "encoding": {"x": x("attacker"), "y": y("defender"), "text": {"field": "ratio"}}})
    };
    let mut marks = Vec::new();
    if by_arm && design.point_count() > 1 {
        // An arm's points joined in order of attacker cost: how its exchange moves as
        // the raid grows.
        marks.push(json!({
            "mark": {"type": "line", "strokeWidth": 1.5, "opacity": 0.6},
            "encoding": {"x": x("attacker"), "y": y("defender"), "color": colour,
                         "order": {"field": "attacker", "type": "quantitative"}},
        }));
    }
    marks.extend([
        json!({"mark": {"type": "rule", "strokeWidth": 2},
               "encoding": {"x": x("attacker"), "y": y("defender_lo"), "y2": {"field": "defender_hi"},
                            "color": colour}}),
        json!({"mark": {"type": "rule", "strokeWidth": 2},
               "encoding": {"x": x("attacker_lo"), "x2": {"field": "attacker_hi"}, "y": y("defender"),
                            "color": colour}}),
        json!({"mark": {"type": "point", "filled": true, "size": 80, "opacity": 1},
               "encoding": {"x": x("attacker"), "y": y("defender"), "color": colour,
                            "shape": if by_arm { arm_shape(design) } else { json!({"value": "circle"}) },
                            "tooltip": [
                              {"field": "variant"},
                              {"field": "defender_text", "title": "defender cost [95% CI]"},
                              {"field": "attacker_text", "title": "attacker cost [95% CI]"},
                              {"field": "ratio", "title": "defender : attacker"}]}}),
        ratio_text("right"),
    ]);
    if by_arm {
        marks.push(ratio_text("left"));
    }
    let spec = json!({
        "width": WIDTH, "height": 340,
        "layer": [
            {"data": {"values": parity},
             "mark": {"type": "line", "color": "#888", "strokeDash": [5, 4], "strokeWidth": 1.5},
             "encoding": {"x": x("cost"), "y": y("cost")}},
            {"data": {"values": [{"cost": parity_end}]},
             "mark": {"type": "text", "text": "equal cost", "align": "right", "baseline": "bottom",
                      "dx": -6, "dy": -2, "angle": 0, "color": "#666", "fontSize": 12},
             "encoding": {"x": x("cost"), "y": y("cost")}},
            {"data": {"values": rows}, "layer": marks},
        ],
    });
    let mut how = "Each point is a variant's mean cost per run to both sides, with 95 % \
                   confidence intervals as bars and the ratio of defender to attacker spending \
                   beside it"
        .to_string();
    if by_arm {
        how.push_str(", coloured by the arm of the comparison (the reference's ratio on the left)");
    }
    how.push_str("; above the dashed line the defence spends more than the attack costs.");
    if !alike && attacker_max > 0.0 {
        how.push_str(
            " The two axes have scales of their own, so the line of equal cost is not the \
             diagonal.",
        );
    }
    Plot::drawn(ID, HEADING, how, spec)
}

/// Mean interceptor cost by type, stacked per variant.
pub(super) fn cost_breakdown(variants: &[Variant]) -> Plot {
    const ID: &str = "plot-cost-breakdown";
    const HEADING: &str = "Cost breakdown by interceptor type";
    let rows: Vec<Value> = variants
        .iter()
        .flat_map(|v| {
            v.by_interceptor.iter().map(move |i| {
                json!({
                    "variant": v.name, "interceptor": i.interceptor,
                    "layer": i.layer.clone().unwrap_or_default(),
                    "cost": i.cost_usd.mean,
                    "cost_text": estimate(&i.cost_usd, Unit::Usd),
                    "fired_text": i.fired.as_ref().map(|f| estimate(f, Unit::Count)).unwrap_or_default(),
                })
            })
        })
        .collect();
    if rows.is_empty() {
        return Plot::empty(
            ID,
            HEADING,
            "No variant reports its cost by interceptor type.",
        );
    }
    let bar_rows = variants
        .iter()
        .filter(|v| !v.by_interceptor.is_empty())
        .count();
    let spec = json!({
        "width": WIDTH, "height": {"step": if bar_rows > 1 { 34 } else { 48 }},
        "data": {"values": rows},
        "mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "y": {"field": "variant", "type": "nominal", "sort": null, "title": null,
                  "axis": {"labelLimit": 260}},
            "x": {"field": "cost", "type": "quantitative", "aggregate": "sum", "stack": "zero",
                  "title": "Mean interceptor cost (US$ per run)",
                  "axis": {"labelExpr": MONEY_LABELS, "tickCount": 6}},
            "color": {"field": "interceptor", "type": "nominal", "title": "interceptor", "sort": null},
            "order": {"field": "interceptor"},
            "tooltip": [
                {"field": "variant"}, {"field": "interceptor"}, {"field": "layer"},
                {"field": "cost_text", "title": "cost [95% CI]"},
                {"field": "fired_text", "title": "fired [95% CI]"},
            ],
        },
    });
    let how = "Each bar is one variant's mean interceptor spending per run, split by \
               interceptor type; longer segments are the types that cost the defence most.";
    Plot::drawn(ID, HEADING, how.to_string(), spec)
}

/// How many runs ended with each number of leakers, per variant: a histogram for one
/// variant, a heat map of share of runs by leakers and variant for several (a panel
/// per arm when they are compared).
pub(super) fn leaker_distribution(variants: &[Variant], design: &Design) -> Plot {
    const ID: &str = "plot-leakers";
    const HEADING: &str = "Leaker distribution";
    let shown: Vec<&Variant> = variants
        .iter()
        .filter(|v| !v.leaker_histogram.is_empty())
        .collect();
    if shown.is_empty() {
        return Plot::empty(ID, HEADING, "No variant reports its leaker histogram.");
    }
    let has_mean = shown.iter().any(|v| v.metric("leakers").is_some());
    if let [only] = shown.as_slice() {
        return leaker_histogram(only, has_mean);
    }
    let most = shown
        .iter()
        .flat_map(|v| v.leaker_histogram.iter().map(|b| b.leakers))
        .max()
        .unwrap_or(0);
    let by_arm = design.compared() && design.point_count() > 1;
    let rows = leaker_cells(&shown, design, most);
    let largest_share = rows
        .iter()
        .filter_map(|r| r["share"].as_f64())
        .fold(0.0, f64::max)
        .max(0.01);
    let panels = if by_arm { design.arm_series().len() } else { 1 };
    let width = if panels > 1 {
        (WIDTH / panels as u32).max(PANEL_WIDTH - 40)
    } else {
        WIDTH
    };
    let cell = f64::from(width) / (most + 1) as f64;
    let x = json!({"field": "from", "type": "quantitative", "title": "Leakers in a run",
                   "scale": {"domain": [-0.5, most as f64 + 0.5], "nice": false, "zero": false},
                   "axis": {"tickMinStep": 1, "format": "d", "grid": false}});
    let y = json!({"field": "row", "type": "nominal", "sort": null, "title": null,
                   "axis": {"labelLimit": 280}});
    let tooltip = json!([
        {"field": "variant"}, {"field": "leakers", "title": "leakers"},
        {"field": "runs", "title": "runs"},
        {"field": "share", "title": "share of runs", "format": ".1%"},
    ]);
    let mut layers = vec![json!({
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "x": x, "x2": {"field": "to"}, "y": y,
            // No runs at all reads apart from a few.
            "color": {"condition": {"test": "datum.runs === 0", "value": "#f4f6f8"},
                      "field": "share", "type": "quantitative", "title": "share of runs",
                      "scale": {"scheme": "blues", "domain": [0.0, largest_share]},
                      "legend": {"format": ".0%", "gradientLength": 120}},
            "tooltip": tooltip,
        },
    })];
    // The share in each cell where there is room for it, light on the dark cells.
    if cell >= 30.0 {
        layers.push(json!({
            "transform": [{"filter": "datum.runs > 0"},
                          {"calculate": "(datum.from + datum.to) / 2", "as": "centre"}],
            "mark": {"type": "text", "fontSize": 11, "dy": 2},
            "encoding": {
                "x": {"field": "centre", "type": "quantitative"}, "y": y,
                "text": {"field": "share", "type": "quantitative", "format": ".0%"},
                "color": {"condition": {"test": format!("datum.share > {}", largest_share * 0.6),
                                        "value": "white"},
                          "value": "#1d232b"},
            },
        }));
    }
    if has_mean {
        // Every row of a variant carries its mean; one mark per variant.
        layers.push(json!({
            "transform": [{"filter": "datum.leakers === 0 && datum.mean_leakers != null"}],
            // A marker on the cell's top edge, clear of the share written in it.
            "mark": {"type": "point", "shape": "triangle-down", "filled": true, "size": 80,
                     "color": "#e15759", "opacity": 1, "yOffset": -9},
            "encoding": {
                "x": {"field": "mean_leakers", "type": "quantitative"}, "y": y,
                "tooltip": [{"field": "variant"},
                            {"field": "mean_leakers", "title": "mean leakers", "format": ".3~r"}],
            },
        }));
    }
    let chart = json!({"width": width, "height": {"step": 26}, "layer": layers});
    let spec = if by_arm {
        json!({
            "data": {"values": rows},
            "facet": {"column": {"field": "arm", "type": "nominal", "title": null,
                                 "sort": design.arm_series(),
                                 "header": {"labelFontWeight": 600, "labelFontSize": 13,
                                            "labelLimit": 400}}},
            "spec": chart,
        })
    } else {
        let mut single = chart;
        single["data"] = json!({"values": rows});
        single
    };
    let mut how = "Each cell is the share of a variant's runs that ended with that many \
                   leakers, darker for more"
        .to_string();
    if by_arm {
        how.push_str(", one row per point of the sweep and one panel per arm of the comparison");
    }
    if has_mean {
        how.push_str("; the red marker is the mean");
    }
    how.push_str(": dark cells far to the right mean rare but bad raids.");
    Plot::drawn(ID, HEADING, how, spec)
}

/// The heat map's cells: a row per variant and a cell per count of leakers, every
/// count from none to `most`, so that an empty cell reads as no runs.
fn leaker_cells(shown: &[&Variant], design: &Design, most: u64) -> Vec<Value> {
    shown
        .iter()
        .flat_map(|v| {
            let total: u64 = v.leaker_histogram.iter().map(|b| b.runs).sum();
            let mean = v.metric("leakers").map(|e| e.mean);
            let row = design.short_label(v).to_string();
            let arm = design.arm_series_of(v);
            (0..=most).map(move |k| {
                let runs = v
                    .leaker_histogram
                    .iter()
                    .filter(|b| b.leakers == k)
                    .map(|b| b.runs)
                    .sum::<u64>();
                let leakers = k as f64;
                json!({
                    "variant": v.name, "row": row, "arm": arm, "leakers": k, "runs": runs,
                    "from": leakers - 0.5, "to": leakers + 0.5,
                    "share": if total > 0 { runs as f64 / total as f64 } else { 0.0 },
                    "mean_leakers": mean,
                })
            })
        })
        .collect()
}

/// One variant's leaker histogram, with its mean.
fn leaker_histogram(v: &Variant, has_mean: bool) -> Plot {
    const ID: &str = "plot-leakers";
    const HEADING: &str = "Leaker distribution";
    let total: u64 = v.leaker_histogram.iter().map(|b| b.runs).sum();
    let mean = v.metric("leakers").map(|e| e.mean);
    let rows: Vec<Value> = v
        .leaker_histogram
        .iter()
        .map(|b| {
            let leakers = b.leakers as f64;
            json!({
                "variant": v.name, "leakers": b.leakers, "runs": b.runs,
                "from": leakers - 0.5, "to": leakers + 0.5,
                "share": if total > 0 { b.runs as f64 / total as f64 } else { 0.0 },
                "mean_leakers": mean,
            })
        })
        .collect();
    let bars = json!({
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 0.5, "color": PALETTE[0]},
        "encoding": {
            // Bars from n − ½ to n + ½, so that the integer ticks sit under their bars.
            "x": {"field": "from", "type": "quantitative", "title": "Leakers in a run",
                  "scale": {"nice": false, "zero": false},
                  "axis": {"tickMinStep": 1, "format": "d"}},
            "x2": {"field": "to"},
            "y": {"field": "share", "type": "quantitative", "title": "Share of runs",
                  "scale": {"zero": true}, "axis": {"format": ".0%", "tickCount": 4}},
            "y2": {"datum": 0},
            "tooltip": [
                {"field": "leakers", "title": "leakers"},
                {"field": "runs", "title": "runs"},
                {"field": "share", "title": "share of runs", "format": ".1%"},
            ],
        },
    });
    let mut layers = vec![bars];
    if has_mean {
        layers.push(json!({
            "mark": {"type": "rule", "color": "#333", "strokeDash": [4, 3], "strokeWidth": 1.5},
            // Every row carries the mean; one rule.
            "encoding": {"x": {"field": "mean_leakers", "type": "quantitative", "aggregate": "mean"},
                         "tooltip": [{"field": "mean_leakers", "aggregate": "mean",
                                      "title": "mean leakers", "format": ".3~r"}]},
        }));
    }
    let spec = json!({"width": WIDTH, "height": 220, "data": {"values": rows}, "layer": layers});
    let mut how = "Each bar is the share of runs that ended with that many leakers".to_string();
    if has_mean {
        how.push_str("; the dashed line is the mean");
    }
    how.push_str(": a long right tail means rare but bad raids.");
    Plot::drawn(ID, HEADING, how, spec)
}
/// The event kinds of a timeline in the order and colours of its legend; kinds not
/// listed follow in grey shades.
const EVENT_KINDS: [(&str, &str, &str); 5] = [
    ("threat_launch", "threat launched", "#7f7f7f"),
    ("interceptor_launch", "interceptor launched", "#4e79a7"),
    ("kill", "threat killed", "#59a14f"),
    ("leak", "leaked (hit an asset)", "#e15759"),
    ("fell_in_open", FELL_IN_OPEN, "#c9a227"),
];

/// One replication's events over time, a row per threat type.
pub(super) fn timeline(timeline: Option<&Timeline>) -> Plot {
    const ID: &str = "plot-timeline";
    const HEADING: &str = "Timeline of one replication";
    let Some(t) = timeline.filter(|t| !t.events.is_empty()) else {
        return Plot::empty(
            ID,
            HEADING,
            "The report carries no timeline of a replication.",
        );
    };
    let mut kinds: Vec<(String, String, String)> = EVENT_KINDS
        .iter()
        .filter(|(k, _, _)| t.events.iter().any(|e| e.event == *k))
        .map(|(k, label, colour)| (k.to_string(), label.to_string(), colour.to_string()))
        .collect();
    for e in &t.events {
        if !kinds.iter().any(|(k, _, _)| *k == e.event) {
            let greys = ["#3b3b3b", "#b0b0b0", "#5c5c5c", "#d0d0d0"];
            let grey = greys[kinds.len() % greys.len()].to_string();
            kinds.push((e.event.clone(), e.event.replace('_', " "), grey));
        }
    }
    let threat_types: BTreeSet<&str> = t
        .events
        .iter()
        .map(|e| e.threat_type.as_deref().unwrap_or(UNKNOWN_TYPE))
        .collect();
    let labels: Vec<Value> = kinds
        .iter()
        .map(|(k, label, _)| json!({"event": k, "what": label}))
        .collect();
    let row_height = (12 * kinds.len()).max(28);
    let spec = json!({
        "width": WIDTH,
        "height": (row_height * threat_types.len()).max(120),
        "data": {"name": TIMELINE_EVENTS},
        "transform": [
            {"lookup": "event", "from": {"data": {"values": labels}, "key": "event", "fields": ["what"]}},
            {"calculate": format!("datum.threat_type == null ? '{UNKNOWN_TYPE}' : datum.threat_type"),
             "as": "row"},
        ],
        "mark": {"type": "tick", "thickness": 2.5, "opacity": 0.9},
        "encoding": {
            "x": {"field": "t_s", "type": "quantitative", "title": "Simulation time (s)",
                  "scale": {"zero": false}, "axis": {"tickCount": 10}},
            "y": {"field": "row", "type": "nominal", "title": "Threat type",
                  "axis": {"labelLimit": 220}},
            "yOffset": {"field": "what", "sort": kinds.iter().map(|k| &k.1).collect::<Vec<_>>()},
            "color": {"field": "what", "type": "nominal", "title": "event",
                      "scale": {"domain": kinds.iter().map(|k| &k.1).collect::<Vec<_>>(),
                                "range": kinds.iter().map(|k| &k.2).collect::<Vec<_>>()}},
            "tooltip": [
                {"field": "t_s", "title": "time (s)", "format": ".1f"},
                {"field": "what", "title": "event"}, {"field": "row", "title": "threat type"},
                {"field": "threat", "title": "threat id"}, {"field": "layer"},
                {"field": "interceptor"},
            ],
        },
    });
    let mut which = format!("run {}", t.run.map_or("?".to_string(), |r| r.to_string()));
    if !t.variant.is_empty() {
        which = format!("{which} of {}", t.variant);
    }
    if let Some(seed) = t.seed {
        which = format!("{which}, seed {seed}");
    }
    let how = format!(
        "Each tick is one event of {which}, placed at its simulation time in the row of the \
         threat type it concerns and coloured by what happened, so a raid's launches, \
         engagements and ends read left to right."
    );
    Plot::drawn(ID, HEADING, how, spec).naming(TIMELINE_EVENTS)
}

/// Rows for events whose threat type is not reported.
const UNKNOWN_TYPE: &str = "unknown type";

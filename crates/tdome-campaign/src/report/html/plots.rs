//! The page's plots as Vega-Lite specifications, built from the report data.
//!
//! Small tables (one row per variant, layer or metric) are flattened here and carried in
//! the specification. The two tables that grow with the campaign, the impacts and the
//! timeline's events, are in the page once, in the report data: their plots name them
//! ([`IMPACTS`], [`TIMELINE_EVENTS`]) and the page's script hands them over.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::data::{Comparison, DefendedAsset, Estimate, Impact, Timeline, Variant};
use super::format::{MetricLabel, Unit, estimate, metric_label, significant};

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

/// What the x axis of a per-variant plot is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VariantAxis {
    /// The mean raid size: a curve, when there are several variants and each has its
    /// own raid size.
    RaidSize,
    /// The variants by name and raid size, when there is one, or raid sizes repeat
    /// (variants of doctrine, not of raid) or are missing: a curve through them would
    /// mean nothing.
    Name,
}

impl VariantAxis {
    fn of(variants: &[Variant]) -> VariantAxis {
        let sizes: Option<Vec<f64>> = variants.iter().map(|v| v.raid_size_mean).collect();
        let Some(mut sizes) = sizes.filter(|s| s.len() > 1) else {
            return VariantAxis::Name;
        };
        sizes.sort_by(f64::total_cmp);
        let distinct = sizes.windows(2).all(|w| w[0] != w[1]);
        if distinct {
            VariantAxis::RaidSize
        } else {
            VariantAxis::Name
        }
    }

    /// A variant's label on a [`VariantAxis::Name`] axis: its name, and its raid size
    /// on a second line.
    fn label(variant: &Variant) -> String {
        match variant.raid_size_mean {
            Some(size) => format!("{}\n{} threats", variant.name, significant(size)),
            None => variant.name.clone(),
        }
    }

    fn x_encoding(self) -> Value {
        match self {
            VariantAxis::RaidSize => json!({
                "field": "raid_size", "type": "quantitative",
                "title": "Raid size (threats launched, mean per run)",
                "scale": {"zero": false, "padding": 24},
            }),
            VariantAxis::Name => json!({
                "field": "variant_label", "type": "nominal", "sort": null,
                "title": "Variant (raid size: threats launched, mean per run)",
                "axis": {"labelAngle": 0, "labelLimit": 260, "labelExpr": "split(datum.label, '\\n')"},
            }),
        }
    }
}

/// One point of a per-variant series: a variant's estimate of one quantity.
struct SeriesPoint<'a> {
    variant: &'a Variant,
    series: String,
    estimate: Estimate,
}

/// Mean with a 95 % band for each variant, one colour per series: a band and line
/// against raid size when it is a curve, else points with error bars.
fn per_variant_series(
    points: &[SeriesPoint],
    axis: VariantAxis,
    series_title: &str,
    y_title: &str,
    unit: Unit,
) -> Value {
    let rows: Vec<Value> = points
        .iter()
        .map(|p| {
            let (lo, hi) = p.estimate.band();
            json!({
                "variant": p.variant.name, "raid_size": p.variant.raid_size_mean,
                "variant_label": VariantAxis::label(p.variant), "series": p.series, "mean": p.estimate.mean, "lo": lo, "hi": hi,
                "estimate": estimate(&p.estimate, unit),
            })
        })
        .collect();
    let y = |field: &str| {
        let mut y = json!({"field": field, "type": "quantitative", "title": y_title});
        if unit == Unit::Usd {
            y["axis"] = json!({"labelExpr": MONEY_LABELS});
        }
        y
    };
    let tooltip = json!([
        {"field": "variant", "title": "variant"},
        {"field": "series", "title": series_title},
        {"field": "estimate", "title": "mean [95% CI]"},
    ]);
    let mut layers = Vec::new();
    let curve = axis == VariantAxis::RaidSize && points.len() > 1;
    if curve {
        layers.push(json!({
            "mark": {"type": "area", "opacity": 0.18},
            "encoding": {"y": y("lo"), "y2": {"field": "hi"}},
        }));
        layers.push(
            json!({"mark": {"type": "line", "strokeWidth": 2}, "encoding": {"y": y("mean")}}),
        );
    } else {
        layers.push(json!({
            "mark": {"type": "rule", "strokeWidth": 2},
            "encoding": {"y": y("lo"), "y2": {"field": "hi"}},
        }));
    }
    layers.push(json!({
        "mark": {"type": "point", "filled": true, "size": 70, "opacity": 1},
        "encoding": {"y": y("mean"), "tooltip": tooltip},
    }));
    let mut encoding = json!({
        "x": axis.x_encoding(),
        "color": {"field": "series", "type": "nominal", "title": series_title, "sort": null},
    });
    if axis == VariantAxis::Name {
        encoding["xOffset"] = json!({"field": "series", "sort": null});
    }
    // A few variants by name get bands of a readable width, not the whole column.
    let bands = points
        .iter()
        .map(|p| &p.variant.name)
        .collect::<BTreeSet<_>>()
        .len() as u32;
    let width = match axis {
        VariantAxis::Name if bands * NAMED_VARIANT_STEP < WIDTH => {
            json!({"step": NAMED_VARIANT_STEP, "for": "position"})
        }
        _ => json!(WIDTH),
    };
    json!({
        "width": width, "height": 300,
        "data": {"values": rows},
        "encoding": encoding,
        "layer": layers,
    })
}

/// Leakers and assets hit against raid size: where the defence saturates.
pub(super) fn saturation(variants: &[Variant]) -> Plot {
    const ID: &str = "plot-saturation";
    const HEADING: &str = "Saturation: leakers and assets hit against raid size";
    let points: Vec<SeriesPoint> = variants
        .iter()
        .flat_map(|v| {
            ["leakers", "assets_hit"]
                .into_iter()
                .filter_map(move |key| {
                    v.metric(key).map(|e| SeriesPoint {
                        variant: v,
                        series: metric_label(key).name,
                        estimate: *e,
                    })
                })
        })
        .collect();
    if points.is_empty() {
        return Plot::empty(ID, HEADING, "No variant reports leakers or assets hit.");
    }
    let axis = VariantAxis::of(variants);
    let how = match axis {
        VariantAxis::RaidSize if variants.len() > 1 => {
            "Each point is one variant's mean per run and the shaded band its 95 % confidence \
             interval; where the curves turn upwards, more threats arrive than the defence can \
             engage."
        }
        _ => {
            "Each point is one variant's mean per run with its 95 % confidence interval as a \
             bar; a curve against raid size needs variants of different raid sizes."
        }
    };
    let spec = per_variant_series(
        &points,
        axis,
        "metric",
        "Count per run (mean, 95% CI)",
        Unit::Count,
    );
    Plot::drawn(ID, HEADING, how.to_string(), spec)
}

/// Interceptors fired by layer against raid size, with each layer's magazine.
pub(super) fn magazine_depletion(variants: &[Variant]) -> Plot {
    const ID: &str = "plot-magazine";
    const HEADING: &str = "Magazine depletion: interceptors fired by layer";
    let points: Vec<SeriesPoint> = variants
        .iter()
        .flat_map(|v| {
            v.by_layer.iter().map(move |l| SeriesPoint {
                variant: v,
                series: l.layer.clone(),
                estimate: l.fired,
            })
        })
        .collect();
    if points.is_empty() {
        return Plot::empty(
            ID,
            HEADING,
            "No variant reports interceptors fired by layer.",
        );
    }
    let axis = VariantAxis::of(variants);
    let mut spec = per_variant_series(
        &points,
        axis,
        "layer",
        "Interceptors fired per run (mean, 95% CI)",
        Unit::Count,
    );
    let magazines: Vec<Value> = variants
        .iter()
        .flat_map(|v| {
            v.by_layer.iter().filter_map(move |l| {
                l.rounds.map(|rounds| {
                    json!({"variant": v.name, "raid_size": v.raid_size_mean,
                           "variant_label": VariantAxis::label(v), "series": l.layer,
                           "rounds": rounds, "rounds_text": significant(rounds)})
                })
            })
        })
        .collect();
    let mut how = "Each point is a layer's mean rounds fired per run with its 95 % confidence \
                   interval"
        .to_string();
    if let (false, Some(layers)) = (magazines.is_empty(), spec["layer"].as_array_mut()) {
        // The rounds each layer held, in its colour: where the fired points reach them,
        // that layer's magazines ran dry in the typical run.
        let (mark, shape) = match axis {
            VariantAxis::RaidSize if variants.len() > 1 => (
                json!({"type": "line", "strokeDash": [6, 4], "strokeWidth": 1.5, "opacity": 0.9}),
                "dashed line",
            ),
            _ => (
                json!({"type": "tick", "orient": "horizontal", "thickness": 3, "size": 30,
                       "opacity": 0.9}),
                "dash",
            ),
        };
        layers.push(json!({
            "data": {"values": magazines},
            "mark": mark,
            "encoding": {
                "y": {"field": "rounds", "type": "quantitative",
                      "title": "Interceptors fired per run (mean, 95% CI)"},
                "tooltip": [
                    {"field": "variant"}, {"field": "series", "title": "layer"},
                    {"field": "rounds_text", "title": "rounds held"},
                ],
            },
        }));
        how.push_str(&format!(
            "; the {shape} of the same colour marks the rounds the layer held, so a layer \
             whose points reach its {shape} emptied its magazines."
        ));
    } else {
        how.push('.');
    }
    Plot::drawn(ID, HEADING, how, spec)
}

/// Defender against attacker cost per variant, with the line of equal cost.
pub(super) fn cost_exchange(variants: &[Variant]) -> Plot {
    const ID: &str = "plot-cost-exchange";
    const HEADING: &str = "Cost exchange: defender against attacker cost";
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
                "variant": v.name,
                "defender": defender.mean, "defender_lo": d_lo, "defender_hi": d_hi,
                "attacker": attacker.mean, "attacker_lo": a_lo, "attacker_hi": a_hi,
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
    let largest = rows
        .iter()
        .flat_map(|r| [&r["defender_hi"], &r["attacker_hi"]])
        .filter_map(Value::as_f64)
        .fold(0.0, f64::max)
        * 1.08;
    let x = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Attacker cost (US$ per run)",
               "axis": {"labelExpr": MONEY_LABELS, "tickCount": 6}, "scale": {"domainMin": 0}})
    };
    let y = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Defender cost (US$ per run)",
               "axis": {"labelExpr": MONEY_LABELS, "tickCount": 6}, "scale": {"domainMin": 0}})
    };
    let parity = json!([{"cost": 0.0}, {"cost": largest}]);
    let colour = json!({"field": "variant", "type": "nominal", "sort": null, "title": "variant"});
    let spec = json!({
        "width": WIDTH, "height": 340,
        "layer": [
            {"data": {"values": parity},
             "mark": {"type": "line", "color": "#888", "strokeDash": [5, 4], "strokeWidth": 1.5},
             "encoding": {"x": x("cost"), "y": y("cost")}},
            {"data": {"values": [{"cost": largest}]},
             "mark": {"type": "text", "text": "equal cost", "align": "right", "baseline": "bottom",
                      "dx": -6, "dy": -2, "angle": 0, "color": "#666", "fontSize": 12},
             "encoding": {"x": x("cost"), "y": y("cost")}},
            {"data": {"values": rows},
             "layer": [
                {"mark": {"type": "rule", "strokeWidth": 2},
                 "encoding": {"x": x("attacker"), "y": y("defender_lo"), "y2": {"field": "defender_hi"},
                              "color": colour}},
                {"mark": {"type": "rule", "strokeWidth": 2},
                 "encoding": {"x": x("attacker_lo"), "x2": {"field": "attacker_hi"}, "y": y("defender"),
                              "color": colour}},
                {"mark": {"type": "point", "filled": true, "size": 80, "opacity": 1},
                 "encoding": {"x": x("attacker"), "y": y("defender"), "color": colour,
                              "tooltip": [
                                {"field": "variant"},
                                {"field": "defender_text", "title": "defender cost [95% CI]"},
                                {"field": "attacker_text", "title": "attacker cost [95% CI]"},
                                {"field": "ratio", "title": "defender : attacker"}]}},
                {"mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 9,
                          "fontSize": 12, "color": "#333"},
                 "encoding": {"x": x("attacker"), "y": y("defender"), "text": {"field": "ratio"}}},
             ]},
        ],
    });
    let how = "Each point is a variant's mean cost per run to both sides, with 95 % confidence \
               intervals as bars and the ratio of defender to attacker spending beside it; \
               above the dashed line the defence spends more than the attack costs.";
    Plot::drawn(ID, HEADING, how.to_string(), spec)
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

/// How many runs ended with each number of leakers, per variant.
pub(super) fn leaker_distribution(variants: &[Variant]) -> Plot {
    const ID: &str = "plot-leakers";
    const HEADING: &str = "Leaker distribution";
    let shown: Vec<&Variant> = variants
        .iter()
        .filter(|v| !v.leaker_histogram.is_empty())
        .collect();
    let rows: Vec<Value> = shown
        .iter()
        .flat_map(|v| {
            let total: u64 = v.leaker_histogram.iter().map(|b| b.runs).sum();
            let mean = v.metric("leakers").map(|e| e.mean);
            v.leaker_histogram.iter().map(move |b| {
                let leakers = b.leakers as f64;
                json!({
                    "variant": v.name, "leakers": b.leakers, "runs": b.runs,
                    "from": leakers - 0.5, "to": leakers + 0.5,
                    "share": if total > 0 { b.runs as f64 / total as f64 } else { 0.0 },
                    "mean_leakers": mean,
                })
            })
        })
        .collect();
    if rows.is_empty() {
        return Plot::empty(ID, HEADING, "No variant reports its leaker histogram.");
    }
    let bars = json!({
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            // Bars from n − ½ to n + ½, so that the integer ticks sit under their bars.
            "x": {"field": "from", "type": "quantitative", "title": "Leakers in a run",
                  "scale": {"nice": false, "zero": false},
                  "axis": {"tickMinStep": 1, "format": "d"}},
            "x2": {"field": "to"},
            "y": {"field": "share", "type": "quantitative", "title": "Share of runs",
                  "scale": {"zero": true}, "axis": {"format": ".0%", "tickCount": 4}},
            "y2": {"datum": 0},
            "color": {"field": "variant", "type": "nominal", "sort": null, "legend": null},
            "tooltip": [
                {"field": "variant"}, {"field": "leakers", "title": "leakers"},
                {"field": "runs", "title": "runs"},
                {"field": "share", "title": "share of runs", "format": ".1%"},
            ],
        },
    });
    let mean_rule = json!({
        "mark": {"type": "rule", "color": "#333", "strokeDash": [4, 3], "strokeWidth": 1.5},
        // Every row of a variant carries its mean; one rule per variant.
        "encoding": {"x": {"field": "mean_leakers", "type": "quantitative", "aggregate": "mean"},
                     "tooltip": [{"field": "mean_leakers", "aggregate": "mean", "title": "mean leakers",
                                  "format": ".3~r"}]},
    });
    let has_mean = shown.iter().any(|v| v.metric("leakers").is_some());
    let layers: Vec<Value> = if has_mean {
        vec![bars, mean_rule]
    } else {
        vec![bars]
    };
    let inner =
        json!({"width": WIDTH, "height": if shown.len() > 1 { 110 } else { 220 }, "layer": layers});
    let spec = if shown.len() > 1 {
        json!({
            "data": {"values": rows},
            "facet": {"row": {"field": "variant", "type": "nominal", "sort": null, "title": null,
                              "header": {"labelAngle": 0, "labelOrient": "top", "labelAnchor": "start",
                                         "labelFontWeight": 600, "labelLimit": 600}}},
            "spec": inner,
            "resolve": {"scale": {"y": "shared"}},
        })
    } else {
        let mut single = inner;
        single["data"] = json!({"values": rows});
        single
    };
    let mut how = "Each bar is the share of runs that ended with that many leakers".to_string();
    if shown.len() > 1 {
        how.push_str(", one row per variant");
    }
    if has_mean {
        how.push_str("; the dashed line is the mean");
    }
    how.push_str(": a long right tail means rare but bad raids.");
    Plot::drawn(ID, HEADING, how, spec)
}

/// The extent of the impact map, degrees, and its size in pixels, with north-south and
/// east-west distances on one scale (equirectangular, stretched by cos(latitude)).
struct MapFrame {
    lat: (f64, f64),
    lon: (f64, f64),
    width: f64,
    height: f64,
}

impl MapFrame {
    /// Smallest extent shown, degrees (about 2 km): one impact alone still gets a map.
    const MIN_SPAN_DEG: f64 = 0.02;
    const MAX_WIDTH: f64 = WIDTH as f64;
    const MAX_HEIGHT: f64 = 520.0;
    const MIN_SIDE: f64 = 220.0;

    fn around(points: &[(f64, f64)]) -> Option<MapFrame> {
        let (first, rest) = points.split_first()?;
        let (mut lat, mut lon) = ((first.0, first.0), (first.1, first.1));
        for &(la, lo) in rest {
            lat = (lat.0.min(la), lat.1.max(la));
            lon = (lon.0.min(lo), lon.1.max(lo));
        }
        let pad = |(lo, hi): (f64, f64)| {
            let margin = ((hi - lo) * 0.06).max(Self::MIN_SPAN_DEG / 2.0);
            (lo - margin, hi + margin)
        };
        let (mut lat, mut lon) = (pad(lat), pad(lon));
        let mid_lat = ((lat.0 + lat.1) / 2.0).to_radians();
        // Degrees of longitude shrink with cos(latitude); kept away from zero so a map
        // at a pole is still drawn, if stretched.
        let east_scale = mid_lat.cos().max(0.05);
        let east_deg = lon.1 - lon.0;
        let north_deg = lat.1 - lat.0;
        let px_per_deg =
            (Self::MAX_WIDTH / (east_deg * east_scale)).min(Self::MAX_HEIGHT / north_deg);
        let mut width = east_deg * east_scale * px_per_deg;
        let mut height = north_deg * px_per_deg;
        // A long thin extent widens the other way rather than becoming a sliver.
        if height < Self::MIN_SIDE {
            let grow = (Self::MIN_SIDE / px_per_deg - north_deg) / 2.0;
            lat = (lat.0 - grow, lat.1 + grow);
            height = Self::MIN_SIDE;
        }
        if width < Self::MIN_SIDE {
            let grow = (Self::MIN_SIDE / px_per_deg / east_scale - east_deg) / 2.0;
            lon = (lon.0 - grow, lon.1 + grow);
            width = Self::MIN_SIDE;
        }
        Some(MapFrame {
            lat,
            lon,
            width: width.round(),
            height: height.round(),
        })
    }
}

/// Impacts on a latitude-longitude map over the defended assets' footprints.
pub(super) fn impact_map(impacts: &[Impact], assets: &[DefendedAsset]) -> Plot {
    const ID: &str = "plot-impacts";
    const HEADING: &str = "Impact map";
    if impacts.is_empty() {
        return Plot::empty(ID, HEADING, "The campaign recorded no impacts.");
    }
    let mut points: Vec<(f64, f64)> = impacts.iter().map(|i| (i.lat_deg, i.lon_deg)).collect();
    points.extend(
        assets
            .iter()
            .flat_map(|a| a.polygon.iter().map(|v| (v[0], v[1]))),
    );
    let Some(frame) = MapFrame::around(&points) else {
        return Plot::empty(ID, HEADING, "The campaign recorded no impacts.");
    };

    // Every asset keeps one colour, for its outline and the impacts on it.
    let mut asset_names: Vec<String> = assets.iter().map(|a| a.name.clone()).collect();
    for name in impacts.iter().filter_map(|i| i.asset.as_ref()) {
        if !asset_names.contains(name) {
            asset_names.push(name.clone());
        }
    }
    let mut colour_domain = asset_names.clone();
    colour_domain.push(FELL_IN_OPEN.to_string());
    let mut colour_range: Vec<&str> = (0..asset_names.len())
        .map(|i| PALETTE[i % PALETTE.len()])
        .collect();
    colour_range.push(OPEN_GROUND_COLOUR);
    let colour = |field: &str, title: Value| {
        json!({"field": field, "type": "nominal", "title": title,
               "scale": {"domain": colour_domain, "range": colour_range}})
    };

    // Every layer names the frame's extent: the aspect holds only on exactly it.
    let x = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Longitude (°E)",
               "scale": {"domain": [frame.lon.0, frame.lon.1], "nice": false, "zero": false},
               "axis": {"format": ".2f"}})
    };
    let y = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Latitude (°N)",
               "scale": {"domain": [frame.lat.0, frame.lat.1], "nice": false, "zero": false},
               "axis": {"format": ".2f"}})
    };

    let mut layers = Vec::new();
    let outlines: Vec<Value> =
        assets
            .iter()
            .filter(|a| a.polygon.len() >= 3)
            .flat_map(|a| {
                // The first vertex again at the end closes the outline.
                a.polygon.iter().chain(a.polygon.first()).enumerate().map(
                    move |(k, v)| json!({"asset": a.name, "vertex": k, "lat": v[0], "lon": v[1]}),
                )
            })
            .collect();
    if !outlines.is_empty() {
        layers.push(json!({
            "data": {"values": outlines},
            "mark": {"type": "line", "strokeWidth": 2, "opacity": 0.9, "clip": true},
            "encoding": {"x": x("lon"), "y": y("lat"), "detail": {"field": "asset"},
                         "order": {"field": "vertex", "type": "quantitative"},
                         "color": colour("asset", json!("asset hit")),
                         "tooltip": [{"field": "asset", "title": "defended asset"}]},
        }));
        let labels: Vec<Value> = assets
            .iter()
            .filter(|a| !a.polygon.is_empty())
            .map(|a| {
                let n = a.polygon.len() as f64;
                let lat = a.polygon.iter().map(|v| v[0]).sum::<f64>() / n;
                let lat_top = a.polygon.iter().map(|v| v[0]).fold(f64::MIN, f64::max);
                let lon = a.polygon.iter().map(|v| v[1]).sum::<f64>() / n;
                json!({"asset": a.name, "lat": lat_top.max(lat), "lon": lon})
            })
            .collect();
        layers.push(json!({
            "data": {"values": labels},
            "mark": {"type": "text", "baseline": "bottom", "dy": -4, "fontSize": 12,
                     "fontWeight": 600, "color": "#333", "clip": true},
            "encoding": {"x": x("lon"), "y": y("lat"), "text": {"field": "asset"}},
        }));
    }

    let variants: Vec<&str> = impacts.iter().fold(Vec::new(), |mut seen, i| {
        if !seen.contains(&i.variant.as_str()) {
            seen.push(i.variant.as_str());
        }
        seen
    });
    let mut transforms = vec![json!({
        "calculate": format!("datum.asset == null ? '{FELL_IN_OPEN}' : datum.asset"),
        "as": "hit",
    })];
    let mut params = Vec::new();
    if variants.len() > 1 {
        // One variant at a time: impacts of different raids on top of each other would
        // hide each other.
        params.push(json!({
            "name": "impact_variant", "value": variants[0],
            "bind": {"input": "select", "options": variants, "name": "Variant: "},
        }));
        transforms.insert(0, json!({"filter": "datum.variant === impact_variant"}));
    }
    layers.push(json!({
        "data": {"name": IMPACTS},
        "transform": transforms,
        "mark": {"type": "point", "filled": true, "size": 36, "opacity": 0.75, "clip": true,
                 "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "x": x("lon_deg"),
            "y": y("lat_deg"),
            "color": colour("hit", json!("asset hit")),
            "tooltip": [
                {"field": "hit", "title": "asset hit"}, {"field": "threat_type", "title": "threat type"},
                {"field": "variant"}, {"field": "run"},
                {"field": "lat_deg", "title": "latitude", "format": ".4f"},
                {"field": "lon_deg", "title": "longitude", "format": ".4f"},
            ],
        },
    }));
    let mut spec = json!({"width": frame.width, "height": frame.height, "layer": layers});
    if !params.is_empty() {
        spec["params"] = Value::Array(params);
    }
    let count = match variants.len() {
        1 => format!("{} impacts", impacts.len()),
        n => format!("{} impacts over {n} variants", impacts.len()),
    };
    let mut how = format!(
        "Each dot is where one threat came down ({count}), coloured by the defended asset it \
         hit and grey where it {FELL_IN_OPEN}; the outlines are the assets' footprints, east and \
         north drawn to the same scale."
    );
    if variants.len() > 1 {
        how.push_str(" Choose the variant below the map.");
    }
    Plot::drawn(ID, HEADING, how, spec).naming(IMPACTS)
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

/// A forest plot of a comparison: each metric's mean paired difference with its 95 %
/// interval, one row and scale per metric, since the metrics' units differ.
pub(super) fn comparison(c: &Comparison, index: usize) -> Plot {
    let id = format!("plot-comparison-{index}");
    let heading = format!("{} against {}", c.a, c.b);
    if c.differences.is_empty() {
        return Plot::empty(&id, &heading, "This comparison reports no differences.");
    }
    let rows: Vec<Value> = c
        .differences
        .iter()
        .map(|d| {
            let MetricLabel { name, unit } = metric_label(&d.metric);
            let chart_x = json!({
                "field": "diff", "type": "quantitative",
                "title": format!("{name}, B − A ({})", unit.axis_suffix()),
                "scale": {"zero": true, "nice": true, "padding": 12},
                "axis": if unit == Unit::Usd { json!({"labelExpr": MONEY_LABELS, "tickCount": 6}) }
                        else { json!({"tickCount": 6}) },
            });
            let text = format!(
                "{} [{}, {}]",
                unit.format(d.mean_diff),
                unit.format(d.lo),
                unit.format(d.hi)
            );
            let values = json!([{"metric": name, "diff": d.mean_diff, "lo": d.lo, "hi": d.hi,
                                 "text": text, "a": unit.format(d.a_mean), "b": unit.format(d.b_mean)}]);
            let y = json!({"field": "metric", "type": "nominal", "title": null,
                           "axis": {"minExtent": 150, "labelLimit": 150, "labelFontWeight": 600}});
            json!({
                "width": WIDTH - 150, "height": 26,
                "data": {"values": values},
                "layer": [
                    {"mark": {"type": "rule", "color": "#888", "strokeDash": [3, 3]},
                     "encoding": {"x": {"datum": 0, "type": "quantitative"}}},
                    {"mark": {"type": "rule", "strokeWidth": 3, "color": "#4e79a7"},
                     "encoding": {"x": {"field": "lo", "type": "quantitative"}, "x2": {"field": "hi"}, "y": y}},
                    {"mark": {"type": "point", "filled": true, "size": 90, "color": "#1f3b57", "opacity": 1},
                     "encoding": {"x": chart_x, "y": y,
                                  "tooltip": [{"field": "metric"}, {"field": "text", "title": "B − A [95% CI]"},
                                              {"field": "a", "title": "mean A"}, {"field": "b", "title": "mean B"}]}},
                ],
            })
        })
        .collect();
    let spec = json!({"vconcat": rows, "spacing": 14});
    let runs = c
        .runs
        .map(|r| format!(" over {r} paired runs"))
        .unwrap_or_default();
    let how = format!(
        "Each row is one metric's mean difference B − A{runs} (A = {}, B = {}) with its 95 % \
         confidence interval; a bar that does not cross the dashed zero line is a difference \
         the runs can tell apart, and left of zero means B has less.",
        c.a, c.b
    );
    Plot::drawn(&id, &heading, how, spec)
}

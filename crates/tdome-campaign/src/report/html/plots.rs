//! The page's plots as Vega-Lite specifications, built from the report data.
//!
//! Small tables (one row per variant, layer or metric) are flattened here and carried in
//! the specification. The two tables that grow with the campaign, the impacts and the
//! timeline's events, are in the page once, in the report data: their plots name them
//! ([`IMPACTS`], [`TIMELINE_EVENTS`]) and the page's script hands them over.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::data::{Comparison, DefendedAsset, Estimate, Impact, Timeline, Variant};
use super::design::{self, Design};
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
    /// The mean raid size: a curve per series, when raid sizes differ and each series
    /// (each arm of a comparison, or all the variants without one) has a variant at
    /// each raid size.
    RaidSize,
    /// The variants by a short label and raid size, when there is one raid size, or
    /// they repeat within a series (variants of doctrine, not of raid) or are missing:
    /// a curve through them would mean nothing.
    Name,
}

impl VariantAxis {
    fn of(variants: &[Variant], design: &Design) -> VariantAxis {
        let Some(sizes) = variants
            .iter()
            .map(|v| Some((series_arm(v, design), v.raid_size_mean?)))
            .collect::<Option<Vec<(u64, f64)>>>()
        else {
            return VariantAxis::Name;
        };
        let distinct = |mut xs: Vec<f64>| {
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            xs.len()
        };
        let overall = distinct(sizes.iter().map(|s| s.1).collect());
        let each_series_apart = sizes.iter().all(|(arm, _)| {
            let own: Vec<f64> = sizes.iter().filter(|s| s.0 == *arm).map(|s| s.1).collect();
            let n = own.len();
            distinct(own) == n
        });
        if overall > 1 && each_series_apart {
            VariantAxis::RaidSize
        } else {
            VariantAxis::Name
        }
    }
}

/// The arm a variant's series belongs to: its own when the plots draw a series per arm,
/// else one for all.
fn series_arm(v: &Variant, design: &Design) -> u64 {
    if design.compared() {
        design::arm_index(v)
    } else {
        0
    }
}

/// Width of a panel where a plot is split into panels side by side, pixels.
const PANEL_WIDTH: u32 = 290;

/// Average width of a character of an axis label (12 px sans-serif), pixels: enough to
/// wrap labels so that they never run into their neighbours.
const LABEL_CHAR_PX: f64 = 7.0;

/// A [`VariantAxis::Name`] axis: a band per short label, each variant's label wrapped
/// to its band, and the raid size, once in the title when every variant shares it, else
/// on a line of each label whose variants share one.
struct NameAxis {
    /// Each variant's label, lines split by `\n`.
    labels: Vec<String>,
    /// Width of a band, pixels.
    step: u32,
    /// The raid size every variant shares.
    common_size: Option<f64>,
}

impl NameAxis {
    fn new(variants: &[Variant], design: &Design, plot_width: u32) -> NameAxis {
        let mut bands: Vec<&str> = Vec::new();
        for v in variants {
            let label = design.short_label(v);
            if !bands.contains(&label) {
                bands.push(label);
            }
        }
        let count = bands.len().max(1) as u32;
        let step = if count * NAMED_VARIANT_STEP < plot_width {
            NAMED_VARIANT_STEP
        } else {
            plot_width / count
        };
        let chars = (f64::from(step) / LABEL_CHAR_PX).floor() as usize;
        let shared = |sizes: &[Option<f64>]| match sizes.first() {
            Some(Some(size)) if sizes.iter().all(|s| *s == Some(*size)) => Some(*size),
            _ => None,
        };
        let all: Vec<Option<f64>> = variants.iter().map(|v| v.raid_size_mean).collect();
        let common_size = shared(&all);
        let labels = variants
            .iter()
            .map(|v| {
                let band = design.short_label(v);
                let mut lines = design::wrap(band, chars);
                let sizes: Vec<Option<f64>> = variants
                    .iter()
                    .filter(|w| design.short_label(w) == band)
                    .map(|w| w.raid_size_mean)
                    .collect();
                if let (None, Some(size)) = (common_size, shared(&sizes)) {
                    lines.extend(design::wrap(
                        &format!("{} threats", significant(size)),
                        chars,
                    ));
                }
                lines.join("\n")
            })
            .collect();
        NameAxis {
            labels,
            step,
            common_size,
        }
    }

    /// The axis title: what the bands are, and the raid size where it fits.
    fn title(&self, what: &str, in_panel: bool) -> String {
        match (self.common_size, in_panel) {
            (Some(size), true) => format!("{what} ({} threats each)", significant(size)),
            (Some(size), false) => format!(
                "{what} (raid size {} threats launched, mean per run)",
                significant(size)
            ),
            (None, true) => what.to_string(),
            (None, false) => format!("{what} (raid size: threats launched, mean per run)"),
        }
    }
}

/// One point of a per-variant series: a variant's estimate of one quantity (a metric,
/// a layer's rounds fired), and the limit it may reach (the layer's rounds).
struct SeriesPoint<'a> {
    variant: &'a Variant,
    series: String,
    estimate: Estimate,
    limit: Option<f64>,
}

/// What a per-variant plot shows and how its axes read.
struct SeriesPlot<'a> {
    points: Vec<SeriesPoint<'a>>,
    /// What a series is: "metric", "layer".
    series_title: &'static str,
    y_title: &'static str,
    unit: Unit,
    /// Series with scales of their own get a y axis each when drawn in panels.
    own_scales: bool,
}

/// Mean with a 95 % band for each variant: a band and line against raid size when it
/// is a curve, else points with error bars; a dashed line or dash at each series'
/// limit. Without a comparison, one colour per series; with one, one colour per arm
/// and a panel per series.
fn per_variant_series(
    plot: &SeriesPlot,
    variants: &[Variant],
    design: &Design,
    axis: VariantAxis,
) -> Value {
    let by_arm = design.compared();
    let series: Vec<&str> = plot.points.iter().fold(Vec::new(), |mut seen, p| {
        if !seen.contains(&p.series.as_str()) {
            seen.push(p.series.as_str());
        }
        seen
    });
    let columns = if by_arm { series.len().clamp(1, 2) } else { 1 };
    let width = if columns > 1 { PANEL_WIDTH } else { WIDTH };
    let names = NameAxis::new(variants, design, width);
    let step = names.step;
    let label_of = |v: &Variant| {
        variants
            .iter()
            .position(|w| std::ptr::eq(w, v))
            .and_then(|i| names.labels.get(i).cloned())
            .unwrap_or_else(|| v.name.clone())
    };
    let rows: Vec<Value> = plot
        .points
        .iter()
        .map(|p| {
            // Every quantity plotted here is a count or an amount: an interval from a
            // few runs may reach below zero, a mean cannot.
            let (lo, hi) = p.estimate.band();
            json!({
                "variant": p.variant.name, "raid_size": p.variant.raid_size_mean,
                "variant_label": label_of(p.variant), "series": p.series,
                "arm": design.arm_series_of(p.variant), "arm_index": design::arm_index(p.variant),
                "mean": p.estimate.mean, "lo": lo.max(0.0), "hi": hi,
                "estimate": estimate(&p.estimate, plot.unit),
                "limit": p.limit, "limit_text": p.limit.map(significant),
            })
        })
        .collect();
    let y = |field: &str| {
        let mut y = json!({"field": field, "type": "quantitative", "title": plot.y_title});
        if plot.unit == Unit::Usd {
            y["axis"] = json!({"labelExpr": MONEY_LABELS});
        }
        y
    };
    let tooltip = json!([
        {"field": "variant", "title": "variant"},
        {"field": "series", "title": plot.series_title},
        {"field": "estimate", "title": "mean [95% CI]"},
    ]);
    let colour_field = if by_arm { "arm" } else { "series" };
    // A curve needs at least two points in each of its colours.
    let curve = axis == VariantAxis::RaidSize
        && rows.iter().all(|r| {
            rows.iter()
                .filter(|s| s[colour_field] == r[colour_field] && s["series"] == r["series"])
                .count()
                > 1
        });
    let mut layers = Vec::new();
    if curve {
        layers.push(json!({
            "mark": {"type": "area", "opacity": 0.18},
            "encoding": {"y": y("lo"), "y2": {"field": "hi"}},
        }));
        if by_arm {
            // The reference's line wider, beneath: arms that agree still show both.
            for (test, width) in [
                ("datum.arm_index === 0", 4.5),
                ("datum.arm_index !== 0", 2.0),
            ] {
                layers.push(json!({"transform": [{"filter": test}],
                                   "mark": {"type": "line", "strokeWidth": width},
                                   "encoding": {"y": y("mean")}}));
            }
        } else {
            layers.push(
                json!({"mark": {"type": "line", "strokeWidth": 2}, "encoding": {"y": y("mean")}}),
            );
        }
    } else {
        layers.push(json!({
            "mark": {"type": "rule", "strokeWidth": 2},
            "encoding": {"y": y("lo"), "y2": {"field": "hi"}},
        }));
    }
    let mut point = json!({
        "mark": {"type": "point", "filled": true, "size": 70, "opacity": 1},
        "encoding": {"y": y("mean"), "tooltip": tooltip},
    });
    if by_arm {
        // Arms whose results agree draw on top of each other: a shape each keeps the
        // one beneath in sight.
        point["encoding"]["shape"] = arm_shape(design);
    }
    layers.push(point);
    if plot.points.iter().any(|p| p.limit.is_some()) {
        // Each series' limit in its colour: where the points reach it, that series
        // (a layer's magazines) ran dry in the typical run.
        let mark = if curve {
            json!({"type": "line", "strokeDash": [6, 4], "strokeWidth": 1.5, "opacity": 0.9})
        } else {
            json!({"type": "tick", "orient": "horizontal", "thickness": 3,
                   "size": (step / 4).clamp(10, 30), "opacity": 0.9})
        };
        layers.push(json!({
            "mark": mark,
            "encoding": {
                "y": y("limit"),
                "tooltip": [
                    {"field": "variant"}, {"field": "series", "title": plot.series_title},
                    {"field": "limit_text", "title": "rounds held"},
                ],
            },
        }));
    }
    let x = match axis {
        VariantAxis::RaidSize => json!({
            "field": "raid_size", "type": "quantitative",
            // Panels side by side have room for a short title only.
            "title": if columns > 1 { "Raid size (threats, mean per run)" }
                     else { "Raid size (threats launched, mean per run)" },
            "scale": {"zero": false, "padding": 24},
        }),
        VariantAxis::Name => {
            let what = match (by_arm, design.point_count()) {
                (true, 1) => "Compared arm",
                (true, _) => "Sweep point",
                (false, _) => "Variant",
            };
            json!({
                "field": "variant_label", "type": "nominal", "sort": null,
                "title": names.title(what, columns > 1),
                "axis": {"labelAngle": 0, "labelLimit": 0, "labelExpr": "split(datum.label, '\\n')"},
            })
        }
    };
    let mut colour = json!({"field": colour_field, "type": "nominal", "sort": null,
                            "title": if by_arm { "compared arm" } else { plot.series_title }});
    if by_arm {
        colour["scale"] = json!({"domain": design.arm_series()});
    }
    let mut encoding = json!({"x": x, "color": colour});
    // Side by side within a band when a band holds several colours (not when the bands
    // are the arms themselves).
    if axis == VariantAxis::Name && !(by_arm && design.point_count() == 1) {
        encoding["xOffset"] = json!({"field": colour_field, "sort": null});
    }
    let width = match axis {
        VariantAxis::Name if step == NAMED_VARIANT_STEP => {
            json!({"step": NAMED_VARIANT_STEP, "for": "position"})
        }
        _ => json!(width),
    };
    let chart = json!({
        "width": width, "height": if columns > 1 { 220 } else { 300 },
        "encoding": encoding,
        "layer": layers,
    });
    if !by_arm {
        let mut chart = chart;
        chart["data"] = json!({"values": rows});
        return chart;
    }
    json!({
        "data": {"values": rows},
        "facet": {"field": "series", "type": "nominal", "title": null, "sort": series,
                  "header": {"labelFontWeight": 600, "labelAnchor": "start", "labelFontSize": 13}},
        "columns": columns,
        "spec": chart,
        "resolve": {"scale": {"y": if plot.own_scales { "independent" } else { "shared" }}},
    })
}

/// The shape encoding of a comparison's arms; it shares the colour's legend.
fn arm_shape(design: &Design) -> Value {
    json!({"field": "arm", "type": "nominal", "title": "compared arm",
           "scale": {"domain": design.arm_series(),
                     "range": ["circle", "diamond", "triangle-up", "square", "cross", "triangle-down"]}})
}

/// How to read a per-variant plot's marks: one sentence, up to what its marks mean.
fn series_how(
    axis: VariantAxis,
    design: &Design,
    variants: usize,
    what: &str,
    panel: &str,
) -> String {
    let curve = axis == VariantAxis::RaidSize && variants > 1;
    match (design.compared(), curve) {
        (true, true) => format!(
            "One panel per {panel} and one colour per arm of the comparison: each line is an \
             arm's {what} against raid size, and the shaded band its 95 % confidence interval"
        ),
        (true, false) => format!(
            "One panel per {panel} and one colour per arm of the comparison: each point is a \
             variant's {what}, with its 95 % confidence interval as a bar"
        ),
        (false, true) => format!(
            "Each point is one variant's {what} and the shaded band its 95 % confidence \
             interval"
        ),
        (false, false) => {
            format!("Each point is one variant's {what} with its 95 % confidence interval as a bar")
        }
    }
}

/// Leakers and assets hit against raid size: where the defence saturates.
pub(super) fn saturation(variants: &[Variant], design: &Design) -> Plot {
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
                        limit: None,
                    })
                })
        })
        .collect();
    if points.is_empty() {
        return Plot::empty(ID, HEADING, "No variant reports leakers or assets hit.");
    }
    let axis = VariantAxis::of(variants, design);
    let mut how = series_how(axis, design, variants.len(), "mean per run", "metric");
    if axis == VariantAxis::RaidSize && variants.len() > 1 {
        how.push_str(
            "; where the curves turn upwards, more threats arrive than the defence can engage.",
        );
    } else {
        how.push_str("; a curve against raid size needs variants of different raid sizes.");
    }
    let plot = SeriesPlot {
        points,
        series_title: "metric",
        y_title: "Count per run (mean, 95% CI)",
        unit: Unit::Count,
        own_scales: false,
    };
    Plot::drawn(
        ID,
        HEADING,
        how,
        per_variant_series(&plot, variants, design, axis),
    )
}

/// Interceptors fired by layer against raid size, with each layer's magazine.
pub(super) fn magazine_depletion(variants: &[Variant], design: &Design) -> Plot {
    const ID: &str = "plot-magazine";
    const HEADING: &str = "Magazine depletion: interceptors fired by layer";
    let points: Vec<SeriesPoint> = variants
        .iter()
        .flat_map(|v| {
            v.by_layer.iter().map(move |l| SeriesPoint {
                variant: v,
                series: l.layer.clone(),
                estimate: l.fired,
                limit: l.rounds,
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
    let axis = VariantAxis::of(variants, design);
    let mut how = series_how(
        axis,
        design,
        variants.len(),
        "mean rounds fired per run",
        "layer",
    );
    if points.iter().any(|p| p.limit.is_some()) {
        let shape = if axis == VariantAxis::RaidSize && variants.len() > 1 {
            "dashed line"
        } else {
            "dash"
        };
        how.push_str(&format!(
            "; the {shape} of the same colour marks the rounds the layer held, so a layer \
             whose points reach its {shape} emptied its magazines."
        ));
    } else {
        how.push('.');
    }
    let plot = SeriesPlot {
        points,
        series_title: "layer",
        y_title: "Interceptors fired per run (mean, 95% CI)",
        unit: Unit::Count,
        own_scales: true,
    };
    Plot::drawn(
        ID,
        HEADING,
        how,
        per_variant_series(&plot, variants, design, axis),
    )
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
    // Every count from none to the most, so that an empty cell reads as no runs.
    let rows: Vec<Value> = shown
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
        .collect();
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

impl MapFrame {
    /// A point's place on the map, pixels from its top left corner.
    fn pixel(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            (lon - self.lon.0) / (self.lon.1 - self.lon.0) * self.width,
            (self.lat.1 - lat) / (self.lat.1 - self.lat.0) * self.height,
        )
    }

    /// The assets' name labels, split into those set above their outlines and those
    /// set below: a name goes above unless it would cover a name already placed or
    /// another asset's outline there, and below is clear.
    fn asset_labels(&self, assets: &[DefendedAsset]) -> (Vec<Value>, Vec<Value>) {
        /// A box on the map, pixels: left, top, right, bottom.
        type Box = (f64, f64, f64, f64);
        let overlaps = |a: &Box, b: &Box| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
        let outline = |a: &DefendedAsset| -> Box {
            a.polygon.iter().fold(
                (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                |(l, t, r, b), v| {
                    let (x, y) = self.pixel(v[0], v[1]);
                    (l.min(x), t.min(y), r.max(x), b.max(y))
                },
            )
        };
        let shown: Vec<&DefendedAsset> = assets.iter().filter(|a| !a.polygon.is_empty()).collect();
        let outlines: Vec<Box> = shown.iter().map(|a| outline(a)).collect();
        let (mut placed, mut above, mut below) = (Vec::<Box>::new(), Vec::new(), Vec::new());
        for (k, a) in shown.iter().enumerate() {
            let n = a.polygon.len() as f64;
            let lon = a.polygon.iter().map(|v| v[1]).sum::<f64>() / n;
            let top = a.polygon.iter().map(|v| v[0]).fold(f64::MIN, f64::max);
            let bottom = a.polygon.iter().map(|v| v[0]).fold(f64::MAX, f64::min);
            // 12 px bold text: about 7.5 px a character, 15 px high, 4 px off the outline.
            let half = a.name.chars().count() as f64 * 7.5 / 2.0;
            let (x, _) = self.pixel(top, lon);
            let own = outlines[k];
            let above_box = (x - half, own.1 - 19.0, x + half, own.1 - 4.0);
            let below_box = (x - half, own.3 + 4.0, x + half, own.3 + 19.0);
            let clear = |b: &Box| {
                !placed.iter().any(|p| overlaps(p, b))
                    && !outlines
                        .iter()
                        .enumerate()
                        .any(|(j, o)| j != k && overlaps(o, b))
            };
            let label = |lat: f64| json!({"asset": a.name, "lat": lat, "lon": lon});
            if !clear(&above_box) && clear(&below_box) {
                placed.push(below_box);
                below.push(label(bottom));
            } else {
                placed.push(above_box);
                above.push(label(top));
            }
        }
        (above, below)
    }
}

/// A map axis spanning `span_deg` with about `ticks` ticks, with as many decimals as
/// their spacing needs (d3 spaces ticks at least 10^⌊log10(span / count)⌋ apart), so
/// that no two ticks read the same.
fn degree_axis(span_deg: f64, ticks: f64) -> Value {
    let count = ticks.floor().max(2.0);
    let step = span_deg / count;
    let decimals = if step > 0.0 {
        (-step.log10().floor()).clamp(0.0, 6.0) as usize
    } else {
        2
    };
    json!({"format": format!(".{decimals}f"), "tickCount": count})
}

/// Which runs the impacts come from.
#[derive(Clone, Copy)]
pub(super) struct ImpactCoverage {
    /// Runs of each variant in the campaign.
    pub runs: Option<u64>,
    /// The first runs whose impacts are all in the report data.
    pub impacts_runs: Option<u64>,
}

/// Impacts on a latitude-longitude map over the defended assets' footprints.
pub(super) fn impact_map(
    impacts: &[Impact],
    assets: &[DefendedAsset],
    coverage: ImpactCoverage,
) -> Plot {
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
               "axis": degree_axis(frame.lon.1 - frame.lon.0, frame.width / 80.0)})
    };
    let y = |field: &str| {
        json!({"field": field, "type": "quantitative", "title": "Latitude (°N)",
               "scale": {"domain": [frame.lat.0, frame.lat.1], "nice": false, "zero": false},
               "axis": degree_axis(frame.lat.1 - frame.lat.0, frame.height / 50.0)})
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
        // Each asset's name above its outline, or below it where above would cover
        // another name or outline.
        let (above, below) = frame.asset_labels(assets);
        for (labels, baseline, dy) in [(above, "bottom", -4), (below, "top", 4)] {
            if labels.is_empty() {
                continue;
            }
            layers.push(json!({
                "data": {"values": labels},
                "mark": {"type": "text", "baseline": baseline, "dy": dy, "fontSize": 12,
                         "fontWeight": 600, "color": "#333", "clip": true},
                "encoding": {"x": x("lon"), "y": y("lat"), "text": {"field": "asset"}},
            }));
        }
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
    // The report data carries the impacts of whole runs, the first ones, up to a cap.
    let scope = match (coverage.impacts_runs, coverage.runs) {
        (Some(n), Some(total)) if n >= total => format!(" in all {total} runs"),
        (Some(0), _) => " in part of the first run".to_string(),
        (Some(1), _) => " in the first run".to_string(),
        (Some(n), Some(total)) => format!(" in the first {n} of {total} runs"),
        (Some(n), None) => format!(" in the first {n} runs"),
        (None, _) => String::new(),
    };
    let mut how = format!(
        "Each dot is where one threat came down{scope} ({count}), coloured by the defended \
         asset it hit and grey where it {FELL_IN_OPEN}; the outlines are the assets' \
         footprints, east and north drawn to the same scale."
    );
    if matches!((coverage.impacts_runs, coverage.runs), (Some(n), Some(total)) if n < total) {
        how.push_str(" The report keeps the impacts of the first runs only, to stay light.");
    }
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

/// Width of one metric's panel in a comparison's forest plot, pixels: two side by side.
const FOREST_PANEL_WIDTH: u32 = 280;

/// A forest plot of a comparison: each metric's mean paired difference with its 95 %
/// interval, a panel and scale per metric, since the metrics' units differ.
pub(super) fn comparison(c: &Comparison, names: &design::PairNames, index: usize) -> Plot {
    let id = format!("plot-comparison-{index}");
    let heading = names.heading();
    if c.differences.is_empty() {
        return Plot::empty(&id, &heading, "This comparison reports no differences.");
    }
    let panels: Vec<Value> = c.differences.iter().map(difference_panel).collect();
    let spec = json!({"concat": panels, "columns": 2, "spacing": {"row": 12, "column": 36}});
    let runs = c
        .runs
        .map(|r| format!(" over {r} paired runs"))
        .unwrap_or_default();
    let how = format!(
        "Each panel is one metric's mean difference B − A{runs} ({}) with its 95 % confidence \
         interval; a bar that does not cross the dashed zero line is a difference the runs can \
         tell apart, and left of zero means B has less.",
        names.which()
    );
    Plot::drawn(&id, &heading, how, spec)
}

/// The smallest of 1, 2 and 5 times a power of ten at least `x` (positive).
fn nice_ceiling(x: f64) -> f64 {
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * power)
}

/// One metric's panel of a forest plot: its difference, interval and the zero line.
fn difference_panel(d: &super::data::Difference) -> Value {
    let MetricLabel { name, unit } = metric_label(&d.metric);
    // Paired runs that never differ give an interval of no width, on which a scale
    // would collapse: such a panel gets a span of its own, and says so.
    let flat = (d.hi - d.lo).abs() <= f64::EPSILON * d.mean_diff.abs().max(1.0);
    let mut scale = json!({"zero": true, "nice": true, "padding": 12});
    let mut axis = json!({"tickCount": 5});
    if flat {
        let reach = nice_ceiling(
            (d.mean_diff.abs() * 1.5)
                .max(0.05 * d.a_mean.abs().max(d.b_mean.abs()))
                .max(0.01),
        );
        scale = json!({"domain": [-reach, reach], "nice": false});
        axis["values"] = json!([-reach, 0.0, reach]);
    }
    if unit == Unit::Usd {
        axis["labelExpr"] = json!(MONEY_LABELS);
    }
    let x = json!({
        "field": "diff", "type": "quantitative",
        "title": format!("{name}, B − A ({})", unit.axis_suffix()),
        "scale": scale,
        "axis": axis,
    });
    let text = format!(
        "{} [{}, {}]",
        unit.format(d.mean_diff),
        unit.format(d.lo),
        unit.format(d.hi)
    );
    let values = json!([{"metric": name, "diff": d.mean_diff, "lo": d.lo, "hi": d.hi,
                         "text": text, "a": unit.format(d.a_mean), "b": unit.format(d.b_mean)}]);
    let mut layers = vec![
        json!({"mark": {"type": "rule", "color": "#888", "strokeDash": [3, 3]},
               "encoding": {"x": {"datum": 0, "type": "quantitative"}}}),
        json!({"mark": {"type": "rule", "strokeWidth": 3, "color": "#4e79a7"},
               "encoding": {"x": {"field": "lo", "type": "quantitative"}, "x2": {"field": "hi"}}}),
        json!({"mark": {"type": "point", "filled": true, "size": 90, "color": "#1f3b57", "opacity": 1},
               "encoding": {"x": x,
                            "tooltip": [{"field": "metric"}, {"field": "text", "title": "B − A [95% CI]"},
                                        {"field": "a", "title": "mean A"}, {"field": "b", "title": "mean B"}]}}),
    ];
    if flat {
        // The note sits on the side away from the point.
        let (note, align, at) = if d.mean_diff == 0.0 {
            ("equal in every run", "right", FOREST_PANEL_WIDTH - 4)
        } else if d.mean_diff > 0.0 {
            ("same difference in every run", "left", 4)
        } else {
            (
                "same difference in every run",
                "right",
                FOREST_PANEL_WIDTH - 4,
            )
        };
        layers.push(json!({
            "mark": {"type": "text", "text": note, "align": align, "baseline": "middle",
                     "fontSize": 11, "color": "#5b6470"},
            "encoding": {"x": {"value": at}, "y": {"value": 13}},
        }));
    }
    json!({
        "width": FOREST_PANEL_WIDTH, "height": 26,
        "data": {"values": values},
        "layer": layers,
    })
}

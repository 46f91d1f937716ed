//! Per-variant plots against raid size: saturation (leakers and assets hit) and
//! magazine depletion (rounds fired by layer), a series per metric or layer, or a
//! series per arm and a panel per metric or layer when the variants are compared.

use serde_json::{Value, json};

use super::super::data::{Estimate, Variant};
use super::super::design::{self, Design};
use super::super::format::{Unit, estimate, metric_label, significant};
use super::{MONEY_LABELS, NAMED_VARIANT_STEP, PANEL_WIDTH, Plot, WIDTH, arm_shape};

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

/// How a per-variant plot is laid out, decided once from its data.
struct SeriesLayout {
    axis: VariantAxis,
    /// One colour per arm and a panel per series (a comparison), or one colour per
    /// series in one chart.
    by_arm: bool,
    /// The series, in the data's order: the panels when `by_arm`.
    series: Vec<String>,
    /// Panels side by side: two at most, one without comparison.
    columns: usize,
    names: NameAxis,
    /// Band and line against raid size, rather than points with error bars.
    curve: bool,
}

impl SeriesLayout {
    fn new(
        plot: &SeriesPlot,
        variants: &[Variant],
        design: &Design,
        axis: VariantAxis,
    ) -> SeriesLayout {
        let by_arm = design.compared();
        let mut series: Vec<String> = Vec::new();
        for p in &plot.points {
            if !series.contains(&p.series) {
                series.push(p.series.clone());
            }
        }
        let columns = if by_arm { series.len().clamp(1, 2) } else { 1 };
        let width = if columns > 1 { PANEL_WIDTH } else { WIDTH };
        // A curve needs at least two points in each of its colours.
        let colour = |p: &SeriesPoint| {
            (
                p.series.clone(),
                by_arm.then(|| design::arm_index(p.variant)),
            )
        };
        let curve = axis == VariantAxis::RaidSize
            && plot.points.iter().all(|p| {
                plot.points
                    .iter()
                    .filter(|q| colour(q) == colour(p))
                    .count()
                    > 1
            });
        SeriesLayout {
            axis,
            by_arm,
            series,
            columns,
            names: NameAxis::new(variants, design, width),
            curve,
        }
    }

    fn colour_field(&self) -> &'static str {
        if self.by_arm { "arm" } else { "series" }
    }

    fn in_panels(&self) -> bool {
        self.columns > 1
    }
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
    let layout = SeriesLayout::new(plot, variants, design, axis);
    let rows = series_rows(plot, variants, design, &layout);
    let width = match axis {
        VariantAxis::Name if layout.names.step == NAMED_VARIANT_STEP => {
            json!({"step": NAMED_VARIANT_STEP, "for": "position"})
        }
        _ if layout.in_panels() => json!(PANEL_WIDTH),
        _ => json!(WIDTH),
    };
    let chart = json!({
        "width": width, "height": if layout.in_panels() { 220 } else { 300 },
        "encoding": series_encoding(&layout, design, plot.series_title),
        "layer": series_layers(plot, &layout, design),
    });
    if !layout.by_arm {
        let mut chart = chart;
        chart["data"] = json!({"values": rows});
        return chart;
    }
    json!({
        "data": {"values": rows},
        "facet": {"field": "series", "type": "nominal", "title": null, "sort": layout.series,
                  "header": {"labelFontWeight": 600, "labelAnchor": "start", "labelFontSize": 13}},
        "columns": layout.columns,
        "spec": chart,
        "resolve": {"scale": {"y": if plot.own_scales { "independent" } else { "shared" }}},
    })
}

/// A row per point: the variant, where it sits on x, its series and arm, and the
/// estimate with its band.
fn series_rows(
    plot: &SeriesPlot,
    variants: &[Variant],
    design: &Design,
    layout: &SeriesLayout,
) -> Vec<Value> {
    let label_of = |v: &Variant| {
        variants
            .iter()
            .position(|w| std::ptr::eq(w, v))
            .and_then(|i| layout.names.labels.get(i).cloned())
            .unwrap_or_else(|| v.name.clone())
    };
    plot.points
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
        .collect()
}

/// The encoding every layer shares: x, the colour, and the offset within a band.
fn series_encoding(layout: &SeriesLayout, design: &Design, series_title: &str) -> Value {
    let x = match layout.axis {
        VariantAxis::RaidSize => json!({
            "field": "raid_size", "type": "quantitative",
            // Panels side by side have room for a short title only.
            "title": if layout.in_panels() { "Raid size (threats, mean per run)" }
                     else { "Raid size (threats launched, mean per run)" },
            "scale": {"zero": false, "padding": 24},
        }),
        VariantAxis::Name => {
            let what = match (layout.by_arm, design.point_count()) {
                (true, 1) => "Compared arm",
                (true, _) => "Sweep point",
                (false, _) => "Variant",
            };
            json!({
                "field": "variant_label", "type": "nominal", "sort": null,
                "title": layout.names.title(what, layout.in_panels()),
                "axis": {"labelAngle": 0, "labelLimit": 0, "labelExpr": "split(datum.label, '\\n')"},
            })
        }
    };
    let field = layout.colour_field();
    let mut colour =
        json!({"field": field, "type": "nominal", "sort": null, "title": series_title});
    if layout.by_arm {
        colour["title"] = json!("compared arm");
        colour["scale"] = json!({"domain": design.arm_series()});
    }
    let mut encoding = json!({"x": x, "color": colour});
    // Side by side within a band when a band holds several colours (not when the bands
    // are the arms themselves).
    if layout.axis == VariantAxis::Name && !(layout.by_arm && design.point_count() == 1) {
        encoding["xOffset"] = json!({"field": field, "sort": null});
    }
    encoding
}

/// The marks: the band and line or the error bars, the means, and each series' limit.
fn series_layers(plot: &SeriesPlot, layout: &SeriesLayout, design: &Design) -> Vec<Value> {
    let y = |field: &str| {
        let mut y = json!({"field": field, "type": "quantitative", "title": plot.y_title});
        if plot.unit == Unit::Usd {
            y["axis"] = json!({"labelExpr": MONEY_LABELS});
        }
        y
    };
    let mut layers = Vec::new();
    if layout.curve {
        layers.push(json!({
            "mark": {"type": "area", "opacity": 0.18},
            "encoding": {"y": y("lo"), "y2": {"field": "hi"}},
        }));
        if layout.by_arm {
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
        "encoding": {"y": y("mean"), "tooltip": [
            {"field": "variant", "title": "variant"},
            {"field": "series", "title": plot.series_title},
            {"field": "estimate", "title": "mean [95% CI]"},
        ]},
    });
    if layout.by_arm {
        // Arms whose results agree draw on top of each other: a shape each keeps the
        // one beneath in sight.
        point["encoding"]["shape"] = arm_shape(design);
    }
    layers.push(point);
    if plot.points.iter().any(|p| p.limit.is_some()) {
        // Each series' limit in its colour: where the points reach it, that series
        // (a layer's magazines) ran dry in the typical run.
        let mark = if layout.curve {
            json!({"type": "line", "strokeDash": [6, 4], "strokeWidth": 1.5, "opacity": 0.9})
        } else {
            json!({"type": "tick", "orient": "horizontal", "thickness": 3,
                   "size": (layout.names.step / 4).clamp(10, 30), "opacity": 0.9})
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
    layers
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
pub(in crate::report::html) fn saturation(variants: &[Variant], design: &Design) -> Plot {
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
pub(in crate::report::html) fn magazine_depletion(variants: &[Variant], design: &Design) -> Plot {
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

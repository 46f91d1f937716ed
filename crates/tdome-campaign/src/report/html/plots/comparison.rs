//! The paired comparisons' forest plots: each metric's mean difference B − A with its
//! 95 % interval.

use serde_json::{Value, json};

use super::super::data::{Comparison, Difference};
use super::super::design::PairNames;
use super::super::format::{MetricLabel, Unit, metric_label};
use super::{MONEY_LABELS, Plot};

/// Width of one metric's panel in a comparison's forest plot, pixels: two side by side.
const FOREST_PANEL_WIDTH: u32 = 280;

/// A forest plot of a comparison: each metric's mean paired difference with its 95 %
/// interval, a panel and scale per metric, since the metrics' units differ.
pub(in crate::report::html) fn comparison(c: &Comparison, names: &PairNames, index: usize) -> Plot {
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
fn difference_panel(d: &Difference) -> Value {
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

//! The impact map: where threats came down, over the defended assets' footprints, east
//! and north to one scale.

use serde_json::{Value, json};

use super::super::data::{DefendedAsset, Impact};
use super::{FELL_IN_OPEN, IMPACTS, OPEN_GROUND_COLOUR, PALETTE, Plot, WIDTH};

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
pub(in crate::report::html) struct ImpactCoverage {
    /// Runs of each variant in the campaign.
    pub runs: Option<u64>,
    /// The first runs whose impacts are all in the report data.
    pub impacts_runs: Option<u64>,
}

/// Impacts on a latitude-longitude map over the defended assets' footprints.
pub(in crate::report::html) fn impact_map(
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

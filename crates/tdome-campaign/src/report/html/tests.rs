//! The page's promises that hold without a browser: it loads nothing, it carries the
//! report data unchanged whatever the strings in it, and every section either holds a
//! plot or says why not. That the plots draw is checked in a real browser by
//! `scripts/check-report.mjs`.

use serde_json::{Value, json};

use super::*;

/// The contract's example of the report data.
const CONTRACT: &str = include_str!("../../../tests/fixtures/report-data.json");
/// A sweep of four raid sizes with two comparisons: every multi-variant path.
const SWEEP: &str = include_str!("../../../tests/fixtures/report-data-sweep.json");

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("the fixtures are JSON")
}

/// The page less the vendored libraries, which hold URL and markup strings in their code
/// (a tooltip can show an image) that the page never uses.
fn page_without_libraries(page: &str) -> String {
    let mut own = page.to_string();
    for library in [VEGA_JS, VEGA_LITE_JS, VEGA_EMBED_JS] {
        assert!(own.contains(library), "the page inlines every library");
        own = own.replacen(library, "", 1);
    }
    own
}

/// The text of the `<script type="application/json">` element with this id.
fn json_element(page: &str, id: &str) -> Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = page.find(&open).expect("the element is in the page") + open.len();
    let end = start + page[start..].find("</script>").expect("the element closes");
    serde_json::from_str(&page[start..end]).expect("the element holds JSON")
}

/// The plots' specifications by container id.
fn specs(page: &str) -> Vec<(String, Value)> {
    let plots = json_element(page, PLOTS_ELEMENT_ID);
    plots
        .as_array()
        .expect("the plots are a list")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_string(),
                p["spec"].clone(),
            )
        })
        .collect()
}

fn spec<'a>(specs: &'a [(String, Value)], id: &str) -> &'a Value {
    &specs
        .iter()
        .find(|(k, _)| k == id)
        .unwrap_or_else(|| panic!("no plot {id}"))
        .1
}

/// Every mark type named anywhere in a specification.
fn mark_types(spec: &Value, out: &mut Vec<String>) {
    match spec {
        Value::Object(map) => {
            match map.get("mark") {
                Some(Value::String(t)) => out.push(t.clone()),
                Some(Value::Object(m)) => {
                    out.extend(m.get("type").and_then(Value::as_str).map(String::from))
                }
                _ => {}
            }
            map.values().for_each(|v| mark_types(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| mark_types(v, out)),
        _ => {}
    }
}

#[test]
fn the_page_fetches_nothing() {
    for data in [fixture(CONTRACT), fixture(SWEEP)] {
        let page = render(&data);
        let own = page_without_libraries(&page).to_ascii_lowercase();
        for tag in [
            "<link", "<img", "<iframe", "<object", "<embed", "<source", "<base", "<video", "<audio",
        ] {
            assert!(!own.contains(tag), "the page has a {tag} element");
        }
        for (at, _) in own.match_indices("<script") {
            let tag = &own[at..at + own[at..].find('>').expect("a script tag closes")];
            assert!(!tag.contains("src"), "a script element loads a file: {tag}");
        }
        for fetching in ["@import", "url(", "http://", "https://", "//cdn"] {
            assert!(!own.contains(fetching), "the page names {fetching}");
        }
    }
}

#[test]
fn the_vendored_libraries_can_sit_in_a_script_element() {
    // Inside <script>, "</script" ends the element and "<!--" with "<script" changes how
    // the rest is read; the vendored builds must hold neither (the build tools escape
    // them in strings, and a re-vendoring that did not would break every page).
    for library in [VEGA_JS, VEGA_LITE_JS, VEGA_EMBED_JS] {
        let lower = library.to_ascii_lowercase();
        for bad in ["</script", "<!--", "<script"] {
            assert!(!lower.contains(bad), "a vendored library holds {bad}");
        }
        assert!(
            !library.contains("sourceMappingURL"),
            "scripts/vendor-vega strips source maps"
        );
    }
}

#[test]
fn the_footer_names_the_vendored_versions() {
    assert!(VEGA_JS.contains(&format!("version=\"{VEGA_VERSION}\"")));
    assert!(VEGA_LITE_JS.contains(&format!("\"{VEGA_LITE_VERSION}\"")));
    assert!(VEGA_EMBED_JS.contains(&format!("\"{VEGA_EMBED_VERSION}\"")));
}

#[test]
fn the_report_data_round_trips() {
    for data in [fixture(CONTRACT), fixture(SWEEP)] {
        let page = render(&data);
        assert_eq!(json_element(&page, DATA_ELEMENT_ID), data);
    }
}

#[test]
fn markup_in_the_data_stays_data() {
    let mut data = fixture(CONTRACT);
    let hostile = "</script><script>window.owned = 1</script><!-- <script> </SCRIPT";
    data["title"] = json!(hostile);
    data["scenario"] = json!(hostile);
    data["variants"][0]["name"] = json!(hostile);
    data["impacts"][1]["asset"] = json!(hostile);
    data["comparisons"][0]["a"] = json!(hostile);
    let page = render(&data);

    // The page's own script elements, and no more: three libraries, two JSON, one script.
    let lower = page.to_ascii_lowercase();
    assert_eq!(lower.matches("<script").count(), 6);
    assert_eq!(lower.matches("</script").count(), 6);
    assert!(!page.contains("window.owned = 1</script>"));
    assert!(!page.contains("<!--"));
    assert_eq!(json_element(&page, DATA_ELEMENT_ID), data);
    assert!(page.contains("<title>&lt;/script&gt;&lt;script&gt;window.owned = 1"));
}

#[test]
fn every_plot_of_the_contract_example_is_drawn() {
    let page = render(&fixture(CONTRACT));
    let ids: Vec<String> = specs(&page).into_iter().map(|(id, _)| id).collect();
    let expected = [
        "plot-saturation",
        "plot-magazine",
        "plot-cost-exchange",
        "plot-cost-breakdown",
        "plot-leakers",
        "plot-impacts",
        "plot-timeline",
        "plot-comparison-0",
    ];
    assert_eq!(ids, expected);
    for id in expected {
        assert!(
            page.contains(&format!("<div class=\"plot\" id=\"{id}\"")),
            "no container {id}"
        );
    }
    assert!(!page.contains("class=\"empty\""));
    // The header.
    for text in [
        "tdome campaign — taiwan-notional",
        "All parameters are notional, from public reporting",
        "sha256:3f1c0d9a…",
        "20251010",
        "<dd>0.1.0</dd>",
        "<dd>200</dd>",
    ] {
        assert!(page.contains(text), "the header lacks {text}");
    }
    // The variants table: mean [lo, hi] in each metric's unit.
    for (mean, interval) in [
        ("8.1", "7.6, 8.6"),
        ("$300M", "$290M, $310M"),
        ("98%", "95%, 99%"),
    ] {
        let cell = format!("<td>{mean}<span class=\"ci\">[{interval}]</span></td>");
        assert!(page.contains(&cell), "the table lacks {cell}");
    }
    // The comparison's table.
    assert!(page.contains("<td>-$60M [-$65M, -$55M]</td><td>B lower</td>"));
}

#[test]
fn one_variant_gets_error_bars_and_a_sweep_gets_curves() {
    let single = specs(&render(&fixture(CONTRACT)));
    let mut marks = Vec::new();
    mark_types(spec(&single, "plot-saturation"), &mut marks);
    assert!(marks.contains(&"rule".to_string()) && !marks.contains(&"area".to_string()));

    let sweep = specs(&render(&fixture(SWEEP)));
    let mut marks = Vec::new();
    mark_types(spec(&sweep, "plot-saturation"), &mut marks);
    assert!(marks.contains(&"area".to_string()) && marks.contains(&"line".to_string()));
    assert_eq!(
        spec(&sweep, "plot-saturation")["encoding"]["x"]["field"],
        "raid_size"
    );
    // Several variants' impacts: one at a time, chosen from a list.
    let map = spec(&sweep, "plot-impacts");
    assert_eq!(map["params"][0]["bind"]["input"], "select");
    // Two comparisons, two forest plots, each a chart per metric.
    let forest = spec(&sweep, "plot-comparison-1");
    assert_eq!(forest["vconcat"].as_array().map(Vec::len), Some(4));
}

#[test]
fn variants_of_one_raid_size_are_not_joined_into_a_curve() {
    let mut data = fixture(SWEEP);
    for v in data["variants"].as_array_mut().expect("variants") {
        v["raid_size_mean"] = json!(126.0);
    }
    let specs = specs(&render(&data));
    let saturation = spec(&specs, "plot-saturation");
    assert_eq!(saturation["encoding"]["x"]["field"], "variant_label");
    let mut marks = Vec::new();
    mark_types(saturation, &mut marks);
    assert!(!marks.contains(&"line".to_string()));
}

#[test]
fn empty_sections_say_so() {
    let mut data = fixture(CONTRACT);
    data["impacts"] = json!([]);
    data["timeline"] = Value::Null;
    data["comparisons"] = json!([]);
    data["variants"][0]["by_layer"] = json!([]);
    data["variants"][0]["by_interceptor"] = json!([]);
    data["variants"][0]["leaker_histogram"] = json!([]);
    let page = render(&data);
    let ids: Vec<String> = specs(&page).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["plot-saturation", "plot-cost-exchange"]);
    for why in [
        "The campaign recorded no impacts.",
        "The report carries no timeline of a replication.",
        "This campaign compares no variants",
        "No variant reports interceptors fired by layer.",
        "No variant reports its cost by interceptor type.",
        "No variant reports its leaker histogram.",
    ] {
        assert!(page.contains(why), "the page does not say: {why}");
    }
    for id in [
        "plot-impacts",
        "plot-timeline",
        "plot-magazine",
        "plot-comparison-0",
    ] {
        assert!(
            !page.contains(&format!("id=\"{id}\"")),
            "an empty {id} has a container"
        );
    }
}

#[test]
fn the_impact_map_keeps_east_and_north_to_one_scale() {
    let mut data = fixture(CONTRACT);
    // Far north, where a degree of longitude is half a degree of latitude.
    data["impacts"] = json!([
        {"variant": "v", "run": 0, "lat_deg": 59.5, "lon_deg": 10.0, "threat_type": "t", "asset": null},
        {"variant": "v", "run": 0, "lat_deg": 60.5, "lon_deg": 12.0, "threat_type": "t", "asset": null},
    ]);
    data["assets"] = json!([]);
    let specs = specs(&render(&data));
    let map = spec(&specs, "plot-impacts");
    let x = &map["layer"][0]["encoding"]["x"]["scale"]["domain"];
    let y = &map["layer"][0]["encoding"]["y"]["scale"]["domain"];
    let span = |d: &Value| d[1].as_f64().unwrap_or(0.0) - d[0].as_f64().unwrap_or(0.0);
    let mid_lat = (y[0].as_f64().unwrap_or(0.0) + y[1].as_f64().unwrap_or(0.0)) / 2.0;
    let east_over_north = span(x) * mid_lat.to_radians().cos() / span(y);
    let width_over_height =
        map["width"].as_f64().unwrap_or(0.0) / map["height"].as_f64().unwrap_or(1.0);
    assert!(
        (east_over_north / width_over_height - 1.0).abs() < 0.01,
        "ground {east_over_north}, page {width_over_height}"
    );
}

#[test]
fn report_data_the_page_cannot_read_still_gives_a_page() {
    let data = json!({"format_version": 1, "variants": "not a list"});
    let page = render(&data);
    assert!(page.contains("cannot read the report data"));
    assert!(page.contains("Notional"));
    assert_eq!(json_element(&page, DATA_ELEMENT_ID), data);
    assert_eq!(json_element(&page, PLOTS_ELEMENT_ID), json!([]));
}

#[test]
fn another_format_version_is_flagged() {
    let mut data = fixture(CONTRACT);
    data["format_version"] = json!(2);
    assert!(render(&data).contains("format version 2; this page reads version 1"));
}

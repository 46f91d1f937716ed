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
/// tdome's own report data of a sweep of raid size crossed with a paired comparison:
/// 8 variants in 4 points of 2 arms, 4 comparisons, with point and arm labels.
const REAL: &str = include_str!("../../../tests/fixtures/report-data-real-minimal.json");

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
    for data in [fixture(CONTRACT), fixture(SWEEP), fixture(REAL)] {
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
    for data in [fixture(CONTRACT), fixture(SWEEP), fixture(REAL)] {
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
    assert_eq!(forest["concat"].as_array().map(Vec::len), Some(4));
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

#[test]
fn a_sweep_crossed_with_a_comparison_draws_a_curve_per_arm() {
    let page = render(&fixture(REAL));
    let specs = specs(&page);
    let arms = json!(["raid.grad.cep_m=30 (reference)", "raid.grad.cep_m=300"]);
    for id in ["plot-saturation", "plot-magazine"] {
        let s = spec(&specs, id);
        // A panel per metric or layer, a colour per arm, raid size along x.
        assert_eq!(s["facet"]["field"], "series", "{id}");
        assert_eq!(s["spec"]["encoding"]["x"]["field"], "raid_size", "{id}");
        assert_eq!(s["spec"]["encoding"]["color"]["field"], "arm", "{id}");
        assert_eq!(
            s["spec"]["encoding"]["color"]["scale"]["domain"], arms,
            "{id}"
        );
        let mut marks = Vec::new();
        mark_types(s, &mut marks);
        assert!(marks.contains(&"area".to_string()) && marks.contains(&"line".to_string()));
        // Every variant, once per metric or layer, at its own raid size.
        let rows = s["data"]["values"].as_array().expect("rows");
        assert!(rows.iter().all(|r| r["raid_size"].is_number()));
    }
    let saturation = spec(&specs, "plot-saturation");
    assert_eq!(
        saturation["data"]["values"].as_array().map(Vec::len),
        Some(16)
    );
    // Nothing below zero: a count's interval is cut at zero where a few runs reach past.
    assert!(
        saturation["data"]["values"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["lo"].as_f64().is_some_and(|lo| lo >= 0.0))
    );
    assert_eq!(
        spec(&specs, "plot-cost-exchange")["layer"][2]["layer"][0]["mark"]["type"],
        "line"
    );
    let ids: Vec<&str> = specs.iter().map(|(id, _)| id.as_str()).collect();
    for k in 0..4 {
        assert!(ids.contains(&format!("plot-comparison-{k}").as_str()));
    }
    // The comparisons are named by the point they share and their arms.
    assert!(
        page.contains("<h3>raid.grad.count=4: raid.grad.cep_m=30 against raid.grad.cep_m=300</h3>")
    );
}

#[test]
fn the_variants_table_gives_each_setting_a_column() {
    let page = render(&fixture(REAL));
    let table = &page[page.find("<table class=\"variants\">").expect("the table")..];
    let table = &table[..table.find("</table>").expect("the table closes")];
    for header in [
        "<th class=\"setting path\">raid.<wbr>grad.<wbr>count</th>",
        "<th class=\"setting path\">raid.<wbr>grad.<wbr>cep_m</th>",
    ] {
        assert!(table.contains(header), "no {header}");
    }
    // A point spans the rows of its two arms; the reference arm says so.
    assert_eq!(
        table
            .matches("<td class=\"setting\" rowspan=\"2\">")
            .count(),
        4
    );
    assert_eq!(
        table
            .matches("<span class=\"unit\">reference</span>")
            .count(),
        4
    );
    assert_eq!(table.matches("<tr").count(), 9);
    assert!(!table.contains("raid.grad.count=2 raid.grad.cep_m"));

    // Without point and arm labels, names that are settings still read as columns...
    let page = render(&fixture(SWEEP));
    assert!(
        page.contains("<th class=\"setting path\">raid.<wbr>drones-sea-northeast.<wbr>count</th>")
    );
    assert!(page.contains("<td class=\"setting\">10</td>"));
    // ...and other names as one column.
    let mut data = fixture(SWEEP);
    data["variants"][0]["name"] = json!("base");
    let page = render(&data);
    assert!(page.contains("<th class=\"setting\">Variant</th>"));
    assert!(
        page.contains("<td class=\"setting\">raid.<wbr>drones-sea-northeast.<wbr>count=30</td>")
    );
}

#[test]
fn several_variants_leakers_read_as_a_heat_map() {
    let specs = specs(&render(&fixture(REAL)));
    let heat = spec(&specs, "plot-leakers");
    // A panel per arm, a row per point, every leaker count from none to the most.
    assert_eq!(heat["facet"]["column"]["field"], "arm");
    assert_eq!(heat["spec"]["height"]["step"], 26);
    let layer = &heat["spec"]["layer"][0];
    assert_eq!(layer["mark"]["type"], "rect");
    assert_eq!(layer["encoding"]["y"]["field"], "row");
    assert_eq!(layer["encoding"]["color"]["field"], "share");
    let rows = heat["data"]["values"].as_array().expect("rows");
    assert_eq!(rows.len(), 8 * 7, "8 variants, 0 to 6 leakers");
    let runs: u64 = rows.iter().filter_map(|r| r["runs"].as_u64()).sum();
    assert_eq!(runs, 8 * 30);
    assert!(rows.iter().all(|r| {
        r["row"]
            .as_str()
            .is_some_and(|r| r.starts_with("raid.grad.count="))
    }));

    // One variant keeps its histogram.
    let single = specs_of(CONTRACT, "plot-leakers");
    assert_eq!(single["layer"][0]["encoding"]["y"]["field"], "share");
}

fn specs_of(data: &str, id: &str) -> Value {
    spec(&specs(&render(&fixture(data))), id).clone()
}

#[test]
fn the_impact_map_says_which_runs_it_holds() {
    let page = render(&fixture(REAL));
    assert!(page.contains("came down in all 30 runs (453 impacts over 8 variants)"));
    let mut data = fixture(REAL);
    data["impacts_runs"] = json!(12);
    let page = render(&data);
    assert!(page.contains("came down in the first 12 of 30 runs"));
    assert!(page.contains("the impacts of the first runs only"));
}

#[test]
fn comparisons_whose_runs_never_differ_get_a_readable_scale() {
    let specs = specs(&render(&fixture(REAL)));
    // At two threats the arms hit and leak alike in every paired run.
    let forest = spec(&specs, "plot-comparison-0");
    let leakers = &forest["concat"][0];
    let x = &leakers["layer"][2]["encoding"]["x"];
    let domain = x["scale"]["domain"]
        .as_array()
        .expect("a domain of its own");
    assert!(domain[0].as_f64() < Some(0.0) && domain[1].as_f64() > Some(0.0));
    assert_eq!(x["axis"]["values"].as_array().map(Vec::len), Some(3));
    let mut marks = Vec::new();
    mark_types(leakers, &mut marks);
    assert!(marks.contains(&"text".to_string()));
    // A difference with width keeps the scale the data gives.
    let fired = &forest["concat"][3];
    assert!(fired["layer"][2]["encoding"]["x"]["scale"]["domain"].is_null());
}

#[test]
fn variant_labels_fit_their_bands() {
    // Every raid size alike: the points of the sweep are named along x.
    let mut data = fixture(REAL);
    for v in data["variants"].as_array_mut().expect("variants") {
        v["raid_size_mean"] = json!(100.0);
    }
    let specs = specs(&render(&data));
    let saturation = spec(&specs, "plot-saturation");
    let x = &saturation["spec"]["encoding"]["x"];
    assert_eq!(x["field"], "variant_label");
    assert_eq!(x["title"], "Sweep point (100 threats each)");
    let panel = saturation["spec"]["width"].as_f64().expect("a panel width");
    for row in saturation["data"]["values"].as_array().expect("rows") {
        let label = row["variant_label"].as_str().expect("a label");
        for line in label.split('\n') {
            let px = line.chars().count() as f64 * 7.0;
            assert!(px <= panel / 4.0, "{line:?} is wider than its band");
        }
    }
}

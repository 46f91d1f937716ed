//! The page of `tdome report`: one self-contained HTML file of a campaign's results.
//!
//! The page is read where there may be no network (a briefing room, an air-gapped
//! enclave), so it loads nothing: the Vega, Vega-Lite and vega-embed builds are inlined
//! (vendored under `assets/`, see `assets/README.md`), and so are the report data and
//! every plot's specification. The header, the variants' numbers and the comparisons'
//! numbers are plain HTML tables that read without JavaScript; the plots need it.
//!
//! The report data is carried whole, as JSON in the element with the id
//! [`DATA_ELEMENT_ID`], so the page is also the data: anyone can take the numbers back
//! out of it. A headless browser checks that the page draws (`scripts/check-report.mjs`):
//! the page sets `window.tdomeReportReady` once every plot is drawn and lists what went
//! wrong in `window.tdomeReportErrors`.

mod data;
mod design;
mod format;
mod plots;

use std::fmt::Write;

use serde::Deserialize;
use serde_json::{Value, json};

use data::{Comparison, Estimate, FORMAT_VERSION, ReportData, Variant};
use design::{Design, PairNames};
use format::{Unit, escape_html, metric_label, metric_order, proportion, significant};
use plots::{Plot, PlotBody};

/// The id of the `<script type="application/json">` element that holds the report data.
pub const DATA_ELEMENT_ID: &str = "tdome-report-data";
/// The id of the `<script type="application/json">` element that holds the plots'
/// Vega-Lite specifications.
pub const PLOTS_ELEMENT_ID: &str = "tdome-report-plots";

/// The vendored browser builds, inlined into every page (`assets/README.md`).
const VEGA_JS: &str = include_str!("../../assets/vega.min.js");
const VEGA_LITE_JS: &str = include_str!("../../assets/vega-lite.min.js");
const VEGA_EMBED_JS: &str = include_str!("../../assets/vega-embed.min.js");
/// Their versions, as the page's footer credits them (a test checks them against the
/// builds).
const VEGA_VERSION: &str = "6.4.0";
const VEGA_LITE_VERSION: &str = "6.5.0";
const VEGA_EMBED_VERSION: &str = "7.3.0";

const PAGE_CSS: &str = include_str!("html/page.css");
/// Draws the plots from the specifications and tells a waiting browser when it is done.
const PAGE_JS: &str = include_str!("html/page.js");

/// What the page says when the report data does not name its notice.
const DEFAULT_NOTICE: &str =
    "All parameters are notional; no figure is a real system's performance.";

/// The complete HTML page of a campaign's report data (the JSON document that `tdome mc`
/// writes; shape: `tests/fixtures/report-data.json`).
///
/// Never fails: report data the page cannot read (another format version, a field of the
/// wrong type) gives a page that says what is wrong and still carries the data.
pub fn render(data: &Value) -> String {
    let mut page =
        String::with_capacity(VEGA_JS.len() + VEGA_LITE_JS.len() + VEGA_EMBED_JS.len() + 64 * 1024);
    let plots = match ReportData::deserialize(data) {
        Ok(report) => {
            let plots = report_plots(&report);
            head(&mut page, &report.title);
            body(&mut page, &report, &plots);
            plots
        }
        Err(e) => {
            head(&mut page, "tdome campaign report");
            unreadable(&mut page, data, &e.to_string());
            Vec::new()
        }
    };
    scripts(&mut page, data, &plots);
    page.push_str("</body>\n</html>\n");
    page
}

/// Every plot of the page, in page order, comparisons last.
fn report_plots(report: &ReportData) -> Vec<Plot> {
    let variants = &report.variants;
    let design = Design::of(variants);
    let coverage = plots::ImpactCoverage {
        runs: report.runs,
        impacts_runs: report.impacts_runs,
    };
    let mut plots = vec![
        plots::saturation(variants, &design),
        plots::magazine_depletion(variants, &design),
        plots::cost_exchange(variants, &design),
        plots::cost_breakdown(variants),
        plots::leaker_distribution(variants, &design),
        plots::impact_map(&report.impacts, &report.assets, coverage),
        plots::timeline(report.timeline.as_ref()),
    ];
    plots.extend(
        report
            .comparisons
            .iter()
            .enumerate()
            .map(|(k, c)| plots::comparison(c, &PairNames::of(&c.a, &c.b, variants), k)),
    );
    plots
}

fn head(page: &mut String, title: &str) {
    let title = if title.is_empty() {
        "tdome campaign report"
    } else {
        title
    };
    // Writing into a String cannot fail, here and below.
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"tdome report\">\n\
         <title>{}</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n",
        escape_html(title)
    );
}

fn body(page: &mut String, report: &ReportData, plots: &[Plot]) {
    page.push_str("<div class=\"page\">\n");
    header(page, report);
    contents(page, plots, !report.comparisons.is_empty());
    page.push_str("<main>\n");
    variants_table(page, &report.variants, report.compare.as_deref());
    let (comparisons, others): (Vec<&Plot>, Vec<&Plot>) = plots
        .iter()
        .partition(|p| p.id.starts_with("plot-comparison-"));
    for plot in others {
        plot_section(page, plot);
    }
    comparisons_section(page, &report.comparisons, &report.variants, &comparisons);
    page.push_str("</main>\n");
    footer(page, &report.tdome_version);
    page.push_str("</div>\n");
}

/// Title, the notional notice, and what the campaign was: scenario, hash, version,
/// seed, runs.
fn header(page: &mut String, report: &ReportData) {
    let title = if report.title.is_empty() {
        "tdome campaign report"
    } else {
        &report.title
    };
    let notice = if report.notional_notice.is_empty() {
        DEFAULT_NOTICE
    } else {
        &report.notional_notice
    };
    let _ = write!(
        page,
        "<header>\n<h1>{}</h1>\n<p class=\"notional\" role=\"note\"><strong>Notional</strong>{}</p>\n",
        escape_html(title),
        escape_html(notice)
    );
    if let Some(v) = report.format_version.filter(|v| *v != FORMAT_VERSION) {
        let _ = writeln!(
            page,
            "<p class=\"warning\">This report data is format version {v}; this page reads \
             version {FORMAT_VERSION} and may leave parts out.</p>"
        );
    }
    let runs: u64 = report.variants.iter().map(|v| v.runs).sum();
    let runs_text = match report.variants.as_slice() {
        [] => "none".to_string(),
        [only] => only.runs.to_string(),
        [first, rest @ ..] if rest.iter().all(|v| v.runs == first.runs) => format!(
            "{runs} ({} per variant, {} variants)",
            first.runs,
            report.variants.len()
        ),
        _ => format!("{runs} over {} variants", report.variants.len()),
    };
    let seed = report
        .root_seed
        .map_or("not recorded".to_string(), |s| s.to_string());
    let facts = [
        ("Scenario", report.scenario.as_str()),
        ("Scenario hash", report.scenario_hash.as_str()),
        ("tdome version", report.tdome_version.as_str()),
        ("Root seed", seed.as_str()),
        ("Runs", runs_text.as_str()),
    ];
    page.push_str("<dl class=\"facts\">\n");
    for (name, value) in facts {
        let value = if value.is_empty() { "—" } else { value };
        let _ = writeln!(page, "<dt>{name}</dt><dd>{}</dd>", escape_html(value));
    }
    page.push_str("</dl>\n</header>\n");
}

/// Links to the sections, so a long page is quick to move about.
fn contents(page: &mut String, plots: &[Plot], has_comparisons: bool) {
    page.push_str(
        "<nav aria-label=\"Contents\"><ul>\n<li><a href=\"#variants\">Variants</a></li>\n",
    );
    for plot in plots
        .iter()
        .filter(|p| !p.id.starts_with("plot-comparison-"))
    {
        let _ = writeln!(
            page,
            "<li><a href=\"#section-{}\">{}</a></li>",
            plot.id,
            escape_html(short_heading(&plot.heading))
        );
    }
    let label = if has_comparisons {
        "Comparisons"
    } else {
        "Comparisons (none)"
    };
    let _ = writeln!(
        page,
        "<li><a href=\"#comparisons\">{label}</a></li>\n</ul></nav>"
    );
}

/// A heading's first words, before its colon: "Saturation", "Cost exchange".
fn short_heading(heading: &str) -> &str {
    heading.split(':').next().unwrap_or(heading)
}

/// Every variant's metrics as mean [95 % CI], a row per variant.
fn variants_table(page: &mut String, variants: &[Variant], compare: Option<&str>) {
    page.push_str("<section id=\"variants\">\n<h2>Variants</h2>\n");
    if variants.is_empty() {
        page.push_str("<p class=\"empty\">The report data holds no variant.</p>\n</section>\n");
        return;
    }
    let identity = Identity::of(variants, compare);
    page.push_str(
        "<p class=\"how\">One row per variant: each metric's mean per run, with its 95 % \
         confidence interval in brackets below.</p>\n<div class=\"table-wrap\"><table \
         class=\"variants\">\n<thead><tr>",
    );
    for (header, is_path) in identity.headers() {
        let class = if is_path { "setting path" } else { "setting" };
        let _ = write!(page, "<th class=\"{class}\">{header}</th>");
    }
    page.push_str(
        "<th>Raid size<span class=\"unit\">threats, mean</span></th><th>Runs</th><th>Any \
         leaker<span class=\"unit\">share of runs</span></th>",
    );
    let keys = metric_order(
        variants
            .iter()
            .flat_map(|v| v.metrics.keys().map(String::as_str)),
    );
    for key in &keys {
        let label = metric_label(key);
        let _ = write!(
            page,
            "<th>{}<span class=\"unit\">{}</span></th>",
            escape_html(&label.name),
            label.unit.axis_suffix()
        );
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for (i, v) in variants.iter().enumerate() {
        // A variant whose stopping rule was not met is flagged where its runs are.
        let converged = match v.converged {
            Some(false) => "<span class=\"no\">not converged</span>",
            _ => "",
        };
        let class = if identity.spans() && identity.starts_group(i) && i > 0 {
            " class=\"group\""
        } else {
            ""
        };
        let _ = write!(page, "<tr{class}>");
        identity.cells(page, i);
        let _ = write!(
            page,
            "<td>{}</td><td>{}{converged}</td><td>{}</td>",
            v.raid_size_mean.map_or("—".to_string(), significant),
            v.runs,
            v.p_any_leaker
                .as_ref()
                .map_or("—".to_string(), proportion_cell),
        );
        for key in &keys {
            let cell = v.metric(key).map_or("—".to_string(), |e| {
                estimate_cell(e, metric_label(key).unit)
            });
            let _ = write!(page, "<td>{cell}</td>");
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></div>\n</section>\n");
}

/// The columns that say which variant a row is. A sweep's settings get a column each,
/// headed by their path and holding their values (`raid.grad.count` | `4`), and so does
/// the compared setting or scenario, so that long variant names read as a grid; the
/// settings of a sweep point span the rows of its arms. Variants whose labels are not
/// settings (`base`, older report data) get one column of names.
struct Identity {
    /// Headers, escaped, each with whether it is a setting's path.
    point_headers: Vec<(String, bool)>,
    /// Each variant's point cells, escaped.
    point_cells: Vec<Vec<String>>,
    /// Each variant's point, to span the rows of one point.
    points: Vec<String>,
    arm_header: Option<(String, bool)>,
    /// Each variant's arm cell, escaped.
    arm_cells: Vec<String>,
}

impl Identity {
    fn of(variants: &[Variant], compare: Option<&str>) -> Identity {
        let design = Design::of(variants);
        let points: Vec<String> = variants
            .iter()
            .map(|v| design::point_label(v).to_string())
            .collect();
        let (arm_header, arm_cells) = if design.compared() {
            let labels: Vec<&str> = variants
                .iter()
                .map(|v| design::arm_label(v).unwrap_or_default())
                .collect();
            let (header, values): ((String, bool), Vec<String>) = match setting_columns(&labels) {
                Some((paths, values)) if paths.len() == 1 => (
                    (breakable_name(&paths[0]), true),
                    values.into_iter().map(|mut v| v.remove(0)).collect(),
                ),
                _ if compare.is_some_and(|c| c.starts_with("scenario=")) => (
                    ("Scenario".to_string(), false),
                    labels.iter().map(|l| breakable_name(l)).collect(),
                ),
                _ => (
                    ("Compared".to_string(), false),
                    labels.iter().map(|l| breakable_name(l)).collect(),
                ),
            };
            let cells = variants
                .iter()
                .zip(values)
                .map(|(v, value)| {
                    if design::arm_index(v) == 0 {
                        format!("{value}<span class=\"unit\">reference</span>")
                    } else {
                        value
                    }
                })
                .collect();
            (Some(header), cells)
        } else {
            (None, Vec::new())
        };
        let labels: Vec<&str> = points.iter().map(String::as_str).collect();
        let one_point = design.point_count() == 1 && points[0] == "base";
        let (point_headers, point_cells) = match setting_columns(&labels) {
            Some((paths, values)) => (
                paths.iter().map(|p| (breakable_name(p), true)).collect(),
                values,
            ),
            None if one_point && arm_header.is_some() => {
                (Vec::new(), vec![Vec::new(); variants.len()])
            }
            None => {
                let header = if arm_header.is_some() {
                    "Sweep point"
                } else {
                    "Variant"
                };
                let names = variants.iter().map(|v| {
                    let name = if arm_header.is_some() {
                        design::point_label(v)
                    } else {
                        &v.name
                    };
                    vec![breakable_name(name)]
                });
                (vec![(header.to_string(), false)], names.collect())
            }
        };
        Identity {
            point_headers,
            point_cells,
            points,
            arm_header,
            arm_cells,
        }
    }

    /// The headers, each with whether it is a setting's path (set as code) or words.
    fn headers(&self) -> impl Iterator<Item = (&String, bool)> {
        self.point_headers
            .iter()
            .chain(&self.arm_header)
            .map(|(h, is_path)| (h, *is_path))
    }

    /// Whether a sweep point's settings span the rows of its arms.
    fn spans(&self) -> bool {
        self.arm_header.is_some()
    }

    /// Whether row `i` is the first of its sweep point.
    fn starts_group(&self, i: usize) -> bool {
        i == 0 || self.points[i] != self.points[i - 1]
    }

    /// Row `i`'s identity cells: its point's settings on the first row of the point,
    /// spanning the point's rows when the arms are columns, and its arm.
    fn cells(&self, page: &mut String, i: usize) {
        let spans = self.spans();
        if !spans || self.starts_group(i) {
            let rows = if spans {
                self.points[i..]
                    .iter()
                    .take_while(|p| **p == self.points[i])
                    .count()
            } else {
                1
            };
            let rowspan = if rows > 1 {
                format!(" rowspan=\"{rows}\"")
            } else {
                String::new()
            };
            for cell in &self.point_cells[i] {
                let _ = write!(page, "<td class=\"setting\"{rowspan}>{cell}</td>");
            }
        }
        if let Some(cell) = self.arm_cells.get(i) {
            let _ = write!(page, "<td class=\"setting\">{cell}</td>");
        }
    }
}

/// Labels made of the same settings in the same order: the settings' paths, escaped,
/// and each label's values, escaped; none when a label is not such.
fn setting_columns(labels: &[&str]) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let parsed: Vec<Vec<design::Setting>> = labels
        .iter()
        .map(|l| design::settings(l))
        .collect::<Option<_>>()?;
    let paths: Vec<&str> = parsed.first()?.iter().map(|s| s.path).collect();
    let same = parsed
        .iter()
        .all(|p| p.iter().map(|s| s.path).eq(paths.iter().copied()));
    if !same {
        return None;
    }
    let values = parsed
        .iter()
        .map(|p| p.iter().map(|s| breakable_name(s.value)).collect())
        .collect();
    Some((paths.into_iter().map(String::from).collect(), values))
}

/// A variant's name, escaped, that may wrap after its dots: sweep names are dotted paths
/// (`raid.drones-sea-northeast.count=50`) too long for one line of a table.
fn breakable_name(name: &str) -> String {
    escape_html(name).replace('.', ".<wbr>")
}

/// A table cell's estimate: the mean, and its interval on a line of its own.
fn estimate_cell(e: &Estimate, unit: Unit) -> String {
    match (e.lo, e.hi) {
        (Some(lo), Some(hi)) => format!(
            "{}<span class=\"ci\">[{}, {}]</span>",
            unit.format(e.mean),
            unit.format(lo),
            unit.format(hi)
        ),
        _ => unit.format(e.mean),
    }
}

/// A table cell's proportion, as [`estimate_cell`] lays it out.
fn proportion_cell(p: &data::Proportion) -> String {
    let text = proportion(p);
    match text.split_once(' ') {
        Some((p, interval)) => format!("{p}<span class=\"ci\">{interval}</span>"),
        None => text,
    }
}

/// A plot's section: heading, how to read it, and its container, or why it is empty.
fn plot_section(page: &mut String, plot: &Plot) {
    let _ = writeln!(
        page,
        "<section id=\"section-{id}\">\n<h2>{}</h2>",
        escape_html(&plot.heading),
        id = plot.id
    );
    plot_body(page, plot);
    page.push_str("</section>\n");
}

fn plot_body(page: &mut String, plot: &Plot) {
    match &plot.body {
        PlotBody::Drawn { .. } => {
            let _ = writeln!(
                page,
                "<p class=\"how\">{}</p>\n<div class=\"plot\" id=\"{}\" data-plot role=\"img\" \
                 aria-label=\"{}\"></div>",
                escape_html(&plot.how_to_read),
                plot.id,
                escape_html(&plot.heading)
            );
        }
        PlotBody::Empty(why) => {
            let _ = writeln!(page, "<p class=\"empty\">{}</p>", escape_html(why));
        }
    }
}

/// The paired comparisons: a forest plot and a table of numbers each.
fn comparisons_section(
    page: &mut String,
    comparisons: &[Comparison],
    variants: &[Variant],
    plots: &[&Plot],
) {
    page.push_str("<section id=\"comparisons\">\n<h2>Paired comparisons</h2>\n");
    if comparisons.is_empty() {
        page.push_str(
            "<p class=\"empty\">This campaign compares no variants: a comparison needs two \
             variants run on the same seeds.</p>\n</section>\n",
        );
        return;
    }
    for (c, plot) in comparisons.iter().zip(plots) {
        let _ = writeln!(page, "<h3>{}</h3>", escape_html(&plot.heading));
        plot_body(page, plot);
        comparison_table(page, c, &PairNames::of(&c.a, &c.b, variants));
    }
    page.push_str("</section>\n");
}

fn comparison_table(page: &mut String, c: &Comparison, names: &PairNames) {
    if c.differences.is_empty() {
        return;
    }
    let _ = write!(
        page,
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>Metric</th><th>Mean A<span \
         class=\"unit\">{}</span></th><th>Mean B<span class=\"unit\">{}</span></th>\
         <th>B − A [95% CI]</th><th>Reading</th></tr></thead>\n<tbody>\n",
        breakable_name(&names.a),
        breakable_name(&names.b)
    );
    for d in &c.differences {
        let label = metric_label(&d.metric);
        let reading = if d.hi < 0.0 {
            "B lower"
        } else if d.lo > 0.0 {
            "B higher"
        } else {
            "no clear difference"
        };
        let _ = writeln!(
            page,
            "<tr><td>{} <span class=\"unit\">{}</span></td><td>{}</td><td>{}</td>\
             <td>{} [{}, {}]</td><td>{reading}</td></tr>",
            escape_html(&label.name),
            label.unit.axis_suffix(),
            label.unit.format(d.a_mean),
            label.unit.format(d.b_mean),
            label.unit.format(d.mean_diff),
            label.unit.format(d.lo),
            label.unit.format(d.hi),
        );
    }
    page.push_str("</tbody></table></div>\n");
}

fn footer(page: &mut String, tdome_version: &str) {
    let version = if tdome_version.is_empty() {
        String::new()
    } else {
        format!(" {}", escape_html(tdome_version))
    };
    let _ = writeln!(
        page,
        "<footer>Written by tdome{version}. The report data is inside this file, as JSON in \
         the element <code>#{DATA_ELEMENT_ID}</code>. Plots drawn offline by Vega \
         {VEGA_VERSION}, Vega-Lite {VEGA_LITE_VERSION} and vega-embed {VEGA_EMBED_VERSION} \
         (BSD-3-Clause), carried in this file.</footer>"
    );
}

/// The page for report data it cannot read: what is wrong, and the data kept.
fn unreadable(page: &mut String, data: &Value, error: &str) {
    let version = data
        .get("format_version")
        .map_or("none".to_string(), Value::to_string);
    let _ = writeln!(
        page,
        "<div class=\"page\">\n<h1>tdome campaign report</h1>\n<p class=\"notional\" \
         role=\"note\"><strong>Notional</strong>{DEFAULT_NOTICE}</p>\n<p class=\"warning\">This \
         page cannot read the report data (format version {}; it reads version \
         {FORMAT_VERSION}): {}. The data is still in this file, in the element \
         <code>#{DATA_ELEMENT_ID}</code>.</p>\n</div>",
        escape_html(&version),
        escape_html(error)
    );
}

/// The libraries, the report data, the plots' specifications and the script that draws
/// them.
fn scripts(page: &mut String, data: &Value, plots: &[Plot]) {
    page.push_str("<noscript><p class=\"page\">The plots need JavaScript; the tables read without it.</p></noscript>\n");
    for library in [VEGA_JS, VEGA_LITE_JS, VEGA_EMBED_JS] {
        let _ = writeln!(page, "<script>{library}</script>");
    }
    let specs: Vec<Value> = plots
        .iter()
        .filter_map(|p| match &p.body {
            PlotBody::Drawn { spec, tables } => {
                let mut spec = spec.clone();
                spec["config"] = plots::config();
                spec["background"] = json!("white");
                Some(json!({"id": p.id, "spec": spec, "tables": tables}))
            }
            PlotBody::Empty(_) => None,
        })
        .collect();
    let _ = writeln!(
        page,
        "<script type=\"application/json\" id=\"{DATA_ELEMENT_ID}\">{}</script>",
        script_json(data)
    );
    let _ = writeln!(
        page,
        "<script type=\"application/json\" id=\"{PLOTS_ELEMENT_ID}\">{}</script>",
        script_json(&Value::Array(specs))
    );
    let _ = writeln!(page, "<script>\n{PAGE_JS}</script>");
}

/// JSON text that cannot end or change the `<script>` element it sits in. A `<` can
/// only be inside a JSON string, where `\u003c` is the same character, so a string
/// holding `</script>` or `<!--` reads back unchanged but closes nothing.
fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests;

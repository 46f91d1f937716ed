//! `radars.toml` → [`RadarType`]s. A type's figures are checked by the sensor's own
//! checks ([`check_figures`]), each where the type gives it, so that a type accepts
//! exactly what a sensor does and its mistakes are reported in `radars.toml`.

use std::sync::Arc;

use crate::check::{Checker, NameTable};
use crate::diagnostic::{Diagnostic, sort_in_file_order};
use crate::document::{Document, Loc};
use crate::file::radars::{RadarEntry, RadarFigures};
use crate::model::RadarType;

use super::sensor::check_figures;

/// Check and resolve `radars.toml`, reporting every problem in it.
pub(crate) fn resolve(doc: &Document<'_>) -> Result<Vec<Arc<RadarType>>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    doc.check_top_level(&["radar"], &mut out);
    let elements = doc.elements::<RadarEntry>("radar", &mut out);
    let resolved: Vec<Option<Arc<RadarType>>> = {
        let mut c = Checker::new(doc, &mut out);
        let mut names = NameTable::new("radar");
        elements
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if let Some(name) = &e.name {
                    names.add(&mut c, i, name, &e.loc.key("name"));
                }
                radar(&mut c, &e.loc, e.value.as_ref()?).map(Arc::new)
            })
            .collect()
    };
    sort_in_file_order(&mut out);
    match resolved.into_iter().collect::<Option<Vec<_>>>() {
        Some(radars) if out.is_empty() => Ok(radars),
        _ => Err(out),
    }
}

/// One type; `None` when any of its figures is wrong (and reported).
fn radar(c: &mut Checker<'_, '_>, loc: &Loc, e: &RadarEntry) -> Option<RadarType> {
    let figures = RadarFigures {
        scan_period_s: e.scan_period_s,
        pd: e.pd,
        detection: e.detection,
        false_alarms_per_scan: e.false_alarms_per_scan,
        coverage: e.coverage.unwrap_or_default(),
        noise: e.noise.unwrap_or_default(),
        latency_s: e.latency_s,
    };
    let reported = c.out.len();
    // Only the diagnostics matter here: the figures stay as written, to be merged with
    // each sensor's own and checked again, whole, there.
    let _ = check_figures(c, loc, "radar", &figures);
    (c.out.len() == reported).then(|| RadarType {
        name: e.name.clone(),
        role: e.role.clone(),
        band: e.band.clone(),
        figures,
        source: e.source.clone(),
    })
}

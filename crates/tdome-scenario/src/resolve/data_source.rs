//! ASTERIX data sources (SAC/SIC): each sensor's `sac` and `sic`, and `[bmc]`'s. A plot
//! or track on the network names its source by this pair alone, so each radar's pair
//! must be its own and differ from the battle manager's.

use std::collections::BTreeMap;

use tdome_core::ids::DataSourceId;

use crate::check::Checker;
use crate::document::{Element, Loc};
use crate::file::{BmcSection, SensorEntry};
use crate::limits;

use super::count_or;

/// Each sensor's data source, by index: `sac` 0 and `sic` 1 + the index unless given.
/// `None` where a code is out of range or, past the 255th sensor, `sic` has no default.
pub(super) fn of_sensors(
    c: &mut Checker<'_, '_>,
    sensors: &[Element<SensorEntry>],
) -> Vec<Option<DataSourceId>> {
    sensors
        .iter()
        .enumerate()
        .map(|(i, e)| of_sensor(c, &e.loc, i, e.value.as_ref()?))
        .collect()
}

fn of_sensor(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    index: usize,
    s: &SensorEntry,
) -> Option<DataSourceId> {
    // Counting from 1 keeps every default clear of the battle manager's default 0/0.
    let default_sic = u32::try_from(index).map_or(u32::MAX, |i| i.saturating_add(1));
    let (_, highest) = limits::DATA_SOURCE_CODE;
    if s.sic.is_none() && default_sic > highest {
        c.error(
            loc,
            format!(
                "expected `sic` on this sensor: the default, 1 + the sensor's index, would be \
                 {default_sic}, beyond {highest} (give sensors past the {highest}th their own \
                 `sac` and `sic`)"
            ),
        );
        // The `sac` given is still checked, so that every problem is reported at once.
        code(c, loc, "sac", s.sac, 0);
        return None;
    }
    pair(c, loc, (s.sac, s.sic), default_sic)
}

/// The battle manager's data source, `[bmc] sac` and `sic`: 0/0 unless given.
pub(super) fn of_bmc(c: &mut Checker<'_, '_>, loc: &Loc, b: &BmcSection) -> Option<DataSourceId> {
    pair(c, loc, (b.sac, b.sic), 0)
}

/// The pair `(sac, sic)` of the table at `loc`; a code left out takes its default, `sac`
/// 0 and `sic` `default_sic`, which the caller keeps in range.
fn pair(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    (sac, sic): (Option<u32>, Option<u32>),
    default_sic: u32,
) -> Option<DataSourceId> {
    let sac = code(c, loc, "sac", sac, 0);
    let sic = code(c, loc, "sic", sic, default_sic);
    Some(DataSourceId {
        sac: sac?,
        sic: sic?,
    })
}

/// One code, `key` of the table at `loc`, in [0, 255], or `default` when left out.
fn code(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    key: &'static str,
    v: Option<u32>,
    default: u32,
) -> Option<u8> {
    let n = count_or(
        c,
        &loc.key(key),
        v,
        (default, limits::DATA_SOURCE_CODE),
        key,
    )?;
    // In range by the check, or by the caller for a default; were it ever not, the
    // scenario fails with the internal-error diagnostic rather than a wrong code.
    u8::try_from(n).ok()
}

/// Report each sensor whose data source an earlier sensor has, naming that sensor, and
/// each whose data source is the battle manager's (`bmc`, when it could be read).
pub(super) fn check_unique(
    c: &mut Checker<'_, '_>,
    sensors: &[Element<SensorEntry>],
    sources: &[Option<DataSourceId>],
    bmc: Option<(DataSourceId, &Loc)>,
) {
    let mut first: BTreeMap<DataSourceId, (String, Loc)> = BTreeMap::new();
    for (e, source) in sensors.iter().zip(sources) {
        let Some(source) = *source else {
            continue;
        };
        let at = written_at(c, &e.loc).unwrap_or_else(|| e.loc.clone());
        if let Some((own, bmc_loc)) = bmc
            && own == source
        {
            let whence = match written_at(c, bmc_loc) {
                Some(l) => format!("at {}", line_column(c, &l)),
                None => "their default".to_owned(),
            };
            c.error(
                &at,
                format!(
                    "expected a data source (sac/sic) other than the battle manager's, got \
                     {source}, which is `[bmc]`'s (its `sac` and `sic`, {whence})"
                ),
            );
            continue;
        }
        match first.get(&source) {
            Some((name, earlier)) => {
                let message = format!(
                    "duplicate data source {source} (sac/sic), expected a pair no other \
                     sensor has (sensor \"{name}\" has it, at {})",
                    line_column(c, earlier)
                );
                c.error(&at, message);
            }
            None => {
                let name = e.name.clone().unwrap_or_default();
                first.insert(source, (name, at));
            }
        }
    }
}

/// Where the table at `loc` writes its data source: its `sic`, else its `sac`; `None`
/// when it leaves both out (its pair is the default).
fn written_at(c: &Checker<'_, '_>, loc: &Loc) -> Option<Loc> {
    ["sic", "sac"]
        .into_iter()
        .map(|key| loc.key(key))
        .find(|l| c.doc.value(l).is_some())
}

fn line_column(c: &Checker<'_, '_>, loc: &Loc) -> String {
    let (line, column) = c.doc.source().line_column(c.doc.span(loc).start);
    format!("line {line}, column {column}")
}

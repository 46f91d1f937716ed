//! Checks of single values, each turning a raw number into a typed one or recording a
//! diagnostic at the value's place that says what was expected and what was found.

use std::collections::BTreeMap;

use tdome_core::area::{GeoPolygon, PolygonError};
use tdome_core::{Geodetic, Probability, SimDuration};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Loc};
use crate::file::{LatLon, Site};
use crate::limits;

/// Records diagnostics against one document.
pub(crate) struct Checker<'a, 't> {
    pub(crate) doc: &'a Document<'t>,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl<'a, 't> Checker<'a, 't> {
    pub(crate) fn new(doc: &'a Document<'t>, out: &'a mut Vec<Diagnostic>) -> Self {
        Checker { doc, out }
    }

    /// Record a problem at `loc`.
    pub(crate) fn error(&mut self, loc: &Loc, message: impl Into<String>) {
        self.out.push(self.doc.at(loc, message));
    }

    /// Record `message` at `loc` unless `ok`; gives `ok`.
    pub(crate) fn require(
        &mut self,
        ok: bool,
        loc: &Loc,
        message: impl FnOnce() -> String,
    ) -> bool {
        if !ok {
            self.error(loc, message());
        }
        ok
    }

    /// A number in the closed interval [lo, hi] `unit` (`unit` is empty or starts with
    /// a space: " degrees").
    pub(crate) fn within(
        &mut self,
        loc: &Loc,
        v: f64,
        (lo, hi): (f64, f64),
        what: &str,
        unit: &str,
    ) -> Option<f64> {
        let ok = (lo..=hi).contains(&v);
        self.require(ok, loc, || {
            format!("expected {what} in [{lo}, {hi}]{unit}, got {v}")
        })
        .then_some(v)
    }

    /// A finite number within `bounds`, with the bounds and their reason in the message
    /// when it is not.
    pub(crate) fn bounded(&mut self, loc: &Loc, v: f64, bounds: Bounds, what: &str) -> Option<f64> {
        // NaN fails both comparisons of `contains`, and infinities lie beyond any bound.
        self.require(bounds.contains(v), loc, || {
            format!(
                "expected {what} in {bounds}{}{}, got {}",
                bounds.unit,
                bounds.why,
                number(v)
            )
        })
        .then_some(v)
    }

    /// A span of seconds within `bounds`, rounded to the nanosecond; a bound open at 0
    /// also asks for at least 1 ns, since a span that rounds to none is no span.
    pub(crate) fn seconds(
        &mut self,
        loc: &Loc,
        s: f64,
        bounds: Bounds,
        what: &str,
    ) -> Option<SimDuration> {
        let s = self.bounded(loc, s, bounds.unit(" s"), what)?;
        let d = SimDuration::from_seconds(s);
        let ok = !bounds.open_lo || d.as_nanos() > 0;
        self.require(ok, loc, || {
            format!("expected {what} of at least 1 ns, got {s}")
        })
        .then_some(d)
    }

    /// A whole number in [lo, hi].
    pub(crate) fn count(
        &mut self,
        loc: &Loc,
        v: u32,
        (lo, hi): (u32, u32),
        what: &str,
    ) -> Option<u32> {
        self.require((lo..=hi).contains(&v), loc, || {
            format!("expected {what} in [{lo}, {hi}], got {v}")
        })
        .then_some(v)
    }

    /// A probability in [0, 1].
    pub(crate) fn probability(&mut self, loc: &Loc, v: f64) -> Option<Probability> {
        match Probability::new(v) {
            Ok(p) => Some(p),
            Err(e) => {
                self.error(loc, e.to_string());
                None
            }
        }
    }

    /// A geodetic point with a height.
    pub(crate) fn site(&mut self, loc: &Loc, site: &Site) -> Option<Geodetic> {
        let lat = self.latitude(&loc.key("lat_deg"), site.lat_deg);
        let lon = self.longitude(&loc.key("lon_deg"), site.lon_deg);
        let alt = self.bounded(&loc.key("alt_m"), site.alt_m, limits::SITE_ALT_M, "alt_m");
        Some(Geodetic::from_degrees(lat?, lon?, alt?))
    }

    /// A `[lat_deg, lon_deg]` point on the ellipsoid.
    pub(crate) fn lat_lon(&mut self, loc: &Loc, p: LatLon) -> Option<Geodetic> {
        let lat = self.latitude(&loc.index(0), p.lat_deg);
        let lon = self.longitude(&loc.index(1), p.lon_deg);
        Some(Geodetic::from_degrees(lat?, lon?, 0.0))
    }

    fn latitude(&mut self, loc: &Loc, v: f64) -> Option<f64> {
        self.within(loc, v, (-90.0, 90.0), "a latitude", " degrees")
    }

    fn longitude(&mut self, loc: &Loc, v: f64) -> Option<f64> {
        self.within(loc, v, (-180.0, 180.0), "a longitude", " degrees")
    }

    /// A polygon of at least three valid vertices whose edges do not cross and that
    /// encloses an area.
    pub(crate) fn polygon(&mut self, loc: &Loc, vertices: &[LatLon]) -> Option<GeoPolygon> {
        if !self.require(vertices.len() >= 3, loc, || {
            format!(
                "expected a polygon of at least 3 [lat_deg, lon_deg] vertices, got {}",
                vertices.len()
            )
        }) {
            return None;
        }
        if !self.require(vertices.len() <= limits::POLYGON_VERTICES, loc, || {
            format!(
                "expected a polygon of at most {} vertices (containment is tested against \
                 every edge, every cycle), got {}",
                limits::POLYGON_VERTICES,
                vertices.len()
            )
        }) {
            return None;
        }
        let points: Vec<Option<Geodetic>> = vertices
            .iter()
            .enumerate()
            .map(|(i, v)| self.lat_lon(&loc.index(i), *v))
            .collect();
        let points: Vec<Geodetic> = points.into_iter().collect::<Option<_>>()?;
        let n = points.len();
        match GeoPolygon::new(points) {
            Ok(p) => Some(p),
            Err(PolygonError::Degenerate) => {
                self.error(
                    loc,
                    "expected a polygon enclosing an area, but its vertices enclose none \
                     (they repeat or lie on one line)",
                );
                None
            }
            Err(PolygonError::SelfIntersecting {
                first_edge,
                second_edge,
            }) => {
                // Vertices are numbered from 1 here, as a reader counts them in the file.
                let edge = |i: usize| format!("vertex {} to vertex {}", i + 1, (i + 1) % n + 1);
                self.error(
                    loc,
                    format!(
                        "expected a simple polygon whose edges do not cross, but its edge from \
                         {} meets its edge from {} (vertices counted from 1); list the \
                         vertices in order around the outline",
                        edge(first_edge),
                        edge(second_edge)
                    ),
                );
                None
            }
            Err(PolygonError::TooLarge { vertex, distance }) => {
                self.error(
                    loc,
                    format!(
                        "expected a polygon whose vertices all lie within {:.0} km of their \
                         centre, but vertex {} is {:.0} km from it (vertices counted from 1); \
                         a polygon is worked in the flat local plane at its centre, which \
                         does not reach that far",
                        tdome_core::area::MAX_VERTEX_DISTANCE.si() / 1e3,
                        vertex + 1,
                        distance.si() / 1e3
                    ),
                );
                None
            }
            Err(e @ PolygonError::TooFewVertices(_)) => {
                self.error(loc, format!("expected a polygon: {e}"));
                None
            }
        }
    }
}

/// The values a number may take: from `lo` (included, or excluded when `open_lo`) to
/// `hi` (included), with the unit and the reason shown in a diagnostic.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    lo: f64,
    hi: f64,
    open_lo: bool,
    /// Empty, or starting with a space: " s", " m".
    unit: &'static str,
    /// Empty, or a parenthesised reason starting with a space.
    why: &'static str,
}

impl Bounds {
    /// [lo, hi].
    pub(crate) const fn closed(lo: f64, hi: f64) -> Self {
        Bounds {
            lo,
            hi,
            open_lo: false,
            unit: "",
            why: "",
        }
    }

    /// (lo, hi]: for values that must be positive, with a ceiling.
    pub(crate) const fn above(lo: f64, hi: f64) -> Self {
        Bounds {
            open_lo: true,
            ..Bounds::closed(lo, hi)
        }
    }

    /// The same bounds in `unit` (" s", " m"; empty for none).
    pub(crate) const fn unit(self, unit: &'static str) -> Self {
        Bounds { unit, ..self }
    }

    /// The same bounds with a reason shown in diagnostics, `" (…)"`.
    pub(crate) const fn because(self, why: &'static str) -> Self {
        Bounds { why, ..self }
    }

    fn contains(&self, v: f64) -> bool {
        let above_lo = if self.open_lo {
            v > self.lo
        } else {
            v >= self.lo
        };
        above_lo && v <= self.hi
    }
}

impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = if self.open_lo { "(" } else { "[" };
        write!(f, "{open}{}, {}]", number(self.lo), number(self.hi))
    }
}

/// A number as found, exactly, but in exponent form when very large or small, so that
/// `1e30` reads back as written instead of as 31 digits.
pub(crate) fn number(v: f64) -> String {
    let a = v.abs();
    if a.is_finite() && a != 0.0 && !(1e-6..1e9).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Names seen so far in one list (`asset`, `sensor`, …), to report duplicates and to
/// resolve references.
pub(crate) struct NameTable {
    kind: &'static str,
    /// Name → index of its first element and the place of that name.
    first: BTreeMap<String, (usize, Loc)>,
}

impl NameTable {
    /// An empty table for names of `kind` ("asset", "sensor", …).
    pub(crate) fn new(kind: &'static str) -> Self {
        NameTable {
            kind,
            first: BTreeMap::new(),
        }
    }

    /// Register element `index`'s name (at `loc`); a repeat is reported against the
    /// first use.
    pub(crate) fn add(&mut self, c: &mut Checker<'_, '_>, index: usize, name: &str, loc: &Loc) {
        match self.first.get(name) {
            Some((_, first)) => {
                let (line, column) = c.doc.source().line_column(c.doc.span(first).start);
                c.error(
                    loc,
                    format!(
                        "duplicate {} name \"{name}\", expected a name not used before \
                         (first used at line {line}, column {column})",
                        self.kind
                    ),
                );
            }
            None => {
                self.first.insert(name.to_owned(), (index, loc.clone()));
            }
        }
    }

    /// The index of the element named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<usize> {
        self.first.get(name).map(|(i, _)| *i)
    }
}

/// "expected one of …" for an unknown name: the known names, quoted, in file order.
pub(crate) fn one_of<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let quoted: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
    if quoted.is_empty() {
        "none are defined".to_owned()
    } else {
        format!("expected one of {}", quoted.join(", "))
    }
}

/// A number as people write it: at most three decimals, trailing zeros dropped (a km
/// figure stored in metres reads back as 20.400000000000002 otherwise).
pub(crate) fn plain(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

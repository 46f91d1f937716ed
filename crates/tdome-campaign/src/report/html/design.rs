//! Where each variant sits in the campaign's design: its point of the sweep and its arm
//! of the comparison, and the short labels the page gives them.
//!
//! A campaign of a sweep crossed with a comparison (`--vary raid.grad.count=2..8:2
//! --compare raid.grad.cep_m=30,300`) has variants named by both
//! (`raid.grad.count=4 raid.grad.cep_m=300`): too long for an axis, and a plot reads
//! better with one series per arm than with one mark per variant. Report data without
//! the point and arm labels (older campaigns) reads as one arm whose points are the
//! variants' names.

use super::data::Variant;

/// The arms and points of a campaign's variants.
pub(super) struct Design {
    /// The distinct arms, the reference first; a single unnamed one without comparison.
    arms: Vec<ArmInfo>,
    /// The distinct points of the sweep, in the variants' order.
    points: Vec<String>,
}

struct ArmInfo {
    index: u64,
    label: String,
}

impl Design {
    pub fn of(variants: &[Variant]) -> Design {
        let mut arms: Vec<ArmInfo> = Vec::new();
        let mut points: Vec<String> = Vec::new();
        for v in variants {
            let index = arm_index(v);
            if !arms.iter().any(|a| a.index == index) {
                arms.push(ArmInfo {
                    index,
                    label: arm_label(v).unwrap_or_default().to_string(),
                });
            }
            let point = point_label(v);
            if !points.iter().any(|p| p == point) {
                points.push(point.to_string());
            }
        }
        arms.sort_by_key(|a| a.index);
        Design { arms, points }
    }

    /// Whether the variants are arms of a comparison: then the plots draw one series per
    /// arm.
    pub fn compared(&self) -> bool {
        self.arms.len() > 1 && self.arms.iter().all(|a| !a.label.is_empty())
    }

    /// How many points of the sweep there are (one without a sweep).
    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// The arms' series labels in legend order, the reference first.
    pub fn arm_series(&self) -> Vec<String> {
        self.arms
            .iter()
            .map(|a| series_of(a.index, &a.label))
            .collect()
    }

    /// A variant's series when the plots draw one per arm: its arm's label, the
    /// reference marked as such.
    pub fn arm_series_of(&self, v: &Variant) -> String {
        series_of(arm_index(v), arm_label(v).unwrap_or_default())
    }

    /// A variant's short label where variants are told apart one by one (an axis, a
    /// row): its point when the arms are drawn as series or there is no comparison, its
    /// arm when there is a comparison and no sweep.
    pub fn short_label<'a>(&self, v: &'a Variant) -> &'a str {
        if self.compared() && self.points.len() == 1 {
            arm_label(v).unwrap_or(&v.name)
        } else {
            point_label(v)
        }
    }
}

fn series_of(index: u64, label: &str) -> String {
    if index == 0 {
        format!("{label} (reference)")
    } else {
        label.to_string()
    }
}

/// A variant's arm, 0 (the reference) when the data does not say.
pub(super) fn arm_index(v: &Variant) -> u64 {
    v.arm.unwrap_or(0)
}

/// A variant's arm label, if it has one.
pub(super) fn arm_label(v: &Variant) -> Option<&str> {
    v.arm_label.as_deref().filter(|l| !l.is_empty())
}

/// A variant's point of the sweep: its point label, or its name when the data does not
/// say.
pub(super) fn point_label(v: &Variant) -> &str {
    v.point_label
        .as_deref()
        .filter(|l| !l.is_empty())
        .unwrap_or(&v.name)
}

/// How a comparison names its two variants: by their arms and the point of the sweep
/// they share, when the report data says so; by their names otherwise.
pub(super) struct PairNames {
    pub a: String,
    pub b: String,
    /// The point of the sweep both are at, if the campaign sweeps.
    pub point: Option<String>,
}

impl PairNames {
    /// The names of the comparison of variants `a` (the reference) and `b`.
    pub fn of(a: &str, b: &str, variants: &[Variant]) -> PairNames {
        let find = |name: &str| variants.iter().find(|v| v.name == name);
        if let (Some(va), Some(vb)) = (find(a), find(b))
            && let (Some(arm_a), Some(arm_b)) = (arm_label(va), arm_label(vb))
            && point_label(va) == point_label(vb)
        {
            let point = point_label(va);
            return PairNames {
                a: arm_a.to_string(),
                b: arm_b.to_string(),
                point: (point != "base").then(|| point.to_string()),
            };
        }
        PairNames {
            a: a.to_string(),
            b: b.to_string(),
            point: None,
        }
    }

    /// The comparison's heading: `raid.grad.count=4: A against B`.
    pub fn heading(&self) -> String {
        match &self.point {
            Some(point) => format!("{point}: {} against {}", self.a, self.b),
            None => format!("{} against {}", self.a, self.b),
        }
    }

    /// Which is A and which B, in words.
    pub fn which(&self) -> String {
        match &self.point {
            Some(point) => format!("A = {}, B = {}, both at {point}", self.a, self.b),
            None => format!("A = {}, B = {}", self.a, self.b),
        }
    }
}

/// A label split over lines of at most `width` characters, breaking after the dots,
/// spaces, commas, slashes and hyphens of setting paths (`raid.grad.` / `count=4`) where it can
/// and inside a word where it must, so that labels set side by side never overlap.
pub(super) fn wrap(label: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces(label) {
        if !line.is_empty() && line.chars().count() + piece.trim_end().chars().count() > width {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
        for c in piece.chars() {
            if line.chars().count() == width {
                lines.push(std::mem::take(&mut line));
            }
            if !(line.is_empty() && c == ' ') {
                line.push(c);
            }
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A label's pieces, each ending after a character a line may break after.
fn pieces(label: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in label.char_indices() {
        if matches!(c, '.' | ' ' | ',' | '/' | '-') {
            let end = i + c.len_utf8();
            out.push(&label[start..end]);
            start = end;
        }
    }
    if start < label.len() {
        out.push(&label[start..]);
    }
    out
}

/// One swept or compared setting: `path=value`, as the labels write them.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Setting<'a> {
    pub path: &'a str,
    pub value: &'a str,
}

/// A label's settings (`raid.grad.count=4 raid.grad.cep_m=300`), or none when a part of
/// it is not one (`base`, a scenario's name).
pub(super) fn settings(label: &str) -> Option<Vec<Setting<'_>>> {
    label
        .split_whitespace()
        .map(|part| {
            let (path, value) = part.split_once('=')?;
            (!path.is_empty()).then_some(Setting { path, value })
        })
        .collect::<Option<Vec<_>>>()
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_after_dots_and_inside_words_only_when_it_must() {
        assert_eq!(wrap("raid.grad.count=4", 10), ["raid.grad.", "count=4"]);
        assert_eq!(wrap("base", 10), ["base"]);
        assert_eq!(
            wrap("raid.grad.count=2 raid.grad.cep_m=300", 18),
            ["raid.grad.count=2", "raid.grad.", "cep_m=300"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        for line in wrap("bmc.network=autonomous-with-a-long-tail", 8) {
            assert!(line.chars().count() <= 8, "{line}");
        }
    }

    #[test]
    fn settings_read_path_value_pairs_and_nothing_else() {
        assert_eq!(
            settings("raid.grad.count=4 bmc.network=autonomous"),
            Some(vec![
                Setting {
                    path: "raid.grad.count",
                    value: "4"
                },
                Setting {
                    path: "bmc.network",
                    value: "autonomous"
                },
            ])
        );
        assert_eq!(settings("base"), None);
        assert_eq!(settings("taiwan-arrow-notional"), None);
        assert_eq!(settings(""), None);
    }
}

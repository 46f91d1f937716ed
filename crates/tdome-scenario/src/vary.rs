//! Scenario variants: fields set by their path in the file, for sweeps and comparisons.
//!
//! An *axis* names a field and the values it takes: `raid.drones-north.count=50..1000:50`
//! (a range, both ends included), `bmc.network=integrated,autonomous` (a list) or
//! `weather.visibility_km=5` (one value). A *setting* is one field given one value; a
//! variant of a scenario is the scenario with some settings applied.
//!
//! Settings are applied to the parsed file, before its meaning is checked, so a variant
//! is checked exactly as a file written that way would be, and a bad value is reported
//! at the line and column of the field it replaces (or of the table it is added to).
//!
//! Paths follow the file: table keys joined by dots; in an array of tables (`raid`,
//! `battery`, `sensor`, `asset`) an element is picked by its `name`, by its 0-based
//! index, or all of them by `*`. Values are TOML (`300`, `2.5`, `true`, `"a b"`,
//! `[1, 2]`); a bare word that is not TOML is taken as a string (`autonomous`).

use std::fmt;

/// One field set to one value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Setting {
    /// Dotted path of the field (`raid.drones-north.count`).
    pub path: String,
    /// The value, as TOML text (`300`, `"autonomous"`).
    pub value: String,
}

impl fmt::Display for Setting {
    /// `path=value`, a bare string shown without its quotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = bare_string(&self.value).unwrap_or(&self.value);
        write!(f, "{}={shown}", self.path)
    }
}

/// The string `value` holds when it is a basic string that needs no escaping.
fn bare_string(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\', ',', ' '])).then_some(inner)
}

/// A field and the values it takes in a sweep or comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    /// Dotted path of the field.
    pub path: String,
    /// Its values, as TOML text, in order.
    pub values: Vec<String>,
}

/// The most values one axis may take: a typo such as `0..1000000:1` is caught before it
/// becomes a month of computing.
pub const MAX_AXIS_VALUES: usize = 10_000;

impl Axis {
    /// Parse `path=values` (see the module documentation).
    pub fn parse(spec: &str) -> Result<Axis, String> {
        let (path, values) = spec.split_once('=').ok_or_else(|| {
            format!("expected `path=values`, as in `raid.<name>.count=50..1000:50`, got `{spec}`")
        })?;
        let path = path.trim();
        check_path(path)?;
        let values = values.trim();
        if values.is_empty() {
            return Err(format!("no value given for `{path}`"));
        }
        let values = match range(values)? {
            Some(v) => v,
            None => split_top_level(values)
                .into_iter()
                .map(|v| literal(v.trim()))
                .collect::<Result<Vec<_>, _>>()?,
        };
        if values.len() > MAX_AXIS_VALUES {
            return Err(format!(
                "`{path}` would take {} values, more than the {MAX_AXIS_VALUES} allowed",
                values.len()
            ));
        }
        Ok(Axis {
            path: path.to_owned(),
            values,
        })
    }

    /// Its settings, one per value.
    pub fn settings(&self) -> impl Iterator<Item = Setting> + '_ {
        self.values.iter().map(|v| Setting {
            path: self.path.clone(),
            value: v.clone(),
        })
    }
}

/// Every combination of one value from each axis, the first axis varying slowest. No
/// axis gives one variant with no setting.
pub fn grid(axes: &[Axis]) -> Vec<Vec<Setting>> {
    let mut variants: Vec<Vec<Setting>> = vec![Vec::new()];
    for axis in axes {
        variants = variants
            .into_iter()
            .flat_map(|v| {
                axis.settings().map(move |s| {
                    let mut v = v.clone();
                    v.push(s);
                    v
                })
            })
            .collect();
    }
    variants
}

/// A path's steps, each non-empty.
fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(format!(
            "`{path}` is not a field path: keys joined by dots, as in `raid.<name>.count`"
        ));
    }
    Ok(())
}

/// `a..b:step`, both ends included: integers when all three are, else numbers. `None`
/// when `text` is not a range.
fn range(text: &str) -> Result<Option<Vec<String>>, String> {
    let Some((from, rest)) = text.split_once("..") else {
        return Ok(None);
    };
    let (to, step) = rest
        .split_once(':')
        .ok_or_else(|| format!("range `{text}` has no step: write `from..to:step`"))?;
    let (from, to, step) = (from.trim(), to.trim(), step.trim());
    if let (Ok(a), Ok(b), Ok(s)) = (from.parse::<i64>(), to.parse::<i64>(), step.parse::<i64>()) {
        if s <= 0 || b < a {
            return Err(format!(
                "range `{text}`: expected from ≤ to and a positive step"
            ));
        }
        let n = (b - a) / s + 1;
        if n as u64 > MAX_AXIS_VALUES as u64 {
            return Err(format!(
                "range `{text}` has {n} values, more than the {MAX_AXIS_VALUES} allowed"
            ));
        }
        return Ok(Some((0..n).map(|k| (a + k * s).to_string()).collect()));
    }
    let number = |t: &str| {
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("range `{text}`: `{t}` is not a number"))
    };
    let (a, b, s) = (number(from)?, number(to)?, number(step)?);
    if s <= 0.0 || b < a {
        return Err(format!(
            "range `{text}`: expected from ≤ to and a positive step"
        ));
    }
    // The end is included when the steps reach it up to rounding.
    let n = ((b - a) / s + 1e-9).floor() + 1.0;
    if n > MAX_AXIS_VALUES as f64 {
        return Err(format!(
            "range `{text}` has {n} values, more than the {MAX_AXIS_VALUES} allowed"
        ));
    }
    Ok(Some(
        (0..n as usize)
            .map(|k| float_literal(a + k as f64 * s))
            .collect(),
    ))
}

/// A TOML float, always with a fraction or exponent so that it stays a float, rounded
/// to 12 significant digits so that `0.1 + 2 × 0.1` is written `0.3`.
fn float_literal(x: f64) -> String {
    let rounded: f64 = format!("{x:.12e}").parse().unwrap_or(x);
    let s = format!("{rounded:?}");
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// One value as TOML text: itself when it is a TOML value, else a string of it.
fn literal(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("empty value in a list".to_owned());
    }
    if toml::de::DeValue::parse(text).is_ok() {
        return Ok(text.to_owned());
    }
    if text.starts_with(['"', '\'', '[', '{']) {
        return Err(format!("`{text}` is not a TOML value"));
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        match ch {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    Ok(quoted)
}

/// `text` split at the commas outside brackets, braces and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut escaped, mut start) = (0i32, None::<char>, false, 0);
    for (i, ch) in text.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if ch == '\\' && q == '"' {
                    escaped = true;
                } else if ch == q {
                    quote = None;
                }
            }
            None => match ch {
                '"' | '\'' => quote = Some(ch),
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            },
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lists_and_single_values() {
        let a = Axis::parse("raid.drones.count=50..200:50").unwrap();
        assert_eq!(a.path, "raid.drones.count");
        assert_eq!(a.values, ["50", "100", "150", "200"]);
        // The end is not on a step: it is left out.
        assert_eq!(Axis::parse("x=1..10:4").unwrap().values, ["1", "5", "9"]);
        assert_eq!(
            Axis::parse("weather.visibility_km=0.1..0.3:0.1")
                .unwrap()
                .values,
            ["0.1", "0.2", "0.3"]
        );
        assert_eq!(
            Axis::parse("bmc.network=integrated,autonomous")
                .unwrap()
                .values,
            ["\"integrated\"", "\"autonomous\""]
        );
        assert_eq!(
            Axis::parse("a.b=[1, 2],\"x,y\"").unwrap().values,
            ["[1, 2]", "\"x,y\""]
        );
        assert_eq!(Axis::parse("seed=7").unwrap().values, ["7"]);
        assert_eq!(Axis::parse("a.b=true").unwrap().values, ["true"]);
    }

    #[test]
    fn bad_axes_say_why() {
        for (spec, says) in [
            ("raid.count", "expected `path=values`"),
            ("raid..count=3", "not a field path"),
            ("x=", "no value"),
            ("x=10..1:1", "from ≤ to"),
            ("x=1..10:0", "positive step"),
            ("x=1..10", "no step"),
            ("x=a..b:1", "is not a number"),
            ("x=0..100000:1", "more than the 10000"),
            ("x=1,,2", "empty value"),
            ("x=[1,", "not a TOML value"),
        ] {
            let e = Axis::parse(spec).unwrap_err();
            assert!(e.contains(says), "{spec}: {e}");
        }
    }

    #[test]
    fn the_grid_is_every_combination_first_axis_slowest() {
        let a = Axis::parse("a=1,2").unwrap();
        let b = Axis::parse("b=x,y,z").unwrap();
        let g = grid(&[a, b]);
        assert_eq!(g.len(), 6);
        let shown: Vec<String> = g
            .iter()
            .map(|v| {
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            shown,
            [
                "a=1 b=x", "a=1 b=y", "a=1 b=z", "a=2 b=x", "a=2 b=y", "a=2 b=z"
            ]
        );
        assert_eq!(grid(&[]), vec![Vec::<Setting>::new()]);
    }
}

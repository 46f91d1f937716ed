//! The plain-text format of the published static WTA instances (Andersen, Pavlikov &
//! Toffolo 2022, the data set of "Weapon-target assignment problem: exact and approximate
//! solution algorithms", Annals of Operations Research), which tdome's random reference
//! instances use too (tests/fixtures/wta/).
//!
//! ```text
//! |W| |T| μ          weapon types, targets, rounds per weapon type
//! V_0                one value per target
//! ...
//! i j p_ij           one line per weapon–target pair (indices from 0)
//! ```
//!
//! A file of several instances puts each after a line `instance NAME`. Parsing only:
//! the text is handed in, no file is read here.

use super::{NO_ROUND_LIMIT, Target, Weapon, WtaError, WtaOption, WtaProblem};

/// A line that could not be read, with its 1-based number in the text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One parsed instance.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Its name (`instance NAME`), or empty for a file of one instance.
    pub name: String,
    /// Rounds per weapon type, μ.
    pub rounds_per_weapon: u32,
    /// The problem (λ = 0, no target limits).
    pub problem: WtaProblem,
}

impl Instance {
    /// The same weapons, targets and kill probabilities with every weapon type given `mu`
    /// rounds: the published instances of one size share their probabilities and values
    /// across μ, and so do the fixtures of that family (tests/fixtures/wta/README.md).
    pub fn with_rounds_per_weapon(&self, mu: u32) -> Instance {
        let p = &self.problem;
        let weapons = vec![Weapon { capacity: mu }; p.weapons().len()];
        let problem = WtaProblem::new(
            weapons,
            p.targets().to_vec(),
            p.options().to_vec(),
            p.cost_weight(),
        )
        .expect("an instance that was valid with other capacities is valid with these");
        Instance {
            name: self.name.clone(),
            rounds_per_weapon: mu,
            problem,
        }
    }
}

/// Pair each row of an optima file (`instance,weapons,targets,rounds_per_weapon,optimum`,
/// after a header) with its instance from `instances` (a file of `instance NAME` blocks),
/// at that row's μ: the published instances' family holds each instance once and its
/// optimum at several μ (tests/fixtures/wta/README.md). Errors name the optima's line.
pub fn parse_family(instances: &str, optima: &str) -> Result<Vec<(Instance, f64)>, ParseError> {
    let instances = parse_instances(instances)?;
    numbered(optima)
        .skip(1)
        .map(|(n, line)| {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() != 5 {
                return Err(error(
                    n,
                    "expected 5 fields: instance,weapons,targets,rounds_per_weapon,optimum",
                ));
            }
            let mu: u32 = field(n, Some(f[3]), "rounds per weapon")?;
            let optimum: f64 = field(n, Some(f[4]), "optimum")?;
            let inst = instances
                .iter()
                .find(|i| i.name == f[0])
                .ok_or_else(|| error(n, format!("no instance named {:?}", f[0])))?;
            Ok((inst.with_rounds_per_weapon(mu), optimum))
        })
        .collect()
}

/// Parse a file of one instance.
pub fn parse_instance(text: &str) -> Result<Instance, ParseError> {
    let lines: Vec<(usize, &str)> = numbered(text).collect();
    parse_block(String::new(), &lines)
}

/// Parse a file of instances, each after a line `instance NAME`.
pub fn parse_instances(text: &str) -> Result<Vec<Instance>, ParseError> {
    let mut out = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut name: Option<String> = None;
    for (n, line) in numbered(text) {
        if let Some(next) = line.strip_prefix("instance ") {
            if let Some(done) = name.replace(next.trim().to_string()) {
                out.push(parse_block(done, &block)?);
            }
            block.clear();
        } else if name.is_none() {
            return Err(error(n, "expected `instance NAME` first"));
        } else {
            block.push((n, line));
        }
    }
    if let Some(done) = name {
        out.push(parse_block(done, &block)?);
    }
    Ok(out)
}

/// Non-blank lines with their 1-based numbers.
fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

fn field<T: std::str::FromStr>(
    line: usize,
    text: Option<&str>,
    what: &str,
) -> Result<T, ParseError> {
    let text = text.ok_or_else(|| error(line, format!("missing {what}")))?;
    text.parse().map_err(|_| {
        error(
            line,
            format!("{what} {text:?} is not a number of the right kind"),
        )
    })
}

fn parse_block(name: String, lines: &[(usize, &str)]) -> Result<Instance, ParseError> {
    let last = lines.last().map_or(0, |l| l.0);
    let (&(n0, head), rest) = lines
        .split_first()
        .ok_or_else(|| error(last, "empty instance"))?;
    let mut f = head.split_whitespace();
    let w: usize = field(n0, f.next(), "weapon count")?;
    let t: usize = field(n0, f.next(), "target count")?;
    let mu: u32 = field(n0, f.next(), "rounds per weapon")?;
    if rest.len() < t {
        return Err(error(last, format!("expected {t} target values")));
    }
    let (values, pairs) = rest.split_at(t);
    let targets = values
        .iter()
        .map(|&(n, l)| {
            Ok(Target {
                value: field(n, Some(l), "target value")?,
                max_rounds: NO_ROUND_LIMIT,
            })
        })
        .collect::<Result<Vec<_>, ParseError>>()?;
    let options = pairs
        .iter()
        .map(|&(n, l)| {
            let mut f = l.split_whitespace();
            Ok(WtaOption {
                weapon: field(n, f.next(), "weapon index")?,
                target: field(n, f.next(), "target index")?,
                p_kill: field(n, f.next(), "kill probability")?,
                cost: 0.0,
            })
        })
        .collect::<Result<Vec<_>, ParseError>>()?;
    let weapons = vec![Weapon { capacity: mu }; w];
    let problem = WtaProblem::new(weapons, targets, options, 0.0).map_err(|e| {
        let line = match e {
            WtaError::TargetValue { target, .. } => values[target].0,
            WtaError::WeaponOutOfRange { option, .. }
            | WtaError::TargetOutOfRange { option, .. }
            | WtaError::KillProbability { option, .. }
            | WtaError::Cost { option, .. } => pairs[option].0,
            WtaError::DuplicatePair { second, .. } => pairs[second].0,
            WtaError::CostWeight(_) => n0,
        };
        error(line, e.to_string())
    })?;
    Ok(Instance {
        name,
        rounds_per_weapon: mu,
        problem,
    })
}

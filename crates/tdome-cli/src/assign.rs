//! `tdome assign PROBLEM.json [--solver greedy|local|exact]`: solve one static
//! weapon–target assignment and print it as JSON.
//!
//! Input: `{"weapons":[{"id":"w1","count":2},...], "targets":[{"id":"t1","value":50},...],
//! "pk":[[0.7,...],...]}`, where `pk[i][j]` is the single-shot kill probability of
//! weapon type i on target j, and each weapon type has `count` rounds. A zero entry
//! means "cannot engage". Output: `{"assignment":[{"weapon":"w1","target":"t3",
//! "rounds":1},...], "objective":<expected surviving target value>, "solver":"local",
//! "status":"heuristic"|"optimal"|"not proven", "seconds":<solve time>}`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde::Deserialize;
use tdome_bmc::assign::wta::{
    BranchAndBound, Greedy, LocalSearch, NO_ROUND_LIMIT, Target, Weapon, WtaOption, WtaProblem,
    WtaSolution, WtaSolver, WtaStatus,
};

use crate::output::{errln, outln};

/// Most rounds one weapon type may have: far above any battery's, and low enough that
/// no input can keep the solvers busy for long.
const MAX_COUNT: u32 = 100_000;

/// Which solver `tdome assign` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverChoice {
    /// Maximum-marginal-return greedy.
    Greedy,
    /// Greedy or linear-assignment start, then local search.
    Local,
    /// Branch and bound (small problems; reports "not proven" at its node limit).
    Exact,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemFile {
    weapons: Vec<WeaponEntry>,
    targets: Vec<TargetEntry>,
    pk: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeaponEntry {
    id: String,
    count: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetEntry {
    id: String,
    value: f64,
}

/// `tdome assign PROBLEM --solver S`.
pub fn assign(path: &Path, choice: SolverChoice) -> anyhow::Result<ExitCode> {
    let (file, problem) = match load(path) {
        Ok(loaded) => loaded,
        Err(message) => {
            errln!("error: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut solver: Box<dyn WtaSolver> = match choice {
        SolverChoice::Greedy => Box::new(Greedy::new()),
        SolverChoice::Local => Box::new(LocalSearch::new()),
        SolverChoice::Exact => Box::new(BranchAndBound::new()),
    };
    let mut solution = WtaSolution::new();
    let started = Instant::now();
    solver.solve(&problem, &mut solution);
    let seconds = started.elapsed().as_secs_f64();
    let assignment: Vec<serde_json::Value> = problem
        .options()
        .iter()
        .zip(&solution.rounds)
        .filter(|(_, x)| **x > 0)
        .map(|(o, &rounds)| {
            serde_json::json!({
                "weapon": file.weapons[o.weapon].id,
                "target": file.targets[o.target].id,
                "rounds": rounds,
            })
        })
        .collect();
    let status = match solution.status {
        WtaStatus::Heuristic => "heuristic",
        WtaStatus::Optimal => "optimal",
        WtaStatus::NotProven => "not proven",
    };
    let report = serde_json::json!({
        "assignment": assignment,
        "objective": solution.surviving_value,
        "solver": solver.name(),
        "status": status,
        "seconds": seconds,
    });
    outln!("{}", serde_json::to_string_pretty(&report)?)?;
    Ok(ExitCode::SUCCESS)
}

/// Read, parse and check the problem file; the error says where (file, or
/// file:line:column for JSON syntax and shape) and what.
fn load(path: &Path) -> Result<(ProblemFile, WtaProblem), String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let file: ProblemFile = serde_json::from_str(&text).map_err(|e| {
        // serde_json ends its message with " at line L column C"; say it as L:C first.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        format!("{name}:{}:{}: {message}", e.line(), e.column())
    })?;
    let problem = build(&file).map_err(|message| format!("{name}: {message}"))?;
    Ok((file, problem))
}

fn build(file: &ProblemFile) -> Result<WtaProblem, String> {
    unique("weapon", file.weapons.iter().map(|w| w.id.as_str()))?;
    unique("target", file.targets.iter().map(|t| t.id.as_str()))?;
    let mut weapons = Vec::with_capacity(file.weapons.len());
    for w in &file.weapons {
        if w.count > MAX_COUNT {
            return Err(format!(
                "weapon {:?}: count {} exceeds the limit of {MAX_COUNT} rounds",
                w.id, w.count
            ));
        }
        weapons.push(Weapon { capacity: w.count });
    }
    let mut targets = Vec::with_capacity(file.targets.len());
    for t in &file.targets {
        if !(t.value.is_finite() && t.value >= 0.0) {
            return Err(format!(
                "target {:?}: value {} is not a finite number ≥ 0",
                t.id, t.value
            ));
        }
        targets.push(Target {
            value: t.value,
            max_rounds: NO_ROUND_LIMIT,
        });
    }
    if file.pk.len() != file.weapons.len() {
        return Err(format!(
            "pk has {} rows, one per weapon expected ({})",
            file.pk.len(),
            file.weapons.len()
        ));
    }
    let mut options = Vec::new();
    for (i, row) in file.pk.iter().enumerate() {
        if row.len() != file.targets.len() {
            return Err(format!(
                "pk[{i}] (weapon {:?}) has {} entries, one per target expected ({})",
                file.weapons[i].id,
                row.len(),
                file.targets.len()
            ));
        }
        for (j, &p) in row.iter().enumerate() {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!(
                    "pk[{i}][{j}] (weapon {:?}, target {:?}) = {p} is not a probability in [0, 1]",
                    file.weapons[i].id, file.targets[j].id
                ));
            }
            // A zero kill probability is no engagement option at all.
            if p > 0.0 {
                options.push(WtaOption {
                    weapon: i,
                    target: j,
                    p_kill: p,
                    cost: 0.0,
                });
            }
        }
    }
    // Everything WtaProblem checks has been checked above with the file's names; an
    // error here would still be reported, not panic.
    WtaProblem::new(weapons, targets, options, 0.0).map_err(|e| e.to_string())
}

fn unique<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("duplicate {kind} id {id:?}"));
        }
    }
    Ok(())
}

//! `tdome`: the command-line front end. Each subcommand is a thin wrapper over the
//! library crates.
//!
//! Exit codes:
//! - 0: success, or tdome was stopped by a closed pipe on standard output (its reader
//!   has gone, as in `tdome bench | head -1`): it stops at the first write that fails,
//!   quietly, since nothing went wrong on its side.
//! - 1: the run failed (a record could not be written, the world could not be built
//!   from a valid scenario), or standard output could not be written for any other
//!   reason than a closed pipe (a full disk): `error: cannot write to standard output`.
//! - 2: bad input: bad usage (including `--runs` or `--seed` out of range), a
//!   scenario file that cannot be read or is invalid (every error printed as
//!   file:line:column), or records given to `tdome eval` or `tdome track` that cannot
//!   be read or are malformed (printed as file:line, with the column), or a problem
//!   given to `tdome assign` that cannot be read or is malformed.
//!
//! These hold whatever happens to standard error: when it cannot be written, messages
//! are lost but the exit code is the same.

mod assign;
mod bench;
mod eval;
mod output;
mod report;
mod run;
mod track;

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::StdoutError;

/// The largest root seed, as scenario files take it (TOML integers are signed 64-bit).
pub use tdome_scenario::MAX_SEED;

/// How many runs `tdome bench` accepts: at least one to have a median, and a bound that
/// catches a typo before it becomes a day of benchmarking.
const BENCH_RUNS: RangeInclusive<u32> = 1..=1000;

/// tdome: a simulation-grade layered air and missile defence (all parameters notional).
#[derive(Parser, Debug)]
#[command(name = "tdome", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario and print its summary.
    Run {
        /// Scenario file (TOML). Without one, the default scenario built into tdome
        /// (scenarios/taiwan-notional.toml).
        scenario: Option<PathBuf>,
        /// Root seed, overriding the scenario's (0 to 2^63 − 1).
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
        seed: Option<u64>,
        /// Write the run's records into this directory: truth, plots, tracks,
        /// engagements, impacts and assessments as CSV, and run.json.
        #[arg(long, value_name = "DIR")]
        record: Option<PathBuf>,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Scenario files: validate one, or print the JSON Schema of the format.
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Measure how much faster than real time a scenario runs, stepped on one core.
    Bench {
        /// Scenario file (TOML). Without one, the default scenario built into tdome
        /// (scenarios/taiwan-notional.toml).
        scenario: Option<PathBuf>,
        /// Runs, each with the next seed (1 to 1000).
        #[arg(
            long,
            default_value_t = 5,
            value_parser = clap::value_parser!(u32).range(
                i64::from(*BENCH_RUNS.start())..=i64::from(*BENCH_RUNS.end())
            )
        )]
        runs: u32,
        /// First seed (default: the scenario's); the last run's seed, first + runs − 1,
        /// must not pass 2^63 − 1.
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
        seed: Option<u64>,
    },
    /// Run the battle manager's tracker alone on a plots file (the plots.csv of a
    /// run's records, or any file in that schema) and write DIR/tracks.csv in the
    /// records' format. Only the scenario's sensors and tracker settings are used: a
    /// scenario without assets, batteries or raids will do.
    Track {
        /// The scenario whose sensors (by name) and `[bmc.tracker]` settings apply.
        scenario: PathBuf,
        /// The plots file (docs/records.md, plots.csv).
        #[arg(long, value_name = "PLOTS.csv")]
        plots: PathBuf,
        /// Directory for tracks.csv (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Score a run's track picture against its truth (GOSPA, RMSE, NEES, id switches,
    /// track breaks, time to confirm; see docs/metrics.md).
    Eval {
        /// truth.csv of a run (`tdome run --record DIR`).
        #[arg(long, value_name = "TRUTH.csv")]
        truth: PathBuf,
        /// tracks.csv of the same run.
        #[arg(long, value_name = "TRACKS.csv")]
        tracks: PathBuf,
        /// GOSPA cut-off c, metres (> 0).
        #[arg(long, default_value_t = 200.0)]
        gospa_c: f64,
        /// GOSPA order p (≥ 1).
        #[arg(long, default_value_t = 1.0)]
        gospa_p: f64,
        /// For records whose track reports are not at the truth instants: a track whose
        /// latest report is older than this many seconds is out of the picture.
        #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
        max_age: f64,
        /// Score only the instants at or after this time, seconds (a steady-state
        /// window, leaving out the scans the tracker needs to confirm its first tracks).
        #[arg(long, value_name = "SECONDS", default_value_t = 0.0)]
        from: f64,
        /// Print one JSON object instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Solve a static weapon–target assignment (JSON: weapons with round counts, target
    /// values, kill probabilities) and print the assignment as JSON.
    Assign {
        /// The problem file (JSON; docs/assignment.md).
        problem: PathBuf,
        /// The solver.
        #[arg(long, value_enum, default_value_t = assign::SolverChoice::Local)]
        solver: assign::SolverChoice,
    },
}

#[derive(Subcommand, Debug)]
enum ScenarioCommand {
    /// Check a scenario file; print every error as file:line:column.
    Validate {
        /// Scenario file (TOML).
        file: PathBuf,
    },
    /// Print the JSON Schema of scenario files.
    Schema,
}

fn main() -> ExitCode {
    let result = match Cli::try_parse() {
        Ok(cli) => execute(cli.command),
        Err(e) => usage(&e).map_err(anyhow::Error::from),
    };
    // Even after a failure, so that what was printed reaches the reader before the error.
    let flushed = output::flush_stdout();
    match result.and_then(|code| flushed.map(|()| code).map_err(anyhow::Error::from)) {
        Ok(code) => code,
        Err(e) => match e.downcast_ref::<StdoutError>() {
            Some(closed) if closed.is_closed_pipe() => ExitCode::SUCCESS,
            _ => {
                output::print_error(e.as_ref());
                ExitCode::from(1)
            }
        },
    }
}

fn execute(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Run {
            scenario,
            seed,
            record,
            quiet,
        } => run::run(scenario.as_deref(), seed, record.as_deref(), quiet),
        Command::Scenario {
            command: ScenarioCommand::Validate { file },
        } => run::validate(&file),
        Command::Scenario {
            command: ScenarioCommand::Schema,
        } => run::schema(),
        Command::Bench {
            scenario,
            runs,
            seed,
        } => bench::bench(scenario.as_deref(), runs, seed),
        Command::Track {
            scenario,
            plots,
            out,
        } => track::track(&track::TrackArgs {
            scenario: &scenario,
            plots: &plots,
            out: &out,
        }),
        Command::Eval {
            truth,
            tracks,
            gospa_c,
            gospa_p,
            max_age,
            from,
            json,
        } => eval::eval(&eval::EvalArgs {
            truth: &truth,
            tracks: &tracks,
            gospa_c,
            gospa_p,
            max_age_s: max_age,
            from_s: from,
            json,
        }),
        Command::Assign { problem, solver } => assign::assign(&problem, solver),
    }
}

/// What clap has to say (help, version, or a usage error), through our output layer
/// rather than clap's own printing, which drops write failures silently.
fn usage(e: &clap::Error) -> Result<ExitCode, StdoutError> {
    // Plain text: clap's styling would be escaped like any other control sequence.
    let text = e.render().to_string();
    if e.use_stderr() {
        output::stderr(&text);
    } else {
        output::stdout(&text)?;
    }
    Ok(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
}

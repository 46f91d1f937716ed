//! `tdome`: the command-line front end. Each subcommand is a thin wrapper over the
//! library crates.
//!
//! Exit codes: 0 success; 1 the run failed (a record could not be written, the world
//! could not be built from a valid scenario); 2 bad input: bad usage, or a scenario file
//! that cannot be read or is invalid (every error printed as file:line:column).

mod bench;
mod report;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Root seed, overriding the scenario's.
        #[arg(long)]
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
    /// Measure how much faster than real time a scenario runs on one core.
    Bench {
        /// Scenario file (default: the shipped default scenario).
        #[arg(default_value = "scenarios/taiwan-notional.toml")]
        scenario: PathBuf,
        /// Runs, each with the next seed.
        #[arg(long, default_value_t = 5)]
        runs: u32,
        /// First seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
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
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            seed,
            record,
            quiet,
        } => run::run(&scenario, seed, record.as_deref(), quiet),
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
        } => bench::bench(&scenario, runs, seed),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // The whole cause chain, so the user sees why, not just what.
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

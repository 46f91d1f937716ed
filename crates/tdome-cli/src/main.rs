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
//!   given to `tdome assign` that cannot be read or is malformed, or a campaign
//!   (`tdome mc`) whose variant does not load or whose results cannot be read, or a
//!   `tdome run --dis-out` address that is malformed or does not resolve.
//! - 130: `tdome mc` stopped by Ctrl-C (or SIGTERM): the results of the runs finished
//!   are written, complete and readable.
//!
//! These hold whatever happens to standard error: when it cannot be written, messages
//! are lost but the exit code is the same.

mod assign;
mod bench;
mod bmc;
mod eval;
mod mc;
mod output;
mod report;
mod run;
mod serve;
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
        /// Also send the run as DIS (IEEE 1278.1-2012) PDUs over UDP to this address:
        /// Entity State, Fire and Detonation (docs/interfaces.md).
        #[arg(long, value_name = "udp://HOST:PORT", value_parser = udp_address)]
        dis_out: Option<tdome_dis::UdpAddress>,
        /// The DIS exercise id (1 to 255).
        #[arg(long, default_value_t = 1, requires = "dis_out",
              value_parser = clap::value_parser!(u8).range(1..=255))]
        exercise: u8,
        /// Also send the radars' plots (CAT048) and north markers (CAT034) and the
        /// battle manager's tracks (CAT062) as EUROCONTROL ASTERIX over UDP to this
        /// address (docs/interfaces.md).
        #[arg(long, value_name = "udp://HOST:PORT", value_parser = udp_address)]
        asterix_out: Option<tdome_dis::UdpAddress>,
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
    /// Run a Monte Carlo campaign: many replications of a scenario, in parallel, with
    /// sweeps and paired comparisons; results as Parquet (docs/campaigns.md).
    Mc(McCli),
    /// Write a campaign's results as one self-contained HTML page with plots.
    Report {
        /// The campaign's directory (`tdome mc --out DIR`).
        dir: PathBuf,
        /// The page to write (default: DIR/report.html).
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
    },
    /// Watch a run live in the browser: the common operational picture, with time
    /// controls and per-battery operator modes (docs/live.md).
    Serve {
        /// Scenario file (TOML); without one, the default scenario.
        scenario: Option<PathBuf>,
        /// Root seed, overriding the scenario's.
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
        seed: Option<u64>,
        /// Simulated seconds per wall-clock second (0.01 to 10000); changeable from the page.
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
        /// Port to listen on (0: any free port; the URL printed says which).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on. Beyond loopback, operator commands need --token.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The token operator commands must carry (also read from TDOME_TOKEN).
        #[arg(long, env = "TDOME_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Also write the run's records into this directory.
        #[arg(long, value_name = "DIR")]
        record: Option<PathBuf>,
        /// Exit when the run ends (by default the page stays up until Ctrl-C).
        #[arg(long)]
        exit_at_end: bool,
        /// Play back the records in this directory (`tdome run --record DIR`) instead
        /// of running a scenario; the page gets a time slider to seek.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["scenario", "seed", "record"])]
        replay: Option<PathBuf>,
    },
    /// The battle manager on live radar plots: EUROCONTROL ASTERIX CAT048 in (radars
    /// matched by SAC/SIC), engagement orders out as JSON lines (docs/interfaces.md).
    Bmc {
        /// The scenario: its radars (by SAC/SIC), assets, batteries and doctrine.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Where to listen for ASTERIX (such as udp://0.0.0.0:8600).
        #[arg(long, value_name = "udp://ADDR:PORT", value_parser = udp_address)]
        asterix_in: tdome_dis::UdpAddress,
        /// Also send the picture as CAT062 system tracks to this address.
        #[arg(long, value_name = "udp://HOST:PORT", value_parser = udp_address)]
        asterix_out: Option<tdome_dis::UdpAddress>,
        /// Write the orders to this file (JSON lines) rather than standard output.
        #[arg(long, value_name = "FILE")]
        orders: Option<PathBuf>,
        /// Cycle on the data's own time (a recording replayed as fast as it comes)
        /// rather than the wall clock.
        #[arg(long)]
        data_clock: bool,
        /// Stop after this many seconds without a datagram.
        #[arg(long, value_name = "SECONDS")]
        idle_exit: Option<f64>,
        /// Show the live picture in the browser on this port of 127.0.0.1 (as
        /// `tdome serve`; operators' weapons free, tight and hold are obeyed).
        #[arg(long, value_name = "PORT")]
        serve: Option<u16>,
        /// Drop plots older than this when received (wall clock only; default: the
        /// tracker's reorder window or four cycles, whichever is longer, plus 5 s).
        #[arg(long, value_name = "SECONDS")]
        stale_after: Option<f64>,
        /// Drop plots stamped more than this ahead of this machine's clock (wall clock
        /// only; default 2 s).
        #[arg(long, value_name = "SECONDS")]
        max_skew: Option<f64>,
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

/// `tdome mc`'s arguments, or its `merge`.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct McCli {
    #[command(subcommand)]
    command: Option<McCommand>,
    /// Scenario file (TOML). Without one, the default scenario built into tdome
    /// (scenarios/taiwan-notional.toml).
    scenario: Option<PathBuf>,
    /// Replications of each variant (1 to 1,000,000).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    runs: u64,
    /// Root seed (default: the scenario's); replication r runs with a seed derived from
    /// it and r alone, printed in the results' `seed` column.
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
    seed: Option<u64>,
    /// Threads (default: every core). The results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    threads: Option<u64>,
    /// Run only part i (0-based) of M equal parts of the runs, for a scheduler's job
    /// array; merge the parts with `tdome mc merge`.
    #[arg(long, value_name = "i/M", value_parser = tdome_campaign::campaign::Shard::parse)]
    shard: Option<tdome_campaign::campaign::Shard>,
    /// Sweep a field: PATH=FROM..TO:STEP, PATH=A,B,C or PATH=VALUE, PATH a dotted path
    /// in the scenario file (`raid.<name>.count`, `bmc.network`). Repeat for a grid.
    /// Replaces the scenario's `[sweep]`.
    #[arg(long = "vary", value_name = "PATH=VALUES", value_parser = tdome_scenario::vary::Axis::parse)]
    vary: Vec<tdome_scenario::vary::Axis>,
    /// Compare the values of a field, paired on the same seeds, the first value the
    /// reference: `network=integrated,autonomous` (`network` is short for
    /// `bmc.network`).
    #[arg(long, value_name = "PATH=A,B", value_parser = compare_axis, conflicts_with = "compare_scenario")]
    compare: Option<tdome_scenario::vary::Axis>,
    /// Compare with another scenario (the first is the reference), on the same seeds.
    #[arg(long, value_name = "OTHER.toml")]
    compare_scenario: Option<PathBuf>,
    /// Directory for the results (created if needed): runs.parquet, threats.parquet,
    /// interceptors.parquet and campaign.json.
    #[arg(long, value_name = "DIR", required = true)]
    out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum McCommand {
    /// Merge the results of a campaign's shards into one directory.
    Merge {
        /// The shards' result directories.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Directory for the merged results.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// A `udp://HOST:PORT` option's address (`--dis-out`, `--asterix-out`, `--asterix-in`).
fn udp_address(text: &str) -> Result<tdome_dis::UdpAddress, String> {
    tdome_dis::UdpAddress::parse(text).map_err(|e| e.to_string())
}

/// `--compare`'s axis: at least two values; `network` is short for `bmc.network`.
fn compare_axis(text: &str) -> Result<tdome_scenario::vary::Axis, String> {
    let mut axis = tdome_scenario::vary::Axis::parse(text)?;
    if axis.path == "network" {
        axis.path = "bmc.network".to_owned();
    }
    if axis.values.len() < 2 {
        return Err(format!(
            "`{text}`: a comparison needs at least two values, as in `network=integrated,autonomous`"
        ));
    }
    Ok(axis)
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
            dis_out,
            exercise,
            asterix_out,
        } => run::run(
            scenario.as_deref(),
            seed,
            record.as_deref(),
            quiet,
            run::Interfaces {
                dis: dis_out.map(|address| run::DisOut { address, exercise }),
                asterix: asterix_out,
            },
        ),
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
        Command::Mc(McCli {
            command: Some(McCommand::Merge { dirs, out }),
            ..
        }) => mc::merge(&dirs, &out),
        Command::Mc(m) => mc::mc(mc::McArgs {
            scenario: m.scenario,
            runs: m.runs,
            seed: m.seed,
            threads: m.threads.map(|t| t as usize),
            shard: m.shard,
            vary: m.vary,
            compare: m.compare,
            compare_scenario: m.compare_scenario,
            out: m.out.unwrap_or_default(),
            quiet: m.quiet,
        }),
        Command::Report { dir, out } => mc::report(&dir, out.as_deref()),
        Command::Bmc {
            scenario,
            asterix_in,
            asterix_out,
            orders,
            data_clock,
            idle_exit,
            serve,
            stale_after,
            max_skew,
        } => bmc::bmc(bmc::BmcArgs {
            serve,
            stale_after_s: stale_after,
            max_skew_s: max_skew,
            scenario: scenario.as_deref(),
            asterix_in: &asterix_in,
            asterix_out: asterix_out.as_ref(),
            orders: orders.as_deref(),
            data_clock,
            idle_exit_s: idle_exit,
        }),
        Command::Serve {
            scenario,
            seed,
            speed,
            port,
            bind,
            token,
            record,
            exit_at_end,
            replay,
        } => serve::serve(serve::ServeArgs {
            replay: replay.as_deref(),
            scenario: scenario.as_deref(),
            seed,
            speed,
            port,
            bind,
            token,
            record,
            exit_at_end,
        }),
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

//! `tdome run`, `tdome scenario validate`, `tdome scenario schema`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tdome_core::SimDuration;
use tdome_core::event::Sinks;
use tdome_eval::EvalConfig;
use tdome_eval::stream::Scorer;
use tdome_io::CsvRecorder;
use tdome_scenario::{Scenario, ScenarioError};
use tdome_world::{AsFastAsPossible, RunSummary, Simulation};

use crate::output::{self, errln, outln};
use crate::report;

/// Load the scenario file at `path`, or the built-in default scenario when there is none.
/// When it cannot be read or is invalid, print why (every diagnostic as
/// file:line:column) and return `None`.
pub fn load(path: Option<&Path>) -> Option<Scenario> {
    let (loaded, shown) = match path {
        Some(path) => (tdome_scenario::load(path), path),
        None => (
            tdome_scenario::default_scenario(),
            Path::new(tdome_scenario::builtin::DEFAULT_SCENARIO_PATH),
        ),
    };
    match loaded {
        Ok(s) => Some(s),
        Err(ScenarioError::Invalid(diagnostics)) => {
            for d in &diagnostics {
                errln!("{d}");
            }
            errln!("{}: {} error(s)", shown.display(), diagnostics.len());
            None
        }
        Err(e) => {
            output::print_error(&e);
            None
        }
    }
}

/// `tdome run --dis-out`: where to send DIS, in which exercise.
pub struct DisOut {
    /// The destination.
    pub address: tdome_dis::UdpAddress,
    /// The exercise id.
    pub exercise: u8,
}

/// `tdome run`'s outputs to the field's interfaces.
pub struct Interfaces {
    /// DIS (`--dis-out`).
    pub dis: Option<DisOut>,
    /// ASTERIX (`--asterix-out`).
    pub asterix: Option<tdome_dis::UdpAddress>,
}

/// `tdome run`: the scenario at `path` (or the default one), then its summary.
pub fn run(
    path: Option<&Path>,
    seed: Option<u64>,
    record: Option<&Path>,
    quiet: bool,
    interfaces: Interfaces,
) -> anyhow::Result<ExitCode> {
    let Some(scenario) = load(path) else {
        return Ok(ExitCode::from(2));
    };
    let dis = interfaces.dis;
    let mut asterix_writer = match &interfaces.asterix {
        Some(address) => match tdome_core::net::UdpSender::open(address) {
            Ok(out) => Some(tdome_asterix::writer::AsterixWriter::new(out)),
            Err(e) => {
                errln!("error: --asterix-out {address}: {e}");
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    // Opened before the run, so that an address that does not resolve is bad input.
    let mut dis_writer = match &dis {
        Some(d) => match tdome_dis::UdpSender::open(&d.address) {
            Ok(out) => Some(tdome_dis::DisWriter::new(
                tdome_dis::DisConfig {
                    exercise: d.exercise,
                    ..tdome_dis::DisConfig::default()
                },
                out,
            )),
            Err(e) => {
                errln!("error: --dis-out {}: {e}", d.address);
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    // The scenario is shared and read only: `--seed` is the run's, not written into it.
    let seed = seed.unwrap_or(scenario.seed);
    let started = Instant::now();
    let mut sim = Simulation::new(&scenario, seed).context("cannot build the world")?;
    let mut summary = RunSummary::new(&scenario, seed);
    // The air picture against truth, scored as the run goes (tdome-eval's scorer, with
    // `tdome eval`'s default settings, so that eval on this run's records agrees).
    let mut picture = Scorer::new(EvalConfig::default(), report_delay_bound(&scenario));
    let mut recorder = match record {
        Some(dir) => Some(CsvRecorder::create(dir)?),
        None => None,
    };
    let end_s = sim.end_time().as_seconds();
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b =
            ProgressBar::with_draw_target(Some(end_s.ceil() as u64), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:40}] {pos}/{len} s simulated ({elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    };
    {
        let mut sinks = Sinks::new();
        sinks.push(&mut summary);
        sinks.push(&mut picture);
        if let Some(r) = recorder.as_mut() {
            sinks.push(r);
        }
        if let Some(w) = dis_writer.as_mut() {
            sinks.push(w);
        }
        if let Some(w) = asterix_writer.as_mut() {
            sinks.push(w);
        }
        let mut progress = |t: tdome_core::SimTime| bar.set_position(t.as_seconds() as u64);
        sim.run(&mut AsFastAsPossible, &mut sinks, &mut progress)?;
    }
    bar.finish_and_clear();
    if let (Some(w), Some(d)) = (&dis_writer, &dis) {
        let s = w.stats();
        errln!(
            "DIS to {} (exercise {}): {} entity state, {} fire, {} detonation PDUs; {} not sent{}",
            d.address,
            d.exercise,
            s.entity_states,
            s.fires,
            s.detonations,
            s.send_errors,
            s.first_error
                .as_ref()
                .map_or(String::new(), |e| format!(" (first: {e})"))
        );
    }
    if let (Some(w), Some(address)) = (&asterix_writer, &interfaces.asterix) {
        let c = w.counts();
        errln!(
            "ASTERIX to {address}: {} datagrams: {} CAT048 plots, {} CAT034 service messages, {} CAT062 tracks; {} not encodable",
            c.datagrams,
            c.plots,
            c.service_messages,
            c.tracks,
            c.unencodable
        );
    }
    let wall = started.elapsed();
    output::stdout(&report::render(
        &scenario,
        &summary,
        &picture.score(),
        picture.config(),
        sim.stats(),
        wall,
        record,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The longest a track report can trail the simulation clock when it is published: its
/// time is its latest plot's, which reaches the battle manager its radar's latency after
/// that time and is then held for the tracker's reorder window (a plot later than the
/// window may still be taken when nothing newer has been), and the cycle that takes it
/// runs up to one cycle later. One more cycle of margin. (Named for the reports; it is
/// the scorer's settling time.)
fn report_delay_bound(scenario: &Scenario) -> SimDuration {
    let latency = scenario
        .sensors
        .iter()
        .map(|s| s.latency)
        .max()
        .unwrap_or(SimDuration::ZERO);
    // And at least two truth periods: an instant is scored only once every target in
    // flight across it has its next sample (see `tdome_eval::stream`).
    (latency.max(scenario.bmc.tracker.reorder_window) + scenario.bmc.cycle.times(2))
        .max(scenario.truth_record_period.times(2))
}

/// `tdome scenario validate`: check the file and say what it holds.
pub fn validate(path: &Path) -> anyhow::Result<ExitCode> {
    match load(Some(path)) {
        Some(s) => {
            outln!(
                "{}: valid — {} asset(s), {} sensor(s), {} battery(ies), {} raid(s) of {} threat(s)",
                path.display(),
                s.assets.len(),
                s.sensors.len(),
                s.batteries.len(),
                s.raids.len(),
                s.raids.iter().map(|r| r.count as u64).sum::<u64>()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::from(2)),
    }
}

/// `tdome scenario schema`: the JSON Schema of scenario files.
pub fn schema() -> anyhow::Result<ExitCode> {
    outln!(
        "{}",
        serde_json::to_string_pretty(&tdome_scenario::json_schema())?
    )?;
    Ok(ExitCode::SUCCESS)
}

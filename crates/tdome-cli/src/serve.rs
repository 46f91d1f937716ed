//! `tdome serve`: the live picture of a run in the browser (tdome-live, docs/live.md).

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tdome_live::ServeOptions;

use crate::output::{errln, outln};
use crate::run;

/// `tdome serve`'s arguments.
pub struct ServeArgs<'a> {
    /// The scenario (or the default one).
    pub scenario: Option<&'a Path>,
    /// Root seed overriding the scenario's.
    pub seed: Option<u64>,
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// Port (0: any free one).
    pub port: u16,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Operator token.
    pub token: Option<String>,
    /// Also record the run here.
    pub record: Option<PathBuf>,
    /// Stop when the run ends instead of keeping the page up.
    pub exit_at_end: bool,
    /// Play back these records instead of running the scenario.
    pub replay: Option<&'a Path>,
}

/// Exit status after Ctrl-C or SIGTERM, as `tdome mc`'s.
const INTERRUPTED: i32 = 130;

pub fn serve(args: ServeArgs<'_>) -> anyhow::Result<ExitCode> {
    if !(tdome_world::engine::clock::SPEED_RANGE).contains(&args.speed) {
        errln!(
            "--speed {}: expected 0.01 to 10000 times real time",
            args.speed
        );
        return Ok(ExitCode::from(2));
    }
    let bind = SocketAddr::new(args.bind, args.port);
    let options = ServeOptions {
        bind,
        speed: args.speed,
        token: args.token.clone(),
        record: args.record.clone(),
    };
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, INTERRUPTED, Arc::clone(&stop))?;
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let started = match args.replay {
        Some(dir) => tdome_live::replay::serve_replay(dir, &options)
            .map(|s| (s, format!("replay of {}", dir.display()))),
        None => {
            let Some(scenario) = run::load(args.scenario) else {
                return Ok(ExitCode::from(2));
            };
            let seed = args.seed.unwrap_or(scenario.seed);
            tdome_live::serve(&scenario, seed, &options).map(|s| {
                let what = format!("scenario '{}', seed {seed}", scenario.name);
                (s, what)
            })
        }
    };
    let serving = match started {
        Ok((s, what)) => {
            outln!("tdome serve — {what}, {}× real time", args.speed)?;
            s
        }
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    outln!("open {}", serving.url())?;
    if !bind.ip().is_loopback() {
        if args.token.is_some() {
            outln!("listening beyond loopback: operator commands need the token")?;
        } else {
            outln!(
                "listening beyond loopback without --token: viewers may watch, operator commands are refused"
            )?;
        }
    }
    crate::output::flush_stdout()?;
    let done = || stop.load(Ordering::Relaxed) || (args.exit_at_end && serving.ended());
    while !done() {
        std::thread::sleep(Duration::from_millis(100));
    }
    let interrupted = stop.load(Ordering::Relaxed);
    let r = serving.stop();
    outln!(
        "{} at t = {:.1} s; {} viewer(s), {} dropped; {} frame(s) published, {} skipped by slow viewers; \
         {} command(s) taken, {} refused; publishing took {:.0} µs a cycle on average, {:.0} µs at most",
        if r.ended { "run ended" } else { "stopped" },
        r.sim_time_s,
        r.viewers_connected,
        r.viewers_dropped,
        r.frames_published,
        r.frames_skipped,
        r.commands.0,
        r.commands.1,
        r.publish_mean_us,
        r.publish_max_us
    )?;
    if let Some(e) = r.error {
        errln!("the run stopped: {e}");
        return Ok(ExitCode::from(1));
    }
    Ok(if interrupted {
        ExitCode::from(INTERRUPTED as u8)
    } else {
        ExitCode::SUCCESS
    })
}

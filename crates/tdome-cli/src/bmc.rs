//! `tdome bmc`: the battle manager on live ASTERIX plots (tdome-node, docs/interfaces.md).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use tdome_core::SimDuration;
use tdome_core::net::UdpAddress;
use tdome_node::intake::IntakePolicy;
use tdome_node::live::CycleClock;
use tdome_node::service::{BmcOptions, BmcReport};

use crate::output::errln;
use crate::run;

/// `tdome bmc`'s arguments.
pub struct BmcArgs<'a> {
    /// The scenario: radars by SAC/SIC, assets, batteries, doctrine.
    pub scenario: Option<&'a Path>,
    /// Where to receive ASTERIX.
    pub asterix_in: &'a UdpAddress,
    /// Where to send CAT062 tracks.
    pub asterix_out: Option<&'a UdpAddress>,
    /// Orders file (JSON lines); stdout without one.
    pub orders: Option<&'a Path>,
    /// Cycle on the data's time rather than the wall clock.
    pub data_clock: bool,
    /// Stop after this many seconds without a datagram.
    pub idle_exit_s: Option<f64>,
    /// Port for the live picture in the browser, on loopback.
    pub serve: Option<u16>,
    /// The intake's stale limit, in seconds, on the wall clock.
    pub stale_after_s: Option<f64>,
    /// The intake's allowance for plots stamped ahead of the clock, in seconds.
    pub max_skew_s: Option<f64>,
}

/// Exit status after Ctrl-C or SIGTERM, as `tdome serve`'s.
const INTERRUPTED: i32 = 130;

pub fn bmc(args: BmcArgs<'_>) -> anyhow::Result<ExitCode> {
    let listen = match args.asterix_in.resolve() {
        Ok(a) => a,
        Err(e) => {
            errln!("error: --asterix-in {e}");
            return Ok(ExitCode::from(2));
        }
    };
    // Opened before listening, so that an address that does not resolve is bad input.
    let asterix_out = match args
        .asterix_out
        .map(tdome_core::net::UdpSender::open)
        .transpose()
    {
        Ok(a) => a,
        Err(e) => {
            errln!("error: --asterix-out {e}");
            return Ok(ExitCode::from(2));
        }
    };
    for (flag, value) in [
        ("--idle-exit", args.idle_exit_s),
        ("--stale-after", args.stale_after_s),
        ("--max-skew", args.max_skew_s),
    ] {
        if let Some(s) = value
            && !(s.is_finite() && s > 0.0)
        {
            errln!("{flag} {s}: expected a positive number of seconds");
            return Ok(ExitCode::from(2));
        }
    }
    // On the data's own clock a plot is never late or early against that clock: the
    // limits would judge the data against itself.
    if args.data_clock && (args.stale_after_s.is_some() || args.max_skew_s.is_some()) {
        errln!(
            "--stale-after and --max-skew judge plots against the wall clock: not with --data-clock"
        );
        return Ok(ExitCode::from(2));
    }
    let Some(scenario) = run::load(args.scenario) else {
        return Ok(ExitCode::from(2));
    };
    let clock = if args.data_clock {
        CycleClock::Data
    } else {
        CycleClock::Wall
    };
    let defaults = tdome_node::service::default_policy(&scenario, clock);
    let policy = IntakePolicy {
        stale_after: args
            .stale_after_s
            .map_or(defaults.stale_after, SimDuration::from_seconds),
        max_skew: args
            .max_skew_s
            .map_or(defaults.max_skew, SimDuration::from_seconds),
    };
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, INTERRUPTED, Arc::clone(&stop))?;
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut orders: Box<dyn Write> = match args.orders {
        Some(path) => Box::new(BufWriter::new(File::create(path).map_err(|e| {
            anyhow::anyhow!("cannot create the orders file {}: {e}", path.display())
        })?)),
        None => Box::new(std::io::stdout().lock()),
    };
    errln!(
        "tdome bmc — scenario '{}': listening for ASTERIX on {}, {} radar(s) by SAC/SIC, {} clock",
        scenario.name,
        args.asterix_in,
        scenario.sensors.len(),
        if args.data_clock { "data" } else { "wall" }
    );
    if !args.data_clock {
        errln!(
            "  plots dropped when older than {:.1} s or stamped more than {:.1} s ahead",
            policy.stale_after.as_seconds(),
            policy.max_skew.as_seconds()
        );
    }
    let options = BmcOptions {
        scenario,
        listen,
        asterix_out,
        clock,
        policy: Some(policy),
        idle_exit: args.idle_exit_s.map(Duration::from_secs_f64),
        stop: Arc::clone(&stop),
        serve: args.serve.map(|port| tdome_live::ServeOptions {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            speed: 1.0,
            token: None,
            record: None,
        }),
    };
    let report = tdome_node::service::run(options, &mut orders)?;
    orders.flush()?;
    print_report(&report);
    Ok(if stop.load(std::sync::atomic::Ordering::Relaxed) {
        ExitCode::from(INTERRUPTED as u8)
    } else {
        ExitCode::SUCCESS
    })
}

/// The run's counts, on stderr (stdout may be the orders).
fn print_report(r: &BmcReport) {
    let i = &r.input;
    errln!(
        "tdome bmc — done: {} cycles, {} orders, {} live tracks, {} CAT062 messages sent",
        r.cycles,
        r.orders,
        r.tracks,
        r.tracks_sent
    );
    errln!(
        "  input: {} datagrams ({} malformed, {} dropped in bursts), {} CAT048 reports → {} plots, {} CAT034 messages, {} other records",
        i.datagrams,
        i.malformed,
        i.dropped_in_burst,
        i.reports,
        i.plots,
        i.service_messages,
        i.other_records
    );
    errln!(
        "  reports dropped: {} unknown SAC/SIC, {} not 3D plots, {} duplicates, {} stale, {} ahead of the clock; {} out of order (passed on)",
        i.unknown_source,
        i.not_plots,
        i.duplicates,
        i.stale,
        i.from_the_future,
        i.out_of_order
    );
    errln!(
        "  tracker: {} plots too late for its reorder window, {} unusable",
        r.plots_late,
        r.plots_unusable
    );
}

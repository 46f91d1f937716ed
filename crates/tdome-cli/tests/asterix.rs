//! The field's interfaces end to end: `tdome run --asterix-out` sends a run's plots,
//! north markers and tracks over UDP; `tdome bmc` takes those plots as any ASTERIX
//! source's, on the data's own clock, and its picture and orders are checked against the
//! simulator's own battle manager on the same plots.

use std::collections::BTreeMap;
use std::net::UdpSocket;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tdome_asterix::{Record, decode_datagram};

mod common;

use common::{root, scratch};

/// Every datagram arriving at `socket` until it has been quiet for `quiet`.
fn receive_all(
    socket: &UdpSocket,
    quiet: Duration,
    mut until_done: impl FnMut() -> bool,
) -> Vec<Vec<u8>> {
    socket
        .set_read_timeout(Some(Duration::from_millis(50)))
        .expect("timeout");
    let mut got = Vec::new();
    let mut buf = vec![0u8; 65_536];
    let mut last = Instant::now();
    loop {
        match socket.recv(&mut buf) {
            Ok(n) => {
                got.push(buf[..n].to_vec());
                last = Instant::now();
            }
            Err(_) if until_done() && last.elapsed() > quiet => return got,
            Err(_) => {}
        }
    }
}

/// One CAT062 track message: its plane position and whether it is the track's last.
#[derive(Clone, Copy, Debug)]
struct Message {
    x: f64,
    y: f64,
    last: bool,
}

/// CAT062 track messages by (track number, time of track in 1/128 s).
fn tracks(datagrams: &[Vec<u8>]) -> BTreeMap<(u16, u32), Message> {
    let mut out = BTreeMap::new();
    for d in datagrams {
        decode_datagram(d, |_, r| {
            if let Record::Cat062(t) = r {
                let (x, y) = t.position_cartesian.expect("plane position").metres();
                let last = t.status.as_ref().expect("status").last_message;
                out.insert(
                    (t.track_number.expect("number"), t.time_of_track.raw()),
                    Message { x, y, last },
                );
            }
        })
        .expect("tdome's own datagrams decode");
    }
    out
}

fn category(d: &[u8]) -> u8 {
    d[0]
}

/// `tdome bmc` as `command` says, started from the project's root, once it says it
/// listens, and the reader of all it says on standard error, read as it comes. Plots
/// may go from then on: it says so just before binding, and the socket queues what
/// arrives while it builds its battle manager.
fn listening(command: &mut Command) -> (std::process::Child, std::thread::JoinHandle<String>) {
    let mut bmc = command
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tdome bmc");
    let stderr = bmc.stderr.take().expect("stderr");
    let (said, hear) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)) {
            let line = line.expect("utf-8");
            if line.contains("listening for ASTERIX") {
                let _ = said.send(());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    hear.recv_timeout(Duration::from_secs(60))
        .expect("tdome bmc listens");
    std::thread::sleep(Duration::from_millis(200));
    (bmc, reader)
}

#[test]
fn the_live_battle_manager_on_a_runs_plots_agrees_with_the_simulators() {
    let scenario = "scenarios/tests/minimal.toml";
    // 1. The simulator, its radars and battle manager on the wire.
    let sim_rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let sim_port = sim_rx.local_addr().expect("address").port();
    let records = scratch("asterix-run");
    let mut run = Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args(["run", scenario, "--quiet", "--asterix-out"])
        .arg(format!("udp://127.0.0.1:{sim_port}"))
        .arg("--record")
        .arg(&records)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tdome run");
    let sent = receive_all(&sim_rx, Duration::from_millis(300), || {
        run.try_wait().expect("wait").is_some()
    });
    let run_out = run.wait_with_output().expect("run output");
    assert!(
        run_out.status.success(),
        "{}",
        String::from_utf8_lossy(&run_out.stderr)
    );
    let (radar, system): (Vec<_>, Vec<_>) = sent.into_iter().partition(|d| category(d) != 62);
    assert!(radar.iter().any(|d| category(d) == 48), "plots sent");
    assert!(
        radar.iter().any(|d| category(d) == 34),
        "north markers sent"
    );
    let sim_tracks = tracks(&system);
    assert!(!sim_tracks.is_empty(), "tracks sent");

    // 2. tdome bmc on the radars' datagrams, on the data's clock.
    let bmc_tx_rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let out_port = bmc_tx_rx.local_addr().expect("address").port();
    let in_port = UdpSocket::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let dir = scratch("bmc-live");
    let orders = dir.join("orders.jsonl");
    let (mut bmc, reader) = listening(
        Command::new(env!("CARGO_BIN_EXE_tdome"))
            .args([
                "bmc",
                "--scenario",
                scenario,
                "--data-clock",
                "--idle-exit",
                "1.5",
            ])
            .arg("--asterix-in")
            .arg(format!("udp://127.0.0.1:{in_port}"))
            .arg("--asterix-out")
            .arg(format!("udp://127.0.0.1:{out_port}"))
            .arg("--orders")
            .arg(&orders),
    );
    let tx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    // Live input is messy: garbage first, and the first plots' datagram twice.
    tx.send_to(&[0xFF; 7], ("127.0.0.1", in_port))
        .expect("send");
    let first_plots = radar.iter().position(|d| category(d) == 48).expect("plots");
    for (i, d) in radar.iter().enumerate() {
        tx.send_to(d, ("127.0.0.1", in_port)).expect("send");
        if i == first_plots {
            tx.send_to(d, ("127.0.0.1", in_port)).expect("send");
        }
        if i % 32 == 31 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let from_bmc = receive_all(&bmc_tx_rx, Duration::from_millis(300), || {
        bmc.try_wait().expect("wait").is_some()
    });
    let status = bmc.wait().expect("bmc");
    let report = reader.join().expect("stderr");
    assert!(status.success(), "{report}");
    let live_tracks = tracks(&from_bmc);
    assert!(
        report.contains("(1 malformed, 0 dropped in bursts)"),
        "{report}"
    );
    let duplicated = {
        let mut n = 0;
        decode_datagram(&radar[first_plots], |_, _| n += 1).expect("decodes");
        n
    };
    assert!(
        report.contains(&format!(" {duplicated} duplicates")),
        "{report}"
    );

    // 3. The same tracks at the same times, in the same places to within what the
    // wire's resolution (7 m in range, 0.005° in angle) moves them. A deletion may come
    // at another cycle: the time of day's 1/128 s moves a plot's time by up to 4 ms,
    // and the deletion rules have thresholds in time — a track silent for 2.498 s in the
    // simulator is silent for 2.5 s on the wire, two whole missed looks; a plot 2 ms
    // after a planned intercept is no longer after it, so kill assessment (3 s after the
    // intercept) drops the track sooner. Each deletion is matched within that delay.
    let within_128 = 4 * 128; // 4 s in 1/128 s
    let last_live = live_tracks.keys().map(|k| k.1).max().unwrap_or(0);
    let (mut compared, mut matched, mut deletions, mut deletions_matched) = (0, 0, 0, 0);
    let mut worst: f64 = 0.0;
    for (&(number, t), m) in sim_tracks.iter().filter(|(k, _)| k.1 <= last_live) {
        let found = if m.last {
            deletions += 1;
            live_tracks
                .range((number, t.saturating_sub(within_128))..=(number, t + within_128))
                .find(|(_, l)| l.last)
        } else {
            compared += 1;
            live_tracks
                .get_key_value(&(number, t))
                .filter(|(_, l)| !l.last)
        };
        match found {
            Some((_, l)) => {
                if m.last {
                    deletions_matched += 1;
                } else {
                    matched += 1;
                    worst = worst.max((m.x - l.x).hypot(m.y - l.y));
                }
            }
            None => eprintln!(
                "simulator only: track {number} at {t}/128 s (last: {})",
                m.last
            ),
        }
    }
    eprintln!(
        "simulator: {} track messages, live: {}; updates matched {matched} of {compared}, \
         deletions {deletions_matched} of {deletions}, worst {worst:.1} m\n{report}",
        sim_tracks.len(),
        live_tracks.len()
    );
    assert!(compared > 20, "too little to compare: {compared}");
    assert_eq!(matched, compared, "every update at the same time");
    assert_eq!(
        deletions_matched, deletions,
        "every deletion within a cycle"
    );
    assert!(worst < 30.0, "worst difference {worst:.1} m");
    // And the same shots.
    let text = std::fs::read_to_string(&orders).expect("orders");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let live: Vec<(u64, f64)> = lines
        .iter()
        .map(|l| {
            assert_eq!(l["event"], "order");
            assert_eq!(l["battery_name"], "battery");
            let launch_ns = l["launch_time"].as_i64().expect("launch time, ns");
            (l["track"].as_u64().expect("track"), launch_ns as f64 / 1e9)
        })
        .collect();
    // The simulator's launches (engagements.csv: time_s, track_id, outcome).
    let csv = std::fs::read_to_string(records.join("engagements.csv")).expect("records");
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ct, ck, co) = (col("time_s"), col("track_id"), col("outcome"));
    let simulated: Vec<(u64, f64)> = rows
        .map(|r| r.split(',').collect::<Vec<_>>())
        .filter(|f| f[co] == "launched")
        .map(|f| (f[ck].parse().expect("track"), f[ct].parse().expect("time")))
        .collect();
    // The same shots at the same tracks. Their times differ a little: the live battle
    // manager plans on tracks of quantised plots (launch times move by tenths of a
    // second), and with no world behind it its batteries' status is its own
    // bookkeeping rather than the world's report (the last shot here comes 2.5 s
    // sooner).
    eprintln!("orders: simulator {simulated:?}, live {live:?}");
    assert_eq!(live.len(), simulated.len(), "as many shots");
    for ((lt, ls), (st, ss)) in live.iter().zip(&simulated) {
        assert_eq!(lt, st, "the same track");
        assert!((ls - ss).abs() < 3.0, "launch at {ls} s against {ss} s");
    }
}

/// What `tdome bmc` on the wall clock, with `limits` (its flags), counts of one datagram
/// of three plots from the minimal scenario's radar (SAC/SIC 0/1): stamped 5 s before
/// it is sent, 1.5 s after, and at the moment it is sent. Its closing report's
/// "reports dropped" line.
fn wall_clock_drops(limits: &[&str]) -> String {
    use tdome_asterix::BlockWriter;
    use tdome_asterix::cat048::{Cat048Record, Cat048Special, PolarPosition};
    use tdome_asterix::utc::time_of_day;
    use tdome_core::UtcTime;

    let port = UdpSocket::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let (mut bmc, reader) = listening(
        Command::new(env!("CARGO_BIN_EXE_tdome"))
            .args([
                "bmc",
                "--scenario",
                "scenarios/tests/minimal.toml",
                "--idle-exit",
                "1",
            ])
            .args(limits)
            .arg("--asterix-in")
            .arg(format!("udp://127.0.0.1:{port}")),
    );
    let now = UtcTime::now().unix_nanos();
    let mut datagram = Vec::new();
    let mut block = BlockWriter::new(&mut datagram, 48);
    for (offset_s, range_m) in [(-5.0, 20_000.0), (1.5, 21_000.0), (0.0, 22_000.0)] {
        let stamp = UtcTime::from_unix_nanos(now + (offset_s * 1e9) as i64);
        Cat048Record {
            position: PolarPosition::from_range_azimuth(range_m, 30.0).ok(),
            special: Some(Cat048Special::from_measured(range_m, 30.0, 5.0, None).expect("SP")),
            ..Cat048Record::new(
                tdome_asterix::DataSource { sac: 0, sic: 1 },
                time_of_day(stamp),
            )
        }
        .encode(block.out());
    }
    block.finish().expect("block");
    UdpSocket::bind("127.0.0.1:0")
        .expect("bind")
        .send_to(&datagram, ("127.0.0.1", port))
        .expect("send");
    assert!(bmc.wait().expect("tdome bmc ends").success());
    let said = reader.join().expect("stderr read");
    assert!(said.contains("3 CAT048 reports"), "{said}");
    said.lines()
        .find(|l| l.contains("reports dropped"))
        .unwrap_or_else(|| panic!("no report of drops: {said}"))
        .to_owned()
}

#[test]
fn on_the_wall_clock_the_stale_and_skew_limits_given_are_kept() {
    // The minimal scenario's defaults: stale after four 0.5 s cycles + 5 s, 2 s of skew.
    let defaults = wall_clock_drops(&[]);
    assert!(
        defaults.contains(" 0 stale, 0 ahead of the clock"),
        "{defaults}"
    );
    let tight = wall_clock_drops(&["--stale-after", "3", "--max-skew", "1"]);
    assert!(tight.contains(" 1 stale, 1 ahead of the clock"), "{tight}");
}

#[test]
fn bad_addresses_and_options_are_refused_before_anything_runs() {
    for args in [
        &["bmc", "--asterix-in", "udp://127.0.0.1"][..],
        &["bmc", "--asterix-in", "tcp://127.0.0.1:8600"],
        &["bmc", "--asterix-in", "udp://127.0.0.1:0", "--idle-exit=-3"],
        &[
            "bmc",
            "--asterix-in",
            "udp://127.0.0.1:0",
            "--stale-after=0",
        ],
        &["bmc", "--asterix-in", "udp://127.0.0.1:0", "--max-skew=nan"],
        &[
            "bmc",
            "--asterix-in",
            "udp://127.0.0.1:0",
            "--data-clock",
            "--max-skew=3",
        ],
        &[
            "bmc",
            "--asterix-in",
            "udp://127.0.0.1:0",
            "--asterix-out",
            "udp://no-such-host.invalid:1",
        ],
        &[
            "bmc",
            "--scenario",
            "scenarios/tests/invalid/broken-string.toml",
            "--asterix-in",
            "udp://127.0.0.1:0",
        ],
        &[
            "run",
            "scenarios/tests/minimal.toml",
            "--asterix-out",
            "udp://[::1:8600",
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_tdome"))
            .args(args)
            .current_dir(root())
            .output()
            .expect("tdome");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stderr.is_empty(), "{args:?} says why");
    }
}

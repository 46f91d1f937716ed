//! `tdome serve` as a command: the URL it prints answers, it records when asked and the
//! records equal `tdome run`'s, it stops with 130 on SIGINT, and bad options exit 2.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

mod common;

use common::{root, scratch, tdome, text};

#[test]
fn serve_prints_a_url_that_answers_and_records_what_tdome_run_records() {
    let served = scratch("serve-record");
    let ran = scratch("serve-run");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args([
            "serve",
            "scenarios/tests/minimal.toml",
            "--port",
            "0",
            "--speed",
            "2000",
        ])
        .args(["--exit-at-end", "--record"])
        .arg(&served)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tdome serve starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("open ").map(str::to_owned))
        .expect("a URL");
    let authority = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(
        authority.starts_with("127.0.0.1:"),
        "loopback by default: {url}"
    );
    // The page answers while it runs (or has just ended: the process waits for none).
    if let Ok(mut s) = TcpStream::connect(&authority) {
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut page = String::new();
        let _ = s.read_to_string(&mut page);
        assert!(
            page.is_empty() || page.starts_with("HTTP/1.1 200"),
            "{page}"
        );
    }
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().expect("exits");
    assert!(status.success(), "{rest:?}");
    assert!(
        rest.iter()
            .any(|l| l.starts_with("run ended at t = 300.0 s")),
        "{rest:?}"
    );
    // The same run as `tdome run` with the same seed: the same records.
    let out = tdome(&[
        "run",
        "scenarios/tests/minimal.toml",
        "--quiet",
        "--record",
        ran.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for file in [
        "truth.csv",
        "tracks.csv",
        "engagements.csv",
        "assessments.csv",
        "impacts.csv",
        "magazine.csv",
        "modes.csv",
        "run_start.json",
    ] {
        let a = std::fs::read(served.join(file)).expect(file);
        let b = std::fs::read(ran.join(file)).expect(file);
        assert!(a == b, "{file} differs between tdome serve and tdome run");
    }
}

#[test]
fn serve_stops_with_130_on_sigint() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args(["serve", "scenarios/tests/minimal.toml", "--port", "0"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tdome serve starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    assert!(
        lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.starts_with("open "))
    );
    let pid = child.id().to_string();
    let killed = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(130));
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|l| l.starts_with("stopped at t = ")),
        "{rest:?}"
    );
}

#[test]
fn bad_serve_options_exit_2_with_a_reason() {
    let out = tdome(&[
        "serve",
        "scenarios/tests/minimal.toml",
        "--speed",
        "0",
        "--port",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--speed 0"),
        "{}",
        text(&out.stderr)
    );
    let out = tdome(&[
        "serve",
        "scenarios/tests/invalid/several.toml",
        "--port",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = tdome(&["serve", "--replay", "/nonexistent/records", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot replay"),
        "{}",
        text(&out.stderr)
    );
}

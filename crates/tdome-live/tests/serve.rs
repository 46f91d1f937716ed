//! `tdome serve` end to end over real sockets: a WebSocket viewer watches the minimal
//! scenario, commands a battery to weapons hold, and the battle manager's orders (the
//! run's own records) show that it obeyed; bad commands change nothing; viewers that
//! leave or stop reading do not hold the run up.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use tdome_live::{ServeOptions, serve};
use tungstenite::{Message, WebSocket};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scenario() -> tdome_scenario::Scenario {
    tdome_scenario::load(&root().join("scenarios/tests/minimal.toml")).expect("minimal")
}

type Ws = WebSocket<TcpStream>;

fn connect(addr: SocketAddr) -> Ws {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let (ws, _) = tungstenite::client::client(format!("ws://{addr}/ws"), stream).expect("upgrade");
    ws
}

fn next_json(ws: &mut Ws) -> Value {
    loop {
        match ws.read().expect("a message") {
            Message::Text(t) => return serde_json::from_str(t.as_str()).expect("JSON"),
            Message::Close(_) => panic!("closed"),
            _ => {}
        }
    }
}

/// Read until a message satisfies `want`, or fail after `within`.
fn until(ws: &mut Ws, within: Duration, mut want: impl FnMut(&Value) -> bool) -> Value {
    let deadline = Instant::now() + within;
    loop {
        assert!(Instant::now() < deadline, "not seen within {within:?}");
        let m = next_json(ws);
        if want(&m) {
            return m;
        }
    }
}

fn send(ws: &mut Ws, text: &str) {
    ws.send(Message::text(text.to_owned())).expect("send");
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tdome-live-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn a_viewer_watches_commands_hold_and_the_battle_manager_obeys() {
    let records = temp_dir("hold");
    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        // Nearly still until the command is in: the rockets launch from t = 10 s.
        speed: 0.01,
        token: None,
        record: Some(records.clone()),
    };
    let serving = serve(&scenario(), 7, &options).expect("serve");
    let mut ws = connect(serving.addr);
    let hello = next_json(&mut ws);
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["source"], "live");
    assert_eq!(hello["theatre"]["scenario"], "minimal");
    assert_eq!(hello["theatre"]["epoch"], "2026-01-01T00:00:00Z");
    assert_eq!(hello["theatre"]["batteries"][0]["name"], "battery");
    assert_eq!(hello["commands"]["allowed"], true);
    let key = next_json(&mut ws);
    assert_eq!(
        (key["type"].as_str(), key["key"].as_bool()),
        (Some("frame"), Some(true))
    );
    assert_eq!(key["batteries"][0][4], "free");

    // Bad commands: each answered with an error, none changing anything.
    for bad in [
        "{",
        r#"{"type":"mode","id":1,"battery":5,"mode":"hold"}"#,
        r#"{"type":"mode","id":2,"battery":0,"mode":"fire"}"#,
        r#"{"type":"speed","id":3,"speed":-1}"#,
        r#"{"type":"seek","id":4,"t":3}"#,
    ] {
        send(&mut ws, bad);
        let e = until(&mut ws, Duration::from_secs(5), |m| m["type"] != "frame");
        assert_eq!(e["type"], "error", "{bad}: {e}");
    }
    send(
        &mut ws,
        &format!(r#"{{"type":"pause","pad":"{}"}}"#, "x".repeat(4000)),
    );
    let e = until(&mut ws, Duration::from_secs(5), |m| m["type"] != "frame");
    assert!(
        e["message"].as_str().is_some_and(|m| m.contains("1024")),
        "{e}"
    );
    assert_eq!(serving.modes(), [tdome_core::orders::OperatorMode::Free]);
    assert!((serving.clock().speed() - 0.01).abs() < 1e-12);

    // Weapons hold on the only battery, then let the run go.
    send(
        &mut ws,
        r#"{"type":"mode","id":10,"battery":0,"mode":"hold"}"#,
    );
    let ack = until(&mut ws, Duration::from_secs(5), |m| m["type"] != "frame");
    assert_eq!(
        (ack["type"].as_str(), ack["ref"].as_i64()),
        (Some("ack"), Some(10))
    );
    send(&mut ws, r#"{"type":"speed","id":11,"speed":200}"#);
    // The page sees the new mode and its log line once the battle manager takes it.
    let f = until(&mut ws, Duration::from_secs(20), |m| {
        m["type"] == "frame" && m["batteries"][0][4] == "hold"
    });
    let logged = f["log"].as_array().expect("log").iter().any(|l| {
        l["kind"] == "mode"
            && l["text"]
                .as_str()
                .is_some_and(|t| t.contains("hold (operator)"))
    });
    assert!(logged, "{f}");
    // Tracks appear and the threats come down: counts change.
    let seen_track = until(&mut ws, Duration::from_secs(20), |m| {
        m["type"] == "frame" && m["tracks"].as_array().is_some_and(|t| !t.is_empty())
    });
    assert!(
        seen_track["tracks"][0][2]
            .as_f64()
            .is_some_and(|lat| (23.5..24.5).contains(&lat))
    );
    let end = until(&mut ws, Duration::from_secs(30), |m| {
        m["type"] == "frame" && m["ended"] == true
    });
    let counts = &end["counts"];
    assert_eq!(counts["launched"], 4, "{end}");
    // Under hold nothing is fired, so all four come down.
    assert_eq!(counts["interceptors_launched"], 0, "{end}");
    assert_eq!(
        counts["leaked"].as_u64().unwrap_or(0) + counts["fell_in_open"].as_u64().unwrap_or(0),
        4
    );
    let report = serving.stop();
    assert!(report.ended);
    assert_eq!(report.commands, (2, 6));

    // The records agree: the operator's change, no launch, and assessments held for it.
    let modes = std::fs::read_to_string(records.join("modes.csv")).expect("modes.csv");
    let rows: Vec<&str> = modes.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{modes}");
    assert!(rows[0].ends_with(",battery,hold,operator"), "{modes}");
    let engagements =
        std::fs::read_to_string(records.join("engagements.csv")).expect("engagements.csv");
    assert_eq!(
        engagements.lines().count(),
        1,
        "no order under hold:\n{engagements}"
    );
    let assessments =
        std::fs::read_to_string(records.join("assessments.csv")).expect("assessments.csv");
    assert!(assessments.contains("hold_operator_hold"), "{assessments}");
    let _ = std::fs::remove_dir_all(&records);
}

#[test]
fn viewers_that_leave_or_stop_reading_do_not_hold_up_the_run() {
    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        speed: 100.0,
        token: None,
        record: None,
    };
    let started = Instant::now();
    let serving = serve(&scenario(), 7, &options).expect("serve");
    // One that upgrades and never reads a byte.
    let mut silent = TcpStream::connect(serving.addr).expect("connect");
    write!(
        silent,
        "GET /ws HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        serving.addr
    )
    .expect("upgrade");
    // One that leaves at once, one that leaves after its hello.
    drop(connect(serving.addr));
    let mut brief = connect(serving.addr);
    next_json(&mut brief);
    drop(brief);
    // A watcher to the end.
    let mut ws = connect(serving.addr);
    until(&mut ws, Duration::from_secs(30), |m| {
        m["type"] == "frame" && m["ended"] == true
    });
    // 300 s at 100× is 3 s of wall time; allow for a slow machine, not for a stall.
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let report = serving.stop();
    assert!(report.ended);
    assert_eq!(report.viewers_connected, 4);
    drop(silent);
}

#[test]
fn http_serves_the_page_refuses_the_rest_and_cross_origin_sockets() {
    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        speed: 1.0,
        token: None,
        record: None,
    };
    let serving = serve(&scenario(), 7, &options).expect("serve");
    let get = |request: &str| {
        let mut s = TcpStream::connect(serving.addr).expect("connect");
        s.write_all(request.as_bytes()).expect("write");
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    let page = get("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("Content-Security-Policy: default-src 'self'"));
    assert!(get("GET /world.json HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 200"));
    assert!(get("GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 404"));
    assert!(get("POST / HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 405"));
    assert!(get("GARBAGE\r\n\r\n").starts_with("HTTP/1.1 400"));
    assert!(get("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 400"));
    let cross = format!(
        "GET /ws HTTP/1.1\r\nHost: {}\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n",
        serving.addr
    );
    assert!(get(&cross).starts_with("HTTP/1.1 403"));
    serving.stop();
}

#[test]
fn beyond_loopback_commands_need_the_token() {
    // Bound to every interface: viewers may watch, and without a token nobody commands.
    let options = ServeOptions {
        bind: "0.0.0.0:0".parse().expect("addr"),
        speed: 1.0,
        token: None,
        record: None,
    };
    let serving = serve(&scenario(), 7, &options).expect("serve");
    let local: SocketAddr = format!("127.0.0.1:{}", serving.addr.port())
        .parse()
        .expect("addr");
    let mut ws = connect(local);
    let hello = next_json(&mut ws);
    assert_eq!(hello["commands"]["allowed"], false);
    send(
        &mut ws,
        r#"{"type":"mode","id":1,"battery":0,"mode":"hold"}"#,
    );
    let e = until(&mut ws, Duration::from_secs(5), |m| m["type"] != "frame");
    assert_eq!(e["type"], "error");
    serving.stop();

    let options = ServeOptions {
        token: Some("letmein".into()),
        ..options
    };
    let serving = serve(&scenario(), 7, &options).expect("serve");
    let local: SocketAddr = format!("127.0.0.1:{}", serving.addr.port())
        .parse()
        .expect("addr");
    let mut ws = connect(local);
    let hello = next_json(&mut ws);
    assert_eq!(hello["commands"]["token_required"], true);
    send(&mut ws, r#"{"type":"pause","id":2,"token":"guess"}"#);
    let e = until(&mut ws, Duration::from_secs(5), |m| m["type"] != "frame");
    assert_eq!(e["type"], "error");
    assert!(!serving.clock().paused());
    send(&mut ws, r#"{"type":"pause","id":3,"token":"letmein"}"#);
    let a = until(&mut ws, Duration::from_secs(5), |m| m["type"] != "frame");
    assert_eq!(a["type"], "ack");
    assert!(serving.clock().paused());
    serving.stop();
}

#[test]
fn a_replay_plays_the_records_and_seeks_both_ways() {
    // Record the minimal run.
    let records = temp_dir("replay");
    let s = scenario();
    let mut sim = tdome_world::Simulation::new(&s, 7).expect("world");
    let mut recorder = tdome_io::CsvRecorder::create(&records).expect("recorder");
    while !sim.finished() {
        sim.step(&mut recorder).expect("step");
    }
    tdome_core::event::EventSink::finish(&mut recorder).expect("finish");

    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        speed: 1.0,
        token: None,
        record: None,
    };
    let serving = tdome_live::replay::serve_replay(&records, &options).expect("replay");
    let mut ws = connect(serving.addr);
    let hello = next_json(&mut ws);
    assert_eq!(hello["source"], "replay");
    assert_eq!(hello["commands"]["seek"], true);
    let key = next_json(&mut ws);
    assert_eq!(key["key"], true);
    assert!(key["t"].as_f64().is_some_and(|t| t < 5.0), "{key}");
    // To the end: every rocket launched, and the engagements of the run.
    send(&mut ws, r#"{"type":"seek","id":1,"t":299}"#);
    let end = until(&mut ws, Duration::from_secs(10), |m| {
        m["type"] == "frame" && m["key"] == true && m["t"].as_f64().is_some_and(|t| t >= 299.0)
    });
    assert_eq!(end["counts"]["launched"], 4, "{end}");
    let fired = end["counts"]["interceptors_launched"]
        .as_u64()
        .expect("count");
    assert!(fired > 0, "{end}");
    assert!(end["log"].as_array().is_some_and(|l| {
        l.iter()
            .any(|e| e["kind"] == "launch" && !e["why"].is_null())
    }));
    // And back: nothing launched yet at 5 s.
    send(&mut ws, r#"{"type":"seek","id":2,"t":5}"#);
    let back = until(&mut ws, Duration::from_secs(10), |m| {
        m["type"] == "frame" && m["key"] == true && m["t"].as_f64().is_some_and(|t| t < 10.0)
    });
    assert_eq!(back["counts"]["launched"], 0, "{back}");
    // A replay plays what was recorded: no mode change, no seek past the end.
    for bad in [
        r#"{"type":"mode","id":3,"battery":0,"mode":"hold"}"#,
        r#"{"type":"seek","id":4,"t":301}"#,
    ] {
        send(&mut ws, bad);
        let e = until(&mut ws, Duration::from_secs(5), |m| {
            m["type"] == "error" || m["type"] == "ack"
        });
        assert_eq!(e["type"], "error", "{bad}: {e}");
    }
    serving.stop();
    let _ = std::fs::remove_dir_all(&records);
}

#[test]
fn a_flood_of_connections_is_turned_away_and_the_server_recovers() {
    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        speed: 1.0,
        token: None,
        record: None,
    };
    let serving = serve(&scenario(), 7, &options).expect("serve");
    let get = || {
        let mut s = TcpStream::connect(serving.addr).expect("connect");
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    // Connections that send nothing hold their threads until they time out or close.
    let idle: Vec<TcpStream> = (0..tdome_live::server::MAX_CONNECTIONS)
        .map(|_| TcpStream::connect(serving.addr).expect("connect"))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut refused = get();
    while !refused.starts_with("HTTP/1.1 503") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        refused = get();
    }
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut page = get();
    while !page.starts_with("HTTP/1.1 200") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        page = get();
    }
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    serving.stop();
}

#[test]
fn a_hit_says_how_much_of_the_asset_went_when_the_records_know() {
    use tdome_core::event::{Event, ImpactRecord};
    use tdome_core::ids::{AssetId, ObjectId};
    use tdome_core::threat::ThreatKind;
    use tdome_core::{Geodetic, SimTime};
    use tdome_live::picture::{LivePicture, Pace};

    let s = scenario();
    let start = tdome_world::engine::start::run_start(&s, s.seed);
    let mut picture = LivePicture::new();
    picture.apply(&Event::RunStart(&start));
    // A live run's hit, and one replayed from records before format 11 (damage not
    // recorded: NaN).
    for (object, damage) in [(1, 0.02), (2, f64::NAN)] {
        picture.apply(&Event::Impact(&ImpactRecord {
            time: SimTime::from_seconds(f64::from(object)),
            object: ObjectId(object),
            kind: ThreatKind::Rocket,
            point: Geodetic::from_degrees(24.01, 120.01, 0.0),
            asset: Some(AssetId(0)),
            damage,
        }));
    }
    let frame: Value = serde_json::from_str(&picture.keyframe(
        Pace {
            speed: 1.0,
            paused: false,
            behind_s: 0.0,
            ended: false,
        },
        0,
    ))
    .expect("json");
    let texts: Vec<&str> = frame["log"]
        .as_array()
        .expect("log")
        .iter()
        .filter(|e| e["kind"] == "leak")
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert_eq!(texts.len(), 2, "{frame}");
    assert!(
        texts[0].ends_with("hits town (2 % of its value)"),
        "{texts:?}"
    );
    assert!(texts[1].ends_with("hits town"), "{texts:?}");
    assert_eq!(frame["counts"]["leaked"], 2);
}

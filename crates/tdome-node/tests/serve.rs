//! `tdome bmc --serve`: the live battle manager's picture in the browser view. A run's
//! plots go in over UDP; a viewer's WebSocket sees the tracks they make, and a weapons
//! hold it sends is obeyed by the live battle manager (no order follows).

use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use tdome_asterix::writer::AsterixWriter;
use tdome_core::event::Sinks;
use tdome_node::live::CycleClock;
use tdome_node::service::{self, BmcOptions};
use tdome_world::{AsFastAsPossible, Simulation};
use tungstenite::Message;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

fn next_json(ws: &mut tungstenite::WebSocket<TcpStream>) -> serde_json::Value {
    loop {
        match ws.read().expect("a message") {
            Message::Text(t) => return serde_json::from_str(t.as_str()).expect("JSON"),
            Message::Close(c) => panic!("closed: {c:?}"),
            _ => {}
        }
    }
}

#[test]
fn a_viewer_sees_the_live_battle_managers_tracks_and_its_hold_is_obeyed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario = tdome_scenario::load(&root.join("scenarios/tests/minimal.toml")).unwrap();
    // The radars' datagrams of a run.
    let mut sim = Simulation::new(&scenario, scenario.seed).unwrap();
    let mut writer = AsterixWriter::new(Vec::<Vec<u8>>::new());
    {
        let mut sinks = Sinks::new();
        sinks.push(&mut writer);
        sim.run(&mut AsFastAsPossible, &mut sinks, &mut |_| {})
            .unwrap();
    }
    let radar: Vec<Vec<u8>> = writer
        .into_inner()
        .into_iter()
        .filter(|d| d[0] != 62)
        .collect();

    let listen: SocketAddr = format!(
        "127.0.0.1:{}",
        UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    )
    .parse()
    .unwrap();
    let web: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let options = BmcOptions {
        scenario: scenario.clone(),
        listen,
        asterix_out: None,
        clock: CycleClock::Data,
        idle_exit: Some(Duration::from_secs(3)),
        stop: Arc::new(AtomicBool::new(false)),
        serve: Some(tdome_live::ServeOptions {
            bind: web,
            speed: 1.0,
            token: None,
            record: None,
        }),
        policy: None,
    };
    let bmc = std::thread::spawn(move || {
        let mut orders = Vec::new();
        let report = service::run(options, &mut orders);
        (report, orders)
    });
    // The viewer connects and holds the battery before any plot arrives.
    let deadline = Instant::now() + Duration::from_secs(10);
    let stream = loop {
        match TcpStream::connect(web) {
            Ok(s) => break s,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("the picture's server: {e}"),
        }
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let (mut ws, _) =
        tungstenite::client::client(format!("ws://{web}/ws"), stream).expect("upgrade");
    let hello = next_json(&mut ws);
    assert_eq!(hello["type"], "hello", "{hello}");
    ws.send(Message::text(
        r#"{"type":"mode","battery":0,"mode":"hold"}"#,
    ))
    .unwrap();
    let ack = loop {
        let m = next_json(&mut ws);
        eprintln!(
            "got {}",
            m.to_string().chars().take(200).collect::<String>()
        );
        if m["type"] == "ack" || m["type"] == "error" {
            break m;
        }
    };
    assert_eq!(ack["type"], "ack", "{ack}");
    // Then the plots, paced (a datagram every 30 ms, the run's 300 s in about 2 s) so
    // that the picture's 50 ms frames catch the tracks alive.
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let sender = std::thread::spawn(move || {
        for d in &radar {
            tx.send_to(d, listen).unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut shown = false;
    while Instant::now() < deadline {
        let m = match ws.read() {
            Ok(Message::Text(t)) => {
                serde_json::from_str::<serde_json::Value>(t.as_str()).expect("JSON")
            }
            Ok(_) => continue,
            Err(_) => break,
        };
        if m["type"] == "frame" && m["tracks"].as_array().is_some_and(|t| !t.is_empty()) {
            shown = true;
            break;
        }
    }
    sender.join().unwrap();
    drop(ws);
    let (report, orders) = bmc.join().unwrap();
    let report = report.expect("ran");
    assert!(shown, "no track shown; {report:?}");
    assert!(report.tracks_sent == 0 && report.cycles > 50, "{report:?}");
    // Under hold the live battle manager gave no order, where unheld it gives four
    // (tests/asterix.rs in tdome-cli).
    assert!(orders.is_empty(), "{}", String::from_utf8_lossy(&orders));
}

//! The HTTP and WebSocket server: the page's few files, embedded in the binary, and
//! one WebSocket per viewer at `/ws`.
//!
//! Blocking sockets and a thread per connection: a live picture has a handful of
//! viewers, and this keeps the server free of an async runtime. Each connection thread
//! alternates between sending what the hub queued for it and reading the viewer's
//! commands with a short read timeout; the simulation only ever touches the hub.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tungstenite::protocol::{Role, WebSocketConfig};
use tungstenite::{Message, WebSocket};

use crate::hub::{Hub, Subscription};
use crate::protocol::{self, Command, Policy};

/// The page's files, built into the binary so that `tdome serve` needs nothing beside
/// it and the page nothing from the internet.
const FILES: [(&str, &str, &[u8]); 6] = [
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../web/index.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/app.js"),
    ),
    (
        "/style.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/style.css"),
    ),
    (
        "/vendor/milsymbol.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/vendor/milsymbol.js"),
    ),
    (
        "/world.json",
        "application/json",
        include_bytes!("../web/world.json"),
    ),
    (
        "/vendor/LICENSE-milsymbol",
        "text/plain; charset=utf-8",
        include_bytes!("../web/vendor/LICENSE-milsymbol"),
    ),
];

/// The most connections served at once (a thread each); more are answered 503 at once,
/// so that a flood of connections cannot exhaust the machine's threads.
pub const MAX_CONNECTIONS: usize = 64;

/// The largest HTTP request head read; the page's requests are a few hundred bytes.
const MAX_REQUEST_HEAD: usize = 16 * 1024;

/// What a connection thread carries out for a viewer's validated command.
pub trait Controller: Send + Sync {
    /// Carry out `command`; the text is the acknowledgement, the error a refusal.
    fn apply(&self, command: Command) -> Result<String, String>;
}

/// What every connection thread shares.
pub struct Shared {
    /// The viewers' queues.
    pub hub: Hub,
    /// The `hello` every viewer gets first.
    pub hello: String,
    /// What commands are checked against.
    pub policy: Policy,
    /// What carries them out.
    pub controller: Box<dyn Controller>,
    /// Set to stop accepting and close every connection.
    pub stop: AtomicBool,
}

/// Whether `addr` is loopback, where operator commands need no token.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Accept connections on `listener` until `shared.stop` is set, each on a thread of
/// its own.
pub fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    // Non-blocking accept with a short sleep, so that the loop sees `stop`.
    if listener.set_nonblocking(true).is_err() {
        return;
    }
    let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    while !shared.stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((mut stream, _)) => {
                let _ = stream.set_nonblocking(false);
                if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
                    open.fetch_sub(1, Ordering::AcqRel);
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                    respond(
                        &mut stream,
                        "503 Service Unavailable",
                        "text/plain; charset=utf-8",
                        b"too many connections",
                    );
                    continue;
                }
                let (shared, held) = (Arc::clone(&shared), Arc::clone(&open));
                let spawned = std::thread::Builder::new()
                    .name("tdome-live-conn".into())
                    .spawn(move || {
                        connection(stream, &shared);
                        held.fetch_sub(1, Ordering::AcqRel);
                    });
                if spawned.is_err() {
                    open.fetch_sub(1, Ordering::AcqRel);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// A parsed request head.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    /// Bytes read after the head (a WebSocket client may send its first frame early).
    rest: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Read and parse the request head; `Err` holds the status line and reason to answer.
fn read_request(stream: &mut TcpStream) -> Result<Request, (&'static str, String)> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let n = stream
            .read(&mut chunk)
            .map_err(|e| ("408 Request Timeout", format!("reading the request: {e}")))?;
        if n == 0 {
            return Err((
                "400 Bad Request",
                "the connection closed mid-request".into(),
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 48];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(len)) => {
                return Ok(Request {
                    method: req.method.unwrap_or("").to_owned(),
                    path: req.path.unwrap_or("").to_owned(),
                    headers: req
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_owned(),
                                String::from_utf8_lossy(h.value).into_owned(),
                            )
                        })
                        .collect(),
                    rest: buf[len..].to_vec(),
                });
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_REQUEST_HEAD => continue,
            Ok(httparse::Status::Partial) => {
                return Err((
                    "431 Request Header Fields Too Large",
                    format!("request head over {MAX_REQUEST_HEAD} bytes"),
                ));
            }
            Err(e) => return Err(("400 Bad Request", format!("malformed request: {e}"))),
        }
    }
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: default-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'; style-src 'self' 'unsafe-inline'\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// The host and port of an `Origin` header (`http://host:port`).
fn origin_authority(origin: &str) -> &str {
    origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/')
}

fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = match read_request(&mut stream) {
        Ok(r) => r,
        Err((status, why)) => {
            respond(
                &mut stream,
                status,
                "text/plain; charset=utf-8",
                why.as_bytes(),
            );
            return;
        }
    };
    if request.method != "GET" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"only GET",
        );
        return;
    }
    let path = request.path.split('?').next().unwrap_or("");
    if path == "/ws" {
        websocket(stream, request, shared);
        return;
    }
    match FILES.iter().find(|(p, _, _)| *p == path) {
        Some((_, content_type, body)) => respond(&mut stream, "200 OK", content_type, body),
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found",
        ),
    }
}

fn websocket(mut stream: TcpStream, request: Request, shared: &Shared) {
    let upgrade = request
        .header("Upgrade")
        .is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    let key = request.header("Sec-WebSocket-Key").map(str::to_owned);
    let version_13 = request.header("Sec-WebSocket-Version") == Some("13");
    let (true, Some(key), true) = (upgrade, key, version_13) else {
        respond(
            &mut stream,
            "400 Bad Request",
            "text/plain; charset=utf-8",
            b"expected a WebSocket (version 13) upgrade",
        );
        return;
    };
    // A page from another site, open in the operator's browser, must not drive the
    // battle manager through a loopback socket: a browser always sends `Origin`, and it
    // must be this server's own.
    if let (Some(origin), Some(host)) = (request.header("Origin"), request.header("Host"))
        && !origin_authority(origin).eq_ignore_ascii_case(host)
    {
        respond(
            &mut stream,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            b"cross-origin WebSocket refused",
        );
        return;
    }
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let head = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {accept}\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    // Frames larger than a command could be are refused by tungstenite itself (the
    // connection closes); commands between MAX_COMMAND_BYTES and this get an error reply.
    let config = WebSocketConfig::default()
        .max_message_size(Some(64 * 1024))
        .max_frame_size(Some(64 * 1024))
        .max_write_buffer_size(32 << 20);
    // Short reads, so that the thread also sends what the hub queues.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(10)));
    let mut ws = WebSocket::from_partially_read(stream, request.rest, Role::Server, Some(config));
    let sub = shared.hub.subscribe();
    let gone_badly = session(&mut ws, &sub, shared);
    if gone_badly {
        shared.hub.counters.dropped.fetch_add(1, Ordering::Relaxed);
    }
    let _ = ws.close(None);
    let _ = ws.flush();
}

fn is_timeout(e: &tungstenite::Error) -> bool {
    matches!(e, tungstenite::Error::Io(io) if matches!(
        io.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    ))
}

/// Serve one viewer until it leaves (false) or has to be dropped (true).
fn session(ws: &mut WebSocket<TcpStream>, sub: &Subscription, shared: &Shared) -> bool {
    if ws.send(Message::text(shared.hello.clone())).is_err() {
        return true;
    }
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            return false;
        }
        // Everything queued, then one flush.
        let mut wrote = false;
        while let Some(m) = sub.next(Duration::ZERO) {
            if let Err(e) = ws.write(Message::Text(m))
                && !is_timeout(&e)
            {
                return true;
            }
            wrote = true;
        }
        if wrote && let Err(e) = ws.flush() {
            // A write timeout: the viewer stopped reading.
            let _ = e;
            return true;
        }
        match ws.read() {
            Ok(Message::Text(text)) => command(text.as_str(), sub, shared),
            Ok(Message::Binary(_)) => {
                shared
                    .hub
                    .counters
                    .commands_refused
                    .fetch_add(1, Ordering::Relaxed);
                shared.hub.reply(
                    sub,
                    protocol::error(None, "binary messages are refused: commands are JSON text"),
                );
            }
            Ok(Message::Close(_)) => return false,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {
                // Nothing from the viewer: wait briefly for the next frame instead.
                if let Some(m) = sub.next(Duration::from_millis(15))
                    && ws.send(Message::Text(m)).is_err()
                {
                    return true;
                }
            }
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                return false;
            }
            Err(tungstenite::Error::Capacity(_)) => {
                shared
                    .hub
                    .counters
                    .commands_refused
                    .fetch_add(1, Ordering::Relaxed);
                return true;
            }
            Err(_) => return true,
        }
    }
}

fn command(text: &str, sub: &Subscription, shared: &Shared) {
    let counters = &shared.hub.counters;
    let reply = match protocol::parse_command(text, &shared.policy) {
        Ok((id, c)) => match shared.controller.apply(c) {
            Ok(done) => {
                counters.commands_taken.fetch_add(1, Ordering::Relaxed);
                protocol::ack(id, &done)
            }
            Err(why) => {
                counters.commands_refused.fetch_add(1, Ordering::Relaxed);
                protocol::error(id, &why)
            }
        },
        Err(refusal) => {
            counters.commands_refused.fetch_add(1, Ordering::Relaxed);
            protocol::error(refusal.id, &refusal.message)
        }
    };
    shared.hub.reply(sub, reply);
}

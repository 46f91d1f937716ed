//! The WebSocket protocol between `tdome serve` and the page (documented in
//! `docs/live.md`): the server's `hello`, `frame`, `ack` and `error` messages, and the
//! viewer's commands, each validated before anything is changed.

use serde::{Deserialize, Serialize};
use tdome_core::event::RunStart;
use tdome_core::orders::OperatorMode;

/// Version of the protocol, sent in `hello`.
pub const PROTOCOL_VERSION: u32 = 1;

/// The largest command a viewer may send, in bytes. Commands are a few dozen bytes; a
/// larger one is answered with an error and changes nothing.
pub const MAX_COMMAND_BYTES: usize = 1024;

/// Where the picture comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A run stepping now.
    Live,
    /// A run's records played back.
    Replay,
}

/// What a viewer may send.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Commands {
    /// Whether commands are taken at all.
    pub allowed: bool,
    /// Whether each must carry the token given at start-up.
    pub token_required: bool,
    /// Whether `seek` is taken (replays only).
    pub seek: bool,
}

#[derive(Serialize)]
struct Asset<'a> {
    id: usize,
    name: &'a str,
    value: f64,
    polygon: &'a [[f64; 2]],
}

#[derive(Serialize)]
struct Sensor<'a> {
    id: usize,
    name: &'a str,
    site: [f64; 3],
    range_m: f64,
}

#[derive(Serialize)]
struct Battery<'a> {
    id: usize,
    name: &'a str,
    layer: &'static str,
    site: [f64; 3],
    interceptor: &'a str,
    range_m: f64,
    round_cost_usd: f64,
}

#[derive(Serialize)]
struct Theatre<'a> {
    scenario: &'a str,
    seed: u64,
    epoch: String,
    duration_s: f64,
    origin: [f64; 2],
    assets: Vec<Asset<'a>>,
    sensors: Vec<Sensor<'a>>,
    batteries: Vec<Battery<'a>>,
}

#[derive(Serialize)]
struct Hello<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    version: u32,
    source: Source,
    commands: Commands,
    theatre: Theatre<'a>,
}

/// The first message to a viewer: the theatre it will watch and what it may command.
pub fn hello(start: &RunStart, source: Source, commands: Commands) -> String {
    let site = |g: &tdome_core::Geodetic| [g.lat_deg(), g.lon_deg(), g.height_m()];
    let h = Hello {
        kind: "hello",
        version: PROTOCOL_VERSION,
        source,
        commands,
        theatre: Theatre {
            scenario: &start.scenario,
            seed: start.seed,
            epoch: start.epoch.to_string(),
            duration_s: start.duration.as_seconds(),
            origin: [start.origin.lat_deg(), start.origin.lon_deg()],
            assets: start
                .assets
                .iter()
                .enumerate()
                .map(|(id, a)| Asset {
                    id,
                    name: &a.name,
                    value: a.value,
                    polygon: &a.polygon,
                })
                .collect(),
            sensors: start
                .sensors
                .iter()
                .enumerate()
                .map(|(id, s)| Sensor {
                    id,
                    name: &s.name,
                    site: site(&s.site),
                    range_m: s.max_range.si(),
                })
                .collect(),
            batteries: start
                .batteries
                .iter()
                .enumerate()
                .map(|(id, b)| Battery {
                    id,
                    name: &b.name,
                    layer: b.layer.name(),
                    site: site(&b.site),
                    interceptor: &b.interceptor_type,
                    range_m: b.max_range.si(),
                    round_cost_usd: b.round_cost.si(),
                })
                .collect(),
        },
    };
    serde_json::to_string(&h).unwrap_or_default()
}

/// A viewer's command, as sent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum Wire {
    Mode {
        id: Option<i64>,
        token: Option<String>,
        battery: u32,
        mode: OperatorMode,
    },
    Speed {
        id: Option<i64>,
        token: Option<String>,
        speed: f64,
    },
    Pause {
        id: Option<i64>,
        token: Option<String>,
    },
    Resume {
        id: Option<i64>,
        token: Option<String>,
    },
    Seek {
        id: Option<i64>,
        token: Option<String>,
        t: f64,
    },
}

/// A validated command.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    /// Put a battery under an operator mode.
    Mode {
        /// Battery id.
        battery: u32,
        /// The new mode.
        mode: OperatorMode,
    },
    /// Run at this many times real time.
    Speed(f64),
    /// Hold the clock.
    Pause,
    /// Release it.
    Resume,
    /// Jump to this simulation time, seconds (replays).
    Seek(f64),
}

/// A command refused, with the viewer's id for it when one could be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The command's `id`.
    pub id: Option<i64>,
    /// Why.
    pub message: String,
}

/// What the server knows to check a command against.
#[derive(Clone, Debug)]
pub struct Policy {
    /// What viewers may send.
    pub commands: Commands,
    /// The token commands must carry when [`Commands::token_required`].
    pub token: Option<String>,
    /// Batteries in the run (ids are below this).
    pub batteries: u32,
    /// The run's end, seconds (seeks are within [0, end]).
    pub end_s: f64,
}

/// Compare without stopping at the first difference, so that the time taken does not
/// tell how much of a guess was right.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for k in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(k).copied().unwrap_or(0) ^ b.get(k).copied().unwrap_or(0));
    }
    diff == 0
}

/// Read and check one command: well-formed, small, allowed, carrying the token when
/// one is required, and in range. The returned id is the command's own, for the ack.
pub fn parse_command(text: &str, policy: &Policy) -> Result<(Option<i64>, Command), Refusal> {
    let refuse = |id, message: String| Refusal { id, message };
    if text.len() > MAX_COMMAND_BYTES {
        return Err(refuse(
            None,
            format!(
                "command of {} bytes refused: the limit is {MAX_COMMAND_BYTES}",
                text.len()
            ),
        ));
    }
    let wire: Wire =
        serde_json::from_str(text).map_err(|e| refuse(None, format!("malformed command: {e}")))?;
    let (id, token) = match &wire {
        Wire::Mode { id, token, .. }
        | Wire::Speed { id, token, .. }
        | Wire::Pause { id, token }
        | Wire::Resume { id, token }
        | Wire::Seek { id, token, .. } => (*id, token.as_deref()),
    };
    if !policy.commands.allowed {
        return Err(refuse(
            id,
            "commands are refused: this server is bound beyond loopback and was started \
             without --token"
                .into(),
        ));
    }
    if policy.commands.token_required {
        let expected = policy.token.as_deref().unwrap_or("");
        if !token.is_some_and(|t| same_secret(t, expected)) {
            return Err(refuse(id, "command refused: missing or wrong token".into()));
        }
    }
    let command = match wire {
        Wire::Mode { battery, mode, .. } => {
            if battery >= policy.batteries {
                return Err(refuse(
                    id,
                    format!(
                        "no battery {battery}: this run has {} (ids 0 to {})",
                        policy.batteries,
                        policy.batteries.saturating_sub(1)
                    ),
                ));
            }
            Command::Mode { battery, mode }
        }
        Wire::Speed { speed, .. } => {
            let range = tdome_world::engine::clock::SPEED_RANGE;
            if !range.contains(&speed) {
                return Err(refuse(
                    id,
                    format!(
                        "speed {speed} refused: expected {} to {} times real time",
                        range.start(),
                        range.end()
                    ),
                ));
            }
            Command::Speed(speed)
        }
        Wire::Pause { .. } => Command::Pause,
        Wire::Resume { .. } => Command::Resume,
        Wire::Seek { t, .. } => {
            if !policy.commands.seek {
                return Err(refuse(id, "seek is only for replays".into()));
            }
            if !(0.0..=policy.end_s).contains(&t) {
                return Err(refuse(
                    id,
                    format!(
                        "seek to {t} s refused: the run spans 0 to {} s",
                        policy.end_s
                    ),
                ));
            }
            Command::Seek(t)
        }
    };
    Ok((id, command))
}

/// `{"type":"ack",...}` for a command taken.
pub fn ack(id: Option<i64>, text: &str) -> String {
    serde_json::json!({"type": "ack", "ref": id, "text": text}).to_string()
}

/// `{"type":"error",...}` for a command refused.
pub fn error(id: Option<i64>, message: &str) -> String {
    serde_json::json!({"type": "error", "ref": id, "message": message}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(token: Option<&str>, allowed: bool) -> Policy {
        Policy {
            commands: Commands {
                allowed,
                token_required: token.is_some(),
                seek: false,
            },
            token: token.map(str::to_owned),
            batteries: 3,
            end_s: 600.0,
        }
    }

    #[test]
    fn a_well_formed_command_is_taken_with_its_id() {
        let p = policy(None, true);
        assert_eq!(
            parse_command(r#"{"type":"mode","id":4,"battery":2,"mode":"hold"}"#, &p),
            Ok((
                Some(4),
                Command::Mode {
                    battery: 2,
                    mode: OperatorMode::Hold
                }
            ))
        );
        assert_eq!(
            parse_command(r#"{"type":"speed","speed":20}"#, &p),
            Ok((None, Command::Speed(20.0)))
        );
        assert_eq!(
            parse_command(r#"{"type":"pause"}"#, &p),
            Ok((None, Command::Pause))
        );
    }

    #[test]
    fn bad_commands_are_refused_with_a_reason() {
        let p = policy(None, true);
        let cases = [
            ("not json", "malformed command"),
            (r#"{"type":"launch_everything"}"#, "malformed command"),
            (
                r#"{"type":"mode","battery":2,"mode":"hold","extra":1}"#,
                "malformed command",
            ),
            (
                r#"{"type":"mode","battery":3,"mode":"hold"}"#,
                "no battery 3",
            ),
            (
                r#"{"type":"mode","battery":-1,"mode":"hold"}"#,
                "malformed command",
            ),
            (
                r#"{"type":"mode","battery":0,"mode":"fire_at_will"}"#,
                "malformed command",
            ),
            (r#"{"type":"speed","speed":0}"#, "speed 0 refused"),
            (r#"{"type":"speed","speed":1e300}"#, "refused"),
            (r#"{"type":"seek","t":10}"#, "seek is only for replays"),
        ];
        for (text, why) in cases {
            let e = parse_command(text, &p).expect_err(text);
            assert!(e.message.contains(why), "{text}: {}", e.message);
        }
        let big = format!(r#"{{"type":"pause","pad":"{}"}}"#, "x".repeat(2000));
        let e = parse_command(&big, &p).expect_err("big");
        assert!(e.message.contains("limit is 1024"), "{}", e.message);
        // The id of a refused but readable command comes back with the refusal.
        let e = parse_command(r#"{"type":"mode","id":9,"battery":7,"mode":"hold"}"#, &p)
            .expect_err("range");
        assert_eq!(e.id, Some(9));
    }

    #[test]
    fn the_token_is_checked_when_required_and_commands_can_be_off() {
        let p = policy(Some("s3cret"), true);
        assert!(parse_command(r#"{"type":"pause"}"#, &p).is_err());
        assert!(parse_command(r#"{"type":"pause","token":"s3cre"}"#, &p).is_err());
        assert!(parse_command(r#"{"type":"pause","token":"s3cret!"}"#, &p).is_err());
        assert!(parse_command(r#"{"type":"pause","token":"s3cret"}"#, &p).is_ok());
        let off = policy(None, false);
        let e = parse_command(r#"{"type":"pause","id":1}"#, &off).expect_err("off");
        assert!(e.message.contains("without --token"), "{}", e.message);
    }
}

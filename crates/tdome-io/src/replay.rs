//! A run's records read back into the engine's events, so that a recorded run can be
//! played through the same sinks that watched it live (`tdome serve --replay`).
//!
//! The records keep what a viewer needs, not everything the engine knew: a track is read
//! back without its plot history or its ballistic filter (its quality and mode
//! probabilities come back), an impact of a run recorded before format 11 without the
//! damage it did (NaN: not recorded), an explanation without candidates whose battery
//! name had a `;` or `|` (written `_`, so no longer matched). Numbers come back at the
//! records' precision.
//!
//! **Order.** Events are sorted by their own times, so that a player can walk them
//! with a clock (the engine's stream is not quite in time order: a track report carries
//! its latest plot's time, which trails the cycle that published it); at one time, in the engine's phase order as far
//! as the files can tell it (crates/tdome-world/src/engine): the run start; threat
//! launches; interceptor launches each followed at once by its engagement's `launched`
//! record; the other engagement records and the impacts; reloads; truth samples; then the
//! battle manager's cycle: mode changes, tracks, assessments. Within a kind, file order.
//! An interceptor's launch is paired with its engagement by launch time, then by
//! increasing object id and engagement id, both of which the engine gives in launch
//! order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use nalgebra::Matrix6;
use tdome_core::event::{
    EngagementOutcome, EngagementRecord, ImpactRecord, LaunchRecord, ModeRecord, ModeSource,
    ObjectKind, OwnedEvent, ReloadRecord, RunStart, TruthSample,
};
use tdome_core::ids::{AssetId, BatteryId, EngagementId, ObjectId, TrackId};
use tdome_core::orders::{
    CandidateRole, Decision, ErrorEllipse, HoldReason, OperatorMode, OrderExplanation,
    ShooterChoice, ShotCandidate, ThreatAssessment,
};
use tdome_core::picture::{ModeProbabilities, TrackEstimate};
use tdome_core::threat::{TargetCategory, ThreatKind};
use tdome_core::units::{Length, Usd};
use tdome_core::{Ecef, Geodetic, Position, SimTime};

use crate::read::{ReadError, RecordRow, Records, Row, TrackRow, TruthRow};
use crate::records::FORMAT_VERSION;

/// The oldest records format a replay reads: 9 brought `run_start.json`; 10 added the
/// ASTERIX data sources and scan timing to it, which an older one lacks and reads as
/// defaults (serde), the CSV files being the same; 11 added each impact's damage, which
/// an older one reads as not known (NaN).
pub const OLDEST_REPLAYABLE: u32 = 9;

/// Why a records directory could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// A record file could not be read (the error names file, line and column).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// `run.json` or `run_start.json` is missing or unreadable.
    #[error(
        "{file}: {problem} (records of format 8 or earlier keep no run start: record the run again)"
    )]
    Missing {
        /// The file.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// The records are of another format.
    #[error(
        "{file}: format_version {found}, this tdome reads {OLDEST_REPLAYABLE} to {FORMAT_VERSION}"
    )]
    Format {
        /// `run.json`.
        file: String,
        /// The version found.
        found: String,
    },
    /// `run_start.json` is not a run start.
    #[error("{file}:{line}:{column}: {problem}")]
    Malformed {
        /// The file.
        file: String,
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// serde's words.
        problem: String,
    },
}

/// The ids of the run start's names.
struct Names {
    batteries: BTreeMap<String, u32>,
    assets: BTreeMap<String, u32>,
}

impl Names {
    fn of(start: &RunStart) -> Self {
        let ids = |names: Vec<&String>| {
            names
                .into_iter()
                .enumerate()
                .map(|(k, n)| (n.clone(), k as u32))
                .collect()
        };
        Names {
            batteries: ids(start.batteries.iter().map(|b| &b.name).collect()),
            assets: ids(start.assets.iter().map(|a| &a.name).collect()),
        }
    }
}

fn by_name<T: Copy>(
    row: &Row<'_>,
    column: &'static str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    problem: &'static str,
) -> Result<T, ReadError> {
    let text = row.text(column);
    all.iter()
        .copied()
        .find(|x| name(*x) == text)
        .ok_or_else(|| row.bad(column, text, problem))
}

const OUTCOMES: [EngagementOutcome; 7] = [
    EngagementOutcome::Launched,
    EngagementOutcome::Kill,
    EngagementOutcome::Miss,
    EngagementOutcome::NoTarget,
    EngagementOutcome::TargetDestroyed,
    EngagementOutcome::Cancelled,
    EngagementOutcome::Refused,
];
const HOLDS: [HoldReason; 12] = [
    HoldReason::NotThreatening,
    HoldReason::Engaged,
    HoldReason::NoFeasibleShooter,
    HoldReason::ShotLimit,
    HoldReason::LaunchLater,
    HoldReason::Coasting,
    HoldReason::Maturing,
    HoldReason::Unconfirmed,
    HoldReason::Watched,
    HoldReason::Outweighed,
    HoldReason::OperatorHold,
    HoldReason::OperatorTight,
];
const CHOICES: [ShooterChoice; 3] = [
    ShooterChoice::OutermostLayer,
    ShooterChoice::NearestBattery,
    ShooterChoice::Assignment,
];
const ROLES: [CandidateRole; 3] = [
    CandidateRole::Chosen,
    CandidateRole::Kept,
    CandidateRole::Passed,
];
const CATEGORIES: [TargetCategory; 2] = [TargetCategory::Ballistic, TargetCategory::AirBreathing];
const MODES: [OperatorMode; 3] = [OperatorMode::Free, OperatorMode::Tight, OperatorMode::Hold];

/// A row of `engagements.csv`, names not yet resolved.
struct EngagementRow {
    time: SimTime,
    engagement: u32,
    battery: String,
    interceptor_type: String,
    track: u32,
    threat_object: Option<u32>,
    intercept_time: SimTime,
    outcome: EngagementOutcome,
    cost: f64,
    miss_distance: Option<f64>,
    aim: Option<[f64; 3]>,
    choice: Option<ShooterChoice>,
    value_at_risk: Option<f64>,
    weighed_p_kill: Option<f64>,
    weighed_cost: Option<f64>,
    candidates: String,
}

fn seconds(row: &Row<'_>, column: &'static str) -> Result<SimTime, ReadError> {
    let text = row.text(column);
    crate::read::parse_time(text)
        .ok_or_else(|| row.bad(column, text, "expected a finite time in seconds"))
}

impl RecordRow for EngagementRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "engagement_id",
        "battery_id",
        "interceptor_type",
        "track_id",
        "threat_object_id",
        "intercept_time_s",
        "outcome",
        "cost_usd",
    ];
    const OPTIONAL: &'static [&'static str] = &[
        "miss_distance_m",
        "aim_ecef_x_m",
        "aim_ecef_y_m",
        "aim_ecef_z_m",
        "choice",
        "value_at_risk",
        "weighed_p_kill",
        "weighed_cost_usd",
        "candidates",
    ];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        let aim = match row.optional_number("aim_ecef_x_m")? {
            Some(x) => Some([x, row.number("aim_ecef_y_m")?, row.number("aim_ecef_z_m")?]),
            None => None,
        };
        let choice = match row.field("choice") {
            None | Some("") => None,
            Some(_) => Some(by_name(
                row,
                "choice",
                &CHOICES,
                ShooterChoice::name,
                "expected outermost_layer, nearest_battery or assignment",
            )?),
        };
        Ok(EngagementRow {
            time: row.time()?,
            engagement: row.id("engagement_id")?,
            battery: row.text("battery_id").to_owned(),
            interceptor_type: row.text("interceptor_type").to_owned(),
            track: row.id("track_id")?,
            threat_object: row.optional_id("threat_object_id")?,
            intercept_time: seconds(row, "intercept_time_s")?,
            outcome: by_name(
                row,
                "outcome",
                &OUTCOMES,
                EngagementOutcome::name,
                "expected an engagement outcome (docs/records.md)",
            )?,
            cost: row.number("cost_usd")?,
            miss_distance: row.optional_number("miss_distance_m")?,
            aim,
            choice,
            value_at_risk: row.optional_number("value_at_risk")?,
            weighed_p_kill: row.optional_number("weighed_p_kill")?,
            weighed_cost: row.optional_number("weighed_cost_usd")?,
            candidates: row.field("candidates").unwrap_or("").to_owned(),
        })
    }
}

/// A row of `assessments.csv`, names not yet resolved.
struct AssessmentRow {
    time: SimTime,
    track: u32,
    category: TargetCategory,
    impact: Option<(f64, f64)>,
    impact_time: Option<SimTime>,
    asset: String,
    priority: f64,
    decision: Decision,
    ellipse: Option<ErrorEllipse>,
    p_hit: Option<f64>,
    value_at_risk: Option<f64>,
}

impl RecordRow for AssessmentRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "track_id",
        "category",
        "impact_lat_deg",
        "impact_lon_deg",
        "impact_time_s",
        "threatened_asset_id",
        "priority",
        "decision",
    ];
    const OPTIONAL: &'static [&'static str] = &[
        "impact_sigma_major_m",
        "impact_sigma_minor_m",
        "impact_major_azimuth_deg",
        "p_hit",
        "value_at_risk",
    ];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        let decision_text = row.text("decision");
        let decision = if decision_text == "engage" {
            Decision::Engage
        } else {
            let reason = decision_text.strip_prefix("hold_").unwrap_or("");
            Decision::Hold(
                HOLDS
                    .iter()
                    .copied()
                    .find(|h| h.name() == reason)
                    .ok_or_else(|| {
                        row.bad(
                            "decision",
                            decision_text,
                            "expected engage or hold_<reason> (docs/records.md)",
                        )
                    })?,
            )
        };
        let impact = match row.optional_number("impact_lat_deg")? {
            Some(lat) => Some((lat, row.number("impact_lon_deg")?)),
            None => None,
        };
        let impact_time = match row.field("impact_time_s") {
            None | Some("") => None,
            Some(_) => Some(seconds(row, "impact_time_s")?),
        };
        let ellipse = match row.optional_number("impact_sigma_major_m")? {
            Some(major) => Some(ErrorEllipse {
                sigma_major_m: major,
                sigma_minor_m: row.number("impact_sigma_minor_m")?,
                major_azimuth_deg: row.number("impact_major_azimuth_deg")?,
            }),
            None => None,
        };
        Ok(AssessmentRow {
            time: row.time()?,
            track: row.id("track_id")?,
            category: by_name(
                row,
                "category",
                &CATEGORIES,
                TargetCategory::name,
                "expected ballistic or air_breathing",
            )?,
            impact,
            impact_time,
            asset: row.text("threatened_asset_id").to_owned(),
            priority: row.number("priority")?,
            decision,
            ellipse,
            p_hit: row.optional_number("p_hit")?,
            value_at_risk: row.optional_number("value_at_risk")?,
        })
    }
}

/// A row of `impacts.csv`.
struct ImpactRow {
    time: SimTime,
    object: u32,
    kind: ThreatKind,
    lat: f64,
    lon: f64,
    asset: String,
    damage: Option<f64>,
}

impl RecordRow for ImpactRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "object_id",
        "kind",
        "lat_deg",
        "lon_deg",
        "asset_id",
    ];
    /// Format 11 and later.
    const OPTIONAL: &'static [&'static str] = &["damage"];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        Ok(ImpactRow {
            time: row.time()?,
            object: row.id("object_id")?,
            kind: by_name(
                row,
                "kind",
                &ThreatKind::ALL,
                ThreatKind::name,
                "expected a threat kind",
            )?,
            lat: row.number("lat_deg")?,
            lon: row.number("lon_deg")?,
            asset: row.text("asset_id").to_owned(),
            damage: row.optional_number("damage")?,
        })
    }
}

/// A row of `modes.csv`.
struct ModeRow {
    time: SimTime,
    battery: String,
    mode: OperatorMode,
    source: ModeSource,
}

impl RecordRow for ModeRow {
    const REQUIRED: &'static [&'static str] = &["time_s", "battery_id", "mode", "source"];
    const OPTIONAL: &'static [&'static str] = &[];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        let source = match row.text("source") {
            "scheduled" => ModeSource::Scheduled,
            "operator" => ModeSource::Operator,
            other => return Err(row.bad("source", other, "expected scheduled or operator")),
        };
        Ok(ModeRow {
            time: row.time()?,
            battery: row.text("battery_id").to_owned(),
            mode: by_name(
                row,
                "mode",
                &MODES,
                OperatorMode::name,
                "expected free, tight or hold",
            )?,
            source,
        })
    }
}

/// A row of `magazine.csv`.
struct MagazineRow {
    time: SimTime,
    battery: String,
    rounds_left: u32,
    outcome: String,
    reserve: u32,
}

impl RecordRow for MagazineRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "battery_id",
        "rounds_left",
        "outcome",
        "rounds_in_reserve",
    ];
    const OPTIONAL: &'static [&'static str] = &[];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        Ok(MagazineRow {
            time: row.time()?,
            battery: row.text("battery_id").to_owned(),
            rounds_left: row.id("rounds_left")?,
            outcome: row.text("outcome").to_owned(),
            reserve: row.id("rounds_in_reserve")?,
        })
    }
}

/// Where an event falls within its instant (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    ThreatLaunch,
    Resolve,
    Reload,
    Truth,
    Mode,
    Track,
    Assessment,
}

/// Read every row of `file` in `dir` with `f`.
fn rows<T: RecordRow>(
    dir: &Path,
    file: &str,
    mut f: impl FnMut(T, &Row2) -> Result<(), ReadError>,
) -> Result<(), ReplayError> {
    let path = dir.join(file);
    let mut records = Records::<T, _>::open(&path)?;
    loop {
        let Some(row) = records.next() else { break };
        let line = records.line();
        f(
            row?,
            &Row2 {
                file: records.file().to_owned(),
                line,
            },
        )?;
    }
    Ok(())
}

/// Where a row was, for errors found after parsing (a name the run start lacks).
struct Row2 {
    file: String,
    line: u64,
}

impl Row2 {
    fn unknown(&self, column: &'static str, value: &str) -> ReadError {
        ReadError::BadField {
            file: self.file.clone(),
            line: self.line,
            column,
            value: value.to_owned(),
            problem: "not a name in run_start.json",
        }
    }
}

fn id_of(
    map: &BTreeMap<String, u32>,
    at: &Row2,
    column: &'static str,
    name: &str,
) -> Result<u32, ReadError> {
    map.get(name)
        .copied()
        .ok_or_else(|| at.unknown(column, name))
}

fn optional_asset(
    names: &Names,
    at: &Row2,
    column: &'static str,
    name: &str,
) -> Result<Option<AssetId>, ReadError> {
    if name.is_empty() {
        return Ok(None);
    }
    id_of(&names.assets, at, column, name).map(|a| Some(AssetId(a)))
}

/// The explanation of a launch or refused row, when the row has one.
fn explanation(row: &EngagementRow, names: &Names) -> Option<Arc<OrderExplanation>> {
    let choice = row.choice?;
    let candidates = row
        .candidates
        .split(';')
        .filter(|c| !c.is_empty())
        .filter_map(|c| {
            let f: Vec<&str> = c.split('|').collect();
            let [battery, role, p, cost, intercept, latest] = f.as_slice() else {
                return None;
            };
            Some(ShotCandidate {
                battery: BatteryId(*names.batteries.get(*battery)?),
                role: ROLES.iter().copied().find(|r| r.name() == *role)?,
                p_kill: p.parse().ok()?,
                cost: Usd::dollars(cost.parse().ok()?),
                intercept_time: crate::read::parse_time(intercept)?,
                latest_launch: crate::read::parse_time(latest)?,
            })
        })
        .collect();
    Some(Arc::new(OrderExplanation {
        choice,
        value_at_risk: row.value_at_risk.unwrap_or(0.0),
        weighed_p_kill: row.weighed_p_kill.unwrap_or(0.0),
        weighed_cost: Usd::dollars(row.weighed_cost.unwrap_or(0.0)),
        candidates,
    }))
}

fn run_start(dir: &Path) -> Result<RunStart, ReplayError> {
    let manifest = dir.join("run.json");
    let file = manifest.display().to_string();
    let text = std::fs::read_to_string(&manifest).map_err(|e| ReplayError::Missing {
        file: file.clone(),
        problem: e.to_string(),
    })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| ReplayError::Malformed {
            file: file.clone(),
            line: e.line(),
            column: e.column(),
            problem: e.to_string(),
        })?;
    let readable = u64::from(OLDEST_REPLAYABLE)..=u64::from(FORMAT_VERSION);
    if !json["format_version"]
        .as_u64()
        .is_some_and(|v| readable.contains(&v))
    {
        return Err(ReplayError::Format {
            file,
            found: json["format_version"].to_string(),
        });
    }
    let path = dir.join("run_start.json");
    let file = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| ReplayError::Missing {
        file: file.clone(),
        problem: e.to_string(),
    })?;
    match serde_json::from_str::<OwnedEvent>(&text) {
        Ok(OwnedEvent::RunStart(s)) => Ok(s),
        Ok(_) => Err(ReplayError::Malformed {
            file,
            line: 1,
            column: 1,
            problem: "not a run_start event".into(),
        }),
        Err(e) => Err(ReplayError::Malformed {
            file,
            line: e.line(),
            column: e.column(),
            problem: e.to_string(),
        }),
    }
}

/// Every event the records in `dir` hold, in the engine's order as far as the records
/// can tell it (module docs), beginning with the run start.
pub fn read_events(dir: &Path) -> Result<Vec<OwnedEvent>, ReplayError> {
    let start = run_start(dir)?;
    let names = Names::of(&start);
    // (time, phase, sequence) → event; the sequence keeps file order within a phase.
    let mut keyed: Vec<((SimTime, Phase, u64), OwnedEvent)> = Vec::new();
    let mut seq = 0u64;
    let mut push = |keyed: &mut Vec<_>, t: SimTime, phase: Phase, e: OwnedEvent| {
        seq += 1;
        keyed.push(((t, phase, seq), e));
    };

    // Engagements first: interceptors take their type from them.
    let mut engagements = Vec::new();
    rows::<EngagementRow>(dir, "engagements.csv", |r, at| {
        let battery = id_of(&names.batteries, at, "battery_id", &r.battery)?;
        engagements.push((r, battery));
        Ok(())
    })?;
    // Launched engagements by time, in engagement id order, for the pairing.
    let mut launched: BTreeMap<SimTime, Vec<usize>> = BTreeMap::new();
    for (k, (r, _)) in engagements.iter().enumerate() {
        if r.outcome == EngagementOutcome::Launched {
            launched.entry(r.time).or_default().push(k);
        }
    }
    for list in launched.values_mut() {
        list.sort_by_key(|&k| engagements[k].0.engagement);
    }

    // Truth: an object's first row is its launch.
    let mut seen = BTreeSet::new();
    let mut interceptor_launches: BTreeMap<SimTime, Vec<TruthSample>> = BTreeMap::new();
    rows::<TruthRow>(dir, "truth.csv", |r, _| {
        let sample = TruthSample {
            time: r.time,
            object: r.object,
            kind: r.kind,
            position: r.position,
            velocity: r.velocity,
        };
        if seen.insert(r.object) {
            match r.kind {
                ObjectKind::Threat(_) => {
                    let type_name = start
                        .raid_of(r.object)
                        .map(|x| x.threat_type.clone())
                        .unwrap_or_default();
                    push(
                        &mut keyed,
                        r.time,
                        Phase::ThreatLaunch,
                        OwnedEvent::Launch(LaunchRecord { sample, type_name }),
                    );
                }
                ObjectKind::Interceptor => {
                    interceptor_launches.entry(r.time).or_default().push(sample)
                }
            }
        } else {
            push(&mut keyed, r.time, Phase::Truth, OwnedEvent::Truth(sample));
        }
        Ok(())
    })?;
    // Pair each interceptor's launch with its engagement's launched record.
    let mut paired: BTreeMap<usize, TruthSample> = BTreeMap::new();
    for (t, mut samples) in interceptor_launches {
        samples.sort_by_key(|s| s.object);
        let rows = launched.get(&t).map(Vec::as_slice).unwrap_or(&[]);
        for (sample, &k) in samples.into_iter().zip(rows) {
            paired.insert(k, sample);
        }
    }
    for (k, (r, battery)) in engagements.iter().enumerate() {
        if let Some(sample) = paired.remove(&k) {
            push(
                &mut keyed,
                r.time,
                Phase::Resolve,
                OwnedEvent::Launch(LaunchRecord {
                    sample,
                    type_name: r.interceptor_type.clone(),
                }),
            );
        }
        let explanation = match r.outcome {
            EngagementOutcome::Launched | EngagementOutcome::Refused => explanation(r, &names),
            _ => None,
        };
        push(
            &mut keyed,
            r.time,
            Phase::Resolve,
            OwnedEvent::Engagement(EngagementRecord {
                time: r.time,
                engagement: EngagementId(r.engagement),
                battery: BatteryId(*battery),
                interceptor_type: r.interceptor_type.clone(),
                track: TrackId(r.track),
                threat_object: r.threat_object.map(ObjectId),
                intercept_time: r.intercept_time,
                outcome: r.outcome,
                cost: Usd::dollars(r.cost),
                miss_distance: r.miss_distance.map(Length::metres),
                aim_point: r
                    .aim
                    .map(|a| Position::<Ecef>::from_metres(a[0], a[1], a[2])),
                explanation,
            }),
        );
    }

    rows::<ImpactRow>(dir, "impacts.csv", |r, at| {
        let asset = optional_asset(&names, at, "asset_id", &r.asset)?;
        push(
            &mut keyed,
            r.time,
            Phase::Resolve,
            OwnedEvent::Impact(ImpactRecord {
                time: r.time,
                object: ObjectId(r.object),
                kind: r.kind,
                point: Geodetic::from_degrees(r.lat, r.lon, 0.0),
                asset,
                // Recorded from format 11; before, NaN: a viewer says where, not how much
                // was lost.
                damage: r.damage.unwrap_or(f64::NAN),
            }),
        );
        Ok(())
    })?;

    let mut rounds: BTreeMap<u32, u32> = BTreeMap::new();
    rows::<MagazineRow>(dir, "magazine.csv", |r, at| {
        let battery = id_of(&names.batteries, at, "battery_id", &r.battery)?;
        let before = rounds
            .insert(battery, r.rounds_left)
            .unwrap_or(r.rounds_left);
        if r.outcome == "reload" {
            push(
                &mut keyed,
                r.time,
                Phase::Reload,
                OwnedEvent::Reload(ReloadRecord {
                    time: r.time,
                    battery: BatteryId(battery),
                    rounds: r.rounds_left.saturating_sub(before),
                    reserve_left: r.reserve,
                }),
            );
        }
        Ok(())
    })?;

    rows::<ModeRow>(dir, "modes.csv", |r, at| {
        let battery = id_of(&names.batteries, at, "battery_id", &r.battery)?;
        push(
            &mut keyed,
            r.time,
            Phase::Mode,
            OwnedEvent::Mode(ModeRecord {
                time: r.time,
                battery: BatteryId(battery),
                mode: r.mode,
                source: r.source,
            }),
        );
        Ok(())
    })?;

    rows::<TrackRow>(dir, "tracks.csv", |r, _| {
        let covariance = r.full_covariance.unwrap_or_else(|| {
            let mut c = Matrix6::zeros();
            c.fixed_view_mut::<3, 3>(0, 0)
                .copy_from(&r.position_covariance);
            c
        });
        push(
            &mut keyed,
            r.time,
            Phase::Track,
            OwnedEvent::Track(Box::new(TrackEstimate {
                time: r.time,
                track: r.track,
                status: r.status,
                position: r.position,
                velocity: r.velocity,
                covariance,
                first_plot: r.time,
                last_plot: r.time,
                hits: 0,
                update_interval_s: None,
                lagging: false,
                modes: r
                    .modes
                    .map_or_else(ModeProbabilities::default, |[cv, ca, b]| {
                        ModeProbabilities {
                            constant_velocity: cv,
                            constant_acceleration: ca,
                            ballistic: b,
                        }
                    }),
                ballistic: None,
                quality: r.quality.unwrap_or(0.0),
            })),
        );
        Ok(())
    })?;

    rows::<AssessmentRow>(dir, "assessments.csv", |r, at| {
        let threatened_asset = optional_asset(&names, at, "threatened_asset_id", &r.asset)?;
        push(
            &mut keyed,
            r.time,
            Phase::Assessment,
            OwnedEvent::Assessment(ThreatAssessment {
                time: r.time,
                track: TrackId(r.track),
                category: r.category,
                predicted_impact: r
                    .impact
                    .map(|(lat, lon)| Geodetic::from_degrees(lat, lon, 0.0)),
                impact_time: r.impact_time,
                threatened_asset,
                priority: r.priority,
                decision: r.decision,
                impact_ellipse: r.ellipse,
                p_hit: r.p_hit,
                value_at_risk: r.value_at_risk,
            }),
        );
        Ok(())
    })?;

    keyed.sort_by_key(|(k, _)| *k);
    let mut events = Vec::with_capacity(keyed.len() + 1);
    events.push(OwnedEvent::RunStart(start));
    events.extend(keyed.into_iter().map(|(_, e)| e));
    Ok(events)
}

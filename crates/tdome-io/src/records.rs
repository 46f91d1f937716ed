//! CSV records of a run, one file per kind of event. The columns are a public interface
//! (documented in `docs/records.md`): names fixed, SI units, azimuth clockwise from true
//! north, ECEF for machines plus latitude/longitude/height for people. Change them only
//! with a new format version.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tdome_core::event::{
    EngagementOutcome, EngagementRecord, Event, EventSink, ModeRecord, ReloadRecord, RunStart,
    TruthSample,
};
use tdome_core::ids::BatteryId;
use tdome_core::orders::Decision;
use tdome_core::picture::TrackEstimate;
use tdome_core::{Ecef, Geodetic, Position, SimTime, Velocity};

/// Version of the record format, written to `run.json`.
pub const FORMAT_VERSION: u32 = 11;

/// Header of `truth.csv`.
pub const TRUTH_HEADER: &str = "time_s,object_id,kind,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,lat_deg,lon_deg,alt_m";
/// Header of `plots.csv`.
pub const PLOTS_HEADER: &str =
    "time_s,sensor_id,range_m,azimuth_deg,elevation_deg,range_rate_mps,truth_object_id";
/// Header of `tracks.csv`.
pub const TRACKS_HEADER: &str = "time_s,track_id,status,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,cov_xx,cov_xy,cov_xz,cov_yy,cov_yz,cov_zz,cov_xvx,cov_xvy,cov_xvz,cov_yvx,cov_yvy,cov_yvz,cov_zvx,cov_zvy,cov_zvz,cov_vxvx,cov_vxvy,cov_vxvz,cov_vyvy,cov_vyvz,cov_vzvz,quality,mode_ncv,mode_nca,mode_ballistic,ballistic_coefficient_kg_m2,inverse_ballistic_coefficient_sigma";

/// The covariance columns of `tracks.csv`, in order, with the entry of the 6×6
/// `[position, velocity]` covariance each holds: the position block's upper triangle
/// (format 1), then the position–velocity block, then the velocity block's upper
/// triangle (format 2).
pub const TRACK_COVARIANCE_COLUMNS: [(&str, usize, usize); 21] = [
    ("cov_xx", 0, 0),
    ("cov_xy", 0, 1),
    ("cov_xz", 0, 2),
    ("cov_yy", 1, 1),
    ("cov_yz", 1, 2),
    ("cov_zz", 2, 2),
    ("cov_xvx", 0, 3),
    ("cov_xvy", 0, 4),
    ("cov_xvz", 0, 5),
    ("cov_yvx", 1, 3),
    ("cov_yvy", 1, 4),
    ("cov_yvz", 1, 5),
    ("cov_zvx", 2, 3),
    ("cov_zvy", 2, 4),
    ("cov_zvz", 2, 5),
    ("cov_vxvx", 3, 3),
    ("cov_vxvy", 3, 4),
    ("cov_vxvz", 3, 5),
    ("cov_vyvy", 4, 4),
    ("cov_vyvz", 4, 5),
    ("cov_vzvz", 5, 5),
];
/// Header of `engagements.csv`.
pub const ENGAGEMENTS_HEADER: &str = "time_s,engagement_id,battery_id,interceptor_type,track_id,threat_object_id,intercept_time_s,outcome,cost_usd,miss_distance_m,aim_ecef_x_m,aim_ecef_y_m,aim_ecef_z_m,choice,value_at_risk,weighed_p_kill,weighed_cost_usd,candidates";
/// Header of `impacts.csv`.
pub const IMPACTS_HEADER: &str = "time_s,object_id,kind,lat_deg,lon_deg,asset_id,damage";
/// Header of `assessments.csv`.
pub const ASSESSMENTS_HEADER: &str = "time_s,track_id,category,impact_lat_deg,impact_lon_deg,impact_time_s,threatened_asset_id,priority,decision,impact_sigma_major_m,impact_sigma_minor_m,impact_major_azimuth_deg,p_hit,value_at_risk";

/// Header of `magazine.csv` (format 8).
pub const MAGAZINE_HEADER: &str = "time_s,battery_id,layer,rounds_left,engagements_in_flight,engagement_id,outcome,rounds_in_reserve";

/// Header of `modes.csv` (format 9).
pub const MODES_HEADER: &str = "time_s,battery_id,mode,source";

/// The record files of a run, in the order `run.json` lists them.
pub const RECORD_FILES: [&str; 9] = [
    "truth.csv",
    "plots.csv",
    "tracks.csv",
    "engagements.csv",
    "impacts.csv",
    "assessments.csv",
    "magazine.csv",
    "modes.csv",
    "run_start.json",
];

/// A battery's rounds and channels as the engagement records show them: a round leaves
/// the magazine and takes a fire channel when it launches, and gives the channel back
/// when it is resolved. (The battle manager reserves a round from the order until the
/// launch; `magazine.csv` counts it as on the launcher until it flies.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MagazineState {
    /// Rounds on the launchers.
    pub rounds_left: u32,
    /// Rounds launched and not yet resolved.
    pub engagements_in_flight: u32,
    /// Rounds in the battery's reserve.
    pub reserve: u32,
}

impl MagazineState {
    /// A full magazine and `reserve` rounds to reload it with, nothing in flight.
    pub fn full(rounds: u32, reserve: u32) -> Self {
        MagazineState {
            rounds_left: rounds,
            engagements_in_flight: 0,
            reserve,
        }
    }

    /// The state after a launcher was loaded with `rounds` from the reserve, leaving
    /// `reserve_left` there.
    pub fn reloaded(self, rounds: u32, reserve_left: u32) -> Self {
        MagazineState {
            rounds_left: self.rounds_left.saturating_add(rounds),
            reserve: reserve_left,
            ..self
        }
    }

    /// The state after `outcome`. Never panics on a sequence the engine would not emit
    /// (a launch from an empty magazine, a resolution with nothing in flight): counts
    /// stop at zero.
    pub fn after(self, outcome: EngagementOutcome) -> Self {
        match outcome {
            EngagementOutcome::Launched => MagazineState {
                rounds_left: self.rounds_left.saturating_sub(1),
                engagements_in_flight: self.engagements_in_flight.saturating_add(1),
                ..self
            },
            EngagementOutcome::Kill
            | EngagementOutcome::Miss
            | EngagementOutcome::NoTarget
            | EngagementOutcome::TargetDestroyed => MagazineState {
                engagements_in_flight: self.engagements_in_flight.saturating_sub(1),
                ..self
            },
            // Nothing flew.
            EngagementOutcome::Cancelled | EngagementOutcome::Refused => self,
        }
    }
}

/// Writes the CSV records of a run into a directory.
pub struct CsvRecorder {
    /// What the run is of, from its [`Event::RunStart`] (empty until then).
    names: RunStart,
    dir: PathBuf,
    truth: BufWriter<File>,
    plots: BufWriter<File>,
    tracks: BufWriter<File>,
    engagements: BufWriter<File>,
    impacts: BufWriter<File>,
    assessments: BufWriter<File>,
    magazine: BufWriter<File>,
    modes: BufWriter<File>,
    /// By battery id.
    magazines: Vec<MagazineState>,
}

fn create(dir: &Path, name: &str, header: &str) -> std::io::Result<BufWriter<File>> {
    let path = dir.join(name);
    let file = File::create(&path).map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display()))
    })?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    writeln!(w, "{header}")?;
    Ok(w)
}

/// Every number about to be written to `file` must be finite: a NaN or an infinity in a
/// record would pass silently into every analysis made from it. The models keep their
/// state finite (bounded inputs, quarantine of non-finite flight), so one reaching here
/// is a defect, and the run stops with an error naming the record, the entity and the
/// column rather than write it. What was recorded before stays on disk.
fn finite<'c>(
    file: &str,
    entity: std::fmt::Arguments<'_>,
    columns: impl IntoIterator<Item = &'c (&'c str, f64)>,
) -> std::io::Result<()> {
    match columns.into_iter().find(|(_, v)| !v.is_finite()) {
        None => Ok(()),
        Some((column, v)) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{file}: {entity} has a non-finite {column} ({v}); the run stops rather than \
                 record it"
            ),
        )),
    }
}

/// The ECEF position and velocity columns of truth and track rows.
fn state_columns(position: &Position<Ecef>, velocity: &Velocity<Ecef>) -> [(&'static str, f64); 6] {
    let (p, v) = (position.metres(), velocity.mps());
    [
        ("ecef_x_m", p.x),
        ("ecef_y_m", p.y),
        ("ecef_z_m", p.z),
        ("ecef_vx_mps", v.x),
        ("ecef_vy_mps", v.y),
        ("ecef_vz_mps", v.z),
    ]
}

/// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// One row of `tracks.csv`.
fn write_track(w: &mut impl Write, r: &TrackEstimate) -> std::io::Result<()> {
    let p = r.position.metres();
    let v = r.velocity.mps();
    let c = &r.covariance;
    let covariance = TRACK_COVARIANCE_COLUMNS.map(|(name, i, j)| (name, c[(i, j)]));
    let modes = [
        ("mode_ncv", r.modes.constant_velocity),
        ("mode_nca", r.modes.constant_acceleration),
        ("mode_ballistic", r.modes.ballistic),
    ];
    let beta = r.ballistic_coefficient();
    let beta_columns = [
        (
            "ballistic_coefficient_kg_m2",
            beta.and_then(|b| b.beta_kg_m2()).unwrap_or(0.0),
        ),
        (
            "inverse_ballistic_coefficient_sigma",
            beta.map_or(0.0, |b| b.inverse_sigma),
        ),
    ];
    finite(
        "tracks.csv",
        format_args!("track {} at t = {} s", r.track.0, r.time),
        state_columns(&r.position, &r.velocity)
            .iter()
            .chain(&covariance)
            .chain(&[("quality", r.quality)])
            .chain(&modes)
            .chain(&beta_columns),
    )?;
    write!(
        w,
        "{},{},{},{:.3},{:.3},{:.3},{:.3},{:.3},{:.3}",
        r.time,
        r.track.0,
        r.status.name(),
        p.x,
        p.y,
        p.z,
        v.x,
        v.y,
        v.z,
    )?;
    for (_, value) in covariance {
        write!(w, ",{value:.6e}")?;
    }
    write!(w, ",{:.4}", r.quality)?;
    for (_, value) in modes {
        write!(w, ",{value:.6}")?;
    }
    // Empty when the tracker runs no ballistic model, or has not yet seen
    // drag (a non-positive 1/β).
    match beta {
        Some(b) => {
            match b.beta_kg_m2() {
                Some(beta) => write!(w, ",{beta:.1}")?,
                None => write!(w, ",")?,
            }
            writeln!(w, ",{:.6e}", b.inverse_sigma)
        }
        None => writeln!(w, ",,"),
    }
}

/// Writes `tracks.csv` alone, in the format of a run's records: what `tdome track`
/// produces from a plots file.
pub struct TrackRecorder {
    tracks: BufWriter<File>,
}

impl TrackRecorder {
    /// Create `dir` (if needed) and `dir/tracks.csv` with its header.
    pub fn create(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display()))
        })?;
        Ok(TrackRecorder {
            tracks: create(dir, "tracks.csv", TRACKS_HEADER)?,
        })
    }

    /// Write one track estimate.
    pub fn record(&mut self, estimate: &TrackEstimate) -> std::io::Result<()> {
        write_track(&mut self.tracks, estimate)
    }

    /// Flush to disk.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.tracks.flush()
    }
}

impl CsvRecorder {
    /// Create `dir` (if needed) and its record files, each with its header. The run's
    /// names come with its [`Event::RunStart`], which also gives `magazine.csv` its
    /// full rows at time 0 and is kept whole as `run_start.json`; `run.json` (scenario,
    /// seed, epoch, format version) is written when the recorder finishes.
    pub fn create(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display()))
        })?;
        Ok(CsvRecorder {
            truth: create(dir, "truth.csv", TRUTH_HEADER)?,
            plots: create(dir, "plots.csv", PLOTS_HEADER)?,
            tracks: create(dir, "tracks.csv", TRACKS_HEADER)?,
            engagements: create(dir, "engagements.csv", ENGAGEMENTS_HEADER)?,
            impacts: create(dir, "impacts.csv", IMPACTS_HEADER)?,
            assessments: create(dir, "assessments.csv", ASSESSMENTS_HEADER)?,
            magazine: create(dir, "magazine.csv", MAGAZINE_HEADER)?,
            modes: create(dir, "modes.csv", MODES_HEADER)?,
            magazines: Vec::new(),
            dir: dir.to_path_buf(),
            names: RunStart::default(),
        })
    }

    /// Take the run's names, write each battery's full magazine at time 0, and keep the
    /// run start whole in `run_start.json` (what a replay draws the theatre from).
    fn start(&mut self, start: &RunStart) -> std::io::Result<()> {
        self.names = start.clone();
        self.magazines = start
            .batteries
            .iter()
            .map(|b| MagazineState::full(b.rounds, b.reserve))
            .collect();
        for b in &start.batteries {
            writeln!(
                self.magazine,
                "0,{},{},{},0,,,{}",
                field(&b.name),
                b.layer.name(),
                b.rounds,
                b.reserve
            )?;
        }
        let mut text = serde_json::to_string_pretty(&Event::RunStart(start).to_owned_event())
            .map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(self.dir.join("run_start.json"), text)
    }

    fn write_mode(&mut self, m: &ModeRecord) -> std::io::Result<()> {
        writeln!(
            self.modes,
            "{},{},{},{}",
            m.time,
            field(self.names.battery_name(m.battery)),
            m.mode.name(),
            match m.source {
                tdome_core::event::ModeSource::Scheduled => "scheduled",
                tdome_core::event::ModeSource::Operator => "operator",
            }
        )
    }

    /// One row of `magazine.csv`: the firing battery's state after `e`.
    fn write_magazine(&mut self, e: &EngagementRecord) -> std::io::Result<()> {
        let outcome = e.outcome;
        self.magazine_row(
            e.time,
            e.battery,
            Some(e.engagement.0),
            outcome.name(),
            |s| s.after(outcome),
        )
    }

    /// One row of `magazine.csv` for a reload: no engagement, outcome `reload`.
    fn write_reload(&mut self, r: &ReloadRecord) -> std::io::Result<()> {
        let (rounds, left) = (r.rounds, r.reserve_left);
        self.magazine_row(r.time, r.battery, None, "reload", |s| {
            s.reloaded(rounds, left)
        })
    }

    /// Step `battery`'s magazine and write its state after the step. A battery the
    /// scenario does not have writes nothing.
    fn magazine_row(
        &mut self,
        time: SimTime,
        battery: BatteryId,
        engagement: Option<u32>,
        outcome: &str,
        step: impl FnOnce(MagazineState) -> MagazineState,
    ) -> std::io::Result<()> {
        let (Some(state), Some(b)) = (
            self.magazines.get_mut(battery.index()),
            self.names.batteries.get(battery.index()),
        ) else {
            return Ok(());
        };
        *state = step(*state);
        writeln!(
            self.magazine,
            "{},{},{},{},{},{},{},{}",
            time,
            field(&b.name),
            b.layer.name(),
            state.rounds_left,
            state.engagements_in_flight,
            engagement.map(|e| e.to_string()).unwrap_or_default(),
            outcome,
            state.reserve
        )
    }

    fn write_truth(&mut self, t: &TruthSample) -> std::io::Result<()> {
        let p = t.position.metres();
        let v = t.velocity.mps();
        let g = Geodetic::from_ecef(&t.position);
        finite(
            "truth.csv",
            format_args!("object {} at t = {} s", t.object.0, t.time),
            state_columns(&t.position, &t.velocity).iter().chain(&[
                ("lat_deg", g.lat_deg()),
                ("lon_deg", g.lon_deg()),
                ("alt_m", g.height_m()),
            ]),
        )?;
        writeln!(
            self.truth,
            "{},{},{},{:.3},{:.3},{:.3},{:.3},{:.3},{:.3},{:.9},{:.9},{:.3}",
            t.time,
            t.object.0,
            t.kind.name(),
            p.x,
            p.y,
            p.z,
            v.x,
            v.y,
            v.z,
            g.lat_deg(),
            g.lon_deg(),
            g.height_m()
        )
    }

    fn write_manifest(&self) -> std::io::Result<()> {
        let manifest = serde_json::json!({
            "format_version": FORMAT_VERSION,
            "scenario": self.names.scenario,
            "seed": self.names.seed,
            "epoch": self.names.epoch,
            "tdome_version": env!("CARGO_PKG_VERSION"),
            "files": RECORD_FILES,
        });
        let mut text = serde_json::to_string_pretty(&manifest).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(self.dir.join("run.json"), text)
    }
}

impl CsvRecorder {
    /// The `candidates` column: `battery|role|p_kill|cost_usd|intercept_s|latest_launch_s`
    /// for each battery considered, joined by `;` (a `;` or `|` in a battery's name is
    /// written `_`).
    fn candidates(&self, why: &tdome_core::orders::OrderExplanation) -> String {
        let mut out = String::new();
        for (k, c) in why.candidates.iter().enumerate() {
            if k > 0 {
                out.push(';');
            }
            let name: String = self
                .names
                .battery_name(c.battery)
                .chars()
                .map(|ch| if ch == ';' || ch == '|' { '_' } else { ch })
                .collect();
            out.push_str(&format!(
                "{name}|{}|{:.3}|{:.2}|{}|{}",
                c.role.name(),
                c.p_kill,
                c.cost.si(),
                c.intercept_time,
                c.latest_launch
            ));
        }
        out
    }
}

impl EventSink for CsvRecorder {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        match event {
            Event::RunStart(start) => self.start(start),
            Event::Mode(m) => self.write_mode(m),
            Event::Launch(l) => self.write_truth(&l.sample),
            Event::Truth(t) => self.write_truth(t),
            Event::Plot { plot, truth } => {
                let m = &plot.measurement;
                let rr = plot
                    .range_rate
                    .map(|r| format!("{:.3}", r.si()))
                    .unwrap_or_default();
                let tid = truth.map(|o| o.0.to_string()).unwrap_or_default();
                finite(
                    "plots.csv",
                    format_args!(
                        "a plot of sensor {:?} at t = {} s",
                        self.names.sensor_name(plot.sensor),
                        plot.time
                    ),
                    &[
                        ("range_m", m.range.si()),
                        ("azimuth_deg", m.azimuth.as_degrees()),
                        ("elevation_deg", m.elevation.as_degrees()),
                        ("range_rate_mps", plot.range_rate.map_or(0.0, |r| r.si())),
                    ],
                )?;
                writeln!(
                    self.plots,
                    "{},{},{:.3},{:.9},{:.9},{},{}",
                    plot.time,
                    field(self.names.sensor_name(plot.sensor)),
                    m.range.si(),
                    m.azimuth.as_degrees(),
                    m.elevation.as_degrees(),
                    rr,
                    tid
                )
            }
            Event::Track(r) => write_track(&mut self.tracks, r),
            Event::Engagement(e) => {
                let aim = e.aim_point.map(|p| *p.metres());
                finite(
                    "engagements.csv",
                    format_args!("engagement {} at t = {} s", e.engagement.0, e.time),
                    &[
                        ("cost_usd", e.cost.si()),
                        ("miss_distance_m", e.miss_distance.map_or(0.0, |d| d.si())),
                        ("aim_ecef_x_m", aim.map_or(0.0, |a| a.x)),
                        ("aim_ecef_y_m", aim.map_or(0.0, |a| a.y)),
                        ("aim_ecef_z_m", aim.map_or(0.0, |a| a.z)),
                    ],
                )?;
                let opt = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
                let why = e.explanation.as_deref();
                if let Some(w) = why {
                    finite(
                        "engagements.csv",
                        format_args!("the explanation of engagement {}", e.engagement.0),
                        &[
                            ("value_at_risk", w.value_at_risk),
                            ("weighed_p_kill", w.weighed_p_kill),
                            ("weighed_cost_usd", w.weighed_cost.si()),
                        ],
                    )?;
                }
                writeln!(
                    self.engagements,
                    "{},{},{},{},{},{},{},{},{:.2},{},{},{},{},{},{},{},{},{}",
                    e.time,
                    e.engagement.0,
                    field(self.names.battery_name(e.battery)),
                    field(&e.interceptor_type),
                    e.track.0,
                    e.threat_object.map(|o| o.0.to_string()).unwrap_or_default(),
                    e.intercept_time,
                    e.outcome.name(),
                    e.cost.si(),
                    opt(e.miss_distance.map(|d| d.si())),
                    opt(aim.map(|a| a.x)),
                    opt(aim.map(|a| a.y)),
                    opt(aim.map(|a| a.z)),
                    why.map_or("", |w| w.choice.name()),
                    opt(why.map(|w| w.value_at_risk)),
                    opt(why.map(|w| w.weighed_p_kill)),
                    why.map(|w| format!("{:.2}", w.weighed_cost.si()))
                        .unwrap_or_default(),
                    field(&why.map(|w| self.candidates(w)).unwrap_or_default()),
                )?;
                self.write_magazine(e)
            }
            Event::Reload(r) => self.write_reload(r),
            Event::Impact(i) => {
                finite(
                    "impacts.csv",
                    format_args!("object {} at t = {} s", i.object.0, i.time),
                    &[
                        ("lat_deg", i.point.lat_deg()),
                        ("lon_deg", i.point.lon_deg()),
                        ("damage", i.damage),
                    ],
                )?;
                writeln!(
                    self.impacts,
                    "{},{},{},{:.9},{:.9},{},{}",
                    i.time,
                    i.object.0,
                    i.kind.name(),
                    i.point.lat_deg(),
                    i.point.lon_deg(),
                    field(i.asset.map_or("", |a| self.names.asset_name(a))),
                    i.damage
                )
            }
            Event::Assessment(a) => {
                let (lat, lon) = a
                    .predicted_impact
                    .map(|g| (format!("{:.9}", g.lat_deg()), format!("{:.9}", g.lon_deg())))
                    .unwrap_or_default();
                let impact = a
                    .predicted_impact
                    .map_or((0.0, 0.0), |g| (g.lat_deg(), g.lon_deg()));
                finite(
                    "assessments.csv",
                    format_args!("track {} at t = {} s", a.track.0, a.time),
                    &[
                        ("impact_lat_deg", impact.0),
                        ("impact_lon_deg", impact.1),
                        ("priority", a.priority),
                        (
                            "impact_sigma_major_m",
                            a.impact_ellipse.map_or(0.0, |e| e.sigma_major_m),
                        ),
                        ("p_hit", a.p_hit.unwrap_or(0.0)),
                        ("value_at_risk", a.value_at_risk.unwrap_or(0.0)),
                    ],
                )?;
                let ellipse = a
                    .impact_ellipse
                    .map(|e| {
                        format!(
                            "{:.3},{:.3},{:.3}",
                            e.sigma_major_m, e.sigma_minor_m, e.major_azimuth_deg
                        )
                    })
                    .unwrap_or_else(|| ",,".to_string());
                let optional = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();
                let decision = match a.decision {
                    Decision::Engage => "engage".to_string(),
                    Decision::Hold(r) => format!("hold_{}", r.name()),
                };
                writeln!(
                    self.assessments,
                    "{},{},{},{},{},{},{},{:.6},{},{},{},{}",
                    a.time,
                    a.track.0,
                    a.category.name(),
                    lat,
                    lon,
                    a.impact_time.map(|t| t.to_string()).unwrap_or_default(),
                    field(a.threatened_asset.map_or("", |x| self.names.asset_name(x))),
                    a.priority,
                    decision,
                    ellipse,
                    optional(a.p_hit),
                    optional(a.value_at_risk)
                )
            }
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        // Flush every file even if one fails, so nothing already recorded is lost.
        let results = [
            self.truth.flush(),
            self.plots.flush(),
            self.tracks.flush(),
            self.engagements.flush(),
            self.impacts.flush(),
            self.assessments.flush(),
            self.magazine.flush(),
            self.modes.flush(),
            self.write_manifest(),
        ];
        results.into_iter().find(|r| r.is_err()).unwrap_or(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::defence::Layer;
    use tdome_core::event::BatteryInfo;

    /// A run start with these batteries: (name, layer, rounds, reserve).
    fn run_start(batteries: &[(&str, Layer, u32, u32)]) -> RunStart {
        RunStart {
            scenario: "test".into(),
            batteries: batteries
                .iter()
                .map(|&(name, layer, rounds, reserve)| BatteryInfo {
                    name: name.into(),
                    layer,
                    site: tdome_core::Geodetic::default(),
                    interceptor_type: "x".into(),
                    rounds,
                    reserve,
                    round_cost: tdome_core::Usd::ZERO,
                    max_range: tdome_core::Length::ZERO,
                    mode: tdome_core::orders::OperatorMode::Free,
                })
                .collect(),
            ..RunStart::default()
        }
    }

    #[test]
    fn a_non_finite_number_is_an_error_naming_file_entity_and_column() {
        let e = finite(
            "tracks.csv",
            format_args!("track {} at t = {} s", 7, 2.5),
            &[
                ("ecef_x_m", 1.0),
                ("cov_yy", f64::NAN),
                ("cov_zz", f64::INFINITY),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
        let text = e.to_string();
        assert!(
            text.starts_with("tracks.csv: track 7 at t = 2.5 s has a non-finite cov_yy (NaN)"),
            "{text}"
        );
        assert!(finite("x.csv", format_args!("y"), &[("a", 0.0), ("b", -1e300)]).is_ok());
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("pac3-north"), "pac3-north");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn a_magazine_loses_a_round_at_launch_and_frees_its_channel_at_resolution() {
        use EngagementOutcome::*;
        let full = MagazineState::full(3, 0);
        let one = full.after(Launched);
        assert_eq!((one.rounds_left, one.engagements_in_flight), (2, 1));
        let two = one.after(Launched);
        assert_eq!((two.rounds_left, two.engagements_in_flight), (1, 2));
        for resolution in [Kill, Miss, NoTarget, TargetDestroyed] {
            let s = two.after(resolution);
            assert_eq!(
                (s.rounds_left, s.engagements_in_flight),
                (1, 1),
                "{resolution:?}"
            );
        }
        // Withdrawn or refused orders never flew.
        assert_eq!(two.after(Cancelled), two);
        assert_eq!(two.after(Refused), two);
    }

    #[test]
    fn a_magazine_fed_impossible_steps_stops_at_zero() {
        use EngagementOutcome::*;
        let empty = MagazineState::full(0, 0).after(Launched);
        assert_eq!((empty.rounds_left, empty.engagements_in_flight), (0, 1));
        let idle = MagazineState::full(5, 0).after(Kill).after(Miss);
        assert_eq!((idle.rounds_left, idle.engagements_in_flight), (5, 0));
        let saturated = MagazineState {
            rounds_left: 1,
            engagements_in_flight: u32::MAX,
            reserve: 0,
        }
        .after(Launched);
        assert_eq!(saturated.engagements_in_flight, u32::MAX);
    }

    #[test]
    fn magazine_csv_has_a_full_row_per_battery_then_a_row_per_engagement_step() {
        use tdome_core::Usd;
        use tdome_core::event::EngagementRecord;
        use tdome_core::ids::{EngagementId, TrackId};
        let dir = std::env::temp_dir().join(format!("tdome-magazine-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let start = run_start(&[
            ("north, upper", Layer::Upper, 2, 4),
            ("south", Layer::Lower, 20, 0),
        ]);
        let mut rec = CsvRecorder::create(&dir).expect("recorder");
        rec.on_event(&Event::RunStart(&start)).expect("start");
        let step = |engagement: u32, battery: u32, seconds: f64, outcome| EngagementRecord {
            time: SimTime::from_seconds(seconds),
            engagement: EngagementId(engagement),
            battery: BatteryId(battery),
            interceptor_type: "x".into(),
            track: TrackId(1),
            threat_object: None,
            intercept_time: SimTime::from_seconds(20.0),
            outcome,
            cost: Usd::ZERO,
            miss_distance: None,
            aim_point: None,
            explanation: None,
        };
        use EngagementOutcome::*;
        for e in [
            step(0, 0, 1.5, Launched),
            step(1, 1, 2.0, Refused),
            step(2, 0, 3.0, Launched),
            step(0, 0, 10.25, Kill),
            // A battery the scenario does not have: no row, no panic.
            step(3, 7, 11.0, Launched),
        ] {
            rec.on_event(&Event::Engagement(&e)).expect("row");
        }
        // The empty launcher reloaded from the reserve; a reload of an unknown battery
        // writes nothing.
        for (battery, reserve_left) in [(0, 2), (9, 0)] {
            let reload = ReloadRecord {
                time: SimTime::from_seconds(40.0),
                battery: BatteryId(battery),
                rounds: 2,
                reserve_left,
            };
            rec.on_event(&Event::Reload(&reload)).expect("row");
        }
        rec.finish().expect("finish");
        let body = std::fs::read_to_string(dir.join("magazine.csv")).expect("magazine.csv");
        assert_eq!(
            body.lines().collect::<Vec<_>>(),
            [
                MAGAZINE_HEADER,
                "0,\"north, upper\",upper,2,0,,,4",
                "0,south,lower,20,0,,,0",
                "1.5,\"north, upper\",upper,1,1,0,launched,4",
                "2,south,lower,20,0,1,refused,0",
                "3,\"north, upper\",upper,0,2,2,launched,4",
                "10.25,\"north, upper\",upper,0,1,0,kill,4",
                "40,\"north, upper\",upper,2,1,,reload,2",
            ]
        );
        let manifest = std::fs::read_to_string(dir.join("run.json")).expect("run.json");
        assert!(manifest.contains("\"format_version\": 11"), "{manifest}");
        assert!(manifest.contains("\"magazine.csv\""), "{manifest}");
        assert!(
            manifest.contains("\"epoch\": \"2026-01-01T00:00:00Z\""),
            "{manifest}"
        );
        // The run start is kept whole, and reads back as the same event.
        let kept = std::fs::read_to_string(dir.join("run_start.json")).expect("run_start.json");
        let back: tdome_core::event::OwnedEvent = serde_json::from_str(&kept).expect("parse");
        assert_eq!(back, Event::RunStart(&start).to_owned_event());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_order_s_explanation_is_written_on_its_launch_row() {
        use std::sync::Arc;
        use tdome_core::Usd;
        use tdome_core::event::EngagementRecord;
        use tdome_core::ids::{EngagementId, TrackId};
        use tdome_core::orders::{CandidateRole, OrderExplanation, ShooterChoice, ShotCandidate};
        let dir = std::env::temp_dir().join(format!("tdome-why-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let start = run_start(&[
            ("north; upper", Layer::Upper, 2, 0),
            ("south", Layer::Lower, 20, 0),
        ]);
        let mut rec = CsvRecorder::create(&dir).expect("recorder");
        rec.on_event(&Event::RunStart(&start)).expect("start");
        let candidate = |b: u32, role, p: f64, cost: f64| ShotCandidate {
            battery: BatteryId(b),
            p_kill: p,
            cost: Usd::dollars(cost),
            intercept_time: SimTime::from_seconds(40.0 + f64::from(b)),
            latest_launch: SimTime::from_seconds(50.0),
            role,
        };
        let why = Arc::new(OrderExplanation {
            choice: ShooterChoice::OutermostLayer,
            value_at_risk: 12.5,
            weighed_p_kill: 0.96,
            weighed_cost: Usd::dollars(1_010_000.0),
            candidates: vec![
                candidate(0, CandidateRole::Chosen, 0.8, 1e6),
                candidate(1, CandidateRole::Kept, 0.8, 5e4),
            ],
        });
        let record = EngagementRecord {
            time: SimTime::from_seconds(20.0),
            engagement: EngagementId(0),
            battery: BatteryId(0),
            interceptor_type: "x".into(),
            track: TrackId(3),
            threat_object: None,
            intercept_time: SimTime::from_seconds(40.0),
            outcome: EngagementOutcome::Launched,
            cost: Usd::dollars(1e6),
            miss_distance: None,
            aim_point: None,
            explanation: Some(why),
        };
        rec.on_event(&Event::Engagement(&record)).expect("row");
        rec.finish().expect("finish");
        let body = std::fs::read_to_string(dir.join("engagements.csv")).expect("engagements");
        let row = body.lines().nth(1).expect("a row");
        assert_eq!(
            row,
            "20,0,north; upper,x,3,,40,launched,1000000.00,,,,,outermost_layer,12.500,\
             0.960,1010000.00,north_ upper|chosen|0.800|1000000.00|40|50;\
             south|kept|0.800|50000.00|41|50"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

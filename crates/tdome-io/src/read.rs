//! Reading run records back: `truth.csv`, `tracks.csv` and `plots.csv` as documented in
//! `docs/records.md`, for `tdome eval` and other offline analysis.
//!
//! - Columns are found by header name, so their order does not matter and unknown extra
//!   columns are ignored (the format may grow optional columns; `tracks.csv` may carry
//!   the whole 6×6 covariance, read when all its columns are present).
//! - Streaming: a [`Records`] iterator parses one row at a time, never holding the file's
//!   text.
//! - Every error names the file and line, and the column where one is at fault; nothing
//!   panics on bad input. Every number must be finite, as the writer guarantees.
//!
//! Parsing is the `csv` crate's (RFC 4180 quoting, as the writer emits): well kept, and
//! a hand-written parser would have to get quoted commas and newlines right again.

use std::fs::File;
use std::io::Read;
use std::marker::PhantomData;
use std::path::Path;

use crate::records::TRACK_COVARIANCE_COLUMNS;
use nalgebra::{Matrix3, Matrix6};
use tdome_core::event::ObjectKind;
use tdome_core::ids::{ObjectId, TrackId};
use tdome_core::picture::TrackStatus;
use tdome_core::threat::ThreatKind;
use tdome_core::time::NANOS_PER_SECOND;
use tdome_core::units::{Angle, Length, Speed};
use tdome_core::{Ecef, Position, SimTime, Velocity};

/// Why a record file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file as named by the caller.
        file: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The CSV structure is broken (a row with the wrong number of fields, invalid UTF-8).
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// The file.
        file: String,
        /// 1-based line where the row starts.
        line: u64,
        /// What is wrong, in the CSV parser's words.
        message: String,
    },
    /// The header lacks a column the format requires.
    #[error("{file}:1: missing required column `{column}`")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column's name.
        column: &'static str,
    },
    /// A field could not be read as what its column holds.
    #[error("{file}:{line}: column `{column}`: {problem} (found {value:?})")]
    BadField {
        /// The file.
        file: String,
        /// 1-based line of the row.
        line: u64,
        /// The column's name.
        column: &'static str,
        /// The text found.
        value: String,
        /// What was expected or what is wrong.
        problem: &'static str,
    },
}

/// One row of `truth.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct TruthRow {
    /// Time of the sample.
    pub time: SimTime,
    /// The object.
    pub object: ObjectId,
    /// Threat kind or interceptor.
    pub kind: ObjectKind,
    /// True ECEF position.
    pub position: Position<Ecef>,
    /// True ECEF velocity (Earth-relative).
    pub velocity: Velocity<Ecef>,
}

/// One row of `tracks.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackRow {
    /// Time of the estimate.
    pub time: SimTime,
    /// The track.
    pub track: TrackId,
    /// Tentative, confirmed or deleted.
    pub status: TrackStatus,
    /// Estimated ECEF position.
    pub position: Position<Ecef>,
    /// Estimated ECEF velocity.
    pub velocity: Velocity<Ecef>,
    /// Position covariance, m², ECEF axes (symmetric).
    pub position_covariance: Matrix3<f64>,
    /// Full position–velocity covariance (x, y, z, vx, vy, vz; m², m²/s, m²/s²) when the
    /// file has all the extra columns, else `None`.
    pub full_covariance: Option<Matrix6<f64>>,
    /// Track quality in [0, 1] (format 2 and later), when the file has it.
    pub quality: Option<f64>,
    /// The filter's mode probabilities, nearly constant velocity, nearly constant
    /// acceleration and ballistic (format 2 and later), when the file has all three.
    pub modes: Option<[f64; 3]>,
}

/// One row of `plots.csv`: the measurement as recorded. Turning it into a
/// `tdome_core::plot::Plot` needs the sensor's model from the scenario, by `sensor`.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotRow {
    /// When the beam illuminated the detection.
    pub time: SimTime,
    /// The sensor's name in the scenario.
    pub sensor: String,
    /// Measured slant range.
    pub range: Length,
    /// Measured azimuth, clockwise from true north.
    pub azimuth: Angle,
    /// Measured elevation above the local horizontal.
    pub elevation: Angle,
    /// Measured range rate (positive opening), when the radar measures it.
    pub range_rate: Option<Speed>,
    /// The object that caused the plot; `None` for a false alarm.
    pub truth_object: Option<ObjectId>,
}

/// A kind of record row that can be read from its file.
pub trait RecordRow: Sized {
    /// The columns the file must have.
    const REQUIRED: &'static [&'static str];
    /// Optional columns, read when present.
    const OPTIONAL: &'static [&'static str];
    /// Build a row from one record's fields, found by column name (optional columns may
    /// be absent from the file).
    fn parse(row: &Row<'_>) -> Result<Self, ReadError>;
}

/// A row being parsed: its fields by column name, with the place for errors.
pub struct Row<'a> {
    file: &'a str,
    line: u64,
    record: &'a csv::StringRecord,
    columns: &'a [(&'static str, Option<usize>)],
}

impl Row<'_> {
    pub(crate) fn field(&self, column: &'static str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(name, _)| *name == column)
            .and_then(|(_, index)| *index)
            .and_then(|i| self.record.get(i))
    }

    pub(crate) fn bad(
        &self,
        column: &'static str,
        value: &str,
        problem: &'static str,
    ) -> ReadError {
        ReadError::BadField {
            file: self.file.to_string(),
            line: self.line,
            column,
            value: value.to_string(),
            problem,
        }
    }

    /// A required column's text.
    pub(crate) fn text(&self, column: &'static str) -> &str {
        // Required columns were checked against the header; an absent one reads as empty
        // and fails the field's own check.
        self.field(column).unwrap_or("")
    }

    /// A required finite number.
    pub(crate) fn number(&self, column: &'static str) -> Result<f64, ReadError> {
        let text = self.text(column);
        parse_finite(text).map_err(|problem| self.bad(column, text, problem))
    }

    /// An optional number: `None` when the column is absent or the field empty.
    pub(crate) fn optional_number(&self, column: &'static str) -> Result<Option<f64>, ReadError> {
        match self.field(column) {
            None | Some("") => Ok(None),
            Some(text) => parse_finite(text)
                .map(Some)
                .map_err(|problem| self.bad(column, text, problem)),
        }
    }

    /// A required id (non-negative integer that fits in 32 bits).
    pub(crate) fn id(&self, column: &'static str) -> Result<u32, ReadError> {
        let text = self.text(column);
        text.parse::<u32>()
            .map_err(|_| self.bad(column, text, "expected a non-negative integer id"))
    }

    /// An optional id: `None` when absent or empty.
    pub(crate) fn optional_id(&self, column: &'static str) -> Result<Option<u32>, ReadError> {
        match self.field(column) {
            None | Some("") => Ok(None),
            Some(_) => self.id(column).map(Some),
        }
    }

    /// `time_s`, exact to the nanosecond.
    pub(crate) fn time(&self) -> Result<SimTime, ReadError> {
        let text = self.text("time_s");
        parse_time(text).ok_or_else(|| {
            self.bad(
                "time_s",
                text,
                "expected a finite time in seconds within ±292 years",
            )
        })
    }

    pub(crate) fn vector(
        &self,
        columns: [&'static str; 3],
    ) -> Result<nalgebra::Vector3<f64>, ReadError> {
        Ok(nalgebra::Vector3::new(
            self.number(columns[0])?,
            self.number(columns[1])?,
            self.number(columns[2])?,
        ))
    }
}

fn parse_finite(text: &str) -> Result<f64, &'static str> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err("not finite"),
        Err(_) => Err("expected a number"),
    }
}

/// Seconds as written by the recorder (a plain decimal, exact to the nanosecond) to
/// exact [`SimTime`], without going through `f64` so that equal times compare equal.
/// Other forms (an exponent, more than nine decimals) go through `f64` and round.
pub(crate) fn parse_time(text: &str) -> Option<SimTime> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 9
        && frac.bytes().all(|b| b.is_ascii_digit());
    if plain {
        let w: i64 = whole.parse().ok()?;
        let f: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<9}").parse().ok()?
        };
        let ns = w.checked_mul(NANOS_PER_SECOND)?.checked_add(f)?;
        return Some(SimTime::from_nanos(if negative { -ns } else { ns }));
    }
    let s = parse_finite(t).ok()?;
    // Keep within i64 nanoseconds (±292 years) so the conversion cannot saturate silently.
    (s.abs() < 9.2e9).then(|| SimTime::from_seconds(s))
}

const POSITION: [&str; 3] = ["ecef_x_m", "ecef_y_m", "ecef_z_m"];
const VELOCITY: [&str; 3] = ["ecef_vx_mps", "ecef_vy_mps", "ecef_vz_mps"];

impl RecordRow for TruthRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "object_id",
        "kind",
        "ecef_x_m",
        "ecef_y_m",
        "ecef_z_m",
        "ecef_vx_mps",
        "ecef_vy_mps",
        "ecef_vz_mps",
    ];
    const OPTIONAL: &'static [&'static str] = &[];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        let kind_text = row.text("kind");
        let kind = ThreatKind::ALL
            .iter()
            .map(|k| ObjectKind::Threat(*k))
            .chain([ObjectKind::Interceptor])
            .find(|k| k.name() == kind_text)
            .ok_or_else(|| {
                row.bad(
                    "kind",
                    kind_text,
                    "expected ballistic_missile, rocket, cruise_missile, drone or interceptor",
                )
            })?;
        Ok(TruthRow {
            time: row.time()?,
            object: ObjectId(row.id("object_id")?),
            kind,
            position: Position::from_vector(row.vector(POSITION)?),
            velocity: Velocity::from_vector(row.vector(VELOCITY)?),
        })
    }
}

/// The position covariance columns (upper triangle, format 1) and the optional ones
/// completing the 6×6 covariance (format 2), with their (row, column): the writer's
/// list, split where format 1 ended.
const POSITION_COV: &[(&str, usize, usize)] = TRACK_COVARIANCE_COLUMNS.split_at(6).0;
const VELOCITY_COV: &[(&str, usize, usize)] = TRACK_COVARIANCE_COLUMNS.split_at(6).1;

impl RecordRow for TrackRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "track_id",
        "status",
        "ecef_x_m",
        "ecef_y_m",
        "ecef_z_m",
        "ecef_vx_mps",
        "ecef_vy_mps",
        "ecef_vz_mps",
        "cov_xx",
        "cov_xy",
        "cov_xz",
        "cov_yy",
        "cov_yz",
        "cov_zz",
    ];
    const OPTIONAL: &'static [&'static str] = &[
        "cov_xvx",
        "cov_xvy",
        "cov_xvz",
        "cov_yvx",
        "cov_yvy",
        "cov_yvz",
        "cov_zvx",
        "cov_zvy",
        "cov_zvz",
        "cov_vxvx",
        "cov_vxvy",
        "cov_vxvz",
        "cov_vyvy",
        "cov_vyvz",
        "cov_vzvz",
        "quality",
        "mode_ncv",
        "mode_nca",
        "mode_ballistic",
    ];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        let status_text = row.text("status");
        let status = [
            TrackStatus::Tentative,
            TrackStatus::Confirmed,
            TrackStatus::Deleted,
        ]
        .into_iter()
        .find(|s| s.name() == status_text)
        .ok_or_else(|| {
            row.bad(
                "status",
                status_text,
                "expected tentative, confirmed or deleted",
            )
        })?;
        let mut full = Matrix6::zeros();
        for &(column, i, j) in POSITION_COV {
            let v = row.number(column)?;
            full[(i, j)] = v;
            full[(j, i)] = v;
        }
        let position_covariance = full.fixed_view::<3, 3>(0, 0).into_owned();
        // The full covariance only when every velocity column is there with a value: a
        // partial block would be a wrong matrix, not a smaller one.
        let mut complete = true;
        for &(column, i, j) in VELOCITY_COV {
            match row.optional_number(column)? {
                Some(v) => {
                    full[(i, j)] = v;
                    full[(j, i)] = v;
                }
                None => complete = false,
            }
        }
        Ok(TrackRow {
            time: row.time()?,
            track: TrackId(row.id("track_id")?),
            status,
            position: Position::from_vector(row.vector(POSITION)?),
            velocity: Velocity::from_vector(row.vector(VELOCITY)?),
            position_covariance,
            full_covariance: complete.then_some(full),
            quality: row.optional_number("quality")?,
            modes: match (
                row.optional_number("mode_ncv")?,
                row.optional_number("mode_nca")?,
                row.optional_number("mode_ballistic")?,
            ) {
                (Some(cv), Some(ca), Some(b)) => Some([cv, ca, b]),
                _ => None,
            },
        })
    }
}

impl RecordRow for PlotRow {
    const REQUIRED: &'static [&'static str] = &[
        "time_s",
        "sensor_id",
        "range_m",
        "azimuth_deg",
        "elevation_deg",
    ];
    const OPTIONAL: &'static [&'static str] = &["range_rate_mps", "truth_object_id"];

    fn parse(row: &Row<'_>) -> Result<Self, ReadError> {
        let sensor = row.text("sensor_id");
        if sensor.is_empty() {
            return Err(row.bad("sensor_id", sensor, "expected a sensor name"));
        }
        let range = row.number("range_m")?;
        if range < 0.0 {
            return Err(row.bad("range_m", row.text("range_m"), "range is negative"));
        }
        Ok(PlotRow {
            time: row.time()?,
            sensor: sensor.to_string(),
            range: Length::metres(range),
            azimuth: Angle::degrees(row.number("azimuth_deg")?),
            elevation: Angle::degrees(row.number("elevation_deg")?),
            range_rate: row
                .optional_number("range_rate_mps")?
                .map(Speed::metres_per_second),
            truth_object: row.optional_id("truth_object_id")?.map(ObjectId),
        })
    }
}

/// The rows of one record file, parsed one at a time.
pub struct Records<T, R: Read> {
    file: String,
    reader: csv::Reader<R>,
    columns: Vec<(&'static str, Option<usize>)>,
    record: csv::StringRecord,
    failed: bool,
    row: PhantomData<T>,
}

impl<T: RecordRow> Records<T, File> {
    /// Open `path` and check its header.
    pub fn open(path: &Path) -> Result<Self, ReadError> {
        let file = path.display().to_string();
        let f = File::open(path).map_err(|source| ReadError::Io {
            file: file.clone(),
            source,
        })?;
        Self::new(file, f)
    }
}

impl<T: RecordRow, R: Read> Records<T, R> {
    /// The file's name, as errors give it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line of the row read last (1 is the header).
    pub fn line(&self) -> u64 {
        self.record.position().map_or(1, csv::Position::line)
    }

    /// Read from `reader`, naming it `file` in errors, and check the header.
    pub fn new(file: String, reader: R) -> Result<Self, ReadError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let header = reader.headers().map_err(|e| csv_error(&file, e))?.clone();
        let index = |name: &str| header.iter().position(|h| h == name);
        let mut columns = Vec::new();
        for &column in T::REQUIRED {
            match index(column) {
                Some(i) => columns.push((column, Some(i))),
                None => return Err(ReadError::MissingColumn { file, column }),
            }
        }
        columns.extend(T::OPTIONAL.iter().map(|&c| (c, index(c))));
        Ok(Records {
            file,
            reader,
            columns,
            record: csv::StringRecord::new(),
            failed: false,
            row: PhantomData,
        })
    }
}

fn csv_error(file: &str, e: csv::Error) -> ReadError {
    let line = e.position().map_or(1, csv::Position::line);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields, the header {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "row is not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    match e.into_kind() {
        csv::ErrorKind::Io(source) => ReadError::Io {
            file: file.to_string(),
            source,
        },
        _ => ReadError::Malformed {
            file: file.to_string(),
            line,
            message,
        },
    }
}

impl<T: RecordRow, R: Read> Iterator for Records<T, R> {
    type Item = Result<T, ReadError>;

    /// The next row; after an error, `None` (a broken file is not read past its first
    /// fault, so one error is reported, not a cascade).
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let result = match self.reader.read_record(&mut self.record) {
            Ok(false) => return None,
            Err(e) => Err(csv_error(&self.file, e)),
            Ok(true) => {
                let line = self.record.position().map_or(0, csv::Position::line);
                T::parse(&Row {
                    file: &self.file,
                    line,
                    record: &self.record,
                    columns: &self.columns,
                })
            }
        };
        self.failed = result.is_err();
        Some(result)
    }
}

/// Every row of `truth.csv` at `path`.
pub fn read_truth(path: &Path) -> Result<Vec<TruthRow>, ReadError> {
    Records::<TruthRow, _>::open(path)?.collect()
}

/// Every row of `tracks.csv` at `path`.
pub fn read_tracks(path: &Path) -> Result<Vec<TrackRow>, ReadError> {
    Records::<TrackRow, _>::open(path)?.collect()
}

/// Every row of `plots.csv` at `path`.
pub fn read_plots(path: &Path) -> Result<Vec<PlotRow>, ReadError> {
    Records::<PlotRow, _>::open(path)?.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(text: &str) -> Result<Vec<TruthRow>, ReadError> {
        Records::<TruthRow, _>::new("truth.csv".into(), text.as_bytes())?.collect()
    }

    fn tracks(text: &str) -> Result<Vec<TrackRow>, ReadError> {
        Records::<TrackRow, _>::new("tracks.csv".into(), text.as_bytes())?.collect()
    }

    const TRUTH_HEADER: &str = crate::records::TRUTH_HEADER;

    #[test]
    fn truth_rows_read_by_name_in_any_order_with_extra_columns() {
        let text = "extra,kind,object_id,time_s,ecef_z_m,ecef_y_m,ecef_x_m,ecef_vz_mps,ecef_vy_mps,ecef_vx_mps\n\
                    \"a,b\",rocket,3,12.000000001,3,2,1,6,5,4\n";
        let rows = truth(text).expect("valid");
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.time, SimTime::from_nanos(12_000_000_001));
        assert_eq!(r.object, ObjectId(3));
        assert_eq!(r.kind, ObjectKind::Threat(ThreatKind::Rocket));
        assert_eq!(r.position.metres(), &nalgebra::Vector3::new(1.0, 2.0, 3.0));
        assert_eq!(r.velocity.mps(), &nalgebra::Vector3::new(4.0, 5.0, 6.0));
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let bad = |row: &str| {
            truth(&format!(
                "{TRUTH_HEADER}\n0,1,rocket,1,2,3,4,5,6,0,0,0\n{row}\n"
            ))
            .expect_err("invalid")
            .to_string()
        };
        assert_eq!(
            bad("1,1,rocket,1,2,nan,4,5,6,0,0,0"),
            "truth.csv:3: column `ecef_z_m`: not finite (found \"nan\")"
        );
        assert_eq!(
            bad("1,1,rocket,1,2,x,4,5,6,0,0,0"),
            "truth.csv:3: column `ecef_z_m`: expected a number (found \"x\")"
        );
        assert!(bad("1,1,ufo,1,2,3,4,5,6,0,0,0").starts_with("truth.csv:3: column `kind`"));
        assert!(
            bad("1,-1,rocket,1,2,3,4,5,6,0,0,0").starts_with("truth.csv:3: column `object_id`")
        );
        assert!(bad("inf,1,rocket,1,2,3,4,5,6,0,0,0").starts_with("truth.csv:3: column `time_s`"));
        assert!(
            bad("1e300,1,rocket,1,2,3,4,5,6,0,0,0").starts_with("truth.csv:3: column `time_s`")
        );
        assert_eq!(
            bad("1,1,rocket,1,2"),
            "truth.csv:3: row has 5 fields, the header 12"
        );
        let missing = truth("time_s,object_id,kind\n").expect_err("missing columns");
        assert_eq!(
            missing.to_string(),
            "truth.csv:1: missing required column `ecef_x_m`"
        );
        let utf8 = Records::<TruthRow, _>::new(
            "truth.csv".into(),
            &b"time_s,object_id,kind,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps\n0,1,\xff,1,2,3,4,5,6\n"[..],
        )
        .expect("header fine")
        .collect::<Result<Vec<_>, _>>()
        .expect_err("bad utf-8");
        assert!(utf8.to_string().starts_with("truth.csv:2:"), "{utf8}");
    }

    #[test]
    fn tracks_read_the_full_covariance_only_when_complete() {
        // A format-1 header, which ends at the position covariance.
        let base = "time_s,track_id,status,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,cov_xx,cov_xy,cov_xz,cov_yy,cov_yz,cov_zz";
        let row = "1.5,7,confirmed,1,2,3,4,5,6,10,1,2,20,3,30";
        let rows = tracks(&format!("{base}\n{row}\n")).expect("valid");
        assert_eq!(rows[0].status, TrackStatus::Confirmed);
        assert_eq!(rows[0].track, TrackId(7));
        assert_eq!(rows[0].position_covariance[(2, 1)], 3.0);
        assert_eq!(rows[0].full_covariance, None);
        assert_eq!((rows[0].quality, rows[0].modes), (None, None));
        // The velocity covariance columns, then quality and the mode probabilities.
        let extra: Vec<&str> = TrackRow::OPTIONAL.to_vec();
        assert_eq!(extra.len(), 19);
        let values: Vec<String> = (0..15).map(|k| format!("{}", 100 + k)).collect();
        let text = format!(
            "{base},{}\n{row},{},0.8125,0.25,0.125,0.625\n",
            extra.join(","),
            values.join(",")
        );
        let read = &tracks(&text).expect("valid")[0];
        assert_eq!(read.quality, Some(0.8125));
        assert_eq!(read.modes, Some([0.25, 0.125, 0.625]));
        let full = read.full_covariance.expect("complete");
        assert_eq!(full[(0, 3)], 100.0);
        assert_eq!(full[(3, 0)], 100.0);
        assert_eq!(full[(5, 5)], 114.0);
        assert_eq!(full[(1, 1)], 20.0);
        let bad = tracks(&format!("{base}\n1,7,lost,1,2,3,4,5,6,10,1,2,20,3,30\n"))
            .expect_err("bad status");
        assert!(bad.to_string().starts_with("tracks.csv:2: column `status`"));
    }

    #[test]
    fn plots_read_optional_fields_and_quoted_names() {
        let text = format!(
            "{}\n0.5,\"radar, north\",1000,359.5,2,,\n1,r2,2000,10,3,-50.5,4\n",
            crate::records::PLOTS_HEADER
        );
        let rows: Vec<PlotRow> = Records::new("plots.csv".into(), text.as_bytes())
            .expect("header")
            .collect::<Result<_, _>>()
            .expect("valid");
        assert_eq!(rows[0].sensor, "radar, north");
        assert_eq!(rows[0].range_rate, None);
        assert_eq!(rows[0].truth_object, None);
        assert_eq!(rows[1].range_rate, Some(Speed::metres_per_second(-50.5)));
        assert_eq!(rows[1].truth_object, Some(ObjectId(4)));
        assert!((rows[0].azimuth.as_degrees() - 359.5).abs() < 1e-12);
    }

    #[test]
    fn exact_times() {
        assert_eq!(parse_time("0"), Some(SimTime::ZERO));
        assert_eq!(parse_time("0.1"), Some(SimTime::from_nanos(100_000_000)));
        assert_eq!(
            parse_time("-2.5"),
            Some(SimTime::from_nanos(-2_500_000_000))
        );
        assert_eq!(parse_time("1e1"), Some(SimTime::from_nanos(10_000_000_000)));
        assert_eq!(parse_time(""), None);
        assert_eq!(parse_time("."), None);
        assert_eq!(parse_time("99999999999999999999"), None);
    }
}

//! CAT062, SDPS track messages: the system tracks a tracker sends (EUROCONTROL ASTERIX
//! Part 9, Category 062, edition 1.18).
//!
//! Interpreted: I062/010, /015, /070, /105, /100, /185, /210, /040, /080, /130, /220,
//! /500 and the SP item, which tdome fills with what no standard item holds (see
//! [`TdomeSpecial`]). Every other item of the UAP is skipped by its length and noted in
//! [`Cat062Record::skipped`].

use crate::common::{DataSource, TimeOfDay, quantise, signed, wrap_degrees};
use crate::error::{DecodeError, EncodeError, required};
use crate::uap::{ItemFormat, Uap, walk_record, write_fspec};

/// The category number.
pub const CATEGORY: u8 = 62;

const F1: ItemFormat = ItemFormat::Fixed(1);
const F2: ItemFormat = ItemFormat::Fixed(2);
const F3: ItemFormat = ItemFormat::Fixed(3);
const F4: ItemFormat = ItemFormat::Fixed(4);
const F6: ItemFormat = ItemFormat::Fixed(6);
const F7: ItemFormat = ItemFormat::Fixed(7);
const F8: ItemFormat = ItemFormat::Fixed(8);
const EXT1: ItemFormat = ItemFormat::Extended {
    first: 1,
    extent: 1,
};

const I380_SUBFIELDS: &[ItemFormat] = &[
    F3,
    F6,
    F2,
    F2,
    F2,
    F2,
    F2, // ADR ID MHG IAS TAS SAL FSS
    EXT1,
    ItemFormat::Repetitive(15),
    F2,
    F2,
    F7,
    F2,
    F2, // TIS TID COM SAB ACS BVR GVR
    F2,
    F2,
    F2,
    F2,
    F1,
    F8,
    F1, // RAN TAR TAN GSP VUN MET EMC
    F6,
    F2,
    F1,
    ItemFormat::Repetitive(8),
    F2,
    F2,
    F2, // POS GAL PUN MB IAR MAC BPS
];
const I290_SUBFIELDS: &[ItemFormat] = &[F1, F1, F1, F1, F2, F1, F1, F1, F1, F1];
const I295_SUBFIELDS: &[ItemFormat] = &[F1; 31];
const I390_SUBFIELDS: &[ItemFormat] = &[
    F2,
    F7,
    F4,
    F1,
    F4,
    F1,
    F4, // TAG CSN IFI FCT TAC WTC DEP
    F4,
    F3,
    F2,
    F2,
    ItemFormat::Repetitive(4),
    F6,
    F1, // DST RDS CFL CTL TOD AST STS
    F7,
    F7,
    F2,
    F7, // STD STA PEM PEC
];
const I110_SUBFIELDS: &[ItemFormat] = &[F1, F4, F6, F2, F2, F1, F1];
const I500_SUBFIELDS: &[ItemFormat] = &[F4, F2, F4, F1, F1, F2, F2, F1];
const I340_SUBFIELDS: &[ItemFormat] = &[F2, F4, F2, F2, F2, F1];

/// The CAT062 UAP, FRN 1 to 35.
pub static UAP: Uap = Uap {
    category: CATEGORY,
    name: "CAT062",
    items: &[
        F2,                                   // 1 I062/010 Data Source Identifier
        ItemFormat::Spare,                    // 2
        F1,                                   // 3 I062/015 Service Identification
        F3,                                   // 4 I062/070 Time Of Track Information
        F8,                                   // 5 I062/105 Calculated Position WGS-84
        F6,                                   // 6 I062/100 Calculated Position Cartesian
        F4,                                   // 7 I062/185 Calculated Velocity Cartesian
        F2,                                   // 8 I062/210 Calculated Acceleration
        F2,                                   // 9 I062/060 Track Mode 3/A Code
        F7,                                   // 10 I062/245 Target Identification
        ItemFormat::Compound(I380_SUBFIELDS), // 11 I062/380 Aircraft Derived Data
        F2,                                   // 12 I062/040 Track Number
        EXT1,                                 // 13 I062/080 Track Status
        ItemFormat::Compound(I290_SUBFIELDS), // 14 I062/290 System Track Update Ages
        F1,                                   // 15 I062/200 Mode of Movement
        ItemFormat::Compound(I295_SUBFIELDS), // 16 I062/295 Track Data Ages
        F2,                                   // 17 I062/136 Measured Flight Level
        F2,                                   // 18 I062/130 Calculated Geometric Altitude
        F2,                                   // 19 I062/135 Calculated Barometric Altitude
        F2,                                   // 20 I062/220 Calculated Rate Of Climb/Descent
        ItemFormat::Compound(I390_SUBFIELDS), // 21 I062/390 Flight Plan Related Data
        EXT1,                                 // 22 I062/270 Target Size & Orientation
        F1,                                   // 23 I062/300 Vehicle Fleet Identification
        ItemFormat::Compound(I110_SUBFIELDS), // 24 I062/110 Mode 5 Data
        F2,                                   // 25 I062/120 Track Mode 2 Code
        ItemFormat::Extended {
            first: 3,
            extent: 3,
        }, // 26 I062/510 Composed Track Number
        ItemFormat::Compound(I500_SUBFIELDS), // 27 I062/500 Estimated Accuracies
        ItemFormat::Compound(I340_SUBFIELDS), // 28 I062/340 Measured Information
        ItemFormat::Spare,                    // 29
        ItemFormat::Spare,                    // 30
        ItemFormat::Spare,                    // 31
        ItemFormat::Spare,                    // 32
        ItemFormat::Spare,                    // 33
        ItemFormat::Explicit,                 // 34 RE Reserved Expansion
        ItemFormat::Explicit,                 // 35 SP Special Purpose
    ],
};

/// I062/105, the track's WGS-84 position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wgs84Position {
    /// Latitude, 180/2^25 degrees.
    pub latitude: i32,
    /// Longitude, 180/2^25 degrees.
    pub longitude: i32,
}

impl Wgs84Position {
    /// Least significant bit, degrees.
    pub const LSB_DEG: f64 = 180.0 / 33_554_432.0;

    /// The nearest representable position.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64) -> Result<Self, EncodeError> {
        let lsb = Self::LSB_DEG;
        Ok(Wgs84Position {
            latitude: quantise("I062/105 latitude", lat_deg, lsb, -16_777_216, 16_777_216)? as i32,
            longitude: quantise(
                "I062/105 longitude",
                wrap_degrees(lon_deg),
                lsb,
                -33_554_432,
                33_554_431,
            )? as i32,
        })
    }

    /// Latitude, degrees.
    pub fn latitude_deg(&self) -> f64 {
        f64::from(self.latitude) * Self::LSB_DEG
    }

    /// Longitude, degrees.
    pub fn longitude_deg(&self) -> f64 {
        f64::from(self.longitude) * Self::LSB_DEG
    }
}

/// I062/100, the track's position in the system's Cartesian plane, 0.5 m, 24 bits
/// signed each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CartesianPosition {
    /// X (east in tdome's plane), 0.5 m.
    pub x: i32,
    /// Y (north), 0.5 m.
    pub y: i32,
}

impl CartesianPosition {
    /// Least significant bit, metres.
    pub const LSB_M: f64 = 0.5;

    /// The nearest representable position, or an error beyond ±4,194 km.
    pub fn from_metres(x_m: f64, y_m: f64) -> Result<Self, EncodeError> {
        let q = |item, v| quantise(item, v, Self::LSB_M, -8_388_608, 8_388_607).map(|r| r as i32);
        Ok(CartesianPosition {
            x: q("I062/100 X", x_m)?,
            y: q("I062/100 Y", y_m)?,
        })
    }

    /// X and Y, metres.
    pub fn metres(&self) -> (f64, f64) {
        (
            f64::from(self.x) * Self::LSB_M,
            f64::from(self.y) * Self::LSB_M,
        )
    }
}

/// I062/185, the track's velocity in the system's Cartesian plane, 0.25 m/s, 16 bits
/// signed each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CartesianVelocity {
    /// Vx, 0.25 m/s.
    pub vx: i16,
    /// Vy, 0.25 m/s.
    pub vy: i16,
}

impl CartesianVelocity {
    /// Least significant bit, m/s.
    pub const LSB_MPS: f64 = 0.25;

    /// The nearest representable velocity, or an error beyond ±8,192 m/s.
    pub fn from_mps(vx: f64, vy: f64) -> Result<Self, EncodeError> {
        let q = |item, v| quantise(item, v, Self::LSB_MPS, -32_768, 32_767).map(|r| r as i16);
        Ok(CartesianVelocity {
            vx: q("I062/185 Vx", vx)?,
            vy: q("I062/185 Vy", vy)?,
        })
    }

    /// Vx and Vy, m/s.
    pub fn mps(&self) -> (f64, f64) {
        (
            f64::from(self.vx) * Self::LSB_MPS,
            f64::from(self.vy) * Self::LSB_MPS,
        )
    }
}

/// I062/080, Track Status: the first octet and the first extent interpreted, later
/// extents kept as received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackStatus {
    /// MON: a monosensor track (false: multisensor).
    pub monosensor: bool,
    /// SPI: special position identification.
    pub spi: bool,
    /// MRH: the most reliable height is geometric (false: barometric).
    pub geometric_height_most_reliable: bool,
    /// SRC: source of the calculated track altitude (0 none, 1 GNSS, 2 3D radar,
    /// 3 triangulation, 4 height from coverage, 5 speed look-up, 6 default, 7 MLAT).
    pub altitude_source: u8,
    /// CNF: a tentative track (false: confirmed).
    pub tentative: bool,
    /// SIM: a simulated track.
    pub simulated: bool,
    /// TSE: the last message for this track (it is deleted).
    pub last_message: bool,
    /// TSB: the first message for this track.
    pub first_message: bool,
    /// The first extent's other bits (FPC, AFF, STP, KOS), as received.
    pub extent1_rest: u8,
    /// Further extents as received, without their FX bits (the encoder sets them).
    pub more: Vec<u8>,
}

/// I062/500, Estimated Accuracies (each subfield optional): one standard deviation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EstimatedAccuracies {
    /// APC: position accuracy in X and Y of the Cartesian plane, 0.5 m.
    pub position_xy: Option<(u16, u16)>,
    /// COV: XY covariance component (signed), 0.5 m — the field holds the covariance
    /// as the edition defines it: sign(σxy)·sqrt(|σxy|).
    pub covariance_xy: Option<i16>,
    /// APW: position accuracy in latitude and longitude, 180/2^25 degrees.
    pub position_wgs84: Option<(u16, u16)>,
    /// AGA: geometric altitude accuracy, 6.25 ft.
    pub geometric_altitude: Option<u8>,
    /// ABA: barometric altitude accuracy, 1/4 FL.
    pub barometric_altitude: Option<u8>,
    /// ATV: velocity accuracy in X and Y, 0.25 m/s.
    pub velocity_xy: Option<(u8, u8)>,
    /// AA: acceleration accuracy in X and Y, 0.25 m/s².
    pub acceleration_xy: Option<(u8, u8)>,
    /// ARC: rate of climb/descent accuracy, 6.25 ft/min.
    pub rate_of_climb: Option<u8>,
}

impl EstimatedAccuracies {
    /// Least significant bit of APC, metres.
    pub const APC_LSB_M: f64 = 0.5;
    /// Least significant bit of ATV, m/s.
    pub const ATV_LSB_MPS: f64 = 0.25;
    /// Least significant bit of AGA, metres.
    pub const AGA_LSB_M: f64 = 6.25 * crate::cat048::FOOT_M;

    /// A standard deviation in the field's units, saturating at the field's largest
    /// value: an accuracy worse than the field can say is reported as the worst it can.
    pub fn saturating(sigma: f64, lsb: f64, max: u16) -> u16 {
        let raw = (sigma / lsb).round();
        if raw.is_nan() {
            max
        } else {
            raw.clamp(0.0, f64::from(max)) as u16
        }
    }
}

/// What tdome puts in CAT062's SP item, because no standard item holds it: the
/// battle manager's target category and its 3D velocity accuracy. Layout, after SP's
/// length octet: a format octet (1), the category (0 unknown, 1 ballistic, 2 air
/// breathing), then the vertical velocity's standard deviation in 0.25 m/s (2 octets).
/// A receiver that does not know it skips it by its length, as the standard intends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TdomeSpecial {
    /// Target category: 0 unknown, 1 ballistic, 2 air breathing.
    pub category: u8,
    /// Standard deviation of the vertical velocity, 0.25 m/s.
    pub vertical_velocity_sigma: u16,
}

impl TdomeSpecial {
    /// The format octet this layout starts with.
    pub const FORMAT: u8 = 1;

    fn decode(b: &[u8]) -> Option<Self> {
        // b includes SP's own length octet.
        match b {
            [5, Self::FORMAT, category, hi, lo] => Some(TdomeSpecial {
                category: *category,
                vertical_velocity_sigma: u16::from_be_bytes([*hi, *lo]),
            }),
            _ => None,
        }
    }
}

/// One CAT062 system track message.
#[derive(Clone, Debug, PartialEq)]
pub struct Cat062Record {
    /// I062/010 (mandatory).
    pub data_source: DataSource,
    /// I062/015.
    pub service: Option<u8>,
    /// I062/070, time of applicability of the track (mandatory).
    pub time_of_track: TimeOfDay,
    /// I062/105.
    pub position_wgs84: Option<Wgs84Position>,
    /// I062/100.
    pub position_cartesian: Option<CartesianPosition>,
    /// I062/185.
    pub velocity: Option<CartesianVelocity>,
    /// I062/210, acceleration in X and Y, 0.25 m/s².
    pub acceleration: Option<(i8, i8)>,
    /// I062/040 (mandatory by the edition for track messages).
    pub track_number: Option<u16>,
    /// I062/080.
    pub status: Option<TrackStatus>,
    /// I062/130, geometric altitude above WGS-84, 6.25 ft, signed.
    pub geometric_altitude: Option<i16>,
    /// I062/220, rate of climb (positive) or descent, 6.25 ft/min, signed.
    pub rate_of_climb: Option<i16>,
    /// I062/500.
    pub accuracies: Option<EstimatedAccuracies>,
    /// SP, when it holds tdome's layout.
    pub special: Option<TdomeSpecial>,
    /// FRNs of items present but not interpreted (bit `frn - 1`), skipped by length.
    pub skipped: u64,
}

impl Cat062Record {
    /// I062/130's least significant bit, metres.
    pub const ALTITUDE_LSB_M: f64 = 6.25 * crate::cat048::FOOT_M;
    /// I062/220's least significant bit, m/s.
    pub const CLIMB_LSB_MPS: f64 = 6.25 * crate::cat048::FOOT_M / 60.0;

    /// A message with only the mandatory items.
    pub fn new(data_source: DataSource, time_of_track: TimeOfDay) -> Self {
        Cat062Record {
            data_source,
            service: None,
            time_of_track,
            position_wgs84: None,
            position_cartesian: None,
            velocity: None,
            acceleration: None,
            track_number: None,
            status: None,
            geometric_altitude: None,
            rate_of_climb: None,
            accuracies: None,
            special: None,
            skipped: 0,
        }
    }

    /// The nearest representable I062/130 altitude to `metres`, saturated at the field's
    /// ±204,794 ft (about ±62 km): a ballistic track above that reports the ceiling,
    /// and its WGS-84 position and SP item still place it.
    pub fn altitude_saturating(metres: f64) -> i16 {
        (metres / Self::ALTITUDE_LSB_M)
            .round()
            .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
    }

    /// The nearest representable I062/220 rate to `mps`, saturated at ±204,794 ft/min
    /// (about ±1,040 m/s).
    pub fn climb_saturating(mps: f64) -> i16 {
        (mps / Self::CLIMB_LSB_MPS)
            .round()
            .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
    }

    /// I062/130, metres.
    pub fn geometric_altitude_m(&self) -> Option<f64> {
        self.geometric_altitude
            .map(|a| f64::from(a) * Self::ALTITUDE_LSB_M)
    }

    /// Decode the record at `at` in `data`; returns it and the offset past it.
    pub fn decode(data: &[u8], at: usize) -> Result<(Self, usize), DecodeError> {
        let mut source = None;
        let mut time = None;
        let mut r = Cat062Record::new(DataSource { sac: 0, sic: 0 }, TimeOfDay::from_seconds(0.0));
        let end = walk_record(&UAP, data, at, |frn, b, off| {
            match frn {
                1 => source = Some(DataSource::decode(b)),
                3 => r.service = Some(b[0]),
                4 => time = Some(TimeOfDay::decode(b, "I062/070", off)?),
                5 => {
                    r.position_wgs84 = Some(Wgs84Position {
                        latitude: i32::from_be_bytes([b[0], b[1], b[2], b[3]]),
                        longitude: i32::from_be_bytes([b[4], b[5], b[6], b[7]]),
                    })
                }
                6 => {
                    r.position_cartesian = Some(CartesianPosition {
                        x: signed(u32::from_be_bytes([0, b[0], b[1], b[2]]), 24),
                        y: signed(u32::from_be_bytes([0, b[3], b[4], b[5]]), 24),
                    })
                }
                7 => {
                    r.velocity = Some(CartesianVelocity {
                        vx: i16::from_be_bytes([b[0], b[1]]),
                        vy: i16::from_be_bytes([b[2], b[3]]),
                    })
                }
                8 => r.acceleration = Some((b[0] as i8, b[1] as i8)),
                12 => r.track_number = Some(u16::from_be_bytes([b[0], b[1]])),
                13 => {
                    r.status = Some(TrackStatus {
                        monosensor: b[0] & 0x80 != 0,
                        spi: b[0] & 0x40 != 0,
                        geometric_height_most_reliable: b[0] & 0x20 != 0,
                        altitude_source: (b[0] >> 2) & 7,
                        tentative: b[0] & 0x02 != 0,
                        simulated: b.get(1).is_some_and(|o| o & 0x80 != 0),
                        last_message: b.get(1).is_some_and(|o| o & 0x40 != 0),
                        first_message: b.get(1).is_some_and(|o| o & 0x20 != 0),
                        extent1_rest: b.get(1).map_or(0, |o| o & 0x1E),
                        more: b
                            .get(2..)
                            .map_or(Vec::new(), |m| m.iter().map(|o| o & 0xFE).collect()),
                    })
                }
                18 => r.geometric_altitude = Some(i16::from_be_bytes([b[0], b[1]])),
                20 => r.rate_of_climb = Some(i16::from_be_bytes([b[0], b[1]])),
                27 => r.accuracies = Some(decode_500(b)),
                35 => match TdomeSpecial::decode(b) {
                    Some(s) => r.special = Some(s),
                    None => r.skipped |= 1 << (frn - 1),
                },
                _ => r.skipped |= 1 << (frn - 1),
            }
            Ok(())
        })?;
        r.data_source = required(source, at, "I062/010")?;
        r.time_of_track = required(time, at, "I062/070")?;
        Ok((r, end))
    }

    /// Append the record's encoding to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut present = 1u64 | 1 << 3;
        let mut set = |frn: u32, on: bool| {
            if on {
                present |= 1 << (frn - 1);
            }
        };
        set(3, self.service.is_some());
        set(5, self.position_wgs84.is_some());
        set(6, self.position_cartesian.is_some());
        set(7, self.velocity.is_some());
        set(8, self.acceleration.is_some());
        set(12, self.track_number.is_some());
        set(13, self.status.is_some());
        set(18, self.geometric_altitude.is_some());
        set(20, self.rate_of_climb.is_some());
        set(27, self.accuracies.is_some_and(|a| a.fields_present() != 0));
        set(35, self.special.is_some());
        write_fspec(out, present);
        self.data_source.encode(out);
        if let Some(s) = self.service {
            out.push(s);
        }
        self.time_of_track.encode(out);
        if let Some(p) = self.position_wgs84 {
            out.extend_from_slice(&p.latitude.to_be_bytes());
            out.extend_from_slice(&p.longitude.to_be_bytes());
        }
        if let Some(p) = self.position_cartesian {
            out.extend_from_slice(&(p.x as u32).to_be_bytes()[1..]);
            out.extend_from_slice(&(p.y as u32).to_be_bytes()[1..]);
        }
        if let Some(v) = self.velocity {
            out.extend_from_slice(&v.vx.to_be_bytes());
            out.extend_from_slice(&v.vy.to_be_bytes());
        }
        if let Some((ax, ay)) = self.acceleration {
            out.extend_from_slice(&[ax as u8, ay as u8]);
        }
        if let Some(t) = self.track_number {
            out.extend_from_slice(&t.to_be_bytes());
        }
        if let Some(s) = &self.status {
            let ext1 = u8::from(s.simulated) << 7
                | u8::from(s.last_message) << 6
                | u8::from(s.first_message) << 5
                | s.extent1_rest & 0x1E;
            let needs_ext1 = ext1 != 0 || !s.more.is_empty();
            out.push(
                u8::from(s.monosensor) << 7
                    | u8::from(s.spi) << 6
                    | u8::from(s.geometric_height_most_reliable) << 5
                    | (s.altitude_source & 7) << 2
                    | u8::from(s.tentative) << 1
                    | u8::from(needs_ext1),
            );
            if needs_ext1 {
                out.push(ext1 | u8::from(!s.more.is_empty()));
                let n = s.more.len();
                for (i, &o) in s.more.iter().enumerate() {
                    out.push(o & 0xFE | u8::from(i + 1 < n));
                }
            }
        }
        if let Some(a) = self.geometric_altitude {
            out.extend_from_slice(&a.to_be_bytes());
        }
        if let Some(c) = self.rate_of_climb {
            out.extend_from_slice(&c.to_be_bytes());
        }
        if let Some(a) = &self.accuracies {
            a.encode(out);
        }
        if let Some(s) = self.special {
            out.push(5);
            out.push(TdomeSpecial::FORMAT);
            out.push(s.category);
            out.extend_from_slice(&s.vertical_velocity_sigma.to_be_bytes());
        }
    }
}

impl EstimatedAccuracies {
    /// Presence bits of subfields 1–8, bit `k` for subfield `k + 1`.
    fn fields_present(&self) -> u16 {
        [
            self.position_xy.is_some(),
            self.covariance_xy.is_some(),
            self.position_wgs84.is_some(),
            self.geometric_altitude.is_some(),
            self.barometric_altitude.is_some(),
            self.velocity_xy.is_some(),
            self.acceleration_xy.is_some(),
            self.rate_of_climb.is_some(),
        ]
        .iter()
        .enumerate()
        .fold(0, |m, (k, &on)| m | u16::from(on) << k)
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let present = self.fields_present();
        if present == 0 {
            return;
        }
        let mut first = 0u8;
        for k in 0..7 {
            if present & (1 << k) != 0 {
                first |= 0x80 >> k;
            }
        }
        let arc = present & (1 << 7) != 0;
        out.push(first | u8::from(arc));
        if arc {
            out.push(0x80);
        }
        if let Some((x, y)) = self.position_xy {
            out.extend_from_slice(&x.to_be_bytes());
            out.extend_from_slice(&y.to_be_bytes());
        }
        if let Some(c) = self.covariance_xy {
            out.extend_from_slice(&c.to_be_bytes());
        }
        if let Some((la, lo)) = self.position_wgs84 {
            out.extend_from_slice(&la.to_be_bytes());
            out.extend_from_slice(&lo.to_be_bytes());
        }
        if let Some(a) = self.geometric_altitude {
            out.push(a);
        }
        if let Some(a) = self.barometric_altitude {
            out.push(a);
        }
        if let Some((x, y)) = self.velocity_xy {
            out.extend_from_slice(&[x, y]);
        }
        if let Some((x, y)) = self.acceleration_xy {
            out.extend_from_slice(&[x, y]);
        }
        if let Some(r) = self.rate_of_climb {
            out.push(r);
        }
    }
}

fn decode_500(b: &[u8]) -> EstimatedAccuracies {
    // The primary subfield's presence bits: seven in the first octet, ARC first in the
    // second. Lengths were checked by the UAP walk.
    let spec_len = b.iter().position(|o| o & 1 == 0).map_or(b.len(), |p| p + 1);
    let has = |k: usize| k / 7 < spec_len && b[k / 7] & (0x80 >> (k % 7)) != 0;
    let mut at = spec_len;
    let mut next = |n: usize| {
        let s = &b[at..at + n];
        at += n;
        s
    };
    let mut a = EstimatedAccuracies::default();
    if has(0) {
        let s = next(4);
        a.position_xy = Some((
            u16::from_be_bytes([s[0], s[1]]),
            u16::from_be_bytes([s[2], s[3]]),
        ));
    }
    if has(1) {
        let s = next(2);
        a.covariance_xy = Some(i16::from_be_bytes([s[0], s[1]]));
    }
    if has(2) {
        let s = next(4);
        a.position_wgs84 = Some((
            u16::from_be_bytes([s[0], s[1]]),
            u16::from_be_bytes([s[2], s[3]]),
        ));
    }
    if has(3) {
        a.geometric_altitude = Some(next(1)[0]);
    }
    if has(4) {
        a.barometric_altitude = Some(next(1)[0]);
    }
    if has(5) {
        let s = next(2);
        a.velocity_xy = Some((s[0], s[1]));
    }
    if has(6) {
        let s = next(2);
        a.acceleration_xy = Some((s[0], s[1]));
    }
    if has(7) {
        a.rate_of_climb = Some(next(1)[0]);
    }
    a
}

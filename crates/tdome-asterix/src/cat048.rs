//! CAT048, monoradar target reports: the plots a radar sends (EUROCONTROL ASTERIX Part 4,
//! Category 048, edition 1.21; the UAP is unchanged through later editions, which add
//! extents that this decoder steps over by their FX bits).
//!
//! Interpreted: I048/010, /140, /020, /040, /070, /090, /130, /220, /161, /110, /120's
//! calculated Doppler speed, and the SP item when it holds tdome's layout
//! ([`Cat048Special`]). Every other item of the UAP is skipped by its length and
//! noted in [`Cat048Record::skipped`].

use crate::common::{DataSource, TimeOfDay, quantise, signed};
use crate::error::{DecodeError, EncodeError, required};
use crate::uap::{ItemFormat, Uap, walk_record, write_fspec};

/// The category number.
pub const CATEGORY: u8 = 48;

/// One nautical mile, metres (exact, by definition).
pub const NAUTICAL_MILE_M: f64 = 1852.0;
/// One foot, metres (exact, by definition).
pub const FOOT_M: f64 = 0.3048;

// Subfields 8–11 (SCO, SCR, RW, AR) came with edition 1.23: known here by length only.
const I130_SUBFIELDS: &[ItemFormat] = &[
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(1),
    ItemFormat::Fixed(2),
    ItemFormat::Fixed(2),
    ItemFormat::Fixed(2),
];
const I120_SUBFIELDS: &[ItemFormat] = &[ItemFormat::Fixed(2), ItemFormat::Repetitive(6)];

/// The CAT048 UAP, FRN 1 to 28.
pub static UAP: Uap = Uap {
    category: CATEGORY,
    name: "CAT048",
    items: &[
        ItemFormat::Fixed(2), // 1 I048/010 Data Source Identifier
        ItemFormat::Fixed(3), // 2 I048/140 Time-of-Day
        ItemFormat::Extended {
            first: 1,
            extent: 1,
        }, // 3 I048/020 Target Report Descriptor
        ItemFormat::Fixed(4), // 4 I048/040 Measured Position, polar
        ItemFormat::Fixed(2), // 5 I048/070 Mode-3/A Code
        ItemFormat::Fixed(2), // 6 I048/090 Flight Level
        ItemFormat::Compound(I130_SUBFIELDS), // 7 I048/130 Radar Plot Characteristics
        ItemFormat::Fixed(3), // 8 I048/220 Aircraft Address
        ItemFormat::Fixed(6), // 9 I048/240 Aircraft Identification
        ItemFormat::Repetitive(8), // 10 I048/250 Mode S MB Data
        ItemFormat::Fixed(2), // 11 I048/161 Track Number
        ItemFormat::Fixed(4), // 12 I048/042 Calculated Position, Cartesian
        ItemFormat::Fixed(4), // 13 I048/200 Calculated Polar Velocity
        ItemFormat::Extended {
            first: 1,
            extent: 1,
        }, // 14 I048/170 Track Status
        ItemFormat::Fixed(4), // 15 I048/210 Track Quality
        ItemFormat::Extended {
            first: 1,
            extent: 1,
        }, // 16 I048/030 Warning/Error Conditions
        ItemFormat::Fixed(2), // 17 I048/080 Mode-3/A Code Confidence
        ItemFormat::Fixed(4), // 18 I048/100 Mode-C Code and Confidence
        ItemFormat::Fixed(2), // 19 I048/110 Height Measured by 3D Radar
        ItemFormat::Compound(I120_SUBFIELDS), // 20 I048/120 Radial Doppler Speed
        ItemFormat::Fixed(2), // 21 I048/230 Communications/ACAS
        ItemFormat::Fixed(7), // 22 I048/260 ACAS Resolution Advisory
        ItemFormat::Fixed(1), // 23 I048/055 Mode-1 Code
        ItemFormat::Fixed(2), // 24 I048/050 Mode-2 Code
        ItemFormat::Fixed(1), // 25 I048/065 Mode-1 Code Confidence
        ItemFormat::Fixed(2), // 26 I048/060 Mode-2 Code Confidence
        ItemFormat::Explicit, // 27 SP Special Purpose
        ItemFormat::Explicit, // 28 RE Reserved Expansion
    ],
};

/// I048/020 TYP: what detected the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum DetectionType {
    /// No detection.
    None = 0,
    /// Single primary surveillance radar detection: a skin return, all a non-cooperative
    /// target gives.
    Psr = 1,
    /// Single SSR detection.
    Ssr = 2,
    /// SSR and PSR detection.
    SsrPsr = 3,
    /// Single Mode S all-call.
    ModeSAllCall = 4,
    /// Single Mode S roll-call.
    ModeSRollCall = 5,
    /// Mode S all-call and PSR.
    ModeSAllCallPsr = 6,
    /// Mode S roll-call and PSR.
    ModeSRollCallPsr = 7,
}

impl DetectionType {
    fn from_bits(b: u8) -> Self {
        match b & 7 {
            0 => DetectionType::None,
            1 => DetectionType::Psr,
            2 => DetectionType::Ssr,
            3 => DetectionType::SsrPsr,
            4 => DetectionType::ModeSAllCall,
            5 => DetectionType::ModeSRollCall,
            6 => DetectionType::ModeSAllCallPsr,
            _ => DetectionType::ModeSRollCallPsr,
        }
    }
}

/// I048/020, Target Report Descriptor: the first octet's fields, and the first extent's
/// when present. Later extents are kept as they came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetReportDescriptor {
    /// TYP.
    pub detection: DetectionType,
    /// SIM: a simulated target report (tdome's writers always set it).
    pub simulated: bool,
    /// RDP: report from RDP chain 2.
    pub rdp_chain_2: bool,
    /// SPI: special position identification.
    pub spi: bool,
    /// RAB: report from a field monitor (fixed transponder).
    pub field_monitor: bool,
    /// The first extent (TST, ERR, XPP, ME, MI, FOE/FRI), as its octet without FX.
    pub extent1: Option<u8>,
    /// Further extents as received, without their FX bits (the encoder sets them).
    pub more: Vec<u8>,
}

impl TargetReportDescriptor {
    /// A simulated primary-radar plot: what tdome's radars report.
    pub fn simulated_psr() -> Self {
        TargetReportDescriptor {
            detection: DetectionType::Psr,
            simulated: true,
            rdp_chain_2: false,
            spi: false,
            field_monitor: false,
            extent1: None,
            more: Vec::new(),
        }
    }
}

/// I048/040, Measured Position in Slant Polar Coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolarPosition {
    /// RHO, slant range, 1/256 NM.
    pub rho: u16,
    /// THETA, azimuth clockwise from north, 360/2^16 degrees.
    pub theta: u16,
}

impl PolarPosition {
    /// RHO's least significant bit, metres.
    pub const RHO_LSB_M: f64 = NAUTICAL_MILE_M / 256.0;
    /// THETA's least significant bit, degrees.
    pub const THETA_LSB_DEG: f64 = 360.0 / 65_536.0;

    /// The nearest representable position to a slant range (m) and azimuth (degrees,
    /// any turn; wrapped), or an error when the range is beyond the field's 256 NM.
    pub fn from_range_azimuth(range_m: f64, azimuth_deg: f64) -> Result<Self, EncodeError> {
        let rho = quantise("I048/040 RHO", range_m, Self::RHO_LSB_M, 0, 0xFFFF)? as u16;
        let theta = (azimuth_deg / Self::THETA_LSB_DEG)
            .round()
            .rem_euclid(65_536.0) as u16;
        Ok(PolarPosition { rho, theta })
    }

    /// Slant range, metres.
    pub fn range_m(&self) -> f64 {
        f64::from(self.rho) * Self::RHO_LSB_M
    }

    /// Azimuth clockwise from north, degrees in [0, 360).
    pub fn azimuth_deg(&self) -> f64 {
        f64::from(self.theta) * Self::THETA_LSB_DEG
    }
}

/// I048/070, Mode-3/A code in octal representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode3A {
    /// V: code not validated.
    pub not_validated: bool,
    /// G: garbled code.
    pub garbled: bool,
    /// L: code not extracted during the last scan (smoothed).
    pub smoothed: bool,
    /// The code as four octal digits A, B, C, D, packed 3 bits each (0o0000–0o7777).
    pub code: u16,
}

/// I048/090, Flight Level in binary representation (Mode C).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlightLevel {
    /// V: code not validated.
    pub not_validated: bool,
    /// G: garbled code.
    pub garbled: bool,
    /// Flight level in quarters of a flight level (25 ft), 14 bits signed.
    pub quarter_fl: i16,
}

/// I048/130, Radar Plot Characteristics (each subfield optional).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlotCharacteristics {
    /// SRL: SSR plot runlength, 360/2^13 degrees.
    pub ssr_runlength: Option<u8>,
    /// SRR: number of received SSR replies.
    pub ssr_replies: Option<u8>,
    /// SAM: amplitude of received SSR replies, dBm.
    pub ssr_amplitude_dbm: Option<i8>,
    /// PRL: primary plot runlength, 360/2^13 degrees.
    pub psr_runlength: Option<u8>,
    /// PAM: amplitude of the primary plot, dBm.
    pub psr_amplitude_dbm: Option<i8>,
    /// RPD: range of PSR minus range of SSR, 1/256 NM.
    pub range_difference: Option<i8>,
    /// APD: azimuth of PSR minus azimuth of SSR, 360/2^14 degrees.
    pub azimuth_difference: Option<i8>,
}

impl PlotCharacteristics {
    fn fields(&self) -> [Option<u8>; 7] {
        [
            self.ssr_runlength,
            self.ssr_replies,
            self.ssr_amplitude_dbm.map(|v| v as u8),
            self.psr_runlength,
            self.psr_amplitude_dbm.map(|v| v as u8),
            self.range_difference.map(|v| v as u8),
            self.azimuth_difference.map(|v| v as u8),
        ]
    }
}

/// I048/120's subfield 1, Calculated Doppler Speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalculatedDoppler {
    /// D: the speed is doubtful.
    pub doubtful: bool,
    /// CAL: radial speed, m/s, 10 bits signed (−512 to 511); positive opening.
    pub speed_mps: i16,
}

impl CalculatedDoppler {
    /// The nearest representable valid Doppler speed to `mps`, or an error beyond the
    /// field's ±511 m/s (faster targets need the raw Doppler subfield, which carries no
    /// sign, or none at all).
    pub fn from_mps(mps: f64) -> Result<Self, EncodeError> {
        let v = quantise("I048/120 CAL", mps, 1.0, -512, 511)?;
        Ok(CalculatedDoppler {
            doubtful: false,
            speed_mps: v as i16,
        })
    }
}

/// One CAT048 target report.
#[derive(Clone, Debug, PartialEq)]
pub struct Cat048Record {
    /// I048/010 (mandatory).
    pub data_source: DataSource,
    /// I048/140 (mandatory).
    pub time_of_day: TimeOfDay,
    /// I048/020.
    pub descriptor: Option<TargetReportDescriptor>,
    /// I048/040.
    pub position: Option<PolarPosition>,
    /// I048/070.
    pub mode_3a: Option<Mode3A>,
    /// I048/090.
    pub flight_level: Option<FlightLevel>,
    /// I048/130.
    pub plot_characteristics: Option<PlotCharacteristics>,
    /// I048/220, the 24-bit ICAO aircraft address.
    pub aircraft_address: Option<u32>,
    /// I048/161, the radar's track number (12 bits).
    pub track_number: Option<u16>,
    /// I048/110, height measured by a 3D radar above mean sea level, 25 ft, 14 bits
    /// signed.
    pub height_3d: Option<i16>,
    /// I048/120 subfield 1.
    pub doppler: Option<CalculatedDoppler>,
    /// SP, when it holds tdome's layout.
    pub special: Option<Cat048Special>,
    /// FRNs of items present but not interpreted (bit `frn - 1`), skipped by length.
    pub skipped: u32,
}

/// What tdome puts in CAT048's SP item, because no standard item holds a long-range
/// radar's measurement: I048/040's range stops at 256 NM (474 km, short of an early
/// warning radar's reach), I048/110's height at about 62 km (where a ballistic missile
/// has barely begun) and I048/120's Doppler at ±511 m/s. SP carries the whole polar
/// measurement instead. Layout, after SP's length octet (11): a format octet (1), the
/// slant range in 1/256 NM (3 octets, unsigned), the azimuth in 360/2^16 degrees
/// (2 octets), the elevation in 360/2^16 degrees (2 octets, signed), the range rate in
/// 0.25 m/s (2 octets, signed; −32,768 when not measured). A receiver that does not know
/// it skips it by its length, as the standard intends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cat048Special {
    /// Slant range, 1/256 NM (24 bits).
    pub range: u32,
    /// Azimuth clockwise from north, 360/2^16 degrees.
    pub azimuth: u16,
    /// Elevation, 360/2^16 degrees.
    pub elevation: i16,
    /// Range rate, positive opening, 0.25 m/s.
    pub range_rate: Option<i16>,
}

impl Cat048Special {
    /// The format octet this layout starts with.
    pub const FORMAT: u8 = 1;
    /// Elevation's and azimuth's least significant bit, degrees.
    pub const ANGLE_LSB_DEG: f64 = 360.0 / 65_536.0;
    /// Range rate's least significant bit, m/s.
    pub const RANGE_RATE_LSB_MPS: f64 = 0.25;
    const NO_RANGE_RATE: i16 = i16::MIN;
    const LEN: u8 = 11;

    /// The nearest representable measurement, or an error for a range beyond 65,536 NM
    /// or a range rate beyond ±8,191 m/s.
    pub fn from_measured(
        range_m: f64,
        azimuth_deg: f64,
        elevation_deg: f64,
        range_rate_mps: Option<f64>,
    ) -> Result<Self, EncodeError> {
        let lsb = Self::ANGLE_LSB_DEG;
        let range = quantise(
            "CAT048 SP range",
            range_m,
            PolarPosition::RHO_LSB_M,
            0,
            0xFF_FFFF,
        )? as u32;
        let azimuth = (azimuth_deg / lsb).round().rem_euclid(65_536.0) as u16;
        let elevation =
            quantise("CAT048 SP elevation", elevation_deg, lsb, -16_384, 16_384)? as i16;
        let range_rate = match range_rate_mps {
            Some(v) => Some(quantise(
                "CAT048 SP range rate",
                v,
                Self::RANGE_RATE_LSB_MPS,
                -32_767,
                32_767,
            )? as i16),
            None => None,
        };
        Ok(Cat048Special {
            range,
            azimuth,
            elevation,
            range_rate,
        })
    }

    /// Slant range, metres.
    pub fn range_m(&self) -> f64 {
        f64::from(self.range) * PolarPosition::RHO_LSB_M
    }

    /// Azimuth, degrees in [0, 360).
    pub fn azimuth_deg(&self) -> f64 {
        f64::from(self.azimuth) * Self::ANGLE_LSB_DEG
    }

    /// Elevation, degrees.
    pub fn elevation_deg(&self) -> f64 {
        f64::from(self.elevation) * Self::ANGLE_LSB_DEG
    }

    /// Range rate, m/s.
    pub fn range_rate_mps(&self) -> Option<f64> {
        self.range_rate
            .map(|r| f64::from(r) * Self::RANGE_RATE_LSB_MPS)
    }

    fn decode(b: &[u8]) -> Option<Self> {
        // b includes SP's own length octet.
        match *b {
            [Self::LEN, Self::FORMAT, r0, r1, r2, a0, a1, e0, e1, v0, v1] => {
                let rr = i16::from_be_bytes([v0, v1]);
                Some(Cat048Special {
                    range: u32::from_be_bytes([0, r0, r1, r2]),
                    azimuth: u16::from_be_bytes([a0, a1]),
                    elevation: i16::from_be_bytes([e0, e1]),
                    range_rate: (rr != Self::NO_RANGE_RATE).then_some(rr),
                })
            }
            _ => None,
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[Self::LEN, Self::FORMAT]);
        out.extend_from_slice(&(self.range & 0xFF_FFFF).to_be_bytes()[1..]);
        out.extend_from_slice(&self.azimuth.to_be_bytes());
        out.extend_from_slice(&self.elevation.to_be_bytes());
        out.extend_from_slice(&self.range_rate.unwrap_or(Self::NO_RANGE_RATE).to_be_bytes());
    }
}

impl Cat048Record {
    /// A report with only the mandatory items.
    pub fn new(data_source: DataSource, time_of_day: TimeOfDay) -> Self {
        Cat048Record {
            data_source,
            time_of_day,
            descriptor: None,
            position: None,
            mode_3a: None,
            flight_level: None,
            plot_characteristics: None,
            aircraft_address: None,
            track_number: None,
            height_3d: None,
            doppler: None,
            special: None,
            skipped: 0,
        }
    }

    /// I048/110's least significant bit, metres.
    pub const HEIGHT_LSB_M: f64 = 25.0 * FOOT_M;

    /// The nearest representable I048/110 height to `metres` above mean sea level, or
    /// an error beyond its ±204,775 ft (about ±62 km).
    pub fn height_from_m(metres: f64) -> Result<i16, EncodeError> {
        Ok(quantise("I048/110", metres, Self::HEIGHT_LSB_M, -8192, 8191)? as i16)
    }

    /// I048/110 height, metres above mean sea level.
    pub fn height_m(&self) -> Option<f64> {
        self.height_3d.map(|h| f64::from(h) * Self::HEIGHT_LSB_M)
    }

    /// Decode the record at `at` in `data` (a data block's bytes, so the record cannot
    /// run past its block); returns it and the offset past it.
    pub fn decode(data: &[u8], at: usize) -> Result<(Self, usize), DecodeError> {
        let mut source = None;
        let mut time = None;
        let mut r = Cat048Record::new(DataSource { sac: 0, sic: 0 }, TimeOfDay(0));
        let end = walk_record(&UAP, data, at, |frn, b, off| {
            match frn {
                1 => source = Some(DataSource::decode(b)),
                2 => time = Some(TimeOfDay::decode(b, "I048/140", off)?),
                3 => {
                    r.descriptor = Some(TargetReportDescriptor {
                        detection: DetectionType::from_bits(b[0] >> 5),
                        simulated: b[0] & 0x10 != 0,
                        rdp_chain_2: b[0] & 0x08 != 0,
                        spi: b[0] & 0x04 != 0,
                        field_monitor: b[0] & 0x02 != 0,
                        extent1: b.get(1).map(|o| o & 0xFE),
                        more: b
                            .get(2..)
                            .map_or(Vec::new(), |m| m.iter().map(|o| o & 0xFE).collect()),
                    })
                }
                4 => {
                    r.position = Some(PolarPosition {
                        rho: u16::from_be_bytes([b[0], b[1]]),
                        theta: u16::from_be_bytes([b[2], b[3]]),
                    })
                }
                5 => {
                    let w = u16::from_be_bytes([b[0], b[1]]);
                    r.mode_3a = Some(Mode3A {
                        not_validated: w & 0x8000 != 0,
                        garbled: w & 0x4000 != 0,
                        smoothed: w & 0x2000 != 0,
                        code: w & 0x0FFF,
                    })
                }
                6 => {
                    let w = u16::from_be_bytes([b[0], b[1]]);
                    r.flight_level = Some(FlightLevel {
                        not_validated: w & 0x8000 != 0,
                        garbled: w & 0x4000 != 0,
                        quarter_fl: signed(u32::from(w), 14) as i16,
                    })
                }
                7 => r.plot_characteristics = Some(decode_130(b)),
                8 => r.aircraft_address = Some(u32::from_be_bytes([0, b[0], b[1], b[2]])),
                11 => r.track_number = Some(u16::from_be_bytes([b[0], b[1]]) & 0x0FFF),
                19 => {
                    r.height_3d =
                        Some(signed(u32::from(u16::from_be_bytes([b[0], b[1]])), 14) as i16)
                }
                20 => {
                    // The primary subfield's first bit says CAL follows it directly.
                    if b[0] & 0x80 != 0 {
                        let p = spec_octets(b);
                        let w = u16::from_be_bytes([b[p], b[p + 1]]);
                        r.doppler = Some(CalculatedDoppler {
                            doubtful: w & 0x8000 != 0,
                            speed_mps: signed(u32::from(w), 10) as i16,
                        });
                    } else {
                        r.skipped |= 1 << (frn - 1);
                    }
                }
                27 => match Cat048Special::decode(b) {
                    Some(s) => r.special = Some(s),
                    None => r.skipped |= 1 << (frn - 1),
                },
                _ => r.skipped |= 1 << (frn - 1),
            }
            Ok(())
        })?;
        r.data_source = required(source, at, "I048/010")?;
        r.time_of_day = required(time, at, "I048/140")?;
        Ok((r, end))
    }

    /// Append the record's encoding (FSPEC and items) to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut present = 0b11u64;
        let mut set = |frn: u32, on: bool| {
            if on {
                present |= 1 << (frn - 1);
            }
        };
        set(3, self.descriptor.is_some());
        set(4, self.position.is_some());
        set(5, self.mode_3a.is_some());
        set(6, self.flight_level.is_some());
        set(
            7,
            self.plot_characteristics
                .is_some_and(|p| p.fields().iter().any(Option::is_some)),
        );
        set(8, self.aircraft_address.is_some());
        set(11, self.track_number.is_some());
        set(19, self.height_3d.is_some());
        set(20, self.doppler.is_some());
        set(27, self.special.is_some());
        write_fspec(out, present);
        self.data_source.encode(out);
        self.time_of_day.encode(out);
        if let Some(d) = &self.descriptor {
            let mut first = (d.detection as u8) << 5
                | u8::from(d.simulated) << 4
                | u8::from(d.rdp_chain_2) << 3
                | u8::from(d.spi) << 2
                | u8::from(d.field_monitor) << 1;
            match d.extent1 {
                None => out.push(first),
                Some(e1) => {
                    first |= 1;
                    out.push(first);
                    let more = !d.more.is_empty();
                    out.push(e1 & 0xFE | u8::from(more));
                    if more {
                        // Every extent but the last says another follows.
                        let n = d.more.len();
                        for (i, &o) in d.more.iter().enumerate() {
                            out.push(o & 0xFE | u8::from(i + 1 < n));
                        }
                    }
                }
            }
        }
        if let Some(p) = self.position {
            out.extend_from_slice(&p.rho.to_be_bytes());
            out.extend_from_slice(&p.theta.to_be_bytes());
        }
        if let Some(m) = self.mode_3a {
            let w = u16::from(m.not_validated) << 15
                | u16::from(m.garbled) << 14
                | u16::from(m.smoothed) << 13
                | m.code & 0x0FFF;
            out.extend_from_slice(&w.to_be_bytes());
        }
        if let Some(f) = self.flight_level {
            let w = u16::from(f.not_validated) << 15
                | u16::from(f.garbled) << 14
                | (f.quarter_fl as u16) & 0x3FFF;
            out.extend_from_slice(&w.to_be_bytes());
        }
        if let Some(p) = self.plot_characteristics {
            let fields = p.fields();
            if fields.iter().any(Option::is_some) {
                let mut spec = 0u8;
                for (k, f) in fields.iter().enumerate() {
                    if f.is_some() {
                        spec |= 0x80 >> k;
                    }
                }
                out.push(spec);
                out.extend(fields.iter().flatten());
            }
        }
        if let Some(a) = self.aircraft_address {
            out.extend_from_slice(&(a & 0xFF_FFFF).to_be_bytes()[1..]);
        }
        if let Some(t) = self.track_number {
            out.extend_from_slice(&(t & 0x0FFF).to_be_bytes());
        }
        if let Some(h) = self.height_3d {
            out.extend_from_slice(&((h as u16) & 0x3FFF).to_be_bytes());
        }
        if let Some(d) = self.doppler {
            out.push(0x80);
            let w = u16::from(d.doubtful) << 15 | (d.speed_mps as u16) & 0x03FF;
            out.extend_from_slice(&w.to_be_bytes());
        }
        if let Some(s) = &self.special {
            s.encode(out);
        }
    }
}

/// Octets of a compound item's primary subfield.
fn spec_octets(b: &[u8]) -> usize {
    b.iter().position(|o| o & 1 == 0).map_or(b.len(), |p| p + 1)
}

fn decode_130(b: &[u8]) -> PlotCharacteristics {
    let p = spec_octets(b);
    // Subfields 1–7 are flagged in the first octet; later editions' subfields (after
    // its FX) are skipped, their length already checked by the UAP walk.
    let mut values = b[p..].iter();
    let mut field = |k: u8| {
        if b[0] & (0x80 >> k) != 0 {
            values.next().copied()
        } else {
            None
        }
    };
    PlotCharacteristics {
        ssr_runlength: field(0),
        ssr_replies: field(1),
        ssr_amplitude_dbm: field(2).map(|v| v as i8),
        psr_runlength: field(3),
        psr_amplitude_dbm: field(4).map(|v| v as i8),
        range_difference: field(5).map(|v| v as i8),
        azimuth_difference: field(6).map(|v| v as i8),
    }
}

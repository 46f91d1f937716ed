//! CAT034, transmission of monoradar service messages: north marker and sector crossing
//! messages, by which a receiver knows a radar's antenna is turning and its plots are
//! complete up to an azimuth (EUROCONTROL ASTERIX Part 2b, Category 034, edition 1.27).
//!
//! Interpreted: I034/010, /000, /030, /020, /041 and /120. Every other item of the UAP is
//! skipped by its length and noted in [`Cat034Record::skipped`].

use crate::common::{DataSource, TimeOfDay, quantise, signed, wrap_degrees};
use crate::error::{DecodeError, EncodeError, required};
use crate::uap::{ItemFormat, Uap, walk_record, write_fspec};

/// The category number.
pub const CATEGORY: u8 = 34;

const I050_SUBFIELDS: &[ItemFormat] = &[
    ItemFormat::Fixed(1), // COM
    ItemFormat::Spare,
    ItemFormat::Spare,
    ItemFormat::Fixed(1), // PSR
    ItemFormat::Fixed(1), // SSR
    ItemFormat::Fixed(2), // MDS
];
const I060_SUBFIELDS: &[ItemFormat] = &[
    ItemFormat::Fixed(1), // COM
    ItemFormat::Spare,
    ItemFormat::Spare,
    ItemFormat::Fixed(1), // PSR
    ItemFormat::Fixed(1), // SSR
    ItemFormat::Fixed(1), // MDS
];

/// The CAT034 UAP, FRN 1 to 14.
pub static UAP: Uap = Uap {
    category: CATEGORY,
    name: "CAT034",
    items: &[
        ItemFormat::Fixed(2),                 // 1 I034/010 Data Source Identifier
        ItemFormat::Fixed(1),                 // 2 I034/000 Message Type
        ItemFormat::Fixed(3),                 // 3 I034/030 Time-of-Day
        ItemFormat::Fixed(1),                 // 4 I034/020 Sector Number
        ItemFormat::Fixed(2),                 // 5 I034/041 Antenna Rotation Period
        ItemFormat::Compound(I050_SUBFIELDS), // 6 I034/050 System Configuration and Status
        ItemFormat::Compound(I060_SUBFIELDS), // 7 I034/060 System Processing Mode
        ItemFormat::Repetitive(2),            // 8 I034/070 Message Count Values
        ItemFormat::Fixed(8),                 // 9 I034/100 Generic Polar Window
        ItemFormat::Fixed(1),                 // 10 I034/110 Data Filter
        ItemFormat::Fixed(8),                 // 11 I034/120 3D Position of Data Source
        ItemFormat::Fixed(2),                 // 12 I034/090 Collimation Error
        ItemFormat::Explicit,                 // 13 RE Reserved Expansion
        ItemFormat::Explicit,                 // 14 SP Special Purpose
    ],
};

/// I034/000, the message type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageType {
    /// 1: the antenna passed north.
    NorthMarker,
    /// 2: the antenna passed the start of a sector.
    SectorCrossing,
    /// 3: geographical filtering.
    GeographicalFiltering,
    /// 4: jamming strobe.
    JammingStrobe,
    /// Another value (5 solar storm, 6 SSR jamming strobe, 7 Mode S jamming strobe, or
    /// one a later edition defines).
    Other(u8),
}

impl MessageType {
    /// The field's value.
    pub fn code(self) -> u8 {
        match self {
            MessageType::NorthMarker => 1,
            MessageType::SectorCrossing => 2,
            MessageType::GeographicalFiltering => 3,
            MessageType::JammingStrobe => 4,
            MessageType::Other(c) => c,
        }
    }

    /// From the field's value.
    pub fn from_code(c: u8) -> Self {
        match c {
            1 => MessageType::NorthMarker,
            2 => MessageType::SectorCrossing,
            3 => MessageType::GeographicalFiltering,
            4 => MessageType::JammingStrobe,
            c => MessageType::Other(c),
        }
    }
}

/// I034/120, the 3D position of the data source: WGS-84 latitude and longitude, height
/// above mean sea level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourcePosition {
    /// Height, metres (16 bits signed).
    pub height_m: i16,
    /// Latitude, 180/2^23 degrees (24 bits signed).
    pub latitude: i32,
    /// Longitude, 180/2^23 degrees (24 bits signed).
    pub longitude: i32,
}

impl SourcePosition {
    /// The least significant bit of latitude and longitude, degrees.
    pub const LSB_DEG: f64 = 180.0 / 8_388_608.0;

    /// The nearest representable position.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, height_m: f64) -> Result<Self, EncodeError> {
        Ok(SourcePosition {
            height_m: quantise("I034/120 height", height_m, 1.0, -32_768, 32_767)? as i16,
            latitude: quantise(
                "I034/120 latitude",
                lat_deg,
                Self::LSB_DEG,
                -4_194_304,
                4_194_304,
            )? as i32,
            longitude: quantise(
                "I034/120 longitude",
                wrap_degrees(lon_deg),
                Self::LSB_DEG,
                -8_388_608,
                8_388_607,
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

/// One CAT034 service message.
#[derive(Clone, Debug, PartialEq)]
pub struct Cat034Record {
    /// I034/010 (mandatory).
    pub data_source: DataSource,
    /// I034/000 (mandatory).
    pub message_type: MessageType,
    /// I034/030 (mandatory).
    pub time_of_day: TimeOfDay,
    /// I034/020, the sector's start azimuth, 360/2^8 degrees.
    pub sector_number: Option<u8>,
    /// I034/041, the antenna rotation period, 1/128 s.
    pub rotation_period: Option<u16>,
    /// I034/120.
    pub source_position: Option<SourcePosition>,
    /// FRNs of items present but not interpreted (bit `frn - 1`), skipped by length.
    pub skipped: u32,
}

impl Cat034Record {
    /// I034/020's least significant bit, degrees.
    pub const SECTOR_LSB_DEG: f64 = 360.0 / 256.0;

    /// A message with only the mandatory items.
    pub fn new(data_source: DataSource, message_type: MessageType, time: TimeOfDay) -> Self {
        Cat034Record {
            data_source,
            message_type,
            time_of_day: time,
            sector_number: None,
            rotation_period: None,
            source_position: None,
            skipped: 0,
        }
    }

    /// The rotation period, seconds.
    pub fn rotation_period_s(&self) -> Option<f64> {
        self.rotation_period.map(|p| f64::from(p) / 128.0)
    }

    /// The nearest representable I034/041 rotation period, or an error beyond 512 s.
    pub fn rotation_period_from_s(seconds: f64) -> Result<u16, EncodeError> {
        Ok(quantise("I034/041", seconds, 1.0 / 128.0, 0, 0xFFFF)? as u16)
    }

    /// Decode the record at `at` in `data`; returns it and the offset past it.
    pub fn decode(data: &[u8], at: usize) -> Result<(Self, usize), DecodeError> {
        let mut source = None;
        let mut kind = None;
        let mut time = None;
        let mut sector_number = None;
        let mut rotation_period = None;
        let mut source_position = None;
        let mut skipped = 0u32;
        let end = walk_record(&UAP, data, at, |frn, b, off| {
            match frn {
                1 => source = Some(DataSource::decode(b)),
                2 => kind = Some(MessageType::from_code(b[0])),
                3 => time = Some(TimeOfDay::decode(b, "I034/030", off)?),
                4 => sector_number = Some(b[0]),
                5 => rotation_period = Some(u16::from_be_bytes([b[0], b[1]])),
                11 => {
                    source_position = Some(SourcePosition {
                        height_m: i16::from_be_bytes([b[0], b[1]]),
                        latitude: signed(u32::from_be_bytes([0, b[2], b[3], b[4]]), 24),
                        longitude: signed(u32::from_be_bytes([0, b[5], b[6], b[7]]), 24),
                    })
                }
                _ => skipped |= 1 << (frn - 1),
            }
            Ok(())
        })?;
        Ok((
            Cat034Record {
                data_source: required(source, at, "I034/010")?,
                message_type: required(kind, at, "I034/000")?,
                time_of_day: required(time, at, "I034/030")?,
                sector_number,
                rotation_period,
                source_position,
                skipped,
            },
            end,
        ))
    }

    /// Append the record's encoding to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut present = 0b111u64;
        if self.sector_number.is_some() {
            present |= 1 << 3;
        }
        if self.rotation_period.is_some() {
            present |= 1 << 4;
        }
        if self.source_position.is_some() {
            present |= 1 << 10;
        }
        write_fspec(out, present);
        self.data_source.encode(out);
        out.push(self.message_type.code());
        self.time_of_day.encode(out);
        if let Some(s) = self.sector_number {
            out.push(s);
        }
        if let Some(p) = self.rotation_period {
            out.extend_from_slice(&p.to_be_bytes());
        }
        if let Some(p) = self.source_position {
            out.extend_from_slice(&p.height_m.to_be_bytes());
            out.extend_from_slice(&(p.latitude as u32).to_be_bytes()[1..]);
            out.extend_from_slice(&(p.longitude as u32).to_be_bytes()[1..]);
        }
    }
}

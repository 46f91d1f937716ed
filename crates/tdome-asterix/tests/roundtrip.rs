//! Property tests: every record decodes to what was encoded, octet for octet back again;
//! no input, however broken, makes the decoder panic; and every error names a byte
//! offset inside the data.

use proptest::prelude::*;
use tdome_asterix::cat034::{Cat034Record, MessageType, SourcePosition};
use tdome_asterix::cat048::{
    CalculatedDoppler, Cat048Record, Cat048Special, DetectionType, FlightLevel, Mode3A,
    PlotCharacteristics, PolarPosition, TargetReportDescriptor,
};
use tdome_asterix::cat062::{
    CartesianPosition, CartesianVelocity, Cat062Record, EstimatedAccuracies, TdomeSpecial,
    TrackStatus, Wgs84Position,
};
use tdome_asterix::{BlockWriter, DataSource, Record, TimeOfDay, decode_datagram};

fn source() -> impl Strategy<Value = DataSource> {
    (any::<u8>(), any::<u8>()).prop_map(|(sac, sic)| DataSource { sac, sic })
}

fn time() -> impl Strategy<Value = TimeOfDay> {
    (0..TimeOfDay::DAY).prop_map(|t| TimeOfDay::from_raw(t).unwrap())
}

fn detection() -> impl Strategy<Value = DetectionType> {
    prop_oneof![
        Just(DetectionType::None),
        Just(DetectionType::Psr),
        Just(DetectionType::Ssr),
        Just(DetectionType::SsrPsr),
        Just(DetectionType::ModeSAllCall),
        Just(DetectionType::ModeSRollCall),
        Just(DetectionType::ModeSAllCallPsr),
        Just(DetectionType::ModeSRollCallPsr),
    ]
}

fn descriptor() -> impl Strategy<Value = TargetReportDescriptor> {
    (
        detection(),
        any::<[bool; 4]>(),
        proptest::option::of(any::<u8>().prop_map(|o| o & 0xFE)),
        proptest::collection::vec(any::<u8>().prop_map(|o| o & 0xFE), 0..3),
    )
        .prop_map(|(detection, f, extent1, more)| TargetReportDescriptor {
            detection,
            simulated: f[0],
            rdp_chain_2: f[1],
            spi: f[2],
            field_monitor: f[3],
            more: if extent1.is_some() { more } else { Vec::new() },
            extent1,
        })
}

fn cat048() -> impl Strategy<Value = Cat048Record> {
    (
        (source(), time(), proptest::option::of(descriptor())),
        proptest::option::of(
            (any::<u16>(), any::<u16>()).prop_map(|(rho, theta)| PolarPosition { rho, theta }),
        ),
        proptest::option::of(
            (any::<[bool; 3]>(), 0u16..0o10000).prop_map(|(f, code)| Mode3A {
                not_validated: f[0],
                garbled: f[1],
                smoothed: f[2],
                code,
            }),
        ),
        proptest::option::of(
            (any::<[bool; 2]>(), -8192i16..8192).prop_map(|(f, q)| FlightLevel {
                not_validated: f[0],
                garbled: f[1],
                quarter_fl: q,
            }),
        ),
        proptest::option::of(
            (
                proptest::option::of(any::<u8>()),
                proptest::option::of(any::<u8>()),
                proptest::option::of(any::<i8>()),
                proptest::option::of(any::<u8>()),
                proptest::option::of(any::<i8>()),
                proptest::option::of(any::<i8>()),
                proptest::option::of(any::<i8>()),
            )
                .prop_map(|(a, b, c, d, e, f, g)| PlotCharacteristics {
                    ssr_runlength: a,
                    ssr_replies: b,
                    ssr_amplitude_dbm: c,
                    psr_runlength: d,
                    psr_amplitude_dbm: e,
                    range_difference: f,
                    azimuth_difference: g,
                })
                .prop_filter("an empty I048/130 is not sent", |p| {
                    *p != PlotCharacteristics::default()
                }),
        ),
        (
            proptest::option::of(0u32..1 << 24),
            proptest::option::of(0u16..4096),
            proptest::option::of(-8192i16..8192),
            proptest::option::of((any::<bool>(), -512i16..512).prop_map(
                |(doubtful, speed_mps)| CalculatedDoppler {
                    doubtful,
                    speed_mps,
                },
            )),
            proptest::option::of(
                (
                    0u32..1 << 24,
                    any::<u16>(),
                    -16_384i16..=16_384,
                    proptest::option::of(-32_767i16..=32_767),
                )
                    .prop_map(|(range, azimuth, elevation, range_rate)| {
                        Cat048Special {
                            range,
                            azimuth,
                            elevation,
                            range_rate,
                        }
                    }),
            ),
        ),
    )
        .prop_map(
            |(
                (s, t, descriptor),
                position,
                mode_3a,
                flight_level,
                plot_characteristics,
                (aa, tn, h, d, sp),
            )| {
                Cat048Record {
                    descriptor,
                    position,
                    mode_3a,
                    flight_level,
                    plot_characteristics,
                    aircraft_address: aa,
                    track_number: tn,
                    height_3d: h,
                    doppler: d,
                    special: sp,
                    ..Cat048Record::new(s, t)
                }
            },
        )
}

fn message_type() -> impl Strategy<Value = MessageType> {
    any::<u8>().prop_map(MessageType::from_code)
}

fn cat034() -> impl Strategy<Value = Cat034Record> {
    (
        source(),
        message_type(),
        time(),
        proptest::option::of(any::<u8>()),
        proptest::option::of(any::<u16>()),
        proptest::option::of(
            (
                any::<i16>(),
                -(1i32 << 23)..(1 << 23),
                -(1i32 << 23)..(1 << 23),
            )
                .prop_map(|(height_m, latitude, longitude)| SourcePosition {
                    height_m,
                    latitude,
                    longitude,
                }),
        ),
    )
        .prop_map(
            |(s, m, t, sector_number, rotation_period, source_position)| Cat034Record {
                sector_number,
                rotation_period,
                source_position,
                ..Cat034Record::new(s, m, t)
            },
        )
}

fn status() -> impl Strategy<Value = TrackStatus> {
    (
        any::<[bool; 7]>(),
        0u8..8,
        any::<u8>().prop_map(|o| o & 0x1E),
        proptest::collection::vec(any::<u8>().prop_map(|o| o & 0xFE), 0..4),
    )
        .prop_map(|(f, src, rest, more)| TrackStatus {
            monosensor: f[0],
            spi: f[1],
            geometric_height_most_reliable: f[2],
            altitude_source: src,
            tentative: f[3],
            simulated: f[4],
            last_message: f[5],
            first_message: f[6],
            extent1_rest: rest,
            more,
        })
}

fn accuracies() -> impl Strategy<Value = EstimatedAccuracies> {
    (
        proptest::option::of(any::<(u16, u16)>()),
        proptest::option::of(any::<i16>()),
        proptest::option::of(any::<(u16, u16)>()),
        proptest::option::of(any::<u8>()),
        proptest::option::of(any::<u8>()),
        proptest::option::of(any::<(u8, u8)>()),
        proptest::option::of(any::<(u8, u8)>()),
        proptest::option::of(any::<u8>()),
    )
        .prop_map(|(a, b, c, d, e, f, g, h)| EstimatedAccuracies {
            position_xy: a,
            covariance_xy: b,
            position_wgs84: c,
            geometric_altitude: d,
            barometric_altitude: e,
            velocity_xy: f,
            acceleration_xy: g,
            rate_of_climb: h,
        })
        .prop_filter("an empty I062/500 is not sent", |a| {
            *a != EstimatedAccuracies::default()
        })
}

fn cat062() -> impl Strategy<Value = Cat062Record> {
    (
        (source(), proptest::option::of(any::<u8>()), time()),
        proptest::option::of(
            any::<(i32, i32)>().prop_map(|(latitude, longitude)| Wgs84Position {
                latitude,
                longitude,
            }),
        ),
        proptest::option::of(
            (-(1i32 << 23)..(1 << 23), -(1i32 << 23)..(1 << 23))
                .prop_map(|(x, y)| CartesianPosition { x, y }),
        ),
        proptest::option::of(any::<(i16, i16)>().prop_map(|(vx, vy)| CartesianVelocity { vx, vy })),
        (
            proptest::option::of(any::<(i8, i8)>()),
            proptest::option::of(any::<u16>()),
            proptest::option::of(status()),
            proptest::option::of(any::<i16>()),
            proptest::option::of(any::<i16>()),
            proptest::option::of(accuracies()),
            proptest::option::of(
                (0u8..3, any::<u16>()).prop_map(|(category, s)| TdomeSpecial {
                    category,
                    vertical_velocity_sigma: s,
                }),
            ),
        ),
    )
        .prop_map(
            |((s, service, t), w, c, v, (acc, tn, st, alt, roc, ea, sp))| Cat062Record {
                service,
                position_wgs84: w,
                position_cartesian: c,
                velocity: v,
                acceleration: acc,
                track_number: tn,
                status: st,
                geometric_altitude: alt,
                rate_of_climb: roc,
                accuracies: ea,
                special: sp,
                ..Cat062Record::new(s, t)
            },
        )
}

/// Encode records into one block of `category` and decode the datagram back.
fn through_wire(category: u8, encode: impl Fn(&mut Vec<u8>)) -> (Vec<u8>, Vec<Record>) {
    let mut out = Vec::new();
    let mut block = BlockWriter::new(&mut out, category);
    encode(block.out());
    block.finish().expect("a small block");
    let mut got = Vec::new();
    decode_datagram(&out, |_, r| got.push(r)).expect("decodes");
    (out, got)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn cat048_round_trips(records in proptest::collection::vec(cat048(), 1..5)) {
        let (bytes, got) = through_wire(48, |out| records.iter().for_each(|r| r.encode(out)));
        let want: Vec<Record> = records.iter().cloned().map(Record::Cat048).collect();
        prop_assert_eq!(&got, &want);
        let (again, _) = through_wire(48, |out| got.iter().for_each(|r| match r {
            Record::Cat048(r) => r.encode(out),
            _ => unreachable!(),
        }));
        prop_assert_eq!(again, bytes);
    }

    #[test]
    fn cat034_round_trips(records in proptest::collection::vec(cat034(), 1..5)) {
        let (_, got) = through_wire(34, |out| records.iter().for_each(|r| r.encode(out)));
        let want: Vec<Record> = records.iter().cloned().map(Record::Cat034).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn cat062_round_trips(records in proptest::collection::vec(cat062(), 1..5)) {
        let (bytes, got) = through_wire(62, |out| records.iter().for_each(|r| r.encode(out)));
        let want: Vec<Record> = records.iter().cloned().map(Record::Cat062).collect();
        prop_assert_eq!(&got, &want);
        let (again, _) = through_wire(62, |out| got.iter().for_each(|r| match r {
            Record::Cat062(r) => r.encode(out),
            _ => unreachable!(),
        }));
        prop_assert_eq!(again, bytes);
    }

    /// Arbitrary octets after a plausible header: an error or records, never a panic,
    /// and an error's offset lies within the data.
    #[test]
    fn arbitrary_bytes_never_panic(cat in prop_oneof![Just(34u8), Just(48u8), Just(62u8), any::<u8>()],
                                   body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut data = vec![cat, 0, 0];
        data.extend_from_slice(&body);
        let len = data.len() as u16;
        data[1..3].copy_from_slice(&len.to_be_bytes());
        if let Err(e) = decode_datagram(&data, |_, _| {}) {
            // At most one past the end: "the octet at the end is missing".
            prop_assert!(e.offset <= data.len(), "{e} beyond {} bytes", data.len());
        }
    }

    /// Every strict prefix of a valid datagram (with its LEN patched to fit) is
    /// rejected with an error, never taken for a shorter valid record.
    #[test]
    fn truncations_are_errors(record in cat062(), cut in 1usize..64) {
        let (bytes, _) = through_wire(62, |out| record.encode(out));
        let keep = bytes.len().saturating_sub(cut).max(4);
        prop_assume!(keep < bytes.len());
        let mut short = bytes[..keep].to_vec();
        short[1..3].copy_from_slice(&(keep as u16).to_be_bytes());
        let r = decode_datagram(&short, |_, _| {});
        prop_assert!(r.is_err(), "a {keep}-byte prefix of {} decoded", bytes.len());
    }
}

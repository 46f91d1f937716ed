//! tdome's DIS output (IEEE 1278.1-2012, protocol version 7): a run's threats,
//! interceptors and batteries as Entity State PDUs, its launches as Fire PDUs, and its
//! intercepts and ground impacts as Detonation PDUs, sent over UDP to any DIS viewer or
//! logger (docs/interfaces.md). The PDUs are built and encoded by `dis-rs`; this crate
//! decides what to send and when.

pub mod address;
pub mod dead_reckoning;
pub mod entity_type;
pub mod orientation;
pub mod timestamp;
pub mod writer;

pub use address::PduOutput;
pub use dead_reckoning::Thresholds;
pub use tdome_core::net::{AddressError, UdpAddress, UdpSender};
pub use writer::{DisConfig, DisStats, DisWriter};

/// The UDP port DIS traffic conventionally uses (Wireshark decodes it as DIS).
pub const DIS_PORT: u16 = 3000;

//! EUROCONTROL ASTERIX, the format in which radars and trackers exchange surveillance
//! data: CAT048 monoradar target reports (plots), CAT034 monoradar service messages
//! (north marker, sector crossing) and CAT062 system tracks, each encoded and decoded.
//!
//! The codec ([`cat048`], [`cat034`], [`cat062`], [`uap`]) is wire-level: records hold the
//! fields as transmitted (integers in each field's least significant bit, so a decoded
//! record re-encodes to the same octets), with accessors in SI units whose names carry the
//! unit. On top of it: tdome's plots as CAT048 and back ([`plots`], with the
//! [`plots::SensorRegistry`] of radars by SAC/SIC), its tracks as CAT062 ([`tracks`]),
//! its system plane ([`plane`]), simulation time as time of day ([`utc`]), and the simulator's writer of all three
//! ([`writer`]) to a UDP peer ([`transport`]).
//!
//! Hand-written: the one Rust ASTERIX crate (crates.io `asterix` 0.4, on `deku`) covers
//! CAT048 and CAT034 but not CAT062, and its derive machinery would cost compile time for
//! little; the general record walk ([`uap`]) that serves all three categories is small. Decoding never panics on any input (fuzzed: fuzz/), and every
//! error carries the byte offset at which it was found.

pub mod cat034;
pub mod cat048;
pub mod cat062;
mod common;
pub mod error;
pub mod plane;
pub mod plots;
pub mod tracks;
pub mod transport;
pub mod uap;
pub mod utc;
pub mod writer;

pub use cat034::Cat034Record;
pub use cat048::Cat048Record;
pub use cat062::Cat062Record;
pub use common::{DataSource, TimeOfDay};
pub use error::{DecodeError, DecodeErrorKind, EncodeError};
pub use plane::SystemPlane;
pub use uap::{BlockWriter, DataBlock, data_blocks};

/// One decoded record of any category this crate interprets, or the block of one it
/// does not.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// A CAT048 target report.
    Cat048(Cat048Record),
    /// A CAT034 service message.
    Cat034(Cat034Record),
    /// A CAT062 system track.
    Cat062(Cat062Record),
    /// A whole data block of a category not interpreted here, skipped by its LEN.
    Other {
        /// Its category.
        category: u8,
        /// Its length, octets.
        len: usize,
    },
}

/// Decode every record of every data block in `data` (one datagram), in order, calling
/// `on_record(offset, record)` for each. Stops at the first malformed block or record
/// and returns its error; what was decoded before it has been delivered.
pub fn decode_datagram(
    data: &[u8],
    mut on_record: impl FnMut(usize, Record),
) -> Result<(), DecodeError> {
    for block in data_blocks(data) {
        let block = block?;
        // Records are decoded within the block's bytes, so none can run past its LEN;
        // offsets are then moved back to the datagram's.
        let body = block.bytes;
        let mut at = 3;
        let shift = |e: DecodeError| DecodeError {
            offset: e.offset + block.offset,
            kind: e.kind,
        };
        match block.category {
            cat048::CATEGORY => {
                while at < body.len() {
                    let (r, end) = Cat048Record::decode(body, at).map_err(shift)?;
                    on_record(block.offset + at, Record::Cat048(r));
                    at = end;
                }
            }
            cat034::CATEGORY => {
                while at < body.len() {
                    let (r, end) = Cat034Record::decode(body, at).map_err(shift)?;
                    on_record(block.offset + at, Record::Cat034(r));
                    at = end;
                }
            }
            cat062::CATEGORY => {
                while at < body.len() {
                    let (r, end) = Cat062Record::decode(body, at).map_err(shift)?;
                    on_record(block.offset + at, Record::Cat062(r));
                    at = end;
                }
            }
            category => on_record(
                block.offset,
                Record::Other {
                    category,
                    len: body.len(),
                },
            ),
        }
    }
    Ok(())
}

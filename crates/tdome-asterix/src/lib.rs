//! EUROCONTROL ASTERIX, the format in which radars and trackers exchange surveillance
//! data: CAT048 monoradar target reports (plots), CAT034 monoradar service messages
//! (north marker, sector crossing) and CAT062 system tracks, each encoded and decoded.
//!
//! The codec is wire-level and stands alone: records hold the fields as transmitted
//! (integers in each field's least significant bit, so a decoded record re-encodes to the
//! same octets), with accessors in SI units whose names carry the unit. Mapping tdome's
//! plots and tracks to and from records, and UTC to time of day, is the writers' and
//! readers' business (`tdome_asterix::sim`... in tdome-world's neighbours), not this
//! crate's.
//!
//! Hand-written: no maintained Rust crate encodes ASTERIX (the crates.io `asterix` crate
//! is a thin, unmaintained decoder of other categories), and the general record walk
//! ([`uap`]) is small. Decoding never panics on any input (fuzzed: fuzz/), and every
//! error carries the byte offset at which it was found.

pub mod cat034;
pub mod cat048;
pub mod cat062;
mod common;
pub mod error;
pub mod uap;

pub use cat034::Cat034Record;
pub use cat048::Cat048Record;
pub use cat062::Cat062Record;
pub use common::{DataSource, TimeOfDay};
pub use error::{DecodeError, DecodeErrorKind, EncodeError};
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

//! The general machinery of an ASTERIX record: the FSPEC, the User Application Profile
//! (UAP) that maps its bits to data items, and the five item formats by which any item's
//! length is known without understanding its content (EUROCONTROL, "ASTERIX Part 1",
//! ed. 3.x, §4: fixed, extended, repetitive, explicit and compound).
//!
//! This is what lets a decoder skip an item it does not interpret: every category module
//! describes its whole UAP here, interprets the items it knows, and steps over the rest by
//! their length.

use crate::error::{DecodeError, DecodeErrorKind};

/// How a data item's length is found.
#[derive(Clone, Copy, Debug)]
pub enum ItemFormat {
    /// Always this many octets.
    Fixed(usize),
    /// A first part of `first` octets, then parts of `extent` octets for as long as the
    /// last octet of the previous part has its FX bit (the least significant) set.
    Extended {
        /// Octets in the first part.
        first: usize,
        /// Octets in each extent.
        extent: usize,
    },
    /// A one-octet repetition factor, then that many elements of this many octets.
    Repetitive(usize),
    /// A one-octet length that counts itself, then the content (SP and RE items).
    Explicit,
    /// A primary subfield of presence bits (seven per octet, FX-extended), then the
    /// present subfields in order. Entry `k` describes subfield `k + 1`.
    Compound(&'static [ItemFormat]),
    /// A position the UAP leaves unused: its bit must not be set.
    Spare,
}

/// A category's User Application Profile: the format of the item at each field reference
/// number (FRN), `items[frn - 1]`. FX bits are not FRNs.
#[derive(Debug)]
pub struct Uap {
    /// The category.
    pub category: u8,
    /// "CAT048", for messages.
    pub name: &'static str,
    /// Item formats by FRN.
    pub items: &'static [ItemFormat],
}

/// Read `n` octets at `at` within `data`, or say what is missing.
#[inline]
pub(crate) fn take<'a>(
    data: &'a [u8],
    at: usize,
    n: usize,
    what: &'static str,
) -> Result<&'a [u8], DecodeError> {
    match data.get(at..at + n) {
        Some(s) => Ok(s),
        None => Err(DecodeError::at(
            at,
            DecodeErrorKind::Truncated {
                what,
                needed: (at + n).saturating_sub(data.len()),
            },
        )),
    }
}

/// The length in octets of an item of `format` starting at `at` in `data` (which ends
/// where the enclosing data block ends).
pub(crate) fn item_len(
    format: ItemFormat,
    data: &[u8],
    at: usize,
    what: &'static str,
) -> Result<usize, DecodeError> {
    match format {
        ItemFormat::Fixed(n) => {
            take(data, at, n, what)?;
            Ok(n)
        }
        ItemFormat::Extended { first, extent } => {
            let mut len = first;
            take(data, at, len, what)?;
            while data[at + len - 1] & 1 == 1 {
                take(data, at + len, extent, what)?;
                len += extent;
            }
            Ok(len)
        }
        ItemFormat::Repetitive(n) => {
            let rep = take(data, at, 1, what)?[0] as usize;
            take(data, at + 1, rep * n, what)?;
            Ok(1 + rep * n)
        }
        ItemFormat::Explicit => {
            let len = take(data, at, 1, what)?[0] as usize;
            if len == 0 {
                return Err(DecodeError::at(
                    at,
                    DecodeErrorKind::InvalidValue {
                        item: what,
                        reason: "explicit length 0 (it counts its own octet)",
                    },
                ));
            }
            take(data, at, len, what)?;
            Ok(len)
        }
        ItemFormat::Compound(subfields) => {
            let mut spec = Fspec::read(data, at, subfields.len(), what)?;
            let mut len = spec.octets;
            while let Some(k) = spec.next_present() {
                let sub = match subfields.get(k) {
                    Some(ItemFormat::Spare) | None => {
                        return Err(DecodeError::at(
                            at,
                            DecodeErrorKind::UndefinedSubfield {
                                item: what,
                                subfield: (k + 1) as u8,
                            },
                        ));
                    }
                    Some(f) => *f,
                };
                len += item_len(sub, data, at + len, what)?;
            }
            Ok(len)
        }
        ItemFormat::Spare => Err(DecodeError::at(
            at,
            DecodeErrorKind::InvalidValue {
                item: what,
                reason: "spare position",
            },
        )),
    }
}

/// A field specification: presence bits, seven per octet, most significant first, each
/// octet's least significant bit (FX) saying another octet follows. At most 63 bits
/// (nine octets) are held, more than any UAP here defines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fspec {
    /// Presence bits in FRN order: bit `63 - k` is position `k` (0-based).
    bits: u64,
    /// Octets the specification occupies.
    pub octets: usize,
}

impl Fspec {
    /// Read the specification at `at`; `positions` is how many item positions the UAP
    /// defines, which bounds its octets.
    #[inline]
    pub fn read(
        data: &[u8],
        at: usize,
        positions: usize,
        what: &'static str,
    ) -> Result<Fspec, DecodeError> {
        let max = positions.div_ceil(7).clamp(1, 9);
        let mut bits = 0u64;
        let mut octets = 0;
        loop {
            let Some(&octet) = data.get(at + octets) else {
                return Err(DecodeError::at(
                    at + octets,
                    DecodeErrorKind::Truncated { what, needed: 1 },
                ));
            };
            if octets == max {
                return Err(DecodeError::at(
                    at + octets,
                    DecodeErrorKind::FspecTooLong { what, max },
                ));
            }
            bits |= u64::from(octet >> 1) << (57 - 7 * octets);
            octets += 1;
            if octet & 1 == 0 {
                break;
            }
        }
        Ok(Fspec { bits, octets })
    }

    /// The next present position (0-based), consuming it.
    #[inline]
    pub fn next_present(&mut self) -> Option<usize> {
        if self.bits == 0 {
            return None;
        }
        let k = self.bits.leading_zeros() as usize;
        self.bits &= !(1u64 << (63 - k));
        Some(k)
    }

    /// True when no position is present.
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }
}

/// Walk one record of `uap` starting at `at`: call `on_item(frn, item, offset)` for
/// every present item in FRN order, and return the offset just past the record.
#[inline]
pub(crate) fn walk_record<'a>(
    uap: &Uap,
    data: &'a [u8],
    at: usize,
    mut on_item: impl FnMut(u8, &'a [u8], usize) -> Result<(), DecodeError>,
) -> Result<usize, DecodeError> {
    let mut spec = Fspec::read(data, at, uap.items.len(), uap.name)?;
    if spec.is_empty() {
        return Err(DecodeError::at(at, DecodeErrorKind::EmptyRecord));
    }
    let mut pos = at + spec.octets;
    while let Some(k) = spec.next_present() {
        let frn = (k + 1) as u8;
        let format = match uap.items.get(k) {
            Some(ItemFormat::Spare) | None => {
                return Err(DecodeError::at(
                    at,
                    DecodeErrorKind::UndefinedItem {
                        category: uap.category,
                        frn,
                    },
                ));
            }
            Some(f) => *f,
        };
        let len = item_len(format, data, pos, uap.name)?;
        on_item(frn, &data[pos..pos + len], pos)?;
        pos += len;
    }
    Ok(pos)
}

/// Write a field specification with the positions in `present` (bit `k` for FRN
/// `k + 1`), as few octets as the highest position needs.
pub(crate) fn write_fspec(out: &mut Vec<u8>, present: u64) {
    debug_assert!(present != 0, "a record has at least one item");
    let highest = 63 - present.leading_zeros() as usize;
    let octets = highest / 7 + 1;
    for i in 0..octets {
        let mut octet = 0u8;
        for b in 0..7 {
            if present & (1 << (7 * i + b)) != 0 {
                octet |= 0x80 >> b;
            }
        }
        if i + 1 < octets {
            octet |= 1;
        }
        out.push(octet);
    }
}

/// One ASTERIX data block: category, then its records' bytes.
#[derive(Clone, Copy, Debug)]
pub struct DataBlock<'a> {
    /// Its category.
    pub category: u8,
    /// Offset of the block's first octet in the decoded buffer.
    pub offset: usize,
    /// The whole block, header included.
    pub bytes: &'a [u8],
}

/// The data blocks one after another in `data` (a datagram may carry several). A block
/// whose LEN does not fit ends the iteration with its error.
pub fn data_blocks(data: &[u8]) -> DataBlocks<'_> {
    DataBlocks {
        data,
        at: 0,
        failed: false,
    }
}

/// Iterator of [`data_blocks`].
#[derive(Clone, Debug)]
pub struct DataBlocks<'a> {
    data: &'a [u8],
    at: usize,
    failed: bool,
}

impl<'a> Iterator for DataBlocks<'a> {
    type Item = Result<DataBlock<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.at >= self.data.len() {
            return None;
        }
        let at = self.at;
        let header = match take(self.data, at, 3, "data block header") {
            Ok(h) => h,
            Err(e) => {
                self.failed = true;
                return Some(Err(e));
            }
        };
        let category = header[0];
        let len = u16::from_be_bytes([header[1], header[2]]);
        let available = self.data.len() - at;
        if (len as usize) < 3 || len as usize > available {
            self.failed = true;
            return Some(Err(DecodeError::at(
                at + 1,
                DecodeErrorKind::BlockLength {
                    category,
                    len,
                    available,
                },
            )));
        }
        self.at += len as usize;
        Some(Ok(DataBlock {
            category,
            offset: at,
            bytes: &self.data[at..at + len as usize],
        }))
    }
}

/// Builds one data block: category and LEN, then records appended by the category
/// encoders. LEN is filled in by [`BlockWriter::finish`].
#[derive(Debug)]
pub struct BlockWriter<'o> {
    out: &'o mut Vec<u8>,
    start: usize,
}

impl<'o> BlockWriter<'o> {
    /// Start a block of `category` at the end of `out`.
    pub fn new(out: &'o mut Vec<u8>, category: u8) -> Self {
        let start = out.len();
        out.extend_from_slice(&[category, 0, 0]);
        BlockWriter { out, start }
    }

    /// The buffer records are appended to.
    pub fn out(&mut self) -> &mut Vec<u8> {
        self.out
    }

    /// Octets in the block so far, header included.
    pub fn len(&self) -> usize {
        self.out.len() - self.start
    }

    /// True when no record has been appended.
    pub fn is_empty(&self) -> bool {
        self.len() == 3
    }

    /// Fill in LEN and return the block's length. A block holds at most 65,535 octets;
    /// callers keep blocks far below that (a datagram's worth). A longer one is removed
    /// whole, and `None` returned, so nothing malformed is ever sent.
    pub fn finish(self) -> Option<usize> {
        let len = self.out.len() - self.start;
        match u16::try_from(len) {
            Ok(l) => {
                self.out[self.start + 1..self.start + 3].copy_from_slice(&l.to_be_bytes());
                Some(len)
            }
            Err(_) => {
                self.out.truncate(self.start);
                None
            }
        }
    }
}

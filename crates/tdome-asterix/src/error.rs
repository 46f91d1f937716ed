//! What can be wrong with received ASTERIX data, and where.

/// Why data could not be decoded, with the byte offset (from the start of the buffer
/// given to the decoder) at which the fault was found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("ASTERIX at byte {offset}: {kind}")]
pub struct DecodeError {
    /// Offset of the fault from the start of the decoded buffer.
    pub offset: usize,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

/// What is wrong with received data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeErrorKind {
    /// The data ends before a field that must be there.
    #[error("truncated: {needed} more byte(s) needed for {what}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// How many bytes were missing.
        needed: usize,
    },
    /// A data block's LEN is below its own header's three octets or beyond the data.
    #[error("data block of category {category} claims {len} byte(s), {available} available")]
    BlockLength {
        /// The block's category.
        category: u8,
        /// Its LEN field.
        len: u16,
        /// Bytes from the block's start to the end of the data.
        available: usize,
    },
    /// The FSPEC (or a compound item's primary subfield) has more extension octets than
    /// the UAP defines items for.
    #[error("field specification of {what} runs past the {max} octet(s) its UAP defines")]
    FspecTooLong {
        /// The category or item whose specification it is.
        what: &'static str,
        /// The most octets it may have.
        max: usize,
    },
    /// A presence bit is set for an item the UAP leaves spare: the length of what
    /// follows cannot be known, so the rest of the block cannot be read.
    #[error("CAT{category:03} record: FRN {frn} is set but is spare in the UAP")]
    UndefinedItem {
        /// The category.
        category: u8,
        /// The field reference number whose bit is set.
        frn: u8,
    },
    /// A compound item sets the presence bit of a subfield its edition does not define.
    #[error("{item}: subfield {subfield} is set but not defined")]
    UndefinedSubfield {
        /// The item.
        item: &'static str,
        /// The subfield's position (1-based).
        subfield: u8,
    },
    /// A record lacks an item the edition makes mandatory.
    #[error("record lacks mandatory item {item}")]
    MissingItem {
        /// The item, as I<cat>/<item>.
        item: &'static str,
    },
    /// A field holds a value outside its defined range.
    #[error("{item}: {reason}")]
    InvalidValue {
        /// The item, as I<cat>/<item>.
        item: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A record ended with its FSPEC empty (no item present), which no UAP allows.
    #[error("empty record (FSPEC with no item)")]
    EmptyRecord,
}

impl DecodeError {
    pub(crate) fn at(offset: usize, kind: DecodeErrorKind) -> Self {
        DecodeError { offset, kind }
    }
}

/// A mandatory item's value, or the error that the record at `at` lacks `item`.
pub(crate) fn required<T>(
    value: Option<T>,
    at: usize,
    item: &'static str,
) -> Result<T, DecodeError> {
    value.ok_or(DecodeError::at(at, DecodeErrorKind::MissingItem { item }))
}

/// Why a value could not be encoded: it does not fit the item's field.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{item}: {value} is outside the field's range {min} to {max}")]
pub struct EncodeError {
    /// The item, as I<cat>/<item>.
    pub item: &'static str,
    /// The value offered, in the field's units.
    pub value: f64,
    /// The smallest value the field holds.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

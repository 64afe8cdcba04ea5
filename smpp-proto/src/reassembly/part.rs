//! One incoming part and the reasons it may be refused.

use core::fmt;

/// Concatenation information of one incoming part, from a UDH concatenation element
/// (8- or 16-bit reference) or the SAR TLVs, with the part's data (without the UDH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Part<'a> {
    /// Concatenation reference (an 8-bit reference is widened).
    pub reference: u16,
    /// Total number of parts, 1..=255.
    pub total: u8,
    /// This part's number, 1..=total.
    pub seqnum: u8,
    /// The part's payload.
    pub data: &'a [u8],
}

impl<'a> Part<'a> {
    /// A part; validity is checked when it is pushed.
    pub const fn new(reference: u16, total: u8, seqnum: u8, data: &'a [u8]) -> Self {
        Self {
            reference,
            total,
            seqnum,
            data,
        }
    }
}

/// Why a part was rejected; a rejected part changes nothing in the reassembler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartError {
    /// The total number of parts is 0.
    ZeroTotal,
    /// The part number is 0 or above the total.
    InvalidSeqnum {
        /// The part number given.
        seqnum: u8,
        /// The total given.
        total: u8,
    },
    /// The total is above [`ReassemblyConfig::max_parts`](super::ReassemblyConfig::max_parts).
    TooManyParts {
        /// The total given.
        total: u8,
        /// The configured maximum.
        max: u8,
    },
    /// A message with this key and reference is in progress with another total.
    TotalMismatch {
        /// The total of the message in progress.
        expected: u8,
        /// The total given with this part.
        got: u8,
    },
    /// The message's buffered data would exceed
    /// [`ReassemblyConfig::max_buffered_bytes`](super::ReassemblyConfig::max_buffered_bytes)
    /// even with every other message evicted.
    TooLarge {
        /// Bytes the message would hold with this part.
        needed: usize,
        /// The configured maximum.
        max: usize,
    },
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroTotal => f.write_str("concatenated part announces 0 parts"),
            Self::InvalidSeqnum { seqnum, total } => {
                write!(f, "part number {seqnum} is outside 1..={total}")
            }
            Self::TooManyParts { total, max } => {
                write!(f, "message of {total} parts exceeds the limit of {max}")
            }
            Self::TotalMismatch { expected, got } => write!(
                f,
                "part announces {got} parts but the message in progress has {expected}"
            ),
            Self::TooLarge { needed, max } => {
                write!(f, "message would buffer {needed} bytes, limit is {max}")
            }
        }
    }
}

impl core::error::Error for PartError {}

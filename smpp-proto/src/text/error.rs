//! Errors of the text codecs and the splitter.

use core::fmt;

/// Why a text could not be encoded or split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodeError {
    /// A character has no representation in the encoding (and no replacement was asked
    /// for, or the replacement has none either).
    Unmappable {
        /// The first character that could not be encoded.
        ch: char,
        /// Its position counted in characters (Unicode scalar values) from the start.
        index: usize,
        /// Its byte offset in the UTF-8 text.
        offset: usize,
    },
    /// The output buffer is too small; its contents are unspecified.
    BufferTooSmall {
        /// Bytes the whole output needs.
        required: usize,
    },
    /// The text needs more than 255 segments (segment counters are one octet).
    TooManySegments {
        /// Segments the text would need.
        segments: usize,
    },
    /// The text does not fit one `message_payload` (at most 65 535 octets).
    PayloadTooLong {
        /// Octets the payload would need.
        len: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unmappable { ch, index, .. } => write!(
                f,
                "character {ch:?} (U+{:04X}) at position {index} cannot be encoded",
                u32::from(*ch)
            ),
            Self::BufferTooSmall { required } => {
                write!(f, "output buffer too small: {required} bytes required")
            }
            Self::TooManySegments { segments } => {
                write!(
                    f,
                    "text needs {segments} segments, at most 255 are possible"
                )
            }
            Self::PayloadTooLong { len } => write!(
                f,
                "text needs {len} octets, more than one message_payload holds (65535)"
            ),
        }
    }
}

impl core::error::Error for EncodeError {}

/// Why encoded bytes could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A byte (or septet) that the encoding does not assign: a GSM or ASCII byte above
    /// 0x7F, or a septet a national locking-shift table leaves empty.
    InvalidByte {
        /// The byte or septet.
        byte: u8,
        /// Its offset: bytes for unpacked input, septets for packed GSM input.
        offset: usize,
    },
    /// A UTF-16 surrogate without its partner.
    UnpairedSurrogate {
        /// The surrogate code unit.
        unit: u16,
        /// Byte offset of the unit.
        offset: usize,
    },
    /// The input ends inside a unit: an odd byte count in UCS-2, or packed data shorter
    /// than the septet count given.
    Truncated {
        /// Offset where the incomplete unit starts.
        offset: usize,
    },
    /// The output buffer is too small; its contents are unspecified.
    BufferTooSmall {
        /// Bytes the whole output needs.
        required: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidByte { byte, offset } => {
                write!(f, "invalid byte 0x{byte:02X} at offset {offset}")
            }
            Self::UnpairedSurrogate { unit, offset } => {
                write!(
                    f,
                    "unpaired UTF-16 surrogate 0x{unit:04X} at offset {offset}"
                )
            }
            Self::Truncated { offset } => write!(f, "input truncated at offset {offset}"),
            Self::BufferTooSmall { required } => {
                write!(f, "output buffer too small: {required} bytes required")
            }
        }
    }
}

impl core::error::Error for DecodeError {}

//! ISO-8859-1 (data_coding 3): one octet per character U+0000..=U+00FF.

use super::codec::Unit;

/// The Latin-1 octet for `c`, if it has one.
pub(super) fn encode_char(c: char) -> Option<Unit> {
    u8::try_from(u32::from(c)).ok().map(Unit::one)
}

/// The character for a Latin-1 octet (every octet is one).
pub(super) fn decode_byte(b: u8) -> char {
    char::from(b)
}

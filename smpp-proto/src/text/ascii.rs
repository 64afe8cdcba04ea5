//! IA5 / ASCII (data_coding 1): one octet per character U+0000..=U+007F.

use super::codec::Unit;

/// The ASCII octet for `c`, if it has one.
pub(super) fn encode_char(c: char) -> Option<Unit> {
    if c.is_ascii() {
        u8::try_from(u32::from(c)).ok().map(Unit::one)
    } else {
        None
    }
}

/// The character for an ASCII octet; octets above 0x7F have none.
pub(super) fn decode_byte(b: u8) -> Option<char> {
    b.is_ascii().then_some(char::from(b))
}

//! UCS-2 as UTF-16BE (data_coding 8): what SMSCs and handsets actually send, so
//! characters outside the BMP (emoji) travel as surrogate pairs. An unpaired surrogate on
//! decode is an error with its offset, or the caller's replacement.

use super::DecodeError;
use super::codec::Unit;

/// The UTF-16BE bytes of `c` (2, or 4 for a surrogate pair).
pub(super) fn encode_char(c: char) -> Unit {
    let mut units = [0u16; 2];
    match *c.encode_utf16(&mut units) {
        [a, b] => {
            let [a1, a2] = a.to_be_bytes();
            let [b1, b2] = b.to_be_bytes();
            Unit::four([a1, a2, b1, b2])
        }
        [a, ..] => {
            let [a1, a2] = a.to_be_bytes();
            Unit::two(a1, a2)
        }
        [] => Unit::two(0, 0),
    }
}

/// Decodes UTF-16BE bytes one character at a time.
#[derive(Debug, Clone)]
pub(super) struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub(super) const fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    fn unit_at(&self, pos: usize) -> Option<u16> {
        let pair = self.bytes.get(pos..pos + 2)?;
        let (hi, lo) = pair.split_first()?;
        Some(u16::from_be_bytes([*hi, *lo.first()?]))
    }
}

impl Iterator for Decoder<'_> {
    type Item = Result<char, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let offset = self.pos;
        if offset >= self.bytes.len() {
            return None;
        }
        let Some(unit) = self.unit_at(offset) else {
            self.pos = self.bytes.len();
            return Some(Err(DecodeError::Truncated { offset }));
        };
        self.pos += 2;
        let unpaired = DecodeError::UnpairedSurrogate { unit, offset };
        Some(match unit {
            0xD800..=0xDBFF => match self.unit_at(self.pos) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    self.pos += 2;
                    let cp =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(cp).ok_or(unpaired)
                }
                // The next unit is not consumed: it may be a character of its own.
                _ => Err(unpaired),
            },
            0xDC00..=0xDFFF => Err(unpaired),
            _ => char::from_u32(u32::from(unit)).ok_or(unpaired),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.bytes.len().saturating_sub(self.pos);
        (left / 4, Some(left.div_ceil(2)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Encoding, OnError, decode_chars, encode};
    use super::*;
    use std::string::String;

    #[test]
    fn emoji_is_a_surrogate_pair() {
        let mut out = [0u8; 16];
        let n = encode("a😀", Encoding::Ucs2, OnError::Fail, &mut out).unwrap();
        assert_eq!(&out[..n], &[0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x00]);
        let s: String = Decoder::new(&out[..n]).collect::<Result<_, _>>().unwrap();
        assert_eq!(s, "a😀");
    }

    #[test]
    fn unpaired_surrogates_and_odd_length() {
        let bad = [0x00, 0x61, 0xD8, 0x3D, 0x00, 0x62, 0xDE, 0x00, 0x00];
        let mut it = decode_chars(&bad, Encoding::Ucs2, OnError::Fail);
        assert_eq!(it.next(), Some(Ok('a')));
        assert_eq!(
            it.next(),
            Some(Err(DecodeError::UnpairedSurrogate {
                unit: 0xD83D,
                offset: 2
            }))
        );
        assert_eq!(it.next(), None, "stops after the first error");
        let s: String = decode_chars(&bad, Encoding::Ucs2, OnError::Replace('\u{FFFD}'))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}\u{FFFD}");
        assert_eq!(
            Decoder::new(&[0x00]).next(),
            Some(Err(DecodeError::Truncated { offset: 0 }))
        );
    }
}

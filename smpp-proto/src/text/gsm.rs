//! GSM 7-bit text as septets, one per octet (the usual form on SMPP links; see
//! [`packed`](super::packed) for the packed form).
//!
//! Encoding looks a character up in the base table (default alphabet or a national
//! locking-shift table), then in the extension table (default or national single shift)
//! where it costs two septets, 0x1B and the code. `ç` falls back to 0x09 (`Ç`) when no
//! table has it, since 23.038 shows capital `Ç` there but many senders mean the small one.
//!
//! Decoding follows 23.038 for what a sender should not produce: an escape followed by a
//! code the extension table leaves empty gives the base-table character, an escape
//! followed by an escape (reserved) or ending the text gives a space.

use super::codec::Unit;
use super::national::{GsmTables, char_at, septet_of};
use super::{DecodeError, Encoding};

/// The escape septet that selects the extension (single-shift) table for the next septet.
pub const ESCAPE: u8 = 0x1B;

/// The septets for `c`: one, or [`ESCAPE`] and one.
pub(super) fn encode_char(tables: &GsmTables, c: char) -> Option<Unit> {
    if let Some(s) = septet_of(tables.base(), c) {
        return Some(Unit::one(s));
    }
    if let Some(s) = septet_of(tables.extension(), c) {
        return Some(Unit::two(ESCAPE, s));
    }
    if c == 'ç' {
        return septet_of(tables.base(), 'Ç').map(Unit::one);
    }
    None
}

/// How many septets `c` takes with `tables` (1 or 2), or `None` if it has none.
pub fn septets_for(c: char, tables: GsmTables) -> Option<usize> {
    encode_char(&tables, c).map(|u| u.len())
}

/// Whether every character of `text` has a representation with `tables`.
///
/// ```
/// use smpp_proto::text::{gsm, GsmTables, NationalLanguage};
///
/// assert!(gsm::is_representable("Hello {world} €5", GsmTables::DEFAULT));
/// assert!(!gsm::is_representable("Günaydın", GsmTables::DEFAULT)); // ı is not GSM
/// assert!(gsm::is_representable(
///     "Günaydın",
///     GsmTables::single_shift(NationalLanguage::Turkish)
/// ));
/// ```
pub fn is_representable(text: &str, tables: GsmTables) -> bool {
    text.chars().all(|c| encode_char(&tables, c).is_some())
}

/// Every character the tables can encode, in septet order: the base table then the
/// extension table (the repertoire a round trip is guaranteed for).
pub fn repertoire(tables: GsmTables) -> impl Iterator<Item = char> {
    let base = tables.base();
    let ext = tables.extension();
    (0u8..128)
        .filter_map(move |s| char_at(base, s))
        .chain((0u8..128).filter_map(move |s| char_at(ext, s)))
}

/// Decodes a stream of `(offset, septet)` pairs.
#[derive(Debug, Clone)]
pub(super) struct Decoder<I> {
    septets: I,
    base: &'static [u16; 128],
    ext: &'static [u16; 128],
}

impl<I: Iterator<Item = (usize, u8)>> Decoder<I> {
    pub(super) fn new(septets: I, tables: GsmTables) -> Self {
        Self {
            septets,
            base: tables.base(),
            ext: tables.extension(),
        }
    }

    fn base_char(&self, septet: u8, offset: usize) -> Result<char, DecodeError> {
        char_at(self.base, septet).ok_or(DecodeError::InvalidByte {
            byte: septet,
            offset,
        })
    }
}

impl<I: Iterator<Item = (usize, u8)>> Iterator for Decoder<I> {
    type Item = Result<char, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (offset, septet) = self.septets.next()?;
        if septet > 0x7F {
            return Some(Err(DecodeError::InvalidByte {
                byte: septet,
                offset,
            }));
        }
        if septet != ESCAPE {
            return Some(self.base_char(septet, offset));
        }
        Some(match self.septets.next() {
            None => Ok(' '),
            Some((offset, code)) if code > 0x7F => {
                Err(DecodeError::InvalidByte { byte: code, offset })
            }
            Some((_, ESCAPE)) => Ok(' '),
            Some((offset, code)) => match char_at(self.ext, code) {
                Some(c) => Ok(c),
                None => self.base_char(code, offset),
            },
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (lo, hi) = self.septets.size_hint();
        (lo.div_ceil(2), hi)
    }
}

impl Encoding {
    /// GSM 7-bit with the default alphabet and extension table.
    pub const GSM7: Self = Self::Gsm7(GsmTables::DEFAULT);
}

#[cfg(test)]
mod tests {
    use super::super::{NationalLanguage, OnError, decode_chars, encode};
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    fn enc(text: &str, tables: GsmTables) -> Vec<u8> {
        let mut out = [0u8; 512];
        let n = encode(text, Encoding::Gsm7(tables), OnError::Fail, &mut out).unwrap();
        out[..n].to_vec()
    }

    fn dec(bytes: &[u8], tables: GsmTables) -> String {
        decode_chars(bytes, Encoding::Gsm7(tables), OnError::Fail)
            .collect::<Result<String, _>>()
            .unwrap()
    }

    #[test]
    fn default_table_corners() {
        let d = GsmTables::DEFAULT;
        assert_eq!(enc("@£$¥", d), [0x00, 0x01, 0x02, 0x03]);
        assert_eq!(enc("§", d), [0x5F]);
        assert_eq!(enc("Çç", d), [0x09, 0x09]);
        assert_eq!(dec(&[0x09], d), "Ç");
        assert_eq!(
            enc("\u{c}^{}\\[~]|€", d),
            [
                0x1B, 0x0A, 0x1B, 0x14, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x3C, 0x1B, 0x3D,
                0x1B, 0x3E, 0x1B, 0x40, 0x1B, 0x65
            ]
        );
        assert_eq!(dec(&[0x1B, 0x65, 0x1B, 0x0A], d), "€\u{c}");
        assert!(septets_for('`', d).is_none());
    }

    #[test]
    fn lenient_escape_decoding() {
        let d = GsmTables::DEFAULT;
        // Unassigned extension code: the base character.
        assert_eq!(dec(&[0x1B, 0x41], d), "A");
        // Escape escape (reserved) and a trailing escape: space.
        assert_eq!(dec(&[0x1B, 0x1B, 0x41, 0x1B], d), " A ");
        assert_eq!(
            decode_chars(&[0x41, 0x80], Encoding::GSM7, OnError::Fail).nth(1),
            Some(Err(DecodeError::InvalidByte {
                byte: 0x80,
                offset: 1
            }))
        );
    }

    #[test]
    fn national_tables() {
        let tr = GsmTables::single_shift(NationalLanguage::Turkish);
        assert_eq!(enc("ğış", tr), [0x1B, 0x67, 0x1B, 0x69, 0x1B, 0x73]);
        let trl = GsmTables::locking_shift(NationalLanguage::Turkish);
        assert_eq!(enc("ğış€", trl), [0x0C, 0x07, 0x1D, 0x04]);
        let es = GsmTables::single_shift(NationalLanguage::Spanish);
        // The Spanish single shift has its own ç, so the round trip keeps it small.
        assert_eq!(enc("çÇá", es), [0x1B, 0x09, 0x09, 0x1B, 0x61]);
        assert_eq!(dec(&[0x1B, 0x09, 0x09, 0x1B, 0x61], es), "çÇá");
        let pt = GsmTables::locking_shift(NationalLanguage::Portuguese);
        assert_eq!(enc("ção", pt), [0x09, 0x7B, 0x6F]);
        // A locking shift for Spanish does not exist: default alphabet.
        let es_lock = GsmTables {
            locking: Some(NationalLanguage::Spanish),
            single: None,
        };
        assert_eq!(es_lock.effective_locking(), None);
        assert_eq!(enc("è", es_lock), [0x04]);
    }

    #[test]
    fn every_table_round_trips_its_repertoire() {
        for lang in NationalLanguage::ALL {
            for tables in [
                GsmTables::single_shift(lang),
                GsmTables::locking_shift(lang),
            ] {
                let text: String = repertoire(tables).collect();
                assert_eq!(dec(&enc(&text, tables), tables), text, "{tables:?}");
            }
        }
        let text: String = repertoire(GsmTables::DEFAULT).collect();
        assert_eq!(text.chars().count(), 127 + 10);
        assert_eq!(
            dec(&enc(&text, GsmTables::DEFAULT), GsmTables::DEFAULT),
            text
        );
    }
}

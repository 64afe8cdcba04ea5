//! National language single-shift and locking-shift tables (3GPP TS 23.038 Annex A) and
//! the choice of tables a GSM 7-bit text is written with.
//!
//! A locking-shift table replaces the default alphabet for the whole message; a
//! single-shift table replaces the extension table reached with 0x1B. The sender says
//! which it used in the UDH (IEI 0x25 locking, 0x24 single, data = language id), so any
//! text using a national table always carries a UDH.
//!
//! All thirteen languages of 23.038 are here. The tables are generated from the
//! `gsmcodecs` package (23.038 v18) and were compared entry by entry with Android's
//! `GsmAlphabet` tables, which agree after three corrections documented in
//! `tools/vectors/text/gen_national_tables.py`; Turkish, Spanish and Portuguese are also
//! checked against node-smpp's encoder in the test vectors.

use super::gsm_tables::{DEFAULT, DEFAULT_EXTENSION};
use super::national_tables as t;
use crate::udh::{InformationElement, Udh};

/// A national language of 3GPP TS 23.038 Annex A; the discriminant is the language id
/// sent in the UDH.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum NationalLanguage {
    /// Turkish (id 1).
    Turkish = 1,
    /// Spanish (id 2): single shift only, 23.038 defines no Spanish locking-shift table.
    Spanish = 2,
    /// Portuguese (id 3).
    Portuguese = 3,
    /// Bengali (id 4).
    Bengali = 4,
    /// Gujarati (id 5).
    Gujarati = 5,
    /// Hindi (id 6).
    Hindi = 6,
    /// Kannada (id 7).
    Kannada = 7,
    /// Malayalam (id 8).
    Malayalam = 8,
    /// Oriya (id 9).
    Oriya = 9,
    /// Punjabi (id 10).
    Punjabi = 10,
    /// Tamil (id 11).
    Tamil = 11,
    /// Telugu (id 12).
    Telugu = 12,
    /// Urdu (id 13).
    Urdu = 13,
}

impl NationalLanguage {
    /// Every language, in id order.
    pub const ALL: [Self; 13] = [
        Self::Turkish,
        Self::Spanish,
        Self::Portuguese,
        Self::Bengali,
        Self::Gujarati,
        Self::Hindi,
        Self::Kannada,
        Self::Malayalam,
        Self::Oriya,
        Self::Punjabi,
        Self::Tamil,
        Self::Telugu,
        Self::Urdu,
    ];

    /// The language id used in UDH elements 0x24 and 0x25.
    pub const fn id(self) -> u8 {
        self as u8
    }

    /// The language for a UDH language id, if 23.038 defines one.
    pub fn from_id(id: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Whether 23.038 defines a locking-shift table for this language (all but Spanish).
    pub const fn has_locking_shift(self) -> bool {
        !matches!(self, Self::Spanish)
    }

    fn locking_table(self) -> Option<&'static [u16; 128]> {
        Some(match self {
            Self::Turkish => &t::TURKISH_LOCKING,
            Self::Spanish => return None,
            Self::Portuguese => &t::PORTUGUESE_LOCKING,
            Self::Bengali => &t::BENGALI_LOCKING,
            Self::Gujarati => &t::GUJARATI_LOCKING,
            Self::Hindi => &t::HINDI_LOCKING,
            Self::Kannada => &t::KANNADA_LOCKING,
            Self::Malayalam => &t::MALAYALAM_LOCKING,
            Self::Oriya => &t::ORIYA_LOCKING,
            Self::Punjabi => &t::PUNJABI_LOCKING,
            Self::Tamil => &t::TAMIL_LOCKING,
            Self::Telugu => &t::TELUGU_LOCKING,
            Self::Urdu => &t::URDU_LOCKING,
        })
    }

    fn single_table(self) -> &'static [u16; 128] {
        match self {
            Self::Turkish => &t::TURKISH_SINGLE,
            Self::Spanish => &t::SPANISH_SINGLE,
            Self::Portuguese => &t::PORTUGUESE_SINGLE,
            Self::Bengali => &t::BENGALI_SINGLE,
            Self::Gujarati => &t::GUJARATI_SINGLE,
            Self::Hindi => &t::HINDI_SINGLE,
            Self::Kannada => &t::KANNADA_SINGLE,
            Self::Malayalam => &t::MALAYALAM_SINGLE,
            Self::Oriya => &t::ORIYA_SINGLE,
            Self::Punjabi => &t::PUNJABI_SINGLE,
            Self::Tamil => &t::TAMIL_SINGLE,
            Self::Telugu => &t::TELUGU_SINGLE,
            Self::Urdu => &t::URDU_SINGLE,
        }
    }
}

/// Which tables a GSM 7-bit text uses: the locking-shift table in place of the default
/// alphabet and the single-shift table in place of the default extension table.
/// `None` means the default; a locking shift for a language without one (Spanish) also
/// means the default alphabet and puts no 0x25 element in the UDH.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct GsmTables {
    /// Locking-shift language (UDH IEI 0x25).
    pub locking: Option<NationalLanguage>,
    /// Single-shift language (UDH IEI 0x24).
    pub single: Option<NationalLanguage>,
}

impl GsmTables {
    /// The default alphabet with the default extension table: no UDH element.
    pub const DEFAULT: Self = Self {
        locking: None,
        single: None,
    };

    /// The default alphabet with `lang`'s single-shift table.
    pub const fn single_shift(lang: NationalLanguage) -> Self {
        Self {
            locking: None,
            single: Some(lang),
        }
    }

    /// `lang`'s locking-shift table together with its single-shift table.
    pub const fn locking_shift(lang: NationalLanguage) -> Self {
        Self {
            locking: Some(lang),
            single: Some(lang),
        }
    }

    /// The tables a received message names in its UDH; unknown language ids mean the
    /// default table, as 23.038 asks.
    pub fn from_udh(udh: &Udh<'_>) -> Self {
        Self {
            locking: udh
                .national_locking_shift()
                .and_then(NationalLanguage::from_id)
                .filter(|l| l.has_locking_shift()),
            single: udh
                .national_single_shift()
                .and_then(NationalLanguage::from_id),
        }
    }

    /// The locking-shift language that actually applies (Spanish has none).
    pub fn effective_locking(&self) -> Option<NationalLanguage> {
        self.locking.filter(|l| l.has_locking_shift())
    }

    /// The UDH elements announcing these tables: single shift (0x24) first, then locking
    /// shift (0x25); empty for the default tables.
    pub fn udh_elements(&self) -> impl Iterator<Item = InformationElement<'static>> {
        let single = self
            .single
            .map(|l| InformationElement::NationalSingleShift(l.id()));
        let locking = self
            .effective_locking()
            .map(|l| InformationElement::NationalLockingShift(l.id()));
        single.into_iter().chain(locking)
    }

    /// Octets the elements from [`udh_elements`](Self::udh_elements) take (3 each),
    /// without the UDHL octet.
    pub fn udh_elements_len(&self) -> usize {
        self.udh_elements().count() * 3
    }

    pub(super) fn base(&self) -> &'static [u16; 128] {
        self.effective_locking()
            .and_then(NationalLanguage::locking_table)
            .unwrap_or(&DEFAULT)
    }

    pub(super) fn extension(&self) -> &'static [u16; 128] {
        self.single
            .map_or(&DEFAULT_EXTENSION, NationalLanguage::single_table)
    }
}

const NONE: u8 = 0xFF;

/// ASCII code point → septet in the default base table (`NONE` when absent).
static ASCII_BASE: [u8; 128] = ascii_reverse(&DEFAULT);
/// ASCII code point → septet in the default extension table (`NONE` when absent).
static ASCII_EXTENSION: [u8; 128] = ascii_reverse(&DEFAULT_EXTENSION);

// Evaluated at compile time over fixed bounds, so the indexing cannot fail.
#[allow(clippy::indexing_slicing)]
const fn ascii_reverse(table: &[u16; 128]) -> [u8; 128] {
    let mut out = [NONE; 128];
    let mut septet = 0;
    while septet < 128 {
        let cp = table[septet];
        // Later positions win, as in the scan below.
        if cp != 0 && cp < 128 {
            out[cp as usize] = septet as u8;
        }
        septet += 1;
    }
    out
}

/// The septet for `c` in `table`. Where a table lists a character twice (the Indic
/// single-shift tables have `*` at 0x0B and 0x18 and `¡` at 0x13 and 0x15) the later
/// position is used, as Android does.
pub(super) fn septet_of(table: &[u16; 128], c: char) -> Option<u8> {
    let cp = u16::try_from(u32::from(c)).ok().filter(|&cp| cp != 0)?;
    // The common case, ASCII in the default tables, is one load instead of a scan.
    if cp < 128 {
        let reverse = if core::ptr::eq(table, &DEFAULT) {
            Some(&ASCII_BASE)
        } else if core::ptr::eq(table, &DEFAULT_EXTENSION) {
            Some(&ASCII_EXTENSION)
        } else {
            None
        };
        if let Some(reverse) = reverse {
            return reverse.get(usize::from(cp)).copied().filter(|&s| s != NONE);
        }
    }
    let at = table.iter().rposition(|&v| v == cp)?;
    u8::try_from(at).ok()
}

/// The character at `septet` in `table`, if assigned.
pub(super) fn char_at(table: &[u16; 128], septet: u8) -> Option<char> {
    let cp = *table.get(usize::from(septet))?;
    if cp == 0 {
        return None;
    }
    char::from_u32(u32::from(cp))
}

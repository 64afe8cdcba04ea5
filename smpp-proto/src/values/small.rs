//! One-octet named values: TON, NPI, priority, message_state, interface_version, data_coding.
//!
//! Each is an open newtype over `u8` with named constants, because real peers send reserved
//! values and a codec must keep them rather than refuse the PDU.

use core::fmt;

macro_rules! u8_value {
    ($(#[$m:meta])* $ty:ident { $( $(#[$cm:meta])* $name:ident = $v:literal => $label:literal, )* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $ty(pub u8);

        impl $ty {
            $( $(#[$cm])* pub const $name: Self = Self($v); )*

            /// The name of a value the specification defines.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $v => Some($label), )*
                    _ => None,
                }
            }
        }

        impl From<u8> for $ty {
            fn from(v: u8) -> Self {
                Self(v)
            }
        }

        impl From<$ty> for u8 {
            fn from(v: $ty) -> Self {
                v.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "0x{:02X}", self.0),
                }
            }
        }
    };
}

u8_value! {
    /// Type of number (`*_ton` fields), SMPP.md §6.1.
    Ton {
        /// Unknown.
        UNKNOWN = 0 => "unknown",
        /// International (E.164 with country code).
        INTERNATIONAL = 1 => "international",
        /// National.
        NATIONAL = 2 => "national",
        /// Network specific.
        NETWORK_SPECIFIC = 3 => "network specific",
        /// Subscriber number.
        SUBSCRIBER_NUMBER = 4 => "subscriber number",
        /// Alphanumeric sender name.
        ALPHANUMERIC = 5 => "alphanumeric",
        /// Abbreviated (short code).
        ABBREVIATED = 6 => "abbreviated",
    }
}

u8_value! {
    /// Numbering plan indicator (`*_npi` fields), SMPP.md §6.1.
    Npi {
        /// Unknown.
        UNKNOWN = 0 => "unknown",
        /// ISDN (E.163/E.164).
        ISDN = 1 => "ISDN (E.163/E.164)",
        /// Data (X.121).
        DATA = 3 => "data (X.121)",
        /// Telex (F.69).
        TELEX = 4 => "telex (F.69)",
        /// Land mobile (E.212).
        LAND_MOBILE = 6 => "land mobile (E.212)",
        /// National.
        NATIONAL = 8 => "national",
        /// Private.
        PRIVATE = 9 => "private",
        /// ERMES.
        ERMES = 10 => "ERMES",
        /// Internet (IP).
        INTERNET = 14 => "internet (IP)",
        /// WAP client id.
        WAP_CLIENT_ID = 18 => "WAP client id",
    }
}

u8_value! {
    /// priority_flag, SMPP.md §6.4 (meaning depends on the network; GSM names given).
    PriorityFlag {
        /// Level 0 (GSM: non-priority).
        LEVEL_0 = 0 => "level 0",
        /// Level 1 (GSM: priority).
        LEVEL_1 = 1 => "level 1",
        /// Level 2.
        LEVEL_2 = 2 => "level 2",
        /// Level 3.
        LEVEL_3 = 3 => "level 3",
        /// Level 4 (5.0 GSM CBS: priority background).
        LEVEL_4 = 4 => "level 4",
    }
}

u8_value! {
    /// message_state (query_sm_resp field and TLV 0x0427), SMPP.md §6.6.
    MessageState {
        /// Scheduled (5.0).
        SCHEDULED = 0 => "SCHEDULED",
        /// En route.
        ENROUTE = 1 => "ENROUTE",
        /// Delivered.
        DELIVERED = 2 => "DELIVERED",
        /// Expired.
        EXPIRED = 3 => "EXPIRED",
        /// Deleted.
        DELETED = 4 => "DELETED",
        /// Undeliverable.
        UNDELIVERABLE = 5 => "UNDELIVERABLE",
        /// Accepted.
        ACCEPTED = 6 => "ACCEPTED",
        /// Unknown / invalid state.
        UNKNOWN = 7 => "UNKNOWN",
        /// Rejected.
        REJECTED = 8 => "REJECTED",
        /// Skipped (5.0).
        SKIPPED = 9 => "SKIPPED",
    }
}

impl MessageState {
    /// True for the final states (delivered, expired, deleted, undeliverable, accepted, rejected, skipped).
    pub const fn is_final(self) -> bool {
        matches!(self.0, 2..=6 | 8 | 9)
    }
}

u8_value! {
    /// interface_version / sc_interface_version.
    InterfaceVersion {
        /// SMPP 3.3 (any value up to 0x33 also means 3.3 or older).
        V33 = 0x33 => "3.3",
        /// SMPP 3.4.
        V34 = 0x34 => "3.4",
        /// SMPP 5.0.
        V50 = 0x50 => "5.0",
    }
}

impl InterfaceVersion {
    /// Whether a peer of this version understands TLVs (3.3 and older do not).
    pub const fn supports_tlvs(self) -> bool {
        self.0 >= 0x34
    }
}

u8_value! {
    /// data_coding, SMPP.md §6.5.
    DataCoding {
        /// SMSC default alphabet (usually GSM 03.38).
        DEFAULT = 0x00 => "SMSC default",
        /// IA5 / ASCII.
        IA5 = 0x01 => "IA5 (ASCII)",
        /// Octet unspecified (TDMA/CDMA).
        OCTET_UNSPECIFIED_2 = 0x02 => "octet unspecified (2)",
        /// Latin-1 (ISO-8859-1).
        LATIN1 = 0x03 => "Latin-1",
        /// Octet unspecified: binary.
        BINARY = 0x04 => "binary",
        /// JIS (X 0208-1990).
        JIS = 0x05 => "JIS",
        /// Cyrillic (ISO-8859-5).
        CYRILLIC = 0x06 => "Cyrillic (ISO-8859-5)",
        /// Latin/Hebrew (ISO-8859-8).
        HEBREW = 0x07 => "Latin/Hebrew (ISO-8859-8)",
        /// UCS-2 (UTF-16BE in practice).
        UCS2 = 0x08 => "UCS2",
        /// Pictogram encoding.
        PICTOGRAM = 0x09 => "pictogram",
        /// ISO-2022-JP (music codes).
        ISO_2022_JP = 0x0A => "ISO-2022-JP",
        /// Extended Kanji JIS (X 0212-1990).
        KANJI = 0x0D => "extended Kanji JIS",
        /// KS C 5601.
        KSC5601 = 0x0E => "KS C 5601",
    }
}

/// The alphabet a data_coding value selects, after the 3GPP 23.038 coding groups are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Alphabet {
    /// The SMSC default alphabet (GSM 03.38 unless the SMSC says otherwise).
    Default,
    /// GSM 7-bit, explicitly (from a 23.038 coding group).
    Gsm7,
    /// IA5 / ASCII.
    Ascii,
    /// Latin-1.
    Latin1,
    /// Raw octets.
    Binary,
    /// UCS-2 / UTF-16BE.
    Ucs2,
    /// Another SMPP-table alphabet (JIS, Cyrillic, ...) or a reserved value.
    Other,
}

impl DataCoding {
    /// The alphabet this value selects: the SMPP table first, then the GSM 23.038 groups.
    pub const fn alphabet(self) -> Alphabet {
        match self.0 {
            0x00 => Alphabet::Default,
            0x01 => Alphabet::Ascii,
            0x02 | 0x04 => Alphabet::Binary,
            0x03 => Alphabet::Latin1,
            0x08 => Alphabet::Ucs2,
            // 23.038 general data coding group 00xx: bits 3-2 give the alphabet.
            0x10..=0x3F => match (self.0 >> 2) & 0x03 {
                0 => Alphabet::Gsm7,
                1 => Alphabet::Binary,
                2 => Alphabet::Ucs2,
                _ => Alphabet::Other,
            },
            // Message waiting groups: discard / store (GSM 7-bit), store (UCS2).
            0xC0..=0xDF => Alphabet::Gsm7,
            0xE0..=0xEF => Alphabet::Ucs2,
            // Message class group: bit 2 selects 8-bit data.
            0xF0..=0xFF => {
                if self.0 & 0x04 != 0 {
                    Alphabet::Binary
                } else {
                    Alphabet::Gsm7
                }
            }
            _ => Alphabet::Other,
        }
    }
}

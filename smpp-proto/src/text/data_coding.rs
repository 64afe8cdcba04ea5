//! What a `data_coding` value means for the text in a message.

use super::Encoding;

/// What `data_coding` 0 ("SMSC default alphabet") means on a connection. SMSCs differ:
/// most mean GSM 7-bit, some Latin-1 or ASCII, so this is a per-connection setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DefaultAlphabet {
    /// GSM 03.38 7-bit default alphabet (the common case).
    #[default]
    Gsm7,
    /// ISO-8859-1.
    Latin1,
    /// IA5 / ASCII.
    Ascii,
}

impl DefaultAlphabet {
    /// The encoding `data_coding` 0 stands for.
    pub const fn encoding(self) -> Encoding {
        match self {
            Self::Gsm7 => Encoding::GSM7,
            Self::Latin1 => Encoding::Latin1,
            Self::Ascii => Encoding::Ascii,
        }
    }
}

/// How to read the user data of a message with a given `data_coding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Charset {
    /// Text in this encoding (GSM 7-bit with default tables: take the national tables
    /// from the UDH with [`GsmTables::from_udh`](super::GsmTables::from_udh)).
    Text(Encoding),
    /// 8-bit binary data (data_coding 2, 4, or a 23.038 8-bit scheme): raw bytes.
    Binary,
    /// An alphabet this crate does not decode (JIS, pictogram, ISO-2022-JP, Kanji,
    /// KS C 5601, compressed text, reserved values).
    Unsupported,
}

/// The charset of `data_coding`, with `default` saying what 0 means. Values outside
/// SMPP's own table are read as 3GPP TS 23.038 data coding schemes, as GSM SMSCs do.
///
/// ```
/// use smpp_proto::text::{charset, Charset, DefaultAlphabet, Encoding};
///
/// assert_eq!(charset(0, DefaultAlphabet::Gsm7), Charset::Text(Encoding::GSM7));
/// assert_eq!(charset(0, DefaultAlphabet::Latin1), Charset::Text(Encoding::Latin1));
/// assert_eq!(charset(8, DefaultAlphabet::Gsm7), Charset::Text(Encoding::Ucs2));
/// assert_eq!(charset(4, DefaultAlphabet::Gsm7), Charset::Binary);
/// assert_eq!(charset(0xF1, DefaultAlphabet::Gsm7), Charset::Text(Encoding::GSM7));
/// ```
pub const fn charset(data_coding: u8, default: DefaultAlphabet) -> Charset {
    match data_coding {
        0x00 => Charset::Text(default.encoding()),
        0x01 => Charset::Text(Encoding::Ascii),
        0x02 | 0x04 => Charset::Binary,
        0x03 => Charset::Text(Encoding::Latin1),
        0x06 => Charset::Text(Encoding::Cyrillic),
        0x07 => Charset::Text(Encoding::Hebrew),
        0x08 => Charset::Text(Encoding::Ucs2),
        // JIS, pictogram, ISO-2022-JP, reserved, Kanji, KS C 5601.
        0x05 | 0x09..=0x0F => Charset::Unsupported,
        // 23.038 general data coding (00xx xxxx) and automatic deletion (01xx xxxx):
        // bit 5 compressed, bits 3-2 the alphabet.
        0x10..=0x7F => {
            if data_coding & 0x20 != 0 {
                Charset::Unsupported
            } else {
                match (data_coding >> 2) & 0x03 {
                    0 => Charset::Text(Encoding::GSM7),
                    1 => Charset::Binary,
                    2 => Charset::Text(Encoding::Ucs2),
                    _ => Charset::Unsupported,
                }
            }
        }
        // Message waiting indication groups: discard / store with GSM 7-bit, store UCS2.
        0xC0..=0xDF => Charset::Text(Encoding::GSM7),
        0xE0..=0xEF => Charset::Text(Encoding::Ucs2),
        // Data coding / message class: bit 2 selects 8-bit data over GSM 7-bit.
        0xF0..=0xFF => {
            if data_coding & 0x04 != 0 {
                Charset::Binary
            } else {
                Charset::Text(Encoding::GSM7)
            }
        }
        // 0x80..=0xBF are reserved.
        _ => Charset::Unsupported,
    }
}

impl Encoding {
    /// The `data_coding` value that names this encoding unambiguously: 0 for GSM 7-bit
    /// (the SMSC default), 1 for IA5/ASCII, 3 for Latin-1, 6 for Cyrillic, 7 for Hebrew,
    /// 8 for UCS-2.
    pub const fn data_coding(self) -> u8 {
        match self {
            Self::Gsm7(_) => 0x00,
            Self::Ascii => 0x01,
            Self::Latin1 => 0x03,
            Self::Cyrillic => 0x06,
            Self::Hebrew => 0x07,
            Self::Ucs2 => 0x08,
        }
    }

    /// The `data_coding` to send this encoding with on a connection whose default
    /// alphabet is `default`: 0 when the encoding is that default, its own value otherwise,
    /// and `None` for GSM 7-bit where 0 means something else (SMPP has no other plain
    /// GSM 7-bit value).
    pub fn data_coding_for(self, default: DefaultAlphabet) -> Option<u8> {
        match self {
            Self::Gsm7(_) => matches!(default, DefaultAlphabet::Gsm7).then_some(0),
            Self::Ascii if default == DefaultAlphabet::Ascii => Some(0),
            Self::Latin1 if default == DefaultAlphabet::Latin1 => Some(0),
            other => Some(other.data_coding()),
        }
    }
}

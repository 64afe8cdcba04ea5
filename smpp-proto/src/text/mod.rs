//! Text in short messages: encodings, the choice between them, long-message splitting
//! and counting.
//!
//! * Encodings ([`Encoding`]): GSM 03.38 / 3GPP TS 23.038 7-bit with its extension table
//!   and the national language single- and locking-shift tables ([`GsmTables`],
//!   [`NationalLanguage`]); IA5/ASCII (data_coding 1); Latin-1 (3); ISO-8859-5 Cyrillic (6);
//!   ISO-8859-8 Hebrew (7); UCS-2 as UTF-16BE with surrogate pairs (8). Binary data (2, 4) is
//!   left as bytes ([`Charset::Binary`]).
//! * GSM 7-bit is one septet per octet by default, as usual over SMPP; [`packed`] packs it
//!   (fill bits after a UDH, CR padding).
//! * [`encode`] / [`decode`] work on caller buffers and never allocate; [`encoded_len`] and
//!   [`decoded_len`] give exact sizes first; [`decode_chars`] iterates. With the `alloc`
//!   feature, [`encode_to_vec`] and [`decode_to_string`] return owned values.
//! * [`charset`] tells what a received `data_coding` means, with a per-connection
//!   [`DefaultAlphabet`] for value 0; [`choose`] picks the cheapest encoding for a text.
//! * [`Splitter`] cuts a text into submit_sm-ready segments with a concatenation UDH, SAR
//!   values, or one `message_payload`; [`count`] tells how many segments a text needs.
//!
//! ```
//! use smpp_proto::text::{choose, ChooseOptions, Method, SplitOptions, Splitter};
//!
//! let text = "Your code is 1234. Don't share it with anyone! {€5 fee}";
//! let choice = choose(text, &ChooseOptions::default());
//! assert_eq!(choice.data_coding, 0); // GSM 7-bit fits
//!
//! let mut short_message = [0u8; 254];
//! for segment in Splitter::new(text, SplitOptions::new(choice.encoding, Method::Udh8)).unwrap() {
//!     let n = segment.write(&mut short_message).unwrap();
//!     // submit_sm: data_coding = choice.data_coding,
//!     //            esm_class |= segment.esm_class_bits(), short_message = &short_message[..n]
//!     assert_eq!(n, 58); // 55 characters, three of them escaped: 58 septets, no UDH
//! }
//! ```

mod ascii;
mod choose;
mod codec;
mod count;
mod data_coding;
mod error;
pub mod gsm;
mod gsm_tables;
mod iso8859;
mod latin1;
mod national;
mod national_tables;
pub mod packed;
mod split;
#[cfg(test)]
mod tests;
mod ucs2;

pub use choose::{Choice, ChooseOptions, choose, count_auto};
pub use codec::{Chars, decode, decode_chars, decoded_len, encode, encoded_len};
#[cfg(feature = "alloc")]
pub use codec::{decode_to_string, encode_to_vec};
pub use count::{Count, count, count_with};
pub use data_coding::{Charset, DefaultAlphabet, charset};
pub use error::{DecodeError, EncodeError};
pub use national::{GsmTables, NationalLanguage};
#[cfg(feature = "alloc")]
pub use split::{EncodedSegment, split};
pub use split::{Method, PortAddressing, Sar, Segment, SplitOptions, Splitter};

/// A text encoding of short messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// GSM 03.38 7-bit (data_coding 0), with the national tables in use.
    Gsm7(GsmTables),
    /// IA5 / ASCII (data_coding 1).
    Ascii,
    /// ISO-8859-1 (data_coding 3).
    Latin1,
    /// ISO-8859-5, Latin/Cyrillic (data_coding 6).
    Cyrillic,
    /// ISO-8859-8, Latin/Hebrew (data_coding 7).
    Hebrew,
    /// UCS-2 as UTF-16BE, surrogate pairs included (data_coding 8).
    Ucs2,
}

/// What to do with a character an encoding lacks, or with invalid encoded input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OnError {
    /// Stop with an error naming the character (or byte) and its position.
    #[default]
    Fail,
    /// Put this character in its place. On encode it must itself be encodable (`'?'` is
    /// in every table); otherwise the original error is returned.
    Replace(char),
}

impl OnError {
    /// Replace with `'?'`, which every encoding here has.
    pub const QUESTION_MARK: Self = Self::Replace('?');
    /// Replace with U+FFFD REPLACEMENT CHARACTER (for decoding).
    pub const REPLACEMENT_CHARACTER: Self = Self::Replace('\u{FFFD}');
}

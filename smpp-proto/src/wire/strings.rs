//! Borrowed string and octet fields: C-octet strings, time fields and short_message.

use core::fmt;

use crate::error::{Field, ParseError};
use crate::values::{SmppTime, TimeError};
use crate::wire::{Reader, Wire, Writer};

/// Why a value does not fit a field; turned into a [`crate::FieldError`] naming the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthError {
    /// Offered length.
    pub len: usize,
    /// Largest allowed length.
    pub max: usize,
}

impl LengthError {
    /// Names the field this value was meant for.
    pub const fn for_field(self, field: Field) -> crate::FieldError {
        crate::FieldError {
            field,
            len: self.len,
            max: self.max,
        }
    }
}

/// A C-octet string borrowed from the PDU, without its NUL terminator.
///
/// `MAX` is the specification's size including the NUL: values of up to `MAX - 1` octets are
/// accepted when building. `DECODE_MAX` lets decoding accept the longer values some peers send
/// (SMPP.md §11), while encoding still refuses them when the PDU is built.
///
/// ```
/// use smpp_proto::COctetString;
/// let s: COctetString<'_, 6> = COctetString::new("CMT").unwrap();
/// assert_eq!(s.as_bytes(), b"CMT");
/// assert!(COctetString::<'_, 6>::new("TOOLONG").is_err());
/// assert!(COctetString::<'_, 6>::new("A\0B").is_err()); // a NUL would end the field early
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct COctetString<'a, const MAX: usize, const DECODE_MAX: usize = MAX>(&'a [u8]);

impl<'a, const MAX: usize, const DECODE_MAX: usize> COctetString<'a, MAX, DECODE_MAX> {
    /// The empty string.
    pub const EMPTY: Self = Self(&[]);

    /// A value from text; refused when longer than `MAX - 1` octets or when it holds a NUL.
    pub fn new(s: &'a str) -> Result<Self, LengthError> {
        Self::from_bytes(s.as_bytes())
    }

    /// A value from octets; refused when longer than `MAX - 1` octets or when it holds a NUL.
    pub fn from_bytes(b: &'a [u8]) -> Result<Self, LengthError> {
        if b.len() >= MAX || b.contains(&0) {
            return Err(LengthError {
                len: b.len(),
                max: MAX - 1,
            });
        }
        Ok(Self(b))
    }

    /// The octets, without the NUL.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The value as text, if it is UTF-8 (it is ASCII for every well-behaved peer).
    pub fn to_str(&self) -> Result<&'a str, core::str::Utf8Error> {
        core::str::from_utf8(self.0)
    }

    /// True for the empty string.
    pub const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in octets, without the NUL.
    pub const fn len(&self) -> usize {
        self.0.len()
    }
}

impl<const MAX: usize, const DECODE_MAX: usize> fmt::Debug for COctetString<'_, MAX, DECODE_MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_ascii())
    }
}

impl<const MAX: usize, const DECODE_MAX: usize> fmt::Display for COctetString<'_, MAX, DECODE_MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.escape_ascii())
    }
}

impl<'a, const MAX: usize, const DECODE_MAX: usize> Wire<'a> for COctetString<'a, MAX, DECODE_MAX> {
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        r.c_octets_fast::<DECODE_MAX>().map(Self)
    }
    #[inline]
    fn read(r: &mut Reader<'a>, field: Field) -> Result<Self, ParseError> {
        r.c_octets(DECODE_MAX, field).map(Self)
    }
    #[inline]
    fn wire_len(&self) -> usize {
        self.0.len() + 1
    }
    #[inline]
    fn write(&self, w: &mut Writer<'_>) {
        w.c_octets(self.0);
    }
}

/// A time field (`COct(1|17)`): empty, or 16 characters. Held inline, so it needs no lifetime.
///
/// Decoding keeps whatever up to 16 characters the peer sent (node-smpp sends short forms);
/// [`TimeField::time`] parses it.
///
/// ```
/// use smpp_proto::{SmppTime, TimeField};
/// let t = TimeField::from_time(SmppTime::parse(b"000001000000000R").unwrap());
/// assert_eq!(t.as_bytes(), b"000001000000000R");
/// assert!(TimeField::EMPTY.time().is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(align(8))]
pub struct TimeField {
    buf: [u8; 16],
    len: u8,
}

impl TimeField {
    /// No time (a single NUL on the wire).
    pub const EMPTY: Self = Self {
        buf: [0; 16],
        len: 0,
    };

    /// A field holding this time.
    pub fn from_time(t: SmppTime) -> Self {
        Self {
            buf: t.to_bytes(),
            len: 16,
        }
    }

    /// A field holding these raw characters (at most 16, no NUL), as a lenient peer might send.
    #[inline]
    pub fn from_bytes(b: &[u8]) -> Result<Self, LengthError> {
        let mut buf = [0u8; 16];
        match buf.get_mut(..b.len()) {
            Some(dst) if !b.contains(&0) => {
                dst.copy_from_slice(b);
                Ok(Self {
                    buf,
                    len: b.len() as u8,
                })
            }
            _ => Err(LengthError {
                len: b.len(),
                max: 16,
            }),
        }
    }

    /// The raw characters.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// True when no time is given.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The parsed time; `None` when empty.
    pub fn time(&self) -> Option<Result<SmppTime, TimeError>> {
        (!self.is_empty()).then(|| SmppTime::parse(self.as_bytes()))
    }
}

impl From<SmppTime> for TimeField {
    fn from(t: SmppTime) -> Self {
        Self::from_time(t)
    }
}

impl fmt::Debug for TimeField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.as_bytes().escape_ascii())
    }
}

impl<'a> Wire<'a> for TimeField {
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        let raw = r.c_octets_fast::<17>()?;
        let mut t = Self::EMPTY;
        if !raw.is_empty() {
            t.buf.get_mut(..raw.len())?.copy_from_slice(raw);
            t.len = raw.len() as u8;
        }
        Some(t)
    }
    #[inline]
    fn read(r: &mut Reader<'a>, field: Field) -> Result<Self, ParseError> {
        // Most PDUs leave the time fields empty: one NUL.
        if r.rest().first() == Some(&0) {
            r.u8(field)?;
            return Ok(Self::EMPTY);
        }
        let at = r.offset();
        let raw = r.c_octets(17, field)?;
        Self::from_bytes(raw)
            .map_err(|_| ParseError::new(crate::ParseErrorKind::TooLong { max: 17 }, field, at))
    }
    #[inline]
    fn wire_len(&self) -> usize {
        usize::from(self.len) + 1
    }
    #[inline]
    fn write(&self, w: &mut Writer<'_>) {
        w.c_octets(self.as_bytes());
    }
}

/// short_message with its sm_length prefix: up to 254 octets when built (255 accepted on decode).
///
/// ```
/// use smpp_proto::ShortMessage;
/// assert!(ShortMessage::new(&[0u8; 254]).is_ok());
/// assert!(ShortMessage::new(&[0u8; 255]).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ShortMessage<'a>(&'a [u8]);

impl<'a> ShortMessage<'a> {
    /// The largest short_message the specification allows.
    pub const MAX: usize = 254;

    /// A short_message; refused above 254 octets (use the message_payload TLV instead).
    pub fn new(b: &'a [u8]) -> Result<Self, LengthError> {
        if b.len() > Self::MAX {
            return Err(LengthError {
                len: b.len(),
                max: Self::MAX,
            });
        }
        Ok(Self(b))
    }

    /// The octets.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// sm_length.
    pub const fn len(&self) -> usize {
        self.0.len()
    }

    /// True when sm_length is 0.
    pub const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ShortMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

impl<'a> Wire<'a> for ShortMessage<'a> {
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        let n = r.u8_fast()?;
        r.take_fast(usize::from(n)).map(Self)
    }
    #[inline]
    fn read(r: &mut Reader<'a>, _field: Field) -> Result<Self, ParseError> {
        let at = r.offset();
        let n = r.u8(Field::SmLength)?;
        // An sm_length that overruns the body is a message-length error (ESME_RINVMSGLEN).
        r.take(usize::from(n), Field::ShortMessage)
            .map(Self)
            .map_err(|_| ParseError::new(crate::ParseErrorKind::InvalidValue, Field::SmLength, at))
    }
    #[inline]
    fn wire_len(&self) -> usize {
        1 + self.0.len()
    }
    #[inline]
    fn write(&self, w: &mut Writer<'_>) {
        w.u8_prefixed(self.0);
    }
}

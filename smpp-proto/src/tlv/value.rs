//! One TLV: a tag and its value octets.

use core::fmt;

use super::TlvTag;

/// One TLV. Decoded TLVs borrow their value; TLVs built from integers hold it inline.
///
/// ```
/// use smpp_proto::{Tlv, TlvTag};
/// let t = Tlv::from_u16(TlvTag::SAR_MSG_REF_NUM, 0x1234);
/// assert_eq!(t.value(), &[0x12, 0x34]);
/// assert_eq!(t, Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[0x12, 0x34]).unwrap());
/// ```
#[derive(Clone, Copy)]
pub struct Tlv<'a> {
    tag: TlvTag,
    value: Value<'a>,
}

#[derive(Clone, Copy)]
enum Value<'a> {
    Borrowed(&'a [u8]),
    Inline([u8; 4], u8),
}

/// A TLV value longer than the 16-bit length field can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlvTooLong {
    /// The tag.
    pub tag: TlvTag,
    /// The offered length.
    pub len: usize,
}

impl fmt::Display for TlvTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} value is {} octets; at most 65535 fit",
            self.tag, self.len
        )
    }
}

impl core::error::Error for TlvTooLong {}

impl<'a> Tlv<'a> {
    /// A TLV with these value octets; refused above 65 535 octets.
    pub fn new(tag: TlvTag, value: &'a [u8]) -> Result<Self, TlvTooLong> {
        if value.len() > usize::from(u16::MAX) {
            return Err(TlvTooLong {
                tag,
                len: value.len(),
            });
        }
        Ok(Self {
            tag,
            value: Value::Borrowed(value),
        })
    }

    pub(crate) const fn borrowed(tag: TlvTag, value: &'a [u8]) -> Self {
        Self {
            tag,
            value: Value::Borrowed(value),
        }
    }

    /// A one-octet integer TLV.
    pub const fn from_u8(tag: TlvTag, v: u8) -> Self {
        Self {
            tag,
            value: Value::Inline([v, 0, 0, 0], 1),
        }
    }

    /// A two-octet integer TLV.
    pub const fn from_u16(tag: TlvTag, v: u16) -> Self {
        let b = v.to_be_bytes();
        Self {
            tag,
            value: Value::Inline([b[0], b[1], 0, 0], 2),
        }
    }

    /// A four-octet integer TLV.
    pub const fn from_u32(tag: TlvTag, v: u32) -> Self {
        Self {
            tag,
            value: Value::Inline(v.to_be_bytes(), 4),
        }
    }

    /// A TLV with no value (e.g. 3.4's alert_on_message_delivery).
    pub const fn flag(tag: TlvTag) -> Self {
        Self {
            tag,
            value: Value::Inline([0; 4], 0),
        }
    }

    /// The tag.
    #[inline]
    pub const fn tag(&self) -> TlvTag {
        self.tag
    }

    /// The value octets.
    #[inline]
    pub fn value(&self) -> &[u8] {
        match &self.value {
            Value::Borrowed(b) => b,
            Value::Inline(buf, n) => buf.get(..usize::from(*n)).unwrap_or(&[]),
        }
    }

    /// The value with the PDU's lifetime, when it was borrowed (always so for decoded TLVs).
    pub(crate) fn borrowed_value(self) -> Option<&'a [u8]> {
        match self.value {
            Value::Borrowed(b) => Some(b),
            Value::Inline(..) => None,
        }
    }

    /// The value read as a big-endian integer of whatever length (0 to 4 octets) it has.
    pub fn as_uint(&self) -> Option<u32> {
        be_uint(self.value())
    }

    /// Octets on the wire: 4 for tag and length, plus the value.
    #[inline]
    pub fn wire_len(&self) -> usize {
        4 + self.value().len()
    }
}

/// Reads 0..=4 octets as a big-endian integer; longer values are not integers.
pub(crate) fn be_uint(b: &[u8]) -> Option<u32> {
    if b.len() > 4 {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, &x| (acc << 8) | u32::from(x)))
}

impl PartialEq for Tlv<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.tag == other.tag && self.value() == other.value()
    }
}

impl Eq for Tlv<'_> {}

impl fmt::Debug for Tlv<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}=", self.tag)?;
        for b in self.value() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

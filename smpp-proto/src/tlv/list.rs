//! The TLV area of a PDU: validated once when decoded, iterated lazily, re-encoded byte-exact.

use core::fmt;

use super::value::be_uint;
use super::{Tlv, TlvTag};
use crate::error::{Field, ParseError, ParseErrorKind};
use crate::values::{InterfaceVersion, MessageState};
use crate::wire::{Reader, Wire, Writer};

/// The optional parameters of a PDU, in their original order, duplicates and unknown tags kept.
///
/// ```
/// use smpp_proto::{Tlv, TlvTag, Tlvs};
/// let list = [Tlv::from_u16(TlvTag::SAR_MSG_REF_NUM, 7), Tlv::from_u8(TlvTag::SAR_TOTAL_SEGMENTS, 3)];
/// let tlvs = Tlvs::Items(&list);
/// assert_eq!(tlvs.sar_msg_ref_num(), Some(7));
/// assert_eq!(tlvs.sar_total_segments(), Some(3));
/// assert_eq!(tlvs.message_payload(), None);
/// ```
#[derive(Clone, Copy)]
pub enum Tlvs<'a> {
    /// Decoded TLVs: the validated bytes of the TLV area.
    Raw(&'a [u8]),
    /// TLVs to encode.
    Items(&'a [Tlv<'a>]),
}

impl Default for Tlvs<'_> {
    fn default() -> Self {
        Self::Raw(&[])
    }
}

/// Iterates the TLVs of a [`Tlvs`].
#[derive(Clone)]
pub struct TlvIter<'a> {
    raw: &'a [u8],
    items: core::slice::Iter<'a, Tlv<'a>>,
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Tlv<'a>;

    fn next(&mut self) -> Option<Tlv<'a>> {
        if let Some(t) = self.items.next() {
            return Some(*t);
        }
        let (tag, rest) = self.raw.split_first_chunk::<2>()?;
        let (len, rest) = rest.split_first_chunk::<2>()?;
        let (value, rest) = rest.split_at_checked(usize::from(u16::from_be_bytes(*len)))?;
        self.raw = rest;
        Some(Tlv::borrowed(TlvTag(u16::from_be_bytes(*tag)), value))
    }
}

impl<'a> Tlvs<'a> {
    /// No TLVs.
    pub const EMPTY: Self = Self::Raw(&[]);

    /// The TLVs in wire order.
    pub fn iter(&self) -> TlvIter<'a> {
        match *self {
            Self::Raw(raw) => TlvIter {
                raw,
                items: [].iter(),
            },
            Self::Items(items) => TlvIter {
                raw: &[],
                items: items.iter(),
            },
        }
    }

    /// True when there are no TLVs.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Raw(r) => r.is_empty(),
            Self::Items(i) => i.is_empty(),
        }
    }

    /// The value of the first TLV with this tag.
    pub fn get(&self, tag: TlvTag) -> Option<&'a [u8]> {
        match *self {
            // Decoded TLVs always borrow from the PDU, so the value lives for 'a.
            Self::Raw(_) => self
                .iter()
                .find(|t| t.tag() == tag)
                .and_then(Tlv::borrowed_value),
            Self::Items(items) => items.iter().find(|t| t.tag() == tag).map(Tlv::value),
        }
    }

    /// Every value with this tag (for the tags that may repeat, e.g. broadcast_area_identifier).
    pub fn get_all(&self, tag: TlvTag) -> impl Iterator<Item = Tlv<'a>> + 'a {
        self.iter().filter(move |t| t.tag() == tag)
    }

    fn uint(&self, tag: TlvTag) -> Option<u32> {
        self.get(tag).and_then(be_uint)
    }

    /// Strips the NUL of a C-octet string TLV value.
    fn c_str(&self, tag: TlvTag) -> Option<&'a [u8]> {
        self.get(tag).map(|v| v.strip_suffix(&[0]).unwrap_or(v))
    }

    /// message_payload (0x0424): the message when it does not fit short_message.
    pub fn message_payload(&self) -> Option<&'a [u8]> {
        self.get(TlvTag::MESSAGE_PAYLOAD)
    }

    /// receipted_message_id (0x001E), without its NUL.
    pub fn receipted_message_id(&self) -> Option<&'a [u8]> {
        self.c_str(TlvTag::RECEIPTED_MESSAGE_ID)
    }

    /// message_state (0x0427).
    pub fn message_state(&self) -> Option<MessageState> {
        self.uint(TlvTag::MESSAGE_STATE)
            .map(|v| MessageState(v as u8))
    }

    /// network_error_code (0x0423): network type and error code.
    pub fn network_error_code(&self) -> Option<NetworkErrorCode> {
        match self.get(TlvTag::NETWORK_ERROR_CODE)? {
            [network_type, hi, lo] => Some(NetworkErrorCode {
                network_type: *network_type,
                error_code: u16::from_be_bytes([*hi, *lo]),
            }),
            _ => None,
        }
    }

    /// sar_msg_ref_num (0x020C).
    pub fn sar_msg_ref_num(&self) -> Option<u16> {
        self.uint(TlvTag::SAR_MSG_REF_NUM).map(|v| v as u16)
    }

    /// sar_total_segments (0x020E).
    pub fn sar_total_segments(&self) -> Option<u8> {
        self.uint(TlvTag::SAR_TOTAL_SEGMENTS).map(|v| v as u8)
    }

    /// sar_segment_seqnum (0x020F).
    pub fn sar_segment_seqnum(&self) -> Option<u8> {
        self.uint(TlvTag::SAR_SEGMENT_SEQNUM).map(|v| v as u8)
    }

    /// user_message_reference (0x0204).
    pub fn user_message_reference(&self) -> Option<u16> {
        self.uint(TlvTag::USER_MESSAGE_REFERENCE).map(|v| v as u16)
    }

    /// source_port (0x020A).
    pub fn source_port(&self) -> Option<u16> {
        self.uint(TlvTag::SOURCE_PORT).map(|v| v as u16)
    }

    /// destination_port (0x020B).
    pub fn destination_port(&self) -> Option<u16> {
        self.uint(TlvTag::DESTINATION_PORT).map(|v| v as u16)
    }

    /// sc_interface_version (0x0210).
    pub fn sc_interface_version(&self) -> Option<InterfaceVersion> {
        self.uint(TlvTag::SC_INTERFACE_VERSION)
            .map(|v| InterfaceVersion(v as u8))
    }

    /// congestion_state (0x0428), 0-100.
    pub fn congestion_state(&self) -> Option<u8> {
        self.uint(TlvTag::CONGESTION_STATE).map(|v| v as u8)
    }

    /// additional_status_info_text (0x001D), without its NUL.
    pub fn additional_status_info_text(&self) -> Option<&'a [u8]> {
        self.c_str(TlvTag::ADDITIONAL_STATUS_INFO_TEXT)
    }

    /// delivery_failure_reason (0x0425).
    pub fn delivery_failure_reason(&self) -> Option<u8> {
        self.uint(TlvTag::DELIVERY_FAILURE_REASON).map(|v| v as u8)
    }

    /// payload_type (0x0019).
    pub fn payload_type(&self) -> Option<u8> {
        self.uint(TlvTag::PAYLOAD_TYPE).map(|v| v as u8)
    }

    /// callback_num (0x0381): digit mode, TON, NPI and the digits.
    pub fn callback_num(&self) -> Option<CallbackNum<'a>> {
        match self.get(TlvTag::CALLBACK_NUM)? {
            [digit_mode, ton, npi, digits @ ..] => Some(CallbackNum {
                digit_mode: *digit_mode,
                ton: crate::Ton(*ton),
                npi: crate::Npi(*npi),
                digits,
            }),
            _ => None,
        }
    }

    /// language_indicator (0x020D).
    pub fn language_indicator(&self) -> Option<u8> {
        self.uint(TlvTag::LANGUAGE_INDICATOR).map(|v| v as u8)
    }

    /// Octets of the whole area on the wire.
    #[inline]
    pub fn wire_len(&self) -> usize {
        match self {
            Self::Raw(r) => r.len(),
            Self::Items(items) => items.iter().map(Tlv::wire_len).sum(),
        }
    }
}

/// network_error_code: the network type (§6.8) and its error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NetworkErrorCode {
    /// 1 ANSI-136, 2 IS-95, 3 GSM, 4-8 (5.0) other kinds.
    pub network_type: u8,
    /// The network-specific error code.
    pub error_code: u16,
}

/// callback_num: a call-back number for the recipient's handset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallbackNum<'a> {
    /// 0 TBCD digits, 1 ASCII digits.
    pub digit_mode: u8,
    /// Type of number.
    pub ton: crate::Ton,
    /// Numbering plan.
    pub npi: crate::Npi,
    /// The number's digits.
    pub digits: &'a [u8],
}

impl PartialEq for Tlvs<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Tlvs<'_> {}

impl fmt::Debug for Tlvs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> Wire<'a> for Tlvs<'a> {
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        let all = r.rest();
        while !r.is_empty() {
            // Tag and length with one bounds check.
            let [t0, t1, l0, l1] = r.array_fast::<4>()?;
            let (tag, len) = (u16::from_be_bytes([t0, t1]), u16::from_be_bytes([l0, l1]));
            r.take_fast(usize::from(len))?;
            if !TlvTag(tag).accepts_len_fast(len) {
                return None;
            }
        }
        Some(Self::Raw(all))
    }

    /// Validates the rest of the body as a TLV stream: no overrun, known tags of a legal length.
    #[inline(always)]
    fn read(r: &mut Reader<'a>, _field: Field) -> Result<Self, ParseError> {
        let all = r.rest();
        while !r.is_empty() {
            let at = r.offset();
            let tag = r
                .u16(Field::Tlvs)
                .map_err(|_| ParseError::new(ParseErrorKind::TrailingBytes, Field::Tlvs, at))?;
            let len = r
                .u16(Field::Tlv(tag))
                .map_err(|_| ParseError::new(ParseErrorKind::TrailingBytes, Field::Tlvs, at))?;
            r.take(usize::from(len), Field::Tlv(tag))
                .map_err(|_| ParseError::new(ParseErrorKind::TlvOverrun, Field::Tlv(tag), at))?;
            if !TlvTag(tag).accepts_len(len) {
                return Err(ParseError::new(
                    ParseErrorKind::TlvLength { len },
                    Field::Tlv(tag),
                    at,
                ));
            }
        }
        Ok(Self::Raw(all))
    }

    #[inline]
    fn wire_len(&self) -> usize {
        Tlvs::wire_len(self)
    }

    #[inline(always)]
    fn write(&self, w: &mut Writer<'_>) {
        match self {
            Self::Raw(r) => w.bytes(r),
            Self::Items(items) => {
                for t in items.iter() {
                    w.tlv(t.tag().0, t.value());
                }
            }
        }
    }
}

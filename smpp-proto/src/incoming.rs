//! Views over received messages (deliver_sm, data_sm): the user data with its UDH split off,
//! concatenation from the UDH or the SAR TLVs, and delivery receipts that prefer the TLVs
//! (receipted_message_id, message_state, network_error_code) and fall back to the text.

use crate::receipt::{DeliveryState, Receipt, ids_match, parse_receipt};
use crate::udh::{Udh, UdhError};
use crate::{
    DataCoding, DataSm, DeliverSm, EsmClass, MessageState, NetworkErrorCode, SubmitSm, Tlvs,
};

/// The user data of a message, split into its header and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserData<'a> {
    /// The User Data Header, when esm_class has UDHI.
    pub udh: Option<Udh<'a>>,
    /// The text or binary payload after the header.
    pub payload: &'a [u8],
    /// How the payload is encoded.
    pub data_coding: DataCoding,
}

/// Where concatenation information came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConcatSource {
    /// A UDH element (IEI 0x00 or 0x08).
    Udh,
    /// The sar_msg_ref_num, sar_total_segments and sar_segment_seqnum TLVs.
    Sar,
}

/// This message is part `seqnum` of `total` of the long message `reference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConcatInfo {
    /// The reference shared by all parts.
    pub reference: u16,
    /// Number of parts.
    pub total: u8,
    /// This part's number, 1-based.
    pub seqnum: u8,
    /// UDH or SAR.
    pub source: ConcatSource,
}

impl ConcatInfo {
    /// The part to hand to a [`crate::reassembly::Reassembler`].
    #[cfg(feature = "alloc")]
    pub fn part<'d>(&self, payload: &'d [u8]) -> crate::reassembly::Part<'d> {
        crate::reassembly::Part::new(self.reference, self.total, self.seqnum, payload)
    }
}

/// A delivery receipt read from a deliver_sm or data_sm.
///
/// ```
/// use smpp_proto::{DeliverSm, EsmClass, MessageState, Tlv, TlvTag};
/// let tlvs = [Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"5F2A\0").unwrap(), Tlv::from_u8(TlvTag::MESSAGE_STATE, 2)];
/// let dlr = DeliverSm::new()
///     .esm_class(EsmClass(0x04))
///     .short_message(b"id:24362 sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 stat:DELIVRD err:000 text:")?
///     .with_tlvs(&tlvs);
/// let report = dlr.delivery_report().unwrap();
/// assert_eq!(report.message_id, "5F2A"); // the TLV wins over the text
/// assert_eq!(report.message_state, Some(MessageState::DELIVERED));
/// assert!(report.matches("5f2a") && report.matches("24362")); // hex and decimal forms
/// # Ok::<(), smpp_proto::FieldError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport<'a> {
    /// The id of the message this receipt is about: receipted_message_id, else `id:`.
    pub message_id: &'a str,
    /// The state: the message_state TLV, else the state the text's `stat:` names.
    pub message_state: Option<MessageState>,
    /// network_error_code, when sent.
    pub network_error_code: Option<NetworkErrorCode>,
    /// The receipt text, when it parsed.
    pub text: Option<Receipt<'a>>,
}

impl<'a> DeliveryReport<'a> {
    /// Reads a receipt from a message's esm_class, TLVs and user data; `None` when esm_class
    /// does not mark a delivery receipt or intermediate notification, or nothing names a
    /// message id.
    pub fn read(esm_class: EsmClass, tlvs: &Tlvs<'a>, message: &'a [u8]) -> Option<Self> {
        let kind = esm_class.0 & 0x3C;
        if kind != EsmClass::DELIVERY_RECEIPT && kind != 0x20 {
            return None;
        }
        let text = parse_receipt(message).ok();
        let tlv_id = tlvs
            .receipted_message_id()
            .and_then(|b| core::str::from_utf8(b).ok())
            .filter(|s| !s.is_empty());
        let message_id = tlv_id.or(text.map(|t| t.id))?;
        let from_text = text.and_then(|t| t.stat).and_then(|s| match s {
            DeliveryState::Other(_) => None,
            s => Some(MessageState(s.message_state())),
        });
        Some(Self {
            message_id,
            message_state: tlvs.message_state().or(from_text),
            network_error_code: tlvs.network_error_code(),
            text,
        })
    }

    /// The state as receipt text (`DELIVRD`, ...): the text's own word when it has one.
    pub fn state_text(&self) -> Option<&'a str> {
        if let Some(stat) = self.text.and_then(|t| t.stat) {
            return Some(stat.as_str());
        }
        self.message_state
            .and_then(|m| DeliveryState::from_message_state(m.0))
            .map(|s| s.as_str())
    }

    /// True when the state is final (delivered, expired, undeliverable, ...).
    pub fn is_final(&self) -> bool {
        self.message_state.is_some_and(MessageState::is_final)
    }

    /// Whether this receipt is about the message a submit_sm_resp named, allowing for hex vs
    /// decimal forms and leading zeros (see [`crate::receipt::ids_match`]).
    pub fn matches(&self, submit_resp_message_id: &str) -> bool {
        ids_match(submit_resp_message_id, self.message_id)
    }
}

fn user_data<'a>(
    esm_class: EsmClass,
    data_coding: DataCoding,
    message: &'a [u8],
) -> Result<UserData<'a>, UdhError> {
    if !esm_class.udhi() {
        return Ok(UserData {
            udh: None,
            payload: message,
            data_coding,
        });
    }
    let (udh, payload) = Udh::parse(message)?;
    Ok(UserData {
        udh: Some(udh),
        payload,
        data_coding,
    })
}

fn concat(esm_class: EsmClass, tlvs: &Tlvs<'_>, message: &[u8]) -> Option<ConcatInfo> {
    if esm_class.udhi() {
        if let Some(c) = Udh::parse(message)
            .ok()
            .and_then(|(u, _)| u.concat())
            .filter(|c| c.is_valid())
        {
            return Some(ConcatInfo {
                reference: c.reference,
                total: c.total,
                seqnum: c.seq,
                source: ConcatSource::Udh,
            });
        }
    }
    Some(ConcatInfo {
        reference: tlvs.sar_msg_ref_num()?,
        total: tlvs.sar_total_segments()?,
        seqnum: tlvs.sar_segment_seqnum()?,
        source: ConcatSource::Sar,
    })
}

impl<'a> DeliverSm<'a> {
    /// The delivery receipt this message carries, if it is one.
    pub fn delivery_report(&self) -> Option<DeliveryReport<'a>> {
        DeliveryReport::read(self.esm_class, &self.tlvs, self.message())
    }

    /// The user data with any UDH split off.
    pub fn user_data(&self) -> Result<UserData<'a>, UdhError> {
        user_data(self.esm_class, self.data_coding, self.message())
    }

    /// Which part of a long message this is (UDH first, then SAR TLVs).
    pub fn concat(&self) -> Option<ConcatInfo> {
        concat(self.esm_class, &self.tlvs, self.message())
    }
}

impl<'a> SubmitSm<'a> {
    /// The user data with any UDH split off (what an SMSC reads from a submission).
    pub fn user_data(&self) -> Result<UserData<'a>, UdhError> {
        user_data(self.esm_class, self.data_coding, self.message())
    }

    /// Which part of a long message this is (UDH first, then SAR TLVs).
    pub fn concat(&self) -> Option<ConcatInfo> {
        concat(self.esm_class, &self.tlvs, self.message())
    }
}

impl<'a> DataSm<'a> {
    /// The user data: the message_payload TLV.
    pub fn message(&self) -> &'a [u8] {
        self.tlvs.message_payload().unwrap_or(&[])
    }

    /// The delivery receipt this message carries, if it is one.
    pub fn delivery_report(&self) -> Option<DeliveryReport<'a>> {
        DeliveryReport::read(self.esm_class, &self.tlvs, self.message())
    }

    /// The user data with any UDH split off.
    pub fn user_data(&self) -> Result<UserData<'a>, UdhError> {
        user_data(self.esm_class, self.data_coding, self.message())
    }

    /// Which part of a long message this is (UDH first, then SAR TLVs).
    pub fn concat(&self) -> Option<ConcatInfo> {
        concat(self.esm_class, &self.tlvs, self.message())
    }
}

#[cfg(feature = "alloc")]
impl UserData<'_> {
    /// The payload as text: the alphabet from data_coding (with `default` saying what
    /// data_coding 0 means on this link) and GSM national tables from the UDH. `None` for
    /// binary payloads and alphabets this crate does not decode.
    ///
    /// ```
    /// use smpp_proto::{DeliverSm, text::{DefaultAlphabet, OnError}};
    /// let mo = DeliverSm::new().short_message(&[0x48, 0x69, 0x20, 0x11])?; // GSM "Hi _"
    /// let text = mo.user_data().unwrap().text(DefaultAlphabet::Gsm7, OnError::Fail);
    /// assert_eq!(text, Some(Ok("Hi _".to_string())));
    /// # Ok::<(), smpp_proto::FieldError>(())
    /// ```
    pub fn text(
        &self,
        default: crate::text::DefaultAlphabet,
        on_error: crate::text::OnError,
    ) -> Option<Result<alloc::string::String, crate::text::DecodeError>> {
        use crate::text::{Charset, Encoding, GsmTables, charset, decode_to_string};
        match charset(self.data_coding.0, default) {
            Charset::Text(Encoding::Gsm7(_)) => {
                let tables = self
                    .udh
                    .as_ref()
                    .map_or(GsmTables::DEFAULT, GsmTables::from_udh);
                Some(decode_to_string(
                    self.payload,
                    Encoding::Gsm7(tables),
                    on_error,
                ))
            }
            Charset::Text(e) => Some(decode_to_string(self.payload, e, on_error)),
            Charset::Binary | Charset::Unsupported => None,
        }
    }
}

//! What the simulator sends (receipts, MO messages) and what it reads from submissions.

use smpp_proto::receipt::{DateForm, DeliveryState, ErrorCode, Receipt, ReceiptDate};
use smpp_proto::text::{
    Charset, ChooseOptions, DefaultAlphabet, Encoding, OnError, charset, choose, decode_to_string,
    encode_to_vec,
};
use smpp_proto::{
    DataCoding, DeliverSm, EsmClass, FieldError, Frame, MessageState, Npi, Pdu, ShortMessage,
    SmppTime, Tlv, TlvTag, Ton, UserData,
};

use crate::pdu::Message;

/// A deliver_sm to build: an MO message or a receipt.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    /// Handset (source of the deliver_sm).
    pub source: String,
    /// The ESME's address (destination of the deliver_sm).
    pub destination: String,
    /// short_message (or message_payload when longer than short_message allows).
    pub text: Vec<u8>,
    /// data_coding of `text`.
    pub data_coding: DataCoding,
    /// Receipt: (message id, state) for the TLVs and esm_class.
    pub receipt: Option<(String, MessageState)>,
}

impl Outgoing {
    /// An MO text message: GSM 7-bit when the text allows, else UCS-2.
    pub fn mo(source: &str, destination: &str, text: &str) -> Self {
        let (text, data_coding) = encode_text(text);
        Self {
            source: source.into(),
            destination: destination.into(),
            text,
            data_coding,
            receipt: None,
        }
    }

    /// The deliver_sm, as an owned PDU.
    pub fn to_message(&self) -> Result<Message, String> {
        let field = |e: FieldError| e.to_string();
        let sm = DeliverSm::new()
            .source_addr_ton(Ton::INTERNATIONAL)
            .source_addr_npi(Npi::ISDN)
            .source_addr(&self.source)
            .and_then(|sm| sm.destination_addr(&self.destination))
            .map_err(field)?
            .data_coding(self.data_coding);
        // Texts longer than short_message allows travel in message_payload.
        let long = self.text.len() > ShortMessage::MAX;
        let mut sm = if long {
            sm
        } else {
            sm.short_message(&self.text).map_err(field)?
        };
        let mut rid = Vec::new();
        let mut tlvs = Vec::with_capacity(3);
        if let Some((id, state)) = &self.receipt {
            sm = sm.esm_class(EsmClass(EsmClass::DELIVERY_RECEIPT));
            rid.extend_from_slice(id.as_bytes());
            rid.push(0);
            tlvs.push(Tlv::from_u8(TlvTag::MESSAGE_STATE, state.0));
            tlvs.push(Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &rid).map_err(|e| e.to_string())?);
        }
        if long {
            tlvs.push(Tlv::new(TlvTag::MESSAGE_PAYLOAD, &self.text).map_err(|e| e.to_string())?);
        }
        let frame = Frame::request(0, Pdu::DeliverSm(sm.with_tlvs(&tlvs)));
        Message::from_frame(&frame).map_err(|e| e.to_string())
    }

    /// One line for the log.
    pub fn describe(&self) -> String {
        match &self.receipt {
            Some((id, state)) => match DeliveryState::from_message_state(state.0) {
                Some(word) => format!("receipt id={id} state={word}"),
                None => format!("receipt id={id} state={state}"),
            },
            None => {
                let text = match charset(self.data_coding.0, DefaultAlphabet::Gsm7) {
                    Charset::Text(enc) => {
                        decode_to_string(&self.text, enc, OnError::REPLACEMENT_CHARACTER).ok()
                    }
                    _ => None,
                };
                format!(
                    "MO from={} to={} text={:?}",
                    self.source,
                    self.destination,
                    text.unwrap_or_else(|| String::from_utf8_lossy(&self.text).into_owned())
                )
            }
        }
    }
}

/// GSM 7-bit (default tables) when the text allows, else UCS-2.
fn encode_text(text: &str) -> (Vec<u8>, DataCoding) {
    let choice = choose(text, &ChooseOptions::default());
    (
        encode_to_vec(text, choice.encoding, OnError::QUESTION_MARK).unwrap_or_default(),
        DataCoding(choice.data_coding),
    )
}

/// What a submit_sm or data_sm carried: the user data without its UDH, and the text when
/// its data_coding is one this crate decodes.
#[derive(Debug, Clone)]
pub(crate) struct Submitted {
    pub source: String,
    pub destination: String,
    payload: Vec<u8>,
    data_coding: DataCoding,
    text: Option<String>,
}

impl Submitted {
    /// Reads a submit_sm or data_sm; `None` for other PDUs.
    pub fn read(pdu: &Pdu<'_>) -> Option<Self> {
        let (ud, raw, data_coding, source, destination) = match pdu {
            Pdu::SubmitSm(sm) => (
                sm.user_data(),
                sm.message(),
                sm.data_coding,
                sm.source_addr.to_string(),
                sm.destination_addr.to_string(),
            ),
            Pdu::DataSm(sm) => (
                sm.user_data(),
                sm.message(),
                sm.data_coding,
                sm.source_addr.to_string(),
                sm.destination_addr.to_string(),
            ),
            _ => return None,
        };
        let (payload, text) = match ud {
            Ok(ud) => (ud.payload.to_vec(), text_of(&ud)),
            // A UDH that does not parse: keep the octets as they are.
            Err(_) => (raw.to_vec(), None),
        };
        Some(Self {
            source,
            destination,
            payload,
            data_coding,
            text,
        })
    }

    /// The text for the log (the octets, lossily, when it is not text).
    pub fn display(&self) -> String {
        self.text
            .clone()
            .unwrap_or_else(|| String::from_utf8_lossy(&self.payload).into_owned())
    }

    /// The MO reply: "Re: " and the text, from the recipient back to the sender, in the
    /// submission's encoding; GSM 7-bit texts are encoded afresh (default tables, else
    /// UCS-2), as national tables would need a UDH. Binary data: the raw octets after
    /// "Re: " in GSM.
    pub fn reply(&self) -> Outgoing {
        let (text, data_coding) = self.reply_text();
        Outgoing {
            source: self.destination.clone(),
            destination: self.source.clone(),
            text,
            data_coding,
            receipt: None,
        }
    }

    fn reply_text(&self) -> (Vec<u8>, DataCoding) {
        if let Some(t) = &self.text {
            let reply = format!("Re: {t}");
            match charset(self.data_coding.0, DefaultAlphabet::Gsm7) {
                Charset::Text(Encoding::Gsm7(_)) => return encode_text(&reply),
                Charset::Text(enc) => {
                    if let Ok(bytes) = encode_to_vec(&reply, enc, OnError::QUESTION_MARK) {
                        return (bytes, self.data_coding);
                    }
                }
                _ => {}
            }
        }
        let mut reply = b"Re: ".to_vec();
        reply.extend_from_slice(&self.payload);
        (reply, DataCoding::DEFAULT)
    }

    /// The receipt for message `id` in `state` (its text in the Appendix B form).
    pub fn receipt(&self, id: &str, state: &str, unix_secs: u64) -> Outgoing {
        let stat = DeliveryState::parse(state);
        Outgoing {
            source: self.destination.clone(),
            destination: self.source.clone(),
            text: receipt_text(id, &stat, &self.receipt_excerpt(), unix_secs),
            data_coding: DataCoding::DEFAULT,
            receipt: Some((id.to_string(), MessageState(stat.message_state()))),
        }
    }

    /// The first 20 characters for the receipt's `text:` field, in GSM 7-bit like the
    /// receipt itself.
    fn receipt_excerpt(&self) -> Vec<u8> {
        match &self.text {
            Some(t) => {
                let head: String = t.chars().take(20).collect();
                encode_to_vec(&head, Encoding::GSM7, OnError::QUESTION_MARK).unwrap_or_default()
            }
            None => self.payload.iter().take(20).copied().collect(),
        }
    }
}

fn text_of(ud: &UserData<'_>) -> Option<String> {
    ud.text(DefaultAlphabet::Gsm7, OnError::REPLACEMENT_CHARACTER)
        .and_then(Result::ok)
}

fn receipt_text(id: &str, stat: &DeliveryState<'_>, text: &[u8], now_secs: u64) -> Vec<u8> {
    // The Appendix B form: YYMMDDhhmm.
    let date =
        ReceiptDate::from_unix_seconds(now_secs as i64).map(|d| d.with_form(DateForm::Calendar10));
    let receipt = Receipt {
        sub: Some(1),
        dlvrd: Some(u32::from(matches!(stat, DeliveryState::Delivered))),
        submit_date: date,
        done_date: date,
        stat: Some(*stat),
        err: Some(ErrorCode::Numeric(0)),
        text: Some(text.get(..text.len().min(20)).unwrap_or(text)),
        ..Receipt::new(id)
    };
    let mut out = vec![0u8; receipt.encoded_len()];
    let n = receipt.encode(&mut out).unwrap_or(0);
    out.truncate(n);
    out
}

/// An SMPP absolute time (UTC) for query_sm_resp's final_date.
pub(crate) fn smpp_time(unix_millis: u64) -> String {
    let Some(d) = ReceiptDate::from_unix_millis(unix_millis as i64) else {
        return String::new();
    };
    let t = SmppTime::Absolute {
        year: (d.year() % 100) as u8,
        month: d.month(),
        day: d.day(),
        hour: d.hour(),
        minute: d.minute(),
        second: d.second(),
        tenths: (d.millisecond() / 100) as u8,
        utc_offset_quarters: 0,
    };
    String::from_utf8_lossy(&t.to_bytes()).into_owned()
}

/// Milliseconds since the Unix epoch.
pub(crate) fn unix_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

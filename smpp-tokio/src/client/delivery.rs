//! What the SMSC delivers: receipts (parsed, TLVs first) and mobile-originated messages
//! (reassembled from UDH or SAR parts, text decoded).

use std::collections::HashMap;

use smpp_proto::reassembly::{AddressKey, Incomplete, Pushed, Reassembler, ReassemblyConfig};
use smpp_proto::text::{DefaultAlphabet, OnError};
use smpp_proto::{DataCoding, MessageState, NetworkErrorCode, Pdu, UserData};

use crate::pdu::Request;

/// A deliver_sm or data_sm from the SMSC, already acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// A delivery receipt for a message we submitted.
    Receipt(Receipt),
    /// A mobile-originated message (or any other message that is not a receipt).
    Message(MoMessage),
}

impl Delivery {
    /// The PDU it arrived in (for a long message: its last part).
    pub fn pdu(&self) -> &Request {
        match self {
            Self::Receipt(r) => &r.pdu,
            Self::Message(m) => &m.pdu,
        }
    }
}

/// A delivery receipt: the message_id it is about and the state it reached, from the
/// receipted_message_id / message_state / network_error_code TLVs when sent, else from
/// the receipt text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Receipt {
    /// The id the SMSC gave the message in submit_sm_resp.
    pub message_id: String,
    /// The state (DELIVERED, UNDELIVERABLE, ...).
    pub state: Option<MessageState>,
    /// The `stat:` word of the text (DELIVRD, UNDELIV, ...), or the state's name.
    pub state_text: Option<String>,
    /// network_error_code TLV.
    pub network_error_code: Option<NetworkErrorCode>,
    /// The `err:` field of the text.
    pub error: Option<String>,
    /// Whether the state is final.
    pub is_final: bool,
    /// The receipt's source_addr (the original recipient).
    pub source_addr: String,
    /// The receipt's destination_addr (the original sender).
    pub destination_addr: String,
    /// The deliver_sm (or data_sm) itself.
    pub pdu: Request,
}

impl Receipt {
    /// Whether this receipt is about the message the SMSC called `message_id` (hex and
    /// decimal forms of the same number match).
    pub fn matches(&self, message_id: &str) -> bool {
        smpp_proto::receipt::ids_match(&self.message_id, message_id)
    }
}

/// A mobile-originated message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MoMessage {
    /// The sender.
    pub source_addr: String,
    /// The recipient (our number or short code).
    pub destination_addr: String,
    /// The data_coding of the message.
    pub data_coding: DataCoding,
    /// The text, when the data_coding is a text encoding this library decodes.
    pub text: Option<String>,
    /// The user data without UDH (for a long message, all parts in order).
    pub payload: Vec<u8>,
    /// Number of parts it arrived in.
    pub parts: u8,
    /// Part numbers that never came (empty for a whole message): a long message whose parts
    /// stopped coming is delivered with what arrived, in order, once the reassembly timeout
    /// runs out or room is needed, rather than lost.
    pub missing_parts: Vec<u8>,
    /// The PDU it arrived in (for a long message, the last part).
    pub pdu: Request,
}

/// Reads deliveries and puts long messages back together.
pub(crate) struct Assembler {
    reassembler: Reassembler<AddressKey>,
    default_alphabet: DefaultAlphabet,
    /// The latest part of each long message in progress, for delivering it incomplete.
    latest: HashMap<(AddressKey, u16), Request>,
    /// Incomplete long messages given up on, to be delivered.
    given_up: Vec<Delivery>,
}

/// What one deliver_sm/data_sm amounts to.
pub(crate) enum Read {
    /// A whole delivery.
    Done(Box<Delivery>),
    /// A part of a long message; the rest is awaited.
    Part,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl Assembler {
    pub fn new(default_alphabet: DefaultAlphabet, timeout_ms: u64) -> Self {
        Self {
            reassembler: Reassembler::new(ReassemblyConfig {
                timeout_ms,
                ..ReassemblyConfig::default()
            }),
            default_alphabet,
            latest: HashMap::new(),
            given_up: Vec::new(),
        }
    }

    /// Reads a deliver_sm or data_sm; `None` for other PDUs.
    pub fn read(&mut self, request: Request, now_ms: u64) -> Option<Read> {
        let pdu = &request.pdu();
        let (report, user_data, concat, source, destination) = match pdu {
            Pdu::DeliverSm(d) => (
                d.delivery_report(),
                d.user_data(),
                d.concat(),
                d.source_addr.as_bytes(),
                d.destination_addr.as_bytes(),
            ),
            Pdu::DataSm(d) => (
                d.delivery_report(),
                d.user_data(),
                d.concat(),
                d.source_addr.as_bytes(),
                d.destination_addr.as_bytes(),
            ),
            _ => return None,
        };
        if let Some(r) = report {
            let state_text = r
                .state_text()
                .map(str::to_string)
                .or_else(|| r.message_state.and_then(|s| s.name()).map(str::to_string));
            return Some(Read::Done(Box::new(Delivery::Receipt(Receipt {
                message_id: r.message_id.to_string(),
                state: r.message_state,
                state_text,
                network_error_code: r.network_error_code,
                error: r.text.as_ref().and_then(|t| t.err).map(|e| e.to_string()),
                is_final: r.is_final(),
                source_addr: lossy(source),
                destination_addr: lossy(destination),
                pdu: request,
            }))));
        }
        // A user data header that does not parse is delivered as it is, undecoded.
        let user_data = user_data.unwrap_or(UserData {
            udh: None,
            payload: match pdu {
                Pdu::DeliverSm(d) => d.message(),
                Pdu::DataSm(d) => d.tlvs.message_payload().unwrap_or(&[]),
                _ => &[],
            },
            data_coding: match pdu {
                Pdu::DeliverSm(d) => d.data_coding,
                Pdu::DataSm(d) => d.data_coding,
                _ => DataCoding::DEFAULT,
            },
        });
        let (payload, parts) = match concat {
            Some(info) if info.total > 1 => {
                let key = AddressKey::new(source, destination)?;
                match self
                    .reassembler
                    .push(key, info.part(user_data.payload), now_ms)
                {
                    Ok(Pushed::Completed(m)) => {
                        self.latest.remove(&(key, m.reference));
                        (m.data, m.total)
                    }
                    Ok(Pushed::Stored { evicted }) => {
                        for e in evicted {
                            self.give_up(e);
                        }
                        self.latest.insert((key, info.reference), request.clone());
                        return Some(Read::Part);
                    }
                    Ok(Pushed::Duplicate { .. }) => return Some(Read::Part),
                    Err(e) => {
                        tracing::warn!(error = ?e, "message part refused; delivered alone");
                        (user_data.payload.to_vec(), 1)
                    }
                }
            }
            _ => (user_data.payload.to_vec(), 1),
        };
        let whole = UserData {
            udh: user_data.udh,
            payload: &payload,
            data_coding: user_data.data_coding,
        };
        let text = whole
            .text(self.default_alphabet, OnError::QUESTION_MARK)
            .and_then(Result::ok);
        Some(Read::Done(Box::new(Delivery::Message(MoMessage {
            source_addr: lossy(source),
            destination_addr: lossy(destination),
            data_coding: user_data.data_coding,
            text,
            payload,
            parts,
            missing_parts: Vec::new(),
            pdu: request,
        }))))
    }

    /// Turns a long message that will not complete into a delivery of what arrived.
    fn give_up(&mut self, e: Incomplete<AddressKey>) {
        let missing: Vec<u8> = e.received.missing(e.total).collect();
        tracing::warn!(
            reference = e.reference,
            received = e.received.len(),
            total = e.total,
            reason = ?e.reason,
            "long message incomplete; delivering the parts that arrived"
        );
        let Some(last) = self.latest.remove(&(e.key, e.reference)) else {
            return;
        };
        let payload: Vec<u8> = e
            .parts
            .iter()
            .flat_map(|(_, d)| d.iter().copied())
            .collect();
        let pdu = last.pdu();
        let (udh, data_coding) = match pdu {
            Pdu::DeliverSm(d) => (d.user_data().ok().and_then(|u| u.udh), d.data_coding),
            Pdu::DataSm(d) => (d.user_data().ok().and_then(|u| u.udh), d.data_coding),
            _ => (None, DataCoding::DEFAULT),
        };
        let text = UserData {
            udh,
            payload: &payload,
            data_coding,
        }
        .text(self.default_alphabet, OnError::QUESTION_MARK)
        .and_then(Result::ok);
        let message = MoMessage {
            source_addr: lossy(e.key.source()),
            destination_addr: lossy(e.key.destination()),
            data_coding,
            text,
            parts: u8::try_from(e.parts.len()).unwrap_or(u8::MAX),
            payload,
            missing_parts: missing,
            pdu: last.clone(),
        };
        self.given_up.push(Delivery::Message(message));
    }

    /// Incomplete long messages given up on since the last call.
    pub fn take_given_up(&mut self) -> Vec<Delivery> {
        std::mem::take(&mut self.given_up)
    }

    /// Gives up on long messages whose parts stopped coming (delivered incomplete).
    pub fn expire(&mut self, now_ms: u64) {
        while let Some(e) = self.reassembler.poll_expired(now_ms) {
            self.give_up(e);
        }
    }

    /// When the next long message in progress runs out of time, in the caller's ms.
    pub fn next_deadline(&self) -> Option<u64> {
        self.reassembler.next_deadline()
    }
}

//! `send_message`: a text of any length, encoded, split and submitted.

use smpp_proto::text::{
    ChooseOptions, Encoding, Method, NationalLanguage, OnError, SplitOptions, choose, split,
};
use smpp_proto::{DataCoding, EsmClass, Npi, RegisteredDelivery, SubmitSm, Tlv, TlvTag, Ton};

use super::Client;
use crate::error::{Error, Result};
use crate::pdu::Response;

/// How [`Client::send_message`] encodes, splits and addresses a text.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct MessageOptions {
    /// UDH with an 8- or 16-bit reference, SAR TLVs, or one message_payload TLV.
    pub method: Method,
    /// National languages the recipient's handset supports (GSM 03.38 shift tables).
    pub national: Vec<NationalLanguage>,
    /// Allow Latin-1 (data_coding 3) before falling back to UCS-2.
    pub latin1: bool,
    /// Force this encoding instead of choosing the cheapest.
    pub encoding: Option<Encoding>,
    /// Replace characters the encoding lacks with '?' instead of failing.
    pub replace_unmappable: bool,
    /// Receipts wanted (set on every part).
    pub registered_delivery: RegisteredDelivery,
    /// TON/NPI of the sender; `None`: international/ISDN for digits, alphanumeric otherwise.
    pub source_ton_npi: Option<(Ton, Npi)>,
    /// TON/NPI of the recipient; `None`: international/ISDN.
    pub dest_ton_npi: Option<(Ton, Npi)>,
    /// service_type.
    pub service_type: String,
}

impl MessageOptions {
    /// Asks for a final delivery receipt on every part.
    pub fn with_receipt(mut self) -> Self {
        self.registered_delivery = RegisteredDelivery::RECEIPT;
        self
    }

    /// Sets the split method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }
}

impl Client {
    /// Encodes `text` (the cheapest of GSM 7-bit, the allowed national tables, Latin-1 or
    /// UCS-2, unless [`MessageOptions::encoding`] says), splits it (UDH, SAR or
    /// message_payload) and submits every part, in order. Returns every part's response
    /// (their message_ids) or the first error; parts are submitted together, through the
    /// window.
    pub async fn send_message(
        &self,
        text: &str,
        from: &str,
        to: &str,
        options: &MessageOptions,
    ) -> Result<Vec<Response>> {
        let choice = choose(
            text,
            &ChooseOptions {
                default_alphabet: self.options().default_alphabet,
                national: &options.national,
                latin1: options.latin1,
                method: options.method,
                ..ChooseOptions::default()
            },
        );
        let (encoding, data_coding) = match options.encoding {
            Some(e) => (
                e,
                e.data_coding_for(self.options().default_alphabet)
                    .unwrap_or(e.data_coding()),
            ),
            None => (choice.encoding, choice.data_coding),
        };
        let mut split_opts =
            SplitOptions::new(encoding, options.method).with_reference(self.next_reference());
        if options.replace_unmappable {
            split_opts.on_error = OnError::QUESTION_MARK;
        }
        let parts = split(text, split_opts).map_err(Error::Text)?;
        let digits = !from.is_empty() && from.bytes().all(|b| b.is_ascii_digit() || b == b'+');
        let (s_ton, s_npi) = options.source_ton_npi.unwrap_or(if digits {
            (Ton::INTERNATIONAL, Npi::ISDN)
        } else {
            (Ton::ALPHANUMERIC, Npi::UNKNOWN)
        });
        let (d_ton, d_npi) = options
            .dest_ton_npi
            .unwrap_or((Ton::INTERNATIONAL, Npi::ISDN));
        let base = SubmitSm::new()
            .service_type(&options.service_type)?
            .source_addr_ton(s_ton)
            .source_addr_npi(s_npi)
            .source_addr(from)?
            .dest_addr_ton(d_ton)
            .dest_addr_npi(d_npi)
            .destination_addr(to)?
            .registered_delivery(options.registered_delivery)
            .data_coding(DataCoding(data_coding));
        // Each part's TLVs: the SAR triple, or the whole text in message_payload.
        let mut part_tlvs: Vec<Vec<Tlv<'_>>> = Vec::with_capacity(parts.len());
        for p in &parts {
            let mut t = Vec::new();
            if let Some(s) = p.sar {
                t.push(Tlv::from_u16(TlvTag::SAR_MSG_REF_NUM, s.reference));
                t.push(Tlv::from_u8(TlvTag::SAR_TOTAL_SEGMENTS, s.total));
                t.push(Tlv::from_u8(TlvTag::SAR_SEGMENT_SEQNUM, s.seqnum));
            }
            if options.method == Method::Payload {
                t.push(Tlv::new(TlvTag::MESSAGE_PAYLOAD, &p.bytes).map_err(|_| {
                    Error::Text(smpp_proto::text::EncodeError::PayloadTooLong {
                        len: p.bytes.len(),
                    })
                })?);
            }
            part_tlvs.push(t);
        }
        let mut futures = Vec::with_capacity(parts.len());
        for (p, tlvs) in parts.iter().zip(&part_tlvs) {
            let mut sm = base.esm_class(EsmClass(p.esm_class_bits)).with_tlvs(tlvs);
            if options.method != Method::Payload {
                sm = sm.short_message(&p.bytes)?;
            }
            futures.push(async move { self.submit_sm(&sm).await });
        }
        let results = futures_util::future::join_all(futures).await;
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            out.push(r?);
        }
        Ok(out)
    }
}

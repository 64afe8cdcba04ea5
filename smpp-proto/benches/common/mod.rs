//! The benchmark cases, shared by `benches/codec.rs` and the rusmpp comparison in
//! `benches/compare-rusmpp` (which includes this file by path), so both measure the same bytes.

#![allow(dead_code)]

use smpp_proto::{
    DataCoding, DeliverSm, EsmClass, Frame, HeaderOnly, MessageState, Npi, Pdu, RegisteredDelivery,
    SubmitSm, Tlv, TlvTag, Ton,
};

/// The 40-character text of the typical submit_sm.
pub const SUBMIT_TEXT: &[u8; 40] = b"Your verification code is 482913. Thanks";
/// The Appendix B receipt text carried in the deliver_sm's short_message.
pub const RECEIPT_TEXT: &[u8] = b"id:0123456789 sub:001 dlvrd:001 submit date:2511220339 \
done date:2511220340 stat:DELIVRD err:000 text:Your verification co";
/// The receipted_message_id TLV value (a C-octet string, so with its NUL).
pub const RECEIPTED_ID: &[u8] = b"0123456789\0";
/// user_message_reference carried by the submit_sm.
pub const USER_MESSAGE_REFERENCE: u16 = 0x2A2A;

/// The typical submit_sm: 96 octets on the wire.
pub fn submit_sm() -> Frame<'static> {
    let tlvs: &'static [Tlv<'static>] = Box::leak(Box::new([Tlv::from_u16(
        TlvTag::USER_MESSAGE_REFERENCE,
        USER_MESSAGE_REFERENCE,
    )]));
    let sm = SubmitSm::new()
        .source_addr_ton(Ton::ALPHANUMERIC)
        .source_addr_npi(Npi(0))
        .source_addr("SENDER")
        .unwrap()
        .dest_addr_ton(Ton::INTERNATIONAL)
        .dest_addr_npi(Npi::ISDN)
        .destination_addr("61481076483")
        .unwrap()
        .registered_delivery(RegisteredDelivery::RECEIPT)
        .data_coding(DataCoding(0))
        .short_message(SUBMIT_TEXT)
        .unwrap()
        .with_tlvs(tlvs);
    Frame::request(0x0102_0304, Pdu::SubmitSm(sm))
}

/// A deliver_sm delivery receipt with receipted_message_id, message_state and
/// network_error_code TLVs.
pub fn deliver_sm_receipt() -> Frame<'static> {
    let tlvs: &'static [Tlv<'static>] = Box::leak(Box::new([
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, RECEIPTED_ID).unwrap(),
        Tlv::from_u8(TlvTag::MESSAGE_STATE, MessageState::DELIVERED.0),
        Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]).unwrap(),
    ]));
    let sm = DeliverSm::new()
        .source_addr_ton(Ton::INTERNATIONAL)
        .source_addr_npi(Npi::ISDN)
        .source_addr("61481076483")
        .unwrap()
        .dest_addr_ton(Ton::ALPHANUMERIC)
        .dest_addr_npi(Npi(0))
        .destination_addr("SENDER")
        .unwrap()
        .esm_class(EsmClass(EsmClass::DELIVERY_RECEIPT))
        .short_message(RECEIPT_TEXT)
        .unwrap()
        .with_tlvs(tlvs);
    Frame::request(0x0000_1234, Pdu::DeliverSm(sm))
}

/// enquire_link: a bare header.
pub fn enquire_link() -> Frame<'static> {
    Frame::request(7, Pdu::EnquireLink(HeaderOnly::EMPTY_BODY))
}

/// Every case: its name, the frame as built, and its encoded bytes.
pub fn cases() -> Vec<(&'static str, Frame<'static>, Vec<u8>)> {
    let cases = [
        ("submit_sm", submit_sm()),
        ("deliver_sm_receipt", deliver_sm_receipt()),
        ("enquire_link", enquire_link()),
    ];
    let out: Vec<_> = cases
        .into_iter()
        .map(|(name, frame)| {
            let bytes = frame.to_vec().unwrap();
            // The built frame and the decoded bytes must agree before anything is timed.
            assert_eq!(
                Frame::decode(&bytes).unwrap(),
                frame,
                "{name} does not round-trip"
            );
            (name, frame, bytes)
        })
        .collect();
    assert_eq!(
        out[0].2.len(),
        96,
        "the typical submit_sm must be exactly 96 octets"
    );
    assert_eq!(out[2].2.len(), 16);
    out
}

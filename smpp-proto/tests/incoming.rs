//! Views over received messages: receipts (TLVs first, then text), UDH and SAR concatenation,
//! and reassembly of the parts a splitter made.

use smpp_proto::reassembly::{AddressKey, Pushed, Reassembler, ReassemblyConfig};
use smpp_proto::text::{self, DefaultAlphabet, Encoding, Method, OnError, SplitOptions, Splitter};
use smpp_proto::*;

#[test]
fn receipt_falls_back_to_the_text_when_there_are_no_tlvs() {
    let dlr = DeliverSm::new()
        .esm_class(EsmClass(0x04))
        .short_message(b"id:0123 sub:001 dlvrd:000 submit date:2410151200 done date:2410151201 stat:UNDELIV err:021 text:hi")
        .unwrap();
    let r = dlr.delivery_report().unwrap();
    assert_eq!(r.message_id, "0123");
    assert_eq!(r.message_state, Some(MessageState::UNDELIVERABLE));
    assert_eq!(r.state_text(), Some("UNDELIV"));
    assert!(r.is_final());
    assert!(r.matches("123"));
    // An MO message is not a receipt.
    assert!(
        DeliverSm::new()
            .short_message(b"id:1 stat:DELIVRD")
            .unwrap()
            .delivery_report()
            .is_none()
    );
}

#[test]
fn receipt_from_tlvs_only_and_from_data_sm() {
    let tlvs = [
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"abc\0").unwrap(),
        Tlv::from_u8(TlvTag::MESSAGE_STATE, 3),
        Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 27]).unwrap(),
    ];
    let d = DataSm::new().esm_class(EsmClass(0x04)).with_tlvs(&tlvs);
    let r = d.delivery_report().unwrap();
    assert_eq!(r.message_id, "abc");
    assert_eq!(r.message_state, Some(MessageState::EXPIRED));
    assert_eq!(r.state_text(), Some("EXPIRED"));
    assert_eq!(
        r.network_error_code,
        Some(NetworkErrorCode {
            network_type: 3,
            error_code: 27
        })
    );
}

#[test]
fn split_parts_come_back_together_through_udh_and_sar() {
    let long = "Καλημέρα! ".repeat(30);
    for method in [Method::Udh8, Method::Udh16, Method::Sar] {
        let opts = SplitOptions::new(Encoding::Ucs2, method).with_reference(0x1234);
        let segments: Vec<_> = Splitter::new(&long, opts).unwrap().collect();
        assert!(segments.len() > 1);
        let mut r = Reassembler::new(ReassemblyConfig::default());
        let key = AddressKey::new(b"306900000000", b"SENDER").unwrap();
        let mut done = None;
        // Deliver out of order, as networks do.
        for seg in segments.iter().rev() {
            let mut buf = [0u8; 160];
            let n = seg.write(&mut buf).unwrap();
            let sar;
            let mut sm = DeliverSm::new()
                .data_coding(DataCoding::UCS2)
                .short_message(&buf[..n])
                .unwrap();
            sm.esm_class = EsmClass(seg.esm_class_bits());
            if let Some(s) = seg.sar() {
                sar = [
                    Tlv::from_u16(TlvTag::SAR_MSG_REF_NUM, s.reference),
                    Tlv::from_u8(TlvTag::SAR_TOTAL_SEGMENTS, s.total),
                    Tlv::from_u8(TlvTag::SAR_SEGMENT_SEQNUM, s.seqnum),
                ];
                sm = sm.with_tlvs(&sar);
            }
            // Through the wire format and back, as a receiver would see it.
            let bytes = Frame::request(1, Pdu::DeliverSm(sm)).to_vec().unwrap();
            let Pdu::DeliverSm(got) = Frame::decode(&bytes).unwrap().pdu else {
                panic!()
            };
            let info = got.concat().unwrap();
            assert_eq!(
                info.source,
                if method == Method::Sar {
                    ConcatSource::Sar
                } else {
                    ConcatSource::Udh
                }
            );
            let payload = got.user_data().unwrap().payload;
            if let Pushed::Completed(m) = r.push(key, info.part(payload), 0).unwrap() {
                done = Some(m.data);
            }
        }
        let data = done.expect("all parts in");
        assert_eq!(
            text::decode_to_string(&data, Encoding::Ucs2, OnError::Fail).unwrap(),
            long
        );
    }
}

#[test]
fn submit_sm_user_data_as_an_smsc_reads_it() {
    let segments: Vec<_> = text::split(
        &"ü".repeat(100),
        SplitOptions::new(Encoding::Ucs2, Method::Udh16).with_reference(0x1234),
    )
    .unwrap();
    assert_eq!(segments.len(), 2);
    let seg = &segments[1];
    let mut sm = SubmitSm::new()
        .data_coding(DataCoding::UCS2)
        .short_message(&seg.bytes)
        .unwrap();
    sm.esm_class = EsmClass(seg.esm_class_bits);
    let bytes = Frame::request(9, Pdu::SubmitSm(sm)).to_vec().unwrap();
    let Pdu::SubmitSm(got) = Frame::decode(&bytes).unwrap().pdu else {
        panic!("not a submit_sm")
    };
    let info = got.concat().unwrap();
    assert_eq!(
        (info.reference, info.total, info.seqnum, info.source),
        (0x1234, 2, 2, ConcatSource::Udh)
    );
    let ud = got.user_data().unwrap();
    assert!(ud.udh.is_some());
    assert_eq!(
        ud.text(DefaultAlphabet::Gsm7, OnError::Fail),
        Some(Ok("ü".repeat(100 - 66))) // 66 UCS-2 units after a 7-octet UDH
    );
}

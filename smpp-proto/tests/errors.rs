//! Bad input gets a typed error naming the field, its offset and the status to answer with.

use smpp_proto::*;

fn pdu(command_id: u32, status: u32, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(((16 + body.len()) as u32).to_be_bytes());
    v.extend(command_id.to_be_bytes());
    v.extend(status.to_be_bytes());
    v.extend(seq.to_be_bytes());
    v.extend(body);
    v
}

/// submit_sm body up to (not including) short_message, with the given source_addr.
fn submit_prefix(source_addr: &[u8]) -> Vec<u8> {
    let mut b = vec![0u8]; // service_type ""
    b.extend([5, 0]);
    b.extend(source_addr);
    b.push(0);
    b.extend([1, 1]);
    b.extend(b"61481076483\0");
    b.extend([0, 0, 0, 0, 0, 1, 0, 0, 0]); // esm..sm_default_msg_id (times empty)
    b
}

#[test]
fn command_length_is_judged_from_the_header_alone() {
    assert_eq!(
        peek_frame(&[0, 0, 0, 15], DEFAULT_MAX_COMMAND_LENGTH),
        Err(FrameError::LengthTooShort { command_length: 15 })
    );
    let e = peek_frame(&[0, 0x10, 0, 0], 65_536).unwrap_err();
    assert_eq!(
        e,
        FrameError::LengthTooLong {
            command_length: 0x0010_0000,
            max: 65_536
        }
    );
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVCMDLEN);
    // The configured maximum is honoured exactly.
    assert_eq!(
        peek_frame(&[0, 0, 1, 0], 256),
        Ok(FrameStatus::Incomplete { needed: 252 })
    );
    assert!(peek_frame(&[0, 0, 1, 1], 256).is_err());
}

#[test]
fn over_long_source_addr_names_the_field_and_offset() {
    let mut body = submit_prefix(&[b'1'; 25]);
    body.extend([0]);
    let bytes = pdu(4, 0, 9, &body);
    let e = Frame::decode(&bytes).unwrap_err();
    assert_eq!(e.field(), Field::SourceAddr);
    assert_eq!(e.offset(), 16 + 3);
    assert_eq!(e.kind(), ParseErrorKind::TooLong { max: 21 });
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVSRCADR);
    assert_eq!(e.sequence_number(), Some(9));
    assert_eq!(e.command_id(), Some(4));
    assert!(e.to_string().contains("source_addr"), "{e}");
}

#[test]
fn over_long_destination_addr_gives_rinvdstadr() {
    let mut body = vec![0u8, 1, 1];
    body.extend(b"SENDER\0");
    body.extend([1, 1]);
    body.extend([b'9'; 30]);
    body.push(0);
    let e = Frame::decode(&pdu(4, 0, 1, &body)).unwrap_err();
    assert_eq!(e.field(), Field::DestinationAddr);
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVDSTADR);
}

#[test]
fn sm_length_overrunning_the_body_gives_rinvmsglen() {
    let mut body = submit_prefix(b"SENDER");
    body.extend([200, b'h', b'i']);
    let e = Frame::decode(&pdu(4, 0, 1, &body)).unwrap_err();
    assert_eq!(e.field(), Field::SmLength);
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVMSGLEN);
}

#[test]
fn missing_mandatory_fields_give_rinvcmdlen() {
    let body = submit_prefix(b"SENDER");
    let e = Frame::decode(&pdu(4, 0, 1, &body[..10])).unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::Truncated);
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVCMDLEN);
}

#[test]
fn tlv_errors_map_to_the_tlv_statuses() {
    let mut ok = submit_prefix(b"SENDER");
    ok.push(0); // sm_length 0
    // A TLV whose length runs past the end of the PDU.
    let mut overrun = ok.clone();
    overrun.extend([0x04, 0x24, 0x00, 0x10, 1, 2]);
    let e = Frame::decode(&pdu(4, 0, 1, &overrun)).unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::TlvOverrun);
    assert_eq!(e.field(), Field::Tlv(0x0424));
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVTLVSTREAM);
    // Three stray octets that cannot be a TLV header.
    let mut stray = ok.clone();
    stray.extend([0x02, 0x04, 0x00]);
    let e = Frame::decode(&pdu(4, 0, 1, &stray)).unwrap_err();
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVOPTPARSTREAM);
    // An integer TLV longer than four octets cannot be read by its own length.
    let mut bad_len = ok.clone();
    bad_len.extend([0x04, 0x27, 0x00, 0x05, 0, 0, 0, 0, 2]);
    let e = Frame::decode(&pdu(5, 0, 1, &bad_len)).unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::TlvLength { len: 5 });
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVTLVLEN);
    assert!(e.to_string().contains("message_state"), "{e}");
    // A fixed-size composite must keep its size: network_error_code is 3 octets.
    let mut bad_nec = ok.clone();
    bad_nec.extend([0x04, 0x23, 0x00, 0x04, 3, 0, 0, 1]);
    let e = Frame::decode(&pdu(5, 0, 1, &bad_nec)).unwrap_err();
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVTLVLEN);
    // Where stacks disagree, the TLV's own length decides: 1- and 2-octet source_telematics_id.
    for v in [
        &[0x00, 0x10, 0x00, 0x01, 7][..],
        &[0x00, 0x10, 0x00, 0x02, 0, 7],
    ] {
        let mut body = ok.clone();
        body.extend(v);
        let bytes = pdu(4, 0, 1, &body);
        let f = Frame::decode(&bytes).unwrap();
        assert_eq!(f.pdu.tlvs().iter().next().unwrap().as_uint(), Some(7));
    }
}

#[test]
fn missing_required_broadcast_tlvs_give_rmissingtlv() {
    let bs = BroadcastSm::new().source_addr("S").unwrap();
    let bytes = Frame::request(1, Pdu::BroadcastSm(bs)).to_vec().unwrap();
    let e = Frame::decode(&bytes).unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::MissingTlv);
    assert_eq!(e.field(), Field::Tlv(TlvTag::BROADCAST_AREA_IDENTIFIER.0));
    assert_eq!(e.command_status(), CommandStatus::ESME_RMISSINGOPTPARAM);
}

#[test]
fn bad_dest_flag_gives_rinvdestflag() {
    let mut body = vec![0u8, 1, 1];
    body.extend(b"SENDER\0");
    body.extend([1, 3, 1, 1]); // one destination with dest_flag 3
    body.extend(b"123\0");
    let e = Frame::decode(&pdu(0x21, 0, 1, &body)).unwrap_err();
    assert_eq!(e.field(), Field::DestFlag);
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVDESTFLAG);
}

#[test]
fn unknown_command_ids_decode_raw() {
    let bytes = pdu(0x0001_0201, 0, 77, &[1, 2, 3]);
    let f = Frame::decode(&bytes).unwrap();
    assert_eq!(
        f.pdu,
        Pdu::Unknown {
            command_id: 0x0001_0201,
            body: &[1, 2, 3]
        }
    );
    assert_eq!(f.command_id(), CommandId::Other(0x0001_0201));
    assert_eq!(f.to_vec().unwrap(), bytes);
}

#[test]
fn error_responses_without_a_body_decode_and_encode() {
    for id in [
        0x8000_0001u32,
        0x8000_0002,
        0x8000_0009,
        0x8000_0004,
        0x8000_0021,
        0x8000_0103,
        0x8000_0003,
    ] {
        let bytes = pdu(id, 0x0E, 3, &[]);
        let f = Frame::decode(&bytes).unwrap();
        assert_eq!(f.command_status, CommandStatus::ESME_RINVPASWD);
        assert_eq!(f.encoded_len(), 16, "{id:08x}");
        assert_eq!(f.to_vec().unwrap(), bytes);
    }
    // A successful submit_sm_resp without message_id is tolerated (cloudhopper does too).
    let bytes = pdu(0x8000_0004, 0, 3, &[]);
    let f = Frame::decode(&bytes).unwrap();
    assert_eq!(f.pdu, Pdu::SubmitSmResp(SubmitSmResp::default()));
}

#[test]
fn builders_refuse_over_long_values_naming_the_field() {
    let e = SubmitSm::new()
        .source_addr("123456789012345678901")
        .unwrap_err();
    assert_eq!(
        e,
        FieldError {
            field: Field::SourceAddr,
            len: 21,
            max: 20
        }
    );
    assert_eq!(
        e.to_string(),
        "source_addr is 21 octets long; at most 20 are allowed"
    );
    assert!(SubmitSm::new().source_addr("12345678901234567890").is_ok());
    let e = Bind::new().system_id("a-very-long-system-id").unwrap_err();
    assert_eq!(e.field, Field::SystemId);
    let e = SubmitSm::new().short_message(&[0; 255]).unwrap_err();
    assert_eq!(e.field, Field::ShortMessage);
    assert!(Tlv::new(TlvTag::MESSAGE_PAYLOAD, &vec![0; 65_536]).is_err());
}

#[test]
fn lenient_decoding_where_peers_disagree() {
    // A 16-character password (Kannel) decodes, but cannot be built.
    let mut body = b"id\0sixteen-chars-pw\0".to_vec();
    body.truncate(3);
    body.extend(b"0123456789abcdef\0\0");
    body.extend([0x34, 0, 0, 0]);
    let bytes = pdu(2, 0, 1, &body);
    let f = Frame::decode(&bytes).unwrap();
    let Pdu::BindTransmitter(b) = f.pdu else {
        panic!()
    };
    assert_eq!(b.password.as_bytes(), b"0123456789abcdef");
    assert!(Bind::new().password("0123456789abcdef").is_err());
    // A short time field (node-smpp pads short relative times) is kept as sent.
    let mut sm = submit_prefix(b"S");
    let at = sm.len() - 6; // schedule_delivery_time position
    sm.splice(at..at + 1, b"000001\0".iter().copied());
    sm.push(0);
    let bytes = pdu(4, 0, 1, &sm);
    let f = Frame::decode(&bytes).unwrap();
    let Pdu::SubmitSm(s) = f.pdu else { panic!() };
    assert_eq!(s.schedule_delivery_time.as_bytes(), b"000001");
    assert!(s.schedule_delivery_time.time().unwrap().is_err());
}

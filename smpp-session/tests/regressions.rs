//! Regression tests from a review: each asserts what the specification or the API contract
//! asks for, in a situation the first version got wrong.

use core::time::Duration;
use smpp_proto::*;
use smpp_session::*;

fn raw(command_id: u32, status: u32, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut v = ((16 + body.len()) as u32).to_be_bytes().to_vec();
    v.extend(command_id.to_be_bytes());
    v.extend(status.to_be_bytes());
    v.extend(seq.to_be_bytes());
    v.extend(body);
    v
}

fn take_tx(s: &mut Session<'_>) -> Vec<u8> {
    let mut out = vec![];
    while let Some(b) = s.poll_transmit() {
        let b = b.to_vec();
        s.advance_transmit(b.len());
        out.extend(b);
    }
    out
}

fn frames(bytes: &[u8]) -> Vec<(CommandId, CommandStatus, u32, usize)> {
    Frames::new(bytes, DEFAULT_MAX_COMMAND_LENGTH)
        .map(|f| {
            let f = f.unwrap();
            (
                f.command_id(),
                f.command_status,
                f.sequence_number,
                f.encoded_len(),
            )
        })
        .collect()
}

fn drain(s: &mut Session<'_>) -> Vec<String> {
    let mut v = vec![];
    while let Some(ev) = s.poll_event() {
        v.push(format!("{ev:?}"));
    }
    v
}

/// ESME bound as transceiver by feeding a raw bind_transceiver_resp.
fn bound_esme(cfg: Config) -> Session<'static> {
    let mut esme = Session::new(Role::Esme, cfg, Storage::owned(&cfg), Instant::ZERO);
    let seq = esme
        .bind(Instant::ZERO, BindKind::Transceiver, &Bind::new())
        .unwrap();
    take_tx(&mut esme);
    esme.handle_bytes(Instant::ZERO, &raw(0x8000_0009, 0, seq, b"SMSC\0"));
    let ev = drain(&mut esme);
    assert!(ev[0].starts_with("Bound"), "{ev:?}");
    esme
}

fn submit() -> Pdu<'static> {
    Pdu::SubmitSm(SubmitSm::new().short_message(b"hello").unwrap())
}

// ---- (3) busy loop: window full + rate limit => poll_timeout stays in the past ----
#[test]
fn window_full_with_rate_limit_never_reports_a_past_deadline() {
    let cfg = Config::default()
        .window(1)
        .send_rate(Some(RateLimit {
            per_second: 10,
            burst: 10,
        }))
        .enquire_link_interval(None);
    let mut esme = bound_esme(cfg);
    esme.send(Instant::ZERO, &submit()).unwrap();
    assert_eq!(
        esme.send(Instant::ZERO, &submit()),
        Err(SendError::WindowFull)
    );
    // The driver follows the documented loop: sleep until poll_timeout, handle_timeout, drain.
    let mut now = Instant::from_millis(1_000);
    for _ in 0..3 {
        esme.handle_timeout(now);
        drain(&mut esme);
        take_tx(&mut esme);
        // No deadline at all is fine too (the response timed out and nothing is left).
        let Some(t) = esme.poll_timeout() else { break };
        assert!(
            t > now,
            "poll_timeout {} is not after now {} although handle_timeout({}) ran: busy loop",
            t.as_millis(),
            now.as_millis(),
            now.as_millis()
        );
        now = t;
    }
}

// ---- (3) busy loop: keep-alive cannot be queued (tx full) => past deadline persists ----
#[test]
fn keepalive_blocked_by_full_tx_never_reports_a_past_deadline() {
    let cfg = Config::default()
        .buffers(4096, 64)
        .enquire_link_interval(Some(Duration::from_secs(1)));
    let mut esme = bound_esme(cfg);
    // 53-octet submit_sm: 11 octets of tx left, not enough for a 16-octet enquire_link.
    let sm = SubmitSm::new().short_message(&[b'x'; 20]).unwrap();
    esme.send(Instant::ZERO, &Pdu::SubmitSm(sm)).unwrap();
    // (the peer is slow: the driver cannot write right now)
    let now = Instant::from_millis(2_000);
    esme.handle_timeout(now);
    drain(&mut esme);
    let t = esme.poll_timeout().unwrap();
    assert!(
        t > now,
        "poll_timeout {} <= now {} right after handle_timeout: the driver spins",
        t.as_millis(),
        now.as_millis()
    );
}

// ---- (2) outbind goes out with sequence_number 0 ----
#[test]
fn outbind_uses_a_valid_sequence_number() {
    let cfg = Config::default();
    let mut smsc = Session::new(Role::Smsc, cfg, Storage::owned(&cfg), Instant::ZERO);
    smsc.outbind(
        Instant::ZERO,
        &Outbind::new()
            .system_id("SMSC")
            .unwrap()
            .password("pw")
            .unwrap(),
    )
    .unwrap();
    let out = frames(&take_tx(&mut smsc));
    assert_eq!(out[0].0, CommandId::Outbind);
    assert!(
        (1..=0x7FFF_FFFF).contains(&out[0].2),
        "outbind sent with sequence_number {}",
        out[0].2
    );
}

// ---- (2) sc_interface_version TLV sent to a v3.3 ESME ----
#[test]
fn accept_bind_sends_no_tlv_to_a_v33_esme() {
    let cfg = Config::default();
    let mut smsc = Session::new(Role::Smsc, cfg, Storage::owned(&cfg), Instant::ZERO);
    // bind_transmitter from a 3.3 ESME: system_id "e", password "", system_type "", 0x33, 0, 0, ""
    smsc.handle_bytes(Instant::ZERO, &raw(0x0000_0002, 0, 1, b"e\0\0\0\x33\0\0\0"));
    let ev = drain(&mut smsc);
    assert!(ev[0].starts_with("BindRequest"), "{ev:?}");
    smsc.accept_bind(Instant::ZERO, 1, "SMSC").unwrap();
    let out = frames(&take_tx(&mut smsc));
    assert_eq!(out[0].0, CommandId::BindTransmitterResp);
    assert_eq!(
        out[0].3,
        16 + 5,
        "bind_transmitter_resp to a 3.3 ESME carries TLVs (length {})",
        out[0].3
    );
}

// ---- (2)/(1) pipelined request + unbind: the request cannot be answered ----
#[test]
fn request_pipelined_before_unbind_can_still_be_answered() {
    let cfg = Config::default();
    let mut smsc = Session::new(Role::Smsc, cfg, Storage::owned(&cfg), Instant::ZERO);
    smsc.handle_bytes(Instant::ZERO, &raw(0x0000_0009, 0, 1, b"e\0\0\0\x34\0\0\0"));
    drain(&mut smsc);
    smsc.accept_bind(Instant::ZERO, 1, "SMSC").unwrap();
    drain(&mut smsc);
    take_tx(&mut smsc);
    // The ESME sends submit_sm (seq 2) and, right behind it, unbind (seq 3).
    let sm = Frame::request(2, submit()).to_vec().unwrap();
    let mut input = sm.clone();
    input.extend(raw(0x0000_0006, 0, 3, b""));
    smsc.handle_bytes(Instant::ZERO, &input);
    let ev = drain(&mut smsc);
    assert!(ev[0].starts_with("Request"), "{ev:?}");
    // The application answers the submit_sm it was handed.
    let r = smsc.respond(
        Instant::ZERO,
        2,
        CommandStatus::ESME_ROK,
        &Pdu::SubmitSmResp(SubmitSmResp::new().message_id("m1").unwrap()),
    );
    assert_eq!(
        r,
        Ok(()),
        "the submit_sm handed out as Event::Request can no longer be answered; events were {ev:?}"
    );
    // unbind_resp follows the answer, then the session closes.
    let out = frames(&take_tx(&mut smsc));
    let ids: Vec<_> = out.iter().map(|f| (f.0, f.2)).collect();
    assert_eq!(
        ids,
        vec![(CommandId::SubmitSmResp, 2), (CommandId::UnbindResp, 3)]
    );
    let ev = drain(&mut smsc);
    assert!(ev.last().unwrap().starts_with("Closed"), "{ev:?}");
}

// ---- (2) deliver_sm arriving while our unbind is in flight is refused with RINVBNDSTS ----
#[test]
fn deliver_sm_crossing_our_unbind_is_not_refused_as_wrong_bind_state() {
    let mut esme = bound_esme(Config::default());
    esme.unbind(Instant::ZERO).unwrap();
    take_tx(&mut esme);
    // The SMSC had already sent a receipt before seeing our unbind.
    let dlr = DeliverSm::new()
        .esm_class(EsmClass(0x04))
        .short_message(b"id:1 stat:DELIVRD")
        .unwrap();
    esme.handle_bytes(
        Instant::ZERO,
        &Frame::request(9, Pdu::DeliverSm(dlr)).to_vec().unwrap(),
    );
    let ev = drain(&mut esme);
    let out = frames(&take_tx(&mut esme));
    assert!(
        ev.iter().any(|e| e.starts_with("Request")),
        "receipt refused: events {ev:?}, answered {out:?}"
    );
}

// ---- (2) a response of the wrong command_id settles (and binds!) ----
#[test]
fn a_response_of_another_command_id_does_not_bind_the_session() {
    let cfg = Config::default();
    let mut esme = Session::new(Role::Esme, cfg, Storage::owned(&cfg), Instant::ZERO);
    let seq = esme
        .bind(Instant::ZERO, BindKind::Transceiver, &Bind::new())
        .unwrap();
    take_tx(&mut esme);
    // An enquire_link_resp (status 0) that happens to carry the bind's sequence number.
    esme.handle_bytes(Instant::ZERO, &raw(0x8000_0015, 0, seq, b""));
    let ev = drain(&mut esme);
    assert!(
        !ev.iter().any(|e| e.starts_with("Bound")),
        "enquire_link_resp bound the session: {ev:?} state {:?}",
        esme.state()
    );
}

// ---- (4) submit_multi with more than 255 destinations is silently truncated ----
#[test]
fn submit_multi_with_300_destinations_is_refused_not_truncated() {
    let d = DestAddress::Sme {
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: COctetString::new("61400000000").unwrap(),
    };
    let dests = vec![d; 300];
    let sm = SubmitMulti::new().dest_addresses(DestAddresses::Items(&dests));
    let frame = Frame::request(1, Pdu::SubmitMulti(sm));
    let mut buf = vec![0u8; frame.encoded_len() + 16];
    assert_eq!(
        frame.encode(&mut buf),
        Err(EncodeError::TooManyEntries {
            field: Field::NumberOfDests,
            len: 300,
            max: 255
        })
    );
    // 255 fit.
    let sm = SubmitMulti::new().dest_addresses(DestAddresses::Items(&dests[..255]));
    let bytes = Frame::request(1, Pdu::SubmitMulti(sm)).to_vec().unwrap();
    let Pdu::SubmitMulti(m) = Frame::decode(&bytes).unwrap().pdu else {
        panic!()
    };
    assert_eq!(m.dest_addresses.len(), 255);
}

// ---- from the second review (session state machine) ----

/// deliver_sm with every field empty.
fn deliver_body() -> Vec<u8> {
    vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
}

#[test]
fn crossing_unbinds_still_answer_the_peers_unbind() {
    // The peer's request is unanswered, so its unbind waits; then it answers our unbind.
    let mut e = bound_esme(Config::default());
    let t = Instant::from_millis(10);
    e.handle_bytes(t, &raw(0x5, 0, 100, &deliver_body()));
    drain(&mut e);
    let ours = e.unbind(t).unwrap();
    take_tx(&mut e);
    e.handle_bytes(t, &raw(0x6, 0, 101, &[]));
    drain(&mut e);
    e.handle_bytes(t, &raw(0x8000_0006, 0, ours, &[]));
    let ev = drain(&mut e);
    assert!(ev.last().unwrap().starts_with("Closed"), "{ev:?}");
    let out = frames(&take_tx(&mut e));
    assert!(
        out.iter()
            .any(|f| f.0 == CommandId::UnbindResp && f.2 == 101),
        "{out:?}"
    );
}

#[test]
fn the_application_can_always_unbind_and_gets_can_send_after_enquire_link() {
    let mut e = bound_esme(Config::default().window(1));
    let t = Instant::from_millis(10);
    let el = e.enquire_link(t).unwrap();
    // A second probe while one is out would take the slot an unbind needs.
    assert_eq!(e.enquire_link(t), Err(SendError::WindowFull));
    let sm = SubmitSm::new().short_message(b"x").unwrap();
    let submit = e.send(t, &Pdu::SubmitSm(sm)).unwrap();
    assert_eq!(e.send(t, &Pdu::SubmitSm(sm)), Err(SendError::WindowFull));
    take_tx(&mut e);
    e.handle_bytes(t, &raw(0x8000_0015, 0, el, &[]));
    e.handle_bytes(t, &raw(0x8000_0004, 0, submit, b"1\0"));
    let ev = drain(&mut e);
    assert!(ev.iter().any(|s| s == "CanSend"), "{ev:?}");
    e.enquire_link(t).unwrap();
    e.send(t, &Pdu::SubmitSm(sm)).unwrap();
    assert!(e.unbind(t).is_ok());
}

#[test]
fn eof_closes_even_when_the_automatic_answers_do_not_fit() {
    let cfg = Config::default().buffers(4096, 64);
    let mut e = bound_esme(cfg);
    let t = Instant::from_millis(10);
    let input: Vec<u8> = (0..10).flat_map(|i| raw(0x15, 0, 200 + i, &[])).collect();
    e.handle_bytes(t, &input);
    e.handle_eof(t);
    let ev = drain(&mut e);
    assert!(ev.last().is_some_and(|s| s.contains("PeerEof")), "{ev:?}");
    assert!(e.is_closed() || e.poll_transmit().is_some());
}

#[test]
fn a_bind_that_times_out_closes_the_connection() {
    // A late bind_resp would leave the SMSC bound while we think we are not.
    let cfg = Config::default().response_timeout(Duration::from_secs(5));
    let mut e = Session::new(Role::Esme, cfg, Storage::owned(&cfg), Instant::ZERO);
    let seq = e
        .bind(Instant::ZERO, BindKind::Transceiver, &Bind::new())
        .unwrap();
    take_tx(&mut e);
    e.handle_timeout(Instant::from_millis(5000));
    let ev = drain(&mut e);
    assert!(ev[0].starts_with("ResponseTimeout"), "{ev:?}");
    assert!(
        ev[1].contains("BindTimeout") && ev[1].contains("pending: []"),
        "{ev:?}"
    );
    assert_eq!(
        e.bind(
            Instant::from_millis(5001),
            BindKind::Transceiver,
            &Bind::new()
        ),
        Err(SendError::Closed)
    );
    let _ = seq;
}

/// Owned buffers start small (an idle session touches little memory) and grow on demand up
/// to their capacity: a PDU far larger than the initial size is received and sent whole,
/// and one larger than the capacity is still refused as before.
#[test]
fn owned_buffers_grow_to_their_capacity_and_no_further() {
    let cfg = Config::default()
        .max_command_length(20_000)
        .buffers(20_000, 30_000);
    let mut esme = bound_esme(cfg);
    // A 12 000-octet data_sm arrives in 1 000-octet pieces.
    let payload = vec![b'x'; 12_000];
    let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &payload).unwrap()];
    let big = DataSm::new().with_tlvs(&tlvs);
    let mut bytes = vec![0u8; 13_000];
    let n = Frame::request(77, Pdu::DataSm(big))
        .encode(&mut bytes)
        .unwrap();
    for chunk in bytes[..n].chunks(1000) {
        assert_eq!(esme.handle_bytes(Instant::ZERO, chunk), chunk.len());
    }
    match esme.poll_event() {
        Some(Event::Request {
            sequence_number: 77,
            pdu: Pdu::DataSm(d),
        }) => assert_eq!(d.tlvs.message_payload().map(<[u8]>::len), Some(12_000)),
        other => panic!("{other:?}"),
    }
    esme.respond(
        Instant::ZERO,
        77,
        CommandStatus::ESME_ROK,
        &Pdu::DataSmResp(DataSmResp::default()),
    )
    .unwrap();
    // Sending: a 12 000-octet submit fits once the transmit buffer grows.
    let sm = SubmitSm::new().with_tlvs(&tlvs);
    esme.send(Instant::ZERO, &Pdu::SubmitSm(sm)).unwrap();
    let out = take_tx(&mut esme);
    let sent = frames(&out);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].0, CommandId::SubmitSm);
    assert!(sent[1].3 > 12_000);
    // Beyond the capacity: refused, nothing queued.
    let huge = vec![b'y'; 40_000];
    let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &huge).unwrap()];
    let sm = SubmitSm::new().with_tlvs(&tlvs);
    assert!(matches!(
        esme.send(Instant::ZERO, &Pdu::SubmitSm(sm)),
        Err(SendError::TxFull { .. })
    ));
    assert!(esme.poll_transmit().is_none());
    // A PDU longer than max_command_length is still a fatal framing error.
    let mut esme = bound_esme(cfg);
    esme.handle_bytes(Instant::ZERO, &30_000u32.to_be_bytes());
    esme.handle_bytes(Instant::ZERO, &[0, 0, 0, 0x21, 0, 0, 0, 0, 0, 0, 0, 9]);
    let ev = drain(&mut esme);
    assert!(ev.iter().any(|e| e.contains("Fatal")), "{ev:?}");
}

/// `send_encoded` copies an encoded request and sets its sequence_number; its outcome is
/// reported like any other. `event_frame` gives the octets an event was read from.
#[test]
fn encoded_requests_and_event_frames() {
    let mut esme = bound_esme(Config::default());
    let sm = SubmitSm::new()
        .destination_addr("61481076483")
        .unwrap()
        .short_message(b"hi")
        .unwrap();
    let mut buf = [0u8; 128];
    let n = Frame::request(0xDEAD, Pdu::SubmitSm(sm))
        .encode(&mut buf)
        .unwrap();
    let seq = esme.send_encoded(Instant::ZERO, &buf[..n]).unwrap();
    let out = take_tx(&mut esme);
    assert_eq!(out.len(), n);
    assert_eq!(&out[12..16], &seq.to_be_bytes());
    assert_eq!(&out[16..], &buf[16..n]);
    // Not one whole PDU, or not a request, or not allowed: refused, nothing queued.
    assert_eq!(
        esme.send_encoded(Instant::ZERO, &buf[..n - 1]),
        Err(SendError::Malformed {
            given: n - 1,
            command_length: Some(n as u32)
        })
    );
    assert_eq!(
        esme.send_encoded(Instant::ZERO, &buf[..10]),
        Err(SendError::Malformed {
            given: 10,
            command_length: None
        })
    );
    let e = esme.send_encoded(Instant::ZERO, &buf[..n - 1]).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "command_length {n} does not match the {} octets given",
            n - 1
        )
    );
    let resp = raw(0x8000_0004, 0, 5, b"X\0");
    assert!(matches!(
        esme.send_encoded(Instant::ZERO, &resp),
        Err(SendError::WrongKind(CommandId::SubmitSmResp))
    ));
    assert!(esme.poll_transmit().is_none());
    // The response's own octets, as received.
    let resp = raw(0x8000_0004, 0, seq, b"ABC\0");
    esme.handle_bytes(Instant::ZERO, &resp);
    match esme.poll_event() {
        Some(Event::Response {
            sequence_number, ..
        }) => assert_eq!(sequence_number, seq),
        other => panic!("{other:?}"),
    }
    assert_eq!(esme.event_frame(), &resp[..]);
    assert!(esme.poll_event().is_none());
    assert!(esme.event_frame().is_empty());
}

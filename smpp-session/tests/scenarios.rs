//! Scenario tests for every session rule, each run over whole, byte-by-byte and random
//! chunking where the bytes matter.

mod common;

use common::*;
use core::time::Duration;
use smpp_proto::*;
use smpp_session::*;

const CHUNKINGS: [Chunking; 3] = [Chunking::Whole, Chunking::ByteByByte, Chunking::Seeded(7)];

#[test]
fn bind_submit_receipt_in_every_chunking() {
    for chunking in CHUNKINGS {
        let mut p = Pair::default_pair();
        p.chunking = chunking;
        let bind_seq = p.bind(BindKind::Transceiver, "secret");
        assert_eq!(
            p.smsc_events,
            vec![
                Ev::BindRequest {
                    seq: bind_seq,
                    kind: BindKind::Transceiver,
                    system_id: b"esme".to_vec(),
                    password: b"secret".to_vec()
                },
                Ev::Bound {
                    seq: bind_seq,
                    kind: BindKind::Transceiver,
                    peer: b"esme".to_vec()
                },
            ]
        );
        assert_eq!(
            p.esme_events,
            vec![Ev::Bound {
                seq: bind_seq,
                kind: BindKind::Transceiver,
                peer: b"SMSC".to_vec()
            }]
        );
        assert_eq!(p.esme.state(), SessionState::Bound(BindKind::Transceiver));
        assert_eq!(p.smsc.state(), SessionState::Bound(BindKind::Transceiver));

        let s1 = p.submit(b"hello").unwrap();
        let s2 = p.submit(b"world").unwrap();
        assert_eq!(p.esme.in_flight(), 2);
        p.settle();
        assert_eq!(p.esme.in_flight(), 0);
        assert_eq!(
            p.esme_events[1..],
            [
                Ev::Response {
                    seq: s1,
                    request: CommandId::SubmitSm,
                    status: CommandStatus::ESME_ROK,
                    message_id: b"1".to_vec()
                },
                Ev::Response {
                    seq: s2,
                    request: CommandId::SubmitSm,
                    status: CommandStatus::ESME_ROK,
                    message_id: b"2".to_vec()
                },
            ]
        );
        // The SMSC sends a receipt; the ESME acknowledges it.
        let dlr = DeliverSm::new()
            .esm_class(EsmClass(0x04))
            .short_message(b"id:1 stat:DELIVRD")
            .unwrap();
        let d = p.smsc.send(p.now, &Pdu::DeliverSm(dlr)).unwrap();
        p.settle();
        assert!(p.esme_events.contains(&Ev::Request {
            seq: d,
            id: CommandId::DeliverSm,
            message: b"id:1 stat:DELIVRD".to_vec()
        }));
        assert!(p.smsc_events.contains(&Ev::Response {
            seq: d,
            request: CommandId::DeliverSm,
            status: CommandStatus::ESME_ROK,
            message_id: vec![]
        }));
    }
}

#[test]
fn wrong_password_is_refused_and_leaves_the_session_open() {
    let mut p = Pair::default_pair();
    let seq = p.bind(BindKind::Transmitter, "wrong");
    assert_eq!(
        p.esme_events,
        vec![Ev::BindRefused {
            seq,
            status: CommandStatus::ESME_RINVPASWD
        }]
    );
    assert_eq!(p.esme.state(), SessionState::Open);
    assert_eq!(p.smsc.state(), SessionState::Open);
    assert!(matches!(p.submit(b"x"), Err(SendError::NotAllowed { .. })));
}

#[test]
fn role_and_state_rules_for_outgoing_commands() {
    let mut p = Pair::default_pair();
    // Nothing but bind before binding.
    assert!(matches!(
        p.submit(b"x"),
        Err(SendError::NotAllowed {
            command: CommandId::SubmitSm,
            ..
        })
    ));
    p.bind(BindKind::Receiver, "secret");
    // A receiver may not submit; an SMSC may not bind; an ESME may not deliver.
    assert!(matches!(p.submit(b"x"), Err(SendError::NotAllowed { .. })));
    let b = Bind::new();
    assert!(matches!(
        p.smsc.bind(p.now, BindKind::Transceiver, &b),
        Err(SendError::NotAllowed { .. })
    ));
    assert!(matches!(
        p.esme.send(p.now, &Pdu::DeliverSm(DeliverSm::new())),
        Err(SendError::NotAllowed { .. })
    ));
    assert!(matches!(
        p.esme
            .send(p.now, &Pdu::EnquireLinkResp(HeaderOnly::EMPTY_BODY)),
        Err(SendError::WrongKind(_))
    ));
}

#[test]
fn incoming_pdus_in_the_wrong_state_get_rinvbndsts() {
    let mut p = Pair::default_pair();
    // submit_sm before any bind.
    let mut body = vec![0u8, 0, 0];
    body.extend(b"S\0\x00\x00D\0");
    body.extend([0u8; 9]);
    p.raw_to_smsc(&raw(4, 42, &body));
    assert_eq!(
        p.smsc_output(),
        vec![(CommandId::SubmitSmResp, CommandStatus::ESME_RINVBNDSTS, 42)]
    );
    assert_eq!(
        p.smsc_events,
        vec![Ev::Violation {
            status: Some(CommandStatus::ESME_RINVBNDSTS)
        }]
    );
    // alert_notification sent *to* an SMSC has no response: generic_nack.
    p.raw_to_smsc(&raw(0x102, 43, &[0, 0, 0, 0, 0, 0]));
    assert_eq!(
        p.smsc_output(),
        vec![(CommandId::GenericNack, CommandStatus::ESME_RINVBNDSTS, 43)]
    );
}

#[test]
fn a_second_bind_gets_ralybnd() {
    let mut p = Pair::default_pair();
    p.bind(BindKind::Transceiver, "secret");
    p.smsc_output();
    let mut body = b"esme\0secret\0\0".to_vec();
    body.extend([0x34, 0, 0, 0]);
    p.raw_to_smsc(&raw(9, 77, &body));
    assert_eq!(
        p.smsc_output(),
        vec![(
            CommandId::BindTransceiverResp,
            CommandStatus::ESME_RALYBND,
            77
        )]
    );
    assert_eq!(p.smsc.state(), SessionState::Bound(BindKind::Transceiver));
}

#[test]
fn unknown_command_ids_get_generic_nack_and_the_session_stays_up() {
    let mut p = Pair::default_pair();
    p.bind(BindKind::Transceiver, "secret");
    p.smsc_output();
    p.raw_to_smsc(&raw(0x0001_0200, 5, b"vendor"));
    assert_eq!(
        p.smsc_output(),
        vec![(CommandId::GenericNack, CommandStatus::ESME_RINVCMDID, 5)]
    );
    assert_eq!(p.smsc.state(), SessionState::Bound(BindKind::Transceiver));
    // A malformed known request gets its own response with the parse error's status.
    let mut body = vec![0u8, 1, 1];
    body.extend([b'1'; 30]);
    body.push(0);
    p.raw_to_smsc(&raw(4, 6, &body));
    assert_eq!(
        p.smsc_output(),
        vec![(CommandId::SubmitSmResp, CommandStatus::ESME_RINVSRCADR, 6)]
    );
}

#[test]
fn a_bad_command_length_gets_rinvcmdlen_and_closes() {
    for bad in [[0u8, 0, 0, 8], [0x7F, 0, 0, 0]] {
        let mut p = Pair::default_pair();
        p.bind(BindKind::Transceiver, "secret");
        let s = p.submit(b"pending").unwrap();
        p.pause_to_smsc = true;
        p.settle();
        p.smsc_output();
        p.raw_to_smsc(&bad);
        assert_eq!(
            p.smsc_output(),
            vec![(CommandId::GenericNack, CommandStatus::ESME_RINVCMDLEN, 0)]
        );
        assert!(matches!(
            p.smsc_events.last(),
            Some(Ev::Closed {
                reason: CloseReason::Fatal(_),
                ..
            })
        ));
        assert!(p.smsc.is_closed());
        // The ESME's pending request is reported when its side closes.
        p.cut();
        assert_eq!(
            p.esme_events.last(),
            Some(&Ev::Closed {
                reason: CloseReason::PeerEof,
                pending: vec![s]
            })
        );
    }
}

#[test]
fn responses_that_match_nothing_are_reported_not_answered() {
    let mut p = Pair::default_pair();
    p.bind(BindKind::Transceiver, "secret");
    p.smsc_output();
    p.raw_to_smsc(&raw(0x8000_0005, 999, &[0]));
    assert_eq!(p.smsc_output(), vec![]);
    assert_eq!(p.smsc_events.last(), Some(&Ev::Violation { status: None }));
}

#[test]
fn window_full_then_can_send() {
    let mut p = Pair::new(Config::default().window(2), Config::default());
    p.bind(BindKind::Transmitter, "secret");
    p.pause_to_smsc = true;
    p.submit(b"1").unwrap();
    p.submit(b"2").unwrap();
    assert_eq!(p.submit(b"3"), Err(SendError::WindowFull));
    assert!(!p.esme.can_send());
    p.pause_to_smsc = false;
    p.settle();
    assert!(p.esme_events.contains(&Ev::CanSend));
    assert_eq!(
        p.esme_events.iter().filter(|e| **e == Ev::CanSend).count(),
        1,
        "edge-triggered"
    );
    assert!(p.submit(b"3").is_ok());
}

#[test]
fn response_timeout_frees_the_slot() {
    let mut p = Pair::new(
        Config::default()
            .window(1)
            .response_timeout(Duration::from_secs(5)),
        Config::default(),
    );
    p.bind(BindKind::Transmitter, "secret");
    p.smsc_app.answer_submits = false;
    let s = p.submit(b"never answered").unwrap();
    p.settle();
    assert_eq!(p.submit(b"x"), Err(SendError::WindowFull));
    assert_eq!(p.esme.poll_timeout(), Some(Instant::from_millis(5_000)));
    p.advance(Duration::from_millis(4_999));
    assert!(
        !p.esme_events
            .iter()
            .any(|e| matches!(e, Ev::Timeout { .. }))
    );
    p.advance(Duration::from_millis(1));
    assert!(p.esme_events.contains(&Ev::Timeout {
        seq: s,
        request: CommandId::SubmitSm
    }));
    assert!(p.esme_events.contains(&Ev::CanSend));
    assert_eq!(p.esme.in_flight(), 0);
    assert_eq!(p.esme.stats().timeouts, 1);
}

#[test]
fn enquire_link_keeps_an_idle_link_alive_and_closes_a_dead_one() {
    let cfg = Config::default()
        .enquire_link_interval(Some(Duration::from_secs(30)))
        .response_timeout(Duration::from_secs(10));
    let mut p = Pair::new(cfg, Config::default().enquire_link_interval(None));
    p.bind(BindKind::Transceiver, "secret");
    assert_eq!(p.esme.poll_timeout(), Some(Instant::from_millis(30_000)));
    p.smsc_output();
    // Answered automatically: no events on either side.
    let before = (p.esme_events.len(), p.smsc_events.len());
    p.advance(Duration::from_secs(95));
    assert_eq!((p.esme_events.len(), p.smsc_events.len()), before);
    assert!(p.esme.stats().pdus_sent >= 4, "bind + three keep-alives");
    // Now the SMSC stops reading: the keep-alive goes unanswered and the ESME closes.
    p.pause_to_smsc = true;
    p.advance(Duration::from_secs(60));
    assert!(matches!(
        p.esme_events.last(),
        Some(Ev::Closed {
            reason: CloseReason::EnquireLinkTimeout,
            ..
        })
    ));
}

#[test]
fn session_init_timer_closes_connections_that_never_bind() {
    let mut p = Pair::new(
        Config::default(),
        Config::default().session_init_timeout(Some(Duration::from_secs(10))),
    );
    p.advance(Duration::from_secs(11));
    assert_eq!(
        p.smsc_events,
        vec![Ev::Closed {
            reason: CloseReason::SessionInitTimeout,
            pending: vec![]
        }]
    );
}

#[test]
fn inactivity_timer_unbinds() {
    let mut p = Pair::new(
        Config::default()
            .inactivity_timeout(Some(Duration::from_secs(60)))
            .enquire_link_interval(Some(Duration::from_secs(20))),
        Config::default(),
    );
    p.bind(BindKind::Transceiver, "secret");
    p.advance(Duration::from_secs(61));
    assert!(p.smsc_events.contains(&Ev::Unbound));
    assert!(matches!(
        p.esme_events.last(),
        Some(Ev::Closed {
            reason: CloseReason::InactivityTimeout,
            ..
        })
    ));
}

#[test]
fn unbind_by_either_side() {
    // ESME-initiated.
    let mut p = Pair::default_pair();
    p.bind(BindKind::Transceiver, "secret");
    let u = p.esme.unbind(p.now).unwrap();
    p.settle();
    assert_eq!(
        p.esme_events[1..],
        [
            Ev::Response {
                seq: u,
                request: CommandId::Unbind,
                status: CommandStatus::ESME_ROK,
                message_id: vec![]
            },
            Ev::Closed {
                reason: CloseReason::Unbound,
                pending: vec![]
            }
        ]
    );
    assert_eq!(
        p.smsc_events[2..],
        [
            Ev::Unbound,
            Ev::Closed {
                reason: CloseReason::Unbound,
                pending: vec![]
            }
        ]
    );
    // SMSC-initiated.
    let mut p = Pair::default_pair();
    p.bind(BindKind::Transceiver, "secret");
    p.smsc.unbind(p.now).unwrap();
    p.settle();
    assert_eq!(
        p.esme_events[1..],
        [
            Ev::Unbound,
            Ev::Closed {
                reason: CloseReason::Unbound,
                pending: vec![]
            }
        ]
    );
}

#[test]
fn throttled_responses_are_reported_as_such() {
    let mut p = Pair::default_pair();
    p.bind(BindKind::Transmitter, "secret");
    p.smsc_app.submit_status = CommandStatus::ESME_RTHROTTLED;
    let s = p.submit(b"x").unwrap();
    p.settle();
    assert!(p.esme_events.iter().any(|e| matches!(e, Ev::Response { seq, status, .. } if *seq == s && *status == CommandStatus::ESME_RTHROTTLED)));
    assert_eq!(p.esme.stats().throttled, 1);
}

#[test]
fn send_rate_limit_on_the_injected_clock() {
    let rate = RateLimit {
        per_second: 10,
        burst: 2,
    };
    let mut p = Pair::new(Config::default().send_rate(Some(rate)), Config::default());
    p.bind(BindKind::Transmitter, "secret");
    p.submit(b"1").unwrap();
    p.submit(b"2").unwrap();
    let Err(SendError::RateLimited { retry_at }) = p.submit(b"3") else {
        panic!("expected rate limit")
    };
    assert_eq!(retry_at, p.now + Duration::from_millis(100));
    // Keep-alives are not messages: still allowed.
    assert!(p.esme.enquire_link(p.now).is_ok());
    p.advance(Duration::from_millis(100));
    assert!(p.esme_events.contains(&Ev::CanSend));
    assert!(p.submit(b"3").is_ok());
}

#[test]
fn cut_mid_window_lists_every_pending_request() {
    for chunking in CHUNKINGS {
        let mut p = Pair::default_pair();
        p.chunking = chunking;
        p.bind(BindKind::Transceiver, "secret");
        p.pause_to_esme = true; // responses are written but never arrive
        let seqs: Vec<u32> = (0..10).map(|_| p.submit(b"x").unwrap()).collect();
        p.settle();
        p.cut();
        assert_eq!(
            p.esme_events.last(),
            Some(&Ev::Closed {
                reason: CloseReason::PeerEof,
                pending: seqs
            })
        );
        assert!(matches!(
            p.esme
                .send(p.now, &Pdu::EnquireLink(HeaderOnly::EMPTY_BODY)),
            Err(SendError::Closed)
        ));
    }
}

#[test]
fn sequence_numbers_wrap_and_skip_numbers_in_flight() {
    let mut cfg = Config::default().window(4);
    cfg.first_sequence_number = 0x7FFF_FFFE;
    let mut p = Pair::new(cfg, Config::default());
    let b = p.bind(BindKind::Transmitter, "secret");
    assert_eq!(b, 0x7FFF_FFFE);
    p.smsc_app.answer_submits = false;
    let s1 = p.submit(b"a").unwrap();
    let s2 = p.submit(b"b").unwrap();
    // Slots are indexed by seq % 7: 0x7FFFFFFF and 1 share slot 1, so after the wrap 1 is
    // skipped while 0x7FFFFFFF is in flight.
    assert_eq!((s1, s2), (0x7FFF_FFFF, 2));
    let mut seen = vec![s1, s2];
    p.smsc_app.answer_submits = false;
    for _ in 0..2 {
        seen.push(p.submit(b"c").unwrap());
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        seen.len(),
        "no number reused while in flight: {seen:?}"
    );
    assert!(seen.iter().all(|s| (1..=0x7FFF_FFFF).contains(s)));
}

#[test]
fn outbind_then_bind_receiver() {
    let cfg = Config::default();
    let mut smsc = Session::new(Role::Smsc, cfg, Storage::owned(&cfg), Instant::ZERO);
    let mut esme = Session::new(Role::Esme, cfg, Storage::owned(&cfg), Instant::ZERO);
    let now = Instant::from_millis(1);
    smsc.outbind(
        now,
        &Outbind::new()
            .system_id("SMSC")
            .unwrap()
            .password("pw")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(smsc.state(), SessionState::Outbound);
    let bytes = smsc.poll_transmit().unwrap().to_vec();
    smsc.advance_transmit(bytes.len());
    esme.handle_bytes(now, &bytes);
    assert!(matches!(
        esme.poll_event(),
        Some(Event::Outbind {
            system_id: b"SMSC",
            password: b"pw"
        })
    ));
    esme.bind(
        now,
        BindKind::Receiver,
        &Bind::new().system_id("esme").unwrap(),
    )
    .unwrap();
    let bytes = esme.poll_transmit().unwrap().to_vec();
    smsc.handle_bytes(now, &bytes);
    let Some(Event::BindRequest {
        sequence_number,
        kind: BindKind::Receiver,
        ..
    }) = smsc.poll_event()
    else {
        panic!()
    };
    smsc.accept_bind(now, sequence_number, "SMSC").unwrap();
    assert_eq!(smsc.state(), SessionState::Bound(BindKind::Receiver));
}

#[test]
fn borrowed_storage_without_allocation() {
    let (mut rx, mut tx) = ([0u8; 1024], [0u8; 1024]);
    let mut slots = [Slot::EMPTY; 5];
    let cfg = Config::default().window(2).max_command_length(1024);
    let mut s = Session::new(
        Role::Esme,
        cfg,
        Storage::borrowed(&mut rx, &mut tx, &mut slots),
        Instant::ZERO,
    );
    s.bind(Instant::ZERO, BindKind::Transmitter, &Bind::new())
        .unwrap();
    assert!(s.poll_transmit().is_some());
    // A PDU larger than the receive storage is a bad length: nack and close.
    s.handle_bytes(Instant::ZERO, &[0, 0, 8, 0, 0, 0, 0, 4]);
    assert!(matches!(
        s.poll_event(),
        Some(Event::Closed {
            reason: CloseReason::Fatal(_),
            ..
        })
    ));
}

#[test]
fn tx_backpressure_pauses_reading_until_output_is_taken() {
    let cfg = Config::default().buffers(4096, 64);
    let mut smsc = Session::new(Role::Smsc, cfg, Storage::owned(&cfg), Instant::ZERO);
    // Five enquire_links in; room for four answers only.
    let mut input = vec![];
    for seq in 1..=5 {
        input.extend(raw(0x15, seq, &[]));
    }
    smsc.handle_bytes(Instant::ZERO, &input);
    assert!(smsc.poll_event().is_none());
    assert_eq!(smsc.poll_transmit().unwrap().len(), 64);
    smsc.advance_transmit(64);
    assert!(smsc.poll_event().is_none());
    assert_eq!(
        smsc.poll_transmit().unwrap().len(),
        16,
        "the fifth answer was not lost"
    );
}

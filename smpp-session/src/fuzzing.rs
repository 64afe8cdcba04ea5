//! The harness behind the session fuzz target, also run by the tests. Not a stable API.
//!
//! The input drives one session: a role byte, then operations (bytes from the peer in any
//! chunking, time passing, commands, end of stream). Invariants checked after each step:
//! the window bound holds, nothing but transmit bytes come out after Closed, deadlines are
//! never in the past after a timeout is handled, and every request sent ends in exactly one
//! outcome.

use smpp_proto::{Bind, CommandStatus, DeliverSmResp, Pdu, SubmitSm};

use crate::{BindKind, Config, Event, Instant, Role, Session, Storage};

/// Runs the fuzz input; panics when an invariant breaks.
pub fn session_ops(data: &[u8]) {
    use alloc::collections::BTreeMap;
    use alloc::vec::Vec;

    let Some((&first, mut rest)) = data.split_first() else {
        return;
    };
    let role = if first & 1 == 0 {
        Role::Esme
    } else {
        Role::Smsc
    };
    let window = u16::from(first >> 1 & 7) + 1;
    let config = Config::default()
        .window(window)
        .buffers(4096, 4096)
        .max_command_length(4096)
        .response_timeout(core::time::Duration::from_millis(500));
    let mut s = Session::new(role, config, Storage::owned(&config), Instant::ZERO);
    let mut now = 0u64;
    let mut sent: BTreeMap<u32, u32> = BTreeMap::new();
    let mut closed = false;
    let sm = SubmitSm::new();
    while let Some((&op, tail)) = rest.split_first() {
        rest = tail;
        match op % 8 {
            0 | 1 => {
                // Bytes from the peer: the next up-to-63 octets.
                let n = usize::from(op >> 2).min(rest.len());
                let (chunk, tail) = rest.split_at(n);
                rest = tail;
                let taken = s.handle_bytes(Instant::from_millis(now), chunk);
                assert!(taken <= chunk.len());
            }
            2 => {
                now += u64::from(op >> 3) * 40;
                s.handle_timeout(Instant::from_millis(now));
            }
            3 => {
                let r = match role {
                    Role::Esme => s.bind(
                        Instant::from_millis(now),
                        BindKind::Transceiver,
                        &Bind::new(),
                    ),
                    Role::Smsc => s.send(
                        Instant::from_millis(now),
                        &Pdu::DeliverSm(Default::default()),
                    ),
                };
                if let Ok(seq) = r {
                    *sent.entry(seq).or_default() += 0;
                }
            }
            4 => {
                // The same submit_sm, encoded by the session or handed over encoded (with
                // the octets the fuzzer picks, or cut short: refused, nothing queued).
                let r = if op & 8 == 0 {
                    s.send(Instant::from_millis(now), &Pdu::SubmitSm(sm))
                } else {
                    let mut buf = [0u8; 64];
                    let n = smpp_proto::Frame::request(u32::from(op), Pdu::SubmitSm(sm))
                        .encode(&mut buf)
                        .unwrap_or(0);
                    let cut = if op & 16 == 0 { n } else { n / 2 };
                    s.send_encoded(Instant::from_millis(now), buf.get(..cut).unwrap_or(&[]))
                };
                if let Ok(seq) = r {
                    sent.entry(seq).or_default();
                }
            }
            5 => {
                let r = if op & 8 == 0 {
                    s.enquire_link(Instant::from_millis(now))
                } else {
                    s.unbind(Instant::from_millis(now))
                };
                if let Ok(seq) = r {
                    sent.entry(seq).or_default();
                }
            }
            6 => s.handle_eof(Instant::from_millis(now)),
            _ => s.abort(Instant::from_millis(now)),
        }
        assert!(s.in_flight() <= s.window());
        let mut acks: Vec<u32> = Vec::new();
        let mut bind_seq = None;
        while let Some(ev) = s.poll_event() {
            assert!(!closed, "event after Closed: {ev:?}");
            match ev {
                Event::Response {
                    sequence_number, ..
                }
                | Event::ResponseTimeout {
                    sequence_number, ..
                } => {
                    *sent
                        .get_mut(&sequence_number)
                        .expect("outcome for a request never sent") += 1;
                }
                Event::Bound {
                    sequence_number, ..
                }
                | Event::BindRefused {
                    sequence_number, ..
                } if role == Role::Esme => {
                    *sent
                        .get_mut(&sequence_number)
                        .expect("bind outcome for no bind") += 1;
                }
                Event::BindRequest {
                    sequence_number, ..
                } => bind_seq = Some(sequence_number),
                Event::Request {
                    sequence_number, ..
                } => acks.push(sequence_number),
                Event::Closed { pending, .. } => {
                    for p in pending {
                        *sent
                            .get_mut(&p.sequence_number())
                            .expect("pending request never sent") += 1;
                    }
                    closed = true;
                }
                _ => {}
            }
        }
        let t = Instant::from_millis(now);
        if let Some(seq) = bind_seq {
            let _ = s.accept_bind(t, seq, "FUZZ");
        }
        for seq in acks {
            let _ = s.respond(
                t,
                seq,
                CommandStatus::ESME_ROK,
                &Pdu::DeliverSmResp(DeliverSmResp::default()),
            );
        }
        while let Some(b) = s.poll_transmit() {
            let n = b.len().min(usize::from(op) + 1);
            s.advance_transmit(n);
        }
        // Once a timeout was handled and the events drained, no deadline is in the past.
        if let Some(t) = s.poll_timeout() {
            assert!(
                t.as_millis() > now,
                "deadline {} not after now {now}",
                t.as_millis()
            );
        }
        if closed {
            assert!(s.poll_timeout().is_none());
        }
    }
    // The connection ends: every request must now have exactly one outcome.
    s.handle_eof(Instant::from_millis(now));
    while let Some(ev) = s.poll_event() {
        if let Event::Closed { pending, .. } = ev {
            for p in pending {
                *sent
                    .get_mut(&p.sequence_number())
                    .expect("pending request never sent") += 1;
            }
        }
    }
    for (seq, outcomes) in &sent {
        assert_eq!(*outcomes, 1, "request {seq} ended in {outcomes} outcomes");
    }
}

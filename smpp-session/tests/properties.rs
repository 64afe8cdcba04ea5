//! State-machine properties over random interleavings, chunkings and faults: every request
//! ends in exactly one outcome, the window bound holds, and nothing panics.

mod common;

use common::*;
use core::time::Duration;
use proptest::prelude::*;
use smpp_proto::*;
use smpp_session::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Op {
    Submit,
    Deliver,
    EnquireLink,
    Unbind,
    Advance(u64),
    PauseToSmsc(bool),
    PauseToEsme(bool),
    SmscAnswers(bool),
    Settle,
    Cut,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => Just(Op::Submit),
        3 => Just(Op::Deliver),
        1 => Just(Op::EnquireLink),
        1 => Just(Op::Unbind),
        3 => (0u64..40_000).prop_map(Op::Advance),
        1 => any::<bool>().prop_map(Op::PauseToSmsc),
        1 => any::<bool>().prop_map(Op::PauseToEsme),
        1 => any::<bool>().prop_map(Op::SmscAnswers),
        3 => Just(Op::Settle),
        1 => Just(Op::Cut),
    ]
}

/// Counts the outcomes each request got in one side's events. (An SMSC's Bound event carries
/// the ESME's number and is not the outcome of a request of its own.)
fn outcomes(events: &[Ev], esme: bool) -> HashMap<u32, usize> {
    let mut m: HashMap<u32, usize> = HashMap::new();
    for e in events {
        match e {
            Ev::Response { seq, .. } | Ev::Timeout { seq, .. } => {
                *m.entry(*seq).or_default() += 1;
            }
            Ev::Bound { seq, .. } | Ev::BindRefused { seq, .. } if esme => {
                *m.entry(*seq).or_default() += 1;
            }
            Ev::Closed { pending, .. } => {
                for s in pending {
                    *m.entry(*s).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_request_ends_in_exactly_one_outcome(
        ops in prop::collection::vec(op(), 1..60),
        window in 1u16..6,
        chunk_seed in prop_oneof![Just(None), any::<u64>().prop_map(Some)],
        byte_by_byte in any::<bool>(),
    ) {
        let esme_cfg = Config::default()
            .window(window)
            .response_timeout(Duration::from_secs(10))
            .enquire_link_interval(Some(Duration::from_secs(15)))
            .inactivity_timeout(Some(Duration::from_secs(50)));
        let smsc_cfg = Config::default().window(window).response_timeout(Duration::from_secs(10));
        let mut p = Pair::new(esme_cfg, smsc_cfg);
        p.chunking = match (chunk_seed, byte_by_byte) {
            (_, true) => Chunking::ByteByByte,
            (Some(s), _) => Chunking::Seeded(s),
            (None, _) => Chunking::Whole,
        };
        let mut esme_sent = vec![p.bind(BindKind::Transceiver, "secret")];
        let mut smsc_sent = vec![];
        for op in ops {
            match op {
                Op::Submit => {
                    if let Ok(s) = p.submit(b"hello") {
                        esme_sent.push(s);
                    }
                }
                Op::Deliver => {
                    let d = DeliverSm::new().short_message(b"mo").unwrap();
                    if let Ok(s) = p.smsc.send(p.now, &Pdu::DeliverSm(d)) {
                        smsc_sent.push(s);
                    }
                }
                Op::EnquireLink => {
                    if let Ok(s) = p.esme.enquire_link(p.now) {
                        esme_sent.push(s);
                    }
                }
                Op::Unbind => {
                    if let Ok(s) = p.esme.unbind(p.now) {
                        esme_sent.push(s);
                    }
                }
                Op::Advance(ms) => p.advance(Duration::from_millis(ms)),
                Op::PauseToSmsc(b) => p.pause_to_smsc = b,
                Op::PauseToEsme(b) => p.pause_to_esme = b,
                Op::SmscAnswers(b) => p.smsc_app.answer_submits = b,
                Op::Settle => p.settle(),
                Op::Cut => p.cut(),
            }
            prop_assert!(p.esme.in_flight() <= usize::from(window));
            prop_assert!(p.smsc.in_flight() <= usize::from(window));
        }
        // End of the run: the connection drops; every request must have its one outcome.
        p.cut();
        let esme_out = outcomes(&p.esme_events, true);
        for s in &esme_sent {
            prop_assert_eq!(esme_out.get(s).copied(), Some(1), "ESME request {} events {:?}", s, p.esme_events);
        }
        prop_assert_eq!(esme_out.len(), esme_sent.len(), "no outcome for a request never sent");
        let smsc_out = outcomes(&p.smsc_events, false);
        for s in &smsc_sent {
            prop_assert_eq!(smsc_out.get(s).copied(), Some(1), "SMSC request {} events {:?}", s, p.smsc_events);
        }
        // Exactly one Closed per side, last.
        prop_assert_eq!(p.esme_events.iter().filter(|e| matches!(e, Ev::Closed { .. })).count(), 1);
        let last_is_closed = matches!(p.esme_events.last(), Some(Ev::Closed { .. }));
        prop_assert!(last_is_closed);
        prop_assert!(p.esme.poll_timeout().is_none());
    }

    #[test]
    fn arbitrary_bytes_never_panic_either_role(data in prop::collection::vec(any::<u8>(), 0..600), esme in any::<bool>(), cut in 1usize..64) {
        let cfg = Config::default();
        let role = if esme { Role::Esme } else { Role::Smsc };
        let mut s = Session::new(role, cfg, Storage::owned(&cfg), Instant::ZERO);
        for (i, chunk) in data.chunks(cut).enumerate() {
            let now = Instant::from_millis(i as u64 * 1000);
            s.handle_bytes(now, chunk);
            s.handle_timeout(now);
            while let Some(ev) = s.poll_event() {
                let _ = format!("{ev:?}");
            }
            while let Some(b) = s.poll_transmit() {
                let n = b.len();
                s.advance_transmit(n);
            }
            if let Some(t) = s.poll_timeout() {
                prop_assert!(t >= Instant::ZERO);
            }
        }
    }
}

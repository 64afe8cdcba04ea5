//! In-memory throughput: an ESME and an SMSC session wired together, submit_sm → submit_sm_resp
//! round trips (and with a deliver_sm receipt answered for each message).
//!
//! `cargo bench -p smpp-session --bench pair`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use smpp_proto::*;
use smpp_session::*;

const BATCH: u64 = 256;

struct Pair {
    esme: Session<'static>,
    smsc: Session<'static>,
    now: Instant,
}

fn bound_pair() -> Pair {
    let cfg = Config::default()
        .window(BATCH as u16)
        .enquire_link_interval(None)
        .session_init_timeout(None);
    let mut p = Pair {
        esme: Session::new(Role::Esme, cfg, Storage::owned(&cfg), Instant::ZERO),
        smsc: Session::new(Role::Smsc, cfg, Storage::owned(&cfg), Instant::ZERO),
        now: Instant::ZERO,
    };
    p.esme
        .bind(
            p.now,
            BindKind::Transceiver,
            &Bind::new().system_id("esme").unwrap(),
        )
        .unwrap();
    pump(&mut p.esme, &mut p.smsc, p.now);
    if let Some(Event::BindRequest {
        sequence_number, ..
    }) = p.smsc.poll_event()
    {
        p.smsc.accept_bind(p.now, sequence_number, "SMSC").unwrap();
    }
    while p.smsc.poll_event().is_some() {}
    pump(&mut p.smsc, &mut p.esme, p.now);
    while p.esme.poll_event().is_some() {}
    assert_eq!(p.esme.state(), SessionState::Bound(BindKind::Transceiver));
    p
}

/// Moves every queued byte from `a` to `b`.
fn pump(a: &mut Session<'_>, b: &mut Session<'_>, now: Instant) {
    while let Some(bytes) = a.poll_transmit() {
        let n = b.handle_bytes(now, bytes);
        a.advance_transmit(n);
    }
}

fn round_trips(p: &mut Pair, sm: &SubmitSm<'_>, with_receipts: bool) {
    let now = p.now;
    for _ in 0..BATCH {
        p.esme.send(now, &Pdu::SubmitSm(*sm)).unwrap();
    }
    pump(&mut p.esme, &mut p.smsc, now);
    let resp = Pdu::SubmitSmResp(SubmitSmResp::new().message_id("5f2a9c").unwrap());
    while let Some(ev) = p.smsc.poll_event() {
        if let Event::Request {
            sequence_number, ..
        } = ev
        {
            p.smsc
                .respond(now, sequence_number, CommandStatus::ESME_ROK, &resp)
                .unwrap();
        }
    }
    if with_receipts {
        let dlr = DeliverSm::new()
            .esm_class(EsmClass(0x04))
            .short_message(b"id:5f2a9c sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 stat:DELIVRD err:000 text:")
            .unwrap();
        for _ in 0..BATCH {
            p.smsc.send(now, &Pdu::DeliverSm(dlr)).unwrap();
        }
    }
    pump(&mut p.smsc, &mut p.esme, now);
    let ack = Pdu::DeliverSmResp(DeliverSmResp::default());
    let mut responses = 0;
    while let Some(ev) = p.esme.poll_event() {
        match ev {
            Event::Response { .. } => responses += 1,
            Event::Request {
                sequence_number, ..
            } => {
                p.esme
                    .respond(now, sequence_number, CommandStatus::ESME_ROK, &ack)
                    .unwrap();
            }
            _ => {}
        }
    }
    assert_eq!(responses, BATCH);
    if with_receipts {
        pump(&mut p.esme, &mut p.smsc, now);
        while let Some(ev) = p.smsc.poll_event() {
            black_box(&ev);
        }
    }
}

fn bench(c: &mut Criterion) {
    let sm = SubmitSm::new()
        .source_addr_ton(Ton::ALPHANUMERIC)
        .source_addr("SENDER")
        .unwrap()
        .dest_addr_ton(Ton::INTERNATIONAL)
        .dest_addr_npi(Npi::ISDN)
        .destination_addr("61481076483")
        .unwrap()
        .registered_delivery(RegisteredDelivery::RECEIPT)
        .short_message(b"Your verification code is 123456. Thanks")
        .unwrap();
    let mut g = c.benchmark_group("session_pair");
    g.throughput(Throughput::Elements(BATCH));
    g.measurement_time(Duration::from_secs(3));
    let mut p = bound_pair();
    g.bench_function("submit_round_trip", |b| {
        b.iter(|| round_trips(&mut p, &sm, false))
    });
    let mut p = bound_pair();
    g.bench_function("submit_round_trip_with_receipt", |b| {
        b.iter(|| round_trips(&mut p, &sm, true))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Decode, encode and framing benchmarks for three typical PDUs.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/scratch/target-bench cargo bench -p smpp-proto --bench codec -- \
//!     --measurement-time 3 --warm-up-time 1
//! ```
//!
//! The same bytes are compared with rusmpp in `benches/compare-rusmpp` (outside the workspace).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use smpp_proto::{DEFAULT_MAX_COMMAND_LENGTH, Frame, FrameStatus, Pdu, peek_frame};

mod common;

/// Checks the decoded fields of the cases once, so a bench never times a decode error.
fn check_cases(cases: &[(&'static str, Frame<'static>, Vec<u8>)]) {
    let submit = Frame::decode(&cases[0].2).unwrap();
    let Pdu::SubmitSm(sm) = submit.pdu else {
        panic!("not a submit_sm")
    };
    assert_eq!(sm.source_addr.as_bytes(), b"SENDER");
    assert_eq!((sm.source_addr_ton.0, sm.source_addr_npi.0), (5, 0));
    assert_eq!(sm.destination_addr.as_bytes(), b"61481076483");
    assert_eq!((sm.dest_addr_ton.0, sm.dest_addr_npi.0), (1, 1));
    assert_eq!(sm.registered_delivery.0, 1);
    assert_eq!(sm.short_message.as_bytes(), common::SUBMIT_TEXT);
    assert_eq!(
        sm.tlvs.user_message_reference(),
        Some(common::USER_MESSAGE_REFERENCE)
    );

    let receipt = Frame::decode(&cases[1].2).unwrap();
    let Pdu::DeliverSm(dr) = receipt.pdu else {
        panic!("not a deliver_sm")
    };
    assert!(dr.esm_class.is_delivery_receipt());
    assert_eq!(dr.short_message.as_bytes(), common::RECEIPT_TEXT);
    assert_eq!(dr.tlvs.receipted_message_id(), Some(&b"0123456789"[..]));
    assert_eq!(dr.tlvs.message_state().map(|s| s.0), Some(2));
    assert_eq!(
        dr.tlvs
            .network_error_code()
            .map(|n| (n.network_type, n.error_code)),
        Some((3, 0))
    );

    let enquire = Frame::decode(&cases[2].2).unwrap();
    assert!(matches!(enquire.pdu, Pdu::EnquireLink(_)));
}

fn bench_codec(c: &mut Criterion) {
    let cases = common::cases();
    check_cases(&cases);

    let mut group = c.benchmark_group("decode");
    for (name, _, bytes) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| Frame::decode(black_box(bytes.as_slice())))
        });
    }
    group.finish();

    // Encoding a frame built with the builder API (TLVs as items), as an ESME does.
    let mut group = c.benchmark_group("encode");
    let mut buf = [0u8; 512];
    for (name, frame, bytes) in &cases {
        assert_eq!(frame.encode(&mut buf), Ok(bytes.len()));
        group.bench_function(*name, |b| {
            b.iter(|| black_box(frame).encode(black_box(&mut buf[..])))
        });
    }
    group.finish();

    // Re-encoding a decoded frame (TLV area copied as raw bytes), as a proxy does.
    let mut group = c.benchmark_group("encode_decoded");
    for (name, _, bytes) in &cases {
        let frame = Frame::decode(bytes).unwrap();
        assert_eq!(frame.encode(&mut buf), Ok(bytes.len()));
        group.bench_function(*name, |b| {
            b.iter(|| black_box(&frame).encode(black_box(&mut buf[..])))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("peek_frame");
    for (name, _, bytes) in &cases {
        assert_eq!(
            peek_frame(bytes, DEFAULT_MAX_COMMAND_LENGTH),
            Ok(FrameStatus::Complete(bytes.len()))
        );
        group.bench_function(*name, |b| {
            b.iter(|| {
                peek_frame(
                    black_box(bytes.as_slice()),
                    black_box(DEFAULT_MAX_COMMAND_LENGTH),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_codec);
criterion_main!(benches);

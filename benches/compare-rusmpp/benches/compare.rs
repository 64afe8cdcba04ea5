//! smpp-proto against rusmpp, decoding and encoding identical bytes.
//!
//! ```text
//! cd benches/compare-rusmpp
//! CARGO_TARGET_DIR=/work/scratch/target-bench cargo bench --bench compare -- \
//!     --measurement-time 3 --warm-up-time 1
//! ```
//!
//! Per case (the frames of smpp-proto/benches/common, built by smpp-proto) it times:
//! * `smpp-proto decode`: `Frame::decode(&bytes)`;
//! * `rusmpp decode`: rusmpp's public owned `Command`, decoded as its tokio codec does — from a
//!   `BytesMut` holding the PDU after command_length (the copy into the `BytesMut` is made in
//!   untimed setup, as the socket read would have made it);
//! * `rusmpp-core borrowed decode`: rusmpp-core's zero-copy `borrowed::Command` from `&[u8]`;
//! * the matching encodes into a reused buffer (command_length + the command).
//!
//! Setup asserts that every library decodes the same field values and re-encodes the same bytes.

use std::hint::black_box;

use bytes::BytesMut;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rusmpp::Command;
use rusmpp::decode::DecodeWithLength as _;
use rusmpp_core::decode::borrowed::DecodeWithLength as _;
use smpp_proto::{Frame, Pdu};

#[path = "../../../smpp-proto/benches/common/mod.rs"]
mod common;

/// Capacity of the TLV list in rusmpp-core's borrowed PDUs.
const N: usize = 8;
type BorrowedCommand<'a> = rusmpp_core::command::borrowed::Command<'a, N>;

/// The field values a case is checked on, in the same form for each library.
#[derive(Debug, PartialEq, Eq, Default)]
struct Summary {
    command_id: u32,
    status: u32,
    sequence_number: u32,
    source: Option<(u8, u8, Vec<u8>)>,
    destination: Option<(u8, u8, Vec<u8>)>,
    esm_class: u8,
    registered_delivery: u8,
    short_message: Vec<u8>,
    tlvs: Vec<(u16, Vec<u8>)>,
}

fn ours(bytes: &[u8]) -> Summary {
    let f = Frame::decode(bytes).unwrap();
    let mut s = Summary {
        command_id: f.command_id().as_u32(),
        status: f.command_status.0,
        sequence_number: f.sequence_number,
        tlvs: f
            .pdu
            .tlvs()
            .iter()
            .map(|t| (t.tag().0, t.value().to_vec()))
            .collect(),
        ..Summary::default()
    };
    macro_rules! sm {
        ($b:expr) => {{
            let b = $b;
            s.source = Some((
                b.source_addr_ton.0,
                b.source_addr_npi.0,
                b.source_addr.as_bytes().to_vec(),
            ));
            s.destination = Some((
                b.dest_addr_ton.0,
                b.dest_addr_npi.0,
                b.destination_addr.as_bytes().to_vec(),
            ));
            s.esm_class = b.esm_class.0;
            s.registered_delivery = b.registered_delivery.0;
            s.short_message = b.short_message.as_bytes().to_vec();
        }};
    }
    match f.pdu {
        Pdu::SubmitSm(b) => sm!(b),
        Pdu::DeliverSm(b) => sm!(b),
        Pdu::EnquireLink(_) => {}
        other => panic!("unexpected {other:?}"),
    }
    s
}

/// A C-octet string's bytes without its NUL (rusmpp keeps the NUL).
fn c_str(b: &[u8]) -> Vec<u8> {
    b.strip_suffix(&[0]).unwrap_or(b).to_vec()
}

/// Encodes anything rusmpp can encode (a TLV value, here) to its bytes.
fn rusmpp_bytes<T: rusmpp_core::encode::Encode>(v: &T) -> Vec<u8> {
    let mut out = vec![0u8; v.length()];
    let n = v.encode(&mut out);
    out.truncate(n);
    out
}

macro_rules! rusmpp_summary {
    ($name:ident, $cmd:ty, $pdu:path) => {
        fn $name(cmd: &$cmd) -> Summary {
            use $pdu as P;
            let mut s = Summary {
                command_id: u32::from(cmd.id()),
                status: u32::from(cmd.status()),
                sequence_number: cmd.sequence_number(),
                ..Summary::default()
            };
            macro_rules! sm {
                ($b:expr) => {{
                    let b = $b;
                    s.source = Some((
                        u8::from(b.source_addr_ton),
                        u8::from(b.source_addr_npi),
                        c_str(b.source_addr.as_ref()),
                    ));
                    s.destination = Some((
                        u8::from(b.dest_addr_ton),
                        u8::from(b.dest_addr_npi),
                        c_str(b.destination_addr.as_ref()),
                    ));
                    s.esm_class = u8::from(b.esm_class);
                    s.registered_delivery = u8::from(b.registered_delivery);
                    s.short_message = b.short_message().as_ref().to_vec();
                    s.tlvs = b
                        .tlvs()
                        .iter()
                        .map(|t| {
                            (
                                u16::from(t.tag()),
                                t.value().map(rusmpp_bytes).unwrap_or_default(),
                            )
                        })
                        .collect();
                }};
            }
            match cmd.pdu() {
                Some(P::SubmitSm(b)) => sm!(b),
                Some(P::DeliverSm(b)) => sm!(b),
                Some(P::EnquireLink) => {}
                other => panic!("unexpected {other:?}"),
            }
            s
        }
    };
}

rusmpp_summary!(rusmpp_owned, Command, rusmpp::Pdu);
rusmpp_summary!(
    rusmpp_borrowed,
    BorrowedCommand<'_>,
    rusmpp_core::pdus::borrowed::Pdu
);

/// rusmpp's owned decode, as its tokio codec runs it: `src` holds the PDU after command_length.
fn rusmpp_decode(src: &mut BytesMut) -> Command {
    let len = src.len();
    Command::decode(src, len).unwrap().0
}

fn rusmpp_borrowed_decode(bytes: &[u8]) -> BorrowedCommand<'_> {
    let body = &bytes[4..];
    BorrowedCommand::decode(body, body.len()).unwrap().0
}

/// command_length, then the command: what rusmpp's tokio codec writes.
fn rusmpp_encode<C: rusmpp_core::encode::Encode>(cmd: &C, out: &mut [u8]) -> usize {
    let len = 4 + cmd.length();
    out[..4].copy_from_slice(&(len as u32).to_be_bytes());
    4 + cmd.encode(&mut out[4..len])
}

fn compare(c: &mut Criterion) {
    let mut buf = vec![0u8; 512];
    for (name, frame, bytes) in common::cases() {
        // Same bytes, same values, same re-encoding.
        let expected = ours(&bytes);
        let owned = rusmpp_decode(&mut BytesMut::from(&bytes[4..]));
        assert_eq!(
            rusmpp_owned(&owned),
            expected,
            "rusmpp decodes {name} differently"
        );
        let borrowed = rusmpp_borrowed_decode(&bytes);
        assert_eq!(
            rusmpp_borrowed(&borrowed),
            expected,
            "rusmpp-core borrowed decodes {name} differently"
        );
        let n = rusmpp_encode(&owned, &mut buf);
        assert_eq!(
            &buf[..n],
            &bytes[..],
            "rusmpp re-encodes {name} differently"
        );
        let n = rusmpp_encode(&borrowed, &mut buf);
        assert_eq!(
            &buf[..n],
            &bytes[..],
            "rusmpp-core re-encodes {name} differently"
        );
        let n = frame.encode(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes[..]);

        let mut g = c.benchmark_group(name);
        g.bench_function("smpp-proto decode", |b| {
            b.iter(|| Frame::decode(black_box(bytes.as_slice())))
        });
        g.bench_function("rusmpp decode", |b| {
            b.iter_batched_ref(
                || BytesMut::from(&bytes[4..]),
                |src| rusmpp_decode(black_box(src)),
                BatchSize::SmallInput,
            )
        });
        g.bench_function("rusmpp-core borrowed decode", |b| {
            b.iter(|| rusmpp_borrowed_decode(black_box(bytes.as_slice())))
        });
        g.bench_function("smpp-proto encode", |b| {
            b.iter(|| black_box(&frame).encode(black_box(&mut buf[..])))
        });
        g.bench_function("rusmpp encode", |b| {
            b.iter(|| rusmpp_encode(black_box(&owned), black_box(&mut buf[..])))
        });
        g.bench_function("rusmpp-core borrowed encode", |b| {
            b.iter(|| rusmpp_encode(black_box(&borrowed), black_box(&mut buf[..])))
        });
        g.finish();
    }
}

criterion_group!(benches, compare);
criterion_main!(benches);

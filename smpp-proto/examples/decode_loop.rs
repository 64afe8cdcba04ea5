//! A decode loop for profilers (`perf record`, `valgrind --tool=callgrind`): decodes the
//! benchmark's 96-octet submit_sm N times.
//!
//! `cargo run --release -p smpp-proto --example decode_loop -- 10000000`

use std::hint::black_box;

use smpp_proto::{Frame, Npi, Pdu, RegisteredDelivery, SubmitSm, Tlv, TlvTag, Ton};

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let tlv = [Tlv::from_u16(TlvTag::USER_MESSAGE_REFERENCE, 7)];
    let sm = SubmitSm::new()
        .source_addr_ton(Ton::ALPHANUMERIC)
        .source_addr("SENDER")
        .and_then(|s| s.destination_addr("61481076483"))
        .and_then(|s| s.short_message(b"Your verification code is 123456. Thanks"))
        .map(|s| s.dest_addr_ton(Ton::INTERNATIONAL).dest_addr_npi(Npi::ISDN))
        .map(|s| {
            s.registered_delivery(RegisteredDelivery::RECEIPT)
                .with_tlvs(&tlv)
        })
        .expect("valid submit_sm");
    let bytes = Frame::request(1, Pdu::SubmitSm(sm))
        .to_vec()
        .expect("encodes");
    println!(
        "{} octets; size_of Frame = {}",
        bytes.len(),
        std::mem::size_of::<Frame<'_>>()
    );
    let start = std::time::Instant::now();
    let mut ok = 0u64;
    for _ in 0..n {
        ok += u64::from(Frame::decode(black_box(&bytes)).is_ok());
    }
    let ns = start.elapsed().as_nanos() as f64 / n as f64;
    println!("{ok} decoded, {ns:.1} ns each");
}

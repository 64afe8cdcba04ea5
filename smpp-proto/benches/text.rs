//! Text codecs and receipt parsing.
//!
//! `cargo bench -p smpp-proto --bench text`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use smpp_proto::receipt::parse_receipt;
use smpp_proto::text::{self, Encoding, GsmTables, Method, OnError, packed};

/// 160 characters of GSM text: one full single-part SMS.
const GSM_TEXT: &str = "Your parcel 4711 is out for delivery today between 10:00 and 12:00. Track it at example.com/t/4711 or reply STOP to opt out. Thank you for shopping with us, ok?";
/// 70 UCS2 units: one full single-part UCS2 SMS.
const UCS2_TEXT: &str = "Привет! Ваш код подтверждения: 482913. Никому его не сообщайте. Спасиб";
const RECEIPT: &[u8] = b"id:0123456789 sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 stat:DELIVRD err:000 text:Your parcel 4711 is";

fn bench(c: &mut Criterion) {
    assert_eq!(GSM_TEXT.chars().count(), 160);
    assert_eq!(UCS2_TEXT.encode_utf16().count(), 70);
    let mut g = c.benchmark_group("text");
    g.measurement_time(Duration::from_secs(3));
    let mut out = [0u8; 512];
    let mut utf8 = [0u8; 1024];

    g.throughput(Throughput::Elements(160));
    g.bench_function("gsm_unpacked_encode_160", |b| {
        b.iter(|| {
            text::encode(black_box(GSM_TEXT), Encoding::GSM7, OnError::Fail, &mut out).unwrap()
        })
    });
    let unpacked = text::encode_to_vec(GSM_TEXT, Encoding::GSM7, OnError::Fail).unwrap();
    g.bench_function("gsm_unpacked_decode_160", |b| {
        b.iter(|| {
            text::decode(
                black_box(&unpacked),
                Encoding::GSM7,
                OnError::Fail,
                &mut utf8,
            )
            .map(str::len)
            .unwrap()
        })
    });
    g.bench_function("gsm_packed_encode_160", |b| {
        b.iter(|| {
            packed::encode(
                black_box(GSM_TEXT),
                GsmTables::DEFAULT,
                0,
                OnError::Fail,
                &mut out,
            )
            .unwrap()
        })
    });
    let mut packed_buf = [0u8; 140];
    let n = packed::encode(
        GSM_TEXT,
        GsmTables::DEFAULT,
        0,
        OnError::Fail,
        &mut packed_buf,
    )
    .unwrap();
    assert_eq!(n, 140);
    g.bench_function("gsm_packed_decode_160", |b| {
        b.iter(|| {
            packed::decode(
                black_box(&packed_buf),
                0,
                Some(160),
                GsmTables::DEFAULT,
                OnError::Fail,
                &mut utf8,
            )
            .map(str::len)
            .unwrap()
        })
    });

    g.throughput(Throughput::Elements(70));
    g.bench_function("ucs2_encode_70", |b| {
        b.iter(|| {
            text::encode(
                black_box(UCS2_TEXT),
                Encoding::Ucs2,
                OnError::Fail,
                &mut out,
            )
            .unwrap()
        })
    });
    let ucs2 = text::encode_to_vec(UCS2_TEXT, Encoding::Ucs2, OnError::Fail).unwrap();
    g.bench_function("ucs2_decode_70", |b| {
        b.iter(|| {
            text::decode(black_box(&ucs2), Encoding::Ucs2, OnError::Fail, &mut utf8)
                .map(str::len)
                .unwrap()
        })
    });

    g.throughput(Throughput::Elements(1));
    let long = GSM_TEXT.repeat(5);
    g.bench_function("count_800_chars_udh", |b| {
        b.iter(|| text::count(black_box(&long), Encoding::GSM7, Method::Udh8).unwrap())
    });
    g.bench_function("receipt_parse_standard", |b| {
        b.iter(|| parse_receipt(black_box(RECEIPT)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

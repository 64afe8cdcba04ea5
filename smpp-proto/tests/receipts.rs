//! Delivery receipts: the real-world variants of reference §7, dates, states, id
//! matching, and writing (with a parse-after-format property).

use proptest::prelude::*;
use smpp_proto::receipt::{
    DateForm, DeliveryState, ErrorCode, FormatError, NormalizedId, Receipt, ReceiptDate,
    ReceiptError, ids_match, message_state, parse_receipt,
};

fn parse(text: &str) -> Receipt<'_> {
    parse_receipt(text.as_bytes()).unwrap()
}

fn date(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8, form: DateForm) -> Option<ReceiptDate> {
    ReceiptDate::new(y, mo, d, h, mi, s).map(|d| d.with_form(form))
}

#[test]
fn appendix_b_form() {
    let r = parse(
        "id:0123456789 sub:001 dlvrd:001 submit date:0809011130 done date:0809011131 \
         stat:DELIVRD err:000 text:Hello world",
    );
    assert_eq!(
        r,
        Receipt {
            id: "0123456789",
            sub: Some(1),
            dlvrd: Some(1),
            submit_date: date(2008, 9, 1, 11, 30, 0, DateForm::Calendar10),
            done_date: date(2008, 9, 1, 11, 31, 0, DateForm::Calendar10),
            stat: Some(DeliveryState::Delivered),
            err: Some(ErrorCode::Numeric(0)),
            text: Some(b"Hello world"),
        }
    );
}

#[test]
fn capitalised_and_mixed_case_keys() {
    let r = parse(
        "ID:42 SUB:001 Dlvrd:000 Submit Date:0809011130 DONE DATE:0809011131 Stat:undeliv Err:005 Text:Hi",
    );
    assert_eq!(r.id, "42");
    assert_eq!(r.dlvrd, Some(0));
    assert!(r.submit_date.is_some() && r.done_date.is_some());
    assert_eq!(r.stat, Some(DeliveryState::Undeliverable));
    assert_eq!(r.err, Some(ErrorCode::Numeric(5)));
    assert_eq!(r.text, Some(&b"Hi"[..]));
}

#[test]
fn text_without_key_is_ignored() {
    // jsmpp parseWithNoTextAttribute
    let r = parse(
        "id:0123456789 sub:001 dlvrd:001 submit date:200809011130 done date:200809011131 stat:DELIVRD err:000 Hello",
    );
    assert_eq!(r.text, None);
    assert_eq!(r.err, Some(ErrorCode::Numeric(0)));
    assert_eq!(
        r.submit_date,
        date(2020, 8, 9, 1, 11, 30, DateForm::Calendar12)
    );
}

#[test]
fn missing_sub_and_dlvrd() {
    let r = parse(
        "id:1526758174 submit date:1701240904 done date:1701250907 stat:DELIVRD err:000 text:...",
    );
    assert_eq!((r.sub, r.dlvrd), (None, None));
    assert_eq!(
        r.submit_date,
        date(2017, 1, 24, 9, 4, 0, DateForm::Calendar10)
    );
    assert_eq!(
        r.done_date,
        date(2017, 1, 25, 9, 7, 0, DateForm::Calendar10)
    );
}

#[test]
fn twelve_and_fourteen_digit_dates() {
    let r = parse("id:1 submit date:110206193041 done date:20110314181534 stat:DELIVRD err:0");
    assert_eq!(
        r.submit_date,
        date(2011, 2, 6, 19, 30, 41, DateForm::Calendar12)
    );
    assert_eq!(
        r.done_date,
        date(2011, 3, 14, 18, 15, 34, DateForm::Calendar14)
    );
    assert_eq!(r.err, Some(ErrorCode::Numeric(0)));
}

#[test]
fn twelve_digits_with_a_four_digit_year() {
    // "month 24" rules out YYMMDDhhmmss, so this is YYYYMMDDhhmm; "2008…" stays ambiguous
    // and keeps the reference reading (see text_without_key_is_ignored).
    let r = parse("id:7 submit date:202410151201 done date:202412312359 stat:DELIVRD err:000");
    assert_eq!(
        r.submit_date,
        date(2024, 10, 15, 12, 1, 0, DateForm::Calendar12Year4)
    );
    assert_eq!(
        r.done_date,
        date(2024, 12, 31, 23, 59, 0, DateForm::Calendar12Year4)
    );
    // Written back in the form it was read in.
    let written = Receipt {
        done_date: r.done_date,
        ..full_receipt()
    }
    .to_string();
    assert!(written.contains("done date:202412312359"), "{written}");
    // A year whose digits would read back as YYMMDDhhmmss is written with 14 digits.
    let ambiguous = ReceiptDate::new(2010, 1, 1, 12, 0, 0)
        .unwrap()
        .with_form(DateForm::Calendar12Year4);
    let written = Receipt {
        done_date: Some(ambiguous),
        ..full_receipt()
    }
    .to_string();
    assert!(written.contains("done date:20100101120000"), "{written}");
}

#[test]
fn keys_without_space_and_zero_dates() {
    let r = parse("id:abc submitdate:1001011200 donedate:000000000000 stat:ENROUTE");
    assert_eq!(
        r.submit_date,
        date(2010, 1, 1, 12, 0, 0, DateForm::Calendar10)
    );
    assert_eq!(r.done_date, None);
    let r = parse("id:abc submit_date:0000000000 done_date:1001011200 stat:ENROUTE");
    assert_eq!(r.submit_date, None);
    assert!(r.done_date.is_some());
    assert!(!r.stat.unwrap().is_final());
}

#[test]
fn fields_in_another_order() {
    // cloudhopper: empty text followed by stat
    let r = parse(
        "sub:001 id:4 err:000 dlvrd:001 done date:1006020051 submit date:1006020051 text: stat:DELIVRD",
    );
    assert_eq!(r.id, "4");
    assert_eq!(r.text, Some(&b""[..]));
    assert_eq!(r.stat, Some(DeliveryState::Delivered));
    assert_eq!((r.sub, r.dlvrd), (Some(1), Some(1)));
    // text followed by unseen keys, spread over several spaces and a newline
    let r = parse("text:two words  err:9\nid:7");
    assert_eq!(r.text, Some(&b"two words"[..]));
    assert_eq!((r.id, r.err), ("7", Some(ErrorCode::Numeric(9))));
}

#[test]
fn text_runs_to_the_end_past_keys_already_seen() {
    let r = parse("id:1 stat:DELIVRD err:000 text:id:2 stat:x  ");
    assert_eq!(r.id, "1");
    assert_eq!(r.text, Some(&b"id:2 stat:x  "[..]));
}

#[test]
fn non_numeric_ids() {
    assert_eq!(
        parse("id:74e02ee1-4e2f-4a6e-a78b-4b247d756a22 stat:DELIVRD").id,
        "74e02ee1-4e2f-4a6e-a78b-4b247d756a22"
    );
    assert_eq!(
        parse("id:2E179B310EDE971B2760C72B7F026E1B stat:DELIVRD").id,
        "2E179B310EDE971B2760C72B7F026E1B"
    );
}

#[test]
fn non_numeric_err_and_unknown_state() {
    let r = parse("id:1 stat:BADSTAT err:21b");
    assert_eq!(r.err, Some(ErrorCode::Other("21b")));
    assert_eq!(r.err.unwrap().as_number(), None);
    assert_eq!(r.stat, Some(DeliveryState::Other("BADSTAT")));
    assert_eq!(r.stat.unwrap().message_state(), message_state::UNKNOWN);
    let r = parse("id:1 err:4294967296");
    assert_eq!(r.err, Some(ErrorCode::Other("4294967296")));
}

#[test]
fn text_none_empty_and_binary() {
    assert_eq!(parse("id:1 text:none").text, Some(&b"none"[..]));
    assert_eq!(parse("id:1 text:NONE").text_content(), None);
    assert_eq!(parse("id:1 text:").text_content(), None);
    assert_eq!(parse("id:1").text_content(), None);
    assert_eq!(parse("id:1 text:hi").text_content(), Some(&b"hi"[..]));
    let r = parse_receipt(b"id:1 stat:DELIVRD text:\xff\x00\xfe junk\x00\x00").unwrap();
    assert_eq!(r.text, Some(&b"\xff\x00\xfe junk"[..]));
}

#[test]
fn invalid_utf8_outside_text() {
    let r = parse_receipt(b"id:9 stat:\xffBAD err:\xfe sub:\xfd").unwrap();
    assert_eq!(r.stat, Some(DeliveryState::Unknown));
    assert_eq!((r.err, r.sub), (None, None));
    assert_eq!(
        parse_receipt(b"id:\xff stat:DELIVRD"),
        Err(ReceiptError::MissingId)
    );
}

#[test]
fn provider_epoch_form() {
    let r = parse(
        "id:670df2ee851e71bb6a7c2ads submit date:1728967406738 done date:1728967412772 stat:DELIVRD",
    );
    assert_eq!(r.id, "670df2ee851e71bb6a7c2ads");
    let submit = r.submit_date.unwrap();
    let done = r.done_date.unwrap();
    assert_eq!(submit.form(), DateForm::EpochMillis);
    assert_eq!(submit.to_unix_millis(), 1_728_967_406_738);
    assert_eq!(done.to_unix_millis(), 1_728_967_412_772);
    assert_eq!(submit.to_string(), "2024-10-15T04:43:26.738Z");
    assert_eq!((r.sub, r.dlvrd, r.err, r.text), (None, None, None, None));
    let r = parse(
        "id:670df2ee851e71bb6a7c2ads submit date:1728967406738 done date:1728967412772 stat:STATERR",
    );
    assert_eq!(r.stat, Some(DeliveryState::StatErr));
    assert!(r.stat.unwrap().is_final());
}

#[test]
fn ten_digit_epoch_seconds_only_when_calendar_impossible() {
    let d = ReceiptDate::parse(b"1728967406").unwrap();
    assert_eq!(d.form(), DateForm::EpochSeconds);
    assert_eq!(d.to_unix_seconds(), 1_728_967_406);
    assert_eq!(
        ReceiptDate::parse(b"1701240904").unwrap().form(),
        DateForm::Calendar10
    );
    for bad in [
        &b""[..],
        b"12345",
        b"17012409041",
        b"17O1240904",
        b"000000000000000",
    ] {
        assert_eq!(ReceiptDate::parse(bad), None, "{bad:?}");
    }
    assert_eq!(ReceiptDate::parse(b"240230120000"), None); // 30 February, 12 digits
}

#[test]
fn lenient_spacing_and_padding() {
    let r = parse_receipt(b"  id: 55\tstat:  delivrd\r\nerr:1\0\0").unwrap();
    assert_eq!(r.id, "55");
    assert_eq!(r.stat, Some(DeliveryState::Delivered));
    assert_eq!(r.err, Some(ErrorCode::Numeric(1)));
    // A key right after an empty value is not taken as the value.
    let r = parse("id:1 done date: stat:EXPIRED");
    assert_eq!((r.done_date, r.stat), (None, Some(DeliveryState::Expired)));
    // First occurrence wins; unknown keys are skipped.
    let r = parse("foo:bar id:1 id:2 mccmnc:20801 stat:REJECTD stat:DELIVRD");
    assert_eq!((r.id, r.stat), ("1", Some(DeliveryState::Rejected)));
}

#[test]
fn errors() {
    assert_eq!(parse_receipt(b""), Err(ReceiptError::NotAReceipt));
    assert_eq!(
        parse_receipt(b"hello world, no receipt"),
        Err(ReceiptError::NotAReceipt)
    );
    assert_eq!(
        parse_receipt(b"msgid:1 identity:2"),
        Err(ReceiptError::NotAReceipt)
    );
    assert_eq!(
        parse_receipt(b"stat:DELIVRD err:000"),
        Err(ReceiptError::MissingId)
    );
    assert_eq!(
        parse_receipt(b"id: stat:DELIVRD"),
        Err(ReceiptError::MissingId)
    );
    assert!(!ReceiptError::MissingId.to_string().is_empty());
}

#[test]
fn unix_conversions() {
    let d = ReceiptDate::new(1970, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(d.to_unix_seconds(), 0);
    let d = ReceiptDate::new(2000, 2, 29, 23, 59, 59).unwrap();
    assert_eq!(d.to_unix_seconds(), 951_868_799);
    let back = ReceiptDate::from_unix_seconds(951_868_799).unwrap();
    assert_eq!(back, d.with_form(DateForm::EpochSeconds));
    assert_eq!(ReceiptDate::from_unix_seconds(-1).unwrap().year(), 1969);
    assert!(ReceiptDate::new(1900, 2, 29, 0, 0, 0).is_none());
    assert!(ReceiptDate::new(2024, 2, 29, 0, 0, 0).is_some());
    assert!(ReceiptDate::new(2024, 4, 31, 0, 0, 0).is_none());
    assert!(ReceiptDate::new(0, 1, 1, 0, 0, 0).is_none());
    assert!(ReceiptDate::from_unix_seconds(i64::MAX).is_none());
    assert!(ReceiptDate::from_unix_millis(i64::MIN).is_none());
    assert_eq!(d.to_string(), "2000-02-29T23:59:59Z");
}

#[test]
fn state_mapping() {
    let all = [
        (DeliveryState::Enroute, "ENROUTE", message_state::ENROUTE),
        (
            DeliveryState::Delivered,
            "DELIVRD",
            message_state::DELIVERED,
        ),
        (DeliveryState::Expired, "EXPIRED", message_state::EXPIRED),
        (DeliveryState::Deleted, "DELETED", message_state::DELETED),
        (
            DeliveryState::Undeliverable,
            "UNDELIV",
            message_state::UNDELIVERABLE,
        ),
        (DeliveryState::Accepted, "ACCEPTD", message_state::ACCEPTED),
        (DeliveryState::Unknown, "UNKNOWN", message_state::UNKNOWN),
        (DeliveryState::Rejected, "REJECTD", message_state::REJECTED),
    ];
    for (state, text, value) in all {
        assert_eq!(DeliveryState::parse(text), state);
        assert_eq!(DeliveryState::parse(&text.to_lowercase()), state);
        assert_eq!(state.as_str(), text);
        assert_eq!(state.to_string(), text);
        assert_eq!(state.message_state(), value);
        assert_eq!(DeliveryState::from_message_state(value), Some(state));
    }
    assert_eq!(
        DeliveryState::parse("STATERR").message_state(),
        message_state::UNDELIVERABLE
    );
    assert_eq!(DeliveryState::parse("Delivered"), DeliveryState::Delivered);
    assert_eq!(
        DeliveryState::parse("UNDELIVERABLE"),
        DeliveryState::Undeliverable
    );
    assert_eq!(
        DeliveryState::from_message_state(message_state::SCHEDULED),
        None
    );
    assert_eq!(
        DeliveryState::from_message_state(message_state::SKIPPED),
        None
    );
    assert_eq!(DeliveryState::from_message_state(200), None);
    assert_eq!(DeliveryState::parse("FAILED").as_str(), "FAILED");
}

#[test]
fn id_matching() {
    assert!(ids_match("0123456789", "123456789"));
    assert!(ids_match("abcdef", "ABCDEF"));
    assert!(ids_match("00ff", "FF"));
    assert!(ids_match("5B007B1E", "1526758174")); // hex resp, decimal receipt
    assert!(ids_match("1526758174", "5b007b1e")); // and the reverse
    assert!(ids_match("0x5B007B1E", "1526758174"));
    assert!(ids_match(" 42\0", "42"));
    assert!(ids_match(
        "74E02EE1-4e2f-4a6e-a78b-4b247d756a22",
        "74e02ee1-4E2F-4a6e-a78b-4b247d756a22"
    ));
    assert!(ids_match(
        "2E179B310EDE971B2760C72B7F026E1B",
        "2e179b310ede971b2760c72b7f026e1b"
    ));
    assert!(!ids_match("123", "124"));
    assert!(!ids_match("", ""));
    assert!(!ids_match("abc-1", "abc-2"));
    assert!(!ids_match(
        "670df2ee851e71bb6a7c2ads",
        "670df2ee851e71bb6a7c2ad"
    ));
    // Ambiguity: "10" is ten or sixteen.
    assert!(ids_match("10", "16"));
    assert!(!NormalizedId::new("10").matches_same_base(&NormalizedId::new("16")));
    // Too long for u128 in either base: compared as text.
    let long = "123456789012345678901234567890123456789012345";
    assert_eq!(NormalizedId::new(long), NormalizedId::Text(long));
    assert!(ids_match(long, &format!("000{long}")));
    assert_eq!(
        NormalizedId::new("0099"),
        NormalizedId::Numeric {
            decimal: Some(99),
            hex: Some(0x99)
        }
    );
}

fn full_receipt() -> Receipt<'static> {
    Receipt {
        sub: Some(1),
        dlvrd: Some(1),
        submit_date: ReceiptDate::new(2024, 10, 15, 12, 0, 0),
        done_date: ReceiptDate::new(2024, 10, 15, 12, 1, 0),
        stat: Some(DeliveryState::Delivered),
        err: Some(ErrorCode::Numeric(0)),
        text: Some(b"first 20 chars"),
        ..Receipt::new("0123456789")
    }
}

#[test]
fn format_standard_and_errors() {
    let r = full_receipt();
    let expected = "id:0123456789 sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 stat:DELIVRD err:000 text:first 20 chars";
    assert_eq!(r.encoded_len(), expected.len());
    assert_eq!(r.to_string(), expected);
    let mut small = [0u8; 20];
    assert_eq!(
        r.encode(&mut small),
        Err(FormatError::BufferTooSmall {
            required: expected.len()
        })
    );
    let mut exact = vec![0u8; expected.len()];
    assert_eq!(r.encode(&mut exact), Ok(expected.len()));
    assert_eq!(exact, expected.as_bytes());

    let bad = Receipt { id: "a b", ..r };
    assert_eq!(
        bad.encode(&mut exact),
        Err(FormatError::InvalidField { field: "id" })
    );
    let bad = Receipt {
        stat: Some(DeliveryState::Other("")),
        ..r
    };
    assert_eq!(
        bad.encode(&mut exact),
        Err(FormatError::InvalidField { field: "stat" })
    );
    let bad = Receipt {
        err: Some(ErrorCode::Other("x y")),
        ..r
    };
    assert_eq!(
        bad.encode(&mut exact),
        Err(FormatError::InvalidField { field: "err" })
    );
    assert!(
        !FormatError::InvalidField { field: "id" }
            .to_string()
            .is_empty()
    );

    let minimal = Receipt::new("7");
    assert_eq!(minimal.to_string(), "id:7");
    let wide = Receipt {
        sub: Some(1234),
        err: Some(ErrorCode::Other("21b")),
        submit_date: ReceiptDate::new(1999, 12, 31, 23, 59, 0),
        done_date: ReceiptDate::from_unix_millis(1_728_967_412_772),
        text: Some(b"\xffx"),
        ..Receipt::new("7")
    };
    // A 1999 date cannot be written as YY, so it falls back to 14 digits.
    assert_eq!(
        wide.to_string(),
        "id:7 sub:1234 submit date:19991231235900 done date:1728967412772 err:21b text:\u{FFFD}x"
    );
}

/// A straightforward reading of a digit string, to check the word-at-a-time parser.
fn plain_date(d: &str) -> Option<ReceiptDate> {
    let n = |range: std::ops::Range<usize>| d[range].parse::<u64>().unwrap();
    let two = |at: usize| u8::try_from(n(at..at + 2)).unwrap();
    if d.bytes().all(|b| b == b'0') {
        return None;
    }
    let year = |yy: u64| u16::try_from(2000 + yy).unwrap();
    match d.len() {
        10 => ReceiptDate::new(year(n(0..2)), two(2), two(4), two(6), two(8), 0)
            .or_else(|| ReceiptDate::from_unix_seconds(n(0..10).try_into().unwrap())),
        12 => ReceiptDate::new(year(n(0..2)), two(2), two(4), two(6), two(8), two(10))
            .map(|x| x.with_form(DateForm::Calendar12))
            .or_else(|| {
                ReceiptDate::new(
                    n(0..4).try_into().unwrap(),
                    two(4),
                    two(6),
                    two(8),
                    two(10),
                    0,
                )
                .map(|x| x.with_form(DateForm::Calendar12Year4))
            }),
        13 => ReceiptDate::from_unix_millis(n(0..13).try_into().unwrap()),
        14 => ReceiptDate::new(
            n(0..4).try_into().unwrap(),
            two(4),
            two(6),
            two(8),
            two(10),
            two(12),
        )
        .map(|x| x.with_form(DateForm::Calendar14)),
        _ => None,
    }
}

fn calendar_date() -> impl Strategy<Value = (u16, u8, u8, u8, u8, u8)> {
    (1u16..=9999, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60)
}

fn any_date() -> impl Strategy<Value = ReceiptDate> {
    prop_oneof![
        (calendar_date(), 2000u16..2100).prop_map(|((_, mo, d, h, mi, _), y)| {
            ReceiptDate::new(y, mo, d, h, mi, 0).unwrap()
        }),
        (calendar_date(), 2000u16..2100).prop_map(|((_, mo, d, h, mi, s), y)| {
            ReceiptDate::new(y, mo, d, h, mi, s)
                .unwrap()
                .with_form(DateForm::Calendar12)
        }),
        calendar_date().prop_map(|(y, mo, d, h, mi, s)| {
            ReceiptDate::new(y, mo, d, h, mi, s)
                .unwrap()
                .with_form(DateForm::Calendar14)
        }),
        calendar_date()
            .prop_map(|(y, mo, d, h, mi, _)| {
                ReceiptDate::new(y, mo, d, h, mi, 0)
                    .unwrap()
                    .with_form(DateForm::Calendar12Year4)
            })
            .prop_filter("the YYMMDDhhmmss reading wins", |d| {
                ReceiptDate::parse(
                    std::format!(
                        "{:04}{:02}{:02}{:02}{:02}",
                        d.year(),
                        d.month(),
                        d.day(),
                        d.hour(),
                        d.minute()
                    )
                    .as_bytes(),
                )
                .is_some_and(|p| p.form() == DateForm::Calendar12Year4)
            }),
        (1_000_000_000_000i64..10_000_000_000_000)
            .prop_map(|ms| ReceiptDate::from_unix_millis(ms).unwrap()),
        (1_000_000_000i64..10_000_000_000)
            .prop_map(|s| ReceiptDate::from_unix_seconds(s).unwrap())
            .prop_filter("calendar reading wins", |d| {
                ReceiptDate::parse(d.to_unix_seconds().to_string().as_bytes())
                    .is_some_and(|p| p.form() == DateForm::EpochSeconds)
            }),
    ]
}

fn any_state() -> impl Strategy<Value = DeliveryState<'static>> {
    prop_oneof![
        (1u8..=8).prop_map(|v| DeliveryState::from_message_state(v).unwrap()),
        Just(DeliveryState::StatErr),
        "[A-Z]{1,10}"
            .prop_filter("not a known name", |s| {
                matches!(DeliveryState::parse(s), DeliveryState::Other(_))
            })
            .prop_map(|s| DeliveryState::Other(Box::leak(s.into_boxed_str()))),
    ]
}

fn any_err() -> impl Strategy<Value = ErrorCode<'static>> {
    prop_oneof![
        any::<u32>().prop_map(ErrorCode::Numeric),
        "[0-9]{0,3}[a-z][a-z0-9]{0,4}"
            .prop_map(|s| ErrorCode::Other(Box::leak(s.into_boxed_str()))),
    ]
}

/// Text bytes without `:` (so no key can end it early) and not ending in NUL.
fn any_text() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>().prop_filter("colon", |b| *b != b':'), 0..40)
        .prop_filter("trailing NUL", |t| t.last() != Some(&0))
}

proptest! {
    #[test]
    fn parse_after_format_gives_the_same_fields(
        id in "[A-Za-z0-9-]{1,40}",
        sub in any::<Option<u32>>(),
        dlvrd in any::<Option<u32>>(),
        submit_date in proptest::option::of(any_date()),
        done_date in proptest::option::of(any_date()),
        stat in proptest::option::of(any_state()),
        err in proptest::option::of(any_err()),
        text in proptest::option::of(any_text()),
    ) {
        let receipt = Receipt { id: &id, sub, dlvrd, submit_date, done_date, stat, err, text: text.as_deref() };
        let mut buf = vec![0u8; receipt.encoded_len()];
        prop_assert_eq!(receipt.encode(&mut buf), Ok(buf.len()));
        prop_assert_eq!(parse_receipt(&buf), Ok(receipt));
    }

    #[test]
    fn unix_seconds_round_trip(secs in -62_135_596_800i64..253_402_300_800) {
        let d = ReceiptDate::from_unix_seconds(secs).unwrap();
        prop_assert_eq!(d.to_unix_seconds(), secs);
        let again = ReceiptDate::new(d.year(), d.month(), d.day(), d.hour(), d.minute(), d.second());
        prop_assert_eq!(again.map(|a| a.to_unix_seconds()), Some(secs));
    }

    #[test]
    fn date_parse_agrees_with_a_plain_reading(
        digits in prop_oneof!["[0-9]{10}", "[0-9]{12}", "[0-9]{13}", "[0-9]{14}", "[0-3][0-9]{9}"],
    ) {
        prop_assert_eq!(ReceiptDate::parse(digits.as_bytes()), plain_date(&digits));
    }

    #[test]
    fn date_parse_refuses_non_digits(text in "[0-9]{0,6}[^0-9][0-9]{0,8}") {
        prop_assert_eq!(ReceiptDate::parse(text.as_bytes()), None);
    }

    #[test]
    fn never_panics_on_bytes(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_receipt(&input);
    }

    #[test]
    fn never_panics_on_receipt_like_text(
        tokens in proptest::collection::vec(
            prop_oneof![
                Just("id:"), Just("sub:"), Just("dlvrd:"), Just("submit date:"), Just("donedate:"),
                Just("submit"), Just("done "), Just("stat:"), Just("err:"), Just("Text:"), Just(" "),
                Just("\t"), Just("\0"), Just("0"), Just("1728967406738"), Just("2410151200"),
                Just("DELIVRD"), Just("\u{e9}"), Just(":"),
            ],
            0..30,
        )
    ) {
        let input: String = tokens.concat();
        if let Ok(r) = parse_receipt(input.as_bytes()) {
            prop_assert!(!r.id.is_empty());
            let _ = r.to_string();
        }
    }

    #[test]
    fn matching_ignores_zero_padding_and_base(n in any::<u64>(), pad in 0usize..5) {
        let dec = n.to_string();
        let hex = format!("{n:X}");
        let padded = format!("{}{dec}", "0".repeat(pad));
        prop_assert!(ids_match(&padded, &dec));
        prop_assert!(ids_match(&hex, &dec));
        prop_assert!(ids_match(&dec, &hex.to_lowercase()));
    }
}

#[cfg(feature = "alloc")]
#[test]
fn reassembly_from_outside_the_crate() {
    use smpp_proto::reassembly::{AddressKey, Part, Pushed, Reassembler, ReassemblyConfig};
    let mut r = Reassembler::new(ReassemblyConfig::default());
    let key = AddressKey::new(b"447700900001", b"1234").unwrap();
    assert!(matches!(
        r.push(key, Part::new(300, 2, 2, b"b"), 0),
        Ok(Pushed::Stored { .. })
    ));
    match r.push(key, Part::new(300, 2, 1, b"a"), 0) {
        Ok(Pushed::Completed(m)) => assert_eq!(m.data, b"ab"),
        other => panic!("{other:?}"),
    }
}

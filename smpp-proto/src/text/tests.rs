//! Cross-module tests: exact budgets, and property tests of round trips, splitting and
//! counting.

use super::*;
use crate::udh::Udh;
use proptest::prelude::*;
use std::string::String;
use std::vec::Vec;

const TR_SINGLE: GsmTables = GsmTables::single_shift(NationalLanguage::Turkish);
const TR_LOCKING: GsmTables = GsmTables::locking_shift(NationalLanguage::Turkish);

fn seg_units(text: &str, opts: SplitOptions) -> Vec<usize> {
    Splitter::new(text, opts)
        .unwrap()
        .map(|s| s.units())
        .collect()
}

#[test]
fn gsm_budgets() {
    let udh8 = SplitOptions::new(Encoding::GSM7, Method::Udh8);
    assert_eq!(seg_units(&"a".repeat(160), udh8), [160]);
    assert_eq!(seg_units(&"a".repeat(161), udh8), [153, 8]);
    let udh16 = SplitOptions::new(Encoding::GSM7, Method::Udh16);
    assert_eq!(seg_units(&"a".repeat(161), udh16), [152, 9]);
    let sar = SplitOptions::new(Encoding::GSM7, Method::Sar);
    assert_eq!(seg_units(&"a".repeat(306), sar), [153, 153]);
    // National elements: 4-octet UDH alone (155), with concatenation 9 octets (149),
    // both shifts with concatenation 12 octets (146).
    let tr = SplitOptions::new(Encoding::Gsm7(TR_SINGLE), Method::Udh8);
    assert_eq!(seg_units(&"a".repeat(155), tr), [155]);
    assert_eq!(seg_units(&"a".repeat(156), tr), [149, 7]);
    let trl = SplitOptions::new(Encoding::Gsm7(TR_LOCKING), Method::Udh8);
    assert_eq!(seg_units(&"a".repeat(152), trl), [152]);
    assert_eq!(seg_units(&"a".repeat(153), trl), [146, 7]);
}

#[test]
fn octet_and_ucs2_budgets() {
    for (enc, single, p8, p16) in [
        (Encoding::Latin1, 140, 134, 133),
        (Encoding::Ascii, 140, 134, 133),
        (Encoding::Ucs2, 70, 67, 66),
    ] {
        let one = "a".repeat(single);
        let more = "a".repeat(single + 1);
        assert_eq!(
            seg_units(&one, SplitOptions::new(enc, Method::Udh8)),
            [single]
        );
        let parts = seg_units(&more, SplitOptions::new(enc, Method::Udh8));
        assert_eq!(parts, [p8, single + 1 - p8]);
        let parts = seg_units(&more, SplitOptions::new(enc, Method::Udh16));
        assert_eq!(parts, [p16, single + 1 - p16]);
    }
}

#[test]
fn escapes_and_surrogates_stay_whole() {
    // 152 septets then '€' (2 septets) does not fit 153: it opens segment 2.
    let text = std::format!("{}€{}", "a".repeat(152), "b".repeat(10));
    let opts = SplitOptions::new(Encoding::GSM7, Method::Udh8);
    let segs: Vec<_> = Splitter::new(&text, opts).unwrap().collect();
    assert_eq!(segs[0].units(), 152);
    assert!(segs[1].text().starts_with('€'));
    // 66 units then an emoji (2 units) does not fit 67.
    let text = std::format!("{}😀{}", "a".repeat(66), "b".repeat(10));
    let opts = SplitOptions::new(Encoding::Ucs2, Method::Udh8);
    assert_eq!(seg_units(&text, opts), [66, 12]);
}

#[test]
fn limits() {
    let opts = SplitOptions::new(Encoding::GSM7, Method::Udh8);
    assert_eq!(
        Splitter::new(&"a".repeat(153 * 255), opts).unwrap().total(),
        255
    );
    assert_eq!(
        Splitter::new(&"a".repeat(153 * 255 + 1), opts).unwrap_err(),
        EncodeError::TooManySegments { segments: 256 }
    );
    let c = count(&"a".repeat(153 * 255 + 1), Encoding::GSM7, Method::Udh8).unwrap();
    assert_eq!(c.segments, 256);
    let payload = SplitOptions::new(Encoding::GSM7, Method::Payload);
    assert_eq!(
        Splitter::new(&"a".repeat(65_535), payload).unwrap().total(),
        1
    );
    assert_eq!(
        Splitter::new(&"a".repeat(65_536), payload).unwrap_err(),
        EncodeError::PayloadTooLong { len: 65_536 }
    );
    // Packed, the same payload holds 74 897 septets.
    let packed = payload.with_packed(true);
    assert_eq!(
        Splitter::new(&"a".repeat(74_897), packed).unwrap().total(),
        1
    );
    assert!(Splitter::new(&"a".repeat(74_898), packed).is_err());
}

#[test]
fn errors_name_the_character_and_position() {
    let opts = SplitOptions::new(Encoding::GSM7, Method::Udh8);
    assert_eq!(
        Splitter::new("añb✓c", opts).unwrap_err(),
        EncodeError::Unmappable {
            ch: '✓',
            index: 3,
            offset: 4
        }
    );
    let replaced = Splitter::new("añb✓c", opts.with_on_error(OnError::QUESTION_MARK)).unwrap();
    let seg = replaced.into_iter().next().unwrap();
    let mut buf = [0u8; 16];
    let n = seg.write(&mut buf).unwrap();
    assert_eq!(&buf[..n], &[b'a', 0x7D, b'b', b'?', b'c']);
    assert_eq!(
        seg.write(&mut buf[..3]),
        Err(EncodeError::BufferTooSmall { required: 5 })
    );
    let e = EncodeError::Unmappable {
        ch: '✓',
        index: 3,
        offset: 4,
    };
    assert_eq!(
        std::format!("{e}"),
        "character '✓' (U+2713) at position 3 cannot be encoded"
    );
}

#[test]
fn segments_carry_their_headers() {
    let text = "ğ".repeat(200);
    let opts = SplitOptions::new(Encoding::Gsm7(TR_LOCKING), Method::Udh16).with_reference(0xBEEF);
    let parts = split(&text, opts).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(
        &parts[0].bytes[..14],
        &[
            0x0C, 0x08, 0x04, 0xBE, 0xEF, 0x02, 0x01, 0x24, 0x01, 0x01, 0x25, 0x01, 0x01, 0x0C
        ]
    );
    assert_eq!(parts[0].esm_class_bits, 0x40);
    let sar = split(
        &text,
        SplitOptions::new(Encoding::Gsm7(TR_LOCKING), Method::Sar).with_reference(7),
    )
    .unwrap();
    assert_eq!(
        sar[1].sar,
        Some(Sar {
            reference: 7,
            total: 2,
            seqnum: 2
        })
    );
    // Only the national elements remain in a SAR segment's UDH.
    assert_eq!(
        &sar[0].bytes[..7],
        &[0x06, 0x24, 0x01, 0x01, 0x25, 0x01, 0x01]
    );
    // A single GSM message without national tables has no UDH at all.
    let plain = split("hi", SplitOptions::new(Encoding::GSM7, Method::Udh8)).unwrap();
    assert_eq!(plain[0].bytes, b"hi");
    assert_eq!((plain[0].esm_class_bits, plain[0].sar), (0, None));
}

#[test]
fn application_ports_in_every_segment() {
    let wap = PortAddressing::Bits16 {
        destination: 2948,
        origin: 9200,
    };
    // One 8-bit message: the WAP push header 06 05 04 0B84 23F0, 133 octets left.
    let opts = SplitOptions::new(Encoding::Latin1, Method::Udh8).with_ports(wap);
    let one = split(&"x".repeat(133), opts).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(
        &one[0].bytes[..7],
        &[0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0]
    );
    assert_eq!(one[0].esm_class_bits, 0x40);
    // One more octet: two parts with ports then concatenation, 128 octets each at most.
    let two = split(&"x".repeat(134), opts.with_reference(0x42)).unwrap();
    assert_eq!(
        &two[1].bytes[..12],
        &[
            0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x42, 0x02, 0x02
        ]
    );
    assert_eq!(two.iter().map(|p| p.units).collect::<Vec<_>>(), [128, 6]);
    // GSM 7-bit with 8-bit ports and a 16-bit reference: 1 + 4 + 6 = 11 octets of UDH
    // leave 147 septets (11 octets are 88 bits, 13 septets after the fill bits).
    let opts = SplitOptions::new(Encoding::GSM7, Method::Udh16).with_ports(PortAddressing::Bits8 {
        destination: 0xF5,
        origin: 0,
    });
    assert_eq!(seg_units(&"a".repeat(300), opts), [147, 147, 6]);
    // SAR: the ports stay in a UDH beside the TLVs.
    let sar = split(
        &"a".repeat(200),
        SplitOptions::new(Encoding::GSM7, Method::Sar).with_ports(wap),
    )
    .unwrap();
    assert_eq!(
        &sar[0].bytes[..7],
        &[0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0]
    );
    assert!(sar[0].sar.is_some());
}

#[test]
fn packed_segments_use_fill_bits() {
    let text = "a".repeat(200);
    let opts = SplitOptions::new(Encoding::GSM7, Method::Udh8).with_packed(true);
    let parts = split(&text, opts).unwrap();
    // 6 UDH octets + 153 septets after one fill bit = 140 octets exactly.
    assert_eq!(parts[0].bytes.len(), 140);
    let (udh, rest) = Udh::parse(&parts[1].bytes).unwrap();
    let mut buf = [0u8; 200];
    let s = packed::decode(
        rest,
        packed::fill_bits(udh.len()),
        None,
        GsmTables::DEFAULT,
        OnError::Fail,
        &mut buf,
    )
    .unwrap();
    assert_eq!(s, "a".repeat(47));
}

#[test]
fn choosing() {
    let opts = ChooseOptions::default();
    assert_eq!(choose("plain", &opts).encoding, Encoding::GSM7);
    assert_eq!(choose("ça va", &opts).encoding, Encoding::GSM7);
    assert_eq!(choose("olá ✓", &opts).encoding, Encoding::Ucs2);
    let latin = ChooseOptions {
        latin1: true,
        ..opts
    };
    assert_eq!(choose("olá", &latin).encoding, Encoding::Latin1);
    assert_eq!(choose("olá", &latin).data_coding, 3);
    let pt = ChooseOptions {
        national: &[NationalLanguage::Spanish, NationalLanguage::Portuguese],
        locking_shift: true,
        ..opts
    };
    // Spanish single shift has á.
    assert_eq!(
        choose("olá", &pt).encoding,
        Encoding::Gsm7(GsmTables::single_shift(NationalLanguage::Spanish))
    );
    // ã is only Portuguese; the locking table saves escapes and so a segment here, and
    // without the single shift (not needed) the header is 3 octets shorter.
    let text = "ãõê".repeat(60);
    assert_eq!(
        choose(&text, &pt).encoding,
        Encoding::Gsm7(GsmTables {
            locking: Some(NationalLanguage::Portuguese),
            single: None
        })
    );
    // ğ needs Turkish, á Spanish: Turkish locking shift with the Spanish single shift.
    let tr_es = ChooseOptions {
        national: &[NationalLanguage::Turkish, NationalLanguage::Spanish],
        locking_shift: true,
        ..opts
    };
    assert_eq!(
        choose("ğá", &tr_es).encoding,
        Encoding::Gsm7(GsmTables {
            locking: Some(NationalLanguage::Turkish),
            single: Some(NationalLanguage::Spanish)
        })
    );
    let single_only = ChooseOptions {
        locking_shift: false,
        ..tr_es
    };
    assert_eq!(choose("ğá", &single_only).encoding, Encoding::Ucs2);
    let on_latin1 = ChooseOptions {
        default_alphabet: DefaultAlphabet::Latin1,
        ..opts
    };
    assert_eq!(
        choose("olá", &on_latin1),
        Choice {
            encoding: Encoding::Latin1,
            data_coding: 0
        }
    );
    assert_eq!(choose("€", &on_latin1).encoding, Encoding::Ucs2);
    let c = count_auto("Hello", &opts);
    assert_eq!(
        (c.data_coding, c.units, c.segments, c.remaining_in_last),
        (0, 5, 1, 155)
    );
}

#[test]
fn cyrillic_and_hebrew() {
    let ru = "Привет, мир! № §";
    let bytes = encode_to_vec(ru, Encoding::Cyrillic, OnError::Fail).unwrap();
    assert_eq!(bytes.len(), ru.chars().count());
    assert_eq!(&bytes[..6], &[0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2]);
    assert_eq!(
        decode_to_string(&bytes, Encoding::Cyrillic, OnError::Fail).unwrap(),
        ru
    );
    assert_eq!(
        charset(6, DefaultAlphabet::Gsm7),
        Charset::Text(Encoding::Cyrillic)
    );
    let he = "שלום ×÷";
    let bytes = encode_to_vec(he, Encoding::Hebrew, OnError::Fail).unwrap();
    assert_eq!(&bytes[..4], &[0xF9, 0xEC, 0xE5, 0xED]);
    assert_eq!(
        decode_to_string(&bytes, Encoding::Hebrew, OnError::Fail).unwrap(),
        he
    );
    assert_eq!(Encoding::Hebrew.data_coding(), 7);
    // 0xA1 has no character in ISO-8859-8; Hebrew has no Cyrillic.
    assert_eq!(
        decode_to_string(&[0x41, 0xA1], Encoding::Hebrew, OnError::Fail),
        Err(DecodeError::InvalidByte {
            byte: 0xA1,
            offset: 1
        })
    );
    assert_eq!(
        encode_to_vec("я", Encoding::Hebrew, OnError::Fail),
        Err(EncodeError::Unmappable {
            ch: 'я',
            index: 0,
            offset: 0
        })
    );
    // 140 octets a segment, like Latin-1.
    assert_eq!(
        seg_units(
            &"ж".repeat(141),
            SplitOptions::new(Encoding::Cyrillic, Method::Udh8)
        ),
        [134, 7]
    );
}

#[test]
fn default_alphabet_decoding() {
    let mut buf = [0u8; 8];
    let Charset::Text(enc) = charset(0, DefaultAlphabet::Latin1) else {
        unreachable!()
    };
    assert_eq!(decode(&[0xE9], enc, OnError::Fail, &mut buf), Ok("é"));
    let Charset::Text(enc) = charset(0, DefaultAlphabet::Gsm7) else {
        unreachable!()
    };
    assert_eq!(decode(&[0x05], enc, OnError::Fail, &mut buf), Ok("é"));
    assert_eq!(
        decode(&[0xE9], Encoding::Ascii, OnError::Fail, &mut buf),
        Err(DecodeError::InvalidByte {
            byte: 0xE9,
            offset: 0
        })
    );
    assert_eq!(
        decode(
            &[0x41, 0x42, 0x43],
            Encoding::Latin1,
            OnError::Fail,
            &mut buf[..2]
        ),
        Err(DecodeError::BufferTooSmall { required: 3 })
    );
    assert_eq!(charset(0x02, DefaultAlphabet::Gsm7), Charset::Binary);
    assert_eq!(charset(0x05, DefaultAlphabet::Gsm7), Charset::Unsupported);
    assert_eq!(
        charset(0x18, DefaultAlphabet::Gsm7),
        Charset::Text(Encoding::Ucs2)
    );
    assert_eq!(charset(0xF6, DefaultAlphabet::Gsm7), Charset::Binary);
}

fn all_tables() -> Vec<GsmTables> {
    let mut v = Vec::from([GsmTables::DEFAULT]);
    for lang in NationalLanguage::ALL {
        v.push(GsmTables::single_shift(lang));
        if lang.has_locking_shift() {
            v.push(GsmTables::locking_shift(lang));
        }
    }
    v
}

fn arb_encoding() -> impl Strategy<Value = Encoding> {
    let tables = all_tables();
    prop_oneof![
        (0..tables.len()).prop_map(move |i| Encoding::Gsm7(tables[i])),
        Just(Encoding::Ascii),
        Just(Encoding::Latin1),
        Just(Encoding::Cyrillic),
        Just(Encoding::Hebrew),
        Just(Encoding::Ucs2),
    ]
}

fn repertoire(enc: Encoding) -> Vec<char> {
    match enc {
        Encoding::Gsm7(t) => gsm::repertoire(t).collect(),
        Encoding::Ascii => (0u8..128).map(char::from).collect(),
        Encoding::Latin1 => (0u8..=255).map(char::from).collect(),
        Encoding::Cyrillic | Encoding::Hebrew => (0u8..=255)
            .filter_map(|b| decode_chars(&[b], enc, OnError::Fail).next()?.ok())
            .collect(),
        Encoding::Ucs2 => [
            'a',
            'é',
            '€',
            '✓',
            'ğ',
            'ا',
            '中',
            '\u{FFFF}',
            '😀',
            '👍',
            '\u{10FFFF}',
            '\n',
        ]
        .to_vec(),
    }
}

/// An encoding and a text made only of characters it represents.
fn arb_text(max: usize) -> impl Strategy<Value = (Encoding, String)> {
    arb_encoding().prop_flat_map(move |enc| {
        let chars = repertoire(enc);
        let from_table = (0..chars.len()).prop_map(move |i| chars[i]);
        let one: BoxedStrategy<char> = if matches!(enc, Encoding::Ucs2) {
            prop_oneof![from_table, any::<char>()].boxed()
        } else {
            from_table.boxed()
        };
        let pick = proptest::collection::vec(one, 0..max);
        (
            Just(enc),
            pick.prop_map(|v| v.into_iter().collect::<String>()),
        )
    })
}

fn arb_method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Udh8),
        Just(Method::Udh16),
        Just(Method::Sar),
        Just(Method::Payload)
    ]
}

fn arb_ports() -> impl Strategy<Value = PortAddressing> {
    prop_oneof![
        (any::<u8>(), any::<u8>()).prop_map(|(destination, origin)| PortAddressing::Bits8 {
            destination,
            origin
        }),
        (any::<u16>(), any::<u16>()).prop_map(|(destination, origin)| PortAddressing::Bits16 {
            destination,
            origin
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn round_trip((enc, text) in arb_text(300)) {
        let len = encoded_len(&text, enc, OnError::Fail).unwrap();
        let mut buf = std::vec![0u8; len];
        prop_assert_eq!(encode(&text, enc, OnError::Fail, &mut buf), Ok(len));
        prop_assert_eq!(decoded_len(&buf, enc, OnError::Fail), Ok(text.len()));
        let mut out = std::vec![0u8; text.len()];
        prop_assert_eq!(decode(&buf, enc, OnError::Fail, &mut out), Ok(text.as_str()));
        prop_assert_eq!(decode_to_string(&buf, enc, OnError::Fail), Ok(text.clone()));
        if let Encoding::Gsm7(tables) = enc {
            let mut p = std::vec![0u8; packed::packed_len(len, 3)];
            packed::encode(&text, tables, 3, OnError::Fail, &mut p).unwrap();
            let back = packed::decode_to_string(&p, 3, Some(len), tables, OnError::Fail);
            prop_assert_eq!(back, Ok(text.clone()));
        }
        if len > 0 {
            let small = encode(&text, enc, OnError::Fail, &mut buf[..len - 1]);
            prop_assert_eq!(small, Err(EncodeError::BufferTooSmall { required: len }));
        }
    }

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200), enc in arb_encoding()) {
        let mut out = [0u8; 1024];
        let _ = decode(&bytes, enc, OnError::Fail, &mut out);
        let _ = decode(&bytes, enc, OnError::REPLACEMENT_CHARACTER, &mut out[..10]);
        let replaced = decode_to_string(&bytes, enc, OnError::REPLACEMENT_CHARACTER);
        prop_assert!(replaced.is_ok());
    }

    #[test]
    fn split_reassembles((enc, text) in arb_text(700), method in arb_method(), packed_gsm in any::<bool>(), reference in any::<u16>(), ports in proptest::option::of(arb_ports())) {
        let mut opts = SplitOptions::new(enc, method).with_reference(reference).with_packed(packed_gsm);
        opts.ports = ports;
        let splitter = match Splitter::new(&text, opts) {
            Ok(s) => s,
            Err(e) => {
                let too_many = matches!(e, EncodeError::TooManySegments { .. });
                prop_assert!(too_many);
                return Ok(());
            }
        };
        let total = splitter.total();
        let counted = count_with(&text, &opts).unwrap();
        prop_assert_eq!(counted.segments, usize::from(total));
        let mut joined = String::new();
        let mut units = 0;
        let mut last_units = 0;
        let mut buf = [0u8; 1 << 12];
        for seg in splitter {
            let n = seg.write(&mut buf).unwrap();
            prop_assert_eq!(n, seg.encoded_len());
            let data = &buf[..n];
            let (tables, body, udh_len) = if seg.has_udh() {
                let (udh, rest) = Udh::parse(data).unwrap();
                if total > 1 && matches!(method, Method::Udh8 | Method::Udh16) {
                    let c = udh.concat().unwrap();
                    prop_assert_eq!((c.total, c.seq), (total, seg.number()));
                    prop_assert_eq!(c.wide, method == Method::Udh16);
                } else {
                    prop_assert!(udh.concat().is_none());
                }
                let want = ports.map(|p| match p {
                    PortAddressing::Bits8 { destination, origin } => crate::udh::Ports { destination: destination.into(), origin: origin.into() },
                    PortAddressing::Bits16 { destination, origin } => crate::udh::Ports { destination, origin },
                });
                prop_assert_eq!(udh.ports(), want);
                (GsmTables::from_udh(&udh), rest, udh.len())
            } else {
                prop_assert!(ports.is_none());
                (GsmTables::DEFAULT, data, 0)
            };
            if method != Method::Payload {
                // On air: 140 octets of user data at most. SAR parts get an 8-bit
                // concatenation element from the SMSC.
                let air_udh = match (method, total > 1, udh_len) {
                    (Method::Sar, true, 0) => 6,
                    (Method::Sar, true, n) => n + 5,
                    _ => udh_len,
                };
                let bits = match enc {
                    Encoding::Gsm7(_) => air_udh * 8 + usize::from(packed::fill_bits(air_udh)) + 7 * seg.units(),
                    Encoding::Ucs2 => 8 * (air_udh + 2 * seg.units()),
                    _ => 8 * (air_udh + seg.units()),
                };
                prop_assert!(bits <= 1120, "segment too long: {} bits", bits);
                prop_assert!(n <= 254);
            }
            let piece = match enc {
                Encoding::Gsm7(t) => {
                    prop_assert_eq!(tables, t);
                    if packed_gsm {
                        packed::decode_to_string(body, packed::fill_bits(udh_len), Some(seg.units()), tables, OnError::Fail)
                    } else {
                        decode_to_string(body, Encoding::Gsm7(tables), OnError::Fail)
                    }
                }
                other => decode_to_string(body, other, OnError::Fail),
            };
            // Decoding each segment alone succeeds: no escape or surrogate pair was cut.
            let piece = piece.unwrap();
            prop_assert_eq!(piece.as_str(), seg.text());
            joined.push_str(&piece);
            units += seg.units();
            last_units = seg.units();
        }
        prop_assert_eq!(joined, text);
        prop_assert_eq!(counted.units, units);
        prop_assert_eq!(counted.remaining_in_last, counted.units_per_segment - last_units);
    }
}

//! Replays the fuzz seed corpus (`fuzz/corpus/<target>/`, every target's: any bytes must pass
//! the codec harness) through the fuzz harness, so every input the fuzzers start from is also
//! checked by `cargo test`.
//!
//! The seeds are written by the ignored test below, from valid frames of every PDU kind:
//!
//! ```text
//! cargo test -p smpp-proto --test fuzz_corpus -- --ignored write_seed_corpus
//! ```
//!
//! A packaged copy of the crate (crates.io, `cargo package`) ships without the corpus, which
//! lives in the workspace's `fuzz/` folder: there the replay is skipped with a note on stderr,
//! and the seeds are still checked to decode. In the workspace a missing corpus fails.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use smpp_proto::fuzzing::streaming_roundtrip;
use smpp_proto::*;

/// Every PDU kind this crate knows, each seeded into both targets' corpora.
const KINDS: usize = 34;
/// A missing or emptied corpus must fail, not pass vacuously.
const MIN_FILES: usize = 2 * KINDS;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus")
}

/// The corpus folder, or `None` (with the reason on stderr, past the test harness's capture)
/// in a packaged copy of the crate, recognised by the `Cargo.toml.orig` that `cargo package`
/// writes.
fn corpus_if_present(test: &str) -> Option<PathBuf> {
    let root = corpus_dir();
    if root.is_dir() {
        return Some(root);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if manifest.join("Cargo.toml.orig").is_file() {
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped the fuzz corpus: a packaged smpp-proto has none ({} is absent)",
            root.display()
        );
        return None;
    }
    panic!("no fuzz corpus at {}", root.display());
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn replay_fuzz_corpus() {
    let Some(root) = corpus_if_present("replay_fuzz_corpus") else {
        return;
    };
    let mut replayed = 0;
    let mut targets = Vec::new();
    for target in
        fs::read_dir(&root).unwrap_or_else(|e| panic!("no fuzz corpus at {}: {e}", root.display()))
    {
        let target = target.unwrap().path();
        if !target.is_dir() {
            continue;
        }
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for file in files_in(&target) {
            let data = fs::read(&file).unwrap();
            let run = std::panic::catch_unwind(|| {
                fuzzing::decode_and_roundtrip(&data);
                if name == "roundtrip" {
                    streaming_roundtrip(&data);
                }
            });
            assert!(run.is_ok(), "{} fails the fuzz harness", file.display());
            replayed += 1;
        }
        targets.push(name);
    }
    for own in ["decode", "roundtrip"] {
        assert!(
            targets.iter().any(|t| t == own),
            "no corpus for the {own} target"
        );
    }
    assert!(
        replayed >= MIN_FILES,
        "only {replayed} corpus files replayed from {}; expected at least {MIN_FILES}",
        root.display()
    );
}

/// The seed frames decode: each seed of the `decode` corpus named after a PDU kind is that kind.
#[test]
fn decode_seeds_are_valid_frames() {
    let dir = corpus_if_present("decode_seeds_are_valid_frames").map(|root| root.join("decode"));
    let mut kinds = std::collections::BTreeSet::new();
    for (name, bytes) in seeds() {
        if let Some(dir) = &dir {
            let on_disk = fs::read(dir.join(&name))
                .unwrap_or_else(|e| panic!("seed {name} missing (regenerate the corpus): {e}"));
            assert_eq!(
                on_disk, bytes,
                "seed {name} is stale (regenerate the corpus)"
            );
        }
        if let Ok(frame) = Frame::decode(&bytes) {
            kinds.insert(frame.command_id().name());
        }
    }
    assert_eq!(kinds.len(), KINDS, "kinds seeded: {kinds:?}");
}

/// Writes the seed corpus. Run by hand after changing the seeds (see the module docs).
#[test]
#[ignore]
fn write_seed_corpus() {
    let root = corpus_dir();
    for target in ["decode", "roundtrip"] {
        fs::create_dir_all(root.join(target)).unwrap();
    }
    let all = seeds();
    for (name, bytes) in &all {
        fs::write(root.join("decode").join(name), bytes).unwrap();
    }
    // roundtrip: the first octet picks the chunk sizes, then a stream of frames.
    let enquire = Frame::request(99, Pdu::EnquireLink(HeaderOnly::EMPTY_BODY))
        .to_vec()
        .unwrap();
    for (i, (name, bytes)) in all.iter().enumerate() {
        let mut data = vec![(i * 7 % 40) as u8];
        data.extend_from_slice(bytes);
        data.extend_from_slice(&enquire);
        fs::write(root.join("roundtrip").join(name), data).unwrap();
    }
}

const SMS_TEXT: &[u8] = b"Your verification code is 482913. Thanks";
const RECEIPT: &[u8] = b"id:0123456789 sub:001 dlvrd:001 submit date:2511220339 \
done date:2511220340 stat:DELIVRD err:000 text:Your verification co";

fn relative() -> SmppTime {
    SmppTime::Relative {
        years: 0,
        months: 0,
        days: 1,
        hours: 2,
        minutes: 30,
        seconds: 0,
    }
}

fn absolute() -> SmppTime {
    SmppTime::Absolute {
        year: 25,
        month: 11,
        day: 22,
        hour: 3,
        minute: 39,
        second: 5,
        tenths: 0,
        utc_offset_quarters: 4,
    }
}

/// One valid frame per PDU kind (and a few variants), as (file name, octets).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let sar = [
        Tlv::from_u16(TlvTag::SAR_MSG_REF_NUM, 0x1234),
        Tlv::from_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2),
        Tlv::from_u8(TlvTag::SAR_SEGMENT_SEQNUM, 1),
    ];
    let umr = [Tlv::from_u16(TlvTag::USER_MESSAGE_REFERENCE, 42)];
    let receipt_tlvs = [
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"0123456789\0").unwrap(),
        Tlv::from_u8(TlvTag::MESSAGE_STATE, MessageState::DELIVERED.0),
        Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]).unwrap(),
    ];
    let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &[0x41; 300]).unwrap()];
    let data_sm_tlvs = [
        Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"hello over data_sm").unwrap(),
        Tlv::from_u16(TlvTag::SOURCE_PORT, 2948),
        Tlv::from_u16(TlvTag::DESTINATION_PORT, 9200),
    ];
    let sc_version = [Tlv::from_u8(TlvTag::SC_INTERFACE_VERSION, 0x34)];
    let congestion = [Tlv::from_u8(TlvTag::CONGESTION_STATE, 80)];
    let vendor = [
        Tlv::new(TlvTag(0x1401), b"vendor").unwrap(),
        Tlv::flag(TlvTag::ALERT_ON_MESSAGE_DELIVERY),
    ];
    let status_text = [Tlv::new(TlvTag::ADDITIONAL_STATUS_INFO_TEXT, b"throttled\0").unwrap()];
    let broadcast = [
        Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0, 0x12, 0x34]).unwrap(),
        Tlv::new(TlvTag::BROADCAST_CONTENT_TYPE, &[0, 0, 1]).unwrap(),
        Tlv::from_u16(TlvTag::BROADCAST_REP_NUM, 3),
        Tlv::new(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[9, 0, 5]).unwrap(),
        Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"cell broadcast").unwrap(),
    ];
    let broadcast_status = [
        Tlv::from_u8(TlvTag::MESSAGE_STATE, MessageState::DELIVERED.0),
        Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0, 0x12, 0x34]).unwrap(),
        Tlv::from_u8(TlvTag::BROADCAST_AREA_SUCCESS, 100),
    ];
    let dests = [
        DestAddress::Sme {
            dest_addr_ton: Ton::INTERNATIONAL,
            dest_addr_npi: Npi::ISDN,
            destination_addr: COctetString::new("61481076483").unwrap(),
        },
        DestAddress::Sme {
            dest_addr_ton: Ton::INTERNATIONAL,
            dest_addr_npi: Npi::ISDN,
            destination_addr: COctetString::new("447700900123").unwrap(),
        },
        DestAddress::DistributionList {
            dl_name: COctetString::new("staff").unwrap(),
        },
    ];
    let unsuccess = [UnsuccessSme {
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: COctetString::new("447700900123").unwrap(),
        error_status_code: CommandStatus(0x0000_000B),
    }];

    let bind = Bind::new()
        .system_id("smppclient1")
        .unwrap()
        .password("password")
        .unwrap()
        .system_type("VMS")
        .unwrap()
        .interface_version(InterfaceVersion::V34)
        .addr_ton(Ton::INTERNATIONAL)
        .addr_npi(Npi::ISDN)
        .address_range("^614")
        .unwrap();
    let bind_resp = BindResp::new()
        .system_id("SMSC")
        .unwrap()
        .with_tlvs(&sc_version);
    let submit = SubmitSm::new()
        .source_addr_ton(Ton::ALPHANUMERIC)
        .source_addr("SENDER")
        .unwrap()
        .dest_addr_ton(Ton::INTERNATIONAL)
        .dest_addr_npi(Npi::ISDN)
        .destination_addr("61481076483")
        .unwrap()
        .registered_delivery(RegisteredDelivery::RECEIPT)
        .short_message(SMS_TEXT)
        .unwrap()
        .with_tlvs(&umr);
    let deliver = DeliverSm::new()
        .source_addr_ton(Ton::INTERNATIONAL)
        .source_addr_npi(Npi::ISDN)
        .source_addr("61481076483")
        .unwrap()
        .destination_addr("SENDER")
        .unwrap()
        .esm_class(EsmClass(EsmClass::DELIVERY_RECEIPT))
        .short_message(RECEIPT)
        .unwrap()
        .with_tlvs(&receipt_tlvs);
    let ok = CommandStatus::ESME_ROK;
    let throttled = CommandStatus(0x58);

    let frames: Vec<(&str, Frame<'_>)> = vec![
        ("bind_receiver", Frame::request(1, Pdu::BindReceiver(bind))),
        (
            "bind_transmitter",
            Frame::request(2, Pdu::BindTransmitter(bind)),
        ),
        (
            "bind_transceiver",
            Frame::request(3, Pdu::BindTransceiver(bind)),
        ),
        (
            "bind_receiver_resp",
            Frame::response(1, ok, Pdu::BindReceiverResp(bind_resp)),
        ),
        (
            "bind_transmitter_resp",
            Frame::response(2, ok, Pdu::BindTransmitterResp(bind_resp)),
        ),
        (
            "bind_transceiver_resp",
            Frame::response(3, ok, Pdu::BindTransceiverResp(bind_resp)),
        ),
        (
            "bind_transceiver_resp_refused",
            Frame::response(
                3,
                CommandStatus(0x0E),
                Pdu::BindTransceiverResp(BindResp::new()),
            ),
        ),
        (
            "outbind",
            Frame::request(
                4,
                Pdu::Outbind(
                    Outbind::new()
                        .system_id("SMSC")
                        .unwrap()
                        .password("secret")
                        .unwrap(),
                ),
            ),
        ),
        (
            "unbind",
            Frame::request(5, Pdu::Unbind(HeaderOnly::EMPTY_BODY)),
        ),
        (
            "unbind_resp",
            Frame::response(5, ok, Pdu::UnbindResp(HeaderOnly::EMPTY_BODY)),
        ),
        (
            "generic_nack",
            Frame::response(
                6,
                CommandStatus(0x03),
                Pdu::GenericNack(HeaderOnly::EMPTY_BODY),
            ),
        ),
        (
            "enquire_link",
            Frame::request(7, Pdu::EnquireLink(HeaderOnly::EMPTY_BODY)),
        ),
        (
            "enquire_link_resp",
            Frame::response(
                7,
                ok,
                Pdu::EnquireLinkResp(HeaderOnly::new().with_tlvs(&congestion)),
            ),
        ),
        ("submit_sm", Frame::request(8, Pdu::SubmitSm(submit))),
        (
            "submit_sm_scheduled",
            Frame::request(
                9,
                Pdu::SubmitSm(
                    submit
                        .schedule_delivery_time(absolute())
                        .validity_period(relative())
                        .data_coding(DataCoding(8))
                        .with_tlvs(&sar),
                ),
            ),
        ),
        (
            "submit_sm_payload",
            Frame::request(
                10,
                Pdu::SubmitSm(submit.short_message(b"").unwrap().with_tlvs(&payload)),
            ),
        ),
        (
            "submit_sm_resp",
            Frame::response(
                8,
                ok,
                Pdu::SubmitSmResp(SubmitSmResp::new().message_id("0123456789").unwrap()),
            ),
        ),
        (
            "submit_sm_resp_throttled",
            Frame::response(
                9,
                throttled,
                Pdu::SubmitSmResp(SubmitSmResp::new().with_tlvs(&status_text)),
            ),
        ),
        (
            "deliver_sm_receipt",
            Frame::request(11, Pdu::DeliverSm(deliver)),
        ),
        (
            "deliver_sm_mo",
            Frame::request(
                12,
                Pdu::DeliverSm(
                    deliver
                        .esm_class(EsmClass(0))
                        .short_message(b"STOP")
                        .unwrap()
                        .with_tlvs(&vendor),
                ),
            ),
        ),
        (
            "deliver_sm_resp",
            Frame::response(11, ok, Pdu::DeliverSmResp(DeliverSmResp::new())),
        ),
        (
            "submit_multi",
            Frame::request(
                13,
                Pdu::SubmitMulti(
                    SubmitMulti::new()
                        .source_addr("SENDER")
                        .unwrap()
                        .dest_addresses(DestAddresses::Items(&dests))
                        .short_message(SMS_TEXT)
                        .unwrap(),
                ),
            ),
        ),
        (
            "submit_multi_resp",
            Frame::response(
                13,
                ok,
                Pdu::SubmitMultiResp(
                    SubmitMultiResp::new()
                        .message_id("m-77")
                        .unwrap()
                        .unsuccess_smes(UnsuccessSmes::Items(&unsuccess)),
                ),
            ),
        ),
        (
            "data_sm",
            Frame::request(
                14,
                Pdu::DataSm(
                    DataSm::new()
                        .source_addr("61481076483")
                        .unwrap()
                        .destination_addr("1234")
                        .unwrap()
                        .with_tlvs(&data_sm_tlvs),
                ),
            ),
        ),
        (
            "data_sm_resp",
            Frame::response(
                14,
                ok,
                Pdu::DataSmResp(DataSmResp::new().message_id("d-1").unwrap()),
            ),
        ),
        (
            "query_sm",
            Frame::request(
                15,
                Pdu::QuerySm(
                    QuerySm::new()
                        .message_id("0123456789")
                        .unwrap()
                        .source_addr("SENDER")
                        .unwrap(),
                ),
            ),
        ),
        (
            "query_sm_resp",
            Frame::response(
                15,
                ok,
                Pdu::QuerySmResp(
                    QuerySmResp::new()
                        .message_id("0123456789")
                        .unwrap()
                        .final_date(absolute())
                        .message_state(MessageState::DELIVERED),
                ),
            ),
        ),
        (
            "cancel_sm",
            Frame::request(
                16,
                Pdu::CancelSm(
                    CancelSm::new()
                        .message_id("0123456789")
                        .unwrap()
                        .source_addr("SENDER")
                        .unwrap()
                        .destination_addr("61481076483")
                        .unwrap(),
                ),
            ),
        ),
        (
            "cancel_sm_resp",
            Frame::response(16, ok, Pdu::CancelSmResp(HeaderOnly::EMPTY_BODY)),
        ),
        (
            "replace_sm",
            Frame::request(
                17,
                Pdu::ReplaceSm(
                    ReplaceSm::new()
                        .message_id("0123456789")
                        .unwrap()
                        .source_addr("SENDER")
                        .unwrap()
                        .validity_period(relative())
                        .short_message(b"Replaced text")
                        .unwrap(),
                ),
            ),
        ),
        (
            "replace_sm_resp",
            Frame::response(17, ok, Pdu::ReplaceSmResp(HeaderOnly::EMPTY_BODY)),
        ),
        (
            "alert_notification",
            Frame::request(
                18,
                Pdu::AlertNotification(
                    AlertNotification::new()
                        .source_addr_ton(Ton::INTERNATIONAL)
                        .source_addr("61481076483")
                        .unwrap()
                        .esme_addr("1234")
                        .unwrap(),
                ),
            ),
        ),
        (
            "broadcast_sm",
            Frame::request(
                19,
                Pdu::BroadcastSm(
                    BroadcastSm::new()
                        .source_addr("SENDER")
                        .unwrap()
                        .validity_period(relative())
                        .with_tlvs(&broadcast),
                ),
            ),
        ),
        (
            "broadcast_sm_resp",
            Frame::response(
                19,
                ok,
                Pdu::BroadcastSmResp(BroadcastSmResp::new().message_id("b-1").unwrap()),
            ),
        ),
        (
            "query_broadcast_sm",
            Frame::request(
                20,
                Pdu::QueryBroadcastSm(
                    QueryBroadcastSm::new()
                        .message_id("b-1")
                        .unwrap()
                        .source_addr("SENDER")
                        .unwrap(),
                ),
            ),
        ),
        (
            "query_broadcast_sm_resp",
            Frame::response(
                20,
                ok,
                Pdu::QueryBroadcastSmResp(
                    QueryBroadcastSmResp::new()
                        .message_id("b-1")
                        .unwrap()
                        .with_tlvs(&broadcast_status),
                ),
            ),
        ),
        (
            "cancel_broadcast_sm",
            Frame::request(
                21,
                Pdu::CancelBroadcastSm(
                    CancelBroadcastSm::new()
                        .message_id("b-1")
                        .unwrap()
                        .source_addr("SENDER")
                        .unwrap(),
                ),
            ),
        ),
        (
            "cancel_broadcast_sm_resp",
            Frame::response(21, ok, Pdu::CancelBroadcastSmResp(HeaderOnly::EMPTY_BODY)),
        ),
    ];

    let mut out: Vec<(String, Vec<u8>)> = frames
        .iter()
        .map(|(name, frame)| {
            let bytes = frame.to_vec().unwrap();
            assert_eq!(
                Frame::decode(&bytes).as_ref(),
                Ok(frame),
                "seed {name} does not round-trip"
            );
            (format!("{name}.bin"), bytes)
        })
        .collect();

    // Not a known operation: decodes as Unknown.
    let mut vendor_pdu = vec![0, 0, 0, 20, 0x00, 0x01, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 22];
    vendor_pdu.extend_from_slice(b"abcd");
    out.push(("unknown_command.bin".into(), vendor_pdu));
    // Several frames back to back, the last one cut short, as one socket read holds them.
    let mut stream = Vec::new();
    for name in [
        "submit_sm.bin",
        "enquire_link.bin",
        "deliver_sm_receipt.bin",
    ] {
        stream.extend_from_slice(&out.iter().find(|(n, _)| n == name).unwrap().1);
    }
    stream.truncate(stream.len() - 5);
    out.push(("stream_three_frames.bin".into(), stream));
    out
}

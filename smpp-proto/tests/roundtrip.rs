//! Property tests: every PDU type round-trips, encodes to exactly its length, refuses small
//! buffers without touching them, and every strict prefix of a frame needs more bytes.

use proptest::prelude::*;
use smpp_proto::*;

/// Owned random material from which a borrowed PDU of any kind is built.
#[derive(Debug, Clone)]
struct Pool {
    strs: Vec<Vec<u8>>,
    bytes: Vec<u8>,
    nums: Vec<u8>,
    tlvs: Vec<(u16, Vec<u8>)>,
    dests: Vec<(bool, u8, u8, usize)>,
    status_codes: Vec<u32>,
}

fn c_octets() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(1u8..=255, 0..70)
}

fn tlv() -> impl Strategy<Value = (u16, Vec<u8>)> {
    let known = prop::sample::select(TlvTag::ALL.to_vec()).prop_flat_map(|tag| {
        let (min, max) = tag.allowed_len().unwrap();
        let max = max.min(300);
        (
            Just(tag.0),
            prop::collection::vec(any::<u8>(), min as usize..=max as usize),
        )
    });
    let unknown = (any::<u16>(), prop::collection::vec(any::<u8>(), 0..40))
        .prop_filter("unknown tag", |(t, _)| TlvTag(*t).allowed_len().is_none());
    prop_oneof![known, unknown]
}

fn pool() -> impl Strategy<Value = Pool> {
    (
        prop::collection::vec(c_octets(), 12),
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::vec(any::<u8>(), 16),
        prop::collection::vec(tlv(), 0..5),
        prop::collection::vec((any::<bool>(), any::<u8>(), any::<u8>(), 0usize..12), 0..6),
        prop::collection::vec(any::<u32>(), 6),
    )
        .prop_map(|(strs, bytes, nums, tlvs, dests, status_codes)| Pool {
            strs,
            bytes,
            nums,
            tlvs,
            dests,
            status_codes,
        })
}

fn s<'a, const MAX: usize, const D: usize>(p: &'a Pool, i: usize) -> COctetString<'a, MAX, D> {
    let v = &p.strs[i % p.strs.len()];
    COctetString::from_bytes(&v[..v.len().min(MAX - 1)]).unwrap()
}

fn time(p: &Pool, i: usize) -> TimeField {
    let n = p.nums[i % 16];
    match n % 3 {
        0 => TimeField::EMPTY,
        1 => TimeField::from_time(SmppTime::Relative {
            years: n % 100,
            months: 1,
            days: 2,
            hours: 3,
            minutes: 4,
            seconds: 5,
        }),
        _ => TimeField::from_time(SmppTime::Absolute {
            year: n % 100,
            month: 1 + n % 12,
            day: 1 + n % 28,
            hour: n % 24,
            minute: n % 60,
            second: n % 60,
            tenths: n % 10,
            utc_offset_quarters: (n % 97) as i8 - 48,
        }),
    }
}

fn sm(p: &Pool) -> ShortMessage<'_> {
    ShortMessage::new(&p.bytes[..p.bytes.len().min(254)]).unwrap()
}

fn n(p: &Pool, i: usize) -> u8 {
    p.nums[i % 16]
}

const KINDS: u32 = 34;

/// The PDU kind `k` built from the pool; `tlvs` and the lists are owned by the caller.
fn build<'a>(
    k: u32,
    p: &'a Pool,
    tlvs: &'a [Tlv<'a>],
    dests: &'a [DestAddress<'a>],
    unsuccess: &'a [UnsuccessSme<'a>],
) -> Pdu<'a> {
    let t = Tlvs::Items(tlvs);
    let bind = Bind {
        system_id: s(p, 0),
        password: s(p, 1),
        system_type: s(p, 2),
        interface_version: InterfaceVersion(n(p, 0)),
        addr_ton: Ton(n(p, 1)),
        addr_npi: Npi(n(p, 2)),
        address_range: s(p, 3),
        tlvs: t,
    };
    let bind_resp = BindResp {
        system_id: s(p, 4),
        tlvs: t,
    };
    let header_only = HeaderOnly { tlvs: t };
    macro_rules! short_message {
        ($ty:ident) => {
            $ty {
                service_type: s(p, 0),
                source_addr_ton: Ton(n(p, 1)),
                source_addr_npi: Npi(n(p, 2)),
                source_addr: s(p, 1),
                dest_addr_ton: Ton(n(p, 3)),
                dest_addr_npi: Npi(n(p, 4)),
                destination_addr: s(p, 2),
                esm_class: EsmClass(n(p, 5)),
                protocol_id: n(p, 6),
                priority_flag: PriorityFlag(n(p, 7)),
                schedule_delivery_time: time(p, 8),
                validity_period: time(p, 9),
                registered_delivery: RegisteredDelivery(n(p, 10)),
                replace_if_present_flag: n(p, 11),
                data_coding: DataCoding(n(p, 12)),
                sm_default_msg_id: n(p, 13),
                short_message: sm(p),
                tlvs: t,
            }
        };
    }
    match k {
        0 => Pdu::BindReceiver(bind),
        1 => Pdu::BindTransmitter(bind),
        2 => Pdu::BindTransceiver(bind),
        3 => Pdu::BindReceiverResp(bind_resp),
        4 => Pdu::BindTransmitterResp(bind_resp),
        5 => Pdu::BindTransceiverResp(bind_resp),
        6 => Pdu::Outbind(Outbind {
            system_id: s(p, 5),
            password: s(p, 6),
            tlvs: t,
        }),
        7 => Pdu::Unbind(header_only),
        8 => Pdu::UnbindResp(header_only),
        9 => Pdu::GenericNack(header_only),
        10 => Pdu::EnquireLink(header_only),
        11 => Pdu::EnquireLinkResp(header_only),
        12 => Pdu::SubmitSm(short_message!(SubmitSm)),
        13 => Pdu::DeliverSm(short_message!(DeliverSm)),
        14 => Pdu::SubmitSmResp(SubmitSmResp {
            message_id: s(p, 7),
            tlvs: t,
        }),
        15 => Pdu::DeliverSmResp(DeliverSmResp {
            message_id: s(p, 7),
            tlvs: t,
        }),
        16 => Pdu::SubmitMulti(SubmitMulti {
            service_type: s(p, 0),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            dest_addresses: DestAddresses::Items(dests),
            esm_class: EsmClass(n(p, 5)),
            protocol_id: n(p, 6),
            priority_flag: PriorityFlag(n(p, 7)),
            schedule_delivery_time: time(p, 8),
            validity_period: time(p, 9),
            registered_delivery: RegisteredDelivery(n(p, 10)),
            replace_if_present_flag: n(p, 11),
            data_coding: DataCoding(n(p, 12)),
            sm_default_msg_id: n(p, 13),
            short_message: sm(p),
            tlvs: t,
        }),
        17 => Pdu::SubmitMultiResp(SubmitMultiResp {
            message_id: s(p, 8),
            unsuccess_smes: UnsuccessSmes::Items(unsuccess),
            tlvs: t,
        }),
        18 => Pdu::DataSm(DataSm {
            service_type: s(p, 0),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            dest_addr_ton: Ton(n(p, 3)),
            dest_addr_npi: Npi(n(p, 4)),
            destination_addr: s(p, 2),
            esm_class: EsmClass(n(p, 5)),
            registered_delivery: RegisteredDelivery(n(p, 10)),
            data_coding: DataCoding(n(p, 12)),
            tlvs: t,
        }),
        19 => Pdu::DataSmResp(DataSmResp {
            message_id: s(p, 9),
            tlvs: t,
        }),
        20 => Pdu::QuerySm(QuerySm {
            message_id: s(p, 9),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            tlvs: t,
        }),
        21 => Pdu::QuerySmResp(QuerySmResp {
            message_id: s(p, 9),
            final_date: time(p, 3),
            message_state: MessageState(n(p, 4)),
            error_code: n(p, 5),
            tlvs: t,
        }),
        22 => Pdu::CancelSm(CancelSm {
            service_type: s(p, 0),
            message_id: s(p, 9),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            dest_addr_ton: Ton(n(p, 3)),
            dest_addr_npi: Npi(n(p, 4)),
            destination_addr: s(p, 2),
            tlvs: t,
        }),
        23 => Pdu::CancelSmResp(header_only),
        24 => Pdu::ReplaceSm(ReplaceSm {
            message_id: s(p, 9),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            schedule_delivery_time: time(p, 8),
            validity_period: time(p, 9),
            registered_delivery: RegisteredDelivery(n(p, 10)),
            sm_default_msg_id: n(p, 13),
            short_message: sm(p),
            tlvs: t,
        }),
        25 => Pdu::ReplaceSmResp(header_only),
        26 => Pdu::AlertNotification(AlertNotification {
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 10),
            esme_addr_ton: Ton(n(p, 3)),
            esme_addr_npi: Npi(n(p, 4)),
            esme_addr: s(p, 11),
            tlvs: t,
        }),
        27 => Pdu::BroadcastSm(BroadcastSm {
            service_type: s(p, 0),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            message_id: s(p, 9),
            priority_flag: PriorityFlag(n(p, 7)),
            schedule_delivery_time: time(p, 8),
            validity_period: time(p, 9),
            replace_if_present_flag: n(p, 11),
            data_coding: DataCoding(n(p, 12)),
            sm_default_msg_id: n(p, 13),
            tlvs: t,
        }),
        28 => Pdu::BroadcastSmResp(BroadcastSmResp {
            message_id: s(p, 9),
            tlvs: t,
        }),
        29 => Pdu::QueryBroadcastSm(QueryBroadcastSm {
            message_id: s(p, 9),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            tlvs: t,
        }),
        30 => Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp {
            message_id: s(p, 9),
            tlvs: t,
        }),
        31 => Pdu::CancelBroadcastSm(CancelBroadcastSm {
            service_type: s(p, 0),
            message_id: s(p, 9),
            source_addr_ton: Ton(n(p, 1)),
            source_addr_npi: Npi(n(p, 2)),
            source_addr: s(p, 1),
            tlvs: t,
        }),
        32 => Pdu::CancelBroadcastSmResp(header_only),
        _ => Pdu::Unknown {
            command_id: 0x0001_0200 + u32::from(n(p, 0)),
            body: &p.bytes,
        },
    }
}

/// The 5.0 PDUs that require TLVs get them, so every generated value is valid.
fn required_tlvs(k: u32) -> Vec<Tlv<'static>> {
    match k {
        27 => vec![
            Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\x00area").unwrap(),
            Tlv::new(TlvTag::BROADCAST_CONTENT_TYPE, &[0, 0, 1]).unwrap(),
            Tlv::from_u16(TlvTag::BROADCAST_REP_NUM, 2),
            Tlv::new(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[9, 0, 5]).unwrap(),
        ],
        30 => vec![
            Tlv::from_u8(TlvTag::MESSAGE_STATE, 2),
            Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\x00area").unwrap(),
            Tlv::from_u8(TlvTag::BROADCAST_AREA_SUCCESS, 100),
        ],
        _ => vec![],
    }
}

fn with_frame(k: u32, p: &Pool, status: u32, seq: u32, check: impl FnOnce(&Frame<'_>)) {
    let mut tlvs: Vec<Tlv<'_>> = p
        .tlvs
        .iter()
        .map(|(tag, v)| Tlv::new(TlvTag(*tag), v).unwrap())
        .collect();
    tlvs.extend(required_tlvs(k));
    let dests: Vec<DestAddress<'_>> = p
        .dests
        .iter()
        .map(|&(sme, ton, npi, i)| {
            if sme {
                DestAddress::Sme {
                    dest_addr_ton: Ton(ton),
                    dest_addr_npi: Npi(npi),
                    destination_addr: s(p, i),
                }
            } else {
                DestAddress::DistributionList { dl_name: s(p, i) }
            }
        })
        .collect();
    let unsuccess: Vec<UnsuccessSme<'_>> = p
        .dests
        .iter()
        .zip(&p.status_codes)
        .map(|(&(_, ton, npi, i), &code)| UnsuccessSme {
            dest_addr_ton: Ton(ton),
            dest_addr_npi: Npi(npi),
            destination_addr: s(p, i),
            error_status_code: CommandStatus(code),
        })
        .collect();
    let pdu = build(k, p, &tlvs, &dests, &unsuccess);
    let status = if pdu.is_response() { status } else { 0 };
    check(&Frame::response(seq, CommandStatus(status), pdu));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_pdu_roundtrips(k in 0..KINDS, p in pool(), status in prop_oneof![Just(0u32), any::<u32>()], seq in any::<u32>()) {
        with_frame(k, &p, status, seq, |frame| {
            let len = frame.encoded_len();
            let mut buf = vec![0u8; len];
            let n = frame.encode(&mut buf).unwrap();
            assert_eq!(n, len);
            assert_eq!(u32::from_be_bytes(buf[..4].try_into().unwrap()) as usize, len);
            let back = Frame::decode(&buf).unwrap();
            assert_eq!(&back, frame);
            assert_eq!(back.command_id(), frame.command_id());
            // A decoded frame re-encodes byte for byte.
            assert_eq!(back.to_vec().unwrap(), buf);
        });
    }

    #[test]
    fn small_buffers_are_refused_untouched(k in 0..KINDS, p in pool(), short_by in 1usize..40) {
        with_frame(k, &p, 0, 1, |frame| {
            let len = frame.encoded_len();
            let mut buf = vec![0xAAu8; len.saturating_sub(short_by)];
            assert_eq!(frame.encode(&mut buf), Err(EncodeError::BufferTooSmall { required: len }));
            assert!(buf.iter().all(|&b| b == 0xAA));
        });
    }

    #[test]
    fn every_strict_prefix_needs_more(k in 0..KINDS, p in pool()) {
        with_frame(k, &p, 0, 1, |frame| {
            let bytes = frame.to_vec().unwrap();
            for cut in 0..bytes.len() {
                let prefix = &bytes[..cut];
                match peek_frame(prefix, DEFAULT_MAX_COMMAND_LENGTH).unwrap() {
                    FrameStatus::Incomplete { needed } => {
                        assert!(needed >= 1 && needed <= bytes.len() - cut);
                    }
                    FrameStatus::Complete(_) => panic!("prefix of {cut} octets reported complete"),
                }
                assert!(Frame::decode(prefix).is_err());
                assert_eq!(Frames::new(prefix, DEFAULT_MAX_COMMAND_LENGTH).count(), 0);
            }
            assert_eq!(peek_frame(&bytes, DEFAULT_MAX_COMMAND_LENGTH), Ok(FrameStatus::Complete(bytes.len())));
        });
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..400)) {
        smpp_proto::fuzzing::decode_and_roundtrip(&data);
    }

    #[test]
    fn mutated_frames_never_panic_and_errors_map_to_known_status(
        k in 0..KINDS, p in pool(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)
    ) {
        with_frame(k, &p, 0, 1, |frame| {
            let mut bytes = frame.to_vec().unwrap();
            for (i, v) in &flips {
                let at = i.index(bytes.len() - 4) + 4; // keep command_length so the body is parsed
                bytes[at] = *v;
            }
            smpp_proto::fuzzing::decode_and_roundtrip(&bytes);
            if let Err(e) = Frame::decode(&bytes) {
                assert!(e.command_status().name().is_some(), "{e:?}");
                assert!(e.offset() <= bytes.len());
                let _ = e.to_string();
            }
        });
    }
}

#[test]
fn several_pdus_in_one_buffer_in_any_chunking() {
    let sm = SubmitSm::new()
        .source_addr("SENDER")
        .unwrap()
        .destination_addr("61481076483")
        .unwrap()
        .short_message(b"hi")
        .unwrap();
    let mut stream = Vec::new();
    for seq in 1..=5 {
        stream.extend(Frame::request(seq, Pdu::SubmitSm(sm)).to_vec().unwrap());
        stream.extend(
            Frame::request(seq + 100, Pdu::EnquireLink(HeaderOnly::default()))
                .to_vec()
                .unwrap(),
        );
    }
    for chunk in 1..=stream.len() {
        // Feed the stream in chunks of `chunk` octets into a growing buffer, as a driver would.
        let mut buf: Vec<u8> = Vec::new();
        let mut seqs = Vec::new();
        for piece in stream.chunks(chunk) {
            buf.extend_from_slice(piece);
            let mut frames = Frames::new(&buf, DEFAULT_MAX_COMMAND_LENGTH);
            for f in frames.by_ref() {
                seqs.push(f.unwrap().sequence_number);
            }
            let used = frames.consumed();
            buf.drain(..used);
        }
        assert!(buf.is_empty());
        assert_eq!(seqs, vec![1, 101, 2, 102, 3, 103, 4, 104, 5, 105]);
    }
}

//! Every SMPP 3.4 and 5.0 PDU body, and the [`Pdu`] enum that holds any of them.

mod bind;
mod broadcast;
pub(crate) mod macros;
mod multi;
mod query;
mod sm;

pub use bind::{Bind, BindResp, Outbind};
pub use broadcast::{
    BroadcastSm, BroadcastSmResp, CancelBroadcastSm, QueryBroadcastSm, QueryBroadcastSmResp,
};
pub use multi::{
    DestAddress, DestAddresses, SubmitMulti, SubmitMultiResp, UnsuccessSme, UnsuccessSmes,
};
pub use query::{AlertNotification, CancelSm, HeaderOnly, QuerySm, QuerySmResp, ReplaceSm};
pub use sm::{DataSm, DataSmResp, DeliverSm, DeliverSmResp, SubmitSm, SubmitSmResp};

use crate::error::{Field, ParseError, ParseErrorKind};
use crate::header::HEADER_LEN;
use crate::tlv::TlvTag;
use crate::values::{CommandId, CommandStatus};
use crate::wire::Reader;

macro_rules! pdus {
    ($( $(#[$m:meta])* $variant:ident($ty:ident, $lenient:literal), )*) => {
        /// Any PDU body, tagged by its operation. Decoded bodies borrow from the input buffer.
        ///
        /// Responses whose body the specification omits on error (bind_*_resp, submit_sm_resp,
        /// ...) decode from an empty body, and encode with an empty body when their status is
        /// not ESME_ROK and their fields are all empty (SMPP.md §2.2).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Pdu<'a> {
            $( $(#[$m])* $variant($ty<'a>), )*
            /// An operation this crate does not know: answer it with generic_nack ESME_RINVCMDID.
            Unknown {
                /// The command_id as read.
                command_id: u32,
                /// The body as read.
                body: &'a [u8],
            },
        }

        impl<'a> Pdu<'a> {
            /// The operation.
            #[inline]
            pub fn command_id(&self) -> CommandId {
                match self {
                    $( Self::$variant(_) => CommandId::$variant, )*
                    Self::Unknown { command_id, .. } => CommandId::from_u32(*command_id),
                }
            }

            /// The TLVs of this PDU (empty for an unknown one).
            pub fn tlvs(&self) -> crate::Tlvs<'a> {
                match self {
                    $( Self::$variant(b) => b.tlvs, )*
                    Self::Unknown { .. } => crate::Tlvs::EMPTY,
                }
            }

            /// Octets of the body when sent with this command_status.
            #[inline]
            pub fn body_len(&self, status: CommandStatus) -> usize {
                match self {
                    $( Self::$variant(b) => {
                        if $lenient && !status.is_ok() && *b == $ty::default() {
                            0
                        } else {
                            b.body_len()
                        }
                    } )*
                    Self::Unknown { body, .. } => body.len(),
                }
            }

            /// Encodes the whole PDU into `out` (see [`crate::Frame::encode`]): the length, the
            /// header and the body in one dispatch on the PDU kind.
            #[inline]
            pub(crate) fn encode_frame(
                &self,
                status: CommandStatus,
                sequence_number: u32,
                out: &mut [u8],
            ) -> Result<usize, crate::EncodeError> {
                let frame = |id: CommandId, body_len| {
                    crate::codec::FrameOut { command_id: id.as_u32(), status, sequence_number, body_len }
                };
                match self {
                    $( Self::$variant(b) => {
                        let empty = $lenient && !status.is_ok() && *b == $ty::default();
                        let body_len = if empty { 0 } else { b.body_len() };
                        let (len, body) = frame(CommandId::$variant, body_len).start(out)?;
                        let _unwritten = if empty { body.len() } else { b.write_body_into(body) };
                        debug_assert_eq!(_unwritten, 0, "encoded length miscounted");
                        Ok(len)
                    } )*
                    Self::Unknown { command_id, body } => {
                        let id = CommandId::from_u32(*command_id);
                        let (len, dst) = frame(id, body.len()).start(out)?;
                        dst.copy_from_slice(body);
                        Ok(len)
                    }
                }
            }

            /// Parses a whole frame's body straight into the [`crate::Frame`] returned, so the
            /// decoded body is moved once.
            #[inline(always)]
            pub(crate) fn parse_frame(
                command_id: u32,
                status: CommandStatus,
                sequence_number: u32,
                body: &'a [u8],
            ) -> Result<crate::Frame<'a>, ParseError> {
                let frame = |pdu| crate::Frame { command_status: status, sequence_number, pdu };
                match CommandId::from_u32(command_id) {
                    $( CommandId::$variant => {
                        if $lenient && (body.is_empty() || !status.is_ok()) {
                            // Empty or error-response bodies: the detailed path decides.
                            Self::parse_slow(command_id, status, sequence_number, body)
                        } else {
                            match $ty::read_fast(&mut Reader::new(body)) {
                                // The arm's own id, not the raw one, so the test folds away.
                                Some(b) if !needs_tlv_check(CommandId::$variant.as_u32(), status)
                                    || required_tlvs_present(command_id, b.tlvs) =>
                                {
                                    Ok(frame(Self::$variant(b)))
                                }
                                // Re-parse with error detail (cold).
                                _ => Self::parse_slow(command_id, status, sequence_number, body),
                            }
                        }
                    } )*
                    _ => Ok(frame(Self::Unknown { command_id, body })),
                }
            }

            /// Parses the body of a PDU whose header has already been read.
            #[cold]
            #[inline(never)]
            fn parse_slow(
                command_id: u32,
                status: CommandStatus,
                sequence_number: u32,
                body: &'a [u8],
            ) -> Result<crate::Frame<'a>, ParseError> {
                let pdu = Self::parse_body(command_id, status, body)
                    .map_err(|e| e.with_header(command_id, sequence_number))?;
                Ok(crate::Frame { command_status: status, sequence_number, pdu })
            }

            #[inline]
            pub(crate) fn parse_body(
                command_id: u32,
                status: CommandStatus,
                body: &'a [u8],
            ) -> Result<Self, ParseError> {
                let pdu = match CommandId::from_u32(command_id) {
                    $( CommandId::$variant => {
                        if $lenient && body.is_empty() {
                            Self::$variant($ty::default())
                        } else if $lenient && !status.is_ok() {
                            // Error responses may carry a partial or odd body: keep what parses.
                            Self::$variant($ty::read(&mut Reader::new(body)).unwrap_or_default())
                        } else {
                            Self::$variant($ty::read(&mut Reader::new(body))?)
                        }
                    } )*
                    _ => Self::Unknown { command_id, body },
                };
                pdu.check_required_tlvs(status, HEADER_LEN + body.len())?;
                Ok(pdu)
            }
        }
    };
}

pdus! {
    /// bind_receiver.
    BindReceiver(Bind, false),
    /// bind_receiver_resp.
    BindReceiverResp(BindResp, true),
    /// bind_transmitter.
    BindTransmitter(Bind, false),
    /// bind_transmitter_resp.
    BindTransmitterResp(BindResp, true),
    /// bind_transceiver.
    BindTransceiver(Bind, false),
    /// bind_transceiver_resp.
    BindTransceiverResp(BindResp, true),
    /// outbind.
    Outbind(Outbind, false),
    /// unbind.
    Unbind(HeaderOnly, false),
    /// unbind_resp.
    UnbindResp(HeaderOnly, false),
    /// generic_nack.
    GenericNack(HeaderOnly, false),
    /// enquire_link.
    EnquireLink(HeaderOnly, false),
    /// enquire_link_resp.
    EnquireLinkResp(HeaderOnly, false),
    /// submit_sm.
    SubmitSm(SubmitSm, false),
    /// submit_sm_resp.
    SubmitSmResp(SubmitSmResp, true),
    /// submit_multi.
    SubmitMulti(SubmitMulti, false),
    /// submit_multi_resp.
    SubmitMultiResp(SubmitMultiResp, true),
    /// deliver_sm.
    DeliverSm(DeliverSm, false),
    /// deliver_sm_resp.
    DeliverSmResp(DeliverSmResp, true),
    /// data_sm.
    DataSm(DataSm, false),
    /// data_sm_resp.
    DataSmResp(DataSmResp, true),
    /// query_sm.
    QuerySm(QuerySm, false),
    /// query_sm_resp.
    QuerySmResp(QuerySmResp, true),
    /// cancel_sm.
    CancelSm(CancelSm, false),
    /// cancel_sm_resp.
    CancelSmResp(HeaderOnly, false),
    /// replace_sm.
    ReplaceSm(ReplaceSm, false),
    /// replace_sm_resp.
    ReplaceSmResp(HeaderOnly, false),
    /// alert_notification.
    AlertNotification(AlertNotification, false),
    /// broadcast_sm (5.0).
    BroadcastSm(BroadcastSm, false),
    /// broadcast_sm_resp (5.0).
    BroadcastSmResp(BroadcastSmResp, true),
    /// query_broadcast_sm (5.0).
    QueryBroadcastSm(QueryBroadcastSm, false),
    /// query_broadcast_sm_resp (5.0).
    QueryBroadcastSmResp(QueryBroadcastSmResp, true),
    /// cancel_broadcast_sm (5.0).
    CancelBroadcastSm(CancelBroadcastSm, false),
    /// cancel_broadcast_sm_resp (5.0).
    CancelBroadcastSmResp(HeaderOnly, false),
}

const BROADCAST_SM_REQUIRED: [TlvTag; 4] = [
    TlvTag::BROADCAST_AREA_IDENTIFIER,
    TlvTag::BROADCAST_CONTENT_TYPE,
    TlvTag::BROADCAST_REP_NUM,
    TlvTag::BROADCAST_FREQUENCY_INTERVAL,
];

const QUERY_BROADCAST_SM_RESP_REQUIRED: [TlvTag; 3] = [
    TlvTag::MESSAGE_STATE,
    TlvTag::BROADCAST_AREA_IDENTIFIER,
    TlvTag::BROADCAST_AREA_SUCCESS,
];

#[inline(always)]
fn needs_tlv_check(command_id: u32, status: CommandStatus) -> bool {
    command_id == CommandId::BroadcastSm.as_u32()
        || (command_id == CommandId::QueryBroadcastSmResp.as_u32() && status.is_ok())
}

#[cold]
fn required_tlvs_present(command_id: u32, tlvs: crate::Tlvs<'_>) -> bool {
    let required: &[TlvTag] = if command_id == CommandId::BroadcastSm.as_u32() {
        &BROADCAST_SM_REQUIRED
    } else {
        &QUERY_BROADCAST_SM_RESP_REQUIRED
    };
    required.iter().all(|tag| tlvs.get(*tag).is_some())
}

impl Pdu<'_> {
    /// The 5.0 PDUs whose TLVs are mandatory must carry them (ESME_RMISSINGTLV otherwise).
    #[inline]
    fn check_required_tlvs(&self, status: CommandStatus, end: usize) -> Result<(), ParseError> {
        let (tlvs, required): (_, &[TlvTag]) = match self {
            Self::BroadcastSm(b) => (b.tlvs, &BROADCAST_SM_REQUIRED),
            Self::QueryBroadcastSmResp(b) if status.is_ok() => {
                (b.tlvs, &QUERY_BROADCAST_SM_RESP_REQUIRED)
            }
            _ => return Ok(()),
        };
        match required.iter().find(|tag| tlvs.get(**tag).is_none()) {
            Some(missing) => Err(ParseError::new(
                ParseErrorKind::MissingTlv,
                Field::Tlv(missing.0),
                end,
            )),
            None => Ok(()),
        }
    }

    /// Lists must fit their one-octet counts.
    #[inline]
    pub(crate) fn check_lists(&self) -> Result<(), crate::EncodeError> {
        let (field, len) = match self {
            Self::SubmitMulti(b) => (Field::NumberOfDests, b.dest_addresses.len()),
            Self::SubmitMultiResp(b) => (Field::NoUnsuccess, b.unsuccess_smes.len()),
            _ => return Ok(()),
        };
        if len > 255 {
            return Err(crate::EncodeError::TooManyEntries {
                field,
                len,
                max: 255,
            });
        }
        Ok(())
    }

    /// True for the PDUs that answer a request (bit 31 of command_id set).
    pub fn is_response(&self) -> bool {
        self.command_id().is_response()
    }
}

#[cfg(test)]
mod fast_path_differential {
    use super::*;

    fn check(command_id: u32, status: u32, seq: u32, body: &[u8]) {
        let status = CommandStatus(status);
        let fast = Pdu::parse_frame(command_id, status, seq, body);
        let slow = Pdu::parse_body(command_id, status, body)
            .map(|pdu| crate::Frame {
                command_status: status,
                sequence_number: seq,
                pdu,
            })
            .map_err(|e| e.with_header(command_id, seq));
        assert_eq!(
            fast, slow,
            "id {command_id:#x} status {status:?} body {body:02x?}"
        );
    }

    /// The hand-written readers of submit_sm and deliver_sm accept exactly what the
    /// field-by-field reader accepts, with the same result, on every prefix of full bodies.
    #[test]
    fn short_message_readers_agree_on_every_prefix() {
        let tlv = [crate::Tlv::from_u16(TlvTag::USER_MESSAGE_REFERENCE, 7)];
        let sm = SubmitSm::new()
            .service_type("CMT")
            .and_then(|s| s.source_addr("SENDER"))
            .and_then(|s| s.destination_addr("61481076483"))
            .and_then(|s| s.short_message(b"hello"))
            .unwrap()
            .validity_period(crate::SmppTime::parse(b"000001000000000R").unwrap())
            .with_tlvs(&tlv);
        let frame = crate::Frame::request(1, Pdu::SubmitSm(sm))
            .to_vec()
            .unwrap();
        let body = &frame[HEADER_LEN..];
        for end in 0..=body.len() {
            let b = &body[..end];
            assert_eq!(
                SubmitSm::read_fast(&mut Reader::new(b)),
                SubmitSm::read(&mut Reader::new(b)).ok(),
                "submit_sm prefix {end}"
            );
            assert_eq!(
                DeliverSm::read_fast(&mut Reader::new(b)),
                DeliverSm::read(&mut Reader::new(b)).ok(),
                "deliver_sm prefix {end}"
            );
        }
    }

    /// Every file of every fuzz corpus, as a frame, under every command_id.
    #[test]
    fn corpus_inputs_agree() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/corpus");
        // A packaged copy of the crate (with the Cargo.toml.orig `cargo package` writes) ships
        // without the workspace's fuzz corpus; in the workspace a missing corpus fails below.
        let packaged = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml.orig");
        if !std::path::Path::new(root).is_dir() && std::path::Path::new(packaged).is_file() {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "corpus_inputs_agree: skipped: a packaged smpp-proto has no fuzz corpus ({root} is absent)"
            );
            return;
        }
        let mut n = 0;
        for dir in std::fs::read_dir(root).unwrap() {
            for e in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let data = std::fs::read(e.unwrap().path()).unwrap();
                if data.len() < 16 {
                    continue;
                }
                let w = |i: usize| u32::from_be_bytes(data[i..i + 4].try_into().unwrap());
                for status in [w(8), 0, 0x58] {
                    check(w(4), status, w(12), &data[16..]);
                }
                for id in crate::CommandId::ALL_FOR_TEST {
                    check(*id, w(8), w(12), &data[16..]);
                    check(*id, 0, w(12), &data[16..]);
                }
                n += 1;
            }
        }
        assert!(n >= 40, "only {n} corpus files");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        #[test]
        fn random_bodies_agree(idx in 0usize..34, status in proptest::prop_oneof![proptest::strategy::Just(0u32), proptest::prelude::any::<u32>()],
                               body in proptest::collection::vec(proptest::prop_oneof![proptest::strategy::Just(0u8), proptest::prelude::any::<u8>()], 0..120)) {
            check(crate::CommandId::ALL_FOR_TEST[idx], status, 1, &body);
        }
    }
}

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
use crate::wire::{Reader, Writer};

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

            #[inline]
            pub(crate) fn write_body(&self, status: CommandStatus, w: &mut Writer<'_>) {
                match self {
                    $( Self::$variant(b) => {
                        if !($lenient && !status.is_ok() && *b == $ty::default()) {
                            b.write_body(w);
                        }
                    } )*
                    Self::Unknown { body, .. } => w.bytes(body),
                }
            }

            /// Parses the body of a PDU whose header has already been read.
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

impl Pdu<'_> {
    /// The 5.0 PDUs whose TLVs are mandatory must carry them (ESME_RMISSINGTLV otherwise).
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

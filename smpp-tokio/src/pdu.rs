//! PDUs that outlive the session buffer they arrived in: responses handed to callers,
//! requests handed to server handlers.

use std::fmt;

use smpp_proto::{CommandId, CommandStatus, Frame, FrameStorage, OwnedFrame, Pdu};

/// PDUs up to this size are kept inline (most responses, most short-message requests),
/// larger ones on the heap: one allocation less per message on the hot path.
const INLINE: usize = 126;

/// Octets of one PDU: inline when small.
#[derive(Clone, PartialEq, Eq)]
enum Buf {
    Inline { len: u8, data: [u8; INLINE] },
    Heap(Vec<u8>),
}

impl AsRef<[u8]> for Buf {
    fn as_ref(&self) -> &[u8] {
        match self {
            Self::Inline { len, data } => data.get(..usize::from(*len)).unwrap_or(data),
            Self::Heap(v) => v,
        }
    }
}

impl AsMut<[u8]> for Buf {
    fn as_mut(&mut self) -> &mut [u8] {
        match self {
            Self::Inline { len, data } => {
                let n = usize::from(*len);
                data.get_mut(..n).unwrap_or(&mut [])
            }
            Self::Heap(v) => v,
        }
    }
}

impl FrameStorage for Buf {
    fn zeroed(len: usize) -> Option<Self> {
        Some(match u8::try_from(len) {
            Ok(n) if len <= INLINE => Self::Inline {
                len: n,
                data: [0; INLINE],
            },
            _ => Self::Heap(vec![0; len]),
        })
    }
}

/// A PDU kept past the buffer it was decoded from (its octets, validated once). Read it
/// through [`Message::pdu`] and match on the [`Pdu`] variant, or use the accessors.
///
/// ```
/// use smpp_proto::{Frame, Pdu, SubmitSmResp, CommandStatus};
/// use smpp_tokio::Message;
/// let resp = SubmitSmResp::new().message_id("5F2A").unwrap();
/// let m = Message::from_frame(&Frame::response(7, CommandStatus::ESME_ROK, Pdu::SubmitSmResp(resp))).unwrap();
/// assert_eq!(m.message_id(), Some("5F2A"));
/// assert_eq!(m.sequence_number(), 7);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    frame: OwnedFrame<Buf>,
}

/// The response to one of our requests.
pub type Response = Message;

/// A request from the peer.
pub type Request = Message;

impl Message {
    /// Encodes `frame` into an owned copy.
    pub fn from_frame(frame: &Frame<'_>) -> Result<Self, smpp_proto::OwnedFrameError> {
        Ok(Self {
            frame: OwnedFrame::from_frame(frame)?,
        })
    }

    /// Copies and validates the PDU at the front of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, smpp_proto::OwnedFrameError> {
        Ok(Self {
            frame: OwnedFrame::from_bytes(bytes)?,
        })
    }

    /// Owned copy of a PDU the session reported.
    pub(crate) fn capture(
        sequence_number: u32,
        command_status: CommandStatus,
        pdu: &Pdu<'_>,
    ) -> Result<Self, smpp_proto::OwnedFrameError> {
        Self::from_frame(&Frame {
            command_status,
            sequence_number,
            pdu: *pdu,
        })
    }

    /// The whole frame: header fields and body.
    pub fn frame(&self) -> Frame<'_> {
        self.frame.frame()
    }

    /// The body.
    pub fn pdu(&self) -> Pdu<'_> {
        self.frame.frame().pdu
    }

    /// The operation.
    pub fn command_id(&self) -> CommandId {
        self.pdu().command_id()
    }

    /// The header's command_status.
    pub fn command_status(&self) -> CommandStatus {
        self.frame.frame().command_status
    }

    /// The header's sequence_number.
    pub fn sequence_number(&self) -> u32 {
        self.frame.frame().sequence_number
    }

    /// The message_id of a submit_sm_resp, data_sm_resp, submit_multi_resp or
    /// query_sm_resp (also of a query_sm, cancel_sm or replace_sm request), when it is text.
    pub fn message_id(&self) -> Option<&str> {
        let id = match self.pdu() {
            Pdu::SubmitSmResp(r) => r.message_id,
            Pdu::DataSmResp(r) => r.message_id,
            Pdu::SubmitMultiResp(r) => r.message_id,
            Pdu::QuerySmResp(r) => r.message_id,
            Pdu::QuerySm(r) => r.message_id,
            Pdu::CancelSm(r) => r.message_id,
            Pdu::ReplaceSm(r) => r.message_id,
            _ => return None,
        };
        id.to_str().ok()
    }

    /// The encoded octets.
    pub fn as_bytes(&self) -> &[u8] {
        self.frame.as_bytes()
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let frame = self.frame();
        f.debug_struct("Message")
            .field("sequence_number", &frame.sequence_number)
            .field("command_status", &frame.command_status)
            .field("pdu", &frame.pdu)
            .finish()
    }
}

//! PDUs that outlive the session buffer they arrived in: responses handed to callers,
//! requests handed to server handlers.

use std::fmt;

use smpp_proto::{CommandId, CommandStatus, Frame, Header, Pdu};

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

impl Buf {
    /// A copy of `octets`.
    fn copy_of(octets: &[u8]) -> Self {
        match u8::try_from(octets.len()) {
            Ok(n) if octets.len() <= INLINE => {
                let mut data = [0; INLINE];
                if let Some(dst) = data.get_mut(..octets.len()) {
                    dst.copy_from_slice(octets);
                }
                Self::Inline { len: n, data }
            }
            _ => Self::Heap(octets.to_vec()),
        }
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
    /// One whole PDU that decodes (made by the encoder, or checked, or read by the session).
    bytes: Buf,
}

/// The response to one of our requests.
pub type Response = Message;

/// A request from the peer.
pub type Request = Message;

impl Message {
    /// Encodes `frame` into an owned copy.
    pub fn from_frame(frame: &Frame<'_>) -> Result<Self, smpp_proto::EncodeError> {
        // Straight into the inline buffer: measuring first would walk the body twice.
        let mut data = [0; INLINE];
        match frame.encode(&mut data) {
            Ok(n) => {
                let len = u8::try_from(n).map_err(|_| smpp_proto::EncodeError::TooLarge)?;
                Ok(Self {
                    bytes: Buf::Inline { len, data },
                })
            }
            Err(smpp_proto::EncodeError::BufferTooSmall { required }) => {
                let mut v = vec![0; required];
                let n = frame.encode(&mut v)?;
                v.truncate(n);
                Ok(Self {
                    bytes: Buf::Heap(v),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// A request for a driver to send (sequence_number 0; the session sets it). Binds,
    /// unbind and outbind are refused (the drivers send those themselves, through their own
    /// calls), and so are responses.
    pub(crate) fn request(pdu: &Pdu<'_>) -> crate::Result<Self> {
        let id = pdu.command_id();
        if id.is_response()
            || matches!(pdu, Pdu::Unbind(_) | Pdu::Outbind(_))
            || smpp_session::BindKind::from_command_id(id).is_some()
        {
            return Err(crate::Error::NotAllowed(
                smpp_session::SendError::WrongKind(id),
            ));
        }
        Self::from_frame(&Frame::request(0, *pdu))
            .map_err(|e| crate::Error::NotAllowed(smpp_session::SendError::Encode(e)))
    }

    /// Copies and validates the PDU at the front of `bytes` (its command_length octets).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, smpp_proto::OwnedFrameError> {
        Frame::decode(bytes).map_err(smpp_proto::OwnedFrameError::Parse)?;
        // decode succeeded, so the header is there and command_length octets are present.
        let len = Header::parse(bytes).map_or(bytes.len(), |h| h.command_length as usize);
        Ok(Self::received(bytes.get(..len).unwrap_or(bytes)))
    }

    /// Copies a PDU the session has just decoded from these octets
    /// ([`smpp_session::Session::event_frame`]): no second decode, no re-encode.
    pub(crate) fn received(frame: &[u8]) -> Self {
        Self {
            bytes: Buf::copy_of(frame),
        }
    }

    /// The whole frame: header fields and body.
    pub fn frame(&self) -> Frame<'_> {
        // Every constructor makes or checks a decodable PDU; the fallback keeps this free
        // of panics.
        Frame::decode(self.bytes.as_ref()).unwrap_or(Frame::request(
            0,
            Pdu::GenericNack(smpp_proto::HeaderOnly::EMPTY_BODY),
        ))
    }

    /// The body.
    pub fn pdu(&self) -> Pdu<'_> {
        self.frame().pdu
    }

    /// The header, read without decoding the body.
    fn header(&self) -> Header {
        // The octets were validated when this value was made, so the header is there.
        Header::parse(self.bytes.as_ref()).unwrap_or(Header {
            command_length: 0,
            command_id: CommandId::GenericNack,
            command_status: CommandStatus::ESME_ROK,
            sequence_number: 0,
        })
    }

    /// The operation.
    pub fn command_id(&self) -> CommandId {
        self.header().command_id
    }

    /// The header's command_status.
    pub fn command_status(&self) -> CommandStatus {
        self.header().command_status
    }

    /// The header's sequence_number.
    pub fn sequence_number(&self) -> u32 {
        self.header().sequence_number
    }

    /// The message_id of a submit_sm_resp, data_sm_resp, submit_multi_resp or
    /// query_sm_resp (also of a query_sm, cancel_sm or replace_sm request), when it is text.
    pub fn message_id(&self) -> Option<&str> {
        // Responses start with message_id: read it without decoding the rest (nor the
        // header: only its command_id).
        let id = self
            .bytes
            .as_ref()
            .get(4..8)
            .and_then(|b| b.try_into().ok());
        if matches!(
            id.map(|b| CommandId::from_u32(u32::from_be_bytes(b))),
            Some(
                CommandId::SubmitSmResp
                    | CommandId::DataSmResp
                    | CommandId::SubmitMultiResp
                    | CommandId::QuerySmResp
            )
        ) {
            let body = self.bytes.as_ref().get(16..).unwrap_or(&[]);
            let end = body.iter().position(|&b| b == 0).unwrap_or(body.len());
            return std::str::from_utf8(body.get(..end).unwrap_or(&[])).ok();
        }
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
        self.bytes.as_ref()
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

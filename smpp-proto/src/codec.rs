//! Whole PDUs: decode a frame into a [`Frame`], encode a [`Frame`] into the caller's buffer.

use crate::error::{EncodeError, Field, ParseError, ParseErrorKind};
use crate::frame::{FrameStatus, peek_frame};
use crate::header::HEADER_LEN;
use crate::pdu::Pdu;
use crate::values::{CommandId, CommandStatus};

/// One PDU: its body plus the header fields that are not derived from it.
///
/// command_length and command_id are derived from `pdu` when encoding.
///
/// ```
/// use smpp_proto::{Frame, Pdu, SubmitSm};
/// let sm = SubmitSm::new().source_addr("SENDER")?.destination_addr("61481076483")?
///     .short_message(b"Hello")?;
/// let frame = Frame::request(1, Pdu::SubmitSm(sm));
/// let mut buf = [0u8; 256];
/// let n = frame.encode(&mut buf).unwrap();
/// assert_eq!(n, frame.encoded_len());
/// let back = Frame::decode(&buf[..n]).unwrap();
/// assert_eq!(back, frame);
/// # Ok::<(), smpp_proto::FieldError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// 0 in requests; the result in responses.
    pub command_status: CommandStatus,
    /// Correlates a response with its request.
    pub sequence_number: u32,
    /// The body.
    pub pdu: Pdu<'a>,
}

impl<'a> Frame<'a> {
    /// A request (command_status 0).
    pub const fn request(sequence_number: u32, pdu: Pdu<'a>) -> Self {
        Self {
            command_status: CommandStatus::ESME_ROK,
            sequence_number,
            pdu,
        }
    }

    /// A response with this status.
    pub const fn response(
        sequence_number: u32,
        command_status: CommandStatus,
        pdu: Pdu<'a>,
    ) -> Self {
        Self {
            command_status,
            sequence_number,
            pdu,
        }
    }

    /// The operation.
    pub fn command_id(&self) -> CommandId {
        self.pdu.command_id()
    }

    /// Decodes one PDU from the front of `buf`, which must hold at least command_length octets
    /// (use [`peek_frame`] on a stream first). Octets after the PDU are not read.
    #[inline]
    pub fn decode(buf: &'a [u8]) -> Result<Self, ParseError> {
        let frame_err = || ParseError::new(ParseErrorKind::Frame, Field::CommandLength, 0);
        // The raw words, not `Header::parse`: converting command_id to `CommandId` here and
        // again in `parse_frame` costs a second jump table.
        let (header, _) = buf
            .split_first_chunk::<HEADER_LEN>()
            .ok_or_else(frame_err)?;
        let word = |i: usize| {
            header
                .get(i..i + 4)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u32::from_be_bytes)
        };
        let len = word(0) as usize;
        if len < HEADER_LEN {
            return Err(frame_err());
        }
        let body = buf.get(HEADER_LEN..len).ok_or_else(frame_err)?;
        Pdu::parse_frame(word(4), CommandStatus(word(8)), word(12), body)
    }

    /// The exact number of octets [`Frame::encode`] writes.
    #[inline]
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN + self.pdu.body_len(self.command_status)
    }

    /// Encodes into the front of `out` and returns the number of octets written.
    ///
    /// When `out` is too small nothing is written and the error carries the required size.
    #[inline]
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        self.pdu.check_lists()?;
        self.pdu
            .encode_frame(self.command_status, self.sequence_number, out)
    }

    /// Encodes into a new vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, EncodeError> {
        let mut v = alloc::vec![0u8; self.encoded_len()];
        let n = self.encode(&mut v)?;
        v.truncate(n);
        Ok(v)
    }
}

/// The header of a PDU about to be encoded, and its body's length.
pub(crate) struct FrameOut {
    pub(crate) command_id: u32,
    pub(crate) status: CommandStatus,
    pub(crate) sequence_number: u32,
    pub(crate) body_len: usize,
}

impl FrameOut {
    /// Checks the room and writes the header as one 16-octet store; returns the PDU's length
    /// and exactly the body's octets.
    #[inline(always)]
    pub(crate) fn start(self, out: &mut [u8]) -> Result<(usize, &mut [u8]), EncodeError> {
        let len = HEADER_LEN + self.body_len;
        let command_length = u32::try_from(len).map_err(|_| EncodeError::TooLarge)?;
        let (header, body) = out
            .get_mut(..len)
            .and_then(<[u8]>::split_first_chunk_mut::<HEADER_LEN>)
            .ok_or(EncodeError::BufferTooSmall { required: len })?;
        let words = [
            command_length,
            self.command_id,
            self.status.0,
            self.sequence_number,
        ];
        for (dst, word) in header.chunks_exact_mut(4).zip(words) {
            dst.copy_from_slice(&word.to_be_bytes());
        }
        Ok((len, body))
    }
}

/// Iterates the complete PDUs at the front of a buffer that may hold several, e.g. one read.
///
/// ```
/// use smpp_proto::{Frames, Pdu, DEFAULT_MAX_COMMAND_LENGTH};
/// let two = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1,
///            0, 0, 0, 16, 0x80, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
/// let mut frames = Frames::new(&two, DEFAULT_MAX_COMMAND_LENGTH);
/// assert!(matches!(frames.next(), Some(Ok(f)) if matches!(f.pdu, Pdu::EnquireLink(_))));
/// assert!(matches!(frames.next(), Some(Ok(f)) if matches!(f.pdu, Pdu::EnquireLinkResp(_))));
/// assert!(frames.next().is_none());
/// assert_eq!(frames.consumed(), 32); // two octets of a third PDU remain
/// ```
#[derive(Debug, Clone)]
pub struct Frames<'a> {
    buf: &'a [u8],
    consumed: usize,
    max: u32,
    failed: bool,
}

/// Why [`Frames`] stopped or skipped a PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FramesError {
    /// The stream cannot be trusted past this point (answer ESME_RINVCMDLEN and close).
    Frame(crate::FrameError),
    /// One whole PDU did not parse; iteration continues after it.
    Parse(ParseError),
}

impl core::fmt::Display for FramesError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Frame(e) => e.fmt(f),
            Self::Parse(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for FramesError {}

impl<'a> Frames<'a> {
    /// Frames over `buf`, refusing any command_length above `max_command_length`.
    pub const fn new(buf: &'a [u8], max_command_length: u32) -> Self {
        Self {
            buf,
            consumed: 0,
            max: max_command_length,
            failed: false,
        }
    }

    /// Octets of whole PDUs taken so far; the rest is an incomplete PDU (or untrusted bytes).
    pub const fn consumed(&self) -> usize {
        self.consumed
    }
}

impl<'a> Iterator for Frames<'a> {
    type Item = Result<Frame<'a>, FramesError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.buf.get(self.consumed..)?;
        match peek_frame(rest, self.max) {
            Ok(FrameStatus::Incomplete { .. }) => None,
            Ok(FrameStatus::Complete(n)) => {
                self.consumed += n;
                Some(Frame::decode(rest.get(..n)?).map_err(FramesError::Parse))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(FramesError::Frame(e)))
            }
        }
    }
}

//! Keeping a PDU past the buffer it was decoded from.
//!
//! The owned form holds the PDU's encoded octets (validated once) in storage the caller picks —
//! a `heapless::Vec<u8, N>` sized by the largest PDU expected, or a `Vec<u8>` with `alloc` —
//! and hands out the borrowed [`Frame`] view on demand. One representation, one codec path.

use crate::codec::Frame;
use crate::error::{EncodeError, ParseError};

/// A decoded PDU that owns its octets.
///
/// ```
/// use smpp_proto::{Frame, OwnedFrame, Pdu};
/// let bytes = [0u8, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 9];
/// let owned: OwnedFrame<heapless::Vec<u8, 64>> = OwnedFrame::from_bytes(&bytes).unwrap();
/// assert_eq!(owned.frame().sequence_number, 9);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedFrame<B> {
    bytes: B,
}

/// Why an [`OwnedFrame`] could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnedFrameError {
    /// The octets are not a valid PDU.
    Parse(ParseError),
    /// The storage is too small or the frame could not be encoded.
    Encode(EncodeError),
}

impl core::fmt::Display for OwnedFrameError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Parse(e) => e.fmt(f),
            Self::Encode(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for OwnedFrameError {}

/// Storage an [`OwnedFrame`] can live in.
pub trait FrameStorage: AsRef<[u8]> + AsMut<[u8]> + Sized {
    /// Zeroed storage of exactly `len` octets, or `None` when it cannot hold that many.
    fn zeroed(len: usize) -> Option<Self>;
}

impl<const N: usize> FrameStorage for heapless::Vec<u8, N> {
    fn zeroed(len: usize) -> Option<Self> {
        let mut v = heapless::Vec::new();
        v.resize(len, 0).ok()?;
        Some(v)
    }
}

#[cfg(feature = "alloc")]
impl FrameStorage for alloc::vec::Vec<u8> {
    fn zeroed(len: usize) -> Option<Self> {
        Some(alloc::vec![0; len])
    }
}

impl<B: FrameStorage> OwnedFrame<B> {
    /// Copies and validates the PDU at the front of `b` (its command_length octets are kept
    /// exactly as received, so unknown TLVs survive byte for byte).
    pub fn from_bytes(b: &[u8]) -> Result<Self, OwnedFrameError> {
        Frame::decode(b).map_err(OwnedFrameError::Parse)?;
        // decode succeeded, so the header is there and command_length octets are present.
        let len = crate::Header::parse(b).map_or(0, |h| h.command_length as usize);
        let src = b.get(..len).unwrap_or(b);
        let mut bytes =
            B::zeroed(src.len()).ok_or(OwnedFrameError::Encode(EncodeError::BufferTooSmall {
                required: src.len(),
            }))?;
        bytes.as_mut().copy_from_slice(src);
        Ok(Self { bytes })
    }

    /// Encodes a frame into new owned storage.
    pub fn from_frame(frame: &Frame<'_>) -> Result<Self, OwnedFrameError> {
        let len = frame.encoded_len();
        let mut bytes =
            B::zeroed(len).ok_or(OwnedFrameError::Encode(EncodeError::BufferTooSmall {
                required: len,
            }))?;
        frame
            .encode(bytes.as_mut())
            .map_err(OwnedFrameError::Encode)?;
        Ok(Self { bytes })
    }

    /// The borrowed view.
    pub fn frame(&self) -> Frame<'_> {
        // The octets were validated when this value was made and never change, so decoding
        // them again gives the same Ok result; the fallback only keeps this free of panics.
        Frame::decode(self.bytes.as_ref()).unwrap_or(Frame::request(
            0,
            crate::Pdu::GenericNack(crate::HeaderOnly::EMPTY_BODY),
        ))
    }

    /// The encoded octets.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }
}

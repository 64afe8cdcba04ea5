//! Framing over a byte stream: is there a whole PDU at the front of this buffer yet?

use crate::error::FrameError;
use crate::header::HEADER_LEN;

/// The default largest command_length accepted: a full 64 KiB message_payload plus room for
/// the header, mandatory fields and other TLVs.
pub const DEFAULT_MAX_COMMAND_LENGTH: u32 = 65_536 + 1_024;

/// What the front of a stream buffer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameStatus {
    /// One complete PDU of this many octets is at the front of the buffer.
    Complete(usize),
    /// More bytes are needed: at least this many more.
    Incomplete {
        /// Octets still missing before the next decision can be made.
        needed: usize,
    },
}

/// Looks at the front of `buf` and says whether a whole PDU is there.
///
/// A command_length below 16 or above `max_command_length` is an error decided from the first
/// four octets alone, before any body is buffered.
///
/// ```
/// use smpp_proto::{peek_frame, FrameStatus, DEFAULT_MAX_COMMAND_LENGTH};
/// let enquire = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1];
/// assert_eq!(peek_frame(&enquire[..3], DEFAULT_MAX_COMMAND_LENGTH), Ok(FrameStatus::Incomplete { needed: 1 }));
/// assert_eq!(peek_frame(&enquire[..10], DEFAULT_MAX_COMMAND_LENGTH), Ok(FrameStatus::Incomplete { needed: 6 }));
/// assert_eq!(peek_frame(&enquire, DEFAULT_MAX_COMMAND_LENGTH), Ok(FrameStatus::Complete(16)));
/// assert!(peek_frame(&[0, 0, 0, 4], DEFAULT_MAX_COMMAND_LENGTH).is_err());
/// ```
#[inline]
pub fn peek_frame(buf: &[u8], max_command_length: u32) -> Result<FrameStatus, FrameError> {
    let Some(len_bytes) = buf.get(..4) else {
        return Ok(FrameStatus::Incomplete {
            needed: 4 - buf.len(),
        });
    };
    let mut word = [0u8; 4];
    word.copy_from_slice(len_bytes);
    let command_length = u32::from_be_bytes(word);
    if (command_length as usize) < HEADER_LEN {
        return Err(FrameError::LengthTooShort { command_length });
    }
    if command_length > max_command_length {
        return Err(FrameError::LengthTooLong {
            command_length,
            max: max_command_length,
        });
    }
    let len = command_length as usize;
    Ok(if buf.len() >= len {
        FrameStatus::Complete(len)
    } else {
        FrameStatus::Incomplete {
            needed: len - buf.len(),
        }
    })
}

//! The 16-octet PDU header.

use crate::values::{CommandId, CommandStatus};

/// Size of the PDU header in octets.
pub const HEADER_LEN: usize = 16;

/// The PDU header: command_length, command_id, command_status, sequence_number.
///
/// ```
/// use smpp_proto::{CommandId, Header};
/// let h = Header::parse(&[0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 7]).unwrap();
/// assert_eq!(h.command_id, CommandId::EnquireLink);
/// assert_eq!(h.sequence_number, 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// Total PDU length including the header.
    pub command_length: u32,
    /// The operation.
    pub command_id: CommandId,
    /// 0 in requests; the result in responses.
    pub command_status: CommandStatus,
    /// Correlates a response with its request.
    pub sequence_number: u32,
}

impl Header {
    /// Reads the header from the first 16 octets; `None` when fewer are given.
    #[inline]
    pub fn parse(buf: &[u8]) -> Option<Self> {
        let word = |i: usize| -> Option<u32> {
            let b: [u8; 4] = buf.get(i..i + 4)?.try_into().ok()?;
            Some(u32::from_be_bytes(b))
        };
        Some(Self {
            command_length: word(0)?,
            command_id: CommandId::from_u32(word(4)?),
            command_status: CommandStatus(word(8)?),
            sequence_number: word(12)?,
        })
    }

    /// The 16 header octets.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let words = [
            self.command_length,
            self.command_id.as_u32(),
            self.command_status.0,
            self.sequence_number,
        ];
        for (chunk, w) in out.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&w.to_be_bytes());
        }
        out
    }
}

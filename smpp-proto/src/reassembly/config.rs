//! Limits of a [`Reassembler`](super::Reassembler).

/// Bounds and timeout of a [`Reassembler`](super::Reassembler), fixed at construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReassemblyConfig {
    /// Most messages in progress at once; when a new message would exceed it, the oldest
    /// in progress is evicted. Values below 1 are taken as 1.
    pub max_messages: usize,
    /// Most parts a message may have (its announced total); more is rejected.
    pub max_parts: u8,
    /// Most bytes of part data buffered across all messages; when a new part would exceed
    /// it, the oldest other messages are evicted.
    pub max_buffered_bytes: usize,
    /// How long a message may stay incomplete, counted from its first part.
    pub timeout_ms: u64,
}

impl Default for ReassemblyConfig {
    /// 256 messages, 255 parts each (the protocol maximum), 256 KiB of data, and five
    /// minutes. These are conservative guesses; tune them to the traffic.
    fn default() -> Self {
        Self {
            max_messages: 256,
            max_parts: u8::MAX,
            max_buffered_bytes: 256 * 1024,
            timeout_ms: 5 * 60 * 1000,
        }
    }
}

//! What pushing a part yields, and how unfinished messages are handed back.

use alloc::vec::Vec;

use super::PartSet;

/// The result of an accepted [`Reassembler::push`](super::Reassembler::push).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Pushed<K> {
    /// The part is buffered; its message is still incomplete. `evicted` lists the older
    /// messages removed to make room for it (usually none; more than one only when the
    /// byte limit needed it).
    Stored {
        /// Messages evicted to make room, oldest first.
        evicted: Vec<Incomplete<K>>,
    },
    /// This part number had already arrived; the part was ignored. `identical` tells
    /// whether its data equals the copy held (a difference hints at a reused reference).
    Duplicate {
        /// Whether the data equals the part already held.
        identical: bool,
    },
    /// This part completed the message.
    Completed(Message<K>),
}

/// A completely reassembled message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<K> {
    /// The key the parts were pushed with.
    pub key: K,
    /// The concatenation reference.
    pub reference: u16,
    /// The number of parts.
    pub total: u8,
    /// The parts' data concatenated in part-number order; decoding it as text (with the
    /// message's data_coding) is the caller's job.
    pub data: Vec<u8>,
}

/// Why a message left the reassembler incomplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncompleteReason {
    /// Removed to make room for newer parts (a configured bound was reached).
    Evicted,
    /// Its timeout ran out before every part arrived.
    Expired,
}

/// A message that will not complete: evicted or expired. The caller may log it, drop
/// it, or use the partial data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete<K> {
    /// Why it was given up.
    pub reason: IncompleteReason,
    /// The key the parts were pushed with.
    pub key: K,
    /// The concatenation reference.
    pub reference: u16,
    /// The announced number of parts.
    pub total: u8,
    /// Which part numbers arrived (see [`PartSet::missing`] for the others).
    pub received: PartSet,
    /// The parts that arrived, as (part number, data), in part-number order.
    pub parts: Vec<(u8, Vec<u8>)>,
    /// Time of the first part, in the caller's milliseconds.
    pub first_part_ms: u64,
}

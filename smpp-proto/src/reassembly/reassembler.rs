//! The bounded reassembler.

use alloc::vec;
use alloc::vec::Vec;

use super::{
    Incomplete, IncompleteReason, Message, Part, PartError, PartSet, Pushed, ReassemblyConfig,
};

/// Collects the parts of concatenated messages until each is complete, within fixed
/// memory bounds (see the [module docs](super)).
///
/// `K` names the sender: [`AddressKey`](super::AddressKey) or any `PartialEq` type.
#[derive(Debug, Clone)]
pub struct Reassembler<K> {
    config: ReassemblyConfig,
    /// Messages in progress, oldest first.
    pending: Vec<Pending<K>>,
    buffered_bytes: usize,
}

/// A message in progress.
#[derive(Debug, Clone)]
struct Pending<K> {
    key: K,
    reference: u16,
    total: u8,
    first_part_ms: u64,
    deadline_ms: u64,
    received: PartSet,
    /// (part number, data), sorted by part number.
    parts: Vec<(u8, Vec<u8>)>,
    bytes: usize,
}

impl<K> Pending<K> {
    fn part(&self, seqnum: u8) -> Option<&[u8]> {
        let i = self.parts.binary_search_by_key(&seqnum, |p| p.0).ok()?;
        self.parts.get(i).map(|p| p.1.as_slice())
    }

    fn insert(&mut self, seqnum: u8, data: &[u8]) {
        if let Err(i) = self.parts.binary_search_by_key(&seqnum, |p| p.0) {
            self.parts.insert(i, (seqnum, data.to_vec()));
            self.received.insert(seqnum);
            self.bytes += data.len();
        }
    }

    /// The message with the missing `last` part added, in order.
    fn complete(self, seqnum: u8, last: &[u8]) -> Message<K> {
        let mut data = Vec::with_capacity(self.bytes + last.len());
        let mut last = Some(last);
        for (n, part) in &self.parts {
            if *n > seqnum {
                data.extend_from_slice(last.take().unwrap_or_default());
            }
            data.extend_from_slice(part);
        }
        data.extend_from_slice(last.unwrap_or_default());
        Message {
            key: self.key,
            reference: self.reference,
            total: self.total,
            data,
        }
    }

    fn give_up(self, reason: IncompleteReason) -> Incomplete<K> {
        Incomplete {
            reason,
            key: self.key,
            reference: self.reference,
            total: self.total,
            received: self.received,
            parts: self.parts,
            first_part_ms: self.first_part_ms,
        }
    }
}

impl<K: PartialEq> Reassembler<K> {
    /// An empty reassembler with these bounds.
    pub fn new(mut config: ReassemblyConfig) -> Self {
        config.max_messages = config.max_messages.max(1);
        Self {
            config,
            pending: Vec::new(),
            buffered_bytes: 0,
        }
    }

    /// Adds one part received at `now_ms`.
    ///
    /// Returns the completed message when this was the last part missing (a message of
    /// one part completes at once, without being buffered), reports duplicates, and
    /// lists messages evicted to make room. Invalid concatenation information, a total
    /// that disagrees with the message in progress, or a message too large for the
    /// byte limit is rejected with a [`PartError`] and changes nothing.
    ///
    /// The deadline of a message is its first part's time plus the timeout; pushing
    /// does not expire anything, [`Reassembler::poll_expired`] does.
    pub fn push(&mut self, key: K, part: Part<'_>, now_ms: u64) -> Result<Pushed<K>, PartError> {
        let Part {
            reference,
            total,
            seqnum,
            data,
        } = part;
        self.validate(total, seqnum)?;
        let found = self
            .pending
            .iter()
            .enumerate()
            .find(|(_, p)| p.reference == reference && p.key == key);
        let Some((index, pending)) = found else {
            return self.start(key, part, now_ms);
        };
        if pending.total != total {
            return Err(PartError::TotalMismatch {
                expected: pending.total,
                got: total,
            });
        }
        if let Some(held) = pending.part(seqnum) {
            return Ok(Pushed::Duplicate {
                identical: held == data,
            });
        }
        if pending.received.len() + 1 == usize::from(total) {
            let pending = self.pending.remove(index);
            self.buffered_bytes -= pending.bytes;
            return Ok(Pushed::Completed(pending.complete(seqnum, data)));
        }
        let needed = pending.bytes + data.len();
        if needed > self.config.max_buffered_bytes {
            return Err(PartError::TooLarge {
                needed,
                max: self.config.max_buffered_bytes,
            });
        }
        let mut evicted = Vec::new();
        let index = self.make_room(data.len(), Some(index), &mut evicted);
        if let Some(pending) = index.and_then(|i| self.pending.get_mut(i)) {
            pending.insert(seqnum, data);
            self.buffered_bytes += data.len();
        }
        Ok(Pushed::Stored { evicted })
    }

    /// Takes out one message whose deadline is at or before `now_ms` (the first such in
    /// arrival order), or `None`. Call it in a loop until `None`;
    /// `poll_expired(u64::MAX)` drains every message in progress.
    pub fn poll_expired(&mut self, now_ms: u64) -> Option<Incomplete<K>> {
        let index = self.pending.iter().position(|p| p.deadline_ms <= now_ms)?;
        Some(self.take(index, IncompleteReason::Expired))
    }

    /// The earliest deadline among messages in progress, for scheduling
    /// [`Reassembler::poll_expired`].
    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.iter().map(|p| p.deadline_ms).min()
    }

    /// Number of messages in progress.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no message is in progress.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Number of parts buffered across all messages in progress.
    pub fn buffered_parts(&self) -> usize {
        self.pending.iter().map(|p| p.parts.len()).sum()
    }

    /// Bytes of part data buffered across all messages in progress.
    pub fn buffered_bytes(&self) -> usize {
        self.buffered_bytes
    }

    /// The bounds in force (`max_messages` at least 1).
    pub fn config(&self) -> &ReassemblyConfig {
        &self.config
    }

    fn validate(&self, total: u8, seqnum: u8) -> Result<(), PartError> {
        if total == 0 {
            return Err(PartError::ZeroTotal);
        }
        if seqnum == 0 || seqnum > total {
            return Err(PartError::InvalidSeqnum { seqnum, total });
        }
        if total > self.config.max_parts {
            return Err(PartError::TooManyParts {
                total,
                max: self.config.max_parts,
            });
        }
        Ok(())
    }

    /// First part of a message not in progress.
    fn start(&mut self, key: K, part: Part<'_>, now_ms: u64) -> Result<Pushed<K>, PartError> {
        if part.total == 1 {
            return Ok(Pushed::Completed(Message {
                key,
                reference: part.reference,
                total: 1,
                data: part.data.to_vec(),
            }));
        }
        let max = self.config.max_buffered_bytes;
        if part.data.len() > max {
            return Err(PartError::TooLarge {
                needed: part.data.len(),
                max,
            });
        }
        let mut evicted = Vec::new();
        if self.pending.len() >= self.config.max_messages {
            evicted.push(self.take(0, IncompleteReason::Evicted));
        }
        self.make_room(part.data.len(), None, &mut evicted);
        let mut received = PartSet::new();
        received.insert(part.seqnum);
        self.pending.push(Pending {
            key,
            reference: part.reference,
            total: part.total,
            first_part_ms: now_ms,
            deadline_ms: now_ms.saturating_add(self.config.timeout_ms),
            received,
            parts: vec![(part.seqnum, part.data.to_vec())],
            bytes: part.data.len(),
        });
        self.buffered_bytes += part.data.len();
        Ok(Pushed::Stored { evicted })
    }

    /// Evicts the oldest messages other than `keep` until `extra` more bytes fit;
    /// returns where `keep` is afterwards. The caller has checked that `keep` alone
    /// plus `extra` fits, so this ends.
    fn make_room(
        &mut self,
        extra: usize,
        mut keep: Option<usize>,
        evicted: &mut Vec<Incomplete<K>>,
    ) -> Option<usize> {
        while self.buffered_bytes + extra > self.config.max_buffered_bytes {
            let oldest = if keep == Some(0) { 1 } else { 0 };
            if oldest >= self.pending.len() {
                break;
            }
            evicted.push(self.take(oldest, IncompleteReason::Evicted));
            keep = keep.map(|k| if k > oldest { k - 1 } else { k });
        }
        keep
    }

    /// Removes message `index` (which exists) and hands it back as incomplete.
    fn take(&mut self, index: usize, reason: IncompleteReason) -> Incomplete<K> {
        let pending = self.pending.remove(index);
        self.buffered_bytes -= pending.bytes;
        pending.give_up(reason)
    }
}

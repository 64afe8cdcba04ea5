//! Requests we sent that await a response: a fixed slot table indexed by sequence number.
//!
//! Sequence numbers are handed out in order (1..=0x7FFFFFFF, wrapping to 1) and a request
//! lives in slot `seq % capacity`; a number whose slot is still taken is skipped, so no
//! number in flight is ever reused. Every request gets the same response timeout, so the
//! oldest pending request always has the earliest deadline: finding it is amortised O(1).

use smpp_proto::{CommandId, SequenceNumbers};

use crate::time::Instant;

/// An in-flight request slot. Sessions report the requests still pending when they close as
/// slots; storage for them is provided with [`crate::Storage::borrowed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    seq: u32,
    command_id: CommandId,
    deadline: Instant,
    internal: bool,
}

impl Slot {
    /// A free slot.
    pub const EMPTY: Self = Self {
        seq: 0,
        command_id: CommandId::GenericNack,
        deadline: Instant::ZERO,
        internal: false,
    };

    /// The request's sequence_number.
    pub const fn sequence_number(&self) -> u32 {
        self.seq
    }

    /// The request's operation.
    pub const fn command_id(&self) -> CommandId {
        self.command_id
    }

    /// When its response timeout would fire.
    pub const fn deadline(&self) -> Instant {
        self.deadline
    }

    /// True for requests the session sent on its own (enquire_link keep-alives).
    pub(crate) const fn is_internal(&self) -> bool {
        self.internal
    }

    const fn is_free(&self) -> bool {
        self.seq == 0
    }
}

#[derive(Debug)]
pub(crate) struct InFlight {
    seqs: SequenceNumbers,
    /// The oldest number handed out that may still be pending.
    oldest: u32,
    app: usize,
    /// Application requests that count against the window (all but unbind/enquire_link).
    windowed: usize,
    all: usize,
}

fn index(seq: u32, cap: usize) -> usize {
    (seq as usize) % cap.max(1)
}

/// unbind and enquire_link use the slots kept beside the window.
fn windowed(id: CommandId) -> bool {
    !matches!(id, CommandId::Unbind | CommandId::EnquireLink)
}

fn succ(seq: u32) -> u32 {
    if seq >= SequenceNumbers::MAX {
        1
    } else {
        seq + 1
    }
}

impl InFlight {
    pub(crate) fn new(first_seq: u32) -> Self {
        let seqs = SequenceNumbers::starting_at(first_seq);
        Self {
            oldest: seqs.peek(),
            seqs,
            app: 0,
            windowed: 0,
            all: 0,
        }
    }

    /// Application requests that count against the window.
    pub(crate) fn windowed_count(&self) -> usize {
        self.windowed
    }

    /// Whether the application has an enquire_link awaiting its response.
    pub(crate) fn app_enquire_link(&self, slots: &[Slot]) -> bool {
        self.app > self.windowed
            && slots
                .iter()
                .any(|s| !s.is_free() && !s.internal && s.command_id == CommandId::EnquireLink)
    }

    pub(crate) fn total(&self) -> usize {
        self.all
    }

    /// Takes a slot and a fresh sequence number; `None` when every slot is taken.
    pub(crate) fn alloc(
        &mut self,
        slots: &mut [Slot],
        command_id: CommandId,
        deadline: Instant,
        internal: bool,
    ) -> Option<u32> {
        if self.all >= slots.len() {
            return None;
        }
        // A free slot exists. Any `len` consecutive numbers map to every index, and the wrap
        // from 0x7FFFFFFF to 1 breaks the run at most once in `2 * len + 1` draws.
        for _ in 0..=2 * slots.len() {
            let seq = self.seqs.next_number();
            if let Some(slot) = slots.get_mut(index(seq, slots.len())) {
                if slot.is_free() {
                    *slot = Slot {
                        seq,
                        command_id,
                        deadline,
                        internal,
                    };
                    self.all += 1;
                    if !internal {
                        self.app += 1;
                        self.windowed += usize::from(windowed(command_id));
                    }
                    if self.all == 1 {
                        self.oldest = seq;
                    }
                    return Some(seq);
                }
            }
        }
        None
    }

    /// A sequence number for a PDU that gets no response (outbind, alert_notification).
    pub(crate) fn unslotted(&mut self) -> u32 {
        self.seqs.next_number()
    }

    /// The slot of `seq`, if that request is pending.
    pub(crate) fn get(&self, slots: &[Slot], seq: u32) -> Option<Slot> {
        slots
            .get(index(seq, slots.len()))
            .filter(|s| !s.is_free() && s.seq == seq)
            .copied()
    }

    /// Frees and returns the slot of `seq`, if that request is pending.
    pub(crate) fn take(&mut self, slots: &mut [Slot], seq: u32) -> Option<Slot> {
        let cap = slots.len();
        let slot = slots.get_mut(index(seq, cap))?;
        if slot.is_free() || slot.seq != seq {
            return None;
        }
        let taken = core::mem::replace(slot, Slot::EMPTY);
        self.all -= 1;
        if !taken.internal {
            self.app -= 1;
            self.windowed -= usize::from(windowed(taken.command_id));
        }
        Some(taken)
    }

    /// The pending request with the earliest deadline.
    pub(crate) fn earliest(&mut self, slots: &[Slot]) -> Option<Slot> {
        if self.all == 0 {
            self.oldest = self.seqs.peek();
            return None;
        }
        let cap = slots.len();
        while self.oldest != self.seqs.peek() {
            match slots.get(index(self.oldest, cap)) {
                Some(s) if s.seq == self.oldest => return Some(*s),
                _ => self.oldest = succ(self.oldest),
            }
        }
        None
    }

    /// Moves every pending application request to the front of `slots`, oldest first, and
    /// returns how many there are. The table is unusable afterwards (the session is closed).
    pub(crate) fn drain_to_front(&mut self, slots: &mut [Slot]) -> usize {
        let oldest = self.oldest;
        // Age relative to the oldest, so the order survives the wrap from 0x7FFFFFFF to 1.
        let age = |s: &Slot| {
            if s.is_free() || s.internal {
                u32::MAX
            } else {
                s.seq.wrapping_sub(oldest) & SequenceNumbers::MAX
            }
        };
        slots.sort_unstable_by_key(age);
        let n = self.app;
        self.app = 0;
        self.windowed = 0;
        self.all = 0;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With one slot free, alloc finds it wherever the numbers are, the wrap from 0x7FFFFFFF
    /// to 1 included (which breaks the index sequence: ..., 2, 3, 1, 2, 3, 0 for 4 slots).
    #[test]
    fn alloc_finds_the_free_slot_across_the_wrap() {
        let t = Instant::ZERO;
        for first in 0x7FFF_FFF0u32..=0x7FFF_FFFF {
            for free in 0..4 {
                let mut slots = [Slot::EMPTY; 4];
                let mut f = InFlight::new(first);
                let mut taken = [0u32; 4];
                for t_slot in &mut taken {
                    *t_slot = f.alloc(&mut slots, CommandId::SubmitSm, t, false).unwrap();
                }
                assert_eq!(f.alloc(&mut slots, CommandId::SubmitSm, t, false), None);
                let victim = taken
                    .iter()
                    .copied()
                    .find(|&s| index(s, 4) == free)
                    .unwrap();
                f.take(&mut slots, victim).unwrap();
                let seq = f.alloc(&mut slots, CommandId::SubmitSm, t, false);
                assert!(
                    seq.is_some_and(|s| index(s, 4) == free),
                    "first {first:#x}, free index {free}: {seq:?}"
                );
            }
        }
    }
}

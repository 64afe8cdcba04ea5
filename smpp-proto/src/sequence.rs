//! Sequence numbers to emit: 1..=0x7FFFFFFF, wrapping back to 1, never 0.

/// A generator of request sequence numbers.
///
/// ```
/// use smpp_proto::SequenceNumbers;
/// let mut seq = SequenceNumbers::starting_at(0x7FFF_FFFF);
/// assert_eq!(seq.next_number(), 0x7FFF_FFFF);
/// assert_eq!(seq.next_number(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SequenceNumbers {
    next: u32,
}

impl Default for SequenceNumbers {
    fn default() -> Self {
        Self { next: 1 }
    }
}

impl SequenceNumbers {
    /// The largest sequence number the specification allows.
    pub const MAX: u32 = 0x7FFF_FFFF;

    /// Starts at 1.
    pub const fn new() -> Self {
        Self { next: 1 }
    }

    /// Starts at `first` (taken into 1..=0x7FFFFFFF).
    pub const fn starting_at(first: u32) -> Self {
        let n = first & Self::MAX;
        Self {
            next: if n == 0 { 1 } else { n },
        }
    }

    /// Returns the next number and advances, wrapping after 0x7FFFFFFF to 1.
    pub fn next_number(&mut self) -> u32 {
        let n = self.next;
        self.next = if n >= Self::MAX { 1 } else { n + 1 };
        n
    }

    /// The number the next call will return.
    pub const fn peek(&self) -> u32 {
        self.next
    }
}

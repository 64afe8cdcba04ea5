//! Which part numbers of a message have arrived.

/// A set of part numbers (1..=255), as a 256-bit bitmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PartSet([u64; 4]);

impl PartSet {
    /// The empty set.
    pub const fn new() -> Self {
        Self([0; 4])
    }

    /// Whether part `seqnum` is in the set.
    pub fn contains(&self, seqnum: u8) -> bool {
        self.0
            .get(usize::from(seqnum >> 6))
            .is_some_and(|word| word & (1 << (seqnum & 63)) != 0)
    }

    /// Adds part `seqnum`.
    pub fn insert(&mut self, seqnum: u8) {
        if let Some(word) = self.0.get_mut(usize::from(seqnum >> 6)) {
            *word |= 1 << (seqnum & 63);
        }
    }

    /// Number of parts in the set.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The part numbers in the set, ascending.
    pub fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        (0..=u8::MAX).filter(|&n| self.contains(n))
    }

    /// The part numbers of 1..=`total` not in the set, ascending.
    pub fn missing(&self, total: u8) -> impl Iterator<Item = u8> + '_ {
        (1..=total).filter(|&n| !self.contains(n))
    }
}

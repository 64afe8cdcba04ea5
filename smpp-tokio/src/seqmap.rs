//! Maps keyed by sequence number, hashed by one multiplication: the keys are distinct
//! counters, so SipHash's protection against chosen keys buys nothing on this hot path.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Fibonacci hashing of a `u32`: spreads consecutive numbers over all bits.
#[derive(Default, Clone, Copy)]
pub(crate) struct SeqHasher(u64);

impl Hasher for SeqHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// `sequence_number → V`.
pub(crate) type SeqMap<V> = HashMap<u32, V, BuildHasherDefault<SeqHasher>>;

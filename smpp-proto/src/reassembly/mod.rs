//! Reassembly of incoming concatenated short messages.
//!
//! Long messages arrive in parts, numbered by a UDH concatenation element (IEI 0x00 with
//! an 8-bit reference or 0x08 with a 16-bit one) or by the SAR TLVs
//! (`sar_msg_ref_num`, `sar_total_segments`, `sar_segment_seqnum`). The caller extracts
//! that information into a [`Part`] and hands it to a [`Reassembler`] with a key naming
//! the sender (e.g. an [`AddressKey`] of source and destination addresses) and the
//! current time; the reassembler answers with the whole message, in order, once every
//! part is in.
//!
//! Guarantees:
//! - **Bounded memory**: at most [`ReassemblyConfig::max_messages`] messages in progress,
//!   each with at most [`ReassemblyConfig::max_parts`] parts, and at most
//!   [`ReassemblyConfig::max_buffered_bytes`] bytes of part data in all (bookkeeping
//!   comes on top, proportional to the number of parts held).
//! - **Nothing is dropped silently**: every part pushed ends in exactly one outcome —
//!   rejected ([`PartError`]), duplicate, part of a completed [`Message`], or part of an
//!   [`Incomplete`] message that was evicted to make room or expired.
//! - **No clock**: time is passed in as milliseconds; call
//!   [`Reassembler::poll_expired`] regularly (e.g. at [`Reassembler::next_deadline`]).
//!
//! Messages in progress are kept in a small `Vec` in arrival order and found by a
//! linear scan, so a push costs O(messages in progress + parts of that message); this
//! is meant for the modest numbers a configuration bound allows.
//!
//! A reference reused by the same sender while an older message with that reference
//! is still incomplete is merged with it (same total) or rejected (different total)
//! until the old one expires: keep the timeout shorter than the time the sender takes
//! to cycle through its references.
//!
//! ```
//! use smpp_proto::reassembly::{AddressKey, Part, Pushed, Reassembler, ReassemblyConfig};
//! let mut r = Reassembler::new(ReassemblyConfig::default());
//! let key = AddressKey::new(b"447700900001", b"1234").unwrap();
//! let first = r.push(key, Part::new(7, 2, 2, b" world"), 1_000).unwrap();
//! assert!(matches!(first, Pushed::Stored { .. }));
//! match r.push(key, Part::new(7, 2, 1, b"hello"), 1_500).unwrap() {
//!     Pushed::Completed(message) => assert_eq!(message.data, b"hello world"),
//!     other => panic!("{other:?}"),
//! }
//! ```
#![cfg(feature = "alloc")]

mod config;
mod key;
mod outcome;
mod part;
mod part_set;
mod reassembler;
#[cfg(test)]
mod tests;

pub use config::ReassemblyConfig;
pub use key::AddressKey;
pub use outcome::{Incomplete, IncompleteReason, Message, Pushed};
pub use part::{Part, PartError};
pub use part_set::PartSet;
pub use reassembler::Reassembler;

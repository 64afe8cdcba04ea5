//! SMSC delivery receipts: reading, writing, and matching them to submissions.
//!
//! A receipt arrives as the `short_message` of a `deliver_sm` (or `data_sm`) whose
//! `esm_class` marks it as an SMSC delivery receipt. Its text follows the SMPP 3.4
//! Appendix B layout, loosely:
//!
//! ```text
//! id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...
//! ```
//!
//! - [`parse_receipt`] reads the many real-world variants into a zero-copy [`Receipt`]
//!   without allocating (works without `alloc`).
//! - [`Receipt::encode`] writes the standard form for the SMSC side.
//! - [`ids_match`] / [`NormalizedId`] match the receipt's id with the submit_sm_resp id
//!   across leading zeros, letter case and hex↔decimal.
//! - [`DeliveryState`] maps `stat:` text to and from SMPP `message_state` values
//!   ([`message_state`]).
//!
//! When present, the `receipted_message_id`, `message_state` and `network_error_code`
//! TLVs are more reliable than the text; prefer them.
//!
//! ```
//! use smpp_proto::receipt::{ids_match, parse_receipt, DeliveryState};
//! let receipt = parse_receipt(
//!     b"id:1526758174 submit date:1701240904 done date:1701250907 stat:DELIVRD err:000 text:Hi",
//! )?;
//! assert!(ids_match("05B007B1E", receipt.id)); // submit_sm_resp gave hex
//! assert_eq!(receipt.stat, Some(DeliveryState::Delivered));
//! # Ok::<(), smpp_proto::receipt::ReceiptError>(())
//! ```

mod civil;
mod date;
mod digits;
mod fast;
mod fields;
mod format;
mod message_id;
mod parse;
mod scan;
mod state;

pub use date::{DateForm, ReceiptDate};
pub use fields::{ErrorCode, Receipt};
pub use format::FormatError;
pub use message_id::{NormalizedId, ids_match};
pub use parse::{ReceiptError, parse_receipt};
pub use state::{DeliveryState, message_state};

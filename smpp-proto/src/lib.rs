//! A `no_std`, zero-copy codec for SMPP 3.4 and 5.0.
//!
//! * [`peek_frame`] finds PDU boundaries in a byte stream; [`Frames`] iterates them.
//! * [`Frame::decode`] parses one PDU into a [`Frame`] whose [`Pdu`] borrows from the input.
//! * [`Frame::encode`] writes a PDU into the caller's buffer; [`Frame::encoded_len`] says how
//!   much room it needs first.
//! * PDU bodies ([`SubmitSm`], [`DeliverSm`], ...) have builder methods that refuse values
//!   longer than the field allows, naming the field ([`FieldError`]).
//! * Decoding never panics; a [`ParseError`] names the field, its offset and the
//!   command_status to answer with.
//!
//! ```
//! use smpp_proto::{Frame, Pdu, SubmitSm, CommandStatus, SubmitSmResp};
//!
//! // An ESME builds and encodes a submit_sm.
//! let sm = SubmitSm::new().source_addr("SENDER")?.destination_addr("61481076483")?
//!     .short_message(b"Hello from Rust")?;
//! let mut out = [0u8; 512];
//! let n = Frame::request(7, Pdu::SubmitSm(sm)).encode(&mut out).unwrap();
//!
//! // The SMSC decodes it (borrowing from `out`) and answers.
//! let frame = Frame::decode(&out[..n]).unwrap();
//! let Pdu::SubmitSm(sm) = frame.pdu else { unreachable!() };
//! assert_eq!(sm.destination_addr.as_bytes(), b"61481076483");
//! let resp = SubmitSmResp::new().message_id("abc123")?;
//! let reply = Frame::response(frame.sequence_number, CommandStatus::ESME_ROK, Pdu::SubmitSmResp(resp));
//! assert_eq!(reply.encoded_len(), 16 + 7);
//! # Ok::<(), smpp_proto::FieldError>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(doctest, doc = include_str!("../README.md"))]
#![no_std]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[cfg(any(test, feature = "alloc"))]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod codec;
mod error;
mod frame;
#[doc(hidden)]
#[allow(clippy::panic, clippy::indexing_slicing)]
pub mod fuzzing;
mod header;
mod incoming;
mod owned;
mod pdu;
#[cfg(feature = "alloc")]
pub mod reassembly;
pub mod receipt;
mod sequence;
pub mod text;
mod tlv;
pub mod udh;
mod values;
mod wire;

pub use codec::{Frame, Frames, FramesError};
pub use error::{EncodeError, Field, FieldError, FrameError, ParseError, ParseErrorKind};
pub use frame::{DEFAULT_MAX_COMMAND_LENGTH, FrameStatus, peek_frame};
pub use header::{HEADER_LEN, Header};
pub use incoming::{ConcatInfo, ConcatSource, DeliveryReport, UserData};
pub use owned::{FrameStorage, OwnedFrame, OwnedFrameError};
pub use pdu::*;
pub use sequence::SequenceNumbers;
pub use tlv::{CallbackNum, NetworkErrorCode, Tlv, TlvIter, TlvTag, TlvTooLong, Tlvs};
pub use values::*;
pub use wire::{COctetString, LengthError, ShortMessage, TimeField};

//! A sans-IO SMPP session for both roles (ESME and SMSC).
//!
//! Bytes, time and commands go in; bytes to send, events and the next deadline come out. No
//! sockets, no clock, no threads, no allocation per message: buffers are caller-provided
//! slices, or owned ones that start small and grow to their configured capacity only as
//! traffic needs ([`Storage`]). See [`Session`] for the driving loop.
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

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod config;
mod error;
mod event;
#[cfg(feature = "alloc")]
#[doc(hidden)]
#[allow(clippy::panic, clippy::expect_used, clippy::indexing_slicing)]
pub mod fuzzing;
mod inflight;
mod rate;
mod session;
mod state;
mod storage;
mod time;

pub use config::{Config, RateLimit};
pub use error::{CloseReason, SendError, Violation};
pub use event::Event;
pub use inflight::Slot;
pub use session::{Session, Stats};
pub use smpp_proto as proto;
pub use state::{BindKind, Role, SessionState};
pub use storage::Storage;
pub use time::Instant;

//! Thin tokio drivers around the sans-IO [`smpp_session::Session`]: the runtime glue
//! ([`conn`]), an ESME client ([`client`]) and an SMSC simulator ([`simulator`]).
//! Each is short enough to read in one sitting; the protocol lives in the session.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod args;
pub mod client;
pub mod conn;
pub mod simulator;

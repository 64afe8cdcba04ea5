//! Async SMPP 3.4 / 5.0 for tokio: a [`Client`] (ESME) and a [`Server`] (SMSC) over the
//! sans-IO [`smpp_session::Session`], on any `AsyncRead + AsyncWrite` stream (TCP, Unix
//! sockets, `tokio::io::duplex`, TLS with the `tls` feature), reporting through `tracing`.
//!
//! ```no_run
//! use smpp_proto::SubmitSm;
//! use smpp_tokio::{Client, ClientOptions};
//!
//! # async fn run() -> smpp_tokio::Result<()> {
//! let client = Client::connect("127.0.0.1:2775", ClientOptions::new("esme", "secret")).await?;
//! let sm = SubmitSm::new().source_addr("SENDER")?.destination_addr("61481076483")?.short_message(b"Hi")?;
//! let id = client.submit_sm(&sm).await?;
//! # Ok(()) }
//! ```
//!
//! The protocol lives in the session; this crate moves bytes, time and requests.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(doctest, doc = include_str!("../README.md"))]

pub mod client;
mod connector;
mod error;
mod link;
mod pdu;
mod seqmap;
pub mod server;
pub mod simulator;
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub mod tls;

pub use client::{
    Client, ClientOptions, Deliveries, Delivery, DeliveryHandler, LinkState, MessageOptions,
    MoMessage, Receipt, Reconnect, Throttle,
};
pub use connector::{Connector, FnConnector, Tcp};
pub use error::{Error, Result};
pub use pdu::{Message, Request, Response};
pub use server::{Handler, Server, ServerHandle, ServerOptions, SessionHandle};
pub use smpp_proto as proto;
pub use smpp_session::{BindKind, CloseReason, Config, RateLimit};

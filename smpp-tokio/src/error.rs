//! What can go wrong with a request, a bind or a connection.

use std::fmt;
use std::io;

use smpp_proto::{CommandId, CommandStatus, FieldError};
use smpp_session::SendError;

use crate::pdu::Response;

/// The outcome of a request that did not succeed. Every request ends in exactly one
/// outcome: its response (`Ok`), [`Error::Status`], [`Error::Timeout`],
/// [`Error::ClosedPending`] (sent, outcome unknown) or an error saying it was never sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The peer answered with a non-zero command_status (a generic_nack included).
    Status {
        /// The operation asked for.
        request: CommandId,
        /// The status the peer answered with.
        status: CommandStatus,
        /// The response itself (may carry TLVs such as additional_status_info_text).
        response: Box<Response>,
    },
    /// No response came within the response timeout. The request was sent; the peer may
    /// still have acted on it.
    Timeout {
        /// The operation.
        request: CommandId,
        /// Its sequence_number (`None` when the caller's own timeout ran out first).
        sequence_number: Option<u32>,
    },
    /// The connection closed while the request was awaiting its response: it was sent, its
    /// outcome is unknown.
    ClosedPending {
        /// The operation.
        request: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
    },
    /// The client or session is closed (or closing): the request was not sent.
    Closed,
    /// The bind was refused with this status (ESME_RINVPASWD, ESME_RINVSYSID, ...).
    BindRefused(CommandStatus),
    /// Connecting, or the bind, did not finish in time.
    ConnectTimeout,
    /// The request cannot be sent in this state or by this role (e.g. submit_sm while bound
    /// as a receiver), or was not a request at all. Nothing was sent.
    NotAllowed(SendError),
    /// A field's value does not fit (too long, wrong form). Nothing was sent.
    InvalidField(FieldError),
    /// The text cannot be encoded or split as asked. Nothing was sent.
    Text(smpp_proto::text::EncodeError),
    /// Connecting or the TLS handshake failed.
    Io(io::Error),
}

impl Error {
    /// The command_status the peer answered with, for [`Error::Status`] and
    /// [`Error::BindRefused`].
    pub fn command_status(&self) -> Option<CommandStatus> {
        match self {
            Self::Status { status, .. } | Self::BindRefused(status) => Some(*status),
            _ => None,
        }
    }

    /// True when the request may have reached the peer and its outcome is unknown
    /// (a timeout or a connection lost with it pending): resending could duplicate it.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, Self::Timeout { .. } | Self::ClosedPending { .. })
    }

    pub(crate) fn from_send(e: SendError) -> Self {
        match e {
            SendError::InvalidField(f) => Self::InvalidField(f),
            SendError::Closed => Self::Closed,
            other => Self::NotAllowed(other),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status {
                request, status, ..
            } => write!(f, "{request} refused: {status}"),
            Self::Timeout {
                request,
                sequence_number: Some(n),
            } => write!(f, "{request} (sequence_number {n}) got no response in time"),
            Self::Timeout { request, .. } => write!(f, "{request} got no response in time"),
            Self::ClosedPending {
                request,
                sequence_number,
            } => write!(
                f,
                "connection closed with {request} (sequence_number {sequence_number}) pending; its outcome is unknown"
            ),
            Self::Closed => f.write_str("the session is closed"),
            Self::BindRefused(s) => write!(f, "bind refused: {s}"),
            Self::ConnectTimeout => f.write_str("connect or bind timed out"),
            Self::NotAllowed(e) => e.fmt(f),
            Self::InvalidField(e) => e.fmt(f),
            Self::Text(e) => write!(f, "text: {e}"),
            Self::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::InvalidField(e) => Some(e),
            Self::NotAllowed(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Self::InvalidField(e)
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

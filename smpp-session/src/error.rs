//! Errors: local misuse (returned synchronously) and peer misbehaviour (reported as events).

use core::fmt;

use smpp_proto::{CommandId, CommandStatus, EncodeError, FieldError, FrameError, ParseError};

use crate::state::SessionState;
use crate::time::Instant;

/// A command the session refused. Nothing was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// This role may not send this PDU in this state (e.g. submit_sm while bound as receiver).
    NotAllowed {
        /// The state at the time.
        state: SessionState,
        /// The refused operation.
        command: CommandId,
    },
    /// The window is full; wait for [`crate::Event::CanSend`].
    WindowFull,
    /// The send-rate limit allows the next message at `retry_at`.
    RateLimited {
        /// When a token will be available.
        retry_at: Instant,
    },
    /// The transmit buffer cannot take this PDU now; write out pending bytes first.
    TxFull {
        /// Octets needed.
        needed: usize,
    },
    /// The PDU is not a request (use respond), or not a response (for respond).
    WrongKind(CommandId),
    /// The session is closed.
    Closed,
    /// The PDU could not be encoded.
    Encode(EncodeError),
    /// A value given for a field does not fit it.
    InvalidField(FieldError),
    /// Octets given to [`crate::Session::send_encoded`] are not one whole PDU: fewer than a
    /// header, or a command_length that is not the number of octets given.
    Malformed {
        /// Octets given.
        given: usize,
        /// The header's command_length, when there was a whole header.
        command_length: Option<u32>,
    },
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAllowed { state, command } => {
                write!(f, "{command} is not allowed in state {state:?}")
            }
            Self::WindowFull => f.write_str("window full"),
            Self::RateLimited { retry_at } => {
                write!(
                    f,
                    "send rate exceeded; retry at {} ms",
                    retry_at.as_millis()
                )
            }
            Self::TxFull { needed } => write!(f, "transmit buffer full ({needed} octets needed)"),
            Self::WrongKind(id) => write!(f, "{id} cannot be sent this way"),
            Self::Closed => f.write_str("session closed"),
            Self::Encode(e) => e.fmt(f),
            Self::InvalidField(e) => e.fmt(f),
            Self::Malformed {
                given,
                command_length: Some(len),
            } => write!(
                f,
                "command_length {len} does not match the {given} octets given"
            ),
            Self::Malformed { given, .. } => {
                write!(f, "{given} octets given: fewer than a PDU header")
            }
        }
    }
}

impl core::error::Error for SendError {}

/// A rule the peer broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// An untrustworthy command_length; the session closes.
    Frame(FrameError),
    /// A PDU that did not parse.
    Parse(ParseError),
    /// A request with an unknown command_id.
    UnknownCommand(u32),
    /// A request this role or state does not allow.
    NotAllowed {
        /// The operation.
        command: CommandId,
        /// Our state.
        state: SessionState,
    },
    /// A response that matches none of our pending requests.
    UnexpectedResponse {
        /// The operation.
        command: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
    },
}

impl Violation {
    /// The command_status this violation calls for.
    pub fn command_status(&self) -> CommandStatus {
        match self {
            Self::Frame(e) => e.command_status(),
            Self::Parse(e) => e.command_status(),
            Self::UnknownCommand(_) => CommandStatus::ESME_RINVCMDID,
            Self::NotAllowed { .. } => CommandStatus::ESME_RINVBNDSTS,
            Self::UnexpectedResponse { .. } => CommandStatus::ESME_RINVCMDID,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Frame(e) => e.fmt(f),
            Self::Parse(e) => e.fmt(f),
            Self::UnknownCommand(id) => write!(f, "unknown command_id 0x{id:08X}"),
            Self::NotAllowed { command, state } => {
                write!(f, "{command} not allowed in state {state:?}")
            }
            Self::UnexpectedResponse {
                command,
                sequence_number,
            } => write!(
                f,
                "unexpected {command} with sequence_number {sequence_number}"
            ),
        }
    }
}

/// Why a session closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// The application called abort.
    LocalAbort,
    /// The peer closed the connection.
    PeerEof,
    /// The unbind handshake completed.
    Unbound,
    /// Not bound within the session-init time.
    SessionInitTimeout,
    /// No transaction within the inactivity time, and the unbind went unanswered.
    InactivityTimeout,
    /// An enquire_link went unanswered.
    EnquireLinkTimeout,
    /// Our unbind went unanswered.
    UnbindTimeout,
    /// Our bind went unanswered. The peer may still bind us after the timeout, so the
    /// connection cannot be trusted for another bind: it is closed (reconnect to retry).
    BindTimeout,
    /// The peer sent an untrustworthy stream (bad command_length).
    Fatal(Violation),
}

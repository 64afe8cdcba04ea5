//! What the session tells the application.

use smpp_proto::{Bind, CommandId, CommandStatus, InterfaceVersion, Pdu};

use crate::error::{CloseReason, Violation};
use crate::inflight::Slot;
use crate::state::BindKind;

/// Something the application should know or act on. Events borrow the session: finish with
/// one before calling any other `&mut` method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// SMSC: an ESME asks to bind. Answer with [`crate::Session::accept_bind`] or
    /// [`crate::Session::reject_bind`].
    BindRequest {
        /// Echo this in the answer.
        sequence_number: u32,
        /// The kind of bind asked for.
        kind: BindKind,
        /// The credentials and addressing.
        bind: Bind<'a>,
    },
    /// The session is bound. For an ESME this is the outcome of its bind request.
    Bound {
        /// ESME: our bind request's number. SMSC: the ESME's.
        sequence_number: u32,
        /// The kind of bind.
        kind: BindKind,
        /// The peer's system_id.
        peer_system_id: &'a [u8],
        /// ESME: the SMSC's sc_interface_version TLV, when sent. SMSC: the ESME's
        /// interface_version from its bind.
        interface_version: Option<InterfaceVersion>,
    },
    /// ESME: the bind was refused; this is the bind request's outcome.
    BindRefused {
        /// The bind request's number.
        sequence_number: u32,
        /// Why (ESME_RINVPASWD, ESME_RINVSYSID, ...).
        command_status: CommandStatus,
    },
    /// ESME: the SMSC sent outbind and asks us to bind as a receiver.
    Outbind {
        /// The SMSC's system_id.
        system_id: &'a [u8],
        /// The password to check.
        password: &'a [u8],
    },
    /// The peer sent a request that needs an answer: call [`crate::Session::respond`].
    /// (alert_notification needs none.)
    Request {
        /// Echo this in the response.
        sequence_number: u32,
        /// The request.
        pdu: Pdu<'a>,
    },
    /// The outcome of one of our requests: its response, or a generic_nack for it.
    Response {
        /// Our request's number.
        sequence_number: u32,
        /// Our request's operation.
        request: CommandId,
        /// The result; ESME_RTHROTTLED and ESME_RMSGQFUL ask us to slow down.
        command_status: CommandStatus,
        /// The response body (a [`Pdu::GenericNack`] when the peer could not process it).
        pdu: Pdu<'a>,
    },
    /// The outcome of one of our requests: no response came in time. Its slot is free.
    ResponseTimeout {
        /// Our request's number.
        sequence_number: u32,
        /// Our request's operation.
        request: CommandId,
    },
    /// A send refused earlier (window full or rate limited) would now be accepted.
    CanSend,
    /// The peer broke a rule; the session already answered it where an answer exists.
    PeerViolation {
        /// What happened.
        violation: Violation,
        /// The status sent back, if any.
        answered_with: Option<CommandStatus>,
    },
    /// The session is unbound by the peer's unbind (its unbind_resp follows once the peer's
    /// earlier requests are answered, or their response time is up), or by the session's own
    /// inactivity unbind being answered. (The application's own unbind ends in its
    /// `Response`.) No new requests can be sent; `Closed` follows.
    Unbound,
    /// The session is closed: write out what [`crate::Session::poll_transmit`] still has,
    /// then close the connection. Every request of ours that had no outcome yet is listed.
    Closed {
        /// Why.
        reason: CloseReason,
        /// Our requests that were still awaiting a response, oldest first.
        pending: &'a [Slot],
    },
}

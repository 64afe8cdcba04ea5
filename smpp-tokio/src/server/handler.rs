//! What a server application decides: who may bind, and what each request gets.

use std::future::Future;

use smpp_proto::{CommandStatus, InterfaceVersion, MessageState, Npi, Ton};
use smpp_session::{BindKind, CloseReason};

use super::SessionHandle;
use crate::pdu::{Request, Response};

/// A bind request, for [`Handler::bind`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BindRequest {
    /// Transmitter, receiver or transceiver.
    pub kind: BindKind,
    /// system_id.
    pub system_id: String,
    /// password.
    pub password: String,
    /// system_type.
    pub system_type: String,
    /// interface_version the ESME speaks.
    pub interface_version: InterfaceVersion,
    /// TON of address_range.
    pub addr_ton: Ton,
    /// NPI of address_range.
    pub addr_npi: Npi,
    /// address_range.
    pub address_range: String,
}

/// A query_sm answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryReply {
    /// The message's state.
    pub message_state: MessageState,
    /// When it reached a final state (SMPP time text, empty when not final).
    pub final_date: String,
    /// Network error code (0: none).
    pub error_code: u8,
}

/// Hooks of a [`super::Server`]. Every method has a default, so implement only what you
/// need. Request hooks may be async: the session keeps serving other requests while one
/// waits, and a future that never completes leaves its request unanswered (the ESME's
/// response timer decides). Requests arrive as [`Request`] (match on
/// [`Request::pdu`]); answer with a value or a command_status, and the server writes the
/// right response PDU.
///
/// ```
/// use smpp_proto::{CommandStatus, Pdu};
/// use smpp_tokio::server::{BindRequest, Handler, SessionHandle};
/// use smpp_tokio::Request;
///
/// struct Smsc;
///
/// impl Handler for Smsc {
///     async fn bind(&self, _s: &SessionHandle, b: &BindRequest) -> Result<(), CommandStatus> {
///         if b.system_id == "esme" && b.password == "secret" { Ok(()) } else { Err(CommandStatus::ESME_RINVPASWD) }
///     }
///     async fn submit_sm(&self, s: &SessionHandle, req: Request) -> Result<String, CommandStatus> {
///         let Pdu::SubmitSm(sm) = req.pdu() else { return Err(CommandStatus::ESME_RSYSERR) };
///         if sm.destination_addr.is_empty() { return Err(CommandStatus::ESME_RINVDSTADR) }
///         Ok(s.server().next_message_id())
///     }
/// }
/// ```
pub trait Handler: Send + Sync + 'static {
    /// Decides a bind. Default: accept every bind.
    fn bind(
        &self,
        session: &SessionHandle,
        bind: &BindRequest,
    ) -> impl Future<Output = Result<(), CommandStatus>> + Send {
        let _ = (session, bind);
        async { Ok(()) }
    }

    /// Answers submit_sm with a message_id or a status. Default: ESME_RINVCMDID.
    fn submit_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<String, CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RINVCMDID) }
    }

    /// Answers data_sm with a message_id or a status. Default: ESME_RINVCMDID.
    fn data_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<String, CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RINVCMDID) }
    }

    /// Answers submit_multi with a message_id or a status. Default: ESME_RINVCMDID.
    fn submit_multi(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<String, CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RINVCMDID) }
    }

    /// Answers query_sm. Default: ESME_RQUERYFAIL.
    fn query_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<QueryReply, CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RQUERYFAIL) }
    }

    /// Answers cancel_sm. Default: ESME_RCANCELFAIL.
    fn cancel_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<(), CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RCANCELFAIL) }
    }

    /// Answers replace_sm. Default: ESME_RREPLACEFAIL.
    fn replace_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<(), CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RREPLACEFAIL) }
    }

    /// Answers any other request (broadcast_sm, query_broadcast_sm, ...) with a whole
    /// response PDU or a status. Default: ESME_RINVCMDID.
    fn request(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> impl Future<Output = Result<Response, CommandStatus>> + Send {
        let _ = (session, request);
        async { Err(CommandStatus::ESME_RINVCMDID) }
    }

    /// The session is bound (after [`Handler::bind`] accepted it).
    fn bound(&self, session: &SessionHandle) {
        let _ = session;
    }

    /// The ESME unbound.
    fn unbound(&self, session: &SessionHandle) {
        let _ = session;
    }

    /// The connection closed (always called last, bound or not).
    fn closed(&self, session: &SessionHandle, reason: CloseReason) {
        let _ = (session, reason);
    }
}

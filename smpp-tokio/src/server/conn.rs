//! One server connection: the session, the handler's pending answers, and requests the
//! application sends to the ESME, all driven from one task.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use smpp_proto::{
    BroadcastSmResp, CommandId, CommandStatus, DataSmResp, DeliverSmResp, HeaderOnly, Pdu,
    QueryBroadcastSmResp, QuerySmResp, SubmitMultiResp, SubmitSmResp, TimeField,
};
use smpp_session::{CloseReason, Event, Role};
use tokio::sync::mpsc;

use super::handler::{BindRequest, Handler, QueryReply};
use super::{
    BoundInfo, BoxedStream, CONTROL_CLOSE, CONTROL_UNBIND, ServerHandle, SessionHandle,
    SessionShared,
};
use crate::client::Req;
use crate::error::Error;
use crate::link::Link;
use crate::pdu::{Message, Response};
use crate::seqmap::SeqMap;

/// Events handled between two writes.
const EVENTS_PER_ROUND: usize = 64;

/// A handler's answer, ready to be written.
enum Answer {
    Bind {
        seq: u32,
        result: Result<(), CommandStatus>,
    },
    MessageId {
        seq: u32,
        id: CommandId,
        result: Result<String, CommandStatus>,
    },
    Query {
        seq: u32,
        message_id: String,
        result: Result<QueryReply, CommandStatus>,
    },
    Empty {
        seq: u32,
        id: CommandId,
        result: Result<(), CommandStatus>,
    },
    Whole {
        seq: u32,
        id: CommandId,
        result: Result<Response, CommandStatus>,
    },
}

/// An event, owned, so the session can be used while acting on it.
enum Action {
    Bind(u32, BindRequest),
    Request(u32, Message),
    /// A request whose octets are still to be copied from the session.
    RequestAt(u32),
    /// (sequence_number, request, status, generic_nack?, the response)
    Response(u32, CommandId, CommandStatus, bool, Message),
    /// A response whose octets are still to be copied from the session.
    ResponseAt(u32, CommandId, CommandStatus, bool),
    Timeout(u32, CommandId),
    Bound(BoundInfo),
    Unbound,
    Closed(CloseReason),
    None,
}

type Pending<'a> = Pin<Box<dyn Future<Output = Answer> + Send + 'a>>;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn to_action(ev: Event<'_>) -> Action {
    match ev {
        Event::BindRequest {
            sequence_number,
            kind,
            bind,
        } => Action::Bind(
            sequence_number,
            BindRequest {
                kind,
                system_id: text(bind.system_id.as_bytes()),
                password: text(bind.password.as_bytes()),
                system_type: text(bind.system_type.as_bytes()),
                interface_version: bind.interface_version,
                addr_ton: bind.addr_ton,
                addr_npi: bind.addr_npi,
                address_range: text(bind.address_range.as_bytes()),
            },
        ),
        Event::Request {
            sequence_number,
            pdu,
        } => {
            if tracing::enabled!(tracing::Level::TRACE) {
                tracing::trace!(sequence_number, ?pdu, "request received");
            }
            Action::RequestAt(sequence_number)
        }
        Event::Response {
            sequence_number,
            request,
            command_status,
            pdu,
        } => Action::ResponseAt(
            sequence_number,
            request,
            command_status,
            matches!(pdu, Pdu::GenericNack(_)),
        ),
        Event::ResponseTimeout {
            sequence_number,
            request,
        } => Action::Timeout(sequence_number, request),
        Event::Bound {
            kind,
            peer_system_id,
            interface_version,
            ..
        } => Action::Bound(BoundInfo {
            kind,
            system_id: text(peer_system_id),
            interface_version: interface_version.unwrap_or(smpp_proto::InterfaceVersion::V34),
        }),
        Event::Unbound => Action::Unbound,
        Event::PeerViolation {
            violation,
            answered_with,
        } => {
            tracing::warn!(%violation, ?answered_with, "peer violation");
            Action::None
        }
        // Every pending request of ours is in the in-flight map as well.
        Event::Closed { reason, .. } => Action::Closed(reason),
        _ => Action::None,
    }
}

/// The response PDU of `id` with an empty body, for refusals.
fn empty_response(id: CommandId) -> Pdu<'static> {
    match id {
        CommandId::SubmitSm => Pdu::SubmitSmResp(SubmitSmResp::default()),
        CommandId::DataSm => Pdu::DataSmResp(DataSmResp::default()),
        CommandId::SubmitMulti => Pdu::SubmitMultiResp(SubmitMultiResp::default()),
        CommandId::DeliverSm => Pdu::DeliverSmResp(DeliverSmResp::default()),
        CommandId::QuerySm => Pdu::QuerySmResp(QuerySmResp::default()),
        CommandId::CancelSm => Pdu::CancelSmResp(HeaderOnly::EMPTY_BODY),
        CommandId::ReplaceSm => Pdu::ReplaceSmResp(HeaderOnly::EMPTY_BODY),
        CommandId::BroadcastSm => Pdu::BroadcastSmResp(BroadcastSmResp::default()),
        CommandId::QueryBroadcastSm => Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp::default()),
        CommandId::CancelBroadcastSm => Pdu::CancelBroadcastSmResp(HeaderOnly::EMPTY_BODY),
        _ => Pdu::GenericNack(HeaderOnly::EMPTY_BODY),
    }
}

struct State<'h, S> {
    link: Link<S>,
    pending: FuturesUnordered<Pending<'h>>,
    inflight: SeqMap<Req>,
    stash: Option<Req>,
    commands: mpsc::Receiver<Box<Req>>,
    commands_open: bool,
    unbind_asked: bool,
    closed: Option<CloseReason>,
}

pub(crate) async fn run<H: Handler>(
    stream: BoxedStream,
    peer: String,
    id: u64,
    server: ServerHandle,
    handler: Arc<H>,
    outbind: Option<(String, String)>,
) {
    let options = server.options().clone();
    let (tx, commands) = mpsc::channel(usize::from(options.session.window).max(1));
    let session = SessionHandle {
        inner: Arc::new(SessionShared {
            id,
            peer,
            bound: OnceLock::new(),
            tx,
            control: std::sync::atomic::AtomicU8::new(0),
            control_waker: futures_util::task::AtomicWaker::new(),
            server: server.clone(),
        }),
    };
    tracing::debug!(session = id, peer = %session.peer(), "connection accepted");
    let _books = Books {
        server: server.clone(),
        id,
    };
    let h: &H = &handler;
    let s = &session;
    let mut st = State {
        link: Link::new(stream, Role::Smsc, options.session),
        pending: FuturesUnordered::new(),
        inflight: SeqMap::default(),
        stash: None,
        commands,
        commands_open: true,
        unbind_asked: false,
        closed: None,
    };
    if let Some((system_id, password)) = &outbind {
        let now = st.link.refresh();
        let sent = smpp_proto::Outbind::new()
            .system_id(system_id)
            .and_then(|o| o.password(password))
            .map_err(Error::from)
            .and_then(|o| st.link.session.outbind(now, &o).map_err(Error::from_send));
        match sent {
            Ok(()) => tracing::info!(session = id, peer = %s.peer(), "outbind sent"),
            Err(e) => {
                tracing::warn!(session = id, error = %e, "outbind not sent");
                st.link.session.abort(now);
            }
        }
    }
    poll_fn(|cx| poll(cx, &mut st, h, s, &options)).await;
    st.link.finish(Duration::from_secs(2)).await;
    let reason = st.closed.unwrap_or(CloseReason::LocalAbort);
    server.shared.registry.remove(id);
    // Requests the application queued but that were never sent.
    let stash = st.stash.take();
    for req in stash.into_iter() {
        req.reply.send(Err(Error::Closed));
    }
    st.commands.close();
    while let Ok(req) = st.commands.try_recv() {
        req.reply.send(Err(Error::Closed));
    }
    tracing::debug!(session = id, ?reason, "connection closed");
    h.closed(s, reason);
}

/// Takes the session off the server's books however its task ends (a handler that panics
/// included), so the connection count and the registry stay true.
struct Books {
    server: ServerHandle,
    id: u64,
}

impl Drop for Books {
    fn drop(&mut self) {
        self.server.shared.registry.remove(self.id);
        self.server
            .shared
            .connections
            .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Drives everything until the session closes. Work is done in rounds; after many
/// rounds in a row the task yields so one busy connection cannot starve the others.
fn poll<'h, H: Handler, S>(
    cx: &mut Context<'_>,
    st: &mut State<'h, S>,
    h: &'h H,
    s: &'h SessionHandle,
    options: &super::ServerOptions,
) -> Poll<()>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    for _round in 0..64 {
        let mut progress = false;
        st.link.refresh();
        // Answers the handler finished.
        while let Poll::Ready(Some(answer)) = st.pending.poll_next_unpin(cx) {
            answer_with(&mut st.link, answer, &options.system_id);
            progress = true;
        }
        // Requests the application sends to the ESME.
        progress |= take_commands(cx, st, s);
        // Bytes and timers; stop reading while the handler has too much in hand.
        let paused = st.pending.len() >= options.max_pending_per_session;
        if st.link.poll_io(cx, paused).is_ready() {
            progress = true;
        }
        // Events, a bounded number per round so answers go out while the rest are read
        // (the ESME can work on them meanwhile).
        for _ in 0..EVENTS_PER_ROUND {
            let action = match st.link.session.poll_event() {
                Some(ev) => to_action(ev),
                None => break,
            };
            // The octets the session just decoded: copied, not re-encoded.
            let action = match action {
                Action::RequestAt(seq) => {
                    Action::Request(seq, Message::received(st.link.session.event_frame()))
                }
                Action::ResponseAt(seq, id, status, nack) => Action::Response(
                    seq,
                    id,
                    status,
                    nack,
                    Message::received(st.link.session.event_frame()),
                ),
                other => other,
            };
            progress = true;
            act(cx, st, h, s, action);
        }
        if st.closed.is_some() {
            return Poll::Ready(());
        }
        if !progress {
            return Poll::Pending;
        }
    }
    cx.waker().wake_by_ref();
    Poll::Pending
}

/// Moves the application's requests into the window while it has room.
fn take_commands<S>(cx: &mut Context<'_>, st: &mut State<'_, S>, s: &SessionHandle) -> bool
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut progress = false;
    // Unbind and close first, whatever the window says.
    s.inner.control_waker.register(cx.waker());
    match s.inner.control.swap(0, std::sync::atomic::Ordering::AcqRel) {
        CONTROL_CLOSE => {
            progress = true;
            let now = st.link.now();
            st.link.session.abort(now);
        }
        CONTROL_UNBIND if !st.unbind_asked => {
            progress = true;
            st.unbind_asked = true;
            let now = st.link.now();
            if st.link.session.unbind(now).is_err() {
                // Not bound (or already closing): nothing to unbind, just close.
                st.link.session.abort(now);
            }
        }
        _ => {}
    }
    let bound = st.link.session.state().bound_kind().is_some();
    while st.commands_open {
        let room = bound && !st.unbind_asked && st.link.session.can_send() && st.link.has_room();
        let req = match st.stash.take() {
            Some(r) if room => r,
            Some(r) => {
                st.stash = Some(r);
                break;
            }
            None if !room => break,
            None => match st.commands.poll_recv(cx) {
                Poll::Ready(Some(r)) => *r,
                Poll::Ready(None) => {
                    st.commands_open = false;
                    break;
                }
                Poll::Pending => break,
            },
        };
        progress = true;
        if req.reply.is_closed() {
            continue;
        }
        let now = st.link.now();
        match st.link.session.send_encoded(now, req.msg.as_bytes()) {
            Ok(seq) => {
                st.inflight.insert(seq, req);
            }
            Err(
                smpp_session::SendError::WindowFull
                | smpp_session::SendError::TxFull { .. }
                | smpp_session::SendError::RateLimited { .. },
            ) => {
                // Retried when the window frees or the writer drains (or the rate allows).
                st.stash = Some(req);
                break;
            }
            Err(e) => {
                req.reply.send(Err(Error::from_send(e)));
            }
        }
    }
    progress
}

/// Acts on one event: starts handler futures (polled once at once, so quick handlers
/// answer without a trip through the task queue), completes our requests, tracks binds.
fn act<'h, H: Handler, S>(
    cx: &mut Context<'_>,
    st: &mut State<'h, S>,
    h: &'h H,
    s: &'h SessionHandle,
    action: Action,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let fut: Pending<'h> = match action {
        Action::Bind(seq, bind) => Box::pin(async move {
            let result = h.bind(s, &bind).await;
            match &result {
                Ok(()) => tracing::info!(
                    session = s.id(),
                    system_id = %bind.system_id,
                    kind = bind.kind.short_name(),
                    "bind accepted"
                ),
                Err(status) => tracing::info!(
                    session = s.id(),
                    system_id = %bind.system_id,
                    %status,
                    "bind refused"
                ),
            }
            Answer::Bind { seq, result }
        }),
        Action::Request(seq, req) => {
            let id = req.command_id();
            match id {
                CommandId::SubmitSm => Box::pin(async move {
                    let result = h.submit_sm(s, req).await;
                    Answer::MessageId { seq, id, result }
                }),
                CommandId::DataSm => Box::pin(async move {
                    let result = h.data_sm(s, req).await;
                    Answer::MessageId { seq, id, result }
                }),
                CommandId::SubmitMulti => Box::pin(async move {
                    let result = h.submit_multi(s, req).await;
                    Answer::MessageId { seq, id, result }
                }),
                CommandId::QuerySm => Box::pin(async move {
                    let message_id = req.message_id().unwrap_or("").to_string();
                    let result = h.query_sm(s, req).await;
                    Answer::Query {
                        seq,
                        message_id,
                        result,
                    }
                }),
                CommandId::CancelSm => Box::pin(async move {
                    let result = h.cancel_sm(s, req).await;
                    Answer::Empty { seq, id, result }
                }),
                CommandId::ReplaceSm => Box::pin(async move {
                    let result = h.replace_sm(s, req).await;
                    Answer::Empty { seq, id, result }
                }),
                CommandId::AlertNotification => return,
                _ => Box::pin(async move {
                    let result = h.request(s, req).await;
                    Answer::Whole { seq, id, result }
                }),
            }
        }
        Action::Response(seq, request, status, nack, msg) => {
            if let Some(req) = st.inflight.remove(&seq) {
                req.reply
                    .send(crate::client::outcome(request, status, nack, msg));
            }
            return;
        }
        Action::RequestAt(_) | Action::ResponseAt(..) => return,
        Action::Timeout(seq, request) => {
            if let Some(req) = st.inflight.remove(&seq) {
                req.reply.send(Err(Error::Timeout {
                    request,
                    sequence_number: Some(seq),
                }));
            }
            return;
        }
        Action::Bound(info) => {
            let receiver = info.kind.can_receive();
            let system_id = info.system_id.clone();
            let _ = s.inner.bound.set(info);
            s.server().shared.registry.add(s.clone());
            h.bound(s);
            if receiver {
                tokio::spawn(super::registry::flush(s.server().clone(), system_id));
            }
            return;
        }
        Action::Unbound => {
            tracing::info!(session = s.id(), "ESME unbound");
            h.unbound(s);
            return;
        }
        Action::Closed(reason) => {
            crate::client::fail_pending(&mut st.inflight);
            st.closed = Some(reason);
            return;
        }
        Action::None => return,
    };
    let mut fut = fut;
    match fut.as_mut().poll(cx) {
        Poll::Ready(answer) => {
            let system_id = &s.server().options().system_id;
            answer_with(&mut st.link, answer, system_id);
        }
        Poll::Pending => st.pending.push(fut),
    }
}

/// Writes a handler's answer as the right response PDU.
fn answer_with<S>(link: &mut Link<S>, answer: Answer, system_id: &str)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let now = link.now();
    let session = &mut link.session;
    let written = match answer {
        Answer::Bind { seq, result } => match result {
            Ok(()) => session.accept_bind(now, seq, system_id),
            Err(status) => session.reject_bind(now, seq, status),
        },
        Answer::MessageId { seq, id, result } => match result {
            Ok(message_id) => {
                let body = match id {
                    CommandId::DataSm => DataSmResp::new()
                        .message_id(&message_id)
                        .map(Pdu::DataSmResp),
                    CommandId::SubmitMulti => SubmitMultiResp::new()
                        .message_id(&message_id)
                        .map(Pdu::SubmitMultiResp),
                    _ => SubmitSmResp::new()
                        .message_id(&message_id)
                        .map(Pdu::SubmitSmResp),
                };
                match body {
                    Ok(pdu) => session.respond(now, seq, CommandStatus::ESME_ROK, &pdu),
                    Err(e) => {
                        tracing::error!(error = %e, "handler's message_id does not fit; answering ESME_RSYSERR");
                        session.respond(now, seq, CommandStatus::ESME_RSYSERR, &empty_response(id))
                    }
                }
            }
            Err(status) => session.respond(now, seq, status, &empty_response(id)),
        },
        Answer::Query {
            seq,
            message_id,
            result,
        } => match result {
            Ok(q) => {
                let body = QuerySmResp::new()
                    .message_id(&message_id)
                    .map(|b| QuerySmResp {
                        final_date: TimeField::from_bytes(q.final_date.as_bytes())
                            .unwrap_or_default(),
                        ..b.message_state(q.message_state).error_code(q.error_code)
                    });
                match body {
                    Ok(b) => {
                        session.respond(now, seq, CommandStatus::ESME_ROK, &Pdu::QuerySmResp(b))
                    }
                    Err(_) => session.respond(
                        now,
                        seq,
                        CommandStatus::ESME_RSYSERR,
                        &empty_response(CommandId::QuerySm),
                    ),
                }
            }
            Err(status) => session.respond(now, seq, status, &empty_response(CommandId::QuerySm)),
        },
        Answer::Empty { seq, id, result } => {
            let status = result.err().unwrap_or(CommandStatus::ESME_ROK);
            session.respond(now, seq, status, &empty_response(id))
        }
        Answer::Whole { seq, id, result } => match result {
            Ok(resp)
                if resp.pdu().command_id() == id.response().unwrap_or(CommandId::GenericNack) =>
            {
                let frame = resp.frame();
                session.respond(now, seq, frame.command_status, &frame.pdu)
            }
            Ok(resp) => {
                tracing::error!(got = %resp.command_id(), request = %id, "handler answered with the wrong PDU; answering ESME_RSYSERR");
                session.respond(now, seq, CommandStatus::ESME_RSYSERR, &empty_response(id))
            }
            Err(status) => session.respond(now, seq, status, &empty_response(id)),
        },
    };
    if let Err(e) = written {
        tracing::debug!(error = %e, "answer not written");
    }
}

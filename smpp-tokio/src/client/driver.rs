//! The task behind a [`crate::Client`]: binds, moves requests from the queue into the window,
//! hands responses back, acknowledges deliveries, and reconnects.

use std::collections::VecDeque;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use smpp_proto::{Bind, CommandId, CommandStatus, DataSmResp, DeliverSmResp, HeaderOnly, Pdu};
use smpp_session::{CloseReason, Event, Role, SendError};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Sleep;

use super::delivery::{Assembler, Delivery, Read};
use super::options::ClientOptions;
use super::pipe::{Pipe, Took};
use super::{Control, LinkState, Req, Work};
use crate::connector::Connector;
use crate::error::{Error, Result};
use crate::link::Link;
use crate::pdu::Message;
use crate::seqmap::SeqMap;

/// Events handled before the driver lets callers run and sends what they queued. Large: one
/// read's worth of responses is answered and the callers' next requests go out in one write,
/// rather than a write per 64 (measured: fewer system calls on both ends, and a faster
/// client at window 256).
const EVENTS_PER_TURN: usize = 1024;

/// Connects and binds, within the connect timeout.
pub(crate) async fn open<C: Connector>(
    connector: &C,
    options: &ClientOptions,
) -> Result<(Link<C::Stream>, LinkState)> {
    let work = async {
        let stream = connector.connect().await?;
        bind(
            Link::new(stream, Role::Esme, options.session_config()),
            options,
        )
        .await
    };
    match tokio::time::timeout(options.connect_timeout, work).await {
        Ok(r) => {
            if let Ok((_, LinkState::Bound { peer_system_id, .. })) = &r {
                tracing::info!(
                    peer = %connector.describe(),
                    system_id = %options.system_id,
                    bind = options.bind.short_name(),
                    peer_system_id = %peer_system_id,
                    "bound"
                );
            }
            r
        }
        Err(_) => Err(Error::ConnectTimeout),
    }
}

/// Binds over a connected stream, within the connect timeout.
pub(crate) async fn bind_stream<S>(
    stream: S,
    options: &ClientOptions,
) -> Result<(Link<S>, LinkState)>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let link = Link::new(stream, Role::Esme, options.session_config());
    tokio::time::timeout(options.connect_timeout, bind(link, options))
        .await
        .unwrap_or(Err(Error::ConnectTimeout))
}

fn bind_pdu(options: &ClientOptions) -> Result<Bind<'_>> {
    Ok(Bind::new()
        .system_id(&options.system_id)?
        .password(&options.password)?
        .system_type(&options.system_type)?
        .address_range(&options.address_range)?
        .interface_version(options.interface_version)
        .addr_ton(options.addr_ton)
        .addr_npi(options.addr_npi))
}

/// Sends the bind and waits for its outcome.
pub(crate) async fn bind<S>(
    mut link: Link<S>,
    options: &ClientOptions,
) -> Result<(Link<S>, LinkState)>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let bind = bind_pdu(options)?;
    let now = link.refresh();
    link.session
        .bind(now, options.bind, &bind)
        .map_err(Error::from_send)?;
    await_bound(link).await
}

/// Drives the link until the pending bind settles.
pub(crate) async fn await_bound<S>(mut link: Link<S>) -> Result<(Link<S>, LinkState)>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    loop {
        poll_fn(|cx| link.poll_io(cx, false)).await;
        let mut outcome = None;
        // Stop at the outcome: what follows it (a deliver_sm right behind the bind_resp)
        // stays in the session for the driver.
        while outcome.is_none() {
            let Some(ev) = link.session.poll_event() else {
                break;
            };
            match ev {
                Event::Bound {
                    peer_system_id,
                    interface_version,
                    ..
                } => {
                    outcome = Some(Ok(LinkState::Bound {
                        peer_system_id: String::from_utf8_lossy(peer_system_id).into_owned(),
                        interface_version,
                    }));
                }
                Event::BindRefused { command_status, .. } => {
                    outcome = Some(Err(Error::BindRefused(command_status)));
                }
                Event::Closed { reason, .. } => {
                    outcome.get_or_insert(Err(Error::Io(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        format!("connection closed before the bind completed: {reason:?}"),
                    ))));
                }
                Event::PeerViolation { violation, .. } => {
                    tracing::warn!(%violation, "peer violation while binding");
                }
                _ => {}
            }
        }
        match outcome {
            Some(Ok(state)) => return Ok((link, state)),
            Some(Err(e)) => {
                link.finish(Duration::from_secs(1)).await;
                return Err(e);
            }
            None => {}
        }
    }
}

/// Why a connection ended.
enum End {
    /// Our unbind or close: do not reconnect.
    ByUs,
    /// Lost (EOF, dead link, the SMSC's unbind): reconnect if allowed.
    Lost(String),
}

/// Per-connection bookkeeping.
struct Conn<S> {
    link: Link<S>,
    inflight: SeqMap<Req>,
    /// Our unbind, once sent, and who waits for it.
    unbind_seq: Option<u32>,
    unbind_waiters: Vec<oneshot::Sender<Result<()>>>,
    /// No new requests: an unbind or close was asked for.
    draining: bool,
    closing_by_us: bool,
}

pub(crate) struct Driver<C> {
    connector: Option<C>,
    options: ClientOptions,
    pipe: std::sync::Arc<Pipe>,
    /// Callers to wake after taking requests (kept to reuse its allocation).
    wake: Vec<std::task::Waker>,
    control: mpsc::UnboundedReceiver<Control>,
    deliveries: mpsc::Sender<Delivery>,
    state: watch::Sender<LinkState>,
    assembler: Assembler,
    /// The reassembler's clock (it outlives connections, whose clocks restart).
    epoch: tokio::time::Instant,
    /// Wakes the driver when a long message in progress runs out of time.
    reassembly_timer: Option<(u64, Pin<Box<Sleep>>)>,
    /// Refused with ESME_RTHROTTLED / ESME_RMSGQFUL, to send again after the pause.
    retry: VecDeque<Req>,
    /// Requests taken from the pipe, being moved into the window.
    current: VecDeque<Req>,
    /// Some of `current` waited past a pass (a pause, the rate limit, a slow peer, a
    /// reconnection): each is checked for a caller that stopped waiting before it is sent.
    /// (Taken and sent in the same pass, they need no check: the pipe skipped the abandoned.)
    stale: bool,
    /// Taken from the queue but refused by the session for now (rate limit, full buffer).
    stash: Option<Req>,
    /// Sending paused until this sleep ends (throttling back-off or rate limit).
    pause: Option<Pin<Box<Sleep>>>,
    throttle_streak: u32,
    handles_gone: bool,
    control_closed: bool,
}

impl<C: Connector> Driver<C> {
    pub fn new(
        connector: Option<C>,
        options: ClientOptions,
        pipe: std::sync::Arc<Pipe>,
        control: mpsc::UnboundedReceiver<Control>,
        deliveries: mpsc::Sender<Delivery>,
        state: watch::Sender<LinkState>,
    ) -> Self {
        let assembler = Assembler::new(
            options.default_alphabet,
            options.reassembly_timeout.as_millis() as u64,
        );
        Self {
            connector,
            options,
            pipe,
            wake: Vec::new(),
            control,
            deliveries,
            state,
            assembler,
            epoch: tokio::time::Instant::now(),
            reassembly_timer: None,
            retry: VecDeque::new(),
            current: VecDeque::new(),
            stale: false,
            stash: None,
            pause: None,
            throttle_streak: 0,
            handles_gone: false,
            control_closed: false,
        }
    }

    /// Runs until the client is closed for good.
    pub async fn run(mut self, link: Link<C::Stream>) {
        let mut link = link;
        loop {
            let (end, mut waiters) = self.run_connection(link).await;
            let reason = match end {
                End::ByUs => None,
                End::Lost(reason) => Some(reason),
            };
            let Some(reason) = reason else {
                for w in waiters.drain(..) {
                    let _ = w.send(Ok(()));
                }
                break;
            };
            match self.reconnect(&reason, &mut waiters).await {
                Some(next) => link = next,
                None => {
                    for w in waiters.drain(..) {
                        let _ = w.send(Err(Error::Closed));
                    }
                    break;
                }
            }
        }
        self.shut();
    }

    /// Closed for good: everything still waiting fails with `Closed`.
    fn shut(&mut self) {
        self.state.send_replace(LinkState::Closed);
        let left = self.pipe.close();
        self.control.close();
        let stash = self.stash.take();
        for req in stash
            .into_iter()
            .chain(self.retry.drain(..))
            .chain(self.current.drain(..))
        {
            req.reply.send(Err(Error::Closed));
        }
        for work in left {
            match work {
                Work::One(req) => req.reply.send(Err(Error::Closed)),
                Work::Many(many) => {
                    for req in many.items {
                        req.reply.send(Err(Error::Closed));
                    }
                }
            }
        }
        while let Ok(c) = self.control.try_recv() {
            if let Control::Unbind(w) = c {
                let _ = w.send(Ok(()));
            }
        }
    }

    /// Reconnects with back-off; `None` when not allowed, asked to stop, or given up.
    async fn reconnect(
        &mut self,
        reason: &str,
        waiters: &mut Vec<oneshot::Sender<Result<()>>>,
    ) -> Option<Link<C::Stream>> {
        let (Some(policy), Some(connector)) = (self.options.reconnect, self.connector.as_ref())
        else {
            tracing::warn!(reason, "connection lost; not reconnecting");
            return None;
        };
        let mut delay = policy.initial;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            if policy.max_attempts.is_some_and(|m| attempt > m) {
                tracing::error!(attempts = attempt - 1, "reconnection gave up");
                return None;
            }
            self.state.send_replace(LinkState::Reconnecting { attempt });
            let wait = jitter(delay);
            tracing::warn!(
                reason,
                attempt,
                delay_ms = wait.as_millis() as u64,
                peer = %connector.describe(),
                "connection lost; reconnecting"
            );
            // An unbind or close asked for meanwhile ends the client.
            let stop = tokio::select! {
                () = tokio::time::sleep(wait) => false,
                c = self.control.recv() => {
                    if let Some(Control::Unbind(w)) = c { waiters.push(w); }
                    true
                }
            };
            if stop {
                for w in waiters.drain(..) {
                    let _ = w.send(Ok(()));
                }
                return None;
            }
            match open(connector, &self.options).await {
                Ok((link, bound)) => {
                    self.state.send_replace(bound);
                    return Some(link);
                }
                Err(Error::BindRefused(status)) => {
                    tracing::error!(%status, "rebind refused; giving up");
                    return None;
                }
                Err(e) => {
                    tracing::warn!(error = %e, attempt, "reconnect failed");
                    delay = (delay * 2).min(policy.max);
                }
            }
        }
    }

    /// Drives one bound connection until it closes.
    async fn run_connection(
        &mut self,
        link: Link<C::Stream>,
    ) -> (End, Vec<oneshot::Sender<Result<()>>>) {
        let mut conn = Conn {
            link,
            inflight: SeqMap::default(),
            unbind_seq: None,
            unbind_waiters: Vec::new(),
            draining: false,
            closing_by_us: false,
        };
        loop {
            // Events first: the bind may have left some (a deliver_sm behind the bind_resp).
            let (closed, more) = self.drain_events(&mut conn);
            if let Some(reason) = closed {
                conn.link.finish(Duration::from_secs(2)).await;
                let end = if conn.closing_by_us {
                    End::ByUs
                } else {
                    End::Lost(reason)
                };
                return (end, std::mem::take(&mut conn.unbind_waiters));
            }
            self.maybe_unbind(&mut conn);
            if more {
                // Let the callers whose responses just arrived queue their next requests,
                // and send them while the rest of the responses are read: the two ends
                // then work at the same time instead of taking turns.
                tokio::task::yield_now().await;
                poll_fn(|cx| {
                    let _ = self.poll_step(cx, &mut conn);
                    Poll::Ready(())
                })
                .await;
            } else {
                poll_fn(|cx| self.poll_step(cx, &mut conn)).await;
            }
        }
    }

    /// Starts our unbind once nothing of ours is in flight.
    fn maybe_unbind(&mut self, conn: &mut Conn<C::Stream>) {
        if conn.draining && conn.unbind_seq.is_none() && conn.inflight.is_empty() {
            let now = conn.link.now();
            match conn.link.session.unbind(now) {
                Ok(seq) => {
                    tracing::info!("unbinding");
                    conn.unbind_seq = Some(seq);
                }
                Err(SendError::WindowFull) => {} // an enquire_link of the session's; later
                Err(e) => {
                    tracing::debug!(error = %e, "unbind not sent; closing");
                    conn.link.session.abort(now);
                }
            }
        }
    }

    fn can_take(&self, conn: &Conn<C::Stream>) -> bool {
        !conn.draining
            && self.pause.is_none()
            && conn.link.session.can_send()
            && conn.link.has_room()
    }

    /// One pass: control messages, requests into the window, then I/O.
    fn poll_step(&mut self, cx: &mut Context<'_>, conn: &mut Conn<C::Stream>) -> Poll<()> {
        let mut progress = false;
        conn.link.refresh();
        // A closed control channel (every handle gone) reads as ready forever: look once.
        while !self.control_closed {
            let Poll::Ready(c) = self.control.poll_recv(cx) else {
                break;
            };
            progress = true;
            match c {
                Some(Control::Unbind(w)) => {
                    conn.unbind_waiters.push(w);
                    conn.draining = true;
                    conn.closing_by_us = true;
                }
                Some(Control::Close) => {
                    conn.draining = true;
                    conn.closing_by_us = true;
                    let now = conn.link.now();
                    conn.link.session.abort(now);
                }
                None => self.control_closed = true,
            }
        }
        if let Some(p) = &mut self.pause {
            if p.as_mut().poll(cx).is_ready() {
                self.pause = None;
                progress = true;
            }
        }
        if let Some(deadline) = self.assembler.next_deadline() {
            let timer = match self.reassembly_timer.take() {
                Some((at, mut t)) if at != deadline => {
                    let when = self.epoch + Duration::from_millis(deadline);
                    t.as_mut().reset(when);
                    (deadline, t)
                }
                Some(t) => t,
                None => {
                    let when = self.epoch + Duration::from_millis(deadline);
                    (deadline, Box::pin(tokio::time::sleep_until(when)))
                }
            };
            let (at, mut t) = timer;
            if t.as_mut().poll(cx).is_ready() {
                progress = true; // the events pass expires it
            } else {
                self.reassembly_timer = Some((at, t));
            }
        }
        while self.can_take(conn) {
            let req = if let Some(r) = self.stash.take() {
                r
            } else if let Some(r) = self.retry.pop_front() {
                r
            } else if !self.current.is_empty() {
                progress = true;
                self.start_front(conn);
                continue;
            } else if self.handles_gone {
                break;
            } else {
                let session = &conn.link.session;
                let want = session.window().saturating_sub(session.in_flight()).max(1);
                match self
                    .pipe
                    .poll_take(cx, &mut self.current, want, &mut self.wake)
                {
                    Took::Some => {
                        progress = true;
                        continue;
                    }
                    Took::Gone => {
                        // Every handle is gone: nobody can ask for more; leave politely.
                        self.handles_gone = true;
                        conn.draining = true;
                        conn.closing_by_us = true;
                        progress = true;
                        break;
                    }
                    Took::Pending => break,
                }
            };
            progress = true;
            self.start(conn, req);
        }
        self.stale = !self.current.is_empty();
        if conn.link.poll_io(cx, false).is_ready() {
            progress = true;
        }
        if progress {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Puts the request first in [`Driver::current`] into the window. Sent from where it
    /// lies and moved once, into the in-flight map: this is the path of nearly every request.
    fn start_front(&mut self, conn: &mut Conn<C::Stream>) {
        let Some(front) = self.current.front() else {
            return;
        };
        let check = self.stale || !matches!(front.reply, super::Reply::Slot(_));
        if check && front.reply.is_closed() {
            self.current.pop_front(); // the caller stopped waiting before it was sent
            return;
        }
        let now = conn.link.now();
        let sent = conn.link.session.send_encoded(now, front.msg.as_bytes());
        let Some(req) = self.current.pop_front() else {
            return;
        };
        self.started(conn, req, sent, now);
    }

    /// Puts one request into the window.
    fn start(&mut self, conn: &mut Conn<C::Stream>, req: Req) {
        if req.reply.is_closed() {
            return; // the caller stopped waiting before it was sent
        }
        let now = conn.link.now();
        // Encoded once by the caller; the session copies it and sets the sequence_number.
        let sent = conn.link.session.send_encoded(now, req.msg.as_bytes());
        self.started(conn, req, sent, now);
    }

    /// Files a request the session took, or keeps it for later when refused for now.
    fn started(
        &mut self,
        conn: &mut Conn<C::Stream>,
        req: Req,
        sent: std::result::Result<u32, SendError>,
        now: smpp_session::Instant,
    ) {
        match sent {
            Ok(seq) => {
                if tracing::enabled!(tracing::Level::TRACE) {
                    tracing::trace!(sequence_number = seq, pdu = ?req.msg.pdu(), "request sent");
                }
                conn.inflight.insert(seq, req);
            }
            Err(SendError::RateLimited { retry_at }) => {
                let wait = retry_at.as_millis().saturating_sub(now.as_millis());
                self.pause = Some(Box::pin(tokio::time::sleep(Duration::from_millis(
                    wait.max(1),
                ))));
                self.stash = Some(req);
            }
            Err(SendError::TxFull { .. } | SendError::WindowFull) => {
                // Waits for the writer (poll_io) or a free slot.
                self.stash = Some(req);
                self.pause = Some(Box::pin(tokio::time::sleep(Duration::from_millis(1))));
            }
            Err(e) => {
                req.reply.send(Err(Error::from_send(e)));
            }
        }
    }

    fn throttled(&mut self, mut req: Req, status: CommandStatus) -> Option<Req> {
        if req.attempts >= self.options.throttle.retries {
            return Some(req);
        }
        req.attempts += 1;
        self.throttle_streak = self.throttle_streak.saturating_add(1);
        let t = self.options.throttle;
        let factor = 1u32 << self.throttle_streak.saturating_sub(1).min(16);
        let delay = t.initial.saturating_mul(factor).min(t.max);
        tracing::warn!(%status, delay_ms = delay.as_millis() as u64, "throttled by the SMSC; pausing");
        self.pause = Some(Box::pin(tokio::time::sleep(delay)));
        self.retry.push_back(req);
        None
    }

    /// Handles up to [`EVENTS_PER_TURN`] events; `Some(reason)` once the session closed,
    /// and whether more may be waiting.
    fn drain_events(&mut self, conn: &mut Conn<C::Stream>) -> (Option<String>, bool) {
        let now = conn.link.now();
        let mut answers: Vec<(u32, CommandStatus, CommandId)> = Vec::new();
        let mut closed = None;
        let mut handled = 0;
        while handled < EVENTS_PER_TURN {
            let Some(ev) = conn.link.session.poll_event() else {
                break;
            };
            handled += 1;
            match ev {
                Event::Response {
                    sequence_number,
                    request,
                    command_status,
                    pdu,
                } => {
                    if tracing::enabled!(tracing::Level::TRACE) {
                        tracing::trace!(sequence_number, %command_status, ?pdu, "response");
                    }
                    if conn.unbind_seq == Some(sequence_number) {
                        continue;
                    }
                    let Some(req) = conn.inflight.remove(&sequence_number) else {
                        continue; // the session's own enquire_link
                    };
                    let req = if command_status.is_flow_control() {
                        match self.throttled(req, command_status) {
                            Some(req) => req,
                            None => continue,
                        }
                    } else {
                        self.throttle_streak = 0;
                        req
                    };
                    let nack = matches!(pdu, Pdu::GenericNack(_));
                    // The octets the session just decoded: copied, not re-encoded.
                    let msg = Message::received(conn.link.session.event_frame());
                    req.reply
                        .send(super::reply::outcome(request, command_status, nack, msg));
                }
                Event::ResponseTimeout {
                    sequence_number,
                    request,
                } => {
                    tracing::debug!(sequence_number, %request, "response timeout");
                    if let Some(req) = conn.inflight.remove(&sequence_number) {
                        req.reply.send(Err(Error::Timeout {
                            request,
                            sequence_number: Some(sequence_number),
                        }));
                    }
                }
                Event::Request {
                    sequence_number,
                    pdu,
                } => {
                    if tracing::enabled!(tracing::Level::TRACE) {
                        tracing::trace!(sequence_number, ?pdu, "request received");
                    }
                    let id = pdu.command_id();
                    let delivery = match pdu {
                        Pdu::DeliverSm(_) | Pdu::DataSm(_) => true,
                        Pdu::AlertNotification(a) => {
                            tracing::info!(source = %a.source_addr, esme = %a.esme_addr, "alert_notification");
                            continue; // needs no answer
                        }
                        _ => false,
                    };
                    let status = if delivery {
                        let msg = Message::received(conn.link.session.event_frame());
                        self.on_delivery(msg)
                    } else {
                        CommandStatus::ESME_RINVCMDID
                    };
                    answers.push((sequence_number, status, id));
                }
                Event::PeerViolation {
                    violation,
                    answered_with,
                } => {
                    tracing::warn!(%violation, ?answered_with, "peer violation");
                }
                Event::Unbound => tracing::info!("unbound"),
                Event::Closed { reason, .. } => {
                    // Every pending request is in the in-flight map (failed below).
                    if !matches!(reason, CloseReason::Unbound) || !conn.closing_by_us {
                        tracing::info!(?reason, "session closed");
                    }
                    closed = Some(format!("{reason:?}"));
                }
                _ => {}
            }
        }
        for (seq, status, id) in answers {
            let body = match id {
                CommandId::DataSm => Pdu::DataSmResp(DataSmResp::default()),
                CommandId::DeliverSm => Pdu::DeliverSmResp(DeliverSmResp::default()),
                _ => Pdu::GenericNack(HeaderOnly::EMPTY_BODY),
            };
            if let Err(e) = conn.link.session.respond(now, seq, status, &body) {
                tracing::debug!(error = %e, "answer not sent");
            }
        }
        self.assembler.expire(self.assembly_ms());
        self.queue_given_up();
        if closed.is_some() {
            super::fail_pending(&mut conn.inflight);
        }
        let more = closed.is_none() && handled == EVENTS_PER_TURN;
        (closed, more)
    }

    /// Reads, queues and acknowledges one deliver_sm or data_sm.
    /// Milliseconds on the reassembler's clock.
    fn assembly_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    /// Queues long messages the reassembler gave up on (already acknowledged part by part,
    /// so they go out with what arrived rather than not at all).
    fn queue_given_up(&mut self) {
        for d in self.assembler.take_given_up() {
            if self.deliveries.try_send(d).is_err() {
                tracing::warn!("deliveries queue full: an incomplete long message is dropped");
            }
        }
    }

    fn on_delivery(&mut self, msg: Message) -> CommandStatus {
        let now_ms = self.assembly_ms();
        // No room: ask the SMSC to retry before reading, so no part is consumed and lost.
        if self.deliveries.capacity() == 0 && !self.deliveries.is_closed() {
            tracing::warn!("deliveries queue full; answering ESME_RX_T_APPN");
            return CommandStatus::ESME_RX_T_APPN;
        }
        match self.assembler.read(msg, now_ms) {
            Some(Read::Done(d)) => {
                if let Some(h) = &self.options.delivery_handler {
                    let status = h(&d);
                    if !status.is_ok() {
                        return status;
                    }
                }
                match &*d {
                    Delivery::Receipt(r) => {
                        tracing::debug!(message_id = %r.message_id, state = ?r.state_text, "receipt")
                    }
                    Delivery::Message(m) => {
                        tracing::debug!(source = %m.source_addr, parts = m.parts, "MO message")
                    }
                }
                if let Err(mpsc::error::TrySendError::Full(_)) = self.deliveries.try_send(*d) {
                    return CommandStatus::ESME_RX_T_APPN;
                }
                CommandStatus::ESME_ROK
            }
            Some(Read::Part) | None => CommandStatus::ESME_ROK,
        }
    }
}

impl<C> Drop for Driver<C> {
    /// However the driver ends (also when its task is dropped or a delivery handler panics),
    /// nothing more is queued and what is queued or waiting in line ends with `Closed`.
    fn drop(&mut self) {
        drop(self.pipe.close());
    }
}

/// A delay between 50 % and 100 % of `d`, so clients that lost the same SMSC do not all
/// come back at the same instant.
fn jitter(d: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(d.as_nanos() as u64);
    let r = h.finish() % 1000;
    d.mul_f64(0.5 + r as f64 / 2000.0)
}

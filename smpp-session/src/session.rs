//! The session: bytes, time and commands in; bytes, events and deadlines out.

use smpp_proto::{
    Bind, BindResp, CommandId, CommandStatus, Frame, FrameStatus, HEADER_LEN, Header, HeaderOnly,
    InterfaceVersion, Outbind, Pdu, peek_frame,
};

use crate::config::Config;
use crate::error::{CloseReason, SendError, Violation};
use crate::event::Event;
use crate::inflight::{InFlight, Slot};
use crate::rate::TokenBucket;
use crate::state::{BindKind, Role, SessionState, is_message, may_receive, may_send};
use crate::storage::{Managed, Storage};
use crate::time::Instant;

/// Counters since the session was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// PDUs received.
    pub pdus_received: u64,
    /// PDUs queued for sending.
    pub pdus_sent: u64,
    /// Responses received with ESME_RTHROTTLED or ESME_RMSGQFUL.
    pub throttled: u64,
    /// Requests that timed out.
    pub timeouts: u64,
    /// Peer violations answered.
    pub violations: u64,
}

/// Events that are produced by commands or timers rather than by a received PDU.
#[derive(Debug, Clone, Copy)]
enum Queued {
    Bound {
        sequence_number: u32,
        kind: BindKind,
    },
    CanSend,
}

/// What the next event is, decided without holding a borrow of the receive buffer.
enum Next {
    None,
    Owned(Event<'static>),
    Frame {
        start: usize,
        len: usize,
        header: Header,
    },
    Closed,
    Queued(Queued),
}

struct Rx<'s> {
    buf: Managed<'s, u8>,
    start: usize,
    end: usize,
    /// Octets of the frame lent out with the last event, dropped at the next call.
    lent: usize,
}

impl Rx<'_> {
    fn release(&mut self) {
        self.start += core::mem::take(&mut self.lent);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    fn pending(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or(&[])
    }
}

struct Core<'s> {
    role: Role,
    config: Config,
    state: SessionState,
    tx: Managed<'s, u8>,
    tx_start: usize,
    tx_end: usize,
    slots: Managed<'s, Slot>,
    inflight: InFlight,
    window: usize,
    now: Instant,
    created: Instant,
    last_rx: Instant,
    last_txn: Instant,
    keepalive: Option<u32>,
    unbind_reason: Option<CloseReason>,
    rate: Option<TokenBucket>,
    want_can_send: bool,
    queue: [Option<Queued>; 4],
    close: Option<CloseReason>,
    close_reported: bool,
    pending_count: usize,
    peer_id: [u8; 16],
    peer_id_len: usize,
    peer_version: Option<InterfaceVersion>,
    bind_seq: u32,
    /// The kind of the last successful bind (kept while unbinding).
    bound_kind: Option<BindKind>,
    /// We sent outbind: a refused bind returns to Outbound, not Open.
    outbound_sent: bool,
    /// Requests the peer sent that the application has not answered yet.
    peer_pending: usize,
    /// The peer's unbind, answered once its earlier requests are (or at this deadline).
    unbind_received: Option<(u32, Instant)>,
    /// The last send was refused by the rate limit (not the window).
    rate_blocked: bool,
    /// The peer closed the connection; close once buffered PDUs are read.
    eof: bool,
    stats: Stats,
}

/// A sans-IO SMPP session for one connection, in either role.
///
/// Drive it like this, after every input:
/// 1. drain [`Session::poll_event`] until `None` (this parses received PDUs and queues the
///    automatic answers: enquire_link_resp, unbind_resp, error responses);
/// 2. drain [`Session::poll_transmit`], writing each slice and calling
///    [`Session::advance_transmit`] with what was written;
/// 3. repeat 1-2 until both are empty, then sleep until [`Session::poll_timeout`] or input,
///    and call [`Session::handle_bytes`], [`Session::handle_eof`] or
///    [`Session::handle_timeout`].
///
/// ```
/// use smpp_session::{BindKind, Config, Event, Instant, Role, Session, Storage};
/// use smpp_proto::Bind;
/// let config = Config::default();
/// let mut esme = Session::new(Role::Esme, config, Storage::owned(&config), Instant::ZERO);
/// let mut smsc = Session::new(Role::Smsc, config, Storage::owned(&config), Instant::ZERO);
/// let now = Instant::from_millis(5);
/// esme.bind(now, BindKind::Transceiver, &Bind::new().system_id("me")?.password("pw")?).unwrap();
/// let bytes = esme.poll_transmit().unwrap().to_vec();
/// esme.advance_transmit(bytes.len());
/// smsc.handle_bytes(now, &bytes);
/// let Some(Event::BindRequest { sequence_number, .. }) = smsc.poll_event() else { panic!() };
/// smsc.accept_bind(now, sequence_number, "smsc").unwrap();
/// # Ok::<(), smpp_proto::FieldError>(())
/// ```
pub struct Session<'s> {
    rx: Rx<'s>,
    core: Core<'s>,
}

impl core::fmt::Debug for Session<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Session")
            .field("role", &self.core.role)
            .field("state", &self.core.state)
            .field("in_flight", &self.core.inflight.total())
            .finish_non_exhaustive()
    }
}

const GENERIC_NACK: u32 = 0x8000_0000;

/// A request to send: a PDU to encode, or octets already encoded (with their header).
#[derive(Clone, Copy)]
enum Outgoing<'a, 'p> {
    Pdu(&'a Pdu<'p>),
    Encoded(Header, &'a [u8]),
}

impl<'s> Session<'s> {
    /// A session for a freshly opened connection.
    pub fn new(role: Role, config: Config, storage: Storage<'s>, now: Instant) -> Self {
        let Storage { rx, tx, slots } = storage;
        let window = usize::from(config.window).min(slots.len().saturating_sub(3).max(1));
        Self {
            rx: Rx {
                buf: rx,
                start: 0,
                end: 0,
                lent: 0,
            },
            core: Core {
                role,
                config,
                state: SessionState::Open,
                tx,
                tx_start: 0,
                tx_end: 0,
                slots,
                inflight: InFlight::new(config.first_sequence_number),
                window,
                now,
                created: now,
                last_rx: now,
                last_txn: now,
                keepalive: None,
                unbind_reason: None,
                rate: config.send_rate.map(|r| TokenBucket::new(r, now)),
                want_can_send: false,
                queue: [None; 4],
                close: None,
                close_reported: false,
                pending_count: 0,
                peer_id: [0; 16],
                peer_id_len: 0,
                peer_version: None,
                bind_seq: 0,
                bound_kind: None,
                outbound_sent: false,
                peer_pending: 0,
                unbind_received: None,
                rate_blocked: false,
                eof: false,
                stats: Stats::default(),
            },
        }
    }

    // ---- getters ----

    /// This session's role.
    pub fn role(&self) -> Role {
        self.core.role
    }

    /// The current state.
    pub fn state(&self) -> SessionState {
        self.core.state
    }

    /// The effective window (bounded by the slots provided).
    pub fn window(&self) -> usize {
        self.core.window
    }

    /// Our requests awaiting a response that count against the window (all but unbind and
    /// enquire_link, which use slots kept beside it).
    pub fn in_flight(&self) -> usize {
        self.core.inflight.windowed_count()
    }

    /// True when a request would fit the window now.
    pub fn can_send(&self) -> bool {
        self.core.close.is_none() && self.core.has_room()
    }

    /// True once closed and all output has been taken.
    pub fn is_closed(&self) -> bool {
        self.core.close.is_some()
            && self.core.close_reported
            && self.core.tx_start == self.core.tx_end
    }

    /// Counters.
    pub fn stats(&self) -> Stats {
        self.core.stats
    }

    // ---- inputs ----

    /// Takes received bytes, in any chunking. Returns how many were taken: fewer than given
    /// only when the receive buffer is full of unprocessed PDUs (drain events, then retry).
    pub fn handle_bytes(&mut self, now: Instant, data: &[u8]) -> usize {
        self.rx.release();
        self.core.tick(now);
        if self.core.close.is_some() {
            return data.len();
        }
        let rx = &mut self.rx;
        if rx.buf.len() - rx.end < data.len() && rx.start > 0 {
            rx.buf.copy_within(rx.start..rx.end, 0);
            rx.end -= rx.start;
            rx.start = 0;
        }
        if rx.buf.len() - rx.end < data.len() {
            rx.buf.grow(rx.end + data.len());
        }
        let n = data.len().min(rx.buf.len() - rx.end);
        if let (Some(dst), Some(src)) = (rx.buf.get_mut(rx.end..rx.end + n), data.get(..n)) {
            dst.copy_from_slice(src);
            rx.end += n;
        }
        n
    }

    /// The peer closed the connection.
    ///
    /// Complete PDUs already received are still reported by [`Session::poll_event`]; then
    /// the session closes.
    pub fn handle_eof(&mut self, now: Instant) {
        self.core.tick(now);
        self.core.eof = true;
    }

    /// Time passed; fires any timer that is due. Early or repeated calls are harmless.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.core.tick(now);
    }

    // ---- commands ----

    /// ESME: sends a bind request.
    pub fn bind(
        &mut self,
        now: Instant,
        kind: BindKind,
        bind: &Bind<'_>,
    ) -> Result<u32, SendError> {
        let mut bind = *bind;
        // An unset interface_version (0, "3.3 or older") becomes the one we speak.
        if bind.interface_version.0 == 0 {
            bind.interface_version = self.core.config.interface_version;
        }
        let pdu = match kind {
            BindKind::Transmitter => Pdu::BindTransmitter(bind),
            BindKind::Receiver => Pdu::BindReceiver(bind),
            BindKind::Transceiver => Pdu::BindTransceiver(bind),
        };
        self.send(now, &pdu)
    }

    /// SMSC: sends outbind, asking the ESME at the other end to bind.
    pub fn outbind(&mut self, now: Instant, outbind: &Outbind<'_>) -> Result<(), SendError> {
        self.send(now, &Pdu::Outbind(*outbind)).map(|_| ())
    }

    /// Sends any request PDU and returns its sequence_number. Its outcome arrives later as
    /// exactly one of [`Event::Response`], [`Event::ResponseTimeout`], [`Event::Bound`] /
    /// [`Event::BindRefused`] (for binds), or a place in [`Event::Closed`]'s pending list.
    /// (alert_notification has no response: it leaves nothing pending.)
    pub fn send(&mut self, now: Instant, pdu: &Pdu<'_>) -> Result<u32, SendError> {
        self.core.tick(now);
        self.core.send_request(pdu, false)
    }

    /// Sends a request that is already encoded (by [`Frame::encode`], any sequence_number):
    /// the octets are copied as they are and only the sequence_number is set, which spares
    /// an application that keeps PDUs encoded (in a queue, across threads) a decode and a
    /// re-encode. The header is checked (a request, command_length equal to the length
    /// given, allowed in this state); the body is not, so pass only octets an encoder made
    /// or a decoder accepted. Outcomes are reported exactly as for [`Session::send`].
    ///
    /// ```
    /// use smpp_session::{Config, Instant, Role, Session, Storage};
    /// use smpp_proto::{Frame, HeaderOnly, Pdu};
    /// let config = Config::default();
    /// let mut s = Session::new(Role::Esme, config, Storage::owned(&config), Instant::ZERO);
    /// let mut buf = [0u8; 16];
    /// Frame::request(0, Pdu::EnquireLink(HeaderOnly::EMPTY_BODY)).encode(&mut buf).unwrap();
    /// let seq = s.send_encoded(Instant::ZERO, &buf).unwrap();
    /// assert_eq!(&s.poll_transmit().unwrap()[12..16], &seq.to_be_bytes());
    /// ```
    pub fn send_encoded(&mut self, now: Instant, frame: &[u8]) -> Result<u32, SendError> {
        self.core.tick(now);
        let header = Header::parse(frame).ok_or(SendError::Malformed {
            given: frame.len(),
            command_length: None,
        })?;
        if header.command_length as usize != frame.len() {
            return Err(SendError::Malformed {
                given: frame.len(),
                command_length: Some(header.command_length),
            });
        }
        self.core
            .send_outgoing(Outgoing::Encoded(header, frame), false)
    }

    /// The octets of the received PDU the last event was read from ([`Event::Request`],
    /// [`Event::Response`], [`Event::BindRequest`], ...), valid until the next call of
    /// [`Session::poll_event`]; empty after events that come from no PDU (timeouts,
    /// `Closed`). Lets an application keep a PDU by copying its octets instead of
    /// re-encoding the borrowed [`Pdu`].
    pub fn event_frame(&self) -> &[u8] {
        self.rx
            .buf
            .get(self.rx.start..self.rx.start + self.rx.lent)
            .unwrap_or(&[])
    }

    /// Sends an enquire_link of our own; its response is reported like any other.
    pub fn enquire_link(&mut self, now: Instant) -> Result<u32, SendError> {
        self.send(now, &Pdu::EnquireLink(HeaderOnly::EMPTY_BODY))
    }

    /// Starts the unbind handshake.
    pub fn unbind(&mut self, now: Instant) -> Result<u32, SendError> {
        self.send(now, &Pdu::Unbind(HeaderOnly::EMPTY_BODY))
    }

    /// Answers a request the peer sent ([`Event::Request`] or [`Event::BindRequest`]).
    ///
    /// Answer each request exactly once: the session counts the peer's unanswered requests
    /// (to send its unbind_resp after them), it does not remember their sequence numbers.
    pub fn respond(
        &mut self,
        now: Instant,
        sequence_number: u32,
        status: CommandStatus,
        pdu: &Pdu<'_>,
    ) -> Result<(), SendError> {
        self.core.tick(now);
        let core = &mut self.core;
        if core.close.is_some() {
            return Err(SendError::Closed);
        }
        let id = pdu.command_id();
        if !id.is_response() {
            return Err(SendError::WrongKind(id));
        }
        core.write_frame(&Frame::response(sequence_number, status, *pdu))?;
        if let SessionState::BindPending(kind) = core.state {
            if sequence_number == core.bind_seq {
                // Any answer to the pending bind settles it; only a successful bind_resp of
                // the kind asked for binds.
                if status.is_ok() && BindKind::from_command_id(id) == Some(kind) {
                    core.state = SessionState::Bound(kind);
                    core.bound_kind = Some(kind);
                    core.last_txn = core.now;
                    core.push(Queued::Bound {
                        sequence_number,
                        kind,
                    });
                } else {
                    core.state = core.unbound_state();
                }
                return Ok(());
            }
        }
        core.peer_pending = core.peer_pending.saturating_sub(1);
        core.finish_peer_unbind();
        Ok(())
    }

    /// SMSC: accepts the pending bind, answering with our system_id.
    pub fn accept_bind(
        &mut self,
        now: Instant,
        sequence_number: u32,
        system_id: &str,
    ) -> Result<(), SendError> {
        let kind = self.pending_bind_kind()?;
        let mut body = BindResp::new()
            .system_id(system_id)
            .map_err(SendError::InvalidField)?;
        let tlv = [smpp_proto::Tlv::from_u8(
            smpp_proto::TlvTag::SC_INTERFACE_VERSION,
            self.core.config.interface_version.0,
        )];
        // A 3.3 ESME knows no TLVs (SMPP.md §2.3).
        if self
            .core
            .peer_version
            .is_some_and(InterfaceVersion::supports_tlvs)
        {
            body = body.with_tlvs(&tlv);
        }
        self.respond(
            now,
            sequence_number,
            CommandStatus::ESME_ROK,
            &bind_resp(kind, body),
        )
    }

    /// SMSC: refuses the pending bind with this status (e.g. ESME_RINVPASWD).
    pub fn reject_bind(
        &mut self,
        now: Instant,
        sequence_number: u32,
        status: CommandStatus,
    ) -> Result<(), SendError> {
        let kind = self.pending_bind_kind()?;
        self.respond(
            now,
            sequence_number,
            status,
            &bind_resp(kind, BindResp::default()),
        )
    }

    fn pending_bind_kind(&self) -> Result<BindKind, SendError> {
        match self.core.state {
            SessionState::BindPending(kind) => Ok(kind),
            state => Err(SendError::NotAllowed {
                state,
                command: CommandId::BindTransceiverResp,
            }),
        }
    }

    /// Closes at once: every pending request is reported in [`Event::Closed`].
    pub fn abort(&mut self, now: Instant) {
        self.core.tick(now);
        self.core.close(CloseReason::LocalAbort);
    }

    // ---- outputs ----

    /// Bytes to write to the peer, if any.
    #[must_use]
    pub fn poll_transmit(&self) -> Option<&[u8]> {
        let c = &self.core;
        (c.tx_start < c.tx_end).then(|| c.tx.get(c.tx_start..c.tx_end).unwrap_or(&[]))
    }

    /// Marks `n` octets of [`Session::poll_transmit`] as written.
    pub fn advance_transmit(&mut self, n: usize) {
        let c = &mut self.core;
        c.tx_start = (c.tx_start + n).min(c.tx_end);
        if c.tx_start == c.tx_end {
            c.tx_start = 0;
            c.tx_end = 0;
        }
    }

    /// When to call [`Session::handle_timeout`] next; `None` when no timer runs.
    #[must_use]
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        self.core.next_deadline()
    }

    /// The next event, if any. Received PDUs are parsed here, one per call.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event<'_>> {
        self.rx.release();
        let next = self.next();
        match next {
            Next::None => None,
            Next::Owned(ev) => Some(ev),
            Next::Queued(q) => Some(self.core.queued_event(q)),
            Next::Closed => {
                self.core.close_reported = true;
                let reason = self.core.close.unwrap_or(CloseReason::LocalAbort);
                let n = self.core.pending_count;
                Some(Event::Closed {
                    reason,
                    pending: self.core.slots.get(..n).unwrap_or(&[]),
                })
            }
            Next::Frame { start, len, header } => {
                self.rx.lent = len;
                let bytes = self.rx.buf.get(start..start + len).unwrap_or(&[]);
                Some(self.core.process(bytes, header))
            }
        }
    }

    /// Decides the next event, handling on the way every received PDU that needs no event
    /// (enquire_link and its answers to our keep-alives).
    fn next(&mut self) -> Next {
        loop {
            let core = &mut self.core;
            if core.close.is_some() {
                return if core.close_reported {
                    Next::None
                } else {
                    Next::Closed
                };
            }
            if let Some(q) = core.pop() {
                return Next::Queued(q);
            }
            if let Some(ev) = core.expire() {
                return ev;
            }
            // Every PDU may need a 16-octet automatic answer: stop reading when there is no
            // room for one, until the driver writes out what is queued. After the peer's EOF
            // the rest is read anyway (answers that do not fit are dropped), so the session
            // reaches Closed.
            if !core.eof && !core.make_room(HEADER_LEN) {
                return Next::None;
            }
            let max = core
                .config
                .max_command_length
                .min(u32::try_from(self.rx.buf.capacity()).unwrap_or(u32::MAX));
            let status = peek_frame(self.rx.pending(), max);
            let len = match status {
                Ok(FrameStatus::Complete(n)) => n,
                Ok(FrameStatus::Incomplete { .. }) if core.eof => {
                    // Every complete PDU received before the end of stream has been read.
                    let reason = if core.state == SessionState::Unbound {
                        CloseReason::Unbound
                    } else {
                        CloseReason::PeerEof
                    };
                    core.close(reason);
                    continue;
                }
                Ok(FrameStatus::Incomplete { .. }) => return core.can_send_edge(),
                Err(e) => {
                    // Echo the sequence_number when the whole header is there (SMPP.md §1).
                    let seq = Header::parse(self.rx.pending()).map_or(0, |h| h.sequence_number);
                    core.write_header(GENERIC_NACK, CommandStatus::ESME_RINVCMDLEN, seq);
                    core.stats.violations += 1;
                    core.close(CloseReason::Fatal(Violation::Frame(e)));
                    continue;
                }
            };
            let Some(header) = Header::parse(self.rx.pending()) else {
                return Next::None;
            };
            core.stats.pdus_received += 1;
            core.last_rx = core.now;
            if core.absorb(header) {
                self.rx.lent = len;
                self.rx.release();
                continue;
            }
            return Next::Frame {
                start: self.rx.start,
                len,
                header,
            };
        }
    }
}

fn bind_resp(kind: BindKind, body: BindResp<'_>) -> Pdu<'_> {
    match kind {
        BindKind::Transmitter => Pdu::BindTransmitterResp(body),
        BindKind::Receiver => Pdu::BindReceiverResp(body),
        BindKind::Transceiver => Pdu::BindTransceiverResp(body),
    }
}

impl Core<'_> {
    fn push(&mut self, q: Queued) {
        // Bound happens once and CanSend is edge-triggered, so four places never overflow;
        // if they somehow did, the oldest CanSend (a hint) is what gets overwritten.
        if let Some(slot) = self.queue.iter_mut().find(|s| s.is_none()) {
            *slot = Some(q);
        } else if let Some(last) = self.queue.last_mut() {
            *last = Some(q);
        }
    }

    fn pop(&mut self) -> Option<Queued> {
        // The common case (nothing queued) costs one comparison.
        let first = self.queue.first_mut()?.take()?;
        self.queue.rotate_left(1);
        Some(first)
    }

    fn queued_event(&self, q: Queued) -> Event<'_> {
        match q {
            Queued::Bound {
                sequence_number,
                kind,
            } => Event::Bound {
                sequence_number,
                kind,
                peer_system_id: self.peer_id.get(..self.peer_id_len).unwrap_or(&[]),
                interface_version: self.peer_version,
            },
            Queued::CanSend => Event::CanSend,
        }
    }

    // ---- time ----

    fn tick(&mut self, now: Instant) {
        self.now = self.now.max(now);
        if self.close.is_some() {
            return;
        }
        let now = self.now;
        let bound = matches!(self.state, SessionState::Bound(_));
        if let Some(d) = self.config.session_init_timeout {
            let binding = matches!(
                self.state,
                SessionState::Open | SessionState::Outbound | SessionState::BindPending(_)
            );
            if binding && now >= self.created.saturating_add(d) {
                self.close(CloseReason::SessionInitTimeout);
                return;
            }
        }
        if let Some((_, deadline)) = self.unbind_received {
            if now >= deadline {
                // The application left requests unanswered: answer the unbind anyway.
                self.peer_pending = 0;
                self.finish_peer_unbind();
                return;
            }
        }
        if let Some(d) = self.config.inactivity_timeout {
            if bound && now >= self.last_txn.saturating_add(d) && self.unbind_reason.is_none() {
                // Marked only once queued, so a full tx buffer retries at the next tick.
                if self
                    .send_request(&Pdu::Unbind(HeaderOnly::EMPTY_BODY), true)
                    .is_ok()
                {
                    self.unbind_reason = Some(CloseReason::InactivityTimeout);
                }
            }
        }
        let bound = matches!(self.state, SessionState::Bound(_));
        if let Some(d) = self.config.enquire_link_interval {
            if bound && self.keepalive.is_none() && now >= self.last_rx.saturating_add(d) {
                if let Ok(seq) = self.send_request(&Pdu::EnquireLink(HeaderOnly::EMPTY_BODY), true)
                {
                    self.keepalive = Some(seq);
                }
            }
        }
    }

    fn next_deadline(&mut self) -> Option<Instant> {
        if self.close.is_some() {
            return None;
        }
        let mut best: Option<Instant> = None;
        let mut consider = |t: Instant| best = Some(best.map_or(t, |b| b.min(t)));
        if let Some(s) = self.inflight.earliest(&self.slots) {
            consider(s.deadline());
        }
        let bound = matches!(self.state, SessionState::Bound(_));
        if let Some(d) = self.config.session_init_timeout {
            if matches!(
                self.state,
                SessionState::Open | SessionState::Outbound | SessionState::BindPending(_)
            ) {
                consider(self.created.saturating_add(d));
            }
        }
        if let (Some(d), true) = (self.config.inactivity_timeout, bound) {
            if self.unbind_reason.is_none() {
                consider(self.last_txn.saturating_add(d));
            }
        }
        if let (Some(d), true, None) = (self.config.enquire_link_interval, bound, self.keepalive) {
            consider(self.last_rx.saturating_add(d));
        }
        if self.want_can_send && self.rate_blocked {
            if let Some(rate) = &self.rate {
                consider(rate.ready_at());
            }
        }
        if let Some((_, deadline)) = self.unbind_received {
            consider(deadline);
        }
        // A timer that is due but could not act (its PDU did not fit the transmit buffer)
        // is retried a millisecond later rather than reported in the past forever.
        let soonest = self
            .now
            .saturating_add(core::time::Duration::from_millis(1));
        best.map(|t| t.max(soonest))
    }

    /// The state to return to when a bind attempt ends without binding.
    fn unbound_state(&self) -> SessionState {
        if self.outbound_sent && self.role == Role::Smsc {
            SessionState::Outbound
        } else {
            SessionState::Open
        }
    }

    /// Answers the peer's unbind once every request it sent before it has been answered.
    fn finish_peer_unbind(&mut self) {
        let Some((seq, _)) = self.unbind_received else {
            return;
        };
        if self.peer_pending > 0 || !self.make_room(HEADER_LEN) {
            return;
        }
        self.unbind_received = None;
        self.write_header(CommandId::UnbindResp.as_u32(), CommandStatus::ESME_ROK, seq);
        self.close(CloseReason::Unbound);
    }

    /// Reports the earliest request whose response is overdue.
    fn expire(&mut self) -> Option<Next> {
        let slot = self.inflight.earliest(&self.slots)?;
        if slot.deadline() > self.now {
            return None;
        }
        let seq = slot.sequence_number();
        self.inflight.take(&mut self.slots, seq);
        let id = slot.command_id();
        if slot.is_internal() {
            // Our keep-alive or inactivity unbind went unanswered: the link is dead.
            let reason = match id {
                CommandId::Unbind => self.unbind_reason.unwrap_or(CloseReason::UnbindTimeout),
                _ => CloseReason::EnquireLinkTimeout,
            };
            self.close(reason);
            return Some(Next::Closed);
        }
        self.stats.timeouts += 1;
        if id == CommandId::Unbind {
            // The application's unbind went unanswered: report its timeout, then close.
            self.close(CloseReason::UnbindTimeout);
        } else if BindKind::from_command_id(id).is_some() {
            // A late bind_resp would leave the peer bound while we are not: close.
            self.close(CloseReason::BindTimeout);
        } else {
            self.note_slot_freed();
        }
        Some(Next::Owned(Event::ResponseTimeout {
            sequence_number: seq,
            request: id,
        }))
    }

    /// Room for one more windowed request: under the window, and a slot free (the
    /// application's own enquire_links can take the slots kept beside the window).
    fn has_room(&self) -> bool {
        self.inflight.windowed_count() < self.window && self.inflight.total() < self.slots.len()
    }

    fn note_slot_freed(&mut self) {
        if self.want_can_send && self.has_room() {
            let rate_ok = self.rate.as_mut().is_none_or(|r| r.ready(self.now));
            if rate_ok {
                self.want_can_send = false;
                self.rate_blocked = false;
                self.push(Queued::CanSend);
            }
        }
    }

    /// The CanSend edge once the window has room and the rate allows, else nothing.
    fn can_send_edge(&mut self) -> Next {
        self.note_slot_freed();
        self.pop().map_or(Next::None, Next::Queued)
    }

    // ---- sending ----

    fn check_sendable(&self, id: CommandId) -> Result<(), SendError> {
        if self.close.is_some() {
            return Err(SendError::Closed);
        }
        if !may_send(self.role, self.state, id) {
            return Err(SendError::NotAllowed {
                state: self.state,
                command: id,
            });
        }
        Ok(())
    }

    fn send_request(&mut self, pdu: &Pdu<'_>, internal: bool) -> Result<u32, SendError> {
        self.send_outgoing(Outgoing::Pdu(pdu), internal)
    }

    fn send_outgoing(&mut self, out: Outgoing<'_, '_>, internal: bool) -> Result<u32, SendError> {
        let id = match out {
            Outgoing::Pdu(pdu) => pdu.command_id(),
            Outgoing::Encoded(header, _) => header.command_id,
        };
        if id.is_response() {
            return Err(SendError::WrongKind(id));
        }
        self.check_sendable(id)?;
        // unbind and enquire_link use the slots kept beside the window, so an application
        // can always leave or probe a busy link. One enquire_link of the application at a
        // time, so that its probes cannot take the slot an unbind needs.
        if !internal && id == CommandId::EnquireLink && self.inflight.app_enquire_link(&self.slots)
        {
            self.want_can_send = true;
            return Err(SendError::WindowFull);
        }
        let windowed = !matches!(id, CommandId::Unbind | CommandId::EnquireLink);
        if !internal && windowed && self.inflight.windowed_count() >= self.window {
            self.want_can_send = true;
            return Err(SendError::WindowFull);
        }
        if !internal && is_message(id) {
            if let Some(rate) = self.rate.as_mut() {
                if !rate.ready(self.now) {
                    self.want_can_send = true;
                    self.rate_blocked = true;
                    return Err(SendError::RateLimited {
                        retry_at: rate.ready_at(),
                    });
                }
            }
        }
        let len = match out {
            Outgoing::Pdu(pdu) => Frame::request(0, *pdu).encoded_len(),
            Outgoing::Encoded(_, bytes) => bytes.len(),
        };
        if !self.make_room(len) {
            return Err(SendError::TxFull { needed: len });
        }
        // alert_notification has no response, so it takes no slot.
        let seq = if id.response().is_some() {
            let deadline = self.now.saturating_add(self.config.response_timeout);
            match self.inflight.alloc(&mut self.slots, id, deadline, internal) {
                Some(seq) => seq,
                None => {
                    // Every slot is taken (by enquire_link/unbind beside the window): CanSend
                    // follows when one frees.
                    if !internal {
                        self.want_can_send = true;
                    }
                    return Err(SendError::WindowFull);
                }
            }
        } else {
            self.inflight.unslotted()
        };
        let written = match out {
            Outgoing::Pdu(pdu) => self.write_frame(&Frame::request(seq, *pdu)),
            Outgoing::Encoded(_, bytes) => {
                self.write_encoded(bytes, seq);
                Ok(())
            }
        };
        if let Err(e) = written {
            self.inflight.take(&mut self.slots, seq);
            return Err(e);
        }
        if !internal && is_message(id) {
            if let Some(rate) = self.rate.as_mut() {
                let _ = rate.take(self.now);
            }
        }
        match id {
            CommandId::BindTransmitter | CommandId::BindReceiver | CommandId::BindTransceiver => {
                self.bind_seq = seq;
                if let Some(kind) = BindKind::from_command_id(id) {
                    self.state = SessionState::Binding(kind);
                }
            }
            CommandId::Unbind => self.state = SessionState::Unbinding,
            CommandId::Outbind => {
                self.state = SessionState::Outbound;
                self.outbound_sent = true;
            }
            CommandId::EnquireLink => {}
            _ => self.last_txn = self.now,
        }
        Ok(seq)
    }

    /// Makes `n` octets of contiguous room at the end of tx; false if impossible now.
    #[inline]
    fn make_room(&mut self, n: usize) -> bool {
        self.tx.len() - self.tx_end >= n || self.make_room_slow(n)
    }

    /// Compacts, then grows an owned buffer: rare, so kept out of the write path.
    #[cold]
    #[inline(never)]
    fn make_room_slow(&mut self, n: usize) -> bool {
        if self.tx_start > 0 {
            self.tx.copy_within(self.tx_start..self.tx_end, 0);
            self.tx_end -= self.tx_start;
            self.tx_start = 0;
        }
        if self.tx.len() - self.tx_end < n {
            self.tx.grow(self.tx_end + n);
        }
        self.tx.len() - self.tx_end >= n
    }

    fn write_frame(&mut self, frame: &Frame<'_>) -> Result<(), SendError> {
        let len = frame.encoded_len();
        if !self.make_room(len) {
            return Err(SendError::TxFull { needed: len });
        }
        let dst = self.tx.get_mut(self.tx_end..).unwrap_or(&mut []);
        let n = frame.encode(dst).map_err(SendError::Encode)?;
        self.tx_end += n;
        self.stats.pdus_sent += 1;
        Ok(())
    }

    /// Queues an encoded PDU with its sequence_number set (room was made by the caller).
    fn write_encoded(&mut self, bytes: &[u8], seq: u32) {
        if let Some(dst) = self.tx.get_mut(self.tx_end..self.tx_end + bytes.len()) {
            dst.copy_from_slice(bytes);
            if let Some(field) = dst.get_mut(12..16) {
                field.copy_from_slice(&seq.to_be_bytes());
            }
            self.tx_end += bytes.len();
            self.stats.pdus_sent += 1;
        }
    }

    /// Queues a header-only PDU (room was checked before the frame was read).
    fn write_header(&mut self, command_id: u32, status: CommandStatus, seq: u32) {
        if !self.make_room(HEADER_LEN) {
            return;
        }
        let header = Header {
            command_length: HEADER_LEN as u32,
            command_id: CommandId::from_u32(command_id),
            command_status: status,
            sequence_number: seq,
        };
        if let Some(dst) = self.tx.get_mut(self.tx_end..self.tx_end + HEADER_LEN) {
            dst.copy_from_slice(&header.to_bytes());
            self.tx_end += HEADER_LEN;
            self.stats.pdus_sent += 1;
        }
    }

    /// Answers a request we will not process: its own response with `status`, or
    /// generic_nack for the PDUs that have none.
    fn refuse(&mut self, id: CommandId, status: CommandStatus, seq: u32) {
        let resp = id.response().map_or(GENERIC_NACK, CommandId::as_u32);
        self.write_header(resp, status, seq);
        self.stats.violations += 1;
    }

    fn close(&mut self, reason: CloseReason) {
        if self.close.is_some() {
            return;
        }
        self.state = SessionState::Closed;
        self.pending_count = self.inflight.drain_to_front(&mut self.slots);
        self.close = Some(reason);
        self.close_reported = false;
        self.queue = [None; 4];
    }

    // ---- receiving ----

    /// Handles a received PDU that needs no event; true when it was handled.
    fn absorb(&mut self, h: Header) -> bool {
        let id = h.command_id;
        if id == CommandId::EnquireLink {
            self.write_header(
                CommandId::EnquireLinkResp.as_u32(),
                CommandStatus::ESME_ROK,
                h.sequence_number,
            );
            return true;
        }
        if matches!(id, CommandId::EnquireLinkResp | CommandId::GenericNack)
            && self.keepalive == Some(h.sequence_number)
        {
            self.keepalive = None;
            self.inflight.take(&mut self.slots, h.sequence_number);
            return true;
        }
        false
    }

    /// Handles one received PDU and returns its event.
    fn process<'f>(&mut self, bytes: &'f [u8], h: Header) -> Event<'f> {
        let id = h.command_id;
        let seq = h.sequence_number;
        if id.is_response() {
            return self.on_response(bytes, h);
        }
        if let CommandId::Other(raw) = id {
            self.refuse(CommandId::GenericNack, CommandStatus::ESME_RINVCMDID, seq);
            return violation(
                Violation::UnknownCommand(raw),
                Some(CommandStatus::ESME_RINVCMDID),
            );
        }
        if let Some(kind) = BindKind::from_command_id(id) {
            if self.role == Role::Smsc
                && matches!(
                    self.state,
                    SessionState::Bound(_) | SessionState::BindPending(_) | SessionState::Unbinding
                )
            {
                self.refuse(id, CommandStatus::ESME_RALYBND, seq);
                return violation(
                    Violation::NotAllowed {
                        command: id,
                        state: self.state,
                    },
                    Some(CommandStatus::ESME_RALYBND),
                );
            }
            let _ = kind;
        }
        // Requests that cross our own unbind are still served in the bind they were sent in.
        let effective = match (self.state, self.bound_kind) {
            (SessionState::Unbinding, Some(kind)) => SessionState::Bound(kind),
            (state, _) => state,
        };
        if !may_receive(self.role, effective, id) {
            self.refuse(id, CommandStatus::ESME_RINVBNDSTS, seq);
            return violation(
                Violation::NotAllowed {
                    command: id,
                    state: self.state,
                },
                Some(CommandStatus::ESME_RINVBNDSTS),
            );
        }
        let frame = match Frame::decode(bytes) {
            Ok(f) => f,
            Err(e) => {
                let status = e.command_status();
                self.refuse(id, status, seq);
                return violation(Violation::Parse(e), Some(status));
            }
        };
        self.last_txn = self.now;
        match frame.pdu {
            Pdu::Unbind(_) => {
                // Requests the peer sent before its unbind are answered first (SMPP.md §3.1):
                // unbind_resp follows the last of those answers, or the response timeout.
                self.state = SessionState::Unbound;
                let deadline = self.now.saturating_add(self.config.response_timeout);
                self.unbind_received = Some((seq, deadline));
                self.finish_peer_unbind();
                Event::Unbound
            }
            Pdu::Outbind(o) => Event::Outbind {
                system_id: o.system_id.as_bytes(),
                password: o.password.as_bytes(),
            },
            Pdu::BindTransmitter(b) | Pdu::BindReceiver(b) | Pdu::BindTransceiver(b) => {
                let kind = BindKind::from_command_id(id).unwrap_or(BindKind::Transceiver);
                self.state = SessionState::BindPending(kind);
                self.bind_seq = seq;
                self.peer_version = Some(b.interface_version);
                let sid = b.system_id.as_bytes();
                let n = sid.len().min(16);
                if let (Some(dst), Some(src)) = (self.peer_id.get_mut(..n), sid.get(..n)) {
                    dst.copy_from_slice(src);
                    self.peer_id_len = n;
                }
                Event::BindRequest {
                    sequence_number: seq,
                    kind,
                    bind: b,
                }
            }
            pdu => {
                if id.response().is_some() {
                    self.peer_pending += 1;
                }
                Event::Request {
                    sequence_number: seq,
                    pdu,
                }
            }
        }
    }

    fn on_response<'f>(&mut self, bytes: &'f [u8], h: Header) -> Event<'f> {
        let seq = h.sequence_number;
        let id = h.command_id;
        // A response settles the request of the same number only if it answers that
        // operation (or is a generic_nack); anything else leaves the request pending.
        let answers =
            |slot: &Slot| id == CommandId::GenericNack || slot.command_id().response() == Some(id);
        let Some(slot) = self
            .inflight
            .get(&self.slots, seq)
            .filter(answers)
            .and_then(|_| self.inflight.take(&mut self.slots, seq))
        else {
            // Never answer a response (that is how nack loops start); just report it.
            self.stats.violations += 1;
            return violation(
                Violation::UnexpectedResponse {
                    command: id,
                    sequence_number: seq,
                },
                None,
            );
        };
        let request = slot.command_id();
        let status = h.command_status;
        if status.is_flow_control() {
            self.stats.throttled += 1;
        }
        // A malformed body still settles the request: report it raw.
        let pdu = match Frame::decode(bytes) {
            Ok(f) => f.pdu,
            Err(_) => Pdu::Unknown {
                command_id: id.as_u32(),
                body: bytes.get(HEADER_LEN..).unwrap_or(&[]),
            },
        };
        self.note_slot_freed();
        if BindKind::from_command_id(request).is_some() {
            let kind = BindKind::from_command_id(request).unwrap_or(BindKind::Transceiver);
            if status.is_ok() && id != CommandId::GenericNack {
                self.state = SessionState::Bound(kind);
                self.bound_kind = Some(kind);
                self.last_txn = self.now;
                let (system_id, version) = match pdu {
                    Pdu::BindTransmitterResp(b)
                    | Pdu::BindReceiverResp(b)
                    | Pdu::BindTransceiverResp(b) => {
                        (b.system_id.as_bytes(), b.tlvs.sc_interface_version())
                    }
                    _ => (&[][..], None),
                };
                return Event::Bound {
                    sequence_number: seq,
                    kind,
                    peer_system_id: system_id,
                    interface_version: version,
                };
            }
            self.state = SessionState::Open;
            return Event::BindRefused {
                sequence_number: seq,
                command_status: if status.is_ok() {
                    CommandStatus::ESME_RINVCMDID
                } else {
                    status
                },
            };
        }
        if request == CommandId::Unbind {
            self.state = SessionState::Unbound;
            // Unbinds that crossed: the peer's still gets its unbind_resp before we close
            // (its requests the application did not answer can no longer be answered).
            if let Some((peer_seq, _)) = self.unbind_received.take() {
                self.write_header(
                    CommandId::UnbindResp.as_u32(),
                    CommandStatus::ESME_ROK,
                    peer_seq,
                );
            }
            self.close(self.unbind_reason.unwrap_or(CloseReason::Unbound));
            if slot.is_internal() {
                // The session unbound on its own (inactivity): no request of the app's ended.
                return Event::Unbound;
            }
        }
        Event::Response {
            sequence_number: seq,
            request,
            // Some SMSCs send generic_nack with status 0; it still means "not processed".
            command_status: if id == CommandId::GenericNack && status.is_ok() {
                CommandStatus::ESME_RINVCMDID
            } else {
                status
            },
            pdu,
        }
    }
}

fn violation(v: Violation, answered_with: Option<CommandStatus>) -> Event<'static> {
    Event::PeerViolation {
        violation: v,
        answered_with,
    }
}

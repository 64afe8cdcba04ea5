//! The sans-IO session (`smpp_session::Session` with owned storage) and its event classes.
//!
//! Time is a float of seconds on any monotonic clock the caller chooses (e.g. `loop.time()`);
//! the session works in whole milliseconds since the `now` it was made with.

use std::collections::HashMap;
use std::time::Duration;

use pyo3::IntoPyObjectExt;
use pyo3::basic::CompareOp;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use smpp_proto as proto;
use smpp_proto::{CommandId, CommandStatus, Frame, Pdu as P};
use smpp_session::{
    BindKind, CloseReason, Config, Event, Instant, RateLimit, Role, SendError, SessionState,
    Storage, Violation,
};

use crate::pdu::{PduBase, class_for, encode_frame, make_object};
use crate::util::{
    LocalProtocolError, PduEncodeError, RateLimited, SessionClosed, TransmitBufferFull, WindowFull,
    latin1_str, text_octets, too_long,
};

// ---------------------------------------------------------------------------------------
// Events.

macro_rules! event_class {
    ($(#[$m:meta])* $name:ident ($pyname:literal) { $( $f:ident : $t:ty ),* $(,)? }) => {
        $(#[$m])*
        #[pyclass(frozen, get_all, module = "smpp._smpp", name = $pyname)]
        pub struct $name {
            $( pub $f: $t, )*
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = ($( $f ),*))]
            #[allow(clippy::too_many_arguments)]
            fn py_new($( $f: $t ),*) -> Self {
                Self { $( $f ),* }
            }

            #[classattr]
            fn __match_args__(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
                let names: &[&str] = &[$( stringify!($f) ),*];
                PyTuple::new(py, names)
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                event_repr(slf.as_any(), $pyname, &[$( stringify!($f) ),*])
            }

            fn __richcmp__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
                event_cmp(slf.as_any(), other, op, &[$( stringify!($f) ),*])
            }
        }
    };
}

fn event_repr(slf: &Bound<'_, PyAny>, name: &str, fields: &[&str]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len());
    for f in fields {
        parts.push(format!("{f}={}", slf.getattr(*f)?.repr()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

fn event_cmp(
    slf: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    op: CompareOp,
    fields: &[&str],
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) || !slf.get_type().is(other.get_type()) {
        return Ok(py.NotImplemented());
    }
    let mut same = true;
    for f in fields {
        if !slf.getattr(*f)?.eq(other.getattr(*f)?)? {
            same = false;
            break;
        }
    }
    (if matches!(op, CompareOp::Eq) {
        same
    } else {
        !same
    })
    .into_py_any(py)
}

event_class! {
    /// SMSC: an ESME asks to bind; answer with Session.accept_bind or Session.reject_bind.
    BindRequestEvent ("BindRequest") { sequence_number: u32, kind: String, system_id: String, password: String, pdu: Py<PyAny> }
}
event_class! {
    /// The session is bound (ESME: the outcome of our bind; SMSC: after accept_bind).
    BoundEvent ("Bound") { sequence_number: u32, kind: String, peer_system_id: String, interface_version: Option<u8> }
}
event_class! {
    /// ESME: the bind was refused; this is the bind request's outcome.
    BindRefusedEvent ("BindRefused") { sequence_number: u32, command_status: u32 }
}
event_class! {
    /// ESME: the SMSC sent outbind and asks us to bind as a receiver.
    OutbindEvent ("OutbindReceived") { system_id: String, password: String }
}
event_class! {
    /// The peer sent a request; answer it with Session.respond (alert_notification needs no answer).
    RequestEvent ("Request") { sequence_number: u32, pdu: Py<PyAny> }
}
event_class! {
    /// The outcome of one of our requests: its response (or a generic_nack for it).
    ResponseEvent ("Response") { sequence_number: u32, request: u32, command_status: u32, pdu: Py<PyAny> }
}
event_class! {
    /// The outcome of one of our requests: no response came in time; its window slot is free.
    ResponseTimeoutEvent ("ResponseTimeout") { sequence_number: u32, request: u32 }
}
event_class! {
    /// A send refused earlier (window full or rate limited) would now be accepted.
    CanSendEvent ("CanSend") {}
}
event_class! {
    /// The peer broke a rule; the session already answered where an answer exists.
    PeerViolationEvent ("PeerViolation") {
        kind: String, message: String, command_status: u32, answered_with: Option<u32>,
        field: Option<String>, offset: Option<usize>, command_id: Option<u32>, sequence_number: Option<u32>
    }
}
event_class! {
    /// The unbind handshake completed (Closed follows).
    UnboundEvent ("Unbound") {}
}
event_class! {
    /// The session is closed: send what data_to_send() still returns, then close the
    /// connection. `pending` lists our requests that had no outcome, as
    /// (sequence_number, command_id) pairs, oldest first.
    ClosedEvent ("Closed") { reason: String, message: String, pending: Vec<(u32, u32)> }
}

pub fn add_events(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BindRequestEvent>()?;
    m.add_class::<BoundEvent>()?;
    m.add_class::<BindRefusedEvent>()?;
    m.add_class::<OutbindEvent>()?;
    m.add_class::<RequestEvent>()?;
    m.add_class::<ResponseEvent>()?;
    m.add_class::<ResponseTimeoutEvent>()?;
    m.add_class::<CanSendEvent>()?;
    m.add_class::<PeerViolationEvent>()?;
    m.add_class::<UnboundEvent>()?;
    m.add_class::<ClosedEvent>()?;
    m.add_class::<Session>()?;
    Ok(())
}

fn close_reason(r: &CloseReason) -> (&'static str, String) {
    match r {
        CloseReason::LocalAbort => ("local_abort", "aborted locally".into()),
        CloseReason::PeerEof => ("peer_eof", "the peer closed the connection".into()),
        CloseReason::Unbound => ("unbound", "the unbind handshake completed".into()),
        CloseReason::SessionInitTimeout => (
            "session_init_timeout",
            "not bound within the session-init time".into(),
        ),
        CloseReason::InactivityTimeout => (
            "inactivity_timeout",
            "no transaction within the inactivity time".into(),
        ),
        CloseReason::EnquireLinkTimeout => (
            "enquire_link_timeout",
            "an enquire_link went unanswered".into(),
        ),
        CloseReason::UnbindTimeout => ("unbind_timeout", "our unbind went unanswered".into()),
        CloseReason::BindTimeout => ("bind_timeout", "our bind went unanswered".into()),
        CloseReason::Fatal(v) => ("fatal", v.to_string()),
        _ => ("other", format!("{r:?}")),
    }
}

fn kind_str(k: BindKind) -> &'static str {
    k.short_name()
}

fn parse_kind(s: &str) -> PyResult<BindKind> {
    match s.to_ascii_lowercase().as_str() {
        "tx" | "transmitter" | "bind_transmitter" => Ok(BindKind::Transmitter),
        "rx" | "receiver" | "bind_receiver" => Ok(BindKind::Receiver),
        "trx" | "transceiver" | "bind_transceiver" => Ok(BindKind::Transceiver),
        _ => Err(PyValueError::new_err(format!(
            "bind kind must be 'tx', 'rx' or 'trx', not {s:?}"
        ))),
    }
}

fn state_str(s: SessionState) -> &'static str {
    match s {
        SessionState::Open => "open",
        SessionState::Binding(_) => "binding",
        SessionState::BindPending(_) => "bind_pending",
        SessionState::Outbound => "outbound",
        SessionState::Bound(_) => "bound",
        SessionState::Unbinding => "unbinding",
        SessionState::Unbound => "unbound",
        SessionState::Closed => "closed",
        _ => "unknown",
    }
}

/// A Python object for a PDU borrowed from the session: re-encoded into its own bytes.
fn pdu_object<'py>(
    py: Python<'py>,
    seq: u32,
    status: CommandStatus,
    pdu: &P<'_>,
) -> PyResult<Bound<'py, PyAny>> {
    let frame = Frame {
        command_status: status,
        sequence_number: seq,
        pdu: *pdu,
    };
    let data = encode_frame(py, &frame)?;
    match Frame::decode(data.as_bytes()) {
        Ok(f) => make_object(py, &data, &f),
        // A response whose body did not parse is reported raw: keep it as UnknownPdu-like
        // octets under its own command_id.
        Err(_) => crate::pdu::make_raw_object(py, &data),
    }
}

fn violation_event(
    py: Python<'_>,
    v: &Violation,
    answered: Option<CommandStatus>,
) -> PyResult<Py<PyAny>> {
    let (kind, field, offset, command_id, seq) = match v {
        Violation::Frame(_) => (
            "frame",
            Some("command_length".to_string()),
            Some(0),
            None,
            None,
        ),
        Violation::Parse(e) => (
            "parse",
            Some(e.field().name().to_string()),
            Some(e.offset()),
            e.command_id(),
            e.sequence_number(),
        ),
        Violation::UnknownCommand(id) => ("unknown_command", None, None, Some(*id), None),
        Violation::NotAllowed { command, .. } => {
            ("not_allowed", None, None, Some(command.as_u32()), None)
        }
        Violation::UnexpectedResponse {
            command,
            sequence_number,
        } => (
            "unexpected_response",
            None,
            None,
            Some(command.as_u32()),
            Some(*sequence_number),
        ),
        _ => ("other", None, None, None, None),
    };
    PeerViolationEvent {
        kind: kind.into(),
        message: v.to_string(),
        command_status: v.command_status().0,
        answered_with: answered.map(|s| s.0),
        field,
        offset,
        command_id,
        sequence_number: seq,
    }
    .into_py_any(py)
}

fn send_error(e: SendError, epoch: f64) -> PyErr {
    match e {
        SendError::WindowFull => WindowFull::new_err("the window is full: wait for CanSend"),
        SendError::RateLimited { retry_at } => {
            let at = epoch + retry_at.as_millis() as f64 / 1000.0;
            RateLimited::new_err((format!("send rate exceeded; retry at {at:.3}"), at))
        }
        SendError::TxFull { needed } => TransmitBufferFull::new_err(format!(
            "the transmit buffer cannot take {needed} more octets: send data_to_send() first"
        )),
        SendError::Closed => SessionClosed::new_err("the session is closed"),
        SendError::Encode(e) => PduEncodeError::new_err(e.to_string()),
        other => LocalProtocolError::new_err(other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// The session.

/// A sans-IO SMPP session for one connection, in either role (h11 style).
///
/// Feed it with receive_data / receive_eof / handle_timeout, give it commands (bind,
/// submit_sm, send, respond, ...), and take its output: next_event() until None,
/// data_to_send() to write, next_deadline() for the timer. `now` is a float of seconds on
/// a monotonic clock (e.g. `loop.time()`). Not thread-safe: use one session per task.
#[pyclass(module = "smpp._smpp")]
pub struct Session {
    inner: smpp_session::Session<'static>,
    backlog: Vec<u8>,
    backlog_pos: usize,
    /// The peer's EOF, held back until the backlog has gone into the session (complete PDUs
    /// received before it must still be reported).
    eof_pending: bool,
    epoch: f64,
    now: Instant,
    /// Requests the peer sent that await our response: sequence_number -> (command_id, how
    /// many are unanswered with that number: a peer may reuse one).
    peer_requests: HashMap<u32, (u32, u32)>,
}

impl Session {
    fn at(&mut self, now: f64) -> Instant {
        let ms = (now - self.epoch) * 1000.0;
        let t = if ms.is_finite() && ms > 0.0 {
            Instant::from_millis((ms + 0.01).floor() as u64)
        } else {
            Instant::ZERO
        };
        self.now = self.now.max(t);
        self.now
    }

    fn secs(&self, t: Instant) -> f64 {
        self.epoch + t.as_millis() as f64 / 1000.0
    }
}

/// Converts one event while it still borrows the session's buffers.
fn convert(
    py: Python<'_>,
    ev: Event<'_>,
    peer_requests: &mut HashMap<u32, (u32, u32)>,
) -> PyResult<Py<PyAny>> {
    {
        Ok(match ev {
            Event::BindRequest {
                sequence_number,
                kind,
                bind,
            } => {
                let pdu = match kind {
                    BindKind::Transmitter => P::BindTransmitter(bind),
                    BindKind::Receiver => P::BindReceiver(bind),
                    BindKind::Transceiver => P::BindTransceiver(bind),
                };
                BindRequestEvent {
                    sequence_number,
                    kind: kind_str(kind).into(),
                    system_id: latin1_str(py, bind.system_id.as_bytes()).to_string(),
                    password: latin1_str(py, bind.password.as_bytes()).to_string(),
                    pdu: pdu_object(py, sequence_number, CommandStatus::ESME_ROK, &pdu)?.unbind(),
                }
                .into_py_any(py)?
            }
            Event::Bound {
                sequence_number,
                kind,
                peer_system_id,
                interface_version,
            } => BoundEvent {
                sequence_number,
                kind: kind_str(kind).into(),
                peer_system_id: latin1_str(py, peer_system_id).to_string(),
                interface_version: interface_version.map(|v| v.0),
            }
            .into_py_any(py)?,
            Event::BindRefused {
                sequence_number,
                command_status,
            } => BindRefusedEvent {
                sequence_number,
                command_status: command_status.0,
            }
            .into_py_any(py)?,
            Event::Outbind {
                system_id,
                password,
            } => OutbindEvent {
                system_id: latin1_str(py, system_id).to_string(),
                password: latin1_str(py, password).to_string(),
            }
            .into_py_any(py)?,
            Event::Request {
                sequence_number,
                pdu,
            } => {
                let id = pdu.command_id();
                if id.response().is_some() {
                    peer_requests
                        .entry(sequence_number)
                        .or_insert((id.as_u32(), 0))
                        .1 += 1;
                }
                RequestEvent {
                    sequence_number,
                    pdu: pdu_object(py, sequence_number, CommandStatus::ESME_ROK, &pdu)?.unbind(),
                }
                .into_py_any(py)?
            }
            Event::Response {
                sequence_number,
                request,
                command_status,
                pdu,
            } => ResponseEvent {
                sequence_number,
                request: request.as_u32(),
                command_status: command_status.0,
                pdu: pdu_object(py, sequence_number, command_status, &pdu)?.unbind(),
            }
            .into_py_any(py)?,
            Event::ResponseTimeout {
                sequence_number,
                request,
            } => ResponseTimeoutEvent {
                sequence_number,
                request: request.as_u32(),
            }
            .into_py_any(py)?,
            Event::CanSend => CanSendEvent {}.into_py_any(py)?,
            Event::PeerViolation {
                violation,
                answered_with,
            } => violation_event(py, &violation, answered_with)?,
            Event::Unbound => UnboundEvent {}.into_py_any(py)?,
            Event::Closed { reason, pending } => {
                peer_requests.clear();
                let (r, msg) = close_reason(&reason);
                ClosedEvent {
                    reason: r.into(),
                    message: msg,
                    pending: pending
                        .iter()
                        .map(|s| (s.sequence_number(), s.command_id().as_u32()))
                        .collect(),
                }
                .into_py_any(py)?
            }
            _ => PeerViolationEvent {
                kind: "other".into(),
                message: "an event this binding does not know".into(),
                command_status: 0,
                answered_with: None,
                field: None,
                offset: None,
                command_id: None,
                sequence_number: None,
            }
            .into_py_any(py)?,
        })
    }
}

impl Session {
    fn send_pdu(&mut self, py: Python<'_>, pdu: &Bound<'_, PduBase>, now: f64) -> PyResult<u32> {
        let t = self.at(now);
        let base = pdu.get();
        let f = base.frame(py)?;
        self.inner
            .send(t, &f.pdu)
            .map_err(|e| send_error(e, self.epoch))
    }

    fn send_built(
        &mut self,
        py: Python<'_>,
        command_id: CommandId,
        fields: Option<&Bound<'_, PyDict>>,
        now: f64,
    ) -> PyResult<u32> {
        let cls = class_for(py, command_id.as_u32())
            .ok_or_else(|| PyValueError::new_err("no such operation"))?;
        let obj = cls.call((), fields)?;
        let pdu = obj.cast::<PduBase>()?;
        self.send_pdu(py, pdu, now)
    }
}

#[pymethods]
impl Session {
    #[new]
    #[pyo3(signature = (
        role, *, now, window = 10, response_timeout = 30.0, enquire_link_interval = Some(30.0),
        inactivity_timeout = None, session_init_timeout = Some(60.0), send_rate = None,
        send_burst = None, interface_version = 0x34, max_command_length = proto::DEFAULT_MAX_COMMAND_LENGTH,
        first_sequence_number = 1
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        role: &str,
        now: f64,
        window: u16,
        response_timeout: f64,
        enquire_link_interval: Option<f64>,
        inactivity_timeout: Option<f64>,
        session_init_timeout: Option<f64>,
        send_rate: Option<u32>,
        send_burst: Option<u32>,
        interface_version: u8,
        max_command_length: u32,
        first_sequence_number: u32,
    ) -> PyResult<Self> {
        let role = match role.to_ascii_lowercase().as_str() {
            "esme" | "client" => Role::Esme,
            "smsc" | "mc" | "server" => Role::Smsc,
            _ => {
                return Err(PyValueError::new_err(
                    "role must be 'esme' (client) or 'smsc' (server)",
                ));
            }
        };
        let dur = |name: &str, s: f64| -> PyResult<Duration> {
            Duration::try_from_secs_f64(s).map_err(|_| {
                PyValueError::new_err(format!("{name} must be a non-negative number of seconds"))
            })
        };
        let opt = |name: &str, s: Option<f64>| -> PyResult<Option<Duration>> {
            s.map(|s| dur(name, s)).transpose()
        };
        if !(1..=0x7FFF_FFFF).contains(&first_sequence_number) {
            return Err(PyValueError::new_err(
                "first_sequence_number must be in 1..=0x7FFFFFFF",
            ));
        }
        let mut config = Config::default()
            .window(window)
            .response_timeout(dur("response_timeout", response_timeout)?)
            .enquire_link_interval(opt("enquire_link_interval", enquire_link_interval)?)
            .inactivity_timeout(opt("inactivity_timeout", inactivity_timeout)?)
            .session_init_timeout(opt("session_init_timeout", session_init_timeout)?)
            .send_rate(send_rate.map(|r| RateLimit {
                per_second: r.max(1),
                burst: send_burst.unwrap_or(r).max(1),
            }))
            .interface_version(proto::InterfaceVersion(interface_version))
            .max_command_length(max_command_length);
        config.first_sequence_number = first_sequence_number;
        let storage = Storage::owned(&config);
        Ok(Self {
            inner: smpp_session::Session::new(role, config, storage, Instant::ZERO),
            backlog: Vec::new(),
            backlog_pos: 0,
            eof_pending: false,
            epoch: now,
            now: Instant::ZERO,
            peer_requests: HashMap::new(),
        })
    }

    // ---- inputs ----

    /// Takes received octets (any chunking). Parsing happens in next_event().
    fn receive_data(&mut self, data: &Bound<'_, PyAny>, now: f64) -> PyResult<()> {
        let t = self.at(now);
        let data = crate::util::binary_octets(data, "data")?;
        if self.backlog_pos < self.backlog.len() {
            self.backlog.extend_from_slice(&data);
            return Ok(());
        }
        self.backlog.clear();
        self.backlog_pos = 0;
        let n = self.inner.handle_bytes(t, &data);
        if n < data.len() {
            self.backlog.extend_from_slice(&data[n..]);
        }
        Ok(())
    }

    /// The peer closed the connection (idempotent).
    fn receive_eof(&mut self, now: f64) {
        let t = self.at(now);
        if self.backlog_pos < self.backlog.len() {
            self.eof_pending = true;
        } else {
            self.inner.handle_eof(t);
        }
    }

    /// Time passed: fires any timer that is due. Early or repeated calls are harmless.
    fn handle_timeout(&mut self, now: f64) {
        let t = self.at(now);
        self.inner.handle_timeout(t);
    }

    // ---- outputs ----

    /// The next event, or None when there is nothing to report until more input arrives.
    fn next_event(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            if let Some(ev) = self.inner.poll_event() {
                return convert(py, ev, &mut self.peer_requests).map(Some);
            }
            if self.backlog_pos < self.backlog.len() {
                let t = self.now;
                let n = self
                    .inner
                    .handle_bytes(t, &self.backlog[self.backlog_pos..]);
                self.backlog_pos += n;
                if self.backlog_pos == self.backlog.len() {
                    self.backlog.clear();
                    self.backlog_pos = 0;
                    if self.eof_pending {
                        self.eof_pending = false;
                        self.inner.handle_eof(t);
                    }
                    continue;
                }
                if n == 0 {
                    return Ok(None);
                }
                continue;
            }
            return Ok(None);
        }
    }

    /// Every event available now (next_event() until None).
    fn events<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        while let Some(ev) = self.next_event(py)? {
            list.append(ev)?;
        }
        Ok(list)
    }

    /// Octets to write to the peer (b"" when there are none); they count as written.
    fn data_to_send<'py>(&mut self, py: Python<'py>) -> Bound<'py, PyBytes> {
        match self.inner.poll_transmit() {
            Some(b) => {
                let out = PyBytes::new(py, b);
                let n = b.len();
                self.inner.advance_transmit(n);
                out
            }
            None => PyBytes::new(py, b""),
        }
    }

    /// When to call handle_timeout() next (same clock as `now`), or None.
    fn next_deadline(&mut self) -> Option<f64> {
        self.inner.poll_timeout().map(|t| self.secs(t))
    }

    // ---- commands ----

    /// ESME: sends bind_transmitter ("tx"), bind_receiver ("rx") or bind_transceiver ("trx").
    /// Its outcome is a Bound or BindRefused event (or ResponseTimeout, or Closed).
    #[pyo3(signature = (kind = "trx", *, system_id, password, now, system_type = None, interface_version = None, addr_ton = 0, addr_npi = 0, address_range = None))]
    #[allow(clippy::too_many_arguments)]
    fn bind(
        &mut self,
        kind: &str,
        system_id: &Bound<'_, PyAny>,
        password: &Bound<'_, PyAny>,
        now: f64,
        system_type: Option<&Bound<'_, PyAny>>,
        interface_version: Option<u8>,
        addr_ton: u8,
        addr_npi: u8,
        address_range: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u32> {
        let kind = parse_kind(kind)?;
        let t = self.at(now);
        let sid = text_octets(system_id, "system_id")?;
        let pw = text_octets(password, "password")?;
        let st = system_type
            .map(|v| text_octets(v, "system_type"))
            .transpose()?;
        let ar = address_range
            .map(|v| text_octets(v, "address_range"))
            .transpose()?;
        let mut b = proto::Bind::new();
        b.system_id =
            proto::COctetString::from_bytes(&sid).map_err(|e| too_long("system_id", e))?;
        b.password = proto::COctetString::from_bytes(&pw).map_err(|e| too_long("password", e))?;
        if let Some(st) = &st {
            b.system_type =
                proto::COctetString::from_bytes(st).map_err(|e| too_long("system_type", e))?;
        }
        if let Some(ar) = &ar {
            b.address_range =
                proto::COctetString::from_bytes(ar).map_err(|e| too_long("address_range", e))?;
        }
        b.interface_version = proto::InterfaceVersion(interface_version.unwrap_or(0x34));
        b.addr_ton = proto::Ton(addr_ton);
        b.addr_npi = proto::Npi(addr_npi);
        self.inner
            .bind(t, kind, &b)
            .map_err(|e| send_error(e, self.epoch))
    }

    /// Sends a request PDU (its sequence_number is replaced by the session's) and returns
    /// the sequence_number used. Its outcome arrives later as exactly one Response,
    /// ResponseTimeout, Bound/BindRefused (binds) or an entry of Closed.pending.
    #[pyo3(signature = (pdu, *, now))]
    fn send(&mut self, py: Python<'_>, pdu: &Bound<'_, PduBase>, now: f64) -> PyResult<u32> {
        self.send_pdu(py, pdu, now)
    }

    /// Builds and sends a submit_sm from keyword arguments (as smpp.SubmitSm takes them).
    #[pyo3(signature = (*, now, **fields))]
    fn submit_sm(
        &mut self,
        py: Python<'_>,
        now: f64,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<u32> {
        self.send_built(py, CommandId::SubmitSm, fields, now)
    }

    /// Builds and sends a deliver_sm (SMSC) from keyword arguments.
    #[pyo3(signature = (*, now, **fields))]
    fn deliver_sm(
        &mut self,
        py: Python<'_>,
        now: f64,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<u32> {
        self.send_built(py, CommandId::DeliverSm, fields, now)
    }

    /// Builds and sends a data_sm from keyword arguments.
    #[pyo3(signature = (*, now, **fields))]
    fn data_sm(
        &mut self,
        py: Python<'_>,
        now: f64,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<u32> {
        self.send_built(py, CommandId::DataSm, fields, now)
    }

    /// Answers a request the peer sent (a Request event). `pdu` is the response body (e.g.
    /// SubmitSmResp(message_id="42")); when omitted, an empty response of the right kind is
    /// sent. `status` is the command_status (default 0; a pdu's own status is ignored).
    #[pyo3(signature = (sequence_number, status = None, pdu = None, *, now))]
    fn respond(
        &mut self,
        py: Python<'_>,
        sequence_number: u32,
        status: Option<u32>,
        pdu: Option<&Bound<'_, PduBase>>,
        now: f64,
    ) -> PyResult<()> {
        let t = self.at(now);
        // Only requests the peer sent and nobody answered yet: a stray answer would be sent
        // to the peer and would let an unbind_resp overtake a request still unanswered.
        let (req, _) = self
            .peer_requests
            .get(&sequence_number)
            .copied()
            .ok_or_else(|| {
                LocalProtocolError::new_err(format!(
                    "no request with sequence_number {sequence_number} awaits a response"
                ))
            })?;
        let owned;
        let pdu = match pdu {
            Some(p) => p,
            None => {
                let resp = CommandId::from_u32(req)
                    .response()
                    .and_then(|r| class_for(py, r.as_u32()))
                    .ok_or_else(|| LocalProtocolError::new_err("that request has no response"))?;
                owned = resp.call0()?.cast_into::<PduBase>()?;
                &owned
            }
        };
        let base = pdu.get();
        let f = base.frame(py)?;
        let status = CommandStatus(status.unwrap_or(0));
        self.inner
            .respond(t, sequence_number, status, &f.pdu)
            .map_err(|e| send_error(e, self.epoch))?;
        if let Some(entry) = self.peer_requests.get_mut(&sequence_number) {
            entry.1 -= 1;
            if entry.1 == 0 {
                self.peer_requests.remove(&sequence_number);
            }
        }
        Ok(())
    }

    /// SMSC: accepts the pending bind, answering with our system_id (and sc_interface_version).
    #[pyo3(signature = (sequence_number, system_id = "SMSC", *, now))]
    fn accept_bind(&mut self, sequence_number: u32, system_id: &str, now: f64) -> PyResult<()> {
        let t = self.at(now);
        if system_id.len() > 15 || system_id.contains('\0') {
            return Err(too_long(
                "system_id",
                proto::LengthError {
                    len: system_id.len(),
                    max: 15,
                },
            ));
        }
        self.inner
            .accept_bind(t, sequence_number, system_id)
            .map_err(|e| send_error(e, self.epoch))
    }

    /// SMSC: refuses the pending bind with this status (e.g. ESME_RINVPASWD = 0x0E).
    #[pyo3(signature = (sequence_number, status = 0x0D, *, now))]
    fn reject_bind(&mut self, sequence_number: u32, status: u32, now: f64) -> PyResult<()> {
        let t = self.at(now);
        if status == 0 {
            return Err(PyValueError::new_err("reject_bind needs a non-zero status"));
        }
        self.inner
            .reject_bind(t, sequence_number, CommandStatus(status))
            .map_err(|e| send_error(e, self.epoch))
    }

    /// SMSC: sends outbind, asking the ESME to bind as a receiver.
    #[pyo3(signature = (*, system_id, password = None, now))]
    fn outbind(
        &mut self,
        system_id: &Bound<'_, PyAny>,
        password: Option<&Bound<'_, PyAny>>,
        now: f64,
    ) -> PyResult<()> {
        let t = self.at(now);
        let sid = text_octets(system_id, "system_id")?;
        let pw = password.map(|p| text_octets(p, "password")).transpose()?;
        let pw: &[u8] = pw.as_deref().unwrap_or(&[]);
        let mut o = proto::Outbind::new();
        o.system_id =
            proto::COctetString::from_bytes(&sid).map_err(|e| too_long("system_id", e))?;
        o.password = proto::COctetString::from_bytes(pw).map_err(|e| too_long("password", e))?;
        self.inner
            .outbind(t, &o)
            .map_err(|e| send_error(e, self.epoch))
    }

    /// Sends an enquire_link of our own (the session also sends them by itself when idle).
    #[pyo3(signature = (*, now))]
    fn enquire_link(&mut self, now: f64) -> PyResult<u32> {
        let t = self.at(now);
        self.inner
            .enquire_link(t)
            .map_err(|e| send_error(e, self.epoch))
    }

    /// Starts the unbind handshake.
    #[pyo3(signature = (*, now))]
    fn unbind(&mut self, now: f64) -> PyResult<u32> {
        let t = self.at(now);
        self.inner.unbind(t).map_err(|e| send_error(e, self.epoch))
    }

    /// Closes at once; every pending request is listed in the Closed event.
    #[pyo3(signature = (*, now))]
    fn abort(&mut self, now: f64) {
        let t = self.at(now);
        self.inner.abort(t);
    }

    // ---- state ----

    /// "esme" or "smsc".
    #[getter]
    fn role(&self) -> &'static str {
        match self.inner.role() {
            Role::Esme => "esme",
            Role::Smsc => "smsc",
        }
    }

    /// "open", "binding", "bind_pending", "outbound", "bound", "unbinding", "unbound" or "closed".
    #[getter]
    fn state(&self) -> &'static str {
        state_str(self.inner.state())
    }

    /// "tx", "rx" or "trx" while bound, else None.
    #[getter]
    fn bound_kind(&self) -> Option<&'static str> {
        self.inner.state().bound_kind().map(kind_str)
    }

    /// Our requests awaiting a response (keep-alives not counted).
    #[getter]
    fn in_flight(&self) -> usize {
        self.inner.in_flight()
    }

    #[getter]
    fn window(&self) -> usize {
        self.inner.window()
    }

    /// True when a request would fit the window now.
    #[getter]
    fn can_send(&self) -> bool {
        self.inner.can_send()
    }

    /// True once closed and every output octet has been taken.
    #[getter]
    fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }

    /// Counters since the session was made.
    #[getter]
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = self.inner.stats();
        let d = PyDict::new(py);
        d.set_item("pdus_received", s.pdus_received)?;
        d.set_item("pdus_sent", s.pdus_sent)?;
        d.set_item("throttled", s.throttled)?;
        d.set_item("timeouts", s.timeouts)?;
        d.set_item("violations", s.violations)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Session(role={:?}, state={:?}, in_flight={})",
            self.role(),
            self.state(),
            self.in_flight()
        )
    }
}

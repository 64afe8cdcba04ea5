//! The simulator's [`Handler`]: accounts, answers, receipts, MO messages and fault injection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use smpp_proto::receipt::DeliveryState;
use smpp_proto::{
    BroadcastSmResp, CommandId, CommandStatus, Frame, HeaderOnly, MessageState, Pdu,
    RegisteredDelivery,
};
use tokio::task::AbortHandle;

use super::SimConfig;
use super::outgoing::{Outgoing, Submitted, smpp_time, unix_millis};
use crate::error::Error;
use crate::pdu::{Message, Request, Response};
use crate::server::{BindRequest, Delivered, Handler, QueryReply, ServerHandle, SessionHandle};

/// Logs at INFO when the simulator is verbose, else at DEBUG.
macro_rules! log {
    ($sim:expr, $($arg:tt)+) => {
        if $sim.config.verbose {
            tracing::info!(target: "smpp_tokio::simulator", $($arg)+)
        } else {
            tracing::debug!(target: "smpp_tokio::simulator", $($arg)+)
        }
    };
}

/// Whether a log line at the simulator's level would be written (to skip decoding texts
/// nobody reads).
fn logging(sim: &Sim) -> bool {
    if sim.config.verbose {
        tracing::enabled!(target: "smpp_tokio::simulator", tracing::Level::INFO)
    } else {
        tracing::enabled!(target: "smpp_tokio::simulator", tracing::Level::DEBUG)
    }
}

/// How many accepted messages query_sm can find (the most recent ones).
const REMEMBERED: usize = 16 * 1024;

/// What happens to one submit_sm.
enum Verdict {
    Accept,
    Withhold,
    Throttle,
    Error,
}

/// Per-connection counters and the timed-MO task.
struct PerSession {
    submits: u64,
    window_start: Instant,
    in_window: u32,
    mo_timer: Option<AbortHandle>,
}

impl PerSession {
    fn new() -> Self {
        Self {
            submits: 0,
            window_start: Instant::now(),
            in_window: 0,
            mo_timer: None,
        }
    }
}

#[derive(Default)]
struct State {
    sessions: HashMap<u64, PerSession>,
    /// Ring of (message number, accepted at in Unix milliseconds), indexed by number.
    accepted: Vec<(u64, u64)>,
}

/// The simulator's state, shared by the handler, its tasks and [`super::Simulator`].
pub(crate) struct Sim {
    pub config: SimConfig,
    state: Mutex<State>,
}

impl Sim {
    pub fn new(config: SimConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State::default()),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut g = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    /// Counts a submit_sm of session `id` and decides its fate: withheld every Nth, throttled
    /// above the rate, an error every Nth, else accepted.
    fn admit(&self, id: u64) -> Verdict {
        let cfg = &self.config;
        self.with(|st| {
            let s = st.sessions.entry(id).or_insert_with(PerSession::new);
            s.submits += 1;
            let now = Instant::now();
            if now.duration_since(s.window_start).as_millis() >= 1000 {
                s.window_start = now;
                s.in_window = 0;
            }
            s.in_window += 1;
            if cfg.withhold_every.is_some_and(|n| s.submits % n == 0) {
                Verdict::Withhold
            } else if cfg.throttle_per_second.is_some_and(|r| s.in_window > r) {
                Verdict::Throttle
            } else if cfg.error_every.is_some_and(|n| s.submits % n == 0) {
                Verdict::Error
            } else {
                Verdict::Accept
            }
        })
    }

    /// Remembers an accepted message for query_sm.
    fn remember(&self, message_id: &str, at: u64) {
        let Ok(n) = u64::from_str_radix(message_id, 16) else {
            return;
        };
        self.with(|st| {
            if st.accepted.is_empty() {
                st.accepted = vec![(0, 0); REMEMBERED];
            }
            if let Some(slot) = st.accepted.get_mut(n as usize % REMEMBERED) {
                *slot = (n, at);
            }
        });
    }

    /// When a message still remembered was accepted.
    fn accepted_at(&self, message_id: &str) -> Option<u64> {
        let n = u64::from_str_radix(message_id.trim(), 16).ok()?;
        self.with(|st| {
            st.accepted
                .get(n as usize % REMEMBERED)
                .filter(|(m, _)| *m == n && n != 0)
                .map(|(_, at)| *at)
        })
    }

    /// Gives an accepted submit_sm or data_sm its id, and schedules its receipt and MO
    /// reply.
    fn accept(self: &Arc<Self>, session: &SessionHandle, pdu: &Pdu<'_>) -> String {
        let server = session.server();
        let id = server.next_message_id();
        let now = unix_millis();
        self.remember(&id, now);
        let state_text = self.config.dlr_state.clone();
        let receipt = wants_receipt(registered_delivery(pdu), &state_text);
        if !receipt && !self.config.mo_reply {
            return id;
        }
        let Some(submitted) = Submitted::read(pdu) else {
            return id;
        };
        let system_id = session
            .bound()
            .map(|b| b.system_id.clone())
            .unwrap_or_default();
        let (sim, server, message_id) = (self.clone(), server.clone(), id.clone());
        tokio::spawn(async move {
            tokio::time::sleep(sim.config.dlr_delay).await;
            if receipt {
                let secs = unix_millis() / 1000;
                let r = submitted.receipt(&message_id, &state_text, secs);
                sim.deliver(&server, &system_id, &r).await;
            }
            if sim.config.mo_reply {
                sim.deliver(&server, &system_id, &submitted.reply()).await;
            }
        });
        id
    }

    /// Sends to a receiver bound as `system_id`, or stores until one binds.
    pub async fn deliver(&self, server: &ServerHandle, system_id: &str, out: &Outgoing) {
        let msg = match out.to_message() {
            Ok(m) => m,
            Err(e) => {
                // This message can never be sent (an address too long, ...).
                tracing::warn!(target: "smpp_tokio::simulator", system_id, error = %e, "cannot deliver {}", out.describe());
                return;
            }
        };
        let Pdu::DeliverSm(sm) = msg.pdu() else {
            return;
        };
        log!(self, system_id, "deliver_sm {}", out.describe());
        match server.deliver(system_id, &sm).await {
            Ok(Delivered::Sent(_)) => {}
            Ok(Delivered::Stored) => log!(
                self,
                system_id,
                "stored until a receiver binds: {}",
                out.describe()
            ),
            Err(e) => {
                tracing::warn!(target: "smpp_tokio::simulator", system_id, error = %e, "deliver_sm {} failed", out.describe());
            }
        }
    }

    /// Sends to one session; what it could not take (lost connection, no answer, "try
    /// later") goes to another receiver of its system_id, or is stored.
    async fn deliver_to(&self, session: &SessionHandle, out: &Outgoing) {
        let msg = match out.to_message() {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(target: "smpp_tokio::simulator", error = %e, "cannot deliver {}", out.describe());
                return;
            }
        };
        let Pdu::DeliverSm(sm) = msg.pdu() else {
            return;
        };
        let system_id = session
            .bound()
            .map(|b| b.system_id.clone())
            .unwrap_or_default();
        log!(
            self,
            system_id,
            session = session.id(),
            "deliver_sm {}",
            out.describe()
        );
        match session.deliver_sm(&sm).await {
            Ok(_) => {}
            Err(e)
                if e.outcome_unknown()
                    || e.command_status().is_some_and(|s| {
                        s.is_flow_control() || s == CommandStatus::ESME_RX_T_APPN
                    }) =>
            {
                self.deliver(session.server(), &system_id, out).await;
            }
            Err(Error::Closed) => {}
            Err(e) => {
                tracing::warn!(target: "smpp_tokio::simulator", %system_id, error = %e, "deliver_sm {} failed", out.describe());
            }
        }
    }

    /// Stops every timed-MO task.
    pub fn stop_timers(&self) {
        self.with(|st| {
            for s in st.sessions.values_mut() {
                if let Some(t) = s.mo_timer.take() {
                    t.abort();
                }
            }
        });
    }
}

fn registered_delivery(pdu: &Pdu<'_>) -> RegisteredDelivery {
    match pdu {
        Pdu::SubmitSm(sm) => sm.registered_delivery,
        Pdu::DataSm(sm) => sm.registered_delivery,
        _ => RegisteredDelivery::default(),
    }
}

/// Whether a receipt in `state` was asked for (final receipts, or failures only).
fn wants_receipt(rd: RegisteredDelivery, state: &str) -> bool {
    match rd.0 & 0x03 {
        1 => true,
        2 => !matches!(DeliveryState::parse(state), DeliveryState::Delivered),
        _ => false,
    }
}

/// The [`Handler`] the simulator's server runs.
pub(crate) struct SimHandler(pub Arc<Sim>);

impl Handler for SimHandler {
    async fn bind(
        &self,
        _session: &SessionHandle,
        bind: &BindRequest,
    ) -> Result<(), CommandStatus> {
        match self
            .0
            .config
            .accounts
            .iter()
            .find(|(id, _)| *id == bind.system_id)
        {
            None => Err(CommandStatus::ESME_RINVSYSID),
            Some((_, pw)) if *pw != bind.password => Err(CommandStatus::ESME_RINVPASWD),
            Some(_) => Ok(()),
        }
    }

    async fn submit_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> Result<String, CommandStatus> {
        let sim = &self.0;
        let pdu = request.pdu();
        let Pdu::SubmitSm(sm) = pdu else {
            return Err(CommandStatus::ESME_RSYSERR);
        };
        let verdict = sim.admit(session.id());
        if logging(sim) {
            let text = Submitted::read(&pdu)
                .map(|s| s.display())
                .unwrap_or_default();
            let part = sm
                .concat()
                .map(|c| format!(" part={}/{}", c.seqnum, c.total))
                .unwrap_or_default();
            log!(
                sim,
                session = session.id(),
                "submit_sm from={} to={} dcs={}{part} text={text:?}",
                sm.source_addr,
                sm.destination_addr,
                sm.data_coding.0
            );
        }
        match verdict {
            Verdict::Withhold => {
                log!(
                    sim,
                    session = session.id(),
                    sequence_number = request.sequence_number(),
                    "withholding the response"
                );
                std::future::pending().await
            }
            Verdict::Throttle => Err(CommandStatus::ESME_RTHROTTLED),
            Verdict::Error => Err(CommandStatus::ESME_RSYSERR),
            Verdict::Accept => Ok(sim.accept(session, &pdu)),
        }
    }

    async fn data_sm(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> Result<String, CommandStatus> {
        let sim = &self.0;
        let pdu = request.pdu();
        if let Pdu::DataSm(sm) = pdu {
            log!(
                sim,
                session = session.id(),
                "data_sm from={} to={} dcs={}",
                sm.source_addr,
                sm.destination_addr,
                sm.data_coding.0
            );
        }
        Ok(sim.accept(session, &pdu))
    }

    async fn submit_multi(
        &self,
        session: &SessionHandle,
        _request: Request,
    ) -> Result<String, CommandStatus> {
        Ok(session.server().next_message_id())
    }

    async fn query_sm(
        &self,
        _session: &SessionHandle,
        request: Request,
    ) -> Result<QueryReply, CommandStatus> {
        let sim = &self.0;
        let id = request.message_id().unwrap_or("");
        let at = sim.accepted_at(id).ok_or(CommandStatus::ESME_RQUERYFAIL)?;
        let done = at + sim.config.dlr_delay.as_millis() as u64;
        let reply = if unix_millis() >= done {
            let state = DeliveryState::parse(&sim.config.dlr_state);
            QueryReply {
                message_state: MessageState(state.message_state()),
                final_date: if state.is_final() {
                    smpp_time(done)
                } else {
                    String::new()
                },
                error_code: 0,
            }
        } else {
            QueryReply {
                message_state: MessageState(smpp_proto::receipt::message_state::ENROUTE),
                final_date: String::new(),
                error_code: 0,
            }
        };
        log!(sim, message_id = id, state = %reply.message_state, "query_sm");
        Ok(reply)
    }

    async fn cancel_sm(&self, _s: &SessionHandle, _r: Request) -> Result<(), CommandStatus> {
        Ok(())
    }

    async fn replace_sm(&self, _s: &SessionHandle, _r: Request) -> Result<(), CommandStatus> {
        Ok(())
    }

    async fn request(
        &self,
        session: &SessionHandle,
        request: Request,
    ) -> Result<Response, CommandStatus> {
        let seq = request.sequence_number();
        let id = session.server().next_message_id();
        let pdu = match request.command_id() {
            CommandId::BroadcastSm => Pdu::BroadcastSmResp(
                BroadcastSmResp::new()
                    .message_id(&id)
                    .map_err(|_| CommandStatus::ESME_RSYSERR)?,
            ),
            CommandId::CancelBroadcastSm => Pdu::CancelBroadcastSmResp(HeaderOnly::EMPTY_BODY),
            // A successful answer needs the broadcast's area TLVs, which nothing keeps.
            CommandId::QueryBroadcastSm => return Err(CommandStatus::ESME_RBCASTQUERYFAIL),
            _ => return Err(CommandStatus::ESME_RINVCMDID),
        };
        Message::from_frame(&Frame::response(seq, CommandStatus::ESME_ROK, pdu))
            .map_err(|_| CommandStatus::ESME_RSYSERR)
    }

    fn bound(&self, session: &SessionHandle) {
        let (Some(every), Some(b)) = (self.0.config.mo_every, session.bound()) else {
            return;
        };
        if !b.kind.can_receive() {
            return;
        }
        let (sim, s) = (self.0.clone(), session.clone());
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            loop {
                tick.tick().await;
                let mo = Outgoing::mo("61400000000", "SENDER", &sim.config.mo_text);
                let (sim, s) = (sim.clone(), s.clone());
                tokio::spawn(async move { sim.deliver_to(&s, &mo).await });
            }
        });
        self.0.with(|st| {
            st.sessions
                .entry(session.id())
                .or_insert_with(PerSession::new)
                .mo_timer = Some(task.abort_handle());
        });
    }

    fn closed(&self, session: &SessionHandle, _reason: smpp_session::CloseReason) {
        if let Some(t) = self
            .0
            .with(|st| st.sessions.remove(&session.id()))
            .and_then(|s| s.mo_timer)
        {
            t.abort();
        }
    }
}

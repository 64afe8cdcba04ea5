//! An SMSC simulator: accounts, the three binds, submit_sm answered with a message_id, delivery
//! receipts after a delay, store-and-forward to receivers, MO messages, and fault injection.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smpp_proto::receipt::{DateForm, DeliveryState, ErrorCode, Receipt, ReceiptDate};
use smpp_proto::text::{
    Charset, ChooseOptions, DefaultAlphabet, Encoding, OnError, charset, choose, encode_to_vec,
};
use smpp_proto::{
    CommandId, CommandStatus, DataCoding, DeliverSm, EsmClass, HeaderOnly, MessageState, Npi, Pdu,
    ShortMessage, SubmitSmResp, Tlv, TlvTag, Ton,
};
use smpp_session::{BindKind, Config, Event, Role};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::conn::{Conn, Wake};

/// What the simulator does.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// system_id → password.
    pub accounts: Vec<(String, String)>,
    /// Delay before a delivery receipt is sent.
    pub dlr_delay: Duration,
    /// The receipt's `stat:` (DELIVRD, UNDELIV, EXPIRED, REJECTD, ...).
    pub dlr_state: String,
    /// Send an MO reply (`"Re: <text>"`) from the destination after each receipt.
    pub mo_reply: bool,
    /// Send an MO message to every bound receiver at this interval.
    pub mo_every: Option<Duration>,
    /// Text of timed MO messages.
    pub mo_text: String,
    /// Answer every Nth submit_sm with ESME_RSYSERR.
    pub error_every: Option<u64>,
    /// Answer ESME_RTHROTTLED above this many submit_sm per second per connection.
    pub throttle_per_second: Option<u32>,
    /// Never answer every Nth submit_sm.
    pub withhold_every: Option<u64>,
    /// Print each PDU received.
    pub verbose: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: vec![("esme".into(), "secret".into())],
            dlr_delay: Duration::from_millis(100),
            dlr_state: "DELIVRD".into(),
            mo_reply: false,
            mo_every: None,
            mo_text: "Hello from the simulator".into(),
            error_every: None,
            throttle_per_second: None,
            withhold_every: None,
            verbose: true,
        }
    }
}

/// A deliver_sm waiting to go to a receiver of some system_id (build one with
/// [`Outgoing::mo`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Outgoing {
    /// Handset (source of the deliver_sm).
    pub source: String,
    /// The ESME's address (destination of the deliver_sm).
    pub destination: String,
    /// short_message.
    pub text: Vec<u8>,
    /// data_coding of `text`.
    pub data_coding: DataCoding,
    /// Receipt: (message id, state) for the TLVs and esm_class.
    pub receipt: Option<(String, MessageState)>,
}

impl Outgoing {
    /// An MO text message: GSM 7-bit when the text allows, else UCS-2.
    pub fn mo(source: &str, destination: &str, text: &str) -> Self {
        let choice = choose(text, &ChooseOptions::default());
        Self {
            source: source.into(),
            destination: destination.into(),
            text: encode_to_vec(text, choice.encoding, OnError::QUESTION_MARK).unwrap_or_default(),
            data_coding: DataCoding(choice.data_coding),
            receipt: None,
        }
    }
}

#[derive(Default)]
struct Router {
    /// Bound receivers per system_id: (connection id, channel).
    receivers: HashMap<String, Vec<(u64, mpsc::UnboundedSender<Outgoing>)>>,
    /// Messages for system_ids with no receiver bound (store and forward).
    stored: HashMap<String, VecDeque<Outgoing>>,
}

/// State shared by every connection.
pub struct Shared {
    config: SimConfig,
    next_message_id: AtomicU64,
    next_conn: AtomicU64,
    router: Mutex<Router>,
}

impl Shared {
    fn route(&self, system_id: &str, msg: Outgoing) {
        let mut router = self.router.lock().unwrap_or_else(|e| e.into_inner());
        let mut msg = Some(msg);
        if let Some(list) = router.receivers.get_mut(system_id) {
            list.retain(|(_, tx)| !tx.is_closed());
            for (_, tx) in list.iter() {
                match tx.send(msg.take().unwrap_or_else(|| unreachable!())) {
                    Ok(()) => return,
                    Err(e) => msg = Some(e.0),
                }
            }
        }
        if let Some(m) = msg {
            router
                .stored
                .entry(system_id.to_string())
                .or_default()
                .push_back(m);
        }
    }

    fn register(&self, system_id: &str, conn: u64, tx: &mpsc::UnboundedSender<Outgoing>) {
        let mut router = self.router.lock().unwrap_or_else(|e| e.into_inner());
        for m in router.stored.remove(system_id).unwrap_or_default() {
            let _ = tx.send(m);
        }
        router
            .receivers
            .entry(system_id.to_string())
            .or_default()
            .push((conn, tx.clone()));
    }

    fn unregister(&self, system_id: &str, conn: u64) {
        let mut router = self.router.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = router.receivers.get_mut(system_id) {
            list.retain(|(id, _)| *id != conn);
        }
    }

    /// Messages still waiting for a receiver of `system_id`.
    pub fn stored_count(&self, system_id: &str) -> usize {
        let router = self.router.lock().unwrap_or_else(|e| e.into_inner());
        router.stored.get(system_id).map_or(0, VecDeque::len)
    }
}

/// A running simulator.
pub struct Simulator {
    /// The address it listens on.
    pub local_addr: SocketAddr,
    /// Its shared state.
    pub shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// Binds `addr` and starts accepting connections.
    pub async fn start(addr: &str, config: SimConfig) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            config,
            next_message_id: AtomicU64::new(1),
            next_conn: AtomicU64::new(1),
            router: Mutex::new(Router::default()),
        });
        let s = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    if let Err(e) = serve(stream, s).await {
                        eprintln!("[sim] {peer}: {e}");
                    }
                });
            }
        });
        Ok(Self {
            local_addr,
            shared,
            task,
        })
    }

    /// Queues an MO message for `system_id` (delivered now, or when a receiver binds).
    pub fn inject_mo(&self, system_id: &str, source: &str, destination: &str, text: &str) {
        self.shared
            .route(system_id, Outgoing::mo(source, destination, text));
    }

    /// Stops accepting connections.
    pub fn stop(&self) {
        self.task.abort();
    }
}

fn log(shared: &Shared, line: std::fmt::Arguments<'_>) {
    if shared.config.verbose {
        println!("[sim] {line}");
    }
}

/// What a submit_sm carried: the user data without its UDH, and the text when its
/// data_coding is one this crate decodes.
struct Submitted {
    payload: Vec<u8>,
    data_coding: DataCoding,
    text: Option<String>,
}

impl Submitted {
    fn read(sm: &smpp_proto::SubmitSm<'_>) -> Self {
        match sm.user_data() {
            Ok(ud) => Self {
                payload: ud.payload.to_vec(),
                data_coding: sm.data_coding,
                text: ud
                    .text(DefaultAlphabet::Gsm7, OnError::REPLACEMENT_CHARACTER)
                    .and_then(Result::ok),
            },
            // A UDH that does not parse: keep the octets as they are.
            Err(_) => Self {
                payload: sm.message().to_vec(),
                data_coding: sm.data_coding,
                text: None,
            },
        }
    }

    fn display(&self) -> String {
        self.text
            .clone()
            .unwrap_or_else(|| String::from_utf8_lossy(&self.payload).into_owned())
    }

    /// "Re: " and the text, in the submission's encoding; GSM 7-bit texts are encoded
    /// afresh (default tables, else UCS-2), as national tables would need a UDH. Binary
    /// data: the raw octets after "Re: " in GSM.
    fn reply(&self) -> (Vec<u8>, DataCoding) {
        if let Some(t) = &self.text {
            let reply = format!("Re: {t}");
            match charset(self.data_coding.0, DefaultAlphabet::Gsm7) {
                Charset::Text(Encoding::Gsm7(_)) => {
                    let mo = Outgoing::mo("", "", &reply);
                    return (mo.text, mo.data_coding);
                }
                Charset::Text(enc) => {
                    if let Ok(bytes) = encode_to_vec(&reply, enc, OnError::QUESTION_MARK) {
                        return (bytes, self.data_coding);
                    }
                }
                _ => {}
            }
        }
        let mut reply = b"Re: ".to_vec();
        reply.extend_from_slice(&self.payload);
        (reply, DataCoding::DEFAULT)
    }

    /// The first 20 characters for the receipt's `text:` field, in GSM 7-bit like the
    /// receipt itself.
    fn receipt_excerpt(&self) -> Vec<u8> {
        match &self.text {
            Some(t) => {
                let head: String = t.chars().take(20).collect();
                encode_to_vec(&head, Encoding::GSM7, OnError::QUESTION_MARK).unwrap_or_default()
            }
            None => self.payload.iter().take(20).copied().collect(),
        }
    }
}

fn receipt_text(id: &str, state: &str, text: &[u8], now_secs: u64) -> Vec<u8> {
    // The Appendix B form: YYMMDDhhmm.
    let date =
        ReceiptDate::from_unix_seconds(now_secs as i64).map(|d| d.with_form(DateForm::Calendar10));
    let stat = DeliveryState::parse(state);
    let receipt = Receipt {
        sub: Some(1),
        dlvrd: Some(u32::from(matches!(stat, DeliveryState::Delivered))),
        submit_date: date,
        done_date: date,
        stat: Some(stat),
        err: Some(ErrorCode::Numeric(0)),
        text: Some(text.get(..text.len().min(20)).unwrap_or(text)),
        ..Receipt::new(id)
    };
    let mut out = vec![0u8; receipt.encoded_len()];
    let n = receipt.encode(&mut out).unwrap_or(0);
    out.truncate(n);
    out
}

/// Serves one connection until it closes.
async fn serve(stream: TcpStream, shared: Arc<Shared>) -> io::Result<()> {
    let conn_id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
    let config = Config::default()
        .window(256)
        .enquire_link_interval(Some(Duration::from_secs(30)));
    let mut conn = Conn::new(stream, Role::Smsc, config);
    let (tx, mut rx) = mpsc::unbounded_channel::<Outgoing>();
    let mut system_id = String::new();
    let mut bound: Option<BindKind> = None;
    let mut submits: u64 = 0;
    let mut window_start = conn.now();
    let mut in_window: u32 = 0;
    // deliver_sm sent and not yet answered, to store again if the connection drops.
    let mut unacked: HashMap<u32, Outgoing> = HashMap::new();
    let mut waiting: VecDeque<Outgoing> = VecDeque::new();
    let mut mo_timer = shared
        .config
        .mo_every
        .map(|d| tokio::time::interval_at(tokio::time::Instant::now() + d, d));
    loop {
        // Send what waits for window room first.
        while bound.is_some_and(BindKind::can_receive) && conn.session.can_send() {
            let Some(msg) = waiting.pop_front() else {
                break;
            };
            let now = conn.now();
            match send_deliver(&mut conn, now, &msg) {
                Ok(seq) => {
                    log(
                        &shared,
                        format_args!("deliver_sm {} -> {system_id} seq={seq}", describe(&msg)),
                    );
                    unacked.insert(seq, msg);
                }
                Err(
                    smpp_session::SendError::WindowFull
                    | smpp_session::SendError::RateLimited { .. }
                    | smpp_session::SendError::TxFull { .. },
                ) => {
                    // No room now: retry once a response frees the window.
                    waiting.push_front(msg);
                    break;
                }
                Err(e) => {
                    // This message can never be sent (e.g. an address too long): drop it
                    // with a log rather than block every later one.
                    log(
                        &shared,
                        format_args!("cannot deliver {}: {e}", describe(&msg)),
                    );
                }
            }
        }
        let wake = tokio::select! {
            w = conn.wait(Some(&mut rx)) => w,
            _ = async { match mo_timer.as_mut() { Some(t) => t.tick().await, None => std::future::pending().await } } => {
                if bound.is_some_and(BindKind::can_receive) {
                    waiting.push_back(Outgoing::mo("61400000000", "SENDER", &shared.config.mo_text));
                }
                continue;
            }
        };
        if let Wake::Message(msg) = wake {
            waiting.push_back(msg);
            continue;
        }
        let now = conn.now();
        let mut answers: Vec<(u32, CommandStatus, Option<String>)> = vec![];
        let mut bind_answer: Option<(u32, Result<(), CommandStatus>)> = None;
        let mut closed = false;
        while let Some(ev) = conn.session.poll_event() {
            match ev {
                Event::BindRequest {
                    sequence_number,
                    kind,
                    bind,
                } => {
                    let id = String::from_utf8_lossy(bind.system_id.as_bytes()).into_owned();
                    let pw = String::from_utf8_lossy(bind.password.as_bytes()).into_owned();
                    let verdict = match shared.config.accounts.iter().find(|(a, _)| *a == id) {
                        None => Err(CommandStatus::ESME_RINVSYSID),
                        Some((_, p)) if *p != pw => Err(CommandStatus::ESME_RINVPASWD),
                        Some(_) => Ok(()),
                    };
                    log(
                        &shared,
                        format_args!(
                            "bind_{} system_id={id} -> {}",
                            bind_name(kind),
                            verdict.map_or_else(|s| s.to_string(), |()| "ok".into())
                        ),
                    );
                    if verdict.is_ok() {
                        system_id = id;
                        bound = Some(kind);
                    }
                    bind_answer = Some((sequence_number, verdict));
                }
                Event::Request {
                    sequence_number,
                    pdu: Pdu::SubmitSm(sm),
                } => {
                    submits += 1;
                    // Decoding the text costs an allocation: only for the log and receipts.
                    if shared.config.verbose {
                        log(
                            &shared,
                            format_args!(
                                "submit_sm from={} to={} dcs={}{} text={:?}",
                                sm.source_addr,
                                sm.destination_addr,
                                sm.data_coding.0,
                                sm.concat()
                                    .map(|c| format!(" part={}/{}", c.seqnum, c.total))
                                    .unwrap_or_default(),
                                Submitted::read(&sm).display()
                            ),
                        );
                    }
                    if now.as_millis() >= window_start.as_millis() + 1000 {
                        window_start = now;
                        in_window = 0;
                    }
                    in_window += 1;
                    let cfg = &shared.config;
                    if cfg.withhold_every.is_some_and(|n| submits % n == 0) {
                        log(
                            &shared,
                            format_args!("  (withholding the response to seq {sequence_number})"),
                        );
                        continue;
                    }
                    if cfg.throttle_per_second.is_some_and(|r| in_window > r) {
                        answers.push((sequence_number, CommandStatus::ESME_RTHROTTLED, None));
                        continue;
                    }
                    if cfg.error_every.is_some_and(|n| submits % n == 0) {
                        answers.push((sequence_number, CommandStatus::ESME_RSYSERR, None));
                        continue;
                    }
                    let mid = format!(
                        "{:08x}",
                        shared.next_message_id.fetch_add(1, Ordering::Relaxed)
                    );
                    if sm.registered_delivery.0 & 0x03 != 0 {
                        schedule_receipt(
                            &shared,
                            &system_id,
                            &mid,
                            sm.destination_addr.to_string(),
                            sm.source_addr.to_string(),
                            Submitted::read(&sm),
                        );
                    }
                    answers.push((sequence_number, CommandStatus::ESME_ROK, Some(mid)));
                }
                Event::Request {
                    sequence_number,
                    pdu,
                } => {
                    // Other requests: answer with an empty success (query/cancel/replace/data_sm);
                    // query_broadcast_sm cannot succeed without its mandatory TLVs.
                    if let Some(resp) = pdu.command_id().response() {
                        let status = if resp == CommandId::QueryBroadcastSmResp {
                            CommandStatus::ESME_RBCASTQUERYFAIL
                        } else {
                            CommandStatus::ESME_ROK
                        };
                        answers.push((
                            sequence_number,
                            status,
                            Some(format!("_{}", resp.as_u32())),
                        ));
                    }
                }
                Event::Response {
                    sequence_number,
                    command_status,
                    ..
                } => {
                    if let Some(msg) = unacked.remove(&sequence_number) {
                        if !command_status.is_ok() {
                            log(
                                &shared,
                                format_args!(
                                    "deliver_sm seq={sequence_number} refused: {command_status}"
                                ),
                            );
                            if command_status == CommandStatus::ESME_RX_T_APPN {
                                waiting.push_back(msg);
                            }
                        }
                    }
                }
                Event::ResponseTimeout {
                    sequence_number, ..
                } => {
                    if let Some(msg) = unacked.remove(&sequence_number) {
                        waiting.push_back(msg);
                    }
                }
                Event::PeerViolation {
                    violation,
                    answered_with,
                } => {
                    log(
                        &shared,
                        format_args!("peer violation: {violation} (answered {answered_with:?})"),
                    );
                }
                Event::Unbound => log(&shared, format_args!("unbind from {system_id}")),
                Event::Closed { reason, .. } => {
                    log(&shared, format_args!("connection closed: {reason:?}"));
                    closed = true;
                }
                _ => {}
            }
        }
        if let Some((seq, verdict)) = bind_answer {
            match verdict {
                Ok(()) => {
                    if let Err(e) = conn.session.accept_bind(now, seq, "SMPPSIM") {
                        log(&shared, format_args!("cannot accept the bind: {e}"));
                    }
                    if bound.is_some_and(BindKind::can_receive) {
                        shared.register(&system_id, conn_id, &tx);
                    }
                }
                Err(status) => {
                    if let Err(e) = conn.session.reject_bind(now, seq, status) {
                        log(&shared, format_args!("cannot refuse the bind: {e}"));
                    }
                }
            }
        }
        for (seq, status, mid) in answers {
            let pdu = match mid.as_deref() {
                Some(m) if m.starts_with('_') => resp_for(m),
                Some(m) => Pdu::SubmitSmResp(SubmitSmResp::new().message_id(m).unwrap_or_default()),
                None => Pdu::SubmitSmResp(SubmitSmResp::default()),
            };
            // Fails only once the session closed; the peer then sees the connection end.
            if let Err(e) = conn.session.respond(now, seq, status, &pdu) {
                log(&shared, format_args!("cannot answer seq {seq}: {e}"));
            }
        }
        if closed {
            break;
        }
    }
    // Store again what this connection could not deliver.
    shared.unregister(&system_id, conn_id);
    rx.close();
    while let Ok(m) = rx.try_recv() {
        waiting.push_back(m);
    }
    for m in unacked.into_values().chain(waiting) {
        shared.route(&system_id, m);
    }
    conn.close().await
}

fn resp_for(tag: &str) -> Pdu<'static> {
    let id = CommandId::from_u32(tag.trim_start_matches('_').parse().unwrap_or(0));
    let empty = HeaderOnly::EMPTY_BODY;
    match id {
        CommandId::DataSmResp => Pdu::DataSmResp(Default::default()),
        CommandId::QuerySmResp => Pdu::QuerySmResp(Default::default()),
        CommandId::CancelSmResp => Pdu::CancelSmResp(empty),
        CommandId::ReplaceSmResp => Pdu::ReplaceSmResp(empty),
        CommandId::SubmitMultiResp => Pdu::SubmitMultiResp(Default::default()),
        CommandId::BroadcastSmResp => Pdu::BroadcastSmResp(Default::default()),
        CommandId::QueryBroadcastSmResp => Pdu::QueryBroadcastSmResp(Default::default()),
        CommandId::CancelBroadcastSmResp => Pdu::CancelBroadcastSmResp(empty),
        _ => Pdu::GenericNack(empty),
    }
}

fn bind_name(kind: BindKind) -> &'static str {
    match kind {
        BindKind::Transmitter => "transmitter",
        BindKind::Receiver => "receiver",
        BindKind::Transceiver => "transceiver",
    }
}

fn describe(m: &Outgoing) -> String {
    match &m.receipt {
        Some((id, state)) => format!("receipt id={id} state={state}"),
        None => {
            let text = match charset(m.data_coding.0, DefaultAlphabet::Gsm7) {
                Charset::Text(enc) => {
                    smpp_proto::text::decode_to_string(&m.text, enc, OnError::REPLACEMENT_CHARACTER)
                        .ok()
                }
                _ => None,
            };
            format!(
                "MO from={} text={:?}",
                m.source,
                text.unwrap_or_else(|| String::from_utf8_lossy(&m.text).into_owned())
            )
        }
    }
}

fn schedule_receipt(
    shared: &Arc<Shared>,
    system_id: &str,
    mid: &str,
    handset: String,
    esme_addr: String,
    submitted: Submitted,
) {
    let shared = shared.clone();
    let (system_id, mid) = (system_id.to_string(), mid.to_string());
    tokio::spawn(async move {
        tokio::time::sleep(shared.config.dlr_delay).await;
        let state_text = shared.config.dlr_state.clone();
        let state = MessageState(DeliveryState::parse(&state_text).message_state());
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        shared.route(
            &system_id,
            Outgoing {
                source: handset.clone(),
                destination: esme_addr.clone(),
                text: receipt_text(&mid, &state_text, &submitted.receipt_excerpt(), secs),
                data_coding: DataCoding::DEFAULT,
                receipt: Some((mid, state)),
            },
        );
        if shared.config.mo_reply {
            let (text, data_coding) = submitted.reply();
            shared.route(
                &system_id,
                Outgoing {
                    source: handset,
                    destination: esme_addr,
                    text,
                    data_coding,
                    receipt: None,
                },
            );
        }
    });
}

fn send_deliver(
    conn: &mut Conn,
    now: smpp_session::Instant,
    msg: &Outgoing,
) -> Result<u32, smpp_session::SendError> {
    use smpp_session::SendError;
    let sm = DeliverSm::new()
        .source_addr_ton(Ton::INTERNATIONAL)
        .source_addr_npi(Npi::ISDN)
        .source_addr(&msg.source)
        .and_then(|sm| sm.destination_addr(&msg.destination))
        .map_err(SendError::InvalidField)?
        .data_coding(msg.data_coding);
    // Texts longer than short_message allows travel in message_payload.
    let long = msg.text.len() > ShortMessage::MAX;
    let mut sm = if long {
        sm
    } else {
        sm.short_message(&msg.text)
            .map_err(SendError::InvalidField)?
    };
    let mut rid = Vec::new();
    let mut tlvs = Vec::with_capacity(3);
    if let Some((id, state)) = &msg.receipt {
        sm = sm.esm_class(EsmClass(EsmClass::DELIVERY_RECEIPT));
        rid.extend_from_slice(id.as_bytes());
        rid.push(0);
        tlvs.push(Tlv::from_u8(TlvTag::MESSAGE_STATE, state.0));
    }
    if !rid.is_empty() {
        tlvs.push(
            Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &rid)
                .map_err(|_| SendError::WrongKind(CommandId::DeliverSm))?,
        );
    }
    if long {
        tlvs.push(
            Tlv::new(TlvTag::MESSAGE_PAYLOAD, &msg.text)
                .map_err(|_| SendError::WrongKind(CommandId::DeliverSm))?,
        );
    }
    conn.session.send(now, &Pdu::DeliverSm(sm.with_tlvs(&tlvs)))
}

//! An ESME client: bind, submit with a window, collect receipts and MO messages, answer them,
//! unbind; reconnects with back-off when the connection drops.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::time::Duration;

use smpp_proto::text::{DefaultAlphabet, OnError};
use smpp_proto::{
    Bind, CommandId, CommandStatus, DataCoding, DeliverSmResp, InterfaceVersion, Npi, Pdu,
    RegisteredDelivery, SubmitSm, Ton,
};
use smpp_session::{BindKind, CloseReason, Config, Event, Role};
use tokio::net::TcpStream;

use crate::conn::Conn;

/// What the client does.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// host:port of the SMSC.
    pub connect: String,
    /// Login.
    pub system_id: String,
    /// Password.
    pub password: String,
    /// system_type sent in the bind.
    pub system_type: String,
    /// interface_version sent in the bind.
    pub interface_version: InterfaceVersion,
    /// TON and NPI of address_range.
    pub addr_ton: Ton,
    /// NPI of address_range.
    pub addr_npi: Npi,
    /// address_range sent in the bind.
    pub address_range: String,
    /// The bind kind.
    pub bind: BindKind,
    /// Sender address.
    pub from: String,
    /// Recipient address.
    pub to: String,
    /// Message text.
    pub text: String,
    /// How many messages to submit.
    pub count: usize,
    /// Outstanding submits at most.
    pub window: u16,
    /// Wait for this many MO messages too.
    pub expect_mo: usize,
    /// rx: stop after this long without a delivery.
    pub idle: Duration,
    /// Give up after this long.
    pub timeout: Duration,
    /// Reconnect attempts after a dropped connection (0 = none).
    pub reconnects: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            connect: "127.0.0.1:2775".into(),
            system_id: "esme".into(),
            password: "secret".into(),
            system_type: String::new(),
            interface_version: InterfaceVersion::V34,
            addr_ton: Ton::UNKNOWN,
            addr_npi: Npi::UNKNOWN,
            address_range: String::new(),
            bind: BindKind::Transceiver,
            from: "SENDER".into(),
            to: "61481076483".into(),
            text: "Hello from smpp-tokio".into(),
            count: 1,
            window: 10,
            expect_mo: 0,
            idle: Duration::from_millis(1500),
            timeout: Duration::from_secs(30),
            reconnects: 3,
        }
    }
}

/// What happened in a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// message_ids of accepted submits, in order of acceptance.
    pub message_ids: Vec<String>,
    /// Receipts: (id, state text).
    pub receipts: Vec<(String, String)>,
    /// MO texts.
    pub mo: Vec<String>,
    /// Submits refused, with their status.
    pub refused: Vec<CommandStatus>,
}

/// Why a run failed.
#[derive(Debug)]
pub enum ClientError {
    /// The bind was refused with this status.
    BindRefused(CommandStatus),
    /// Not everything expected happened before the timeout.
    Incomplete(Report),
    /// Connecting or I/O failed (after the reconnect attempts).
    Io(io::Error),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BindRefused(s) => write!(f, "bind refused: {s}"),
            Self::Incomplete(r) => write!(
                f,
                "incomplete: {} accepted, {} receipts, {} MO, {} refused",
                r.message_ids.len(),
                r.receipts.len(),
                r.mo.len(),
                r.refused.len()
            ),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ClientError {}

impl From<io::Error> for ClientError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// Progress shared across reconnections.
struct Run {
    report: Report,
    /// Submits not yet accepted (by index), to send on this or the next connection.
    unsent: VecDeque<usize>,
    /// In flight: seq → index.
    inflight: HashMap<u32, usize>,
    receipts_wanted: usize,
}

/// Runs the client to completion.
pub async fn run(cfg: &ClientConfig) -> Result<Report, ClientError> {
    let deadline = tokio::time::Instant::now() + cfg.timeout;
    let mut run = Run {
        report: Report::default(),
        unsent: (0..if cfg.bind.can_transmit() {
            cfg.count
        } else {
            0
        })
            .collect(),
        inflight: HashMap::new(),
        receipts_wanted: if cfg.bind == BindKind::Transceiver {
            cfg.count
        } else {
            0
        },
    };
    let mut attempt = 0u32;
    loop {
        let outcome = tokio::time::timeout_at(deadline, session(cfg, &mut run)).await;
        match outcome {
            Err(_) => return Err(ClientError::Incomplete(run.report)),
            Ok(Ok(true)) => return Ok(run.report),
            Ok(Err(ClientError::BindRefused(s))) => return Err(ClientError::BindRefused(s)),
            Ok(result) if attempt < cfg.reconnects => {
                attempt += 1;
                let backoff = Duration::from_millis(200 * 2u64.pow(attempt.min(6)));
                let why = match result {
                    Err(e) => e.to_string(),
                    Ok(_) => "closed before the run completed".into(),
                };
                println!(
                    "connection lost ({why}); reconnecting in {} ms",
                    backoff.as_millis()
                );
                tokio::time::sleep(backoff).await;
            }
            Ok(Err(e)) => return Err(e),
            Ok(Ok(false)) => return Err(ClientError::Incomplete(run.report)),
        }
    }
}

fn done(cfg: &ClientConfig, run: &Run, idle: bool) -> bool {
    let r = &run.report;
    match cfg.bind {
        BindKind::Receiver => {
            idle && (!r.receipts.is_empty() || !r.mo.is_empty()) && r.mo.len() >= cfg.expect_mo
        }
        BindKind::Transmitter => run.unsent.is_empty() && run.inflight.is_empty(),
        BindKind::Transceiver => {
            run.unsent.is_empty()
                && run.inflight.is_empty()
                && r.receipts.len() >= run.receipts_wanted
                && r.mo.len() >= cfg.expect_mo
        }
    }
}

/// One connection: returns Ok(true) when the run completed and the unbind is done.
async fn session(cfg: &ClientConfig, run: &mut Run) -> Result<bool, ClientError> {
    // Whatever was in flight on a lost connection is sent again on this one.
    for (_, i) in run.inflight.drain() {
        run.unsent.push_front(i);
    }
    let stream = TcpStream::connect(&cfg.connect).await?;
    let config = Config::default()
        .window(cfg.window)
        .response_timeout(Duration::from_secs(10))
        .enquire_link_interval(Some(Duration::from_secs(15)))
        .interface_version(cfg.interface_version);
    let mut conn = Conn::new(stream, Role::Esme, config);
    let bind = Bind::new()
        .system_id(&cfg.system_id)
        .and_then(|b| b.password(&cfg.password))
        .and_then(|b| b.system_type(&cfg.system_type))
        .and_then(|b| b.address_range(&cfg.address_range))
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?
        .interface_version(cfg.interface_version)
        .addr_ton(cfg.addr_ton)
        .addr_npi(cfg.addr_npi);
    let now = conn.now();
    conn.session
        .bind(now, cfg.bind, &bind)
        .map_err(io::Error::other)?;
    let mut bound = false;
    let mut unbinding = false;
    let mut last_activity = tokio::time::Instant::now();
    let sm = SubmitSm::new()
        .source_addr_ton(if cfg.from.chars().all(|c| c.is_ascii_digit()) {
            Ton::INTERNATIONAL
        } else {
            Ton::ALPHANUMERIC
        })
        .source_addr_npi(if cfg.from.chars().all(|c| c.is_ascii_digit()) {
            Npi::ISDN
        } else {
            Npi::UNKNOWN
        })
        .source_addr(&cfg.from)
        .and_then(|s| s.destination_addr(&cfg.to))
        .and_then(|s| s.short_message(cfg.text.as_bytes()))
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?
        .dest_addr_ton(Ton::INTERNATIONAL)
        .dest_addr_npi(Npi::ISDN)
        .data_coding(DataCoding::DEFAULT)
        .registered_delivery(RegisteredDelivery::RECEIPT);
    loop {
        // Submit while the window has room.
        while bound && !unbinding && conn.session.can_send() {
            let Some(i) = run.unsent.pop_front() else {
                break;
            };
            match conn.session.send(conn.now(), &Pdu::SubmitSm(sm)) {
                Ok(seq) => {
                    run.inflight.insert(seq, i);
                }
                Err(_) => {
                    run.unsent.push_front(i);
                    break;
                }
            }
        }
        if bound && !unbinding && done(cfg, run, last_activity.elapsed() >= cfg.idle) {
            let now = conn.now();
            if conn.session.unbind(now).is_ok() {
                unbinding = true;
                println!("unbinding");
            }
        }
        let idle_wait = tokio::time::sleep(Duration::from_millis(100));
        tokio::select! {
            _ = conn.wait::<()>(None) => {}
            () = idle_wait, if cfg.bind == BindKind::Receiver && bound => {}
        }
        let now = conn.now();
        let mut acks: Vec<u32> = vec![];
        while let Some(ev) = conn.session.poll_event() {
            match ev {
                Event::Bound { peer_system_id, .. } => {
                    bound = true;
                    println!(
                        "bound as {} to {}",
                        cfg.bind.short_name(),
                        String::from_utf8_lossy(peer_system_id)
                    );
                }
                Event::BindRefused { command_status, .. } => {
                    println!("bind refused: {command_status}");
                    return Err(ClientError::BindRefused(command_status));
                }
                Event::Response {
                    sequence_number,
                    request: CommandId::SubmitSm,
                    command_status,
                    pdu,
                } => {
                    last_activity = tokio::time::Instant::now();
                    let Some(i) = run.inflight.remove(&sequence_number) else {
                        continue;
                    };
                    if command_status.is_ok() {
                        let id = match pdu {
                            Pdu::SubmitSmResp(r) => r.message_id.to_string(),
                            _ => String::new(),
                        };
                        println!("submitted #{} message_id={id}", i + 1);
                        run.report.message_ids.push(id);
                    } else if command_status.is_flow_control() {
                        println!("submit #{} throttled ({command_status}); retrying", i + 1);
                        run.unsent.push_back(i);
                    } else {
                        println!("submit #{} refused: {command_status}", i + 1);
                        run.report.refused.push(command_status);
                    }
                }
                Event::ResponseTimeout {
                    sequence_number,
                    request,
                } => {
                    if let Some(i) = run.inflight.remove(&sequence_number) {
                        println!("submit #{} timed out; retrying", i + 1);
                        run.unsent.push_back(i);
                    } else {
                        println!("{request} timed out");
                    }
                }
                Event::Request {
                    sequence_number,
                    pdu: Pdu::DeliverSm(d),
                } => {
                    last_activity = tokio::time::Instant::now();
                    acks.push(sequence_number);
                    if let Some(r) = d.delivery_report() {
                        let state = r.state_text().unwrap_or("UNKNOWN").to_string();
                        let known = run.report.message_ids.iter().any(|m| r.matches(m));
                        let note = if known { "" } else { " (unknown id)" };
                        println!("receipt id={} state={state}{note}", r.message_id);
                        run.report.receipts.push((r.message_id.to_string(), state));
                    } else {
                        let text = d
                            .user_data()
                            .ok()
                            .and_then(|u| u.text(DefaultAlphabet::Gsm7, OnError::QUESTION_MARK))
                            .and_then(Result::ok)
                            .unwrap_or_else(|| String::from_utf8_lossy(d.message()).into_owned());
                        println!(
                            "MO from={} to={} text={text:?}",
                            d.source_addr, d.destination_addr
                        );
                        run.report.mo.push(text);
                    }
                }
                Event::Request {
                    sequence_number,
                    pdu,
                } => {
                    println!("unexpected {} (seq {sequence_number})", pdu.command_id());
                }
                Event::Closed { reason, pending } => {
                    // Requests still pending go back to be sent on the next connection.
                    for p in pending {
                        if let Some(i) = run.inflight.remove(&p.sequence_number()) {
                            run.unsent.push_front(i);
                        }
                    }
                    let _ = conn.close().await;
                    return match reason {
                        CloseReason::Unbound if unbinding => {
                            println!("unbound");
                            Ok(true)
                        }
                        _ => {
                            println!("closed: {reason:?}");
                            Ok(false)
                        }
                    };
                }
                _ => {}
            }
        }
        for seq in acks {
            conn.session
                .respond(
                    now,
                    seq,
                    CommandStatus::ESME_ROK,
                    &Pdu::DeliverSmResp(DeliverSmResp::default()),
                )
                .map_err(io::Error::other)?;
        }
    }
}

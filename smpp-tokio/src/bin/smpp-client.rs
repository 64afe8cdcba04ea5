//! The ESME on the command line (see `smpp-client --help`), built on [`smpp_tokio::Client`].
//!
//! Binds, submits `--count` messages from several tasks through the window, collects the
//! receipts and MO messages from `client.deliveries()`, and unbinds. Exit status: 0 when
//! every message was accepted and (as a transceiver) its receipt arrived, or (as a
//! receiver) when what was waiting arrived; 2 when the bind is refused; 64 on bad usage;
//! 1 otherwise. Without `--connect` it starts the simulator in-process on 127.0.0.1 and
//! runs the whole flow: bind_transceiver, submit_sm, message_id, a DELIVRD receipt, an MO
//! reply, unbind.

mod common;

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Parser, ValueEnum};
use smpp_tokio::proto::{CommandStatus, InterfaceVersion, Npi, Ton};
use smpp_tokio::simulator::{SimConfig, Simulator};
use smpp_tokio::tls::TlsConnector;
use smpp_tokio::{
    BindKind, Client, ClientOptions, Delivery, Error, LinkState, MessageOptions, Reconnect,
};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// An SMPP 3.4 / 5.0 ESME: bind, submit with receipts, collect receipts and MO messages,
/// unbind. Without --connect, runs against an in-process simulator.
#[derive(Debug, Clone, Parser)]
#[command(name = "smpp-client", version)]
struct Cli {
    /// The SMSC; without it an in-process simulator is started and the whole flow runs.
    #[arg(long, value_name = "HOST:PORT")]
    connect: Option<String>,
    /// system_id of the bind.
    #[arg(long, value_name = "ID", default_value = "esme")]
    system_id: String,
    /// password of the bind.
    #[arg(long, value_name = "PW", default_value = "secret")]
    password: String,
    /// Bind as a transmitter, a receiver or a transceiver.
    #[arg(long, value_enum, default_value_t = BindArg::Trx)]
    bind: BindArg,
    /// Sender address (digits: international/ISDN; else alphanumeric).
    #[arg(long, value_name = "ADDR", default_value = "SENDER")]
    from: String,
    /// Recipient address.
    #[arg(long, value_name = "ADDR", default_value = "61481076483")]
    to: String,
    /// Message text (encoded as GSM 7-bit when it can be, else UCS-2; split when long).
    #[arg(long, value_name = "TEXT", default_value = "Hello from smpp-tokio")]
    text: String,
    /// Messages to submit (tx, trx).
    #[arg(long, value_name = "N", default_value_t = 1)]
    count: usize,
    /// Requests awaiting their response at most.
    #[arg(long, value_name = "W", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    window: u16,
    /// system_type of the bind.
    #[arg(long, value_name = "T", default_value = "")]
    system_type: String,
    /// interface_version of the bind, in decimal (52 = 0x34, SMPP 3.4; 80 = 0x50, 5.0).
    #[arg(long, value_name = "V", default_value_t = 0x34)]
    interface_version: u8,
    /// TON of address_range.
    #[arg(long, value_name = "N", default_value_t = 0)]
    addr_ton: u8,
    /// NPI of address_range.
    #[arg(long, value_name = "N", default_value_t = 0)]
    addr_npi: u8,
    /// address_range of the bind.
    #[arg(long, value_name = "R", default_value = "")]
    address_range: String,
    /// Also wait for this many MO messages.
    #[arg(long, value_name = "N", default_value_t = 0)]
    expect_mo: usize,
    /// Give up after this long.
    #[arg(long, value_name = "S", default_value_t = 30)]
    timeout_s: u64,
    /// Reconnection attempts after a lost connection (0: none); what was in flight is sent again.
    #[arg(long, value_name = "N", default_value_t = 3)]
    reconnects: u32,
    /// As a receiver: finish after this long without a delivery.
    #[arg(long, value_name = "MS", default_value_t = 1500)]
    idle_ms: u64,
    /// Only the summary and errors: no library logging below warnings.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// More logging (-v: debug, -vv: trace, with every PDU).
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Connect over TLS; the SMSC's certificate is verified (against the web PKI roots
    /// unless --tls-ca is given).
    #[arg(long, requires = "connect")]
    tls: bool,
    /// PEM file of the CA certificate(s) (or a self-signed certificate) to trust instead
    /// of the web PKI roots.
    #[arg(long, value_name = "PEM", requires = "tls")]
    tls_ca: Option<std::path::PathBuf>,
    /// The name the SMSC's certificate must carry (default: the host of --connect).
    #[arg(long, value_name = "NAME", requires = "tls")]
    tls_server_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BindArg {
    /// Transmitter.
    Tx,
    /// Receiver.
    Rx,
    /// Transceiver.
    Trx,
}

impl BindArg {
    fn kind(self) -> BindKind {
        match self {
            Self::Tx => BindKind::Transmitter,
            Self::Rx => BindKind::Receiver,
            Self::Trx => BindKind::Transceiver,
        }
    }
}

/// What a submitting task reports.
enum Outcome {
    Accepted { index: usize, ids: Vec<String> },
    Refused { index: usize, error: String },
}

/// Lines per message up to this many; a progress line once a second beyond.
const CHATTY: usize = 10;

fn main() -> ExitCode {
    let cli: Cli = match common::parse() {
        Ok(c) => c,
        Err(code) => return code,
    };
    common::init_logging(cli.quiet, cli.verbose, false);
    let runtime = match common::runtime("smpp-client") {
        Ok(r) => r,
        Err(code) => return code,
    };
    ExitCode::from(runtime.block_on(run(cli)))
}

fn options(cli: &Cli) -> ClientOptions {
    let reconnect = (cli.reconnects > 0).then_some(Reconnect {
        initial: Duration::from_millis(200),
        max: Duration::from_secs(5),
        max_attempts: Some(cli.reconnects),
    });
    ClientOptions::new(&cli.system_id, &cli.password)
        .bind(cli.bind.kind())
        .window(cli.window)
        .system_type(&cli.system_type)
        .interface_version(InterfaceVersion(cli.interface_version))
        .address_range(
            Ton(cli.addr_ton),
            Npi(cli.addr_npi),
            cli.address_range.clone(),
        )
        .response_timeout(Duration::from_secs(10))
        .enquire_link_interval(Some(Duration::from_secs(15)))
        .connect_timeout(Duration::from_secs(cli.timeout_s.clamp(1, 10)))
        .reconnect(reconnect)
}

/// Connects and binds, trying again (up to --reconnects times) when the SMSC cannot be
/// reached; a refused bind is final.
async fn connect(cli: &Cli, addr: &str) -> Result<Client, Error> {
    let tls = if cli.tls {
        Some(tls_connector(cli, addr)?)
    } else {
        None
    };
    let mut attempt = 0;
    loop {
        let attempt_result = match &tls {
            Some(connector) => Client::connect_with(connector.clone(), options(cli)).await,
            None => Client::connect(addr, options(cli)).await,
        };
        match attempt_result {
            Err(e @ (Error::Io(_) | Error::ConnectTimeout)) if attempt < cli.reconnects => {
                attempt += 1;
                let wait = Duration::from_millis(200 << attempt.min(5));
                eprintln!(
                    "cannot connect to {addr} ({e}); trying again in {} ms",
                    wait.as_millis()
                );
                tokio::time::sleep(wait).await;
            }
            other => return other,
        }
    }
}

/// The TLS connector the --tls options ask for.
fn tls_connector(cli: &Cli, addr: &str) -> Result<TlsConnector, Error> {
    let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let name = cli.tls_server_name.as_deref().unwrap_or(host);
    match &cli.tls_ca {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| {
                Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("--tls-ca {}: {e}", path.display()),
                ))
            })?;
            Ok(TlsConnector::with_root_pem(addr, name, &pem)?)
        }
        None => Ok(TlsConnector::new(addr, name)?),
    }
}

/// Submits messages `next..count` (shared with the other tasks) until none is left. What
/// may not have reached the SMSC (a lost connection, no answer) is sent again; so is what
/// stays throttled after the client's own back-off.
async fn submitter(
    client: Client,
    cli: Arc<Cli>,
    next: Arc<AtomicUsize>,
    out: mpsc::UnboundedSender<Outcome>,
) {
    let opts = MessageOptions::default().with_receipt();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= cli.count {
            return;
        }
        let outcome = loop {
            match client
                .send_message(&cli.text, &cli.from, &cli.to, &opts)
                .await
            {
                Ok(resps) => {
                    let ids = resps
                        .iter()
                        .map(|r| r.message_id().unwrap_or("").to_string())
                        .collect();
                    break Outcome::Accepted { index, ids };
                }
                Err(e) if e.outcome_unknown() && !matches!(client.state(), LinkState::Closed) => {
                    tracing::warn!("submit #{}: {e}; sending it again", index + 1);
                }
                Err(e)
                    if e.command_status()
                        .is_some_and(CommandStatus::is_flow_control) =>
                {
                    tracing::warn!("submit #{}: {e}; sending it again", index + 1);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    break Outcome::Refused {
                        index,
                        error: e.to_string(),
                    };
                }
            }
        };
        if out.send(outcome).is_err() {
            return;
        }
    }
}

/// What arrived so far.
#[derive(Default)]
struct Tally {
    accepted: usize,
    refused: usize,
    /// Every accepted message_id (parts included) and whether its receipt arrived.
    ids: HashMap<String, bool>,
    receipts: usize,
    /// Receipts matched to an accepted message_id.
    matched: usize,
    /// Receipts whose id is not (yet) among the accepted ones, with their number.
    unmatched: HashMap<String, usize>,
    not_delivered: usize,
    mo: usize,
}

impl Tally {
    fn accept(&mut self, id: String) {
        let seen = self.unmatched.remove(&id).is_some();
        if self.ids.insert(id, seen).is_none() && seen {
            self.matched += 1;
        }
    }

    fn receipt(&mut self, id: &str) {
        self.receipts += 1;
        match self.ids.get_mut(id) {
            Some(seen) => {
                if !*seen {
                    *seen = true;
                    self.matched += 1;
                }
            }
            None => *self.unmatched.entry(id.to_string()).or_default() += 1,
        }
    }

    /// Matches receipts whose id differs in form only (hex vs decimal, leading zeros).
    fn reconcile(&mut self) {
        let mut left = HashMap::new();
        for (u, n) in std::mem::take(&mut self.unmatched) {
            let hit = self.ids.iter_mut().find(|(id, seen)| {
                !**seen && smpp_tokio::proto::receipt::ids_match(id.as_str(), &u)
            });
            match hit {
                Some((_, seen)) => {
                    *seen = true;
                    self.matched += 1;
                }
                None => {
                    left.insert(u, n);
                }
            }
        }
        self.unmatched = left;
    }
}

async fn run(cli: Cli) -> u8 {
    let mut cli = cli;
    let in_process = cli.connect.is_none();
    let sim = if in_process {
        // The seed flow against an in-process simulator.
        let config = SimConfig {
            accounts: vec![(cli.system_id.clone(), cli.password.clone())],
            mo_reply: true,
            verbose: !cli.quiet,
            ..SimConfig::default()
        };
        let sim = match Simulator::start("127.0.0.1:0", config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("smpp-client: cannot start the simulator: {e}");
                return 1;
            }
        };
        println!("started the simulator on {}", sim.local_addr);
        cli.bind = BindArg::Trx;
        cli.expect_mo = cli.expect_mo.max(cli.count);
        Some(sim)
    } else {
        None
    };
    let addr = match (&cli.connect, &sim) {
        (Some(a), _) => a.clone(),
        (None, Some(s)) => s.local_addr.to_string(),
        (None, None) => unreachable!("the simulator runs when --connect is absent"),
    };
    let deadline = Instant::now() + Duration::from_secs(cli.timeout_s);
    let client = match tokio::time::timeout_at(deadline, connect(&cli, &addr)).await {
        Ok(Ok(c)) => c,
        Ok(Err(Error::BindRefused(status))) => {
            println!("bind refused: {status}");
            return 2;
        }
        Ok(Err(e)) => {
            println!("failed: cannot bind to {addr}: {e}");
            return 1;
        }
        Err(_) => {
            println!("failed: no bind within {} s", cli.timeout_s);
            return 1;
        }
    };
    if let LinkState::Bound { peer_system_id, .. } = client.state() {
        println!(
            "bound as {} to {peer_system_id}",
            cli.bind.kind().short_name()
        );
    }
    let (code, summary) = session(&cli, &client, deadline).await;
    println!("unbinding");
    match client.unbind().await {
        Ok(()) => println!("unbound"),
        Err(e) => println!("unbind: {e}"),
    }
    for line in summary {
        println!("{line}");
    }
    if let Some(sim) = sim {
        sim.shutdown().await;
    }
    code
}

/// Submits, collects, and decides the exit status; returns it with the summary lines.
async fn session(cli: &Cli, client: &Client, deadline: Instant) -> (u8, Vec<String>) {
    let kind = cli.bind.kind();
    let count = if kind.can_transmit() { cli.count } else { 0 };
    let want_receipts = kind == BindKind::Transceiver;
    let chatty = cli.count <= CHATTY;
    let shared = Arc::new(Cli {
        count,
        ..cli.clone()
    });
    let (tx, mut outcomes) = mpsc::unbounded_channel();
    let next = Arc::new(AtomicUsize::new(0));
    for _ in 0..count.min(usize::from(cli.window)) {
        tokio::spawn(submitter(
            client.clone(),
            shared.clone(),
            next.clone(),
            tx.clone(),
        ));
    }
    drop(tx);
    let mut deliveries = client.deliveries();
    let mut t = Tally::default();
    let started = Instant::now();
    let mut last_delivery = Instant::now();
    let mut progress = tokio::time::interval(Duration::from_secs(1));
    progress.tick().await;
    let mut last_line = (0, 0, 0);
    let mut last_accepted = 0;
    let mut settled_at = None;
    let idle = Duration::from_millis(cli.idle_ms);
    let mut stream_open = true;
    let complete = loop {
        let settled = t.accepted + t.refused >= count;
        if settled && settled_at.is_none() {
            settled_at = Some(started.elapsed());
        }
        let done = match kind {
            BindKind::Transmitter => settled,
            BindKind::Transceiver => settled && t.matched >= t.ids.len() && t.mo >= cli.expect_mo,
            BindKind::Receiver => {
                last_delivery.elapsed() >= idle && t.receipts + t.mo > 0 && t.mo >= cli.expect_mo
            }
        };
        if done {
            break true;
        }
        if !stream_open && settled {
            println!("failed: the connection closed");
            break false;
        }
        tokio::select! {
            o = outcomes.recv(), if !settled => match o {
                Some(Outcome::Accepted { index, ids }) => {
                    t.accepted += 1;
                    if chatty {
                        println!("submitted #{} message_id={}", index + 1, ids.join(","));
                    }
                    for id in ids {
                        t.accept(id);
                    }
                }
                Some(Outcome::Refused { index, error }) => {
                    t.refused += 1;
                    if chatty || t.refused <= CHATTY {
                        println!("submit #{} failed: {error}", index + 1);
                    }
                }
                None => {
                    // Every task ended: what they did not report never went out.
                    t.refused = count - t.accepted;
                }
            },
            d = deliveries.next(), if stream_open => match d {
                Some(Delivery::Receipt(r)) => {
                    last_delivery = Instant::now();
                    let state = r.state_text.clone().unwrap_or_else(|| "UNKNOWN".into());
                    if chatty && t.receipts < CHATTY {
                        println!("receipt id={} state={state}", r.message_id);
                    }
                    if state != "DELIVRD" {
                        t.not_delivered += 1;
                    }
                    t.receipt(&r.message_id);
                }
                Some(Delivery::Message(m)) => {
                    last_delivery = Instant::now();
                    if chatty && t.mo < CHATTY {
                        let text = m.text.clone().unwrap_or_else(|| String::from_utf8_lossy(&m.payload).into_owned());
                        println!("MO from={} to={} text={text:?}", m.source_addr, m.destination_addr);
                    }
                    t.mo += 1;
                }
                Some(_) => last_delivery = Instant::now(),
                None => stream_open = false,
            },
            _ = progress.tick() => {
                // Receipts whose id differs in form only; rare, so once a second.
                if t.matched < t.ids.len() && !t.unmatched.is_empty() {
                    t.reconcile();
                }
                let now = (t.accepted + t.refused, t.receipts, t.mo);
                if (!chatty || t.receipts + t.mo > CHATTY) && now != last_line {
                    last_line = now;
                    let submitted = if count > 0 {
                        format!(
                            "{}/{count} submitted ({} accepted, {} refused, {} msg/s), ",
                            t.accepted + t.refused,
                            t.accepted,
                            t.refused,
                            t.accepted - last_accepted
                        )
                    } else {
                        String::new()
                    };
                    last_accepted = t.accepted;
                    println!("progress: {submitted}{} receipts, {} MO", t.receipts, t.mo);
                }
            },
            () = tokio::time::sleep(idle.saturating_sub(last_delivery.elapsed())), if kind == BindKind::Receiver => {}
            () = tokio::time::sleep_until(deadline) => {
                println!("failed: timed out after {} s", cli.timeout_s);
                break false;
            }
        }
    };
    let secs = settled_at
        .unwrap_or_else(|| started.elapsed())
        .as_secs_f64();
    let rate = if !chatty && count > 0 && secs > 0.0 {
        format!(
            "; submitted in {secs:.2} s ({:.0} msg/s)",
            t.accepted as f64 / secs
        )
    } else {
        String::new()
    };
    let mut summary = vec![format!(
        "done: {} accepted, {} receipts, {} MO{rate}",
        t.accepted, t.receipts, t.mo
    )];
    if t.refused > 0 {
        summary.push(format!(
            "{} of {count} messages were not accepted",
            t.refused
        ));
    }
    if want_receipts && t.matched < t.ids.len() {
        summary.push(format!(
            "{} of {} receipts missing",
            t.ids.len() - t.matched,
            t.ids.len()
        ));
    }
    if !t.unmatched.is_empty() {
        summary.push(format!(
            "{} receipts for unknown message_ids",
            t.unmatched.len()
        ));
    }
    if t.not_delivered > 0 {
        summary.push(format!("{} receipts not DELIVRD", t.not_delivered));
    }
    let ok = complete && t.refused == 0;
    (u8::from(!ok), summary)
}

//! The SMSC simulator on the command line (see `smpp-simulator --help`). Prints
//! `listening on HOST:PORT` on stdout once it listens; logs go to stderr (`RUST_LOG`
//! overrides `--quiet` / `-v`).

mod common;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use smpp_tokio::simulator::{SimConfig, Simulator};
use smpp_tokio::tls::TlsAcceptor;

/// An SMPP 3.4 / 5.0 SMSC simulator: accounts, the three binds, message_ids, delivery
/// receipts with store-and-forward, MO messages, and fault injection.
#[derive(Debug, Parser)]
#[command(name = "smpp-simulator", version)]
struct Cli {
    /// Address to listen on (port 0: any free port).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:2775")]
    listen: String,
    /// An account that may bind (repeat for more) [default: esme:secret].
    #[arg(long = "account", value_name = "ID:PASSWORD", value_parser = parse_account)]
    accounts: Vec<(String, String)>,
    /// Delay before a delivery receipt is sent.
    #[arg(long, value_name = "MS", default_value_t = 100)]
    dlr_delay_ms: u64,
    /// The receipts' stat: word (DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, ACCEPTD, UNKNOWN, ENROUTE).
    #[arg(long, value_name = "STATE", default_value = "DELIVRD")]
    dlr_state: String,
    /// Answer each accepted message with an MO "Re: TEXT" from its recipient.
    #[arg(long)]
    mo_reply: bool,
    /// Send an MO message to every bound receiver at this interval.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    mo_every_ms: Option<u64>,
    /// Text of the timed MO messages.
    #[arg(long, value_name = "TEXT", default_value = "Hello from the simulator")]
    mo_text: String,
    /// Answer every Nth submit_sm of a connection with ESME_RSYSERR (0: never).
    #[arg(long, value_name = "N")]
    error_every: Option<u64>,
    /// Answer ESME_RTHROTTLED above N submit_sm per second per connection.
    #[arg(long, value_name = "N")]
    throttle_per_second: Option<u32>,
    /// Never answer every Nth submit_sm of a connection (0: always answer).
    #[arg(long, value_name = "N")]
    withhold_every: Option<u64>,
    /// Log warnings and errors only (not each PDU).
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// More logging (-v: debug, -vv: trace, with every PDU).
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Speak TLS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
}

fn parse_account(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((id, pw)) if !id.is_empty() => Ok((id.to_string(), pw.to_string())),
        _ => Err(format!("{s:?}: expected ID:PASSWORD")),
    }
}

impl Cli {
    fn config(&self) -> SimConfig {
        let mut c = SimConfig::default();
        if !self.accounts.is_empty() {
            c.accounts = self.accounts.clone();
        }
        c.dlr_delay = Duration::from_millis(self.dlr_delay_ms);
        c.dlr_state = self.dlr_state.clone();
        c.mo_reply = self.mo_reply;
        c.mo_every = self.mo_every_ms.map(Duration::from_millis);
        c.mo_text = self.mo_text.clone();
        c.error_every = self.error_every.filter(|n| *n > 0);
        c.throttle_per_second = self.throttle_per_second;
        c.withhold_every = self.withhold_every.filter(|n| *n > 0);
        c.verbose = !self.quiet;
        c
    }
}

fn main() -> ExitCode {
    let cli: Cli = match common::parse() {
        Ok(c) => c,
        Err(code) => return code,
    };
    common::init_logging(cli.quiet, cli.verbose, true);
    let runtime = match common::runtime("smpp-simulator") {
        Ok(r) => r,
        Err(code) => return code,
    };
    runtime.block_on(async {
        let started = match (&cli.tls_cert, &cli.tls_key) {
            (Some(cert), Some(key)) => match TlsAcceptor::from_pem_files(cert, key) {
                Ok(acceptor) => Simulator::start_tls(&cli.listen, cli.config(), acceptor).await,
                Err(e) => {
                    eprintln!(
                        "smpp-simulator: --tls-cert {} / --tls-key {}: {e}",
                        cert.display(),
                        key.display()
                    );
                    return ExitCode::FAILURE;
                }
            },
            _ => Simulator::start(&cli.listen, cli.config()).await,
        };
        let sim = match started {
            Ok(s) => s,
            Err(e) => {
                eprintln!("smpp-simulator: cannot listen on {}: {e}", cli.listen);
                return ExitCode::FAILURE;
            }
        };
        println!("listening on {}", sim.local_addr);
        interrupted().await;
        tracing::info!("stopping: unbinding every session");
        sim.shutdown().await;
        ExitCode::SUCCESS
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn interrupted() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    () = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

//! Interop against peers nobody here wrote, on 127.0.0.1 with free ports and time limits:
//! our client against a node-smpp server and a Perl Net::SMPP server; node-smpp's and python
//! smpplib's clients against our simulator. Needs `npm ci` in tools/peers and smpplib for the Python in
//! `SMPP_TEST_PYTHON` (default: /work/scratch/venv-peers/bin/python, else python3).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use smpp_proto::CommandStatus;
use smpp_session::BindKind;
use smpp_tokio::simulator::{SimConfig, Simulator};
use smpp_tokio::{Client, ClientOptions, Delivery, Error, MessageOptions};

mod common;
use common::Peer;

fn peers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/peers")
}

fn python() -> String {
    if let Ok(p) = std::env::var("SMPP_TEST_PYTHON") {
        return p;
    }
    let venv = "/work/scratch/venv-peers/bin/python";
    if std::path::Path::new(venv).exists() {
        venv.into()
    } else {
        "python3".into()
    }
}

/// Starts the node-smpp server and returns it with its port.
fn node_server(extra: &[&str]) -> (Peer, u16) {
    let mut args = vec![
        "node_server.js",
        "--port",
        "0",
        "--account",
        "esme01:secret",
        "--dlr-delay-ms",
        "50",
        "--timeout-s",
        "60",
        "--no-hex",
    ];
    args.extend_from_slice(extra);
    peer_server("node", &args)
}

/// Whether Perl's Net::SMPP (Debian libnet-smpp-perl) is there; when it is not, the test is
/// skipped unless `SMPP_REQUIRE_DEBIAN_PEERS=1` (test.sh installs it and sets that).
fn have_net_smpp() -> bool {
    let ok = Command::new("perl")
        .args(["-MNet::SMPP", "-e", "1"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || std::env::var("SMPP_REQUIRE_DEBIAN_PEERS").as_deref() != Ok("1"),
        "SMPP_REQUIRE_DEBIAN_PEERS=1 but perl's Net::SMPP is missing"
    );
    if !ok {
        eprintln!("skipped: perl Net::SMPP is not installed (apt-get install libnet-smpp-perl)");
    }
    ok
}

/// Starts a peer server script that prints `{"event":"listening","port":N}` first.
fn peer_server(program: &str, args: &[&str]) -> (Peer, u16) {
    let mut child = Command::new(program)
        .current_dir(peers_dir())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program} {args:?}: {e} (is it installed?)"));
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().expect("server prints its port").unwrap();
    let port = first
        .split("\"port\":")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {first}"));
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Peer(child), port)
}

/// Runs a peer client to completion (bounded) and returns its exit code and output.
fn run_peer_client(program: &str, script: &str, port: u16, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(program)
        .current_dir(peers_dir())
        .arg(script)
        .args(["--port", &port.to_string(), "--timeout-s", "20", "--no-hex"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program} {script}: {e}"));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            return (status.code().unwrap_or(-1), text);
        }
        if start.elapsed() > Duration::from_secs(40) {
            let _ = child.kill();
            panic!("{script} did not finish in 40 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What one run of our client saw.
#[derive(Debug, Default)]
struct Report {
    /// message_ids of the accepted submits.
    message_ids: Vec<String>,
    /// Receipts: (message id, stat word).
    receipts: Vec<(String, String)>,
    /// MO texts.
    mo: Vec<String>,
}

/// Binds our client to a peer server as `bind`, submits `count` messages asking for
/// receipts (tx, trx), collects deliveries (trx: until every receipt is back; rx: until
/// one arrived and then 500 ms pass without another), and unbinds.
async fn our_client(
    port: u16,
    bind: BindKind,
    password: &str,
    count: usize,
) -> Result<Report, Error> {
    let options = ClientOptions::new("esme01", password)
        .bind(bind)
        .response_timeout(Duration::from_secs(10));
    let client = Client::connect(format!("127.0.0.1:{port}"), options).await?;
    let mut deliveries = client.deliveries();
    let mut report = Report::default();
    if bind.can_transmit() {
        let opts = MessageOptions::default().with_receipt();
        let sends = (0..count)
            .map(|_| client.send_message("Hello from smpp-tokio", "SENDER", "61481076483", &opts));
        for parts in futures_util::future::join_all(sends).await {
            for resp in parts? {
                report
                    .message_ids
                    .push(resp.message_id().unwrap_or("").to_string());
            }
        }
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let wait = match bind {
            BindKind::Transmitter => break,
            BindKind::Transceiver if report.receipts.len() >= count => break,
            BindKind::Receiver if !report.receipts.is_empty() || !report.mo.is_empty() => {
                Duration::from_millis(500)
            }
            _ => deadline.saturating_duration_since(tokio::time::Instant::now()),
        };
        match tokio::time::timeout(wait, deliveries.next()).await {
            Ok(Some(Delivery::Receipt(r))) => {
                report.receipts.push((
                    r.message_id.clone(),
                    r.state_text.clone().unwrap_or_default(),
                ));
            }
            Ok(Some(Delivery::Message(m))) => report.mo.push(m.text.clone().unwrap_or_default()),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    client.unbind().await?;
    Ok(report)
}

/// Our client against a peer server: trx (every submit accepted and its receipt back), tx
/// (accepted only), a wrong password (ESME_RINVPASWD); returns what an rx bind then got.
async fn our_client_runs(port: u16, trx: usize, tx: usize) -> Report {
    let report = our_client(port, BindKind::Transceiver, "secret", trx)
        .await
        .unwrap();
    assert_eq!(report.message_ids.len(), trx);
    assert_eq!(report.receipts.len(), trx, "{report:?}");
    assert!(
        report.receipts.iter().all(|(id, s)| s == "DELIVRD"
            && report
                .message_ids
                .iter()
                .any(|m| smpp_proto::receipt::ids_match(m, id))),
        "{report:?}"
    );
    let report = our_client(port, BindKind::Transmitter, "secret", tx)
        .await
        .unwrap();
    assert_eq!(report.message_ids.len(), tx);
    let rx = our_client(port, BindKind::Receiver, "secret", 0)
        .await
        .unwrap();
    match our_client(port, BindKind::Transceiver, "wrong", 1).await {
        Err(Error::BindRefused(s)) => assert_eq!(s, CommandStatus::ESME_RINVPASWD),
        other => panic!("expected a refused bind, got {other:?}"),
    }
    rx
}

#[tokio::test]
async fn our_client_against_net_smpp_server() {
    if !have_net_smpp() {
        return;
    }
    let (_server, port) = peer_server(
        "perl",
        &[
            "netsmpp_server.pl",
            "--port",
            "0",
            "--account",
            "esme01:secret",
            "--timeout-s",
            "60",
        ],
    );
    let rx = our_client_runs(port, 4, 2).await;
    assert_eq!(rx.mo, ["hello from perl"], "{rx:?}");
}

#[tokio::test]
async fn our_client_against_node_smpp_server() {
    let (_server, port) = node_server(&["--mo-text", "hello from node"]);
    let rx = our_client_runs(port, 5, 3).await;
    // The server's MO, and the receipts of the tx run (node-smpp stores them for a receiver).
    assert!(
        rx.mo.iter().any(|m| m == "hello from node") || !rx.receipts.is_empty(),
        "{rx:?}"
    );
}

async fn simulator() -> Simulator {
    let cfg = SimConfig {
        accounts: vec![("esme01".into(), "secret".into())],
        dlr_delay: Duration::from_millis(50),
        verbose: false,
        ..SimConfig::default()
    };
    Simulator::start("127.0.0.1:0", cfg).await.unwrap()
}

/// Runs one peer client against our simulator through every bind kind and a wrong password.
async fn peer_client_against_simulator(program: &str, script: &'static str) {
    let sim = simulator().await;
    let port = sim.local_addr.port();
    let program = program.to_string();
    let run = move |args: Vec<&'static str>| {
        let program = program.clone();
        tokio::task::spawn_blocking(move || run_peer_client(&program, script, port, &args))
    };
    let (code, out) = run(vec![
        "--system-id",
        "esme01",
        "--password",
        "secret",
        "--bind",
        "trx",
        "--count",
        "3",
    ])
    .await
    .unwrap();
    assert_eq!(code, 0, "trx run failed:\n{out}");
    let receipts = out
        .lines()
        .filter(|l| l.replace(' ', "").contains("\"event\":\"receipt\"") && l.contains("DELIVRD"))
        .count();
    assert_eq!(receipts, 3, "{out}");
    // tx: accepted; its receipts wait (store and forward) for a receiver of the same system_id.
    let (code, out) = run(vec![
        "--system-id",
        "esme01",
        "--password",
        "secret",
        "--bind",
        "tx",
        "--count",
        "2",
    ])
    .await
    .unwrap();
    assert_eq!(code, 0, "tx run failed:\n{out}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(sim.stored_count("esme01"), 2);
    let (code, out) = run(vec![
        "--system-id",
        "esme01",
        "--password",
        "secret",
        "--bind",
        "rx",
        "--expect-receipts",
        "2",
    ])
    .await
    .unwrap();
    assert_eq!(code, 0, "rx run failed:\n{out}");
    assert_eq!(sim.stored_count("esme01"), 0);
    // MO injected for the receiver.
    sim.inject_mo("esme01", "61400000009", "SENDER", "MO for you");
    let (code, out) = run(vec![
        "--system-id",
        "esme01",
        "--password",
        "secret",
        "--bind",
        "rx",
        "--expect-mo",
        "1",
    ])
    .await
    .unwrap();
    assert_eq!(code, 0, "rx MO run failed:\n{out}");
    assert!(out.contains("MO for you"), "{out}");
    // Wrong password: refused, exit 2 with ESME_RINVPASWD (14).
    let (code, out) = run(vec![
        "--system-id",
        "esme01",
        "--password",
        "nope",
        "--bind",
        "trx",
        "--count",
        "1",
    ])
    .await
    .unwrap();
    assert_eq!(code, 2, "{out}");
    assert!(
        out.replace(' ', "").contains("\"command_status\":14"),
        "{out}"
    );
    sim.stop();
}

#[tokio::test]
async fn node_smpp_client_against_our_simulator() {
    peer_client_against_simulator("node", "node_client.js").await;
}

#[tokio::test]
async fn smpplib_client_against_our_simulator() {
    peer_client_against_simulator(&python(), "smpplib_client.py").await;
}

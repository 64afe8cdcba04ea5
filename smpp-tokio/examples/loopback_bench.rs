//! Loopback TCP throughput: submit_sm → submit_sm_resp with windows 1, 10 and 256, our tokio
//! client and simulator against node-smpp's client and server, each in its own process, with
//! peak memory (VmHWM / maxRSS). Needs `npm ci` in tools/peers.
//!
//! `cargo run --release -p smpp-tokio --example loopback_bench [-- --count N]`

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant as StdInstant};

use smpp_proto::{Bind, CommandStatus, Npi, Pdu, SubmitSm, Tlv, TlvTag, Ton};
use smpp_session::{BindKind, Config, Event, Role};
use smpp_tokio::conn::Conn;
use tokio::net::TcpStream;

fn peers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/peers")
}

/// Peak resident memory of a process in KiB, from /proc.
fn peak_kb(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

struct Server {
    child: Child,
    port: u16,
    name: &'static str,
}

impl Server {
    fn ours() -> Self {
        let exe = std::env::current_exe().unwrap();
        let sim = exe
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("smpp-simulator");
        let mut child = Command::new(&sim)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--account",
                "bench:secret",
                "--quiet",
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (build it with cargo build --release -p smpp-tokio)",
                    sim.display()
                )
            });
        let line = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .next()
            .unwrap()
            .unwrap();
        let port = line.rsplit(':').next().unwrap().trim().parse().unwrap();
        Self {
            child,
            port,
            name: "smpp-tokio simulator",
        }
    }

    fn node() -> Self {
        let mut child = Command::new("node")
            .current_dir(peers())
            .args([
                "node_bench.js",
                "server",
                "--port",
                "0",
                "--timeout-s",
                "600",
            ])
            .stdout(Stdio::piped())
            .spawn()
            .expect("node and tools/peers/node_modules");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = lines.next().unwrap().unwrap();
        let port = line
            .trim_start_matches("{\"port\":")
            .trim_end_matches('}')
            .parse()
            .unwrap();
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            port,
            name: "node-smpp server",
        }
    }

    fn stop(mut self) -> u64 {
        let kb = peak_kb(&self.child.id().to_string());
        let _ = self.child.kill();
        let _ = self.child.wait();
        kb
    }
}

/// Our client: keeps `window` submits outstanding until `count` are answered.
async fn our_client(port: u16, count: u64, window: u16) -> f64 {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let config = Config::default().window(window).enquire_link_interval(None);
    let mut conn = Conn::new(stream, Role::Esme, config);
    let now = conn.now();
    let bind = Bind::new()
        .system_id("bench")
        .unwrap()
        .password("secret")
        .unwrap();
    conn.session
        .bind(now, BindKind::Transceiver, &bind)
        .unwrap();
    let tlv = [Tlv::from_u16(TlvTag::USER_MESSAGE_REFERENCE, 1)];
    let sm = SubmitSm::new()
        .source_addr_ton(Ton::ALPHANUMERIC)
        .source_addr("SENDER")
        .unwrap()
        .dest_addr_ton(Ton::INTERNATIONAL)
        .dest_addr_npi(Npi::ISDN)
        .destination_addr("61481076483")
        .unwrap()
        .short_message(b"Your verification code is 123456. Thanks")
        .unwrap()
        .with_tlvs(&tlv);
    let (mut sent, mut done, mut bound) = (0u64, 0u64, false);
    let mut start = StdInstant::now();
    while done < count {
        conn.wait::<()>(None).await;
        while let Some(ev) = conn.session.poll_event() {
            match ev {
                Event::Bound { .. } => {
                    bound = true;
                    start = StdInstant::now();
                }
                Event::Response { command_status, .. } => {
                    assert_eq!(command_status, CommandStatus::ESME_ROK);
                    done += 1;
                }
                Event::Closed { reason, .. } => panic!("closed: {reason:?}"),
                _ => {}
            }
        }
        let now = conn.now();
        while bound && sent < count && conn.session.can_send() {
            conn.session.send(now, &Pdu::SubmitSm(sm)).unwrap();
            sent += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let now = conn.now();
    let _ = conn.session.unbind(now);
    let _ = conn.flush().await;
    count as f64 / secs
}

fn node_client(port: u16, count: u64, window: u16) -> (f64, u64) {
    let out = Command::new("node")
        .current_dir(peers())
        .args([
            "node_bench.js",
            "client",
            "--port",
            &port.to_string(),
            "--count",
            &count.to_string(),
            "--window",
            &window.to_string(),
        ])
        .output()
        .expect("node");
    let s = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| -> f64 {
        s.split(&format!("\"{k}\":"))
            .nth(1)
            .and_then(|r| r.split([',', '}']).next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    assert!(
        out.status.success(),
        "node client failed: {s} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (field("rate"), field("maxrss_kb") as u64)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: u64 = args
        .iter()
        .position(|a| a == "--count")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let node_count = (count / 10).max(2_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("| client | server | window | submit_sm/s | client peak RSS | server peak RSS |");
    println!("|---|---|---|---|---|---|");
    for window in [1u16, 10, 256] {
        // A window of one is bound by round-trip latency: fewer messages keep it short.
        let n = if window == 1 { count / 10 } else { count };
        let nn = if window == 1 {
            node_count / 4
        } else {
            node_count
        };
        let server = Server::ours();
        let rate = rt.block_on(our_client(server.port, n, window));
        let me = peak_kb("self");
        let name = server.name;
        let kb = server.stop();
        println!("| smpp-tokio | {name} | {window} | {rate:.0} | {me} KiB | {kb} KiB |");

        let server = Server::node();
        let rate = rt.block_on(our_client(server.port, nn, window));
        let kb = server.stop();
        println!(
            "| smpp-tokio | node-smpp server | {window} | {rate:.0} | {} KiB | {kb} KiB |",
            peak_kb("self")
        );

        let server = Server::ours();
        let (rate, ckb) = node_client(server.port, nn, window);
        let kb = server.stop();
        println!(
            "| node-smpp client | smpp-tokio simulator | {window} | {rate:.0} | {ckb} KiB | {kb} KiB |"
        );

        let server = Server::node();
        let (rate, ckb) = node_client(server.port, nn, window);
        let kb = server.stop();
        println!(
            "| node-smpp client | node-smpp server | {window} | {rate:.0} | {ckb} KiB | {kb} KiB |"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

//! The client side of the loopback benchmarks (tools/bench/loopback.sh), in a process of its
//! own against a server in another.
//!
//! * `client_bench api --port P --count N --window W [--tasks T] [--threads K]`: the public
//!   [`Client`], T tasks (default: the window, within 64..=512) each awaiting
//!   `client.submit_sm` in a loop until N are answered.
//! * `client_bench batch --port P --count N --window W [--tasks T] [--batch B]`: the public
//!   [`Client`], T tasks (default 8) each awaiting `client.submit_many` of B submit_sm
//!   (default 64) in a loop until N are answered.
//! * `client_bench raw --port P --count N --window W`: a hand-written loop over the sans-IO
//!   session and a TCP socket, keeping W submit_sm outstanding (what the library's client
//!   is measured against).
//! * `client_bench idle --port P --conns N`: N plain sockets, each sending bind_transceiver
//!   and reading its bind_resp; prints `bound N` and holds them until stdin closes.
//!
//! `api` and `raw` print one JSON line: `{"count":N,"seconds":S,"rate":R,"maxrss_kb":K}`.

use std::io::{BufRead, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant as StdInstant;

use smpp_proto::{Bind, CommandStatus, Frame, Npi, Pdu, SubmitSm, Tlv, TlvTag, Ton};
use smpp_session::{BindKind, Config, Event, Instant, Role, Session, Storage};
use smpp_tokio::{Client, ClientOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TEXT: &[u8] = b"Your verification code is 123456. Thanks";

/// The 96-octet submit_sm of every benchmark in this workspace (one TLV).
fn submit_sm<'a>(tlv: &'a [Tlv<'static>; 1]) -> SubmitSm<'a> {
    SubmitSm::new()
        .source_addr_ton(Ton::ALPHANUMERIC)
        .source_addr("SENDER")
        .unwrap()
        .dest_addr_ton(Ton::INTERNATIONAL)
        .dest_addr_npi(Npi::ISDN)
        .destination_addr("61481076483")
        .unwrap()
        .short_message(TEXT)
        .unwrap()
        .with_tlvs(tlv)
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process in KiB (VmHWM).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The one TLV of the benchmark's submit_sm.
static TLV: [Tlv<'static>; 1] = [Tlv::from_u16(TlvTag::USER_MESSAGE_REFERENCE, 1)];

/// Binds one client and runs `tasks` tasks of `work(handle, left)` (each task holding its
/// own handle, as a service's workers would) until all of `left` is answered; returns
/// submit_sm per second.
async fn through_client<F, Fut>(addr: String, count: u64, window: u16, tasks: usize, work: F) -> f64
where
    F: Fn(Client, Arc<AtomicU64>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let mut options = ClientOptions::new("bench", "secret");
    options.window = window;
    options.enquire_link_interval = None;
    let client = Client::connect(addr, options).await.expect("bind");
    let left = Arc::new(AtomicU64::new(count));
    let start = StdInstant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        set.spawn(work(client.clone(), left.clone()));
    }
    while let Some(r) = set.join_next().await {
        r.expect("task");
    }
    let secs = start.elapsed().as_secs_f64();
    client.unbind().await.expect("unbind");
    count as f64 / secs
}

/// Takes up to `n` of what is `left` to send; 0 once nothing is.
fn take(left: &AtomicU64, n: u64) -> u64 {
    left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
        (l > 0).then(|| l - l.min(n))
    })
    .map_or(0, |l| l.min(n))
}

/// One `submit_sm` at a time from every task, checking every message_id.
async fn api(addr: String, count: u64, window: u16, tasks: usize) -> f64 {
    through_client(addr, count, window, tasks, |client, left| async move {
        let sm = submit_sm(&TLV);
        while take(&left, 1) == 1 {
            let resp = client.submit_sm(&sm).await.expect("submit_sm");
            assert!(resp.message_id().is_some_and(|id| !id.is_empty()));
        }
    })
    .await
}

/// `submit_many` of up to `size` at a time from every task.
async fn batch(addr: String, count: u64, window: u16, tasks: usize, size: u64) -> f64 {
    through_client(addr, count, window, tasks, move |client, left| async move {
        let sm = submit_sm(&TLV);
        loop {
            let n = take(&left, size);
            if n == 0 {
                break;
            }
            let batch = vec![sm; n as usize];
            for resp in client.submit_many(&batch).await {
                let resp = resp.expect("submit_sm");
                assert!(resp.message_id().is_some_and(|id| !id.is_empty()));
            }
        }
    })
    .await
}

/// The hand-written loop: one session, one socket, write what is queued, read what comes.
async fn raw(addr: String, count: u64, window: u16) -> f64 {
    let stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let config = Config::default().window(window).enquire_link_interval(None);
    let epoch = StdInstant::now();
    let now = || Instant::from_millis(epoch.elapsed().as_millis() as u64);
    let mut session = Session::new(Role::Esme, config, Storage::owned(&config), Instant::ZERO);
    let bind = Bind::new()
        .system_id("bench")
        .unwrap()
        .password("secret")
        .unwrap();
    session
        .bind(now(), BindKind::Transceiver, &bind)
        .expect("bind");
    let tlv = [Tlv::from_u16(TlvTag::USER_MESSAGE_REFERENCE, 1)];
    let sm = submit_sm(&tlv);
    let mut buf = vec![0u8; 64 * 1024];
    let (mut sent, mut done, mut bound) = (0u64, 0u64, false);
    let mut start = StdInstant::now();
    while done < count {
        while let Some(bytes) = session.poll_transmit() {
            let n = writer.write(bytes).await.expect("write");
            session.advance_transmit(n);
        }
        let n = reader.read(&mut buf).await.expect("read");
        assert!(n > 0, "server closed");
        let mut data = buf.get(..n).unwrap_or(&[]);
        while !data.is_empty() {
            let taken = session.handle_bytes(now(), data);
            data = data.get(taken..).unwrap_or(&[]);
            while let Some(ev) = session.poll_event() {
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
        }
        let t = now();
        while bound && sent < count && session.can_send() {
            session.send(t, &Pdu::SubmitSm(sm)).expect("send");
            sent += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let _ = session.unbind(now());
    while let Some(bytes) = session.poll_transmit() {
        let n = writer.write(bytes).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        session.advance_transmit(n);
    }
    count as f64 / secs
}

/// Plain sockets that bind and then sit idle, for the server's memory per session.
fn idle(addr: &str, conns: usize) {
    let bind = Bind::new()
        .system_id("idle")
        .unwrap()
        .password("secret")
        .unwrap();
    let pdu = Frame::request(1, Pdu::BindTransceiver(bind))
        .to_vec()
        .unwrap();
    let mut held = Vec::with_capacity(conns);
    for i in 0..conns {
        let mut s = std::net::TcpStream::connect(addr)
            .unwrap_or_else(|e| panic!("connection {i}: {e} (raise ulimit -n)"));
        s.write_all(&pdu).unwrap();
        let mut header = [0u8; 16];
        s.read_exact(&mut header).unwrap();
        let len = u32::from_be_bytes(header[..4].try_into().unwrap()) as usize;
        let status = u32::from_be_bytes(header[8..12].try_into().unwrap());
        assert_eq!(status, 0, "bind {i} refused");
        let mut body = vec![0u8; len - 16];
        s.read_exact(&mut body).unwrap();
        held.push(s);
    }
    println!("bound {}", held.len());
    std::io::stdout().flush().unwrap();
    // Hold them until told to stop.
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).cloned().unwrap_or_default();
    let port: u16 = arg(&args, "--port", 2775);
    let addr = format!("127.0.0.1:{port}");
    if mode == "idle" {
        idle(&addr, arg(&args, "--conns", 10_000));
        return;
    }
    let count: u64 = arg(&args, "--count", 300_000);
    let window: u16 = arg(&args, "--window", 256);
    let tasks: usize = arg(&args, "--tasks", usize::from(window).clamp(64, 512));
    let threads: usize = arg(&args, "--threads", 0);
    let rt = if threads == 0 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    }
    .unwrap();
    let rate = match mode.as_str() {
        "api" => rt.block_on(api(addr, count, window, tasks)),
        "raw" => rt.block_on(raw(addr, count, window)),
        "batch" => rt.block_on(batch(
            addr,
            count,
            window,
            arg(&args, "--tasks", 8),
            arg(&args, "--batch", 64),
        )),
        _ => {
            eprintln!(
                "usage: client_bench api|batch|raw|idle --port P [--count N --window W --tasks T --batch B]"
            );
            std::process::exit(64);
        }
    };
    println!(
        "{{\"count\":{count},\"seconds\":{:.3},\"rate\":{rate:.0},\"maxrss_kb\":{}}}",
        count as f64 / rate,
        peak_kb()
    );
}

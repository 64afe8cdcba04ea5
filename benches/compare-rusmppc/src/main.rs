//! rusmppc's client in the loopback benchmark (tools/bench/loopback.sh): binds a
//! transceiver to 127.0.0.1:P and keeps W submit_sm outstanding (W tasks, each awaiting
//! `client.submit_sm` in a loop: rusmppc has no window of its own) until N are answered.
//!
//! `compare-rusmppc --port P --count N --window W [--threads K]` prints
//! `{"count":N,"seconds":S,"rate":R,"maxrss_kb":K}`.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use rusmpp::pdus::{BindTransceiver, SubmitSm};
use rusmpp::tlvs::MessageSubmissionRequestTlvValue;
use rusmpp::types::{COctetString, OctetString};
use rusmpp::values::{Npi, Ton};
use rusmppc::ConnectionBuilder;

fn arg<T: FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

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

/// The same 96-octet submit_sm as the other clients (one TLV, user_message_reference).
fn submit_sm() -> SubmitSm {
    SubmitSm::builder()
        .source_addr_ton(Ton::Alphanumeric)
        .source_addr(COctetString::from_str("SENDER").unwrap())
        .dest_addr_ton(Ton::International)
        .dest_addr_npi(Npi::Isdn)
        .destination_addr(COctetString::from_str("61481076483").unwrap())
        .short_message(OctetString::from_str("Your verification code is 123456. Thanks").unwrap())
        .push_tlv(MessageSubmissionRequestTlvValue::UserMessageReference(
            rusmpp::values::UserMessageReference::new(1),
        ))
        .build()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = arg(&args, "--port", 2775);
    let count: u64 = arg(&args, "--count", 300_000);
    let window: usize = arg(&args, "--window", 256);
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
    let rate = rt.block_on(async move {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        stream.set_nodelay(true).unwrap();
        let (client, mut events) = ConnectionBuilder::new()
            .no_enquire_link_interval()
            .response_timeout(Duration::from_secs(30))
            .connected(stream);
        tokio::spawn(async move { while events.next().await.is_some() {} });
        client
            .bind_transceiver(
                BindTransceiver::builder()
                    .system_id(COctetString::from_str("bench").unwrap())
                    .password(COctetString::from_str("secret").unwrap())
                    .build(),
            )
            .await
            .expect("bind");
        let left = Arc::new(AtomicU64::new(count));
        let start = Instant::now();
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..window {
            let client = client.clone();
            let left = left.clone();
            set.spawn(async move {
                let sm = submit_sm();
                while left
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    client.submit_sm(sm.clone()).await.expect("submit_sm");
                }
            });
        }
        while let Some(r) = set.join_next().await {
            r.unwrap();
        }
        let secs = start.elapsed().as_secs_f64();
        let _ = client.unbind().await;
        count as f64 / secs
    });
    println!(
        "{{\"count\":{count},\"seconds\":{:.3},\"rate\":{rate:.0},\"maxrss_kb\":{}}}",
        count as f64 / rate,
        peak_kb()
    );
}

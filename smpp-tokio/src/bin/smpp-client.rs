//! The ESME client.
//!
//! `smpp-client --connect HOST:PORT --system-id ID --password PW --bind tx|rx|trx
//!  --from ADDR --to ADDR --text TEXT [--count N] [--window W] [--expect-mo N]
//!  [--system-type T] [--interface-version 52] [--addr-ton N] [--addr-npi N]
//!  [--address-range R] [--timeout-s S] [--reconnects N]`
//!
//! Without `--connect` it starts the simulator in-process on 127.0.0.1 and runs the whole
//! flow: bind_transceiver, submit_sm, message_id, a DELIVRD receipt, an MO reply, unbind.

use std::time::Duration;

use smpp_proto::{InterfaceVersion, Npi, Ton};
use smpp_session::BindKind;
use smpp_tokio::args::Args;
use smpp_tokio::client::{self, ClientConfig, ClientError};
use smpp_tokio::simulator::{SimConfig, Simulator};

fn config(a: &Args) -> Result<ClientConfig, String> {
    let mut c = ClientConfig::default();
    let s = |name: &str, into: &mut String| {
        if let Some(v) = a.get(name) {
            *into = v.to_string();
        }
    };
    s("connect", &mut c.connect);
    s("system-id", &mut c.system_id);
    s("password", &mut c.password);
    s("system-type", &mut c.system_type);
    s("address-range", &mut c.address_range);
    s("from", &mut c.from);
    s("to", &mut c.to);
    s("text", &mut c.text);
    c.bind = match a.get("bind").unwrap_or("trx") {
        "tx" => BindKind::Transmitter,
        "rx" => BindKind::Receiver,
        "trx" => BindKind::Transceiver,
        other => return Err(format!("--bind {other:?}: expected tx, rx or trx")),
    };
    c.count = a.num("count", 1)?;
    c.window = a.num("window", 10)?;
    c.expect_mo = a.num("expect-mo", 0)?;
    c.interface_version = InterfaceVersion(a.num("interface-version", 0x34)?);
    c.addr_ton = Ton(a.num("addr-ton", 0)?);
    c.addr_npi = Npi(a.num("addr-npi", 0)?);
    c.timeout = Duration::from_secs(a.num("timeout-s", 30)?);
    c.idle = Duration::from_millis(a.num("idle-ms", 1500)?);
    c.reconnects = a.num("reconnects", 3)?;
    Ok(c)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = match Args::parse(std::env::args().skip(1), &[]) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("smpp-client: {e}");
            std::process::exit(64);
        }
    };
    let mut cfg = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("smpp-client: {e}");
            std::process::exit(64);
        }
    };
    let _sim = if args.get("connect").is_none() {
        // The seed flow against an in-process simulator.
        let sim_cfg = SimConfig {
            accounts: vec![(cfg.system_id.clone(), cfg.password.clone())],
            mo_reply: true,
            ..SimConfig::default()
        };
        let sim = match Simulator::start("127.0.0.1:0", sim_cfg).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("smpp-client: cannot start the simulator: {e}");
                std::process::exit(1);
            }
        };
        println!("started the simulator on {}", sim.local_addr);
        cfg.connect = sim.local_addr.to_string();
        cfg.bind = BindKind::Transceiver;
        cfg.expect_mo = cfg.expect_mo.max(cfg.count);
        Some(sim)
    } else {
        None
    };
    match client::run(&cfg).await {
        Ok(report) => {
            println!(
                "done: {} accepted, {} receipts, {} MO",
                report.message_ids.len(),
                report.receipts.len(),
                report.mo.len()
            );
            let failed = !report.refused.is_empty()
                || report.receipts.iter().any(|(_, s)| s != "DELIVRD")
                    && args.get("connect").is_none();
            std::process::exit(i32::from(failed));
        }
        Err(ClientError::BindRefused(_)) => std::process::exit(2),
        Err(e) => {
            println!("failed: {e}");
            std::process::exit(1);
        }
    }
}

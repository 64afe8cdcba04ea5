//! The SMSC simulator.
//!
//! `smpp-simulator --listen 127.0.0.1:2775 --account esme:secret [--account id:pw]...
//!  [--dlr-delay-ms 100] [--dlr-state DELIVRD|UNDELIV|...] [--mo-reply] [--mo-every-ms N]
//!  [--mo-text T] [--error-every N] [--throttle-per-second N] [--withhold-every N] [--quiet]`

use std::time::Duration;

use smpp_tokio::args::Args;
use smpp_tokio::simulator::{SimConfig, Simulator};

const SWITCHES: &[&str] = &["mo-reply", "quiet"];

fn config(a: &Args) -> Result<SimConfig, String> {
    let mut c = SimConfig::default();
    let accounts = a.all("account");
    if !accounts.is_empty() {
        c.accounts = accounts
            .iter()
            .map(|s| {
                s.split_once(':')
                    .map(|(i, p)| (i.to_string(), p.to_string()))
                    .ok_or(format!("--account {s:?}: expected ID:PASSWORD"))
            })
            .collect::<Result<_, _>>()?;
    }
    c.dlr_delay = Duration::from_millis(a.num("dlr-delay-ms", 100)?);
    if let Some(s) = a.get("dlr-state") {
        c.dlr_state = s.to_string();
    }
    c.mo_reply = a.has("mo-reply");
    c.mo_every = a
        .get("mo-every-ms")
        .map(|_| a.num("mo-every-ms", 0u64))
        .transpose()?
        .map(Duration::from_millis);
    if let Some(t) = a.get("mo-text") {
        c.mo_text = t.to_string();
    }
    c.error_every = a
        .get("error-every")
        .map(|_| a.num("error-every", 0u64))
        .transpose()?
        .filter(|n| *n > 0);
    c.throttle_per_second = a
        .get("throttle-per-second")
        .map(|_| a.num("throttle-per-second", 0u32))
        .transpose()?;
    c.withhold_every = a
        .get("withhold-every")
        .map(|_| a.num("withhold-every", 0u64))
        .transpose()?
        .filter(|n| *n > 0);
    c.verbose = !a.has("quiet");
    Ok(c)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let parsed = Args::parse(std::env::args().skip(1), SWITCHES).and_then(|a| {
        let c = config(&a)?;
        Ok((a.get("listen").unwrap_or("127.0.0.1:2775").to_string(), c))
    });
    let (listen, cfg) = match parsed {
        Ok(v) => v,
        Err(e) => {
            eprintln!("smpp-simulator: {e}");
            std::process::exit(64);
        }
    };
    match Simulator::start(&listen, cfg).await {
        Ok(sim) => {
            println!("[sim] listening on {}", sim.local_addr);
            std::future::pending::<()>().await;
        }
        Err(e) => {
            eprintln!("smpp-simulator: cannot listen on {listen}: {e}");
            std::process::exit(1);
        }
    }
}

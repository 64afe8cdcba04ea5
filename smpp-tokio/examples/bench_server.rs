//! The SMSC of the loopback benchmarks (tools/bench/loopback.sh): our [`Server`] with a
//! handler that answers every submit_sm with a fresh message_id, in a process of its own.
//!
//! `bench_server [--listen 127.0.0.1:0] [--threads N] [--max-connections N]` prints
//! `port P` once listening and serves until killed. `--threads 0` (the default) runs
//! tokio's current-thread runtime; N > 0 a multi-thread runtime with N workers.
//! `--max-command-length N --tx N` shrink each session's receive and transmit buffers
//! (default: the server's, 66.5 KiB and 64 KiB), to see what an idle session costs besides them.

use smpp_proto::CommandStatus;
use smpp_tokio::{Handler, Request, Server, ServerOptions, SessionHandle};

struct Bench;

impl Handler for Bench {
    async fn submit_sm(&self, s: &SessionHandle, _req: Request) -> Result<String, CommandStatus> {
        Ok(s.server().next_message_id())
    }
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let listen: String = arg(&args, "--listen", "127.0.0.1:0".to_owned());
    let threads: usize = arg(&args, "--threads", 0);
    let max_connections: usize = arg(&args, "--max-connections", 20_000);
    let defaults = ServerOptions::default();
    let max_len: u32 = arg(
        &args,
        "--max-command-length",
        defaults.session.max_command_length,
    );
    let tx: usize = arg(&args, "--tx", defaults.session.tx_capacity);
    let rt = if threads == 0 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()?
    };
    rt.block_on(async {
        let session = defaults
            .session
            .max_command_length(max_len)
            .buffers(max_len as usize, tx);
        let options = ServerOptions::default()
            .system_id("BENCH")
            .max_connections(max_connections)
            .session(session);
        let server = Server::bind(&listen, Bench, options).await?;
        let port = server.local_addr().map_or(0, |a| a.port());
        println!("port {port}");
        std::future::pending::<()>().await;
        Ok(())
    })
}

//! An SMSC simulator on [`crate::Server`]: accounts, the three binds, submit_sm and data_sm
//! answered with a message_id, query_sm, delivery receipts after a delay, store-and-forward
//! to receivers, MO messages (replies, timed, injected), and fault injection (errors,
//! throttling, withheld responses). It reports through `tracing` (target
//! `smpp_tokio::simulator`): each PDU at INFO when [`SimConfig::verbose`], else at DEBUG.
//!
//! ```no_run
//! use smpp_tokio::simulator::{SimConfig, Simulator};
//!
//! # async fn run() -> std::io::Result<()> {
//! let sim = Simulator::start("127.0.0.1:0", SimConfig { mo_reply: true, ..SimConfig::default() }).await?;
//! println!("listening on {}", sim.local_addr);
//! sim.inject_mo("esme", "61481076483", "SENDER", "Hello"); // now, or when a receiver binds
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod handler;
mod outgoing;

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::server::{Server, ServerHandle, ServerOptions};
use handler::{Sim, SimHandler};
use outgoing::Outgoing;

/// What the simulator does.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// system_id → password. A bind with another system_id is refused with
    /// ESME_RINVSYSID, one with a wrong password with ESME_RINVPASWD.
    pub accounts: Vec<(String, String)>,
    /// Delay before a delivery receipt (and the MO reply) is sent.
    pub dlr_delay: Duration,
    /// The receipt's `stat:` (DELIVRD, UNDELIV, EXPIRED, REJECTD, ...), also the final
    /// state query_sm reports.
    pub dlr_state: String,
    /// Send an MO reply (`"Re: <text>"`) from the recipient to the sender of each accepted
    /// message, after its receipt.
    pub mo_reply: bool,
    /// Send an MO message to every bound receiver at this interval.
    pub mo_every: Option<Duration>,
    /// Text of timed MO messages.
    pub mo_text: String,
    /// Answer every Nth submit_sm of a connection with ESME_RSYSERR.
    pub error_every: Option<u64>,
    /// Answer ESME_RTHROTTLED above this many submit_sm per second per connection.
    pub throttle_per_second: Option<u32>,
    /// Never answer every Nth submit_sm of a connection.
    pub withhold_every: Option<u64>,
    /// Log each PDU at INFO (else at DEBUG).
    pub verbose: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: vec![("esme".into(), "secret".into())],
            dlr_delay: Duration::from_millis(100),
            dlr_state: "DELIVRD".into(),
            mo_reply: false,
            mo_every: None,
            mo_text: "Hello from the simulator".into(),
            error_every: None,
            throttle_per_second: None,
            withhold_every: None,
            verbose: true,
        }
    }
}

/// A running simulator. It stops at [`Simulator::stop`] or [`Simulator::shutdown`]
/// (dropping it does not stop it).
pub struct Simulator {
    /// The address it listens on.
    pub local_addr: SocketAddr,
    handle: ServerHandle,
    sim: Arc<Sim>,
    runtime: tokio::runtime::Handle,
    server: Mutex<Option<Server>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("local_addr", &self.local_addr)
            .field("config", &self.sim.config)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// Listens on `addr` (port 0 for any) and starts serving. Call it within a tokio
    /// runtime; the simulator runs on that runtime.
    pub async fn start(addr: &str, config: SimConfig) -> io::Result<Self> {
        Self::start_on(addr, config, None).await
    }

    /// [`Simulator::start`], with every connection speaking TLS (`tls` feature).
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub async fn start_tls(
        addr: &str,
        config: SimConfig,
        acceptor: crate::tls::TlsAcceptor,
    ) -> io::Result<Self> {
        Self::start_on(addr, config, Some(acceptor)).await
    }

    #[cfg(feature = "tls")]
    async fn start_on(
        addr: &str,
        config: SimConfig,
        tls: Option<crate::tls::TlsAcceptor>,
    ) -> io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let (sim, handler, options) = Self::parts(config);
        let server = match tls {
            Some(acceptor) => crate::tls::serve_tls(listener, acceptor, handler, options),
            None => Server::from_listener(listener, handler, options),
        };
        Self::running(sim, server)
    }

    #[cfg(not(feature = "tls"))]
    async fn start_on(addr: &str, config: SimConfig, _tls: Option<()>) -> io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let (sim, handler, options) = Self::parts(config);
        Self::running(sim, Server::from_listener(listener, handler, options))
    }

    fn parts(config: SimConfig) -> (Arc<Sim>, SimHandler, ServerOptions) {
        let sim = Arc::new(Sim::new(config));
        let mut options = ServerOptions::default().system_id("SMPPSIM");
        options.session = options
            .session
            .window(256)
            .enquire_link_interval(Some(Duration::from_secs(30)));
        (sim.clone(), SimHandler(sim), options)
    }

    fn running(sim: Arc<Sim>, server: Server) -> io::Result<Self> {
        let local_addr = server
            .local_addr()
            .ok_or_else(|| io::Error::other("the listener has no local address"))?;
        Ok(Self {
            local_addr,
            handle: server.handle().clone(),
            sim,
            runtime: tokio::runtime::Handle::current(),
            server: Mutex::new(Some(server)),
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The server underneath: sessions, deliveries, extra streams to serve.
    pub fn handle(&self) -> &ServerHandle {
        &self.handle
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &SimConfig {
        &self.sim.config
    }

    /// Queues an MO message for `system_id`: sent to a bound receiver now, or stored until
    /// one binds. Callable from any thread.
    pub fn inject_mo(&self, system_id: &str, source: &str, destination: &str, text: &str) {
        let out = Outgoing::mo(source, destination, text);
        let (sim, handle, system_id) =
            (self.sim.clone(), self.handle.clone(), system_id.to_string());
        self.runtime
            .spawn(async move { sim.deliver(&handle, &system_id, &out).await });
    }

    /// Messages (receipts, MO) still waiting for a receiver of `system_id`.
    pub fn stored_count(&self, system_id: &str) -> usize {
        self.handle.stored(system_id)
    }

    /// Stops accepting connections and unbinds every session, in the background.
    /// Callable from any thread.
    pub fn stop(&self) {
        if let Some(server) = self.take_server() {
            self.runtime.spawn(server.shutdown());
        }
    }

    /// Stops accepting connections, unbinds every session and waits (up to five seconds)
    /// for them to close.
    pub async fn shutdown(&self) {
        if let Some(server) = self.take_server() {
            server.shutdown().await;
        }
    }

    fn take_server(&self) -> Option<Server> {
        self.sim.stop_timers();
        self.server.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

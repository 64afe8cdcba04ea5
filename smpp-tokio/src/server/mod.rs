//! The async SMSC: accepts connections, authenticates binds and answers requests through a
//! [`Handler`], and sends deliver_sm (receipts, MO) to bound sessions, storing them while no
//! receiver is bound.
//!
//! ```no_run
//! use smpp_proto::{CommandStatus, DeliverSm};
//! use smpp_tokio::server::{Handler, Server, ServerOptions, SessionHandle};
//! use smpp_tokio::Request;
//!
//! struct Accept;
//! impl Handler for Accept {
//!     async fn submit_sm(&self, s: &SessionHandle, _req: Request) -> Result<String, CommandStatus> {
//!         Ok(s.server().next_message_id())
//!     }
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! let server = Server::bind("127.0.0.1:2775", Accept, ServerOptions::default()).await?;
//! let mo = DeliverSm::new().source_addr("61481076483").unwrap().short_message(b"hi").unwrap();
//! server.handle().deliver("esme", &mo).await.ok(); // to a bound receiver, or stored
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod conn;
mod handler;
mod registry;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use smpp_proto::{DeliverSm, Pdu};
use smpp_session::{BindKind, Config};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use crate::client::Req;
use crate::error::{Error, Result};
use crate::pdu::{Message, Response};

pub use handler::{BindRequest, Handler, QueryReply};
pub use registry::Delivered;

/// Server settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerOptions {
    /// Our system_id, sent in bind_resp.
    pub system_id: String,
    /// Session settings for every connection: the window for our deliver_sm, response,
    /// enquire_link and inactivity timers, and `session_init_timeout`, how long a
    /// connection may stay unbound.
    pub session: Config,
    /// Connections at most; more are closed at once.
    pub max_connections: usize,
    /// Requests of one session awaiting the handler at most; beyond it the session stops
    /// reading (the ESME's window does the rest).
    pub max_pending_per_session: usize,
    /// Messages stored per system_id while no receiver is bound; beyond it the oldest is
    /// dropped (logged).
    pub store_capacity: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            system_id: "SMPP".into(),
            session: Config::default()
                .session_init_timeout(Some(Duration::from_secs(30)))
                // The driver drains the transmit buffer each turn: a small one suffices.
                .buffers(smpp_proto::DEFAULT_MAX_COMMAND_LENGTH as usize, 64 * 1024),
            max_connections: 10_000,
            max_pending_per_session: 4096,
            store_capacity: 100_000,
        }
    }
}

impl ServerOptions {
    /// Sets our system_id.
    pub fn system_id(mut self, id: impl Into<String>) -> Self {
        self.system_id = id.into();
        self
    }

    /// Sets the session configuration.
    pub fn session(mut self, config: Config) -> Self {
        self.session = config;
        self
    }

    /// Sets the connection limit.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }
}

/// What the application asked of a session besides requests (never lost, never blocks).
pub(crate) const CONTROL_UNBIND: u8 = 1;
/// Close at once (wins over unbind).
pub(crate) const CONTROL_CLOSE: u8 = 2;

/// What is known of a bound session.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BoundInfo {
    /// The bind kind.
    pub kind: BindKind,
    /// The ESME's system_id.
    pub system_id: String,
    /// The interface_version of its bind.
    pub interface_version: smpp_proto::InterfaceVersion,
}

pub(crate) struct SessionShared {
    id: u64,
    peer: String,
    bound: OnceLock<BoundInfo>,
    /// Boxed: the channel allocates a block of slots up front, and a small slot keeps an
    /// idle session small.
    tx: mpsc::Sender<Box<Req>>,
    control: std::sync::atomic::AtomicU8,
    control_waker: futures_util::task::AtomicWaker,
    server: ServerHandle,
}

/// One connection of the server, as handlers and applications see it. Cheap to clone.
#[derive(Clone)]
pub struct SessionHandle {
    inner: Arc<SessionShared>,
}

impl std::fmt::Debug for SessionHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionHandle")
            .field("id", &self.inner.id)
            .field("peer", &self.inner.peer)
            .field("bound", &self.inner.bound.get())
            .finish()
    }
}

impl SessionHandle {
    /// A number unique within the server.
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    /// The peer's address (or the name given to [`ServerHandle::serve`]).
    pub fn peer(&self) -> &str {
        &self.inner.peer
    }

    /// The bind, once accepted.
    pub fn bound(&self) -> Option<&BoundInfo> {
        self.inner.bound.get()
    }

    /// The server this session belongs to.
    pub fn server(&self) -> &ServerHandle {
        &self.inner.server
    }

    /// Sends a request (deliver_sm, data_sm, alert_notification, ...) to this ESME and
    /// waits for its outcome, as [`crate::Client::request`] does.
    pub async fn request(&self, pdu: &Pdu<'_>) -> Result<Response> {
        self.send(Message::request(pdu)?).await
    }

    pub(crate) async fn send(&self, msg: Message) -> Result<Response> {
        let (reply, rx) = oneshot::channel();
        let req = Req {
            msg,
            reply: crate::client::Reply::One(reply),
            attempts: 0,
        };
        if self.inner.tx.send(Box::new(req)).await.is_err() {
            return Err(Error::Closed);
        }
        rx.await.unwrap_or(Err(Error::Closed))
    }

    /// Sends a deliver_sm (a receipt or an MO message) to this ESME.
    pub async fn deliver_sm(&self, sm: &DeliverSm<'_>) -> Result<Response> {
        self.request(&Pdu::DeliverSm(*sm)).await
    }

    /// Starts the unbind handshake (after the session's own requests are answered).
    pub fn unbind(&self) {
        self.inner
            .control
            .fetch_max(CONTROL_UNBIND, Ordering::AcqRel);
        self.inner.control_waker.wake();
    }

    /// Closes the connection at once.
    pub fn close(&self) {
        self.inner
            .control
            .fetch_max(CONTROL_CLOSE, Ordering::AcqRel);
        self.inner.control_waker.wake();
    }
}

pub(crate) struct ServerShared {
    options: ServerOptions,
    next_session: AtomicU64,
    next_message: AtomicU64,
    connections: AtomicUsize,
    registry: registry::Registry,
    shutdown: watch::Sender<bool>,
}

/// What applications hold to act on a running server: deliver to system_ids, list
/// sessions, serve extra streams. Cheap to clone.
#[derive(Clone)]
pub struct ServerHandle {
    shared: Arc<ServerShared>,
    /// Starts a new connection's task (the handler's type lives there).
    spawn: Arc<dyn Spawn>,
}

/// A stream of any type, for [`ServerHandle::serve`].
pub(crate) type BoxedStream = Box<dyn IoStream>;

/// `AsyncRead + AsyncWrite` in one object-safe trait.
pub(crate) trait IoStream: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> IoStream for T {}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("system_id", &self.shared.options.system_id)
            .field("connections", &self.connections())
            .finish_non_exhaustive()
    }
}

impl ServerHandle {
    /// A fresh message_id (a counter, as 8 hex digits then more as needed).
    pub fn next_message_id(&self) -> String {
        let n = self.shared.next_message.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{n:08X}")
    }

    /// Open connections.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Bound sessions, optionally only those of one system_id.
    pub fn sessions(&self, system_id: Option<&str>) -> Vec<SessionHandle> {
        self.shared.registry.sessions(system_id)
    }

    /// Messages stored for `system_id` until a receiver binds.
    pub fn stored(&self, system_id: &str) -> usize {
        self.shared.registry.stored(system_id)
    }

    /// Sends a deliver_sm to a receiver (or transceiver) bound with `system_id`; when none
    /// is bound, or the one chosen goes away with it pending, the message is stored and
    /// sent when one binds ([`Delivered::Stored`]).
    pub async fn deliver(&self, system_id: &str, sm: &DeliverSm<'_>) -> Result<Delivered> {
        let msg = Message::request(&Pdu::DeliverSm(*sm))?;
        self.deliver_message(system_id, msg).await
    }

    pub(crate) async fn deliver_message(&self, system_id: &str, msg: Message) -> Result<Delivered> {
        registry::deliver(self, system_id, msg).await
    }

    /// Serves one already-connected stream (a Unix socket, `tokio::io::duplex`, a TLS
    /// stream accepted elsewhere) like an accepted TCP connection.
    pub fn serve<S>(&self, stream: S, peer: impl Into<String>)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        self.spawn.spawn(Box::new(stream), peer.into(), None);
    }

    /// Sends outbind over a stream connected to an ESME (the SMSC dialled it), asking it to
    /// bind as a receiver, then serves the connection like any other. `system_id` and
    /// `password` are the outbind's fields, for the ESME to check; they are checked for
    /// length here.
    pub fn serve_outbind<S>(
        &self,
        stream: S,
        peer: impl Into<String>,
        system_id: &str,
        password: &str,
    ) -> Result<()>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        smpp_proto::Outbind::new()
            .system_id(system_id)?
            .password(password)?;
        self.spawn.spawn(
            Box::new(stream),
            peer.into(),
            Some((system_id.to_string(), password.to_string())),
        );
        Ok(())
    }

    pub(crate) fn options(&self) -> &ServerOptions {
        &self.shared.options
    }
}

/// Starts connection tasks; type-erases the handler so handles need no type parameter.
pub(crate) trait Spawn: Send + Sync {
    fn spawn(&self, stream: BoxedStream, peer: String, outbind: Option<(String, String)>);
}

/// Holds weak references only, so handles and spawner do not keep each other alive.
struct Spawner<H> {
    handler: Arc<H>,
    shared: std::sync::Weak<ServerShared>,
    me: std::sync::Weak<Spawner<H>>,
}

impl<H: Handler> Spawn for Spawner<H> {
    fn spawn(&self, stream: BoxedStream, peer: String, outbind: Option<(String, String)>) {
        let (Some(shared), Some(me)) = (self.shared.upgrade(), self.me.upgrade()) else {
            return;
        };
        let n = shared.connections.fetch_add(1, Ordering::Relaxed);
        if n >= shared.options.max_connections {
            shared.connections.fetch_sub(1, Ordering::Relaxed);
            tracing::warn!(%peer, limit = shared.options.max_connections, "connection refused: limit reached");
            return; // dropping the stream closes it
        }
        let id = shared.next_session.fetch_add(1, Ordering::Relaxed) + 1;
        let server = ServerHandle { shared, spawn: me };
        tokio::spawn(conn::run(
            stream,
            peer,
            id,
            server,
            self.handler.clone(),
            outbind,
        ));
    }
}

/// A running SMSC. Dropping it does not stop it; call [`Server::shutdown`].
#[derive(Debug)]
pub struct Server {
    handle: ServerHandle,
    local_addr: Option<SocketAddr>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on `addr` (e.g. `"127.0.0.1:2775"`, port 0 for any) and serves every
    /// connection with `handler`.
    pub async fn bind<H: Handler>(
        addr: &str,
        handler: H,
        options: ServerOptions,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Self::from_listener(listener, handler, options))
    }

    /// Serves connections from a listener made elsewhere.
    pub fn from_listener<H: Handler>(
        listener: TcpListener,
        handler: H,
        options: ServerOptions,
    ) -> Self {
        Self::from_listener_with(listener, handler, options, |handle, stream, peer| {
            handle.serve(stream, peer.to_string());
        })
    }

    /// Serves connections from a listener, passing each accepted one to `on_accept` (which
    /// hands it, possibly after a TLS handshake of its own, to [`ServerHandle::serve`]).
    /// The accept loop stops at [`Server::shutdown`].
    pub(crate) fn from_listener_with<H, F>(
        listener: TcpListener,
        handler: H,
        options: ServerOptions,
        on_accept: F,
    ) -> Self
    where
        H: Handler,
        F: Fn(&ServerHandle, tokio::net::TcpStream, SocketAddr) + Send + 'static,
    {
        let mut server = Self::new(handler, options);
        server.local_addr = listener.local_addr().ok();
        let handle = server.handle.clone();
        let mut stop = handle.shared.shutdown.subscribe();
        server.accept = Some(tokio::spawn(async move {
            let stopped = async move {
                let _ = stop.wait_for(|s| *s).await;
            };
            tokio::pin!(stopped);
            loop {
                tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((stream, peer)) => {
                            let _ = stream.set_nodelay(true);
                            on_accept(&handle, stream, peer);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    },
                    () = &mut stopped => break,
                }
            }
        }));
        tracing::info!(addr = ?server.local_addr, "SMPP server listening");
        server
    }

    /// A server with no listener: feed it streams with [`ServerHandle::serve`].
    pub fn new<H: Handler>(handler: H, options: ServerOptions) -> Self {
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(ServerShared {
            options,
            next_session: AtomicU64::new(0),
            next_message: AtomicU64::new(0),
            connections: AtomicUsize::new(0),
            registry: registry::Registry::default(),
            shutdown,
        });
        let handler = Arc::new(handler);
        let weak = Arc::downgrade(&shared);
        let spawn: Arc<dyn Spawn> = Arc::new_cyclic(|me| Spawner {
            handler,
            shared: weak,
            me: me.clone(),
        });
        Self {
            handle: ServerHandle { shared, spawn },
            local_addr: None,
            accept: None,
        }
    }

    /// The listening address (with the port picked when 0 was asked for).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.local_addr
    }

    /// The handle for deliveries and sessions.
    pub fn handle(&self) -> &ServerHandle {
        &self.handle
    }

    /// Stops accepting, asks every session to unbind, and waits (up to five seconds) for
    /// them to close; the rest are closed.
    pub async fn shutdown(self) {
        let _ = self.handle.shared.shutdown.send(true);
        if let Some(a) = self.accept {
            a.abort();
        }
        for s in self.handle.shared.registry.all() {
            s.unbind();
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while self.handle.connections() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        for s in self.handle.shared.registry.all() {
            s.close();
        }
    }
}

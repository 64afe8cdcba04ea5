//! Where a client's streams come from: TCP, TLS, or anything else that yields an
//! `AsyncRead + AsyncWrite` stream. The client calls the connector again to reconnect.

use std::future::Future;
use std::io;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// Opens a new stream to the SMSC.
pub trait Connector: Send + Sync + 'static {
    /// The stream type.
    type Stream: AsyncRead + AsyncWrite + Unpin + Send + 'static;
    /// Opens one stream.
    fn connect(&self) -> impl Future<Output = io::Result<Self::Stream>> + Send;
    /// A name for logs (the address).
    fn describe(&self) -> String;
}

/// Plain TCP to `host:port` (with TCP_NODELAY: SMPP is request/response traffic).
#[derive(Debug, Clone)]
pub struct Tcp {
    addr: String,
}

impl Tcp {
    /// Connects to `addr` (`host:port`, resolved at each connection).
    pub fn new(addr: impl Into<String>) -> Self {
        Self { addr: addr.into() }
    }
}

impl Connector for Tcp {
    type Stream = TcpStream;

    async fn connect(&self) -> io::Result<TcpStream> {
        let stream = TcpStream::connect(&self.addr).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    fn describe(&self) -> String {
        self.addr.clone()
    }
}

/// A connector from a closure returning a future of a stream, for transports this crate
/// does not name (Unix sockets, proxies, in-memory pipes).
///
/// ```no_run
/// use smpp_tokio::{Client, ClientOptions, FnConnector};
/// # async fn run() -> smpp_tokio::Result<()> {
/// let connector = FnConnector::new("unix:/run/smsc.sock", || tokio::net::UnixStream::connect("/run/smsc.sock"));
/// let client = Client::connect_with(connector, ClientOptions::new("esme", "secret")).await?;
/// # Ok(()) }
/// ```
pub struct FnConnector<F> {
    name: String,
    f: F,
}

impl<F> FnConnector<F> {
    /// Wraps `f`; `name` appears in logs.
    pub fn new(name: impl Into<String>, f: F) -> Self {
        Self {
            name: name.into(),
            f,
        }
    }
}

impl<F, Fut, S> Connector for FnConnector<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<S>> + Send,
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = S;

    fn connect(&self) -> impl Future<Output = io::Result<S>> + Send {
        (self.f)()
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

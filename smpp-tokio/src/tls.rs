//! SMPP over TLS (the `tls` feature): a [`TlsConnector`] for the client and a
//! [`TlsAcceptor`] / [`serve_tls`] for the server, over tokio-rustls with the ring provider.
//!
//! Certificates are always verified: [`TlsConnector::new`] trusts the web PKI roots
//! (webpki-roots), [`TlsConnector::with_root_pem`] a private CA (or a self-signed
//! certificate) instead, and [`TlsConnector::with_config`] takes any rustls `ClientConfig`
//! (client certificates, custom verifiers).
//!
//! ```no_run
//! use smpp_tokio::tls::{TlsAcceptor, TlsConnector, serve_tls};
//! use smpp_tokio::{Client, ClientOptions, Handler, ServerOptions};
//!
//! struct Smsc;
//! impl Handler for Smsc {}
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Server: certificate chain and key from PEM files.
//! let acceptor = TlsAcceptor::from_pem_files("server.crt", "server.key")?;
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:3550").await?;
//! let server = serve_tls(listener, acceptor, Smsc, ServerOptions::default());
//!
//! // Client: trusts the CA that signed the server's certificate.
//! let ca = std::fs::read("ca.crt")?;
//! let connector = TlsConnector::with_root_pem("smsc.example.com:3550", "smsc.example.com", &ca)?;
//! let client = Client::connect_with(connector, ClientOptions::new("esme", "secret")).await?;
//! # Ok(()) }
//! ```

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;

use rustls::{ClientConfig, RootCertStore, ServerConfig};
/// The rustls this module is built on, for configurations of your own.
pub use tokio_rustls::rustls;
pub use tokio_rustls::{
    client::TlsStream as ClientTlsStream, server::TlsStream as ServerTlsStream,
};

use crate::connector::{Connector, Tcp};
use crate::server::{Handler, Server, ServerHandle, ServerOptions};

fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, e.to_string())
}

/// rustls's ring provider. rustls 0.23.48 deprecates it because ring has no post-quantum
/// key exchange (X25519MLKEM768); aws-lc-rs has, but needs a C toolchain and CMake to build.
/// Classic X25519/P-256 key exchange is what SMSCs speak today.
#[allow(deprecated)]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A client config with these roots, no client certificate, TLS 1.2 and 1.3.
fn client_config(roots: RootCertStore) -> io::Result<Arc<ClientConfig>> {
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(invalid)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The web PKI roots (Mozilla's, from webpki-roots).
pub fn webpki_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    roots
}

/// Every certificate in PEM text (`-----BEGIN CERTIFICATE-----` blocks; other blocks are
/// skipped). Fails when there is none.
pub fn certs_from_pem(pem: &[u8]) -> io::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(invalid)?;
    if certs.is_empty() {
        return Err(invalid("no certificate in the PEM text"));
    }
    Ok(certs)
}

/// The certificate chain in a PEM file (leaf first, then intermediates).
pub fn load_certs(path: impl AsRef<Path>) -> io::Result<Vec<CertificateDer<'static>>> {
    let path = path.as_ref();
    let pem = std::fs::read(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    certs_from_pem(&pem).map_err(|e| invalid(format!("{}: {e}", path.display())))
}

/// The first private key (PKCS#8, PKCS#1 RSA or SEC1 EC) in PEM text.
pub fn key_from_pem(pem: &[u8]) -> io::Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_slice(pem).map_err(invalid)
}

/// The first private key in a PEM file.
pub fn load_key(path: impl AsRef<Path>) -> io::Result<PrivateKeyDer<'static>> {
    let path = path.as_ref();
    let pem = std::fs::read(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    key_from_pem(&pem).map_err(|e| invalid(format!("{}: {e}", path.display())))
}

/// TLS to the SMSC over another connector (TCP by default). The server's certificate is
/// verified against the configured roots and `server_name`; a failed verification fails
/// the connection attempt with [`crate::Error::Io`].
#[derive(Clone)]
pub struct TlsConnector<C = Tcp> {
    inner: C,
    server_name: ServerName<'static>,
    tls: tokio_rustls::TlsConnector,
}

impl<C: Connector> std::fmt::Debug for TlsConnector<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConnector")
            .field("addr", &self.inner.describe())
            .field("server_name", &self.server_name)
            .finish_non_exhaustive()
    }
}

impl TlsConnector<Tcp> {
    /// TLS over TCP to `addr` (`host:port`), verifying the certificate against the web PKI
    /// roots and `server_name` (a DNS name or an IP address).
    pub fn new(addr: impl Into<String>, server_name: &str) -> io::Result<Self> {
        Self::with_config(addr, server_name, client_config(webpki_roots())?)
    }

    /// TLS over TCP, trusting only the CA certificates (or self-signed certificates) in
    /// `root_pem` instead of the web PKI.
    pub fn with_root_pem(
        addr: impl Into<String>,
        server_name: &str,
        root_pem: &[u8],
    ) -> io::Result<Self> {
        let mut roots = RootCertStore::empty();
        for cert in certs_from_pem(root_pem)? {
            roots.add(cert).map_err(invalid)?;
        }
        Self::with_config(addr, server_name, client_config(roots)?)
    }

    /// TLS over TCP with a rustls configuration of your own (roots, client certificate,
    /// protocol versions).
    pub fn with_config(
        addr: impl Into<String>,
        server_name: &str,
        config: Arc<ClientConfig>,
    ) -> io::Result<Self> {
        Self::over(Tcp::new(addr), server_name, config)
    }
}

impl<C: Connector> TlsConnector<C> {
    /// TLS over the streams of another connector (a proxy, a Unix socket).
    pub fn over(inner: C, server_name: &str, config: Arc<ClientConfig>) -> io::Result<Self> {
        let server_name = ServerName::try_from(server_name.to_owned())
            .map_err(|e| invalid(format!("server name {server_name:?}: {e}")))?;
        Ok(Self {
            inner,
            server_name,
            tls: tokio_rustls::TlsConnector::from(config),
        })
    }
}

impl<C: Connector> Connector for TlsConnector<C> {
    type Stream = ClientTlsStream<C::Stream>;

    async fn connect(&self) -> io::Result<Self::Stream> {
        let stream = self.inner.connect().await?;
        self.tls.connect(self.server_name.clone(), stream).await
    }

    fn describe(&self) -> String {
        format!("tls://{}", self.inner.describe())
    }
}

/// The server side: handshakes accepted streams within a time limit.
#[derive(Clone)]
pub struct TlsAcceptor {
    tls: tokio_rustls::TlsAcceptor,
    handshake_timeout: Duration,
}

impl std::fmt::Debug for TlsAcceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsAcceptor")
            .field("handshake_timeout", &self.handshake_timeout)
            .finish_non_exhaustive()
    }
}

impl TlsAcceptor {
    /// An acceptor with a rustls server configuration of your own (client certificates,
    /// ALPN, protocol versions). Handshakes may take 10 s.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self {
            tls: tokio_rustls::TlsAcceptor::from(config),
            handshake_timeout: Duration::from_secs(10),
        }
    }

    /// An acceptor presenting this certificate chain (leaf first) and key, asking no
    /// client certificate.
    pub fn from_cert(
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> io::Result<Self> {
        let config = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(invalid)?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(invalid)?;
        Ok(Self::new(Arc::new(config)))
    }

    /// [`TlsAcceptor::from_cert`] from PEM text.
    pub fn from_pem(cert_pem: &[u8], key_pem: &[u8]) -> io::Result<Self> {
        Self::from_cert(certs_from_pem(cert_pem)?, key_from_pem(key_pem)?)
    }

    /// [`TlsAcceptor::from_cert`] from PEM files (the chain, leaf first; the key).
    pub fn from_pem_files(cert: impl AsRef<Path>, key: impl AsRef<Path>) -> io::Result<Self> {
        Self::from_cert(load_certs(cert)?, load_key(key)?)
    }

    /// Sets how long a handshake may take before the connection is dropped.
    pub fn handshake_timeout(mut self, limit: Duration) -> Self {
        self.handshake_timeout = limit;
        self
    }

    /// Handshakes over an accepted stream; fails with `TimedOut` after the handshake
    /// timeout.
    pub async fn accept<S>(&self, stream: S) -> io::Result<ServerTlsStream<S>>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        match tokio::time::timeout(self.handshake_timeout, self.tls.accept(stream)).await {
            Ok(r) => r,
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "TLS handshake timed out",
            )),
        }
    }

    /// Handshakes (in a task of its own) and then serves the stream on `server`, as
    /// [`ServerHandle::serve`] does; a failed handshake is logged and the stream dropped.
    pub fn serve<S>(&self, server: &ServerHandle, stream: S, peer: impl Into<String>)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let acceptor = self.clone();
        let server = server.clone();
        let peer = peer.into();
        tokio::spawn(async move {
            match acceptor.accept(stream).await {
                Ok(tls) => server.serve(tls, peer),
                Err(e) => tracing::warn!(%peer, error = %e, "TLS handshake failed"),
            }
        });
    }
}

/// A [`Server`] whose every connection from `listener` speaks TLS: each accepted connection
/// is handshaken in a task of its own (bounded by the acceptor's handshake timeout, so a
/// slow or silent peer holds nothing but its socket) and then served like a TCP one.
/// [`Server::shutdown`] stops the listener.
pub fn serve_tls<H: Handler>(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    handler: H,
    options: ServerOptions,
) -> Server {
    Server::from_listener_with(
        listener,
        handler,
        options,
        move |server, stream, peer: SocketAddr| {
            acceptor.serve(server, stream, peer.to_string());
        },
    )
}

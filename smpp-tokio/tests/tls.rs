//! SMPP over TLS: our Server behind `serve_tls`, our Client through `TlsConnector`, with a
//! CA and a leaf certificate made here by rcgen.
#![cfg(feature = "tls")]

use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use smpp_proto::{CommandStatus, DeliverSm, SubmitSm};
use smpp_tokio::server::Delivered;
use smpp_tokio::tls::{TlsAcceptor, TlsConnector, serve_tls};
use smpp_tokio::{
    Client, ClientOptions, Delivery, Error, Handler, Request, Server, ServerOptions, SessionHandle,
};
use tokio::net::TcpListener;

/// A CA and a leaf for `localhost` and 127.0.0.1 signed by it, as PEM.
struct Pki {
    ca_pem: String,
    leaf_pem: String,
    leaf_key_pem: String,
}

fn pki(names: &[&str]) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "smpp-tokio test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .unwrap()
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    Pki {
        ca_pem: ca_cert.pem(),
        leaf_pem: leaf.pem(),
        leaf_key_pem: leaf_key.serialize_pem(),
    }
}

struct Smsc;

impl Handler for Smsc {
    async fn submit_sm(&self, s: &SessionHandle, _req: Request) -> Result<String, CommandStatus> {
        Ok(s.server().next_message_id())
    }
}

async fn tls_server(pki: &Pki) -> (Server, String) {
    let acceptor = TlsAcceptor::from_pem(pki.leaf_pem.as_bytes(), pki.leaf_key_pem.as_bytes())
        .unwrap()
        .handshake_timeout(Duration::from_secs(5));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = serve_tls(listener, acceptor, Smsc, ServerOptions::default());
    (server, addr)
}

fn options() -> ClientOptions {
    let mut o = ClientOptions::new("esme", "secret");
    o.connect_timeout = Duration::from_secs(10);
    o
}

fn submit() -> SubmitSm<'static> {
    SubmitSm::new()
        .source_addr("SENDER")
        .unwrap()
        .destination_addr("61481076483")
        .unwrap()
        .short_message(b"over TLS")
        .unwrap()
}

#[tokio::test]
async fn bind_submit_and_deliver_over_tls() {
    let pki = pki(&["localhost", "127.0.0.1"]);
    let (server, addr) = tls_server(&pki).await;
    for name in ["localhost", "127.0.0.1"] {
        let connector = TlsConnector::with_root_pem(&addr, name, pki.ca_pem.as_bytes()).unwrap();
        let client = Client::connect_with(connector, options()).await.unwrap();
        assert!(client.is_bound());
        let mut deliveries = client.deliveries();

        let resp = client.submit_sm(&submit()).await.unwrap();
        let id = resp.message_id().unwrap().to_owned();
        assert!(!id.is_empty());

        let mo = DeliverSm::new()
            .source_addr("61481076483")
            .unwrap()
            .destination_addr("SENDER")
            .unwrap()
            .short_message(b"hello over TLS")
            .unwrap();
        let sent = server.handle().deliver("esme", &mo).await.unwrap();
        assert!(matches!(sent, Delivered::Sent(_)), "{sent:?}");
        let d = tokio::time::timeout(Duration::from_secs(5), deliveries.next())
            .await
            .expect("deliver_sm reaches the client")
            .expect("a delivery");
        match d {
            Delivery::Message(m) => assert_eq!(m.text.as_deref(), Some("hello over TLS")),
            other => panic!("expected MO, got {other:?}"),
        }
        client.unbind().await.unwrap();
    }
    server.shutdown().await;
}

#[tokio::test]
async fn untrusted_certificate_fails_to_connect() {
    let pki = pki(&["localhost"]);
    let (server, addr) = tls_server(&pki).await;
    // Another CA: the server's certificate does not chain to it.
    let other = pki_other();
    let connector = TlsConnector::with_root_pem(&addr, "localhost", other.as_bytes()).unwrap();
    let r = tokio::time::timeout(
        Duration::from_secs(5),
        Client::connect_with(connector, options()),
    )
    .await
    .expect("fails at once, no hang");
    match r {
        Err(Error::Io(e)) => assert!(e.to_string().contains("certificate"), "{e}"),
        other => panic!("expected an I/O error, got {other:?}"),
    }
    // The web PKI does not know our CA either (the default connector).
    let connector = TlsConnector::new(&addr, "localhost").unwrap();
    let r = tokio::time::timeout(
        Duration::from_secs(5),
        Client::connect_with(connector, options()),
    )
    .await
    .expect("fails at once, no hang");
    assert!(matches!(r, Err(Error::Io(_))), "{r:?}");
    assert_eq!(server.handle().connections(), 0);
    server.shutdown().await;
}

fn pki_other() -> String {
    pki(&["localhost"]).ca_pem
}

#[tokio::test]
async fn wrong_server_name_fails() {
    let pki = pki(&["smsc.example.com"]);
    let (server, addr) = tls_server(&pki).await;
    let connector =
        TlsConnector::with_root_pem(&addr, "other.example.com", pki.ca_pem.as_bytes()).unwrap();
    let r = tokio::time::timeout(
        Duration::from_secs(5),
        Client::connect_with(connector, options()),
    )
    .await
    .expect("fails at once, no hang");
    match r {
        Err(Error::Io(e)) => assert!(e.to_string().contains("certificate"), "{e}"),
        other => panic!("expected an I/O error, got {other:?}"),
    }
    // The right name works against the same server.
    let connector =
        TlsConnector::with_root_pem(&addr, "smsc.example.com", pki.ca_pem.as_bytes()).unwrap();
    let client = Client::connect_with(connector, options()).await.unwrap();
    client.submit_sm(&submit()).await.unwrap();
    client.unbind().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn silent_peer_is_dropped_after_the_handshake_timeout() {
    let pki = pki(&["localhost"]);
    let acceptor = TlsAcceptor::from_pem(pki.leaf_pem.as_bytes(), pki.leaf_key_pem.as_bytes())
        .unwrap()
        .handshake_timeout(Duration::from_millis(200));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = serve_tls(listener, acceptor, Smsc, ServerOptions::default());
    // Plain TCP that never says hello.
    let mut raw = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(
        Duration::from_secs(5),
        tokio::io::AsyncReadExt::read(&mut raw, &mut buf),
    )
    .await
    .expect("closed after the handshake timeout");
    assert!(matches!(n, Ok(0) | Err(_)), "{n:?}");
    server.shutdown().await;
}

#[test]
fn pem_helpers_load_files_and_reject_garbage() {
    let pki = pki(&["localhost"]);
    let dir = std::env::temp_dir().join(format!("smpp-tokio-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert, key) = (dir.join("server.crt"), dir.join("server.key"));
    std::fs::write(&cert, format!("{}{}", pki.leaf_pem, pki.ca_pem)).unwrap();
    std::fs::write(&key, &pki.leaf_key_pem).unwrap();
    assert_eq!(smpp_tokio::tls::load_certs(&cert).unwrap().len(), 2);
    smpp_tokio::tls::load_key(&key).unwrap();
    TlsAcceptor::from_pem_files(&cert, &key).unwrap();
    assert!(smpp_tokio::tls::load_certs(&key).is_err());
    assert!(smpp_tokio::tls::load_key(&cert).is_err());
    assert!(TlsAcceptor::from_pem_files(dir.join("missing.crt"), &key).is_err());
    assert!(TlsConnector::with_root_pem("127.0.0.1:1", "localhost", b"not pem").is_err());
    assert!(TlsConnector::new("127.0.0.1:1", "not a name!").is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The command lines' TLS options end to end: smpp-simulator with --tls-cert/--tls-key,
/// smpp-client with --tls and --tls-ca; without the CA the client is refused.
#[cfg(feature = "cli")]
#[test]
fn command_lines_speak_tls() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let pki = pki(&["localhost"]);
    let dir = std::env::temp_dir().join(format!("smpp-tls-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ca, cert, key) = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&ca, &pki.ca_pem).unwrap();
    std::fs::write(&cert, &pki.leaf_pem).unwrap();
    std::fs::write(&key, &pki.leaf_key_pem).unwrap();

    let mut sim = Command::new(env!("CARGO_BIN_EXE_smpp-simulator"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--account",
            "esme:secret",
            "--quiet",
        ])
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(sim.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let client = |extra: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_smpp-client"))
            .args([
                "--connect",
                &addr,
                "--system-id",
                "esme",
                "--password",
                "secret",
            ])
            .args([
                "--count",
                "2",
                "--timeout-s",
                "15",
                "--reconnects",
                "0",
                "--quiet",
            ])
            .args(["--tls", "--tls-server-name", "localhost"])
            .args(extra)
            .output()
            .unwrap()
    };
    let trusted = client(&["--tls-ca".as_ref(), ca.as_os_str()]);
    let untrusted = client(&[]);
    let _ = sim.kill();
    let _ = sim.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        trusted.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&trusted.stdout),
        String::from_utf8_lossy(&trusted.stderr)
    );
    assert!(!untrusted.status.success());
    let said = String::from_utf8_lossy(&untrusted.stderr).to_lowercase()
        + &String::from_utf8_lossy(&untrusted.stdout).to_lowercase();
    assert!(said.contains("certificate"), "{said}");
}

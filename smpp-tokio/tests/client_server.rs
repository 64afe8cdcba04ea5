//! The public Client against the public Server, over `tokio::io::duplex` and 127.0.0.1:
//! concurrency, back-pressure, outcomes, throttling, reconnection, deliveries, handlers.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use smpp_proto::text::Method;
use smpp_proto::{CommandStatus, DeliverSm, EsmClass, Pdu, QuerySm, SubmitSm, Tlv, TlvTag};
use smpp_tokio::server::{BindRequest, Delivered, Handler, Server, ServerOptions, SessionHandle};
use smpp_tokio::{
    BindKind, Client, ClientOptions, Delivery, Error, MessageOptions, Reconnect, Request, Throttle,
};
use tokio::sync::Notify;

const LIMIT: Duration = Duration::from_secs(20);

/// Accepts esme/secret only; answers submit_sm with fresh ids, after `hold` permits when
/// holding; throttles the first `throttle` submits; counts what it saw.
#[derive(Default)]
struct Smsc {
    submits: AtomicUsize,
    throttle: AtomicUsize,

    withhold: bool,
    receipts: bool,
}

impl Handler for Smsc {
    async fn bind(&self, _s: &SessionHandle, b: &BindRequest) -> Result<(), CommandStatus> {
        match (b.system_id.as_str(), b.password.as_str()) {
            ("esme", "secret") => Ok(()),
            ("esme", _) => Err(CommandStatus::ESME_RINVPASWD),
            _ => Err(CommandStatus::ESME_RINVSYSID),
        }
    }

    async fn submit_sm(&self, s: &SessionHandle, req: Request) -> Result<String, CommandStatus> {
        self.submits.fetch_add(1, Ordering::SeqCst);
        if self
            .throttle
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(CommandStatus::ESME_RTHROTTLED);
        }
        if self.withhold {
            std::future::pending::<()>().await;
        }
        let id = s.server().next_message_id();
        if self.receipts {
            let Pdu::SubmitSm(sm) = req.pdu() else {
                return Err(CommandStatus::ESME_RSYSERR);
            };
            let text = format!(
                "id:{id} sub:001 dlvrd:001 submit date:2412061200 done date:2412061201 stat:DELIVRD err:000 text:"
            );
            let to = sm.source_addr.to_string();
            let from = sm.destination_addr.to_string();
            let session = s.clone();
            tokio::spawn(async move {
                let dlr = DeliverSm::new()
                    .source_addr(&from)
                    .unwrap()
                    .destination_addr(&to)
                    .unwrap()
                    .esm_class(EsmClass(0x04))
                    .short_message(text.as_bytes())
                    .unwrap();
                session.deliver_sm(&dlr).await.unwrap();
            });
        }
        Ok(id)
    }
}

fn opts() -> ClientOptions {
    ClientOptions::new("esme", "secret").response_timeout(Duration::from_secs(5))
}

fn sm() -> SubmitSm<'static> {
    SubmitSm::new()
        .source_addr("SENDER")
        .unwrap()
        .destination_addr("61481076483")
        .unwrap()
        .short_message(b"Hello")
        .unwrap()
}

/// A server and a client joined by an in-memory pipe.
async fn pair(smsc: Smsc, options: ClientOptions) -> (Server, Arc<Client>) {
    let server = Server::new(smsc, ServerOptions::default());
    let (a, b) = tokio::io::duplex(64 * 1024);
    server.handle().serve(b, "duplex");
    let client = Client::from_stream(a, options).await.unwrap();
    (server, Arc::new(client))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submits_from_many_tasks_get_distinct_ids() {
    let (server, client) = pair(Smsc::default(), opts().window(8)).await;
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..25 {
                ids.push(
                    c.submit_sm(&sm())
                        .await
                        .unwrap()
                        .message_id()
                        .unwrap()
                        .to_string(),
                );
            }
            ids
        }));
    }
    let mut all = HashSet::new();
    for t in tasks {
        for id in tokio::time::timeout(LIMIT, t).await.unwrap().unwrap() {
            assert!(all.insert(id), "duplicate message_id");
        }
    }
    assert_eq!(all.len(), 1000);
    client.unbind().await.unwrap();
    tokio::time::timeout(LIMIT, client.closed()).await.unwrap();
    assert!(matches!(client.submit_sm(&sm()).await, Err(Error::Closed)));
    server.shutdown().await;
}

/// Counts submits seen by the handler while requests are held, to prove the window.
#[tokio::test]
async fn no_more_than_the_window_reaches_the_server() {
    struct Counting {
        seen: Arc<AtomicUsize>,
        hold: Arc<Notify>,
    }
    impl Handler for Counting {
        async fn submit_sm(&self, s: &SessionHandle, _r: Request) -> Result<String, CommandStatus> {
            self.seen.fetch_add(1, Ordering::SeqCst);
            self.hold.notified().await;
            Ok(s.server().next_message_id())
        }
    }
    let seen = Arc::new(AtomicUsize::new(0));
    let hold = Arc::new(Notify::new());
    let server = Server::new(
        Counting {
            seen: seen.clone(),
            hold: hold.clone(),
        },
        ServerOptions::default(),
    );
    let (a, b) = tokio::io::duplex(64 * 1024);
    server.handle().serve(b, "duplex");
    let client = Arc::new(Client::from_stream(a, opts().window(4)).await.unwrap());
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.submit_sm(&sm()).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        seen.load(Ordering::SeqCst),
        4,
        "only the window's worth is sent"
    );
    for _ in 0..12 {
        hold.notify_one();
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for t in tasks {
        assert!(
            tokio::time::timeout(LIMIT, t)
                .await
                .unwrap()
                .unwrap()
                .is_ok()
        );
    }
    assert_eq!(seen.load(Ordering::SeqCst), 12);
    server.shutdown().await;
}

#[tokio::test]
async fn refusals_timeouts_and_closed_pending_are_distinct_outcomes() {
    // A refusal carries the status.
    struct Refuse;
    impl Handler for Refuse {
        async fn submit_sm(
            &self,
            _s: &SessionHandle,
            _r: Request,
        ) -> Result<String, CommandStatus> {
            Err(CommandStatus::ESME_RINVDSTADR)
        }
    }
    let server = Server::new(Refuse, ServerOptions::default());
    let (a, b) = tokio::io::duplex(4096);
    server.handle().serve(b, "duplex");
    let client = Client::from_stream(a, opts()).await.unwrap();
    match client.submit_sm(&sm()).await {
        Err(e @ Error::Status { .. }) => {
            assert_eq!(e.command_status(), Some(CommandStatus::ESME_RINVDSTADR));
            assert!(!e.outcome_unknown());
        }
        other => panic!("{other:?}"),
    }
    // Unimplemented operations get their own response with a status, not silence.
    let q = QuerySm::new().message_id("1").unwrap();
    let e = client.query_sm(&q).await.unwrap_err();
    assert_eq!(e.command_status(), Some(CommandStatus::ESME_RQUERYFAIL));
    server.shutdown().await;

    // No answer: the response timeout.
    let smsc = Smsc {
        withhold: true,
        ..Smsc::default()
    };
    let (server, client) = pair(smsc, opts().response_timeout(Duration::from_millis(300))).await;
    let e = client.submit_sm(&sm()).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                sequence_number: Some(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.outcome_unknown());

    // Pending when the connection goes: closed-pending.
    let c = client.clone();
    let pending = tokio::spawn(async move { c.submit_sm(&sm()).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    for s in server.handle().sessions(None) {
        s.close();
    }
    let e = tokio::time::timeout(LIMIT, pending)
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert!(matches!(e, Error::ClosedPending { .. }), "{e:?}");
    tokio::time::timeout(LIMIT, client.closed()).await.unwrap();
    assert!(matches!(client.submit_sm(&sm()).await, Err(Error::Closed)));
}

#[tokio::test]
async fn binds_are_authenticated_by_the_handler() {
    let server = Server::new(Smsc::default(), ServerOptions::default());
    for (id, pw, want) in [
        ("esme", "wrong", CommandStatus::ESME_RINVPASWD),
        ("nobody", "secret", CommandStatus::ESME_RINVSYSID),
    ] {
        let (a, b) = tokio::io::duplex(4096);
        server.handle().serve(b, "duplex");
        match Client::from_stream(a, ClientOptions::new(id, pw)).await {
            Err(Error::BindRefused(s)) => assert_eq!(s, want),
            other => panic!("{other:?}"),
        }
    }
    // A field too long is refused before anything is sent, naming the field.
    let (a, b) = tokio::io::duplex(4096);
    server.handle().serve(b, "duplex");
    let e = Client::from_stream(a, ClientOptions::new("esme", "much-too-long"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidField(_)), "{e:?}");
    assert!(e.to_string().contains("password"), "{e}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_receiver_may_not_submit() {
    let (server, client) = pair(Smsc::default(), opts().bind(BindKind::Receiver)).await;
    let e = client.submit_sm(&sm()).await.unwrap_err();
    assert!(matches!(e, Error::NotAllowed(_)), "{e:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn throttled_requests_back_off_and_succeed() {
    let smsc = Smsc {
        throttle: AtomicUsize::new(3),
        ..Smsc::default()
    };
    let throttle = Throttle {
        initial: Duration::from_millis(20),
        max: Duration::from_millis(200),
        retries: 5,
    };
    let (server, client) = pair(smsc, opts().throttle(throttle)).await;
    let started = tokio::time::Instant::now();
    let resp = tokio::time::timeout(LIMIT, client.submit_sm(&sm()))
        .await
        .unwrap()
        .unwrap();
    assert!(resp.message_id().is_some());
    // Three pauses: 20 + 40 + 80 ms at least.
    assert!(
        started.elapsed() >= Duration::from_millis(140),
        "{:?}",
        started.elapsed()
    );
    server.shutdown().await;

    // With no retries left, the caller gets the status.
    let smsc = Smsc {
        throttle: AtomicUsize::new(10),
        ..Smsc::default()
    };
    let (server, client) = pair(
        smsc,
        opts().throttle(Throttle {
            retries: 1,
            ..throttle
        }),
    )
    .await;
    let e = client.submit_sm(&sm()).await.unwrap_err();
    assert_eq!(e.command_status(), Some(CommandStatus::ESME_RTHROTTLED));
    server.shutdown().await;
}

#[tokio::test]
async fn receipts_and_multipart_mo_arrive_through_deliveries() {
    let smsc = Smsc {
        receipts: true,
        ..Smsc::default()
    };
    let (server, client) = pair(smsc, opts()).await;
    let mut deliveries = client.deliveries();
    let resp = client.submit_sm(&sm()).await.unwrap();
    let id = resp.message_id().unwrap().to_string();
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Receipt(r)) => {
            assert!(r.matches(&id), "{} vs {id}", r.message_id);
            assert_eq!(r.state_text.as_deref(), Some("DELIVRD"));
            assert!(r.is_final);
        }
        other => panic!("{other:?}"),
    }
    // A two-part MO with a UDH, second part first, and one with SAR TLVs.
    let session = server.handle().sessions(Some("esme")).pop().unwrap();
    for (seq, text) in [(2u8, &b" world"[..]), (1, &b"Hello"[..])] {
        let mut ud = vec![0x05, 0x00, 0x03, 0x2A, 0x02, seq];
        ud.extend_from_slice(text);
        let mo = DeliverSm::new()
            .source_addr("61481076483")
            .unwrap()
            .destination_addr("SENDER")
            .unwrap()
            .esm_class(EsmClass(0x40))
            .short_message(&ud)
            .unwrap();
        session.deliver_sm(&mo).await.unwrap();
    }
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Message(m)) => {
            assert_eq!(m.text.as_deref(), Some("Hello world"));
            assert_eq!(m.parts, 2);
            assert_eq!(m.source_addr, "61481076483");
        }
        other => panic!("{other:?}"),
    }
    for (seq, text) in [(1u8, &b"SAR "[..]), (2, &b"parts"[..])] {
        let tlvs = [
            Tlv::from_u16(TlvTag::SAR_MSG_REF_NUM, 77),
            Tlv::from_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2),
            Tlv::from_u8(TlvTag::SAR_SEGMENT_SEQNUM, seq),
        ];
        let mo = DeliverSm::new()
            .source_addr("61481076483")
            .unwrap()
            .short_message(text)
            .unwrap()
            .with_tlvs(&tlvs);
        session.deliver_sm(&mo).await.unwrap();
    }
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Message(m)) => assert_eq!(m.text.as_deref(), Some("SAR parts")),
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_delivery_handler_can_refuse_with_a_status() {
    let options = opts().delivery_handler(|d| match d {
        Delivery::Message(m) if m.text.as_deref() == Some("spam") => CommandStatus::ESME_RX_R_APPN,
        _ => CommandStatus::ESME_ROK,
    });
    let (server, client) = pair(Smsc::default(), options).await;
    let mut deliveries = client.deliveries();
    let session = server.handle().sessions(Some("esme")).pop().unwrap();
    let spam = DeliverSm::new().short_message(b"spam").unwrap();
    let e = session.deliver_sm(&spam).await.unwrap_err();
    assert_eq!(e.command_status(), Some(CommandStatus::ESME_RX_R_APPN));
    let ham = DeliverSm::new().short_message(b"ham").unwrap();
    session.deliver_sm(&ham).await.unwrap();
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Message(m)) => assert_eq!(m.text.as_deref(), Some("ham")),
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_full_deliveries_queue_asks_the_smsc_to_retry() {
    let (server, client) = pair(Smsc::default(), opts().deliveries_capacity(1)).await;
    let session = server.handle().sessions(Some("esme")).pop().unwrap();
    let mo = DeliverSm::new().short_message(b"one").unwrap();
    session.deliver_sm(&mo).await.unwrap();
    let e = session.deliver_sm(&mo).await.unwrap_err();
    assert_eq!(e.command_status(), Some(CommandStatus::ESME_RX_T_APPN));
    let mut deliveries = client.deliveries();
    assert!(deliveries.next().await.is_some());
    session.deliver_sm(&mo).await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn messages_are_stored_until_a_receiver_binds() {
    let server = Server::new(Smsc::default(), ServerOptions::default());
    let mo = DeliverSm::new().short_message(b"stored").unwrap();
    let handle = server.handle().clone();
    assert_eq!(
        handle.deliver("esme", &mo).await.unwrap(),
        Delivered::Stored
    );
    assert_eq!(handle.stored("esme"), 1);
    // A transmitter does not take it.
    let (a, b) = tokio::io::duplex(4096);
    handle.serve(b, "tx");
    let tx = Client::from_stream(a, opts().bind(BindKind::Transmitter))
        .await
        .unwrap();
    assert_eq!(handle.stored("esme"), 1);
    let (a, b) = tokio::io::duplex(4096);
    handle.serve(b, "rx");
    let rx = Client::from_stream(a, opts().bind(BindKind::Receiver))
        .await
        .unwrap();
    let mut deliveries = rx.deliveries();
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Message(m)) => assert_eq!(m.text.as_deref(), Some("stored")),
        other => panic!("{other:?}"),
    }
    assert_eq!(handle.stored("esme"), 0);
    // Now bound: delivered at once.
    assert!(matches!(
        handle.deliver("esme", &mo).await.unwrap(),
        Delivered::Sent(_)
    ));
    tx.unbind().await.unwrap();
    rx.unbind().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn send_message_splits_a_long_text() {
    let (server, client) = pair(Smsc::default(), opts()).await;
    let text = "x".repeat(300);
    let parts = client
        .send_message(&text, "SENDER", "61481076483", &MessageOptions::default())
        .await
        .unwrap();
    assert_eq!(parts.len(), 2);
    assert_ne!(parts[0].message_id(), parts[1].message_id());
    let parts = client
        .send_message(
            &"Привет ".repeat(20),
            "SENDER",
            "61481076483",
            &MessageOptions::default().method(Method::Sar),
        )
        .await
        .unwrap();
    assert_eq!(parts.len(), 3); // 140 UCS-2 units: 67 per SAR part
    server.shutdown().await;
}

/// Reconnection across a server restart on the same port: requests made while the server
/// is down wait and then succeed; each is accepted exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_reconnects_across_a_server_restart() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let first = Server::from_listener(listener, Smsc::default(), ServerOptions::default());
    let reconnect = Reconnect {
        initial: Duration::from_millis(50),
        max: Duration::from_millis(200),
        max_attempts: None,
    };
    let client = Arc::new(
        Client::connect(addr.to_string(), opts().reconnect(Some(reconnect)))
            .await
            .unwrap(),
    );
    client.submit_sm(&sm()).await.unwrap();
    first.shutdown().await;
    // The SMSC unbound us: requests now wait for the next connection.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.submit_sm(&sm()).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!client.is_bound());
    let seen = Arc::new(AtomicUsize::new(0));
    struct Count(Arc<AtomicUsize>);
    impl Handler for Count {
        async fn submit_sm(&self, s: &SessionHandle, _r: Request) -> Result<String, CommandStatus> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(s.server().next_message_id())
        }
    }
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let second = Server::from_listener(listener, Count(seen.clone()), ServerOptions::default());
    let mut ok = 0;
    for t in tasks {
        if tokio::time::timeout(LIMIT, t)
            .await
            .unwrap()
            .unwrap()
            .is_ok()
        {
            ok += 1;
        }
    }
    assert_eq!(ok, 20);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        20,
        "nothing lost or duplicated"
    );
    assert!(client.is_bound());
    client.unbind().await.unwrap();
    second.shutdown().await;
}

#[tokio::test]
async fn dropping_every_handle_unbinds() {
    let (server, client) = pair(Smsc::default(), opts()).await;
    client.submit_sm(&sm()).await.unwrap();
    assert_eq!(server.handle().sessions(Some("esme")).len(), 1);
    drop(client);
    let deadline = tokio::time::Instant::now() + LIMIT;
    while server.handle().connections() > 0 {
        assert!(tokio::time::Instant::now() < deadline, "session still open");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.shutdown().await;
}

/// The SMSC dials the ESME and sends outbind; the ESME binds as a receiver over that
/// connection and gets deliveries.
#[tokio::test]
async fn an_esme_binds_after_the_smscs_outbind() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = Server::new(Smsc::default(), ServerOptions::default());
    let handle = server.handle().clone();
    let dial = tokio::spawn(async move {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        handle
            .serve_outbind(stream, addr.to_string(), "SMSC", "pw")
            .unwrap();
    });
    let client = tokio::time::timeout(LIMIT, Client::accept_outbind(&listener, opts()))
        .await
        .unwrap()
        .unwrap();
    dial.await.unwrap();
    let sessions = server.handle().sessions(Some("esme"));
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].bound().map(|b| b.kind),
        Some(BindKind::Receiver)
    );
    let mut deliveries = client.deliveries();
    let mo = DeliverSm::new().short_message(b"after outbind").unwrap();
    server.handle().deliver("esme", &mo).await.unwrap();
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Message(m)) => assert_eq!(m.text.as_deref(), Some("after outbind")),
        other => panic!("{other:?}"),
    }
    // Outbind fields are checked before anything is sent.
    let (_a, b) = tokio::io::duplex(64);
    assert!(
        server
            .handle()
            .serve_outbind(b, "x", "SMSC", "password-too-long")
            .is_err()
    );
    client.unbind().await.unwrap();
    server.shutdown().await;
}

/// A peer that answers the bind and then falls silent: the client's enquire_link goes
/// unanswered and the client closes (dead-link detection) instead of hanging.
#[tokio::test]
async fn a_silent_peer_is_detected_as_a_dead_link() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (a, mut b) = tokio::io::duplex(4096);
    let peer = tokio::spawn(async move {
        let mut buf = [0u8; 256];
        let n = b.read(&mut buf).await.unwrap();
        assert!(n >= 16);
        let seq = &buf[12..16];
        // bind_transceiver_resp, status 0, system_id "X".
        let mut resp = vec![0, 0, 0, 18, 0x80, 0, 0, 9, 0, 0, 0, 0];
        resp.extend_from_slice(seq);
        resp.extend_from_slice(b"X\0");
        b.write_all(&resp).await.unwrap();
        // Read and ignore everything (enquire_link included) until the client gives up.
        while b.read(&mut buf).await.map(|n| n > 0).unwrap_or(false) {}
    });
    let options = opts()
        .enquire_link_interval(Some(Duration::from_millis(100)))
        .response_timeout(Duration::from_millis(200));
    let client = Client::from_stream(a, options).await.unwrap();
    assert!(client.is_bound());
    tokio::time::timeout(LIMIT, client.closed()).await.unwrap();
    assert!(matches!(client.submit_sm(&sm()).await, Err(Error::Closed)));
    tokio::time::timeout(LIMIT, peer).await.unwrap().unwrap();
}

#[tokio::test]
async fn the_server_limits_connections_and_unbound_idle_time() {
    use smpp_tokio::Config;
    let options = ServerOptions::default()
        .max_connections(1)
        .session(Config::default().session_init_timeout(Some(Duration::from_millis(200))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = Server::from_listener(listener, Smsc::default(), options);
    // One connection that never binds: closed after the session-init time.
    let idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    let deadline = tokio::time::Instant::now() + LIMIT;
    while server.handle().connections() == 0 {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // A second connection while the first is open is refused (closed at once).
    let second = Client::connect(addr.to_string(), opts()).await;
    assert!(second.is_err(), "{second:?}");
    let mut idle = idle;
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(LIMIT, tokio::io::AsyncReadExt::read(&mut idle, &mut buf))
        .await
        .unwrap()
        .unwrap_or(0);
    assert_eq!(n, 0, "the unbound connection is closed");
    while server.handle().connections() > 0 {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Room again: a bind succeeds.
    let client = Client::connect(addr.to_string(), opts()).await.unwrap();
    client.unbind().await.unwrap();
    server.shutdown().await;
}

/// A bound receiver that says "try later" (its deliveries queue is full) gets the stored
/// message again while it stays bound, without a new bind.
#[tokio::test]
async fn a_receiver_that_asks_to_try_later_gets_the_message_again() {
    let (server, client) = pair(Smsc::default(), opts().deliveries_capacity(1)).await;
    let handle = server.handle().clone();
    let one = DeliverSm::new().short_message(b"one").unwrap();
    let two = DeliverSm::new().short_message(b"two").unwrap();
    assert!(matches!(
        handle.deliver("esme", &one).await.unwrap(),
        Delivered::Sent(_)
    ));
    // The queue holds "one": "two" is refused with ESME_RX_T_APPN and stored.
    assert_eq!(
        handle.deliver("esme", &two).await.unwrap(),
        Delivered::Stored
    );
    assert_eq!(handle.stored("esme"), 1);
    let mut deliveries = client.deliveries();
    let mut texts = Vec::new();
    for _ in 0..2 {
        match tokio::time::timeout(LIMIT, deliveries.next())
            .await
            .unwrap()
        {
            Some(Delivery::Message(m)) => texts.push(m.text.unwrap_or_default()),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(texts, ["one", "two"]);
    assert_eq!(handle.stored("esme"), 0);
    server.shutdown().await;
}

/// A batch goes through the window like single requests and comes back in order, each
/// entry with its own outcome.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_many_returns_every_outcome_in_order() {
    struct Picky;
    impl Handler for Picky {
        async fn submit_sm(&self, s: &SessionHandle, r: Request) -> Result<String, CommandStatus> {
            let Pdu::SubmitSm(sm) = r.pdu() else {
                return Err(CommandStatus::ESME_RSYSERR);
            };
            if sm.destination_addr.as_bytes() == b"0" {
                return Err(CommandStatus::ESME_RINVDSTADR);
            }
            Ok(s.server().next_message_id())
        }
    }
    let server = Server::new(Picky, ServerOptions::default());
    let (a, b) = tokio::io::duplex(64 * 1024);
    server.handle().serve(b, "duplex");
    let client = Client::from_stream(a, opts().window(16)).await.unwrap();
    let good = sm();
    let bad = SubmitSm::new().destination_addr("0").unwrap();
    let batch: Vec<SubmitSm<'_>> = (0..500)
        .map(|i| if i % 100 == 7 { bad } else { good })
        .collect();
    let results = tokio::time::timeout(LIMIT, client.submit_many(&batch))
        .await
        .unwrap();
    assert_eq!(results.len(), 500);
    let mut ids = HashSet::new();
    for (i, r) in results.iter().enumerate() {
        if i % 100 == 7 {
            let e = r.as_ref().unwrap_err();
            assert_eq!(
                e.command_status(),
                Some(CommandStatus::ESME_RINVDSTADR),
                "{i}"
            );
        } else {
            assert!(ids.insert(r.as_ref().unwrap().message_id().unwrap().to_string()));
        }
    }
    assert_eq!(ids.len(), 495);
    // A PDU the client does not send this way gets its error in its place.
    let mixed = [
        Pdu::SubmitSm(good),
        Pdu::Unbind(smpp_proto::HeaderOnly::EMPTY_BODY),
        Pdu::SubmitSm(good),
    ];
    let results = client.request_many(mixed).await;
    assert!(results[0].is_ok() && results[2].is_ok());
    assert!(matches!(results[1], Err(Error::NotAllowed(_))));
    assert!(client.submit_many(&[]).await.is_empty());
    // Once closed, every entry says so.
    client.unbind().await.unwrap();
    let results = client.submit_many(&[good, good]).await;
    assert!(results.iter().all(|r| matches!(r, Err(Error::Closed))));
    server.shutdown().await;
}

/// A long message whose last part never comes is delivered with what arrived once the
/// reassembly time runs out (its parts were acknowledged, so dropping it would lose them).
#[tokio::test]
async fn an_incomplete_long_message_is_delivered_when_its_time_runs_out() {
    let options = opts().reassembly_timeout(Duration::from_millis(200));
    let (server, client) = pair(Smsc::default(), options).await;
    let mut deliveries = client.deliveries();
    let session = server.handle().sessions(Some("esme")).pop().unwrap();
    let mut ud = vec![0x05, 0x00, 0x03, 0x2B, 0x03, 0x01];
    ud.extend_from_slice(b"Hello");
    let first = DeliverSm::new()
        .source_addr("61481076483")
        .unwrap()
        .esm_class(EsmClass(0x40))
        .short_message(&ud)
        .unwrap();
    session.deliver_sm(&first).await.unwrap();
    match tokio::time::timeout(LIMIT, deliveries.next())
        .await
        .unwrap()
    {
        Some(Delivery::Message(m)) => {
            assert_eq!(m.text.as_deref(), Some("Hello"));
            assert_eq!(m.parts, 1);
            assert_eq!(m.missing_parts, [2, 3]);
        }
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}

/// A handler that panics takes down its own connection only: the client hears the
/// connection close, the server's books stay true and it keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_costs_only_its_connection() {
    struct Fragile;
    impl Handler for Fragile {
        async fn submit_sm(&self, s: &SessionHandle, r: Request) -> Result<String, CommandStatus> {
            let Pdu::SubmitSm(sm) = r.pdu() else {
                return Err(CommandStatus::ESME_RSYSERR);
            };
            assert!(sm.destination_addr.as_bytes() != b"boom", "handler bug");
            Ok(s.server().next_message_id())
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = Server::from_listener(listener, Fragile, ServerOptions::default());
    let victim = Client::connect(addr.clone(), opts()).await.unwrap();
    let other = Client::connect(addr.clone(), opts()).await.unwrap();
    let boom = SubmitSm::new().destination_addr("boom").unwrap();
    let e = tokio::time::timeout(LIMIT, victim.submit_sm(&boom))
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(e, Error::ClosedPending { .. }), "{e:?}");
    other.submit_sm(&sm()).await.unwrap();
    let deadline = tokio::time::Instant::now() + LIMIT;
    while server.handle().connections() != 1 || server.handle().sessions(None).len() != 1 {
        assert!(tokio::time::Instant::now() < deadline, "books not updated");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    other.unbind().await.unwrap();
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_giving_up_while_queued_or_in_flight_leave_the_client_whole() {
    /// Answers after a short pause, so callers queue up behind a small window.
    struct Slow(Arc<AtomicUsize>);
    impl Handler for Slow {
        async fn submit_sm(&self, s: &SessionHandle, _r: Request) -> Result<String, CommandStatus> {
            self.0.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_micros(200)).await;
            Ok(s.server().next_message_id())
        }
    }
    let seen = Arc::new(AtomicUsize::new(0));
    let server = Server::new(Slow(seen.clone()), ServerOptions::default());
    let (a, b) = tokio::io::duplex(64 * 1024);
    server.handle().serve(b, "duplex");
    let client = Arc::new(Client::from_stream(a, opts().window(4)).await.unwrap());
    let mut tasks = Vec::new();
    for t in 0..32u64 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut gave_up) = (Vec::new(), 0);
            for i in 0..40u64 {
                // Some give up at once, some while queued, some in flight; others wait.
                let limit = Duration::from_micros((t * 7 + i * 13) % 5 * 400);
                let pdu = Pdu::SubmitSm(sm());
                let outcome = if limit.is_zero() {
                    c.request(&pdu).await
                } else {
                    c.request_with_timeout(&pdu, limit).await
                };
                match outcome {
                    Ok(r) => ok.push(r.message_id().unwrap().to_string()),
                    Err(Error::Timeout { .. }) => gave_up += 1,
                    Err(e) => panic!("unexpected outcome {e}"),
                }
            }
            (ok, gave_up)
        }));
    }
    let (mut ids, mut gave_up) = (HashSet::new(), 0);
    for t in tasks {
        let (ok, g) = tokio::time::timeout(LIMIT, t).await.unwrap().unwrap();
        gave_up += g;
        for id in ok {
            assert!(ids.insert(id), "duplicate message_id");
        }
    }
    // Every answer reached its caller; requests given up were sent at most once each.
    let seen = seen.load(Ordering::SeqCst);
    assert!(
        ids.len() <= seen && seen <= ids.len() + gave_up,
        "{seen} seen"
    );
    assert!(
        gave_up > 0 && !ids.is_empty(),
        "both kinds of outcome were exercised"
    );
    // Nothing leaked: the whole window and queue are still usable.
    let more: Vec<_> = (0..16).map(|_| sm()).collect();
    let outcomes = tokio::time::timeout(LIMIT, client.submit_many(&more))
        .await
        .unwrap();
    assert!(outcomes.iter().all(Result::is_ok));
    client.unbind().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn a_request_future_outlives_its_pdu_and_refusals_are_its_outcome() {
    let (server, client) = pair(Smsc::default(), opts()).await;
    let pending = {
        let text = String::from("built from a temporary");
        let sm = sm().short_message(text.as_bytes()).unwrap();
        client.submit_sm(&sm) // encoded here: the future holds neither `sm` nor `text`
    };
    assert!(pending.await.unwrap().message_id().is_some());
    let bind = smpp_proto::Bind::new().system_id("x").unwrap();
    assert!(matches!(
        client.request(&Pdu::BindTransmitter(bind)).await,
        Err(Error::NotAllowed(_))
    ));
    client.unbind().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn requests_given_up_while_the_rate_limit_holds_them_are_not_sent() {
    /// Counts the submit_sm that reach it.
    struct Count(Arc<AtomicUsize>);
    impl Handler for Count {
        async fn submit_sm(&self, s: &SessionHandle, _r: Request) -> Result<String, CommandStatus> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(s.server().next_message_id())
        }
    }
    let submits = Arc::new(AtomicUsize::new(0));
    let server = Server::new(Count(submits.clone()), ServerOptions::default());
    let (a, b) = tokio::io::duplex(64 * 1024);
    server.handle().serve(b, "duplex");
    let limit = smpp_tokio::RateLimit {
        per_second: 5,
        burst: 1,
    };
    let client = Client::from_stream(a, opts().window(8).send_rate(Some(limit)))
        .await
        .unwrap();
    // Eight callers, each giving up after 50 ms: the limit lets one out at once, the next
    // after 200 ms; the rest wait in the driver's hands until their callers are gone.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            c.request_with_timeout(&Pdu::SubmitSm(sm()), Duration::from_millis(50))
                .await
        }));
    }
    let mut answered = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => answered += 1,
            Err(Error::Timeout { .. }) => {}
            Err(e) => panic!("unexpected outcome {e}"),
        }
    }
    assert!(answered <= 1);
    // Long enough for the limit to have let all eight out, were they still wanted.
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let seen = submits.load(Ordering::SeqCst);
    assert!(
        seen <= 2,
        "{seen} submit_sm reached the server after their callers gave up"
    );
    client.close();
    server.shutdown().await;
}

#[tokio::test]
async fn a_driver_that_dies_leaves_no_caller_waiting() {
    let smsc = Smsc {
        receipts: true,
        ..Smsc::default()
    };
    let options = opts().delivery_handler(|_| panic!("the application's handler fails"));
    let (server, client) = pair(smsc, options).await;
    // The receipt behind this submit reaches the handler, which takes the driver down.
    client.submit_sm(&sm()).await.unwrap();
    tokio::time::timeout(LIMIT, client.closed()).await.unwrap();
    let outcome = tokio::time::timeout(LIMIT, client.submit_sm(&sm()))
        .await
        .expect("a request after the driver died ends at once");
    assert!(matches!(outcome, Err(Error::Closed)), "{outcome:?}");
    server.shutdown().await;
}

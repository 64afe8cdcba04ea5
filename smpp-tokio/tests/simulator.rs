//! The simulator through the public Client: query_sm, data_sm, fault injection, timed MO,
//! refused binds.

use std::time::Duration;

use smpp_proto::{CommandStatus, DataSm, MessageState, Pdu, QuerySm, SubmitSm};
use smpp_tokio::simulator::{SimConfig, Simulator};
use smpp_tokio::{BindKind, Client, ClientOptions, Delivery, Error, Throttle};

async fn sim(config: SimConfig) -> Simulator {
    Simulator::start(
        "127.0.0.1:0",
        SimConfig {
            verbose: false,
            ..config
        },
    )
    .await
    .unwrap()
}

async fn client(sim: &Simulator, options: ClientOptions) -> Client {
    Client::connect(sim.local_addr.to_string(), options)
        .await
        .unwrap()
}

fn sm() -> SubmitSm<'static> {
    SubmitSm::new()
        .source_addr("SENDER")
        .unwrap()
        .destination_addr("61481076483")
        .unwrap()
        .short_message(b"hi")
        .unwrap()
}

#[tokio::test]
async fn query_sm_reports_enroute_then_the_final_state() {
    let sim = sim(SimConfig {
        dlr_delay: Duration::from_millis(200),
        dlr_state: "UNDELIV".into(),
        ..SimConfig::default()
    })
    .await;
    let c = client(&sim, ClientOptions::new("esme", "secret")).await;
    let id = c.submit_sm(&sm()).await.unwrap();
    let id = id.message_id().unwrap().to_string();
    let query = |id: String| {
        let c = c.clone();
        async move {
            let q = QuerySm::new()
                .message_id(&id)
                .unwrap()
                .source_addr("SENDER")
                .unwrap();
            c.query_sm(&q).await
        }
    };
    let state = |r: &smpp_tokio::Response| match r.pdu() {
        Pdu::QuerySmResp(q) => (q.message_state, q.final_date.as_bytes().len()),
        other => panic!("{other:?}"),
    };
    let r = query(id.clone()).await.unwrap();
    assert_eq!(r.message_id(), Some(id.as_str()));
    assert_eq!(state(&r), (MessageState(1), 0), "ENROUTE, no final_date");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = query(id.clone()).await.unwrap();
    assert_eq!(
        state(&r),
        (MessageState(5), 16),
        "UNDELIVERABLE with a final_date"
    );
    let e = query("FFFFFF".into()).await.unwrap_err();
    assert_eq!(e.command_status(), Some(CommandStatus::ESME_RQUERYFAIL));
    c.unbind().await.unwrap();
    sim.shutdown().await;
}

#[tokio::test]
async fn data_sm_gets_a_message_id_and_a_receipt() {
    let sim = sim(SimConfig {
        dlr_delay: Duration::from_millis(10),
        ..SimConfig::default()
    })
    .await;
    let c = client(&sim, ClientOptions::new("esme", "secret")).await;
    let mut deliveries = c.deliveries();
    let tlv = [smpp_proto::Tlv::new(smpp_proto::TlvTag::MESSAGE_PAYLOAD, b"hello").unwrap()];
    let d = DataSm::new()
        .source_addr("SENDER")
        .unwrap()
        .destination_addr("61481076483")
        .unwrap()
        .registered_delivery(smpp_proto::RegisteredDelivery::RECEIPT)
        .with_tlvs(&tlv);
    let id = c
        .data_sm(&d)
        .await
        .unwrap()
        .message_id()
        .unwrap()
        .to_string();
    assert!(!id.is_empty());
    let got = tokio::time::timeout(Duration::from_secs(5), deliveries.next())
        .await
        .unwrap();
    match got {
        Some(Delivery::Receipt(r)) => assert!(r.matches(&id), "{r:?}"),
        other => panic!("{other:?}"),
    }
    c.unbind().await.unwrap();
    sim.shutdown().await;
}

#[tokio::test]
async fn error_throttle_and_withhold_injection() {
    // Every 3rd submit_sm: ESME_RSYSERR.
    let s = sim(SimConfig {
        error_every: Some(3),
        ..SimConfig::default()
    })
    .await;
    let c = client(&s, ClientOptions::new("esme", "secret")).await;
    let mut statuses = vec![];
    for _ in 0..6 {
        statuses.push(
            c.submit_sm(&sm())
                .await
                .err()
                .and_then(|e| e.command_status()),
        );
    }
    let sys_err = Some(CommandStatus::ESME_RSYSERR);
    assert_eq!(statuses, [None, None, sys_err, None, None, sys_err]);
    c.unbind().await.unwrap();
    s.shutdown().await;

    // Above 2 per second: ESME_RTHROTTLED (the client told not to retry).
    let s = sim(SimConfig {
        throttle_per_second: Some(2),
        ..SimConfig::default()
    })
    .await;
    let no_retry = Throttle {
        retries: 0,
        ..Throttle::default()
    };
    let c = client(&s, ClientOptions::new("esme", "secret").throttle(no_retry)).await;
    let mut throttled = 0;
    for _ in 0..4 {
        if let Err(e) = c.submit_sm(&sm()).await {
            assert_eq!(e.command_status(), Some(CommandStatus::ESME_RTHROTTLED));
            throttled += 1;
        }
    }
    assert!(throttled >= 1, "none of 4 submits in a burst was throttled");
    c.unbind().await.unwrap();
    s.shutdown().await;

    // Every 2nd submit_sm never answered: the client's response timer decides.
    let s = sim(SimConfig {
        withhold_every: Some(2),
        ..SimConfig::default()
    })
    .await;
    let c = client(
        &s,
        ClientOptions::new("esme", "secret").response_timeout(Duration::from_millis(300)),
    )
    .await;
    assert!(c.submit_sm(&sm()).await.is_ok());
    match c.submit_sm(&sm()).await {
        Err(Error::Timeout { .. }) => {}
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(c.submit_sm(&sm()).await.is_ok());
    c.close();
    s.shutdown().await;
}

#[tokio::test]
async fn timed_mo_reaches_receivers_only_and_binds_are_checked() {
    let s = sim(SimConfig {
        mo_every: Some(Duration::from_millis(50)),
        mo_text: "tick".into(),
        ..SimConfig::default()
    })
    .await;
    let rx = client(
        &s,
        ClientOptions::new("esme", "secret").bind(BindKind::Receiver),
    )
    .await;
    let mut deliveries = rx.deliveries();
    for _ in 0..2 {
        match tokio::time::timeout(Duration::from_secs(5), deliveries.next()).await {
            Ok(Some(Delivery::Message(m))) => {
                assert_eq!(m.text.as_deref(), Some("tick"));
                assert_eq!(m.source_addr, "61400000000");
            }
            other => panic!("{other:?}"),
        }
    }
    rx.unbind().await.unwrap();
    // A transmitter gets none, so nothing is stored for the system_id either.
    let tx = client(
        &s,
        ClientOptions::new("esme", "secret").bind(BindKind::Transmitter),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(s.stored_count("esme"), 0);
    tx.unbind().await.unwrap();
    for (id, pw, status) in [
        ("esme", "nope", CommandStatus::ESME_RINVPASWD),
        ("who", "secret", CommandStatus::ESME_RINVSYSID),
    ] {
        match Client::connect(s.local_addr.to_string(), ClientOptions::new(id, pw)).await {
            Err(Error::BindRefused(st)) => assert_eq!(st, status),
            other => panic!("{id}/{pw}: {other:?}"),
        }
    }
    s.shutdown().await;
}

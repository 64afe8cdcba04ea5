//! Regression tests for the tokio drivers: connection resets and pipelined unbinds.

use std::time::Duration;

use smpp_proto::*;
use smpp_tokio::simulator::{SimConfig, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
#[cfg(feature = "cli")]
use tokio::net::TcpListener;
use tokio::net::TcpStream;

fn bind_trx(seq: u32) -> Vec<u8> {
    let b = Bind::new()
        .system_id("esme")
        .unwrap()
        .password("secret")
        .unwrap()
        .interface_version(InterfaceVersion::V34);
    Frame::request(seq, Pdu::BindTransceiver(b))
        .to_vec()
        .unwrap()
}

/// Reads whole PDUs until one with `id` arrives (or EOF); returns every (id, status, seq) seen.
async fn read_until(
    s: &mut TcpStream,
    acc: &mut Vec<u8>,
    id: Option<CommandId>,
) -> Vec<(CommandId, CommandStatus, u32)> {
    let mut seen = vec![];
    loop {
        let mut consumed = 0;
        {
            let mut it = Frames::new(acc, DEFAULT_MAX_COMMAND_LENGTH);
            for f in it.by_ref() {
                let f = f.unwrap();
                seen.push((f.command_id(), f.command_status, f.sequence_number));
            }
            consumed += it.consumed();
        }
        acc.drain(..consumed);
        if let Some(id) = id {
            if seen.iter().any(|(i, _, _)| *i == id) {
                return seen;
            }
        }
        let mut buf = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(3), s.read(&mut buf))
            .await
            .expect("read timed out")
            .unwrap_or(0);
        if n == 0 {
            return seen;
        }
        acc.extend_from_slice(&buf[..n]);
    }
}

async fn bound_receiver(sim: &Simulator) -> (TcpStream, Vec<u8>) {
    let mut s = TcpStream::connect(sim.local_addr).await.unwrap();
    s.write_all(&bind_trx(1)).await.unwrap();
    let mut acc = vec![];
    let seen = read_until(&mut s, &mut acc, Some(CommandId::BindTransceiverResp)).await;
    assert_eq!(seen[0].1, CommandStatus::ESME_ROK);
    (s, acc)
}

/// Store-and-forward: an unacknowledged deliver_sm must be stored again when the receiver's
/// connection goes away, whatever way it goes away.
#[tokio::test]
async fn simulator_keeps_unacked_deliver_sm_when_the_receiver_resets() {
    let sim = Simulator::start(
        "127.0.0.1:0",
        SimConfig {
            verbose: false,
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let (mut s, mut acc) = bound_receiver(&sim).await;
    sim.inject_mo("esme", "61400000001", "SENDER", "keep me");
    let seen = read_until(&mut s, &mut acc, Some(CommandId::DeliverSm)).await;
    assert!(seen.iter().any(|(i, _, _)| *i == CommandId::DeliverSm));
    // The ESME process dies without acknowledging (TCP RST).
    #[allow(deprecated)] // an abortive close (RST) is the point of the test
    s.set_linger(Some(Duration::ZERO)).unwrap();
    drop(s);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sim.stored_count("esme"),
        1,
        "the deliver_sm that was never acknowledged is gone"
    );
}

/// submit_sm and unbind in one segment: the simulator must answer both and keep the
/// unacknowledged deliver_sm.
#[tokio::test]
async fn simulator_answers_a_submit_pipelined_with_unbind() {
    let sim = Simulator::start(
        "127.0.0.1:0",
        SimConfig {
            verbose: false,
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let (mut s, mut acc) = bound_receiver(&sim).await;
    sim.inject_mo("esme", "61400000001", "SENDER", "keep me");
    read_until(&mut s, &mut acc, Some(CommandId::DeliverSm)).await;
    let sm = SubmitSm::new()
        .source_addr("SENDER")
        .unwrap()
        .destination_addr("61400000002")
        .unwrap()
        .short_message(b"hi")
        .unwrap();
    let mut out = Frame::request(2, Pdu::SubmitSm(sm)).to_vec().unwrap();
    out.extend(
        Frame::request(3, Pdu::Unbind(HeaderOnly::EMPTY_BODY))
            .to_vec()
            .unwrap(),
    );
    s.write_all(&out).await.unwrap();
    let seen = read_until(&mut s, &mut acc, None).await; // until EOF
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stored = sim.stored_count("esme");
    assert!(
        seen.iter()
            .any(|(i, _, q)| *i == CommandId::SubmitSmResp && *q == 2)
            && seen
                .iter()
                .any(|(i, _, q)| *i == CommandId::UnbindResp && *q == 3)
            && stored == 1,
        "after submit_sm+unbind the ESME got {seen:?}; stored deliver_sm: {stored}"
    );
}

/// A fake SMSC: the first connection accepts the bind, reads `reset_after` submit_sm and
/// then resets the connection (RST); later connections answer everything.
#[cfg(feature = "cli")]
async fn fake_smsc(listener: TcpListener, reset_after: usize) {
    let mut first = true;
    loop {
        let Ok((mut s, _)) = listener.accept().await else {
            return;
        };
        let reset = first;
        first = false;
        tokio::spawn(async move {
            let mut acc = vec![];
            let mut submits = 0;
            let mut mid = 0;
            loop {
                let mut buf = [0u8; 4096];
                let n = s.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    return;
                }
                acc.extend_from_slice(&buf[..n]);
                let mut out = vec![];
                let mut consumed = 0;
                {
                    let mut it = Frames::new(&acc, DEFAULT_MAX_COMMAND_LENGTH);
                    for f in it.by_ref() {
                        let f = f.unwrap();
                        let seq = f.sequence_number;
                        let resp = match f.pdu {
                            Pdu::BindTransmitter(_) => {
                                Pdu::BindTransmitterResp(BindResp::new().system_id("FAKE").unwrap())
                            }
                            Pdu::BindTransceiver(_) => {
                                Pdu::BindTransceiverResp(BindResp::new().system_id("FAKE").unwrap())
                            }
                            Pdu::EnquireLink(_) => Pdu::EnquireLinkResp(HeaderOnly::EMPTY_BODY),
                            Pdu::Unbind(_) => Pdu::UnbindResp(HeaderOnly::EMPTY_BODY),
                            Pdu::SubmitSm(_) => {
                                submits += 1;
                                if reset && submits >= reset_after {
                                    #[allow(deprecated)]
                                    // an abortive close (RST) is the point of the test
                                    s.set_linger(Some(Duration::ZERO)).unwrap();
                                    return; // drop => RST
                                }
                                if reset {
                                    continue; // leave it in flight
                                }
                                mid += 1;
                                let m = format!("m{mid}");
                                let body = SubmitSmResp::new().message_id(&m).unwrap();
                                out.extend(
                                    Frame::response(
                                        seq,
                                        CommandStatus::ESME_ROK,
                                        Pdu::SubmitSmResp(body),
                                    )
                                    .to_vec()
                                    .unwrap(),
                                );
                                continue;
                            }
                            _ => continue,
                        };
                        out.extend(
                            Frame::response(seq, CommandStatus::ESME_ROK, resp)
                                .to_vec()
                                .unwrap(),
                        );
                    }
                    consumed += it.consumed();
                }
                acc.drain(..consumed);
                if s.write_all(&out).await.is_err() {
                    return;
                }
            }
        });
    }
}

/// A connection reset with submits in flight: the command-line client must send them again
/// on the next connection.
#[cfg(feature = "cli")]
#[tokio::test]
async fn client_resubmits_what_was_in_flight_when_the_connection_was_reset() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(fake_smsc(listener, 3));
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_smpp-client"))
            .args([
                "--connect",
                &addr.to_string(),
                "--bind",
                "tx",
                "--count",
                "3",
            ])
            .args([
                "--window",
                "10",
                "--timeout-s",
                "6",
                "--reconnects",
                "3",
                "--quiet",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.contains("done: 3 accepted"),
        "client after a reset with 3 submits in flight ({}):\n{text}",
        out.status
    );
}

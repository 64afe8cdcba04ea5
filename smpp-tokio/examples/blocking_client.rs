//! The session loop without async: std::net, a read timeout as the timer.
//!
//! `cargo run -p smpp-tokio --example blocking_client -- HOST:PORT SYSTEM_ID PASSWORD`
//! binds as a transceiver, submits one message, waits for its response and receipt, unbinds.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant as StdInstant};

use smpp_proto::{Bind, CommandStatus, DeliverSmResp, Pdu, RegisteredDelivery, SubmitSm};
use smpp_session::{BindKind, Config, Event, Instant, Role, Session, Storage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, system_id, password] = args.as_slice() else {
        return Err("usage: blocking_client HOST:PORT SYSTEM_ID PASSWORD".into());
    };
    let mut stream = TcpStream::connect(addr)?;
    let epoch = StdInstant::now();
    let now = || Instant::from_millis(epoch.elapsed().as_millis() as u64);
    let config = Config::default();
    let mut session = Session::new(Role::Esme, config, Storage::owned(&config), now());
    session.bind(
        now(),
        BindKind::Transceiver,
        &Bind::new().system_id(system_id)?.password(password)?,
    )?;
    let sm = SubmitSm::new()
        .source_addr("SENDER")?
        .destination_addr("61481076483")?
        .registered_delivery(RegisteredDelivery::RECEIPT)
        .short_message(b"Hello from a blocking loop")?;
    let (mut submitted, mut receipt, mut buf) = (false, false, [0u8; 4096]);
    loop {
        // 1. Events (this also queues the automatic answers).
        let mut acks = vec![];
        while let Some(ev) = session.poll_event() {
            match ev {
                Event::Bound { .. } => println!("bound"),
                Event::BindRefused { command_status, .. } => {
                    return Err(format!("bind refused: {command_status}").into());
                }
                Event::Response {
                    command_status,
                    pdu: Pdu::SubmitSmResp(r),
                    ..
                } => {
                    println!(
                        "submit_sm_resp {command_status} message_id={}",
                        r.message_id
                    )
                }
                Event::Request {
                    sequence_number,
                    pdu: Pdu::DeliverSm(d),
                } => {
                    println!("deliver_sm: {}", String::from_utf8_lossy(d.message()));
                    receipt |= d.esm_class.is_delivery_receipt();
                    acks.push(sequence_number);
                }
                Event::Closed { reason, .. } => {
                    println!("closed: {reason:?}");
                    return Ok(());
                }
                _ => {}
            }
        }
        for seq in acks {
            session.respond(
                now(),
                seq,
                CommandStatus::ESME_ROK,
                &Pdu::DeliverSmResp(DeliverSmResp::default()),
            )?;
        }
        if session.state() == smpp_session::SessionState::Bound(BindKind::Transceiver) {
            if !submitted {
                session.send(now(), &Pdu::SubmitSm(sm))?;
                submitted = true;
            } else if receipt && session.in_flight() == 0 {
                session.unbind(now())?;
            }
        }
        // 2. Bytes out.
        while let Some(bytes) = session.poll_transmit() {
            let n = stream.write(bytes)?;
            session.advance_transmit(n);
        }
        // 3. Wait for bytes or the next deadline.
        let wait = session.poll_timeout().map_or(Duration::from_secs(60), |t| {
            Duration::from_millis(t.as_millis().saturating_sub(now().as_millis()).max(1))
        });
        stream.set_read_timeout(Some(wait))?;
        match stream.read(&mut buf) {
            Ok(0) => session.handle_eof(now()),
            Ok(n) => {
                session.handle_bytes(now(), &buf[..n]);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                session.handle_timeout(now())
            }
            Err(e) => return Err(e.into()),
        }
    }
}

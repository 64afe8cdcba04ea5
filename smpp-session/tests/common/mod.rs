//! A deterministic two-endpoint harness on a virtual clock: an ESME session and an SMSC
//! session wired together, with configurable chunking, pauses and cuts.

#![allow(dead_code)]

use core::time::Duration;
use smpp_proto::*;
use smpp_session::*;

/// An event copied out of the session, so assertions outlive the borrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ev {
    BindRequest {
        seq: u32,
        kind: BindKind,
        system_id: Vec<u8>,
        password: Vec<u8>,
    },
    Bound {
        seq: u32,
        kind: BindKind,
        peer: Vec<u8>,
    },
    BindRefused {
        seq: u32,
        status: CommandStatus,
    },
    Outbind,
    Request {
        seq: u32,
        id: CommandId,
        message: Vec<u8>,
    },
    Response {
        seq: u32,
        request: CommandId,
        status: CommandStatus,
        message_id: Vec<u8>,
    },
    Timeout {
        seq: u32,
        request: CommandId,
    },
    CanSend,
    Violation {
        status: Option<CommandStatus>,
    },
    Unbound,
    Closed {
        reason: CloseReason,
        pending: Vec<u32>,
    },
}

impl Ev {
    pub fn from(e: &Event<'_>) -> Self {
        match *e {
            Event::BindRequest {
                sequence_number,
                kind,
                bind,
            } => Ev::BindRequest {
                seq: sequence_number,
                kind,
                system_id: bind.system_id.as_bytes().to_vec(),
                password: bind.password.as_bytes().to_vec(),
            },
            Event::Bound {
                sequence_number,
                kind,
                peer_system_id,
                ..
            } => Ev::Bound {
                seq: sequence_number,
                kind,
                peer: peer_system_id.to_vec(),
            },
            Event::BindRefused {
                sequence_number,
                command_status,
            } => Ev::BindRefused {
                seq: sequence_number,
                status: command_status,
            },
            Event::Outbind { .. } => Ev::Outbind,
            Event::Request {
                sequence_number,
                pdu,
            } => Ev::Request {
                seq: sequence_number,
                id: pdu.command_id(),
                message: match pdu {
                    Pdu::SubmitSm(s) => s.message().to_vec(),
                    Pdu::DeliverSm(s) => s.message().to_vec(),
                    _ => vec![],
                },
            },
            Event::Response {
                sequence_number,
                request,
                command_status,
                pdu,
            } => Ev::Response {
                seq: sequence_number,
                request,
                status: command_status,
                message_id: match pdu {
                    Pdu::SubmitSmResp(r) => r.message_id.as_bytes().to_vec(),
                    _ => vec![],
                },
            },
            Event::ResponseTimeout {
                sequence_number,
                request,
            } => Ev::Timeout {
                seq: sequence_number,
                request,
            },
            Event::CanSend => Ev::CanSend,
            Event::PeerViolation { answered_with, .. } => Ev::Violation {
                status: answered_with,
            },
            Event::Unbound => Ev::Unbound,
            Event::Closed { reason, pending } => Ev::Closed {
                reason,
                pending: pending.iter().map(Slot::sequence_number).collect(),
            },
            _ => Ev::Violation { status: None },
        }
    }
}

/// How bytes cross the link.
#[derive(Debug, Clone, Copy)]
pub enum Chunking {
    Whole,
    ByteByByte,
    Seeded(u64),
}

/// What the SMSC application does on its own.
#[derive(Debug, Clone, Copy)]
pub struct SmscApp {
    pub accept_password: &'static [u8],
    pub answer_submits: bool,
    pub submit_status: CommandStatus,
}

pub struct Pair {
    pub esme: Session<'static>,
    pub smsc: Session<'static>,
    pub now: Instant,
    pub chunking: Chunking,
    pub esme_events: Vec<Ev>,
    pub smsc_events: Vec<Ev>,
    /// Bytes from the ESME are not delivered while set (a stalled link).
    pub pause_to_smsc: bool,
    /// Bytes from the SMSC are not delivered while set.
    pub pause_to_esme: bool,
    pub smsc_app: SmscApp,
    /// The ESME answers deliver_sm on its own.
    pub esme_answers: bool,
    to_smsc: Vec<u8>,
    to_esme: Vec<u8>,
    next_message_id: u32,
    rng: u64,
}

impl Pair {
    pub fn new(esme: Config, smsc: Config) -> Self {
        Self {
            esme: Session::new(Role::Esme, esme, Storage::owned(&esme), Instant::ZERO),
            smsc: Session::new(Role::Smsc, smsc, Storage::owned(&smsc), Instant::ZERO),
            now: Instant::ZERO,
            chunking: Chunking::Whole,
            esme_events: vec![],
            smsc_events: vec![],
            pause_to_smsc: false,
            pause_to_esme: false,
            smsc_app: SmscApp {
                accept_password: b"secret",
                answer_submits: true,
                submit_status: CommandStatus::ESME_ROK,
            },
            esme_answers: true,
            to_smsc: vec![],
            to_esme: vec![],
            next_message_id: 1,
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }

    pub fn default_pair() -> Self {
        Self::new(Config::default(), Config::default())
    }

    fn chunk_len(&mut self, left: usize) -> usize {
        match self.chunking {
            Chunking::Whole => left,
            Chunking::ByteByByte => 1,
            Chunking::Seeded(_) => {
                self.rng ^= self.rng << 13;
                self.rng ^= self.rng >> 7;
                self.rng ^= self.rng << 17;
                1 + (self.rng as usize) % left.clamp(1, 64)
            }
        }
    }

    fn drain_esme(&mut self) -> bool {
        let now = self.now;
        let mut progressed = false;
        let mut answers = vec![];
        while let Some(ev) = self.esme.poll_event() {
            progressed = true;
            let owned = Ev::from(&ev);
            if let (
                true,
                Event::Request {
                    sequence_number,
                    pdu,
                },
            ) = (self.esme_answers, ev)
            {
                answers.push((sequence_number, pdu.command_id()));
            }
            self.esme_events.push(owned);
        }
        for (seq, id) in answers {
            if id == CommandId::DeliverSm {
                let _ = self.esme.respond(
                    now,
                    seq,
                    CommandStatus::ESME_ROK,
                    &Pdu::DeliverSmResp(DeliverSmResp::default()),
                );
            } else if let Some(resp) = id.response() {
                let _ =
                    self.esme
                        .respond(now, seq, CommandStatus::ESME_RINVCMDID, &header_only(resp));
            }
        }
        while let Some(b) = self.esme.poll_transmit() {
            let b = b.to_vec();
            self.esme.advance_transmit(b.len());
            self.to_smsc.extend(b);
            progressed = true;
        }
        progressed
    }

    fn drain_smsc(&mut self) -> bool {
        let now = self.now;
        let mut progressed = false;
        let mut binds = vec![];
        let mut submits = vec![];
        while let Some(ev) = self.smsc.poll_event() {
            progressed = true;
            let owned = Ev::from(&ev);
            match ev {
                Event::BindRequest {
                    sequence_number,
                    bind,
                    ..
                } => {
                    binds.push((
                        sequence_number,
                        bind.password.as_bytes() == self.smsc_app.accept_password,
                    ));
                }
                Event::Request {
                    sequence_number,
                    pdu,
                } if self.smsc_app.answer_submits => {
                    submits.push((sequence_number, pdu.command_id()));
                }
                _ => {}
            }
            self.smsc_events.push(owned);
        }
        for (seq, ok) in binds {
            if ok {
                self.smsc.accept_bind(now, seq, "SMSC").unwrap();
            } else {
                self.smsc
                    .reject_bind(now, seq, CommandStatus::ESME_RINVPASWD)
                    .unwrap();
            }
        }
        for (seq, id) in submits {
            if id == CommandId::SubmitSm {
                let mid = format!("{:x}", self.next_message_id);
                self.next_message_id += 1;
                let body = SubmitSmResp::new().message_id(&mid).unwrap();
                let status = self.smsc_app.submit_status;
                let _ = self
                    .smsc
                    .respond(now, seq, status, &Pdu::SubmitSmResp(body));
            } else if let Some(resp) = id.response() {
                let _ = self
                    .smsc
                    .respond(now, seq, CommandStatus::ESME_ROK, &header_only(resp));
            }
        }
        // Events produced by the answers (Bound) are picked up in the next round.
        while let Some(b) = self.smsc.poll_transmit() {
            let b = b.to_vec();
            self.smsc.advance_transmit(b.len());
            self.to_esme.extend(b);
            progressed = true;
        }
        progressed
    }

    fn deliver(&mut self) -> bool {
        let mut progressed = false;
        if !self.pause_to_smsc && !self.to_smsc.is_empty() {
            let data = std::mem::take(&mut self.to_smsc);
            let mut at = 0;
            while at < data.len() {
                let n = self.chunk_len(data.len() - at);
                let taken = self.smsc.handle_bytes(self.now, &data[at..at + n]);
                at += taken;
                self.drain_smsc();
            }
            progressed = true;
        }
        if !self.pause_to_esme && !self.to_esme.is_empty() {
            let data = std::mem::take(&mut self.to_esme);
            let mut at = 0;
            while at < data.len() {
                let n = self.chunk_len(data.len() - at);
                let taken = self.esme.handle_bytes(self.now, &data[at..at + n]);
                at += taken;
                self.drain_esme();
            }
            progressed = true;
        }
        progressed
    }

    /// Runs both sides until nothing moves (without advancing time).
    pub fn settle(&mut self) {
        for _ in 0..10_000 {
            let a = self.drain_esme();
            let b = self.drain_smsc();
            let c = self.deliver();
            if !(a || b || c) {
                return;
            }
        }
        panic!("pair did not settle");
    }

    /// Jumps time by `d`, firing timers on both sides at every deadline on the way.
    pub fn advance(&mut self, d: Duration) {
        let end = self.now + d;
        loop {
            self.settle();
            let next = [self.esme.poll_timeout(), self.smsc.poll_timeout()]
                .into_iter()
                .flatten()
                .filter(|t| *t <= end)
                .min();
            match next {
                Some(t) => {
                    self.now = self.now.max(t);
                    self.esme.handle_timeout(self.now);
                    self.smsc.handle_timeout(self.now);
                }
                None => break,
            }
        }
        self.now = end;
        self.esme.handle_timeout(end);
        self.smsc.handle_timeout(end);
        self.settle();
    }

    pub fn bind(&mut self, kind: BindKind, password: &str) -> u32 {
        let b = Bind::new()
            .system_id("esme")
            .unwrap()
            .password(password)
            .unwrap();
        let seq = self.esme.bind(self.now, kind, &b).unwrap();
        self.settle();
        seq
    }

    pub fn submit(&mut self, text: &[u8]) -> Result<u32, SendError> {
        let sm = SubmitSm::new()
            .source_addr("SENDER")
            .unwrap()
            .destination_addr("61481076483")
            .unwrap()
            .short_message(text)
            .unwrap();
        self.esme.send(self.now, &Pdu::SubmitSm(sm))
    }

    /// TCP drop: both sides see end of stream; bytes in flight are lost.
    pub fn cut(&mut self) {
        self.to_esme.clear();
        self.to_smsc.clear();
        self.esme.handle_eof(self.now);
        self.smsc.handle_eof(self.now);
        self.drain_esme();
        self.drain_smsc();
    }

    /// Feeds raw bytes to the SMSC as if the ESME had sent them.
    pub fn raw_to_smsc(&mut self, bytes: &[u8]) {
        self.smsc.handle_bytes(self.now, bytes);
        self.drain_smsc();
    }

    /// What the SMSC sent since the last call, as (command_id, status, seq) triples.
    pub fn smsc_output(&mut self) -> Vec<(CommandId, CommandStatus, u32)> {
        let data = std::mem::take(&mut self.to_esme);
        Frames::new(&data, DEFAULT_MAX_COMMAND_LENGTH)
            .map(|f| {
                let f = f.unwrap();
                (f.command_id(), f.command_status, f.sequence_number)
            })
            .collect()
    }
}

pub fn header_only(id: CommandId) -> Pdu<'static> {
    let b = HeaderOnly::EMPTY_BODY;
    match id {
        CommandId::CancelSmResp => Pdu::CancelSmResp(b),
        CommandId::ReplaceSmResp => Pdu::ReplaceSmResp(b),
        CommandId::EnquireLinkResp => Pdu::EnquireLinkResp(b),
        CommandId::UnbindResp => Pdu::UnbindResp(b),
        CommandId::CancelBroadcastSmResp => Pdu::CancelBroadcastSmResp(b),
        CommandId::DataSmResp => Pdu::DataSmResp(DataSmResp::default()),
        CommandId::QuerySmResp => Pdu::QuerySmResp(QuerySmResp::default()),
        CommandId::SubmitMultiResp => Pdu::SubmitMultiResp(SubmitMultiResp::default()),
        CommandId::BroadcastSmResp => Pdu::BroadcastSmResp(BroadcastSmResp::default()),
        CommandId::QueryBroadcastSmResp => {
            Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp::default())
        }
        CommandId::DeliverSmResp => Pdu::DeliverSmResp(DeliverSmResp::default()),
        _ => Pdu::GenericNack(b),
    }
}

pub fn raw(command_id: u32, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut v = ((16 + body.len()) as u32).to_be_bytes().to_vec();
    v.extend(command_id.to_be_bytes());
    v.extend(0u32.to_be_bytes());
    v.extend(seq.to_be_bytes());
    v.extend(body);
    v
}

//! One TCP connection driven around a [`Session`]: the whole runtime glue, in one place.

use std::io;
use std::time::Instant as StdInstant;

use smpp_session::{Config, Instant, Role, Session, Storage};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;

/// Why [`Conn::wait`] returned.
#[derive(Debug)]
pub enum Wake<T> {
    /// Bytes moved, the peer closed, or a timer fired: drain the session's events.
    Session,
    /// A message arrived on the caller's channel.
    Message(T),
}

/// A session and its socket.
pub struct Conn {
    /// The protocol state machine; drain its events after every [`Conn::wait`].
    pub session: Session<'static>,
    reader: OwnedReadHalf,
    writer: OwnedWriteHalf,
    epoch: StdInstant,
    buf: Vec<u8>,
    /// Read bytes the session could not take yet (its receive buffer was full).
    backlog: Vec<u8>,
    eof: bool,
}

impl Conn {
    /// Wraps a connected socket.
    pub fn new(stream: TcpStream, role: Role, config: Config) -> Self {
        let epoch = StdInstant::now();
        // Latency matters more than segment count for request/response traffic.
        let _ = stream.set_nodelay(true);
        let (reader, writer) = stream.into_split();
        Self {
            session: Session::new(role, config, Storage::owned(&config), Instant::ZERO),
            reader,
            writer,
            epoch,
            buf: vec![0; 64 * 1024],
            backlog: Vec::new(),
            eof: false,
        }
    }

    /// The session clock: milliseconds since this connection was made.
    pub fn now(&self) -> Instant {
        Instant::from_millis(self.epoch.elapsed().as_millis() as u64)
    }

    /// The connection is gone: the session reports every pending request in `Closed`.
    fn lost(&mut self) {
        self.eof = true;
        let now = self.now();
        self.session.handle_eof(now);
    }

    /// Writes out everything the session has queued (used when closing).
    pub async fn flush(&mut self) -> io::Result<()> {
        while let Some(bytes) = self.session.poll_transmit() {
            let n = self.writer.write(bytes).await?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            self.session.advance_transmit(n);
        }
        Ok(())
    }

    /// Waits for the next thing to do: bytes written or read, the next timer, or a message
    /// on `rx`. Writing is one branch among the others, so a peer that stops reading never
    /// stops us from reading or from running timers. Socket errors end the session (its
    /// `Closed` event lists the pending requests) rather than escaping as errors.
    pub async fn wait<T>(&mut self, rx: Option<&mut mpsc::UnboundedReceiver<T>>) -> Wake<T> {
        if !self.backlog.is_empty() {
            let taken = self.session.handle_bytes(self.now(), &self.backlog);
            self.backlog.drain(..taken);
            return Wake::Session;
        }
        let now = self.now();
        let deadline = self.session.poll_timeout();
        let sleep_ms =
            deadline.map_or(3_600_000, |d| d.as_millis().saturating_sub(now.as_millis()));
        let sleep = tokio::time::sleep(std::time::Duration::from_millis(sleep_ms));
        let recv = async {
            match rx {
                Some(rx) => rx.recv().await,
                None => std::future::pending().await,
            }
        };
        let out = self.session.poll_transmit().unwrap_or(&[]);
        let writing = !out.is_empty() && !self.eof;
        tokio::select! {
            written = self.writer.write(out), if writing => {
                match written {
                    Ok(n) if n > 0 => self.session.advance_transmit(n),
                    _ => self.lost(),
                }
                Wake::Session
            }
            read = self.reader.read(&mut self.buf), if !self.eof => {
                let now = self.now();
                match read {
                    Ok(0) | Err(_) => self.lost(),
                    Ok(n) => {
                        let data = self.buf.get(..n).unwrap_or(&[]);
                        let taken = self.session.handle_bytes(now, data);
                        self.backlog.extend_from_slice(data.get(taken..).unwrap_or(&[]));
                    }
                }
                Wake::Session
            }
            () = sleep => {
                let now = self.now();
                self.session.handle_timeout(now);
                Wake::Session
            }
            Some(msg) = recv => Wake::Message(msg),
        }
    }

    /// Flushes and shuts the socket down (after the session closed).
    pub async fn close(mut self) -> io::Result<()> {
        self.flush().await?;
        self.writer.shutdown().await
    }
}

//! One TCP connection driven around a [`Session`]: the whole runtime glue, in one place.

use std::io;
use std::time::Instant as StdInstant;

use smpp_session::{Config, Instant, Role, Session, Storage};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

/// Why [`Conn::wait`] returned.
#[derive(Debug)]
pub enum Wake<T> {
    /// Bytes arrived, the peer closed, or a timer fired: drain the session's events.
    Session,
    /// A message arrived on the caller's channel.
    Message(T),
}

/// A session and its socket.
pub struct Conn {
    /// The protocol state machine; drain its events after every [`Conn::wait`].
    pub session: Session<'static>,
    stream: TcpStream,
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
        Self {
            session: Session::new(role, config, Storage::owned(&config), Instant::ZERO),
            stream,
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

    /// Writes out everything the session has queued.
    pub async fn flush(&mut self) -> io::Result<()> {
        while let Some(bytes) = self.session.poll_transmit() {
            let n = self.stream.write(bytes).await?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            self.session.advance_transmit(n);
        }
        Ok(())
    }

    /// Flushes, then waits for input, the next timer, or a message on `rx`.
    pub async fn wait<T>(
        &mut self,
        rx: Option<&mut mpsc::UnboundedReceiver<T>>,
    ) -> io::Result<Wake<T>> {
        self.flush().await?;
        if !self.backlog.is_empty() {
            let taken = self.session.handle_bytes(self.now(), &self.backlog);
            self.backlog.drain(..taken);
            return Ok(Wake::Session);
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
        tokio::select! {
            read = self.stream.read(&mut self.buf), if !self.eof => {
                let n = read?;
                let now = self.now();
                if n == 0 {
                    self.eof = true;
                    self.session.handle_eof(now);
                } else {
                    let data = self.buf.get(..n).unwrap_or(&[]);
                    let taken = self.session.handle_bytes(now, data);
                    self.backlog.extend_from_slice(data.get(taken..).unwrap_or(&[]));
                }
                Ok(Wake::Session)
            }
            () = sleep => {
                let now = self.now();
                self.session.handle_timeout(now);
                Ok(Wake::Session)
            }
            Some(msg) = recv => Ok(Wake::Message(msg)),
        }
    }

    /// Flushes and shuts the socket down (after the session closed).
    pub async fn close(mut self) -> io::Result<()> {
        self.flush().await?;
        self.stream.shutdown().await
    }
}

//! One connection's I/O around a [`Session`], for any `AsyncRead + AsyncWrite` stream: the
//! runtime glue shared by the client and the server.
//!
//! The stream is not split: one `poll_io` writes what the session queued, reads what is
//! there and fires the session's timer, so a peer that stops reading never stops us from
//! reading or from running timers.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use smpp_session::{Config, Instant, Role, Session, Storage};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// Output queued beyond this many octets stops us reading (and the client from sending), so
/// a peer that does not read cannot make us buffer without bound.
pub(crate) const OUT_HIGH_WATER: usize = 256 * 1024;

/// Read this much per system call. It lives on the stack of the polling thread, not in each
/// connection, which keeps an idle connection small.
const READ_CHUNK: usize = 16 * 1024;

/// A session and its stream.
pub(crate) struct Link<S> {
    /// The protocol state machine; drain its events after `poll_io` reports progress.
    pub session: Session<'static>,
    stream: S,
    epoch: tokio::time::Instant,
    /// The session clock as of the last [`Link::refresh`]: one clock read per turn of the
    /// driver instead of one per request (milliseconds are all the timers need).
    now: Instant,
    /// Bytes taken out of the session's transmit buffer and not yet written. Taking them out
    /// early keeps the session's buffer free, so requests and answers never find it full.
    out: Vec<u8>,
    out_pos: usize,
    need_flush: bool,
    /// Read bytes the session could not take yet (its receive buffer was full).
    backlog: Vec<u8>,
    read_closed: bool,
    write_failed: bool,
    sleep: Option<Pin<Box<Sleep>>>,
    sleep_for: Option<Instant>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Link<S> {
    /// Wraps a connected stream.
    pub fn new(stream: S, role: Role, config: Config) -> Self {
        Self {
            session: Session::new(role, config, Storage::owned(&config), Instant::ZERO),
            stream,
            epoch: tokio::time::Instant::now(),
            now: Instant::ZERO,
            out: Vec::new(),
            out_pos: 0,
            need_flush: false,
            backlog: Vec::new(),
            read_closed: false,
            write_failed: false,
            sleep: None,
            sleep_for: None,
        }
    }

    /// The session clock (milliseconds since this connection was made), as of the last
    /// refresh.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Reads the clock.
    pub fn refresh(&mut self) -> Instant {
        self.now = Instant::from_millis(self.epoch.elapsed().as_millis() as u64);
        self.now
    }

    /// Octets waiting to be written.
    pub fn queued(&self) -> usize {
        self.out.len() - self.out_pos + self.session.poll_transmit().map_or(0, <[u8]>::len)
    }

    /// True while more output may be produced without exceeding the high-water mark.
    pub fn has_room(&self) -> bool {
        self.queued() < OUT_HIGH_WATER
    }

    fn spill(&mut self) {
        if let Some(bytes) = self.session.poll_transmit() {
            let n = bytes.len();
            if self.out_pos == self.out.len() {
                self.out.clear();
                self.out_pos = 0;
            }
            self.out.extend_from_slice(bytes);
            self.session.advance_transmit(n);
        }
    }

    /// The stream is unusable: the session reports every pending request in `Closed`.
    fn lost(&mut self) {
        self.read_closed = true;
        let now = self.refresh();
        self.session.handle_eof(now);
    }

    /// Moves bytes and time: writes queued output, reads what is available (unless
    /// `read_paused`), and fires the session's timer. `Ready` when anything happened (drain
    /// the session's events), `Pending` with wake-ups registered otherwise.
    pub fn poll_io(&mut self, cx: &mut Context<'_>, read_paused: bool) -> Poll<()> {
        let mut progress = false;
        self.refresh();
        // Write: what was set aside first, then straight from the session's buffer. Only
        // what the stream does not take now is copied aside, so the session's buffer stays
        // free for requests and answers while a slow peer catches up.
        while !self.write_failed {
            let from_out = self.out_pos < self.out.len();
            let chunk = if from_out {
                self.out.get(self.out_pos..).unwrap_or(&[])
            } else {
                match self.session.poll_transmit() {
                    Some(bytes) => bytes,
                    None => break,
                }
            };
            match Pin::new(&mut self.stream).poll_write(cx, chunk) {
                Poll::Ready(Ok(n)) if n > 0 => {
                    if from_out {
                        self.out_pos += n;
                    } else {
                        self.session.advance_transmit(n);
                    }
                    self.need_flush = true;
                    progress = true;
                }
                Poll::Ready(_) => {
                    self.write_failed = true;
                    self.lost();
                    progress = true;
                }
                Poll::Pending => {
                    self.spill();
                    break;
                }
            }
        }
        if self.out_pos == self.out.len() {
            self.out.clear();
            self.out_pos = 0;
            // An idle connection should not keep a burst's worth of memory.
            if self.out.capacity() > 64 * 1024 {
                self.out = Vec::new();
            }
        }
        // TLS streams buffer records until flushed; plain sockets flush at once.
        if self.need_flush && !self.write_failed {
            match Pin::new(&mut self.stream).poll_flush(cx) {
                Poll::Ready(Ok(())) => self.need_flush = false,
                Poll::Ready(Err(_)) => {
                    self.write_failed = true;
                    self.lost();
                    progress = true;
                }
                Poll::Pending => {}
            }
        }
        // Read.
        if !self.backlog.is_empty() {
            let taken = self.session.handle_bytes(self.now(), &self.backlog);
            if taken > 0 {
                self.backlog.drain(..taken);
                progress = true;
            }
        } else if !self.read_closed && !read_paused && self.has_room() {
            // Uninitialised: zeroing 16 KiB on every poll would cost more than the read.
            let mut chunk = [std::mem::MaybeUninit::<u8>::uninit(); READ_CHUNK];
            let mut buf = ReadBuf::uninit(&mut chunk);
            match Pin::new(&mut self.stream).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if buf.filled().is_empty() => {
                    self.lost();
                    progress = true;
                }
                Poll::Ready(Ok(())) => {
                    let data = buf.filled();
                    let taken = self.session.handle_bytes(self.now(), data);
                    self.backlog
                        .extend_from_slice(data.get(taken..).unwrap_or(&[]));
                    progress = true;
                }
                Poll::Ready(Err(_)) => {
                    self.lost();
                    progress = true;
                }
                Poll::Pending => {}
            }
        }
        // Timer.
        if let Some(deadline) = self.session.poll_timeout() {
            let now = self.now();
            if deadline <= now {
                self.session.handle_timeout(now);
                self.sleep_for = None;
                progress = true;
            } else {
                if self.sleep_for != Some(deadline) {
                    let at = self.epoch + std::time::Duration::from_millis(deadline.as_millis());
                    match &mut self.sleep {
                        Some(sleep) => sleep.as_mut().reset(at),
                        None => self.sleep = Some(Box::pin(tokio::time::sleep_until(at))),
                    }
                    self.sleep_for = Some(deadline);
                }
                if let Some(sleep) = &mut self.sleep {
                    if sleep.as_mut().poll(cx).is_ready() {
                        self.sleep_for = None;
                        let now = self.refresh();
                        self.session.handle_timeout(now);
                        progress = true;
                    }
                }
            }
        }
        if progress {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Writes out everything queued and shuts the stream down (after the session closed).
    /// Bounded by `limit` so a peer that stops reading cannot hold us.
    pub async fn finish(&mut self, limit: std::time::Duration) {
        use tokio::io::AsyncWriteExt;
        let write = async {
            self.spill();
            if !self.write_failed {
                let rest = self.out.get(self.out_pos..).unwrap_or(&[]);
                let _ = self.stream.write_all(rest).await;
                let _ = self.stream.flush().await;
            }
            self.out.clear();
            self.out_pos = 0;
            let _ = self.stream.shutdown().await;
        };
        let _ = tokio::time::timeout(limit, write).await;
    }
}

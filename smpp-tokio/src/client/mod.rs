//! The async ESME: a cheap cloneable handle over one bound session, driven by a task.
//!
//! ```no_run
//! use smpp_tokio::{Client, ClientOptions, MessageOptions};
//! use smpp_proto::SubmitSm;
//!
//! # async fn run() -> smpp_tokio::Result<()> {
//! let client = Client::connect("127.0.0.1:2775", ClientOptions::new("esme", "secret")).await?;
//! let sm = SubmitSm::new().source_addr("SENDER")?.destination_addr("61481076483")?.short_message(b"Hello")?;
//! let resp = client.submit_sm(&sm).await?;
//! println!("message_id {}", resp.message_id().unwrap_or(""));
//! let ids = client.send_message("A long text ...", "SENDER", "61481076483", &MessageOptions::default()).await?;
//! let mut deliveries = client.deliveries();
//! while let Some(d) = deliveries.next().await {
//!     println!("{d:?}"); // receipts and MO, already acknowledged
//! #   break;
//! }
//! client.unbind().await?;
//! # Ok(()) }
//! ```

mod delivery;
mod driver;
mod message;
mod options;
mod outbind;
mod pipe;
mod reply;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use smpp_proto::{
    CancelSm, DataSm, InterfaceVersion, Pdu, QuerySm, ReplaceSm, SubmitMulti, SubmitSm,
};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, oneshot, watch};

use crate::connector::{Connector, Tcp};
use crate::error::{Error, Result};
use crate::pdu::{Message, Response};

pub use delivery::{Delivery, MoMessage, Receipt};
pub use message::MessageOptions;
pub use options::{ClientOptions, DeliveryHandler, Reconnect, Throttle};

pub(crate) use reply::{Reply, outcome};

/// What the request queue carries: one request, or a group of a batch's requests (one
/// queue slot and one wake-up for the whole group).
pub(crate) enum Work {
    One(Req),
    Many(Box<Many>),
}

/// Requests of one batch, in order.
pub(crate) struct Many {
    pub items: std::collections::VecDeque<Req>,
}

/// A request on its way to the driver.
pub(crate) struct Req {
    pub msg: Message,
    pub reply: reply::Reply,
    /// Resends after throttling so far.
    pub attempts: u32,
}

/// Commands that do not wait for the window.
pub(crate) enum Control {
    Unbind(oneshot::Sender<Result<()>>),
    Close,
}

/// What the client's connection is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkState {
    /// Bound: requests flow.
    Bound {
        /// The SMSC's system_id from its bind_resp.
        peer_system_id: String,
        /// The SMSC's sc_interface_version, when sent.
        interface_version: Option<InterfaceVersion>,
    },
    /// The connection was lost; reconnecting (requests wait).
    Reconnecting {
        /// Attempts so far.
        attempt: u32,
    },
    /// Closed for good: requests fail with [`Error::Closed`].
    Closed,
}

struct Shared {
    /// Requests to the driver, outcomes back.
    pipe: Arc<pipe::Pipe>,
    control: mpsc::UnboundedSender<Control>,
    state: watch::Receiver<LinkState>,
    deliveries: Mutex<Option<mpsc::Receiver<Delivery>>>,
    options: ClientOptions,
    reference: AtomicU16,
}

impl Drop for Shared {
    /// The last handle is gone: the driver sends what is queued, unbinds and stops.
    fn drop(&mut self) {
        self.pipe.senders_gone();
    }
}

/// A bound ESME session. Clone it freely: every clone drives the same session, so many
/// tasks can submit at once. Requests wait while the window is full or the send-rate limit
/// says not yet (in front of the window wait at most a window's worth queued and a window's
/// worth taken by the driver; further callers wait their turn), and each ends in exactly one
/// outcome: its response, [`Error::Status`], [`Error::Timeout`], [`Error::ClosedPending`]
/// (sent, outcome unknown), or [`Error::Closed`] (not sent: the client was closed).
///
/// The session answers enquire_link and sends its own when the link is idle, closes a dead
/// link, backs off on ESME_RTHROTTLED / ESME_RMSGQFUL, and (with
/// [`ClientOptions::reconnect`]) reconnects and rebinds after a lost connection.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("state", &*self.shared.state.borrow())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Connects over TCP to `addr` (`host:port`) and binds. Fails with
    /// [`Error::BindRefused`], [`Error::ConnectTimeout`] or [`Error::Io`].
    pub async fn connect(addr: impl Into<String>, options: ClientOptions) -> Result<Self> {
        Self::connect_with(Tcp::new(addr), options).await
    }

    /// Connects with any [`Connector`] (TLS, Unix sockets, ...) and binds. The connector is
    /// called again to reconnect.
    pub async fn connect_with<C: Connector>(connector: C, options: ClientOptions) -> Result<Self> {
        let (link, bound) = driver::open(&connector, &options).await?;
        Ok(Self::spawn(Some(connector), link, bound, options))
    }

    /// Binds over a stream that is already connected. There is nothing to reconnect
    /// with, so [`ClientOptions::reconnect`] is ignored.
    pub async fn from_stream<S>(stream: S, options: ClientOptions) -> Result<Self>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let link = driver::bind_stream(stream, &options).await?;
        let (link, bound) = link;
        Ok(Self::spawn(None::<NoConnector<S>>, link, bound, options))
    }

    fn spawn<C: Connector>(
        connector: Option<C>,
        link: crate::link::Link<C::Stream>,
        bound: LinkState,
        options: ClientOptions,
    ) -> Self {
        // The queue in front of the window holds one window more: back-pressure, bounded.
        let pipe = pipe::Pipe::new(usize::from(options.window));
        let (control, control_rx) = mpsc::unbounded_channel();
        let (deliveries_tx, deliveries_rx) = mpsc::channel(options.deliveries_capacity);
        let (state_tx, state) = watch::channel(bound);
        let driver = driver::Driver::new(
            connector,
            options.clone(),
            pipe.clone(),
            control_rx,
            deliveries_tx,
            state_tx,
        );
        tokio::spawn(driver.run(link));
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        Self {
            shared: Arc::new(Shared {
                pipe,
                control,
                state,
                deliveries: Mutex::new(Some(deliveries_rx)),
                options,
                reference: AtomicU16::new(seed as u16),
            }),
        }
    }

    /// Sends any request and waits for its outcome. A response with a non-zero
    /// command_status is returned as [`Error::Status`]. The PDU is encoded when this is
    /// called, so the future does not borrow it (a PDU that cannot be encoded, or may not be
    /// sent this way, is the future's error).
    pub fn request<'c>(
        &'c self,
        pdu: &Pdu<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        // Encoded now, so the future does not hold the PDU; one future, no nested ones.
        match Message::request(pdu) {
            Ok(msg) => self.shared.pipe.call(msg),
            Err(e) => self.shared.pipe.failed(e),
        }
    }

    /// Sends many requests at once and returns their outcomes in order, each exactly as
    /// [`Client::request`] would. They flow through the same window, but the caller is woken
    /// once for the whole batch instead of once per request, which is what makes bulk
    /// submission fast. A PDU that cannot be encoded gets its error in its place; the others
    /// are still sent.
    pub async fn request_many<'p>(
        &self,
        pdus: impl IntoIterator<Item = Pdu<'p>>,
    ) -> Vec<Result<Response>> {
        let encoded: Vec<Result<Message>> =
            pdus.into_iter().map(|p| Message::request(&p)).collect();
        let n = encoded.len();
        if n == 0 {
            return Vec::new();
        }
        let (done, finished) = oneshot::channel();
        let batch = Arc::new(reply::Batch::new(n, done));
        // Dropping this future mid-way tells the driver not to send what is still queued.
        struct Abandon<'b>(&'b reply::Batch);
        impl Drop for Abandon<'_> {
            fn drop(&mut self) {
                self.0.abandoned.store(true, Ordering::Relaxed);
            }
        }
        let guard = Abandon(&batch);
        let mut encoded = encoded.into_iter().enumerate();
        let chunk = usize::from(self.shared.options.window).max(1);
        let mut closed = false;
        loop {
            let mut items = std::collections::VecDeque::with_capacity(chunk);
            for (i, m) in encoded.by_ref() {
                match m {
                    Ok(msg) => {
                        items.push_back(Req {
                            msg,
                            reply: Reply::Batch(reply::BatchEntry {
                                batch: batch.clone(),
                                index: i,
                                answered: false,
                            }),
                            attempts: 0,
                        });
                        if items.len() == chunk {
                            break;
                        }
                    }
                    Err(e) => batch.complete(i, Err(e)),
                }
            }
            if items.is_empty() {
                break;
            }
            // One queue slot for the whole group. If the driver is gone, the group's
            // entries report Closed as they are dropped.
            if !closed {
                let work = Work::Many(Box::new(Many { items }));
                closed = self.shared.pipe.push(work).await.is_err();
            }
        }
        let _ = finished.await;
        std::mem::forget(guard);
        batch.take()
    }

    /// Submits many submit_sm at once: [`Client::request_many`] for submit_sm.
    pub async fn submit_many(&self, sms: &[SubmitSm<'_>]) -> Vec<Result<Response>> {
        self.request_many(sms.iter().map(|sm| Pdu::SubmitSm(*sm)))
            .await
    }

    /// [`Client::request`] with its own timeout: the caller stops waiting after `timeout`
    /// (counted from now, queueing included) with [`Error::Timeout`]; the request keeps its
    /// window slot until its response or the session's response timeout.
    pub async fn request_with_timeout(&self, pdu: &Pdu<'_>, timeout: Duration) -> Result<Response> {
        let id = pdu.command_id();
        match tokio::time::timeout(timeout, self.request(pdu)).await {
            Ok(r) => r,
            Err(_) => Err(Error::Timeout {
                request: id,
                sequence_number: None,
            }),
        }
    }

    /// Sends a submit_sm; the response carries the message_id ([`Message::message_id`]).
    pub fn submit_sm<'c>(
        &'c self,
        sm: &SubmitSm<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::SubmitSm(*sm))
    }

    /// Sends a data_sm.
    pub fn data_sm<'c>(
        &'c self,
        sm: &DataSm<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::DataSm(*sm))
    }

    /// Sends a submit_multi.
    pub fn submit_multi<'c>(
        &'c self,
        sm: &SubmitMulti<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::SubmitMulti(*sm))
    }

    /// Sends a query_sm; the response carries message_state, final_date and error_code.
    pub fn query_sm<'c>(
        &'c self,
        q: &QuerySm<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::QuerySm(*q))
    }

    /// Sends a cancel_sm.
    pub fn cancel_sm<'c>(
        &'c self,
        c: &CancelSm<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::CancelSm(*c))
    }

    /// Sends a replace_sm.
    pub fn replace_sm<'c>(
        &'c self,
        r: &ReplaceSm<'_>,
    ) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::ReplaceSm(*r))
    }

    /// Sends an enquire_link of our own and waits for its answer.
    pub fn enquire_link<'c>(&'c self) -> impl Future<Output = Result<Response>> + Send + use<'c> {
        self.request(&Pdu::EnquireLink(smpp_proto::HeaderOnly::EMPTY_BODY))
    }

    /// The stream of receipts and MO messages, each already acknowledged. There is one
    /// stream per client: the first call takes it, later calls get a stream that ends at
    /// once. Until it is taken, deliveries are held (up to
    /// [`ClientOptions::deliveries_capacity`]; beyond that the SMSC is asked to retry). Once
    /// the stream is dropped, deliveries are acknowledged and discarded.
    pub fn deliveries(&self) -> Deliveries {
        let rx = self
            .shared
            .deliveries
            .lock()
            .map(|mut g| g.take())
            .unwrap_or(None);
        if rx.is_none() {
            tracing::warn!("Client::deliveries() called again: this stream ends at once");
        }
        Deliveries { rx }
    }

    /// What the connection is doing now.
    pub fn state(&self) -> LinkState {
        self.shared.state.borrow().clone()
    }

    /// True while bound.
    pub fn is_bound(&self) -> bool {
        matches!(*self.shared.state.borrow(), LinkState::Bound { .. })
    }

    /// The options the client was made with.
    pub fn options(&self) -> &ClientOptions {
        &self.shared.options
    }

    /// Unbinds gracefully: stops taking new requests, lets those in flight finish, sends
    /// unbind and waits for its answer, then closes. Requests still queued fail with
    /// [`Error::Closed`].
    pub async fn unbind(&self) -> Result<()> {
        let (tx, rx) = oneshot::channel();
        if self.shared.control.send(Control::Unbind(tx)).is_err() {
            return Err(Error::Closed);
        }
        rx.await.unwrap_or(Err(Error::Closed))
    }

    /// Closes at once without unbinding: requests in flight fail with
    /// [`Error::ClosedPending`], queued ones with [`Error::Closed`].
    pub fn close(&self) {
        let _ = self.shared.control.send(Control::Close);
    }

    /// Waits until the client is closed for good (after [`Client::unbind`],
    /// [`Client::close`], a lost connection without reconnection, or reconnection
    /// giving up).
    pub async fn closed(&self) {
        let mut state = self.shared.state.clone();
        let _ = state.wait_for(|s| matches!(s, LinkState::Closed)).await;
    }

    pub(crate) fn next_reference(&self) -> u16 {
        self.shared.reference.fetch_add(1, Ordering::Relaxed)
    }
}

/// Every request still awaiting its response when the connection closed: it was sent, its
/// outcome is unknown.
pub(crate) fn fail_pending(inflight: &mut crate::seqmap::SeqMap<Req>) {
    for (seq, req) in inflight.drain() {
        req.reply.send(Err(Error::ClosedPending {
            request: req.msg.command_id(),
            sequence_number: seq,
        }));
    }
}

/// The connector of a client made from one stream: there is nothing to reconnect with.
type NoConnector<S> = crate::connector::FnConnector<fn() -> std::future::Ready<std::io::Result<S>>>;

/// Receipts and MO messages from the SMSC, in arrival order (long messages when their
/// last part arrives). Ends when the client is closed for good.
#[derive(Debug)]
pub struct Deliveries {
    rx: Option<mpsc::Receiver<Delivery>>,
}

impl Deliveries {
    /// The next delivery; `None` once the client is closed and nothing is left.
    pub async fn next(&mut self) -> Option<Delivery> {
        match &mut self.rx {
            Some(rx) => rx.recv().await,
            None => None,
        }
    }
}

impl futures_core::Stream for Deliveries {
    type Item = Delivery;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Delivery>> {
        match &mut self.get_mut().rx {
            Some(rx) => rx.poll_recv(cx),
            None => Poll::Ready(None),
        }
    }
}

//! Bound sessions by system_id, and messages stored until a receiver binds.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use smpp_proto::CommandStatus;

use super::{ServerHandle, SessionHandle};
use crate::error::{Error, Result};
use crate::pdu::{Message, Response};

/// Where [`ServerHandle::deliver`] put a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// A bound receiver took it; this is its deliver_sm_resp.
    Sent(Response),
    /// No receiver was bound (or it went away): stored until one binds.
    Stored,
}

#[derive(Default)]
struct Inner {
    sessions: HashMap<u64, SessionHandle>,
    store: HashMap<String, VecDeque<Message>>,
    /// system_ids with a retry of their stored messages scheduled.
    retrying: HashSet<String>,
    turn: usize,
}

#[derive(Default)]
pub(crate) struct Registry {
    inner: Mutex<Inner>,
}

impl Registry {
    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        // A panic elsewhere while holding the lock leaves plain data behind; keep going.
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    /// Records a bound session.
    pub fn add(&self, s: SessionHandle) {
        self.with(|i| i.sessions.insert(s.id(), s));
    }

    /// Forgets a session.
    pub fn remove(&self, id: u64) {
        self.with(|i| i.sessions.remove(&id));
    }

    pub fn all(&self) -> Vec<SessionHandle> {
        self.with(|i| i.sessions.values().cloned().collect())
    }

    pub fn sessions(&self, system_id: Option<&str>) -> Vec<SessionHandle> {
        self.with(|i| {
            i.sessions
                .values()
                .filter(|s| system_id.is_none_or(|id| s.bound().is_some_and(|b| b.system_id == id)))
                .cloned()
                .collect()
        })
    }

    /// A receiver or transceiver bound as `system_id`, taking turns.
    fn pick(&self, system_id: &str) -> Option<SessionHandle> {
        self.with(|i| {
            let mut found: Vec<&SessionHandle> = i
                .sessions
                .values()
                .filter(|s| {
                    s.bound()
                        .is_some_and(|b| b.system_id == system_id && b.kind.can_receive())
                })
                .collect();
            if found.is_empty() {
                return None;
            }
            found.sort_by_key(|s| s.id());
            i.turn = i.turn.wrapping_add(1);
            found.get(i.turn % found.len()).map(|s| (*s).clone())
        })
    }

    pub fn store(&self, system_id: &str, msg: Message, capacity: usize) {
        self.with(|i| {
            let q = i.store.entry(system_id.to_string()).or_default();
            if q.len() >= capacity.max(1) {
                q.pop_front();
                tracing::warn!(system_id, capacity, "store full: oldest message dropped");
            }
            q.push_back(msg);
        });
    }

    pub fn take_stored(&self, system_id: &str) -> VecDeque<Message> {
        self.with(|i| i.store.remove(system_id).unwrap_or_default())
    }

    pub fn stored(&self, system_id: &str) -> usize {
        self.with(|i| i.store.get(system_id).map_or(0, VecDeque::len))
    }
}

/// How long a receiver that asked us to try later (ESME_RX_T_APPN, ESME_RTHROTTLED,
/// ESME_RMSGQFUL) or did not answer is left alone before stored messages are offered again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Stored messages offered at once when flushing (each still waits for its receiver's window).
const FLUSH_CONCURRENCY: usize = 32;

/// Sends to a bound receiver of `system_id`, or stores (delivery is at least once: a message
/// whose response timed out is offered again, and may arrive twice).
pub(crate) async fn deliver(
    server: &ServerHandle,
    system_id: &str,
    msg: Message,
) -> Result<Delivered> {
    let registry = &server.shared.registry;
    // A receiver that goes away with the message pending may not have seen it: try
    // another, then store.
    for _ in 0..3 {
        let Some(session) = registry.pick(system_id) else {
            break;
        };
        match session.send(msg.clone()).await {
            Ok(r) => return Ok(Delivered::Sent(r)),
            Err(Error::Closed | Error::ClosedPending { .. }) => {}
            Err(Error::Timeout { .. }) => break,
            Err(Error::Status { status, .. })
                if status.is_flow_control() || status == CommandStatus::ESME_RX_T_APPN =>
            {
                break; // the receiver asks us to try later
            }
            Err(e) => return Err(e),
        }
    }
    registry.store(system_id, msg, server.options().store_capacity);
    if registry.pick(system_id).is_some() {
        schedule_retry(server, system_id);
    }
    Ok(Delivered::Stored)
}

/// Offers the stored messages again after [`RETRY_AFTER`], once per system_id at a time.
fn schedule_retry(server: &ServerHandle, system_id: &str) {
    let first = server
        .shared
        .registry
        .with(|i| i.retrying.insert(system_id.to_string()));
    if !first {
        return;
    }
    let server = server.clone();
    let system_id = system_id.to_string();
    tokio::spawn(async move {
        tokio::time::sleep(RETRY_AFTER).await;
        server
            .shared
            .registry
            .with(|i| i.retrying.remove(&system_id));
        flush(server, system_id).await;
    });
}

/// Sends what was stored for `system_id` (now that a receiver bound, or on a retry), a
/// bounded number at a time; what is refused for now is stored again.
pub(crate) async fn flush(server: ServerHandle, system_id: String) {
    use futures_util::StreamExt;
    let mut queue = server.shared.registry.take_stored(&system_id);
    if queue.is_empty() {
        return;
    }
    tracing::info!(system_id = %system_id, count = queue.len(), "forwarding stored messages");
    let mut running = futures_util::stream::FuturesUnordered::new();
    loop {
        while running.len() < FLUSH_CONCURRENCY {
            let Some(msg) = queue.pop_front() else { break };
            let (server, system_id) = (&server, system_id.as_str());
            running.push(async move { deliver(server, system_id, msg).await });
        }
        match running.next().await {
            Some(Err(e)) => {
                tracing::warn!(system_id = %system_id, error = %e, "stored message refused")
            }
            Some(Ok(_)) => {}
            None => break,
        }
    }
}

//! Where a request's outcome goes: the one caller awaiting it, or its place in a batch.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use smpp_proto::{CommandId, CommandStatus};

use crate::error::{Error, Result};
use crate::pdu::Response;

/// What the caller of a `request` PDU gets for its `response`: the response itself, or
/// [`Error::Status`] when its command_status is not ESME_ROK or it is a generic_nack.
pub(crate) fn outcome(
    request: CommandId,
    status: CommandStatus,
    nack: bool,
    response: Response,
) -> Result<Response> {
    if status.is_ok() && !nack {
        Ok(response)
    } else {
        Err(Error::Status {
            request,
            status,
            response: Box::new(response),
        })
    }
}

/// The outcome's destination.
pub(crate) enum Reply {
    /// A single request's caller (a server session's request).
    One(oneshot::Sender<Result<Response>>),
    /// A client caller's slot.
    Slot(super::pipe::SlotReply),
    /// An entry of a batch.
    Batch(BatchEntry),
}

/// Entry `index` of a batch. Dropped without an outcome (its driver went away), it reports
/// `Closed`, so the batch's caller is never left waiting.
pub(crate) struct BatchEntry {
    pub batch: Arc<Batch>,
    pub index: usize,
    pub answered: bool,
}

impl Drop for BatchEntry {
    fn drop(&mut self) {
        if !self.answered {
            self.batch.complete(self.index, Err(crate::Error::Closed));
        }
    }
}

impl Reply {
    /// Delivers the outcome (ignored when nobody waits any more).
    pub fn send(self, outcome: Result<Response>) {
        match self {
            Self::One(tx) => {
                let _ = tx.send(outcome);
            }
            Self::Slot(slot) => slot.send(outcome),
            Self::Batch(mut entry) => {
                entry.batch.complete(entry.index, outcome);
                entry.answered = true;
            }
        }
    }

    /// True when nobody waits for the outcome (the caller's future was dropped). For a
    /// client caller's slot this takes the pipe's lock.
    pub fn is_closed(&self) -> bool {
        match self {
            Self::One(tx) => tx.is_closed(),
            Self::Slot(slot) => slot.is_abandoned(),
            Self::Batch(entry) => entry.batch.abandoned.load(Ordering::Relaxed),
        }
    }
}

/// The shared state of one [`crate::Client::request_many`] call.
pub(crate) struct Batch {
    results: Mutex<Vec<Option<Result<Response>>>>,
    remaining: AtomicUsize,
    done: Mutex<Option<oneshot::Sender<()>>>,
    /// The caller stopped waiting: entries not sent yet are dropped.
    pub abandoned: AtomicBool,
}

impl Batch {
    /// A batch of `n` entries; `done` fires when the last one has its outcome.
    pub fn new(n: usize, done: oneshot::Sender<()>) -> Self {
        Self {
            results: Mutex::new((0..n).map(|_| None).collect()),
            remaining: AtomicUsize::new(n),
            done: Mutex::new(Some(done)),
            abandoned: AtomicBool::new(false),
        }
    }

    /// Records entry `index`'s outcome (once; later ones are ignored).
    pub fn complete(&self, index: usize, outcome: Result<Response>) {
        let first = {
            let mut results = self.results.lock().unwrap_or_else(|p| p.into_inner());
            match results.get_mut(index) {
                Some(slot @ None) => {
                    *slot = Some(outcome);
                    true
                }
                _ => false,
            }
        };
        if first && self.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
            let done = self.done.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(done) = done {
                let _ = done.send(());
            }
        }
    }

    /// The outcomes, in order (after `done` fired; a missing one reads as `Closed`).
    pub fn take(&self) -> Vec<Result<Response>> {
        let mut results = self.results.lock().unwrap_or_else(|p| p.into_inner());
        results
            .drain(..)
            .map(|r| r.unwrap_or(Err(crate::Error::Closed)))
            .collect()
    }
}

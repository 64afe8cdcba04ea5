//! How requests reach a client's driver and how their outcomes come back: one lock around
//! a bounded queue and a table of callers' slots.
//!
//! This does what a bounded mpsc channel plus a oneshot per request would, in one place
//! and without allocating per request: the slot a caller waits on is reused, the request
//! travels unboxed, and the driver takes many requests per lock. The queue holds at most
//! `capacity` entries (a batch's group counts as one); callers beyond that wait in line,
//! first come first served, so back-pressure reaches them instead of memory growing.
//!
//! Nothing that locks the pipe (a [`SlotReply`] dropped unanswered) may be dropped while
//! the lock is held. Wakers are woken, and those replaced dropped, after it is released
//! (through [`Inner::trash`]): dropping a waker may drop a task, and with it a [`Call`] whose
//! own drop locks the pipe.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use super::{Reply, Req, Work};
use crate::error::{Error, Result};
use crate::pdu::{Message, Response};

/// The queue and the slots of one client.
pub(crate) struct Pipe {
    inner: Mutex<Inner>,
}

struct Inner {
    queue: VecDeque<Work>,
    capacity: usize,
    /// Places in the queue promised to callers that were woken for them.
    reserved: usize,
    /// Callers waiting for a place, oldest first (slot keys).
    line: VecDeque<u32>,
    /// The driver, when it found the queue empty.
    driver: Option<Waker>,
    /// The driver has stopped: nothing more is taken.
    closed: bool,
    /// Every handle is gone: nobody can queue more.
    senders_gone: bool,
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// Wakers replaced or let go while locked, dropped once the lock is released.
    trash: Vec<Waker>,
}

/// Where one caller is.
enum Slot {
    Free,
    /// Waiting in line for a place in the queue.
    Line(Option<Waker>),
    /// A place is reserved for it; the caller has not used it yet.
    Granted(Option<Waker>),
    /// Queued or in flight.
    Pending(Option<Waker>),
    /// The outcome, not yet taken.
    Done(Result<Response>),
    /// The caller stopped waiting; freed when the outcome arrives.
    Abandoned,
}

/// What the driver got from [`Pipe::poll_take`].
pub(crate) enum Took {
    /// Requests were moved into the driver's list.
    Some,
    /// Nothing now; the driver is woken when something is queued.
    Pending,
    /// Every handle is gone and the queue is empty.
    Gone,
}

/// Where a caller waiting for a place stands.
enum Place {
    /// It may queue now (in its line slot, if it had one).
    Now,
    /// Still in line.
    Wait,
    /// The driver has stopped.
    Closed,
}

/// Slots kept allocated at most while none is in use (a burst of callers does not hold its
/// memory for the client's lifetime).
const IDLE_SLOTS: usize = 1024;

fn lock(m: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Releases the lock, then drops the wakers let go under it.
#[inline(always)]
fn unlock(mut g: MutexGuard<'_, Inner>) {
    if g.trash.is_empty() {
        return; // the usual case: nothing to drop
    }
    let trash = std::mem::take(&mut g.trash);
    drop(g);
    drop(trash);
}

#[inline(always)]
fn wake_all(wake: Vec<Waker>) {
    if !wake.is_empty() {
        for w in wake {
            w.wake();
        }
    }
}

impl Pipe {
    /// A pipe whose queue holds `capacity` entries.
    pub fn new(capacity: usize) -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(Inner {
                queue: VecDeque::with_capacity(capacity),
                capacity: capacity.max(1),
                reserved: 0,
                line: VecDeque::new(),
                driver: None,
                closed: false,
                senders_gone: false,
                slots: Vec::new(),
                free: Vec::new(),
                trash: Vec::new(),
            }),
        })
    }

    /// Sends `msg` and waits for its outcome.
    pub fn call(self: &Arc<Self>, msg: Message) -> Call<'_> {
        Call {
            pipe: self,
            msg: Some(msg),
            early: None,
            state: CallState::Start,
        }
    }

    /// A call that ends at once with `error` (its request could not be made).
    pub fn failed(self: &Arc<Self>, error: Error) -> Call<'_> {
        Call {
            pipe: self,
            msg: None,
            early: Some(error),
            state: CallState::Start,
        }
    }

    /// Queues a batch's group, waiting for a place as a single request does; gives the
    /// group back when the driver has stopped.
    pub fn push(&self, work: Work) -> Push<'_> {
        Push {
            pipe: self,
            work: Some(work),
            line: None,
        }
    }

    /// Moves queued requests into `into` until it holds `want` (a group is moved whole), and
    /// wakes callers waiting for the places freed. Requests whose callers stopped waiting
    /// are dropped here, unsent.
    pub fn poll_take(
        &self,
        cx: &mut Context<'_>,
        into: &mut VecDeque<Req>,
        want: usize,
        wake: &mut Vec<Waker>,
    ) -> Took {
        if into.len() >= want {
            return Took::Some; // the driver has enough in hand
        }
        let mut g = lock(&self.inner);
        let mut taken = 0;
        while into.len() < want {
            let Some(work) = g.queue.pop_front() else {
                break;
            };
            taken += 1;
            match work {
                Work::One(mut req) => {
                    if let Reply::Slot(s) = &mut req.reply {
                        if matches!(g.slots.get(s.key as usize), Some(Slot::Abandoned)) {
                            s.answered = true; // so dropping it does not lock
                            g.release(s.key);
                            continue;
                        }
                    }
                    into.push_back(req);
                }
                Work::Many(many) => {
                    if into.is_empty() {
                        *into = many.items;
                    } else {
                        into.extend(many.items);
                    }
                }
            }
        }
        g.grant(taken, wake);
        let out = if taken > 0 {
            Took::Some
        } else if g.senders_gone {
            Took::Gone
        } else {
            match &g.driver {
                Some(w) if w.will_wake(cx.waker()) => {}
                _ => {
                    if let Some(old) = g.driver.replace(cx.waker().clone()) {
                        g.trash.push(old);
                    }
                }
            }
            Took::Pending
        };
        unlock(g);
        for w in wake.drain(..) {
            w.wake();
        }
        out
    }

    /// The driver stopped: nothing more is accepted; returns what was still queued (for the
    /// driver to fail) and wakes every caller waiting for a place.
    pub fn close(&self) -> Vec<Work> {
        let mut g = lock(&self.inner);
        g.closed = true;
        let left: Vec<Work> = g.queue.drain(..).collect();
        g.line.clear();
        g.reserved = 0;
        let mut wake = Vec::new();
        for slot in &mut g.slots {
            if let Slot::Line(w) | Slot::Granted(w) = slot {
                wake.extend(w.take());
            }
        }
        unlock(g);
        wake_all(wake);
        left
    }

    /// Every handle is gone: the driver finishes what is queued, then leaves.
    pub fn senders_gone(&self) {
        let mut g = lock(&self.inner);
        g.senders_gone = true;
        let driver = g.driver.take();
        unlock(g);
        if let Some(d) = driver {
            d.wake();
        }
    }

    /// Delivers the outcome of the request in slot `key`.
    fn complete(&self, key: u32, outcome: Result<Response>) {
        let mut g = lock(&self.inner);
        let waker = match g.slots.get_mut(key as usize) {
            Some(slot @ Slot::Pending(_)) => match std::mem::replace(slot, Slot::Done(outcome)) {
                Slot::Pending(w) => w,
                _ => None,
            },
            Some(Slot::Abandoned) => {
                g.release(key);
                None
            }
            _ => None,
        };
        unlock(g);
        if let Some(w) = waker {
            w.wake();
        }
    }
}

impl Inner {
    fn has_room(&self) -> bool {
        self.line.is_empty() && self.queue.len() + self.reserved < self.capacity
    }

    fn alloc(&mut self, slot: Slot) -> u32 {
        if let Some(k) = self.free.pop() {
            if let Some(s) = self.slots.get_mut(k as usize) {
                *s = slot;
                return k;
            }
        }
        self.slots.push(slot);
        (self.slots.len() - 1) as u32
    }

    /// Frees slot `key` (its waker, if any, to the trash).
    fn release(&mut self, key: u32) {
        let Some(s) = self.slots.get_mut(key as usize) else {
            return;
        };
        if let Slot::Line(Some(w)) | Slot::Granted(Some(w)) | Slot::Pending(Some(w)) =
            std::mem::replace(s, Slot::Free)
        {
            self.trash.push(w);
        }
        self.freed(key);
    }

    /// Slot `key` is free again; once none is in use, a large table is let go.
    fn freed(&mut self, key: u32) {
        self.free.push(key);
        if self.free.len() == self.slots.len() && self.slots.capacity() > IDLE_SLOTS {
            self.slots = Vec::new();
            self.free = Vec::new();
        }
    }

    /// Promises up to `n` freed places to the callers first in line.
    fn grant(&mut self, mut n: usize, wake: &mut Vec<Waker>) {
        while n > 0 && self.queue.len() + self.reserved < self.capacity {
            let Some(k) = self.line.pop_front() else {
                break;
            };
            if let Some(slot @ Slot::Line(_)) = self.slots.get_mut(k as usize) {
                if let Slot::Line(w) = std::mem::replace(slot, Slot::Granted(None)) {
                    wake.extend(w);
                }
                self.reserved += 1;
                n -= 1;
            }
        }
    }

    /// Takes a place in the queue for a caller (`line`: its slot once it waits in line).
    fn place(&mut self, line: &mut Option<u32>, waker: &Waker, wake: &mut Vec<Waker>) -> Place {
        if self.closed {
            if let Some(k) = line.take() {
                self.leave_line(k, wake);
            }
            return Place::Closed;
        }
        let Some(k) = *line else {
            if self.has_room() {
                return Place::Now;
            }
            let k = self.alloc(Slot::Line(Some(waker.clone())));
            self.line.push_back(k);
            *line = Some(k);
            return Place::Wait;
        };
        match self.slots.get_mut(k as usize) {
            Some(Slot::Granted(_)) => {
                self.reserved = self.reserved.saturating_sub(1);
                Place::Now
            }
            Some(Slot::Line(w)) => {
                if !w.as_ref().is_some_and(|w| w.will_wake(waker)) {
                    if let Some(old) = w.replace(waker.clone()) {
                        self.trash.push(old);
                    }
                }
                Place::Wait
            }
            _ => Place::Closed,
        }
    }

    /// The caller in slot `k` leaves the line (gave up, or the pipe closed): a place it had
    /// been given goes to the next in line.
    fn leave_line(&mut self, k: u32, wake: &mut Vec<Waker>) {
        match self.slots.get(k as usize) {
            Some(Slot::Granted(_)) => {
                self.reserved = self.reserved.saturating_sub(1);
                self.release(k);
                self.grant(1, wake);
                return;
            }
            Some(Slot::Line(_)) => {
                if let Some(i) = self.line.iter().position(|&w| w == k) {
                    self.line.remove(i);
                }
            }
            _ => {}
        }
        self.release(k);
    }

    /// Queues `work`; returns the driver's waker if it waits.
    fn enqueue(&mut self, work: Work) -> Option<Waker> {
        self.queue.push_back(work);
        self.driver.take()
    }
}

/// The reply end of a single request: its caller's slot. Dropped without an outcome (the
/// driver went away), it reports [`Error::Closed`], so the caller is never left waiting.
pub(crate) struct SlotReply {
    pipe: Arc<Pipe>,
    key: u32,
    answered: bool,
}

impl SlotReply {
    /// True when the caller stopped waiting (its request need not be sent).
    pub fn is_abandoned(&self) -> bool {
        let g = lock(&self.pipe.inner);
        matches!(g.slots.get(self.key as usize), Some(Slot::Abandoned))
    }

    /// Delivers the request's outcome to its caller (kept until the caller takes it).
    pub fn send(mut self, outcome: Result<Response>) {
        self.answered = true;
        self.pipe.complete(self.key, outcome);
    }
}

impl Drop for SlotReply {
    fn drop(&mut self) {
        if !self.answered {
            self.pipe.complete(self.key, Err(Error::Closed));
        }
    }
}

/// A single request's future: waits for a place in the queue, then for the outcome.
pub(crate) struct Call<'p> {
    pipe: &'p Arc<Pipe>,
    msg: Option<Message>,
    /// The outcome already known (the request could not be encoded).
    early: Option<Error>,
    state: CallState,
}

#[derive(Clone, Copy)]
enum CallState {
    Start,
    /// In line for a place.
    Line(u32),
    /// Queued or in flight.
    Waiting(u32),
    Finished,
}

impl Future for Call<'_> {
    type Output = Result<Response>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<Response>> {
        let this = self.get_mut();
        if let Some(e) = this.early.take() {
            this.state = CallState::Finished;
            return Poll::Ready(Err(e));
        }
        let mut g = lock(&this.pipe.inner);
        let mut wake = Vec::new();
        let out = this.poll_locked(&mut g, cx, &mut wake);
        unlock(g);
        wake_all(wake);
        out
    }
}

impl Call<'_> {
    /// One step, under the lock; `wake` gets whom to wake once it is released.
    fn poll_locked(
        &mut self,
        g: &mut Inner,
        cx: &mut Context<'_>,
        wake: &mut Vec<Waker>,
    ) -> Poll<Result<Response>> {
        let mut line = match self.state {
            CallState::Waiting(k) => return self.poll_outcome(g, k, cx),
            CallState::Finished => return Poll::Ready(Err(Error::Closed)),
            CallState::Start => None,
            CallState::Line(k) => Some(k),
        };
        match g.place(&mut line, cx.waker(), wake) {
            Place::Now => {}
            Place::Wait => {
                if let Some(k) = line {
                    self.state = CallState::Line(k);
                }
                return Poll::Pending;
            }
            Place::Closed => {
                self.state = CallState::Finished;
                return Poll::Ready(Err(Error::Closed));
            }
        }
        let pending = Slot::Pending(Some(cx.waker().clone()));
        let key = match line {
            Some(k) => {
                if let Some(s) = g.slots.get_mut(k as usize) {
                    *s = pending; // was Granted(None): nothing to drop
                }
                k
            }
            None => g.alloc(pending),
        };
        let Some(msg) = self.msg.take() else {
            g.release(key);
            self.state = CallState::Finished;
            return Poll::Ready(Err(Error::Closed));
        };
        let driver = g.enqueue(Work::One(Req {
            msg,
            reply: Reply::Slot(SlotReply {
                pipe: self.pipe.clone(),
                key,
                answered: false,
            }),
            attempts: 0,
        }));
        self.state = CallState::Waiting(key);
        wake.extend(driver);
        Poll::Pending
    }

    fn poll_outcome(
        &mut self,
        g: &mut Inner,
        k: u32,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Response>> {
        match g.slots.get_mut(k as usize) {
            Some(Slot::Pending(w)) => {
                if !w.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                    if let Some(old) = w.replace(cx.waker().clone()) {
                        g.trash.push(old);
                    }
                }
                Poll::Pending
            }
            Some(slot @ Slot::Done(_)) => {
                let outcome = match std::mem::replace(slot, Slot::Free) {
                    Slot::Done(outcome) => outcome,
                    _ => Err(Error::Closed),
                };
                g.freed(k);
                self.state = CallState::Finished;
                Poll::Ready(outcome)
            }
            _ => {
                self.state = CallState::Finished;
                Poll::Ready(Err(Error::Closed))
            }
        }
    }
}

impl Drop for Call<'_> {
    fn drop(&mut self) {
        let mut wake = Vec::new();
        match self.state {
            CallState::Start | CallState::Finished => return,
            CallState::Line(k) => {
                let mut g = lock(&self.pipe.inner);
                g.leave_line(k, &mut wake);
                unlock(g);
            }
            CallState::Waiting(k) => {
                let mut g = lock(&self.pipe.inner);
                match g.slots.get_mut(k as usize) {
                    // The outcome arrived but nobody takes it.
                    Some(Slot::Done(_)) => g.release(k),
                    // Queued or in flight: the driver skips or frees it.
                    Some(slot) => {
                        if let Slot::Pending(Some(w)) = std::mem::replace(slot, Slot::Abandoned) {
                            g.trash.push(w);
                        }
                    }
                    None => {}
                }
                unlock(g);
            }
        }
        wake_all(wake);
    }
}

/// A batch group's way into the queue.
pub(crate) struct Push<'p> {
    pipe: &'p Pipe,
    work: Option<Work>,
    /// Its slot while in line.
    line: Option<u32>,
}

impl Future for Push<'_> {
    type Output = std::result::Result<(), Work>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut g = lock(&this.pipe.inner);
        let mut wake = Vec::new();
        let out = match g.place(&mut this.line, cx.waker(), &mut wake) {
            Place::Wait => Poll::Pending,
            Place::Closed => Poll::Ready(this.work.take().map_or(Ok(()), Err)),
            Place::Now => {
                if let Some(k) = this.line.take() {
                    g.release(k);
                }
                if let Some(d) = this.work.take().and_then(|w| g.enqueue(w)) {
                    wake.push(d);
                }
                Poll::Ready(Ok(()))
            }
        };
        unlock(g);
        wake_all(wake);
        out
    }
}

impl Drop for Push<'_> {
    fn drop(&mut self) {
        if let Some(k) = self.line.take() {
            let mut wake = Vec::new();
            let mut g = lock(&self.pipe.inner);
            g.leave_line(k, &mut wake);
            unlock(g);
            wake_all(wake);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    use smpp_proto::{HeaderOnly, Pdu};

    use super::*;

    /// Counts its wake-ups.
    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn waker() -> (Arc<Count>, Waker) {
        let c = Arc::new(Count::default());
        (c.clone(), Waker::from(c))
    }

    fn msg() -> Message {
        Message::request(&Pdu::EnquireLink(HeaderOnly::EMPTY_BODY)).expect("encodes")
    }

    fn poll<F: Future + Unpin>(f: &mut F, w: &Waker) -> Poll<F::Output> {
        Pin::new(f).poll(&mut Context::from_waker(w))
    }

    fn take(pipe: &Pipe, want: usize) -> (Took, VecDeque<Req>) {
        let (_, w) = waker();
        let mut into = VecDeque::new();
        let took = pipe.poll_take(
            &mut Context::from_waker(&w),
            &mut into,
            want,
            &mut Vec::new(),
        );
        (took, into)
    }

    fn answer(req: Req) {
        let m = req.msg.clone();
        req.reply.send(Ok(m));
    }

    #[test]
    fn a_call_is_queued_answered_and_its_slot_reused() {
        let pipe = Pipe::new(4);
        let (count, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        let (took, mut reqs) = take(&pipe, 8);
        assert!(matches!(took, Took::Some));
        assert_eq!(reqs.len(), 1);
        answer(reqs.pop_front().expect("one"));
        assert_eq!(
            count.0.load(Ordering::Relaxed),
            1,
            "the caller is woken once"
        );
        assert!(matches!(poll(&mut call, &w), Poll::Ready(Ok(_))));
        drop(call);
        let mut again = pipe.call(msg());
        assert!(poll(&mut again, &w).is_pending());
        assert_eq!(lock(&pipe.inner).slots.len(), 1, "the freed slot is reused");
    }

    #[test]
    fn callers_beyond_capacity_wait_in_line_in_order() {
        let pipe = Pipe::new(1);
        let (_, w) = waker();
        let mut first = pipe.call(msg());
        assert!(poll(&mut first, &w).is_pending());
        let (c2, w2) = waker();
        let (c3, w3) = waker();
        let mut second = pipe.call(msg());
        let mut third = pipe.call(msg());
        assert!(poll(&mut second, &w2).is_pending());
        assert!(poll(&mut third, &w3).is_pending());
        // A newcomer does not pass those in line.
        let mut late = pipe.call(msg());
        assert!(poll(&mut late, &w).is_pending());
        assert_eq!(lock(&pipe.inner).line.len(), 3);
        // One place frees: the first in line gets it.
        let (_, reqs) = take(&pipe, 1);
        assert_eq!(reqs.len(), 1);
        assert_eq!(c2.0.load(Ordering::Relaxed), 1);
        assert_eq!(c3.0.load(Ordering::Relaxed), 0);
        assert!(poll(&mut third, &w3).is_pending());
        assert!(poll(&mut second, &w2).is_pending());
        assert_eq!(lock(&pipe.inner).queue.len(), 1, "the second is queued");
        drop((first, reqs));
    }

    #[test]
    fn a_caller_that_gives_up_its_place_passes_it_on() {
        let pipe = Pipe::new(1);
        let (_, w) = waker();
        let mut first = pipe.call(msg());
        assert!(poll(&mut first, &w).is_pending());
        let mut second = pipe.call(msg());
        let (c3, w3) = waker();
        let mut third = pipe.call(msg());
        assert!(poll(&mut second, &w).is_pending());
        assert!(poll(&mut third, &w3).is_pending());
        let (_, reqs) = take(&pipe, 1); // grants the second
        drop(second); // ...which leaves without using it
        assert_eq!(
            c3.0.load(Ordering::Relaxed),
            1,
            "the third is woken instead"
        );
        assert!(poll(&mut third, &w3).is_pending());
        assert_eq!(lock(&pipe.inner).queue.len(), 1, "the third is queued");
        assert_eq!(lock(&pipe.inner).reserved, 0);
        drop((first, reqs));
    }

    #[test]
    fn an_abandoned_request_is_not_sent_and_its_slot_freed() {
        let pipe = Pipe::new(4);
        let (_, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        drop(call);
        let (took, reqs) = take(&pipe, 8);
        assert!(matches!(took, Took::Some));
        assert!(reqs.is_empty());
        assert_eq!(lock(&pipe.inner).free.len(), 1);
    }

    #[test]
    fn an_answer_to_an_abandoned_request_frees_its_slot() {
        let pipe = Pipe::new(4);
        let (_, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        let (_, mut reqs) = take(&pipe, 8);
        drop(call); // in flight when the caller leaves
        answer(reqs.pop_front().expect("one"));
        let g = lock(&pipe.inner);
        assert!(matches!(g.slots.first(), Some(Slot::Free)));
        assert_eq!(g.free.len(), 1);
    }

    #[test]
    fn a_reply_dropped_unanswered_reports_closed() {
        let pipe = Pipe::new(4);
        let (_, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        let (_, reqs) = take(&pipe, 8);
        drop(reqs);
        assert!(matches!(
            poll(&mut call, &w),
            Poll::Ready(Err(Error::Closed))
        ));
    }

    #[test]
    fn closing_fails_queued_and_waiting_callers() {
        let pipe = Pipe::new(1);
        let (_, w) = waker();
        let mut queued = pipe.call(msg());
        assert!(poll(&mut queued, &w).is_pending());
        let (c, w2) = waker();
        let mut waiting = pipe.call(msg());
        assert!(poll(&mut waiting, &w2).is_pending());
        let left = pipe.close();
        assert_eq!(left.len(), 1);
        assert_eq!(c.0.load(Ordering::Relaxed), 1);
        assert!(matches!(
            poll(&mut waiting, &w2),
            Poll::Ready(Err(Error::Closed))
        ));
        drop(left); // the driver fails what was queued (here: dropped, so Closed)
        assert!(matches!(
            poll(&mut queued, &w),
            Poll::Ready(Err(Error::Closed))
        ));
        let mut after = pipe.call(msg());
        assert!(matches!(
            poll(&mut after, &w),
            Poll::Ready(Err(Error::Closed))
        ));
        let mut group = pipe.push(Work::Many(Box::new(super::super::Many {
            items: VecDeque::new(),
        })));
        assert!(matches!(poll(&mut group, &w), Poll::Ready(Err(_))));
    }

    #[test]
    fn the_driver_sees_the_end_once_handles_are_gone_and_the_queue_is_empty() {
        let pipe = Pipe::new(4);
        let (_, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        pipe.senders_gone();
        let (took, reqs) = take(&pipe, 8);
        assert!(matches!(took, Took::Some));
        assert!(matches!(take(&pipe, 8).0, Took::Gone));
        drop((reqs, call));
    }

    #[test]
    fn the_driver_is_woken_when_work_arrives() {
        let pipe = Pipe::new(4);
        let (driver, dw) = waker();
        let mut into = VecDeque::new();
        let took = pipe.poll_take(&mut Context::from_waker(&dw), &mut into, 8, &mut Vec::new());
        assert!(matches!(took, Took::Pending));
        let (_, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        let mut call2 = pipe.call(msg());
        assert!(poll(&mut call2, &w).is_pending());
        assert_eq!(
            driver.0.load(Ordering::Relaxed),
            1,
            "woken once, not per request"
        );
    }
    /// The bookkeeping holds together: each slot is in exactly the place its state says.
    fn check(pipe: &Pipe) {
        let g = lock(&pipe.inner);
        let free: std::collections::HashSet<u32> = g.free.iter().copied().collect();
        assert_eq!(free.len(), g.free.len(), "a slot freed twice");
        let mut granted = 0;
        for (k, slot) in g.slots.iter().enumerate() {
            let k = k as u32;
            assert_eq!(matches!(slot, Slot::Free), free.contains(&k), "slot {k}");
            match slot {
                Slot::Line(_) => assert!(g.line.contains(&k), "slot {k} waits but is not in line"),
                Slot::Granted(_) => granted += 1,
                _ => {}
            }
        }
        for &k in &g.line {
            assert!(
                matches!(g.slots.get(k as usize), Some(Slot::Line(_))),
                "line has {k}"
            );
        }
        if !g.closed {
            assert_eq!(g.reserved, granted, "reserved places");
            assert!(g.queue.len() + g.reserved <= g.capacity, "over capacity");
        }
        assert!(g.trash.is_empty(), "wakers left in the trash");
    }

    #[test]
    fn random_callers_giving_up_and_answers_keep_the_books() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for capacity in [1, 2, 5] {
            let pipe = Pipe::new(capacity);
            let (_, w) = waker();
            let mut calls: Vec<Call<'_>> = Vec::new();
            let mut in_flight: VecDeque<Req> = VecDeque::new();
            let (mut made, mut ended) = (0, 0);
            for _ in 0..1500 {
                match next(6) {
                    0 | 1 => {
                        let mut c = pipe.call(msg());
                        made += 1;
                        if poll(&mut c, &w).is_ready() {
                            ended += 1;
                        } else {
                            calls.push(c);
                        }
                    }
                    2 if !calls.is_empty() => {
                        let i = next(calls.len());
                        if poll(&mut calls[i], &w).is_ready() {
                            drop(calls.swap_remove(i));
                            ended += 1;
                        }
                    }
                    3 if !calls.is_empty() => {
                        drop(calls.swap_remove(next(calls.len())));
                        ended += 1; // gave up
                    }
                    4 => {
                        let want = in_flight.len() + 1 + next(3);
                        let _ = pipe.poll_take(
                            &mut Context::from_waker(&w),
                            &mut in_flight,
                            want,
                            &mut Vec::new(),
                        );
                    }
                    _ if !in_flight.is_empty() => {
                        let i = next(in_flight.len());
                        if let Some(req) = in_flight.remove(i) {
                            if next(4) == 0 { drop(req) } else { answer(req) }
                        }
                    }
                    _ => {}
                }
                check(&pipe);
            }
            // Whatever is left ends in one outcome each.
            drop(pipe.close());
            while let Some(req) = in_flight.pop_front() {
                answer(req);
            }
            for mut c in calls.drain(..) {
                assert!(poll(&mut c, &w).is_ready(), "every caller ends");
                ended += 1;
            }
            assert_eq!(made, ended);
            let g = lock(&pipe.inner);
            assert!(
                g.slots.iter().all(|s| matches!(s, Slot::Free)),
                "no slot left in use"
            );
        }
    }

    #[test]
    fn a_place_given_to_a_caller_is_taken_back_when_the_pipe_closes() {
        let pipe = Pipe::new(1);
        let (_, w) = waker();
        let mut first = pipe.call(msg());
        assert!(poll(&mut first, &w).is_pending());
        let (c, w2) = waker();
        let mut second = pipe.call(msg());
        assert!(poll(&mut second, &w2).is_pending());
        let (_, reqs) = take(&pipe, 1); // the second is granted a place, not yet polled
        assert_eq!(c.0.load(Ordering::Relaxed), 1);
        drop(pipe.close());
        assert!(matches!(
            poll(&mut second, &w2),
            Poll::Ready(Err(Error::Closed))
        ));
        drop((first, reqs));
        check(&pipe);
    }

    #[test]
    fn a_group_waits_in_line_and_counts_as_one_entry() {
        let pipe = Pipe::new(1);
        let (_, w) = waker();
        let group = |n: usize| {
            Work::Many(Box::new(super::super::Many {
                items: (0..n)
                    .map(|_| Req {
                        msg: msg(),
                        reply: Reply::One(tokio::sync::oneshot::channel().0),
                        attempts: 0,
                    })
                    .collect(),
            }))
        };
        let mut a = pipe.push(group(3));
        assert!(matches!(poll(&mut a, &w), Poll::Ready(Ok(()))));
        let (c, w2) = waker();
        let mut b = pipe.push(group(2));
        assert!(
            poll(&mut b, &w2).is_pending(),
            "the queue's one entry is taken"
        );
        let (_, reqs) = take(&pipe, 10);
        assert_eq!(reqs.len(), 3, "a whole group at once");
        assert_eq!(c.0.load(Ordering::Relaxed), 1);
        assert!(matches!(poll(&mut b, &w2), Poll::Ready(Ok(()))));
        let mut c3 = pipe.push(group(1));
        assert!(poll(&mut c3, &w).is_pending());
        drop(c3); // leaves the line
        check(&pipe);
        assert!(lock(&pipe.inner).line.is_empty());
    }

    #[test]
    fn the_driver_takes_no_more_than_it_wants() {
        let pipe = Pipe::new(8);
        let (_, w) = waker();
        let mut calls: Vec<_> = (0..5).map(|_| pipe.call(msg())).collect();
        for c in &mut calls {
            assert!(poll(c, &w).is_pending());
        }
        let (_, mut reqs) = take(&pipe, 2);
        assert_eq!(reqs.len(), 2);
        let more = pipe.poll_take(&mut Context::from_waker(&w), &mut reqs, 2, &mut Vec::new());
        assert!(matches!(more, Took::Some), "it has enough in hand");
        assert_eq!(reqs.len(), 2);
        assert_eq!(lock(&pipe.inner).queue.len(), 3);
    }

    #[test]
    fn an_outcome_nobody_takes_frees_its_slot() {
        let pipe = Pipe::new(4);
        let (_, w) = waker();
        let mut call = pipe.call(msg());
        assert!(poll(&mut call, &w).is_pending());
        let (_, mut reqs) = take(&pipe, 8);
        answer(reqs.pop_front().expect("one"));
        drop(call);
        check(&pipe);
        assert!(matches!(lock(&pipe.inner).slots.first(), Some(Slot::Free)));
    }

    #[test]
    fn a_large_table_is_let_go_once_idle() {
        let pipe = Pipe::new(IDLE_SLOTS * 2);
        let (_, w) = waker();
        let mut calls: Vec<_> = (0..IDLE_SLOTS + 10).map(|_| pipe.call(msg())).collect();
        for c in &mut calls {
            assert!(poll(c, &w).is_pending());
        }
        drop(calls); // abandoned while queued
        let _ = take(&pipe, IDLE_SLOTS * 2);
        let g = lock(&pipe.inner);
        assert_eq!(g.slots.capacity(), 0);
        assert!(g.free.is_empty());
    }
}

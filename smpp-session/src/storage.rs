//! Where a session keeps its buffers: caller-provided slices (no allocation at all) or owned
//! vectors (with `alloc`). Borrowed slices never change size; owned byte buffers start small
//! and grow on demand up to the configured capacity, so an idle session stays small.

use core::ops::{Deref, DerefMut};

use crate::inflight::Slot;

/// A buffer that is either borrowed or owned (smoltcp's `ManagedSlice` idea).
#[derive(Debug)]
pub(crate) enum Managed<'s, T> {
    Borrowed(&'s mut [T]),
    /// An owned buffer and the most it may grow to.
    #[cfg(feature = "alloc")]
    Owned(alloc::vec::Vec<T>, usize),
}

/// Owned byte buffers start at this size (or their capacity, if smaller): room for a bind
/// and its response, so a session that binds and idles touches little memory.
#[cfg(feature = "alloc")]
pub(crate) const INITIAL_OWNED: usize = 1024;

impl Managed<'_, u8> {
    /// The most this buffer can hold.
    pub(crate) fn capacity(&self) -> usize {
        match self {
            Self::Borrowed(s) => s.len(),
            #[cfg(feature = "alloc")]
            Self::Owned(_, cap) => *cap,
        }
    }

    /// Grows an owned buffer so that it holds at least `need` octets (doubling, within its
    /// capacity). Borrowed slices stay as they are.
    pub(crate) fn grow(&mut self, need: usize) {
        #[cfg(feature = "alloc")]
        if let Self::Owned(v, cap) = self {
            if v.len() < need {
                let len = need.max(v.len() * 2).min(*cap);
                v.resize(len, 0);
            }
        }
        #[cfg(not(feature = "alloc"))]
        let _ = need;
    }
}

impl<T> Deref for Managed<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Self::Borrowed(s) => s,
            #[cfg(feature = "alloc")]
            Self::Owned(v, _) => v,
        }
    }
}

impl<T> DerefMut for Managed<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Self::Borrowed(s) => s,
            #[cfg(feature = "alloc")]
            Self::Owned(v, _) => v,
        }
    }
}

/// The memory a session works in.
#[derive(Debug)]
pub struct Storage<'s> {
    pub(crate) rx: Managed<'s, u8>,
    pub(crate) tx: Managed<'s, u8>,
    pub(crate) slots: Managed<'s, Slot>,
}

impl<'s> Storage<'s> {
    /// Storage in caller-provided slices. `slots` needs [`crate::Config::slots_needed`]
    /// entries (fewer shrink the window); `rx` should hold the largest PDU accepted.
    ///
    /// ```
    /// use smpp_session::{Config, Instant, Role, Session, Slot, Storage};
    /// let (mut rx, mut tx) = ([0u8; 4096], [0u8; 4096]);
    /// let mut slots = [Slot::EMPTY; 13];
    /// let config = Config::default().window(10).max_command_length(4096);
    /// let session = Session::new(Role::Esme, config, Storage::borrowed(&mut rx, &mut tx, &mut slots), Instant::ZERO);
    /// assert_eq!(session.window(), 10);
    /// ```
    pub fn borrowed(rx: &'s mut [u8], tx: &'s mut [u8], slots: &'s mut [Slot]) -> Self {
        slots.fill(Slot::EMPTY);
        Self {
            rx: Managed::Borrowed(rx),
            tx: Managed::Borrowed(tx),
            slots: Managed::Borrowed(slots),
        }
    }
}

#[cfg(feature = "alloc")]
impl Storage<'static> {
    /// Owned storage sized from the configuration: the receive buffer may grow to
    /// `max(rx_capacity, max_command_length)` and the transmit buffer to `tx_capacity`, both
    /// starting at 1 KiB; the in-flight slots are allocated at once.
    pub fn owned(config: &crate::Config) -> Self {
        let rx_cap = config.rx_capacity.max(config.max_command_length as usize);
        let tx_cap = config.tx_capacity.max(64);
        Self {
            rx: Managed::Owned(alloc::vec![0; rx_cap.min(INITIAL_OWNED)], rx_cap),
            tx: Managed::Owned(alloc::vec![0; tx_cap.min(INITIAL_OWNED)], tx_cap),
            slots: {
                let n = config.slots_needed();
                Managed::Owned(alloc::vec![Slot::EMPTY; n], n)
            },
        }
    }
}

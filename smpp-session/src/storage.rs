//! Where a session keeps its buffers: caller-provided slices (no allocation at all) or owned
//! vectors (with `alloc`). Sized once, when the session is made; nothing grows afterwards.

use core::ops::{Deref, DerefMut};

use crate::inflight::Slot;

/// A buffer that is either borrowed or owned (smoltcp's `ManagedSlice` idea).
#[derive(Debug)]
pub(crate) enum Managed<'s, T> {
    Borrowed(&'s mut [T]),
    #[cfg(feature = "alloc")]
    Owned(alloc::vec::Vec<T>),
}

impl<T> Deref for Managed<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Self::Borrowed(s) => s,
            #[cfg(feature = "alloc")]
            Self::Owned(v) => v,
        }
    }
}

impl<T> DerefMut for Managed<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Self::Borrowed(s) => s,
            #[cfg(feature = "alloc")]
            Self::Owned(v) => v,
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
    /// Owned storage sized from the configuration.
    pub fn owned(config: &crate::Config) -> Self {
        Self {
            rx: Managed::Owned(
                alloc::vec![0; config.rx_capacity.max(config.max_command_length as usize)],
            ),
            tx: Managed::Owned(alloc::vec![0; config.tx_capacity.max(64)]),
            slots: Managed::Owned(alloc::vec![Slot::EMPTY; config.slots_needed()]),
        }
    }
}

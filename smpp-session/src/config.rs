//! Session settings, with role defaults.

use core::time::Duration;

use smpp_proto::{DEFAULT_MAX_COMMAND_LENGTH, InterfaceVersion};

/// A send-rate limit: a token bucket refilled at `per_second`, holding at most `burst` tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Messages per second.
    pub per_second: u32,
    /// Messages that may go out back to back after an idle spell.
    pub burst: u32,
}

/// Session settings. Start from [`Config::default`] and change what you need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Largest number of our own requests awaiting a response (the window).
    pub window: u16,
    /// Largest command_length accepted from the peer; larger ones are answered with
    /// generic_nack ESME_RINVCMDLEN and the session closes.
    pub max_command_length: u32,
    /// How long to wait for each response (SMPP response_timer).
    pub response_timeout: Duration,
    /// Send enquire_link after the link has been this long without a received PDU.
    pub enquire_link_interval: Option<Duration>,
    /// Unbind after this long without a transaction (anything but enquire_link).
    pub inactivity_timeout: Option<Duration>,
    /// Close a connection that is not bound after this long (SMPP session_init_timer).
    pub session_init_timeout: Option<Duration>,
    /// Limit on message-carrying requests (submit_sm, deliver_sm, data_sm, ...).
    pub send_rate: Option<RateLimit>,
    /// The interface_version we speak.
    pub interface_version: InterfaceVersion,
    /// Receive buffer size for owned storage (at least `max_command_length`).
    pub rx_capacity: usize,
    /// Transmit buffer size for owned storage.
    pub tx_capacity: usize,
    /// The first sequence number to use (1 unless resuming numbering or testing the wrap).
    pub first_sequence_number: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            window: 64,
            max_command_length: DEFAULT_MAX_COMMAND_LENGTH,
            response_timeout: Duration::from_secs(30),
            enquire_link_interval: Some(Duration::from_secs(30)),
            inactivity_timeout: None,
            session_init_timeout: Some(Duration::from_secs(60)),
            send_rate: None,
            interface_version: InterfaceVersion::V34,
            rx_capacity: DEFAULT_MAX_COMMAND_LENGTH as usize * 2,
            tx_capacity: DEFAULT_MAX_COMMAND_LENGTH as usize * 2,
            first_sequence_number: 1,
        }
    }
}

impl Config {
    /// Sets the window.
    pub fn window(mut self, w: u16) -> Self {
        self.window = w.max(1);
        self
    }

    /// Sets the response timeout.
    pub fn response_timeout(mut self, d: Duration) -> Self {
        self.response_timeout = d;
        self
    }

    /// Sets (or disables) the enquire_link interval.
    pub fn enquire_link_interval(mut self, d: Option<Duration>) -> Self {
        self.enquire_link_interval = d;
        self
    }

    /// Sets (or disables) the inactivity timeout.
    pub fn inactivity_timeout(mut self, d: Option<Duration>) -> Self {
        self.inactivity_timeout = d;
        self
    }

    /// Sets (or disables) the session-init timeout.
    pub fn session_init_timeout(mut self, d: Option<Duration>) -> Self {
        self.session_init_timeout = d;
        self
    }

    /// Sets (or removes) the send-rate limit.
    pub fn send_rate(mut self, r: Option<RateLimit>) -> Self {
        self.send_rate = r;
        self
    }

    /// Sets the largest command_length accepted (and grows the owned receive buffer to fit).
    pub fn max_command_length(mut self, n: u32) -> Self {
        self.max_command_length = n.max(16);
        self.rx_capacity = self.rx_capacity.max(n as usize);
        self
    }

    /// Sets the owned buffer sizes.
    pub fn buffers(mut self, rx: usize, tx: usize) -> Self {
        self.rx_capacity = rx;
        self.tx_capacity = tx;
        self
    }

    /// Sets the interface_version we speak.
    pub fn interface_version(mut self, v: InterfaceVersion) -> Self {
        self.interface_version = v;
        self
    }

    /// Number of in-flight slots the session needs: the window plus room for its own
    /// bind, enquire_link and unbind.
    pub fn slots_needed(&self) -> usize {
        usize::from(self.window) + 3
    }
}

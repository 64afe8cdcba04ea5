//! How a [`crate::Client`] binds and behaves.

use std::sync::Arc;
use std::time::Duration;

use smpp_proto::text::DefaultAlphabet;
use smpp_proto::{CommandStatus, InterfaceVersion, Npi, Ton};
use smpp_session::{BindKind, Config, RateLimit};

use super::delivery::Delivery;

/// A handler that sees every delivery before it is queued: return `ESME_ROK` to accept it
/// (it is then queued for [`crate::Client::deliveries`]) or another status to refuse it
/// (the SMSC gets that status in deliver_sm_resp and the delivery is not queued).
pub type DeliveryHandler = Arc<dyn Fn(&Delivery) -> CommandStatus + Send + Sync>;

/// Reconnection after a lost connection: exponential back-off with jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconnect {
    /// First delay.
    pub initial: Duration,
    /// Largest delay.
    pub max: Duration,
    /// Give up after this many failed attempts in a row (`None`: never).
    pub max_attempts: Option<u32>,
}

impl Default for Reconnect {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(250),
            max: Duration::from_secs(30),
            max_attempts: None,
        }
    }
}

/// How to react to ESME_RTHROTTLED and ESME_RMSGQFUL: pause all sending for a delay that
/// doubles with each refusal in a row (reset by an accepted request), then send the refused
/// request again, at most `retries` times before its caller gets the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// First pause.
    pub initial: Duration,
    /// Longest pause.
    pub max: Duration,
    /// Resends of one request before giving up (0: report the status at once).
    pub retries: u32,
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(5),
            retries: 8,
        }
    }
}

/// Everything [`crate::Client::connect`] needs besides the address. Start from
/// [`ClientOptions::new`] and change what you need.
///
/// ```
/// use std::time::Duration;
/// use smpp_tokio::{BindKind, ClientOptions, Reconnect};
/// let options = ClientOptions::new("esme", "secret")
///     .bind(BindKind::Transmitter)
///     .window(32)
///     .response_timeout(Duration::from_secs(10))
///     .reconnect(Some(Reconnect::default()));
/// assert_eq!(options.window, 32);
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ClientOptions {
    /// system_id (at most 15 characters).
    pub system_id: String,
    /// password (at most 8 characters).
    pub password: String,
    /// system_type (at most 12 characters).
    pub system_type: String,
    /// Transmitter, receiver or transceiver.
    pub bind: BindKind,
    /// interface_version sent in the bind (and spoken).
    pub interface_version: InterfaceVersion,
    /// TON of address_range.
    pub addr_ton: Ton,
    /// NPI of address_range.
    pub addr_npi: Npi,
    /// address_range (at most 40 characters).
    pub address_range: String,
    /// Requests awaiting a response at most; more wait (back-pressure).
    pub window: u16,
    /// How long each request waits for its response.
    pub response_timeout: Duration,
    /// Send enquire_link after this long without traffic (`None`: never).
    pub enquire_link_interval: Option<Duration>,
    /// Limit on message-carrying requests per second.
    pub send_rate: Option<RateLimit>,
    /// Connecting and binding together may take this long.
    pub connect_timeout: Duration,
    /// Reconnect and rebind after a lost connection (`None`: the client closes).
    pub reconnect: Option<Reconnect>,
    /// Back-off on ESME_RTHROTTLED / ESME_RMSGQFUL.
    pub throttle: Throttle,
    /// Deliveries held for [`crate::Client::deliveries`] at most; beyond it, deliver_sm is
    /// answered ESME_RX_T_APPN (the SMSC retries later) and nothing is lost.
    pub deliveries_capacity: usize,
    /// Sees each delivery first and may refuse it with a status.
    pub delivery_handler: Option<DeliveryHandler>,
    /// What data_coding 0 means on this link (for decoding and for `send_message`).
    pub default_alphabet: DefaultAlphabet,
    /// How long the parts of a long incoming message are awaited (then it is delivered with
    /// the parts that arrived).
    pub reassembly_timeout: Duration,
    /// Largest PDU accepted from the SMSC.
    pub max_command_length: u32,
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("system_id", &self.system_id)
            .field("system_type", &self.system_type)
            .field("bind", &self.bind)
            .field("interface_version", &self.interface_version)
            .field("window", &self.window)
            .field("response_timeout", &self.response_timeout)
            .field("reconnect", &self.reconnect)
            .finish_non_exhaustive()
    }
}

impl ClientOptions {
    /// Options for this login, bound as a transceiver, SMPP 3.4, window 64, 30 s response
    /// timeout, enquire_link every 30 s idle, no reconnection.
    pub fn new(system_id: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            system_id: system_id.into(),
            password: password.into(),
            system_type: String::new(),
            bind: BindKind::Transceiver,
            interface_version: InterfaceVersion::V34,
            addr_ton: Ton::UNKNOWN,
            addr_npi: Npi::UNKNOWN,
            address_range: String::new(),
            window: 64,
            response_timeout: Duration::from_secs(30),
            enquire_link_interval: Some(Duration::from_secs(30)),
            send_rate: None,
            connect_timeout: Duration::from_secs(10),
            reconnect: None,
            throttle: Throttle::default(),
            deliveries_capacity: 1024,
            delivery_handler: None,
            default_alphabet: DefaultAlphabet::Gsm7,
            reassembly_timeout: Duration::from_secs(300),
            max_command_length: smpp_proto::DEFAULT_MAX_COMMAND_LENGTH,
        }
    }

    /// Sets the bind kind.
    pub fn bind(mut self, kind: BindKind) -> Self {
        self.bind = kind;
        self
    }

    /// Sets system_type.
    pub fn system_type(mut self, v: impl Into<String>) -> Self {
        self.system_type = v.into();
        self
    }

    /// Sets the interface_version.
    pub fn interface_version(mut self, v: InterfaceVersion) -> Self {
        self.interface_version = v;
        self
    }

    /// Sets address_range with its TON and NPI.
    pub fn address_range(mut self, ton: Ton, npi: Npi, range: impl Into<String>) -> Self {
        self.addr_ton = ton;
        self.addr_npi = npi;
        self.address_range = range.into();
        self
    }

    /// Sets the window (at least 1).
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

    /// Sets (or removes) the send-rate limit.
    pub fn send_rate(mut self, r: Option<RateLimit>) -> Self {
        self.send_rate = r;
        self
    }

    /// Sets the connect-and-bind timeout.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Enables (or disables) reconnection.
    pub fn reconnect(mut self, r: Option<Reconnect>) -> Self {
        self.reconnect = r;
        self
    }

    /// Sets the throttling back-off.
    pub fn throttle(mut self, t: Throttle) -> Self {
        self.throttle = t;
        self
    }

    /// Sets how many deliveries are held for [`crate::Client::deliveries`].
    pub fn deliveries_capacity(mut self, n: usize) -> Self {
        self.deliveries_capacity = n.max(1);
        self
    }

    /// Sets a handler that sees each delivery first and answers its status. It runs on the
    /// client's driver: keep it quick, and do not let it panic (a panic ends the client, and
    /// every request then fails with [`crate::Error::Closed`]).
    pub fn delivery_handler(
        mut self,
        f: impl Fn(&Delivery) -> CommandStatus + Send + Sync + 'static,
    ) -> Self {
        self.delivery_handler = Some(Arc::new(f));
        self
    }

    /// Sets how long the parts of a long incoming message are awaited (then it is delivered
    /// with the parts that arrived; see [`crate::MoMessage::missing_parts`]).
    pub fn reassembly_timeout(mut self, d: Duration) -> Self {
        self.reassembly_timeout = d;
        self
    }

    /// Sets what data_coding 0 means on this link.
    pub fn default_alphabet(mut self, a: DefaultAlphabet) -> Self {
        self.default_alphabet = a;
        self
    }

    /// The session configuration these options ask for.
    pub(crate) fn session_config(&self) -> Config {
        let mut c = Config::default()
            .window(self.window)
            .response_timeout(self.response_timeout)
            .enquire_link_interval(self.enquire_link_interval)
            .send_rate(self.send_rate)
            .interface_version(self.interface_version)
            .max_command_length(self.max_command_length)
            // The driver binds within connect_timeout itself.
            .session_init_timeout(None);
        // The driver drains the transmit buffer before every command, so it only needs
        // room for one PDU of each kind at a time; a smaller buffer keeps clients light.
        c = c.buffers(
            self.max_command_length as usize,
            self.max_command_length as usize,
        );
        c
    }
}

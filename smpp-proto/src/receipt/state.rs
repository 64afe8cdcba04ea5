//! The `stat:` field of a receipt and its link to the SMPP `message_state` values.

use core::fmt;

/// SMPP `message_state` values (reference §6.6; query_sm_resp field and TLV 0x0427).
pub mod message_state {
    /// 5.0 only: scheduled for later delivery.
    pub const SCHEDULED: u8 = 0;
    /// In transit.
    pub const ENROUTE: u8 = 1;
    /// Delivered to the destination.
    pub const DELIVERED: u8 = 2;
    /// Validity period expired.
    pub const EXPIRED: u8 = 3;
    /// Deleted.
    pub const DELETED: u8 = 4;
    /// Undeliverable.
    pub const UNDELIVERABLE: u8 = 5;
    /// Accepted (e.g. read on the subscriber's behalf by customer care).
    pub const ACCEPTED: u8 = 6;
    /// Invalid or unknown state.
    pub const UNKNOWN: u8 = 7;
    /// Rejected.
    pub const REJECTED: u8 = 8;
    /// 5.0 only: skipped.
    pub const SKIPPED: u8 = 9;
}

/// The state reported by a receipt's `stat:` field.
///
/// Reading is case-insensitive and also accepts the long names `DELIVERED`,
/// `UNDELIVERABLE`, `ACCEPTED` and `REJECTED`; anything else is kept as
/// [`DeliveryState::Other`] rather than refused.
///
/// ```
/// use smpp_proto::receipt::{DeliveryState, message_state};
/// assert_eq!(DeliveryState::parse("delivrd"), DeliveryState::Delivered);
/// assert_eq!(DeliveryState::Delivered.as_str(), "DELIVRD");
/// assert_eq!(DeliveryState::Delivered.message_state(), message_state::DELIVERED);
/// assert_eq!(DeliveryState::parse("BADSTAT"), DeliveryState::Other("BADSTAT"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState<'a> {
    /// `ENROUTE`: intermediate, still in transit.
    Enroute,
    /// `DELIVRD`: delivered.
    Delivered,
    /// `EXPIRED`: validity period expired.
    Expired,
    /// `DELETED`: deleted.
    Deleted,
    /// `UNDELIV`: undeliverable.
    Undeliverable,
    /// `ACCEPTD`: accepted.
    Accepted,
    /// `UNKNOWN`: unknown state.
    Unknown,
    /// `REJECTD`: rejected.
    Rejected,
    /// `STATERR`: failed by a system or status error (one provider's extension).
    StatErr,
    /// Any other text, kept as received.
    Other(&'a str),
}

impl<'a> DeliveryState<'a> {
    /// Reads a `stat:` value (case-insensitive); unknown text becomes [`DeliveryState::Other`].
    pub fn parse(text: &'a str) -> Self {
        Self::known(text.as_bytes()).unwrap_or(Self::Other(text))
    }

    /// The known state `text` names (any case), if any.
    pub(crate) fn known(text: &[u8]) -> Option<Self> {
        if let Some(word) = text.first_chunk::<7>().filter(|_| text.len() == 7) {
            // Letters differ from their capitals only in bit 0x20, and every name is
            // letters only, so OR-ing 0x20 into each byte compares ignoring case.
            return Some(match fold7(word) {
                ENROUTE => Self::Enroute,
                DELIVRD => Self::Delivered,
                EXPIRED => Self::Expired,
                DELETED => Self::Deleted,
                UNDELIV => Self::Undeliverable,
                ACCEPTD => Self::Accepted,
                UNKNOWN => Self::Unknown,
                REJECTD => Self::Rejected,
                STATERR => Self::StatErr,
                _ => return None,
            });
        }
        let eq = |name: &[u8]| text.eq_ignore_ascii_case(name);
        if eq(b"DELIVERED") {
            Some(Self::Delivered)
        } else if eq(b"UNDELIVERABLE") {
            Some(Self::Undeliverable)
        } else if eq(b"ACCEPTED") {
            Some(Self::Accepted)
        } else if eq(b"REJECTED") {
            Some(Self::Rejected)
        } else {
            None
        }
    }

    /// The 7-character text form (`DELIVRD`, …); [`DeliveryState::Other`] gives its text back.
    pub const fn as_str(&self) -> &'a str {
        match self {
            Self::Enroute => "ENROUTE",
            Self::Delivered => "DELIVRD",
            Self::Expired => "EXPIRED",
            Self::Deleted => "DELETED",
            Self::Undeliverable => "UNDELIV",
            Self::Accepted => "ACCEPTD",
            Self::Unknown => "UNKNOWN",
            Self::Rejected => "REJECTD",
            Self::StatErr => "STATERR",
            Self::Other(text) => text,
        }
    }

    /// The SMPP `message_state` value (see [`message_state`]).
    ///
    /// `STATERR` has no standard value and maps to `UNDELIVERABLE` (it is a final
    /// failure); [`DeliveryState::Other`] maps to `UNKNOWN`, as the reference advises.
    pub const fn message_state(&self) -> u8 {
        match self {
            Self::Enroute => message_state::ENROUTE,
            Self::Delivered => message_state::DELIVERED,
            Self::Expired => message_state::EXPIRED,
            Self::Deleted => message_state::DELETED,
            Self::Undeliverable | Self::StatErr => message_state::UNDELIVERABLE,
            Self::Accepted => message_state::ACCEPTED,
            Self::Unknown | Self::Other(_) => message_state::UNKNOWN,
            Self::Rejected => message_state::REJECTED,
        }
    }

    /// The receipt state for an SMPP `message_state` value.
    ///
    /// `None` for `SCHEDULED` (0) and `SKIPPED` (9), which have no standard receipt
    /// text, and for values above 9.
    pub const fn from_message_state(value: u8) -> Option<DeliveryState<'static>> {
        Some(match value {
            message_state::ENROUTE => DeliveryState::Enroute,
            message_state::DELIVERED => DeliveryState::Delivered,
            message_state::EXPIRED => DeliveryState::Expired,
            message_state::DELETED => DeliveryState::Deleted,
            message_state::UNDELIVERABLE => DeliveryState::Undeliverable,
            message_state::ACCEPTED => DeliveryState::Accepted,
            message_state::UNKNOWN => DeliveryState::Unknown,
            message_state::REJECTED => DeliveryState::Rejected,
            _ => return None,
        })
    }

    /// Whether the state is final. `ENROUTE` is intermediate; [`DeliveryState::Other`]
    /// is not known to be final, so this returns `false` for it.
    pub const fn is_final(&self) -> bool {
        !matches!(self, Self::Enroute | Self::Other(_))
    }
}

const fn fold7(word: &[u8; 7]) -> u64 {
    let [a, b, c, d, e, f, g] = *word;
    u64::from_le_bytes([a, b, c, d, e, f, g, 0]) | 0x0020_2020_2020_2020
}

const ENROUTE: u64 = fold7(b"ENROUTE");
const DELIVRD: u64 = fold7(b"DELIVRD");
const EXPIRED: u64 = fold7(b"EXPIRED");
const DELETED: u64 = fold7(b"DELETED");
const UNDELIV: u64 = fold7(b"UNDELIV");
const ACCEPTD: u64 = fold7(b"ACCEPTD");
const UNKNOWN: u64 = fold7(b"UNKNOWN");
const REJECTD: u64 = fold7(b"REJECTD");
const STATERR: u64 = fold7(b"STATERR");

impl fmt::Display for DeliveryState<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

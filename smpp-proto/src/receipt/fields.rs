//! The fields of a delivery receipt.

use core::fmt;

use super::{DeliveryState, ReceiptDate};

/// A delivery receipt, borrowing its text fields from the `short_message` it was read from.
///
/// Field names follow the receipt keys. Every field but `id` may be absent. Built by
/// [`parse_receipt`](super::parse_receipt) on the ESME side, or by hand (with
/// [`Receipt::new`] and struct update syntax) on the SMSC side, then written with
/// [`Receipt::encode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Receipt<'a> {
    /// `id:` — the SMSC message id of the original submission, as written (see
    /// [`ids_match`](super::ids_match) to compare it with a submit_sm_resp id).
    pub id: &'a str,
    /// `sub:` — number of short messages originally submitted.
    pub sub: Option<u32>,
    /// `dlvrd:` — number of those delivered.
    pub dlvrd: Option<u32>,
    /// `submit date:` — when the original was submitted (all-zero dates read as `None`).
    pub submit_date: Option<ReceiptDate>,
    /// `done date:` — when it reached this state (all-zero dates read as `None`).
    pub done_date: Option<ReceiptDate>,
    /// `stat:` — the delivery state.
    pub stat: Option<DeliveryState<'a>>,
    /// `err:` — network- or SMSC-specific error code.
    pub err: Option<ErrorCode<'a>>,
    /// `text:` — raw bytes of the value (usually the first 20 characters of the
    /// original message, in an encoding only the SMSC knows). `Some(b"")` when the key
    /// is present with no value; see [`Receipt::text_content`].
    pub text: Option<&'a [u8]>,
}

impl<'a> Receipt<'a> {
    /// A receipt with this id and every other field absent.
    ///
    /// ```
    /// use smpp_proto::receipt::{DeliveryState, ErrorCode, Receipt};
    /// let r = Receipt {
    ///     stat: Some(DeliveryState::Delivered),
    ///     err: Some(ErrorCode::Numeric(0)),
    ///     ..Receipt::new("0123456789")
    /// };
    /// assert_eq!(r.id, "0123456789");
    /// ```
    pub const fn new(id: &'a str) -> Self {
        Self {
            id,
            sub: None,
            dlvrd: None,
            submit_date: None,
            done_date: None,
            stat: None,
            err: None,
            text: None,
        }
    }

    /// The message text, or `None` when the `text:` key is missing, empty, or `none`
    /// (any case), a placeholder some SMSCs send.
    pub fn text_content(&self) -> Option<&'a [u8]> {
        self.text
            .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case(b"none"))
    }
}

/// The `err:` field: a number when it is all decimal digits (and fits a `u32`),
/// otherwise the text as received (e.g. `21b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode<'a> {
    /// A decimal error code (written zero-padded to 3 digits).
    Numeric(u32),
    /// Any other value.
    Other(&'a str),
}

impl ErrorCode<'_> {
    /// The numeric value, if the code is numeric.
    pub const fn as_number(&self) -> Option<u32> {
        match self {
            Self::Numeric(n) => Some(*n),
            Self::Other(_) => None,
        }
    }
}

impl fmt::Display for ErrorCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Numeric(n) => write!(f, "{n:03}"),
            Self::Other(text) => f.write_str(text),
        }
    }
}

//! Matching a receipt's message id with the id from submit_sm_resp.
//!
//! SMSCs disagree with themselves: one gives the id in hexadecimal in submit_sm_resp and
//! in decimal in the receipt (or the reverse), zero-pads one and not the other, or
//! changes letter case. Following the reference recipe, ids are compared as strings,
//! then as decimal numbers, then across hex↔decimal, after stripping leading zeros.
//!
//! The comparison is deliberately permissive, and ambiguous: a digits-only id such as
//! `10` reads as ten in decimal and as sixteen in hexadecimal, so it matches both `10`
//! and `16`. For the long ids SMSCs issue, a false match needs two messages in flight
//! whose ids collide across bases, which is unlikely but possible; use
//! [`NormalizedId::matches_same_base`] where the SMSC is known to be consistent.

/// A message id reduced to what matters for matching: its numeric readings, or, when
/// it is a number in neither base, its text without leading zeros (compared ignoring
/// ASCII case).
///
/// The derived `==` is structural (case-sensitive for [`NormalizedId::Text`]); use
/// [`NormalizedId::matches`] to match ids.
///
/// ```
/// use smpp_proto::receipt::NormalizedId;
/// let id = NormalizedId::new("0x1F");
/// assert_eq!(id, NormalizedId::Numeric { decimal: None, hex: Some(31) });
/// assert!(NormalizedId::new("31").matches(&id));
/// assert!(!NormalizedId::new("31").matches_same_base(&id));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NormalizedId<'a> {
    /// The id is all decimal and/or all hexadecimal digits (an optional `0x` prefix
    /// marks it hex-only) and fits a `u128` in at least one of the two readings.
    Numeric {
        /// Value read as decimal, if it is all decimal digits and fits.
        decimal: Option<u128>,
        /// Value read as hexadecimal, if it is all hex digits and fits.
        hex: Option<u128>,
    },
    /// Anything else (UUIDs with dashes, object ids with non-hex letters, …),
    /// trimmed and without leading zeros. Compared ignoring ASCII case; an empty text
    /// matches nothing.
    Text(&'a str),
}

impl<'a> NormalizedId<'a> {
    /// Normalises an id: trims surrounding whitespace and NULs, then reads it as
    /// numbers where possible.
    pub fn new(id: &'a str) -> Self {
        let id = id.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0');
        if let Some(digits) = id.strip_prefix("0x").or_else(|| id.strip_prefix("0X")) {
            if let Some(hex) = parse_radix(digits, 16) {
                return Self::Numeric {
                    decimal: None,
                    hex: Some(hex),
                };
            }
        }
        let decimal = parse_radix(id, 10);
        let hex = parse_radix(id, 16);
        if decimal.is_some() || hex.is_some() {
            Self::Numeric { decimal, hex }
        } else {
            Self::Text(id.trim_start_matches('0'))
        }
    }

    /// Whether the two ids may name the same message: equal as text (ignoring case and
    /// leading zeros), equal as decimal or as hex numbers, or equal across bases
    /// (one's decimal value is the other's hex value). See the module docs on ambiguity.
    pub fn matches(&self, other: &Self) -> bool {
        self.matches_same_base(other)
            || match (self, other) {
                (
                    Self::Numeric {
                        decimal: d1,
                        hex: h1,
                    },
                    Self::Numeric {
                        decimal: d2,
                        hex: h2,
                    },
                ) => same(*d1, *h2) || same(*h1, *d2),
                _ => false,
            }
    }

    /// Like [`NormalizedId::matches`] but without the hex↔decimal step: both ids must
    /// agree when read in the same base.
    pub fn matches_same_base(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Self::Numeric {
                    decimal: d1,
                    hex: h1,
                },
                Self::Numeric {
                    decimal: d2,
                    hex: h2,
                },
            ) => same(*d1, *d2) || same(*h1, *h2),
            (Self::Text(a), Self::Text(b)) => !a.is_empty() && a.eq_ignore_ascii_case(b),
            _ => false,
        }
    }
}

/// Whether a submit_sm_resp id and a receipt id (the `receipted_message_id` TLV if
/// present, else the receipt's `id:`) may name the same message.
/// Shorthand for [`NormalizedId::matches`].
///
/// ```
/// use smpp_proto::receipt::ids_match;
/// assert!(ids_match("0123456789", "123456789"));       // leading zeros
/// assert!(ids_match("2E179B310EDE971B", "2e179b310ede971b")); // case
/// assert!(ids_match("1A2B3C", "1715004"));              // hex vs decimal
/// assert!(!ids_match("1A2B3C", "1715005"));
/// ```
pub fn ids_match(submit_resp_id: &str, receipt_id: &str) -> bool {
    NormalizedId::new(submit_resp_id).matches(&NormalizedId::new(receipt_id))
}

fn same(a: Option<u128>, b: Option<u128>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a == b)
}

/// Value of a non-empty string of digits in `radix`, if it fits a `u128`.
fn parse_radix(digits: &str, radix: u32) -> Option<u128> {
    if digits.is_empty() {
        return None;
    }
    digits.chars().try_fold(0u128, |acc, c| {
        let d = c.to_digit(radix)?;
        acc.checked_mul(u128::from(radix))?
            .checked_add(u128::from(d))
    })
}

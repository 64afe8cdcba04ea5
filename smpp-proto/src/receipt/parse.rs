//! Lenient, zero-copy reading of receipt text.

use core::fmt;

use super::fast::canonical;
use super::scan::{Key, is_space, match_key, next_token, token_end};
use super::{DeliveryState, ErrorCode, Receipt, ReceiptDate};

/// Why a `short_message` could not be read as a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptError {
    /// No receipt key (`id:`, `stat:`, …) was found at all.
    NotAReceipt,
    /// Receipt keys were found but no usable `id:` (missing, empty, or not UTF-8).
    /// Without an id the receipt cannot be matched to its submission; a caller that
    /// has the `receipted_message_id` TLV can still read `stat:` by other means.
    MissingId,
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAReceipt => "not a delivery receipt: no receipt fields found",
            Self::MissingId => "delivery receipt has no usable id field",
        })
    }
}

impl core::error::Error for ReceiptError {}

/// Reads a delivery receipt from a `short_message` (or `message_payload`).
///
/// Lenient by design:
/// - keys in any order and any case; `submitdate:` and `submit_date:` as well as
///   `submit date:` (likewise `done`);
/// - fields separated by any run of spaces or ASCII control bytes (tab, CR, LF, NUL…);
/// - unknown `key:value` tokens and unkeyed words skipped, trailing NULs ignored, the
///   first occurrence of a repeated key kept;
/// - a value ends at a separator, except `text:`, which runs to the end of the input
///   unless a separator followed by a key not seen yet comes first (so
///   `text: stat:DELIVRD` has an empty text and a state); a value separated from its
///   key (`id: 123`) is taken unless the next token is a key;
/// - a value that cannot be read (a malformed date, a non-numeric `sub:`) is left
///   `None`; a `stat:` that is not UTF-8 reads as [`DeliveryState::Unknown`], an `err:`
///   that is not UTF-8 as `None`. Bytes of `text:` are kept as they are.
///
/// The only errors are [`ReceiptError::NotAReceipt`] and [`ReceiptError::MissingId`].
/// Never panics; no allocation. Receipts whose keys come in the Appendix B order take
/// a straight-line fast path (one pass); any other layout is read by a general pass.
///
/// ```
/// use smpp_proto::receipt::{parse_receipt, DateForm, DeliveryState, ErrorCode};
/// let r = parse_receipt(b"id:0123456789 sub:001 dlvrd:001 submit date:2410151200 \
///     done date:2410151201 stat:DELIVRD err:000 text:Hello").unwrap();
/// assert_eq!(r.id, "0123456789");
/// assert_eq!(r.stat, Some(DeliveryState::Delivered));
/// assert_eq!(r.err, Some(ErrorCode::Numeric(0)));
/// assert_eq!(r.done_date.unwrap().minute(), 1);
/// assert_eq!(r.text, Some(&b"Hello"[..]));
///
/// let r = parse_receipt(b"id:670df2ee851e71bb6a7c2ads submit date:1728967406738 \
///     done date:1728967412772 stat:DELIVRD").unwrap();
/// assert_eq!(r.done_date.unwrap().form(), DateForm::EpochMillis);
/// assert_eq!(r.err, None);
/// ```
pub fn parse_receipt(input: &[u8]) -> Result<Receipt<'_>, ReceiptError> {
    let input = trim_trailing_nuls(input);
    // Filled in place: moving the large struct in and out of helpers cost measurably.
    let mut fields = Fields::default();
    if !canonical(input, &mut fields) {
        fields = Fields::default();
        general(input, &mut fields);
    }
    fields.finish()
}

/// Reads keys in any order into `fields` (empty on entry); see [`parse_receipt`].
pub(super) fn general<'a>(input: &'a [u8], fields: &mut Fields<'a>) {
    let mut pos = 0;
    while let Some(start) = next_token(input, pos) {
        let rest = input.get(start..).unwrap_or_default();
        pos = match match_key(rest) {
            Some((Key::Text, len)) => {
                let value_start = start + len;
                let end = text_end(input, value_start, fields.seen | Key::Text.bit());
                if fields.first(Key::Text) {
                    fields.receipt.text = input.get(value_start..end);
                }
                end
            }
            Some((key, len)) => {
                let (value, end) = value_at(input, start + len);
                if fields.first(key) {
                    fields.store(key, value);
                }
                end
            }
            None => token_end(input, start),
        };
    }
}

/// Fields found so far, kept as the receipt itself (an empty `id` until one is read)
/// so that finishing moves it whole; `seen` also drives where a `text:` value ends.
pub(super) struct Fields<'a> {
    pub(super) seen: u8,
    pub(super) receipt: Receipt<'a>,
}

impl Default for Fields<'_> {
    fn default() -> Self {
        Self {
            seen: 0,
            receipt: Receipt::new(""),
        }
    }
}

impl<'a> Fields<'a> {
    /// Marks `key` seen; true if this is its first occurrence.
    pub(super) fn first(&mut self, key: Key) -> bool {
        let first = self.seen & key.bit() == 0;
        self.seen |= key.bit();
        first
    }

    /// Stores the value of `key`; inlined so a constant `key` selects its arm.
    #[inline(always)]
    pub(super) fn store(&mut self, key: Key, value: &'a [u8]) {
        if value.is_empty() {
            return;
        }
        let r = &mut self.receipt;
        match key {
            Key::Id => r.id = core::str::from_utf8(value).unwrap_or_default(),
            Key::Sub => r.sub = parse_u32(value),
            Key::Dlvrd => r.dlvrd = parse_u32(value),
            Key::SubmitDate => r.submit_date = ReceiptDate::parse(value),
            Key::DoneDate => r.done_date = ReceiptDate::parse(value),
            Key::Stat => {
                // Known names need no UTF-8 check; only other text is validated.
                r.stat = Some(DeliveryState::known(value).unwrap_or_else(|| {
                    core::str::from_utf8(value).map_or(DeliveryState::Unknown, DeliveryState::Other)
                }));
            }
            Key::Err => {
                r.err = match parse_u32(value) {
                    Some(n) => Some(ErrorCode::Numeric(n)),
                    None => core::str::from_utf8(value).ok().map(ErrorCode::Other),
                };
            }
            Key::Text => r.text = Some(value),
        }
    }

    fn finish(self) -> Result<Receipt<'a>, ReceiptError> {
        match self {
            Self { seen: 0, .. } => Err(ReceiptError::NotAReceipt),
            Self { receipt, .. } if receipt.id.is_empty() => Err(ReceiptError::MissingId),
            Self { receipt, .. } => Ok(receipt),
        }
    }
}

fn trim_trailing_nuls(input: &[u8]) -> &[u8] {
    let len = input.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    input.get(..len).unwrap_or_default()
}

/// The value starting at `pos` and the index just past it. A value separated from its
/// key by whitespace (`id: 123`) is taken unless the next token is itself a key.
fn value_at(input: &[u8], pos: usize) -> (&[u8], usize) {
    let mut start = pos;
    if input.get(pos).is_some_and(|&b| is_space(b)) {
        match next_token(input, pos) {
            Some(next) if match_key(input.get(next..).unwrap_or_default()).is_none() => {
                start = next;
            }
            _ => return (&[], pos),
        }
    }
    let end = token_end(input, start);
    (input.get(start..end).unwrap_or_default(), end)
}

/// End of a `text:` value starting at `start`: the end of input, or the end of the
/// last word before a separator followed by a key not in `seen`.
pub(super) fn text_end(input: &[u8], start: usize, seen: u8) -> usize {
    if seen == u8::MAX {
        // Every key seen: nothing can end the text early.
        return input.len();
    }
    let mut word_end = start;
    let mut pos = start;
    loop {
        let Some(next) = next_token(input, pos) else {
            return input.len();
        };
        if next > word_end {
            let key = match_key(input.get(next..).unwrap_or_default());
            if key.is_some_and(|(key, _)| seen & key.bit() == 0) {
                return word_end;
            }
        }
        word_end = token_end(input, next);
        pos = word_end;
    }
}

/// The value of all-ASCII-digit text, if it fits a `u32`.
fn parse_u32(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    if digits.len() <= 9 {
        // Nine digits cannot overflow: no per-digit overflow checks, one validity test.
        let mut value = 0u32;
        let mut ok = true;
        for &b in digits {
            let d = b.wrapping_sub(b'0');
            ok &= d <= 9;
            value = value.wrapping_mul(10).wrapping_add(u32::from(d));
        }
        return ok.then_some(value);
    }
    digits.iter().try_fold(0u32, |acc, &b| {
        let d = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        acc.checked_mul(10)?.checked_add(u32::from(d))
    })
}

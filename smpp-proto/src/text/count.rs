//! An SMS counter: how many segments and units a text takes, as web forms show.

use super::split::{SplitOptions, plan};
use super::{EncodeError, Encoding, Method};

/// The size of a text in one encoding and method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Count {
    /// The encoding counted in.
    pub encoding: Encoding,
    /// Its `data_coding` value ([`Encoding::data_coding`]).
    pub data_coding: u8,
    /// Characters (Unicode scalar values) in the text.
    pub chars: usize,
    /// Units the text takes: septets (GSM, escapes count 2), octets (ASCII, Latin-1) or
    /// UTF-16 code units (UCS-2, surrogate pairs count 2).
    pub units: usize,
    /// Segments needed (may exceed 255, which the splitter refuses).
    pub segments: usize,
    /// Units one segment holds: e.g. 160 for a single GSM message, 153 per part.
    pub units_per_segment: usize,
    /// Units still free in the last segment.
    pub remaining_in_last: usize,
}

/// Counts `text` in `encoding` sent with `method` (GSM unpacked, failing on characters
/// the encoding lacks).
///
/// ```
/// use smpp_proto::text::{count, Encoding, Method};
///
/// let c = count(&"a".repeat(161), Encoding::GSM7, Method::Udh8).unwrap();
/// assert_eq!((c.units, c.segments, c.units_per_segment, c.remaining_in_last), (161, 2, 153, 145));
/// let c = count("€", Encoding::GSM7, Method::Udh8).unwrap();
/// assert_eq!((c.chars, c.units, c.remaining_in_last), (1, 2, 158));
/// ```
pub fn count(text: &str, encoding: Encoding, method: Method) -> Result<Count, EncodeError> {
    count_with(text, &SplitOptions::new(encoding, method))
}

/// Counts `text` as [`Splitter`](super::Splitter) would split it with `opts`.
pub fn count_with(text: &str, opts: &SplitOptions) -> Result<Count, EncodeError> {
    let plan = plan(text, opts)?;
    let per_unit = opts.bytes_per_unit();
    let units_per_segment = plan.budget / per_unit;
    Ok(Count {
        encoding: opts.encoding,
        data_coding: opts.encoding.data_coding(),
        chars: plan.chars,
        units: plan.bytes / per_unit,
        segments: plan.segments,
        units_per_segment,
        remaining_in_last: units_per_segment.saturating_sub(plan.last_bytes / per_unit),
    })
}

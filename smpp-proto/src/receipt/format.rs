//! Writing receipts in the Appendix B form (SMSC side).

use core::fmt;

use super::{DateForm, ErrorCode, Receipt, ReceiptDate};

/// Why a receipt could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatError {
    /// The output buffer is shorter than the `required` length (see
    /// [`Receipt::encoded_len`]); nothing useful was written.
    BufferTooSmall {
        /// Bytes needed for the whole receipt.
        required: usize,
    },
    /// A text field (`id`, `stat` or `err`) is empty or contains a space or control
    /// byte, so it could not be read back.
    InvalidField {
        /// The receipt key of the offending field.
        field: &'static str,
    },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { required } => {
                write!(f, "receipt needs {required} bytes, buffer is smaller")
            }
            Self::InvalidField { field } => {
                write!(f, "receipt field {field} is empty or contains a separator")
            }
        }
    }
}

impl core::error::Error for FormatError {}

impl Receipt<'_> {
    /// The exact number of bytes [`Receipt::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        let mut counter = Counter(0);
        write_receipt(self, &mut counter);
        counter.0
    }

    /// Writes the receipt in the Appendix B form into `out` and returns the length
    /// written:
    /// `id:… sub:NNN dlvrd:NNN submit date:… done date:… stat:XXXXXXX err:NNN text:…`.
    ///
    /// Absent fields are left out (so a receipt without `text` has no `text:` key; set
    /// `text: Some(b"")` for an empty one). Numbers are zero-padded to 3 digits, dates
    /// are written in their [`DateForm`]. The text is written as given: the 20-character
    /// cut and the encoding are the caller's. Reading the output with
    /// [`parse_receipt`](super::parse_receipt) gives the same fields, provided the text
    /// contains no `key:` that would end it early and does not end in NUL bytes.
    ///
    /// ```
    /// use smpp_proto::receipt::{DeliveryState, ErrorCode, Receipt, ReceiptDate};
    /// let receipt = Receipt {
    ///     sub: Some(1),
    ///     dlvrd: Some(1),
    ///     submit_date: ReceiptDate::new(2024, 10, 15, 12, 0, 0),
    ///     done_date: ReceiptDate::new(2024, 10, 15, 12, 1, 0),
    ///     stat: Some(DeliveryState::Delivered),
    ///     err: Some(ErrorCode::Numeric(0)),
    ///     text: Some(b"first 20 chars"),
    ///     ..Receipt::new("0123456789")
    /// };
    /// let mut buf = [0u8; 160];
    /// let len = receipt.encode(&mut buf).unwrap();
    /// assert_eq!(len, receipt.encoded_len());
    /// assert_eq!(
    ///     &buf[..len],
    ///     b"id:0123456789 sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 \
    ///       stat:DELIVRD err:000 text:first 20 chars"
    /// );
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, FormatError> {
        self.validate()?;
        let required = self.encoded_len();
        if out.len() < required {
            return Err(FormatError::BufferTooSmall { required });
        }
        let mut writer = SliceWriter { out, pos: 0 };
        write_receipt(self, &mut writer);
        Ok(writer.pos)
    }

    fn validate(&self) -> Result<(), FormatError> {
        // The parser ends values at a space or any control byte.
        let token_ok = |s: &str| !s.is_empty() && !s.bytes().any(|b| b <= b' ');
        let invalid = |field| Err(FormatError::InvalidField { field });
        if !token_ok(self.id) {
            return invalid("id");
        }
        if self.stat.is_some_and(|s| !token_ok(s.as_str())) {
            return invalid("stat");
        }
        if let Some(ErrorCode::Other(text)) = self.err {
            if !token_ok(text) {
                return invalid("err");
            }
        }
        Ok(())
    }
}

impl fmt::Display for Receipt<'_> {
    /// The Appendix B form; text bytes that are not UTF-8 show as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sink = FmtSink { f, result: Ok(()) };
        write_receipt(self, &mut sink);
        sink.result
    }
}

/// Where receipt bytes go; one writer for both the length and the bytes keeps
/// [`Receipt::encoded_len`] exact.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

struct Counter(usize);

impl Sink for Counter {
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// Writes into a slice already checked to be long enough.
struct SliceWriter<'b> {
    out: &'b mut [u8],
    pos: usize,
}

impl Sink for SliceWriter<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.pos + bytes.len();
        if let Some(dst) = self.out.get_mut(self.pos..end) {
            dst.copy_from_slice(bytes);
        }
        self.pos = end;
    }
}

struct FmtSink<'f, 'g> {
    f: &'f mut fmt::Formatter<'g>,
    result: fmt::Result,
}

impl Sink for FmtSink<'_, '_> {
    fn put(&mut self, bytes: &[u8]) {
        for chunk in bytes.utf8_chunks() {
            if self.result.is_ok() {
                self.result = self.f.write_str(chunk.valid());
            }
            if self.result.is_ok() && !chunk.invalid().is_empty() {
                self.result = self.f.write_str("\u{FFFD}");
            }
        }
    }
}

fn write_receipt(r: &Receipt<'_>, s: &mut impl Sink) {
    s.put(b"id:");
    s.put(r.id.as_bytes());
    if let Some(n) = r.sub {
        s.put(b" sub:");
        put_number(s, n.into(), 3);
    }
    if let Some(n) = r.dlvrd {
        s.put(b" dlvrd:");
        put_number(s, n.into(), 3);
    }
    if let Some(date) = &r.submit_date {
        s.put(b" submit date:");
        put_date(s, date);
    }
    if let Some(date) = &r.done_date {
        s.put(b" done date:");
        put_date(s, date);
    }
    if let Some(stat) = &r.stat {
        s.put(b" stat:");
        s.put(stat.as_str().as_bytes());
    }
    match r.err {
        Some(ErrorCode::Numeric(n)) => {
            s.put(b" err:");
            put_number(s, n.into(), 3);
        }
        Some(ErrorCode::Other(text)) => {
            s.put(b" err:");
            s.put(text.as_bytes());
        }
        None => {}
    }
    if let Some(text) = r.text {
        s.put(b" text:");
        s.put(text);
    }
}

fn put_date(s: &mut impl Sink, d: &ReceiptDate) {
    let form = d.written_form();
    match form {
        // written_form() only keeps the epoch forms from 1970 on, so these are >= 0.
        DateForm::EpochSeconds => put_number(s, u64::try_from(d.to_unix_seconds()).unwrap_or(0), 1),
        DateForm::EpochMillis => put_number(s, u64::try_from(d.to_unix_millis()).unwrap_or(0), 1),
        DateForm::Calendar10
        | DateForm::Calendar12
        | DateForm::Calendar12Year4
        | DateForm::Calendar14 => {
            if matches!(form, DateForm::Calendar14 | DateForm::Calendar12Year4) {
                put_number(s, d.year().into(), 4);
            } else {
                put_number(s, u64::from(d.year() % 100), 2);
            }
            for n in [d.month(), d.day(), d.hour(), d.minute()] {
                put_number(s, n.into(), 2);
            }
            if matches!(form, DateForm::Calendar12 | DateForm::Calendar14) {
                put_number(s, d.second().into(), 2);
            }
        }
    }
}

/// Writes `n` in decimal, zero-padded to at least `width` digits (at most 20).
fn put_number(s: &mut impl Sink, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut start = buf.len();
    let min_start = buf.len().saturating_sub(width);
    while (n > 0 || start > min_start) && start > 0 {
        start -= 1;
        if let Some(slot) = buf.get_mut(start) {
            // n % 10 < 10, so the cast cannot truncate.
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    s.put(buf.get(start..).unwrap_or_default());
}

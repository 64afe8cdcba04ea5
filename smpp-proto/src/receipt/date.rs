//! Receipt dates (`submit date:` / `done date:`) in their calendar and epoch forms.

use core::fmt;

use super::{civil, digits};

/// Which textual form a [`ReceiptDate`] was read from, and the form it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateForm {
    /// `YYMMDDhhmm`: 10 digits, no seconds (the Appendix B template).
    Calendar10,
    /// `YYMMDDhhmmss`: 12 digits.
    Calendar12,
    /// `YYYYMMDDhhmm`: 12 digits with a 4-digit year and no seconds. Read only from 12 digits
    /// whose `YYMMDDhhmmss` reading is impossible (so `2024…` reads as the year 2024, whose
    /// "month 24" rules out the other reading).
    Calendar12Year4,
    /// `YYYYMMDDhhmmss`: 14 digits with a 4-digit year.
    Calendar14,
    /// Unix epoch seconds. Read only from 10 digits whose calendar reading is impossible.
    EpochSeconds,
    /// Unix epoch milliseconds (13 digits); the original millisecond is kept.
    EpochMillis,
}

/// A date from a delivery receipt, always a valid calendar date-time in UTC.
///
/// Two-digit years are read as 20YY (receipts describe recent events). Years are
/// limited to 1..=9999 so that every date can be written in the 14-digit form.
/// Equality compares the [`DateForm`] too; compare [`ReceiptDate::to_unix_millis`]
/// for "same instant".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReceiptDate {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Sub-second milliseconds; non-zero only for the epoch-milliseconds form.
    millis: u16,
    form: DateForm,
}

const SECS_PER_DAY: u64 = 86_400;

impl ReceiptDate {
    /// A calendar date-time in the Appendix B form ([`DateForm::Calendar10`]);
    /// `None` if any field is out of range (year 1..=9999, a real day of that month,
    /// hour ≤ 23, minute ≤ 59, second ≤ 59).
    ///
    /// The 10-digit form carries no seconds: use [`ReceiptDate::with_form`] to keep them
    /// when the date is written.
    ///
    /// ```
    /// use smpp_proto::receipt::{DateForm, ReceiptDate};
    /// let d = ReceiptDate::new(2024, 10, 15, 12, 0, 0).unwrap();
    /// assert_eq!(d.form(), DateForm::Calendar10);
    /// assert_eq!(d.to_unix_seconds(), 1_728_993_600);
    /// assert!(ReceiptDate::new(2023, 2, 29, 0, 0, 0).is_none());
    /// ```
    pub const fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Option<Self> {
        if year == 0
            || year > 9999
            || month == 0
            || month > 12
            || day == 0
            || day > civil::days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        Some(Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
            millis: 0,
            form: DateForm::Calendar10,
        })
    }

    /// The same instant, to be written in `form`.
    ///
    /// Forms that cannot hold the date fall back when written: a year outside
    /// 2000..=2099 is written as [`DateForm::Calendar14`], and so is an epoch form
    /// before 1970. Moving away from [`DateForm::EpochMillis`] drops the milliseconds.
    #[must_use]
    pub const fn with_form(mut self, form: DateForm) -> Self {
        if !matches!(form, DateForm::EpochMillis) {
            self.millis = 0;
        }
        self.form = form;
        self
    }

    /// The date at `secs` seconds after the Unix epoch (UTC), in the
    /// [`DateForm::EpochSeconds`] form; `None` outside years 1..=9999.
    pub fn from_unix_seconds(secs: i64) -> Option<Self> {
        // Shifted to count from 0000-03-01 so the calendar arithmetic is unsigned.
        let since_0000 = u64::try_from(secs.checked_add(civil::EPOCH_OFFSET_SECS)?).ok()?;
        let days = since_0000 / SECS_PER_DAY;
        let rem = since_0000 % SECS_PER_DAY;
        let (year, month, day) = civil::from_day_number(days)?;
        if year == 0 {
            return None;
        }
        // rem < 86_400, so these fit.
        Some(Self {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
            millis: 0,
            form: DateForm::EpochSeconds,
        })
    }

    /// The date at `millis` milliseconds after the Unix epoch (UTC), in the
    /// [`DateForm::EpochMillis`] form; `None` outside years 1..=9999.
    ///
    /// ```
    /// use smpp_proto::receipt::ReceiptDate;
    /// let d = ReceiptDate::from_unix_millis(1_728_967_406_738).unwrap();
    /// assert_eq!((d.year(), d.month(), d.day()), (2024, 10, 15));
    /// assert_eq!((d.hour(), d.minute(), d.second(), d.millisecond()), (4, 43, 26, 738));
    /// assert_eq!(d.to_unix_millis(), 1_728_967_406_738);
    /// ```
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        let mut date = Self::from_unix_seconds(millis.div_euclid(1000))?;
        date.millis = u16::try_from(millis.rem_euclid(1000)).ok()?;
        date.form = DateForm::EpochMillis;
        Some(date)
    }

    /// Reads a receipt date field leniently.
    ///
    /// Accepts 10 (`YYMMDDhhmm`), 12 (`YYMMDDhhmmss`) and 14 (`YYYYMMDDhhmmss`) digit
    /// calendar forms and 13-digit epoch milliseconds. Ten digits whose calendar reading
    /// is impossible (e.g. month 28) are read as epoch seconds, and twelve whose
    /// `YYMMDDhhmmss` reading is impossible (e.g. `2024…`, month 24) as `YYYYMMDDhhmm`. Returns `None` for all
    /// zeros (the "no date" convention), for any other length, and for invalid values.
    ///
    /// ```
    /// use smpp_proto::receipt::{DateForm, ReceiptDate};
    /// let d = ReceiptDate::parse(b"2410151201").unwrap();
    /// assert_eq!((d.year(), d.month(), d.day(), d.hour(), d.minute()), (2024, 10, 15, 12, 1));
    /// assert_eq!(ReceiptDate::parse(b"1728967406").unwrap().form(), DateForm::EpochSeconds);
    /// assert_eq!(ReceiptDate::parse(b"000000000000"), None);
    /// ```
    #[inline]
    pub fn parse(text: &[u8]) -> Option<Self> {
        // Digits are read eight at a time (overlapping reads for the tail); this sits
        // on the receipt hot path. All zeros fail every calendar check (month 0) and
        // are refused explicitly in the epoch forms.
        match text.len() {
            10 => {
                let head = digits::eight(text, 0)?;
                let [yy, month, day, hour] = digits::pairs(head);
                let [.., minute] = digits::pairs(digits::eight(text, 2)?);
                calendar(
                    2000 + u16::from(yy),
                    [month, day, hour, minute, 0],
                    DateForm::Calendar10,
                )
                .or_else(|| {
                    let secs = u64::from(digits::value(head)) * 100 + u64::from(minute);
                    Self::from_unix_seconds(i64::try_from(secs).ok().filter(|s| *s != 0)?)
                })
            }
            12 => {
                let [p0, p1, p2, p3] = digits::pairs(digits::eight(text, 0)?);
                let [_, _, p4, p5] = digits::pairs(digits::eight(text, 4)?);
                calendar(
                    2000 + u16::from(p0),
                    [p1, p2, p3, p4, p5],
                    DateForm::Calendar12,
                )
                .or_else(|| {
                    let year = u16::from(p0) * 100 + u16::from(p1);
                    calendar(year, [p2, p3, p4, p5, 0], DateForm::Calendar12Year4)
                })
            }
            13 => {
                let first5 = u64::from(digits::value(digits::eight(text, 0)?) / 1000);
                let last8 = u64::from(digits::value(digits::eight(text, 5)?));
                let millis = first5 * 100_000_000 + last8;
                Self::from_unix_millis(i64::try_from(millis).ok().filter(|m| *m != 0)?)
            }
            14 => {
                let [cc, yy, month, _] = digits::pairs(digits::eight(text, 0)?);
                let [day, hour, minute, second] = digits::pairs(digits::eight(text, 6)?);
                let year = u16::from(cc) * 100 + u16::from(yy);
                calendar(
                    year,
                    [month, day, hour, minute, second],
                    DateForm::Calendar14,
                )
            }
            _ => None,
        }
    }

    /// Year (1..=9999).
    pub const fn year(&self) -> u16 {
        self.year
    }
    /// Month (1..=12).
    pub const fn month(&self) -> u8 {
        self.month
    }
    /// Day of the month (1..=31).
    pub const fn day(&self) -> u8 {
        self.day
    }
    /// Hour (0..=23).
    pub const fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute (0..=59).
    pub const fn minute(&self) -> u8 {
        self.minute
    }
    /// Second (0..=59).
    pub const fn second(&self) -> u8 {
        self.second
    }
    /// Millisecond within the second; non-zero only for [`DateForm::EpochMillis`].
    pub const fn millisecond(&self) -> u16 {
        self.millis
    }
    /// The form the date was read from (or set with [`ReceiptDate::with_form`]).
    pub const fn form(&self) -> DateForm {
        self.form
    }

    /// Seconds since the Unix epoch, taking the date as UTC.
    pub const fn to_unix_seconds(&self) -> i64 {
        civil::days_from_civil(self.year as i64, self.month, self.day) * SECS_PER_DAY as i64
            + self.hour as i64 * 3600
            + self.minute as i64 * 60
            + self.second as i64
    }

    /// Milliseconds since the Unix epoch, taking the date as UTC (exact for
    /// [`DateForm::EpochMillis`]).
    pub const fn to_unix_millis(&self) -> i64 {
        self.to_unix_seconds() * 1000 + self.millis as i64
    }

    /// The form actually written: forms that cannot hold this date, or that would read back
    /// as another date, fall back to [`DateForm::Calendar14`].
    pub(crate) const fn written_form(&self) -> DateForm {
        match self.form {
            // YYYYMMDDhhmm is read only where YYMMDDhhmmss is impossible (e.g. "2010010112…"
            // would read as 2020-10-01).
            DateForm::Calendar12Year4
                if ReceiptDate::new(
                    2000 + self.year / 100,
                    (self.year % 100) as u8,
                    self.month,
                    self.day,
                    self.hour,
                    self.minute,
                )
                .is_some() =>
            {
                DateForm::Calendar14
            }
            DateForm::Calendar10 | DateForm::Calendar12 if self.year < 2000 || self.year > 2099 => {
                DateForm::Calendar14
            }
            DateForm::EpochSeconds | DateForm::EpochMillis if self.year < 1970 => {
                DateForm::Calendar14
            }
            form => form,
        }
    }
}

impl fmt::Display for ReceiptDate {
    /// ISO 8601 in UTC, e.g. `2024-10-15T12:00:00Z` (`.mmm` added for epoch milliseconds).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if matches!(self.form, DateForm::EpochMillis) {
            write!(f, ".{:03}", self.millis)?;
        }
        f.write_str("Z")
    }
}

/// Builds a calendar date from month, day, hour, minute and second.
fn calendar(year: u16, fields: [u8; 5], form: DateForm) -> Option<ReceiptDate> {
    let [month, day, hour, minute, second] = fields;
    ReceiptDate::new(year, month, day, hour, minute, second).map(|d| d.with_form(form))
}

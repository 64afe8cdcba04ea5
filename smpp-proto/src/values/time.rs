//! SMPP time fields (schedule_delivery_time, validity_period, final_date, broadcast_end_time):
//! `YYMMDDhhmmsstnnp`, absolute with a quarter-hour UTC offset, or relative (`p = 'R'`).

use core::fmt;

/// A parsed SMPP time value.
///
/// ```
/// use smpp_proto::SmppTime;
/// let t = SmppTime::parse(b"250301143000004+").unwrap();
/// assert_eq!(t, SmppTime::Absolute {
///     year: 25, month: 3, day: 1, hour: 14, minute: 30, second: 0, tenths: 0,
///     utc_offset_quarters: 4,
/// });
/// assert_eq!(&t.to_bytes(), b"250301143000004+");
/// let r = SmppTime::parse(b"000002120000000R").unwrap();
/// assert_eq!(r.relative_seconds(), Some(2 * 86_400 + 12 * 3_600));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmppTime {
    /// A point in time; the first fields are local time at `utc_offset_quarters` × 15 min from UTC.
    Absolute {
        /// Year, last two digits.
        year: u8,
        /// Month 1-12.
        month: u8,
        /// Day 1-31.
        day: u8,
        /// Hour 0-23.
        hour: u8,
        /// Minute 0-59.
        minute: u8,
        /// Second 0-59.
        second: u8,
        /// Tenths of a second 0-9.
        tenths: u8,
        /// Offset from UTC in quarter hours, -48..=48 (negative: local time behind UTC).
        utc_offset_quarters: i8,
    },
    /// An amount of time added to the SMSC's current time.
    Relative {
        /// Years.
        years: u8,
        /// Months.
        months: u8,
        /// Days.
        days: u8,
        /// Hours.
        hours: u8,
        /// Minutes.
        minutes: u8,
        /// Seconds.
        seconds: u8,
    },
}

/// Why a time field could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Not 16 characters.
    Length(usize),
    /// A character that should be a digit is not (position given).
    NotDigit(usize),
    /// The 16th character is not `+`, `-` or `R`.
    BadDirection,
    /// A component is out of its range (e.g. month 13, offset above 48).
    OutOfRange,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length(n) => write!(f, "time field has {n} characters, expected 16"),
            Self::NotDigit(p) => write!(f, "time field character {p} is not a digit"),
            Self::BadDirection => f.write_str("time field must end in '+', '-' or 'R'"),
            Self::OutOfRange => f.write_str("time field component out of range"),
        }
    }
}

impl core::error::Error for TimeError {}

fn two(s: &[u8], at: usize) -> Result<u8, TimeError> {
    let d = |i: usize| match s.get(i) {
        Some(c @ b'0'..=b'9') => Ok(c - b'0'),
        _ => Err(TimeError::NotDigit(i)),
    };
    Ok(d(at)? * 10 + d(at + 1)?)
}

impl SmppTime {
    /// Parses the 16-character form (without the NUL).
    pub fn parse(s: &[u8]) -> Result<Self, TimeError> {
        if s.len() != 16 {
            return Err(TimeError::Length(s.len()));
        }
        let (yy, mo, dd, hh, mi, ss) = (
            two(s, 0)?,
            two(s, 2)?,
            two(s, 4)?,
            two(s, 6)?,
            two(s, 8)?,
            two(s, 10)?,
        );
        let tenths = match s.get(12) {
            Some(c @ b'0'..=b'9') => c - b'0',
            _ => return Err(TimeError::NotDigit(12)),
        };
        let nn = two(s, 13)?;
        match s.get(15) {
            Some(b'R') => Ok(Self::Relative {
                years: yy,
                months: mo,
                days: dd,
                hours: hh,
                minutes: mi,
                seconds: ss,
            }),
            Some(sign @ (b'+' | b'-')) => {
                let ok = (1..=12).contains(&mo)
                    && (1..=31).contains(&dd)
                    && hh < 24
                    && mi < 60
                    && ss < 60
                    && nn <= 48;
                if !ok {
                    return Err(TimeError::OutOfRange);
                }
                let q = nn as i8;
                Ok(Self::Absolute {
                    year: yy,
                    month: mo,
                    day: dd,
                    hour: hh,
                    minute: mi,
                    second: ss,
                    tenths,
                    utc_offset_quarters: if *sign == b'-' { -q } else { q },
                })
            }
            _ => Err(TimeError::BadDirection),
        }
    }

    /// Formats the 16-character wire form (the NUL is added by the field encoder).
    pub fn to_bytes(&self) -> [u8; 16] {
        let mut out = [b'0'; 16];
        let (parts, tenths, nn, dir) = match *self {
            Self::Absolute {
                year,
                month,
                day,
                hour,
                minute,
                second,
                tenths,
                utc_offset_quarters,
            } => (
                [year, month, day, hour, minute, second],
                tenths,
                utc_offset_quarters.unsigned_abs(),
                if utc_offset_quarters < 0 { b'-' } else { b'+' },
            ),
            Self::Relative {
                years,
                months,
                days,
                hours,
                minutes,
                seconds,
            } => ([years, months, days, hours, minutes, seconds], 0, 0, b'R'),
        };
        let digits = parts
            .iter()
            .flat_map(|v| [b'0' + (v / 10) % 10, b'0' + v % 10])
            .chain([
                b'0' + tenths % 10,
                b'0' + (nn / 10) % 10,
                b'0' + nn % 10,
                dir,
            ]);
        for (o, d) in out.iter_mut().zip(digits) {
            *o = d;
        }
        out
    }

    /// For a relative time, its length in seconds (months as 30 days, years as 365 days).
    pub fn relative_seconds(&self) -> Option<u64> {
        match *self {
            Self::Relative {
                years,
                months,
                days,
                hours,
                minutes,
                seconds,
            } => Some(
                u64::from(years) * 365 * 86_400
                    + u64::from(months) * 30 * 86_400
                    + u64::from(days) * 86_400
                    + u64::from(hours) * 3_600
                    + u64::from(minutes) * 60
                    + u64::from(seconds),
            ),
            Self::Absolute { .. } => None,
        }
    }
}

impl fmt::Display for SmppTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.to_bytes() {
            fmt::Write::write_char(f, char::from(b))?;
        }
        Ok(())
    }
}

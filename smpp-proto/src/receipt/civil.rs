//! Proleptic Gregorian calendar arithmetic (H. Hinnant's algorithms), UTC, no tables.

/// Seconds from 0000-03-01 to 1970-01-01: 719 468 days.
pub(super) const EPOCH_OFFSET_SECS: i64 = 719_468 * 86_400;

pub(super) const fn is_leap(year: u16) -> bool {
    // Centuries are leap years when divisible by 400, other years when by 4.
    let in_century = year % 100;
    if in_century == 0 {
        (year / 100) & 3 == 0
    } else {
        year & 3 == 0
    }
}

pub(super) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date (`days_from_civil`).
pub(super) const fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of the day numbered `days` from 0000-03-01; `None` past year
/// 9999. Neri and Schneider's "Euclidean affine functions" form of `civil_from_days`:
/// the same result with three divisions by constants instead of a dozen.
pub(super) const fn from_day_number(days: u64) -> Option<(u16, u8, u8)> {
    if days > 3_652_364 {
        // 9999-12-31 is day 3 652 364; this also keeps the 32-bit steps exact.
        return None;
    }
    let n = days as u32;
    // Century and day of century.
    let n1 = 4 * n + 3;
    let century = n1 / 146_097;
    let day_of_century = n1 % 146_097 / 4;
    // Year of century and day of (March-based) year.
    let p2 = 2_939_745 * (4 * day_of_century as u64 + 3);
    let year_of_century = (p2 >> 32) as u32;
    let day_of_year = (p2 as u32) / 2_939_745 / 4;
    // Month (3..=14) and day.
    let n3 = 2141 * day_of_year + 197_913;
    let month = n3 >> 16;
    let day = (n3 & 0xFFFF) / 2141 + 1;
    let january_based = day_of_year >= 306;
    let year = 100 * century + year_of_century + january_based as u32;
    let month = if january_based { month - 12 } else { month };
    // year <= 9999, month <= 12 and day <= 31 here, so the casts cannot truncate.
    Some((year as u16, month as u8, day as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_day_from_year_1_to_9999() {
        let mut days = days_from_civil(1, 1, 1);
        let mut expected = (1u16, 1u8, 1u8);
        let end = days_from_civil(9999, 12, 31);
        while days <= end {
            let number = u64::try_from(days + 719_468).unwrap();
            assert_eq!(from_day_number(number), Some(expected));
            let (y, m, d) = expected;
            assert_eq!(days_from_civil(y.into(), m, d), days);
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            days += 1;
        }
        assert_eq!(
            from_day_number(u64::try_from(days + 719_468).unwrap()),
            None
        );
    }

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(from_day_number(719_467), Some((1969, 12, 31)));
        assert_eq!(from_day_number(0), Some((0, 3, 1)));
    }
}

//! Eight ASCII digits at a time in one 64-bit word (SWAR), for the date hot path.
//!
//! Bytes are loaded little-endian, so the first character sits in the lowest byte.

const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
const ASCII_ZEROS: u64 = 0x3030_3030_3030_3030;

/// The eight bytes at `offset` of `text` as digit values (one per byte), if they are
/// all ASCII digits.
#[inline]
pub(super) fn eight(text: &[u8], offset: usize) -> Option<u64> {
    let word = u64::from_le_bytes(*text.get(offset..)?.first_chunk::<8>()?);
    // A digit has high nibble 3 and keeps it when 6 is added (0x39 + 6 = 0x3F). A byte
    // whose +6 carries into the next byte already fails the first test.
    let digits = word & HIGH_NIBBLES == ASCII_ZEROS
        && word.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES == ASCII_ZEROS;
    digits.then_some(word.wrapping_sub(ASCII_ZEROS))
}

/// The four two-digit numbers of eight digit values, in text order.
#[inline]
pub(super) fn pairs(digits: u64) -> [u8; 4] {
    // Byte k becomes 10 * digit k + digit k+1 (at most 99, so no carries).
    let [p0, _, p1, _, p2, _, p3, _] = (digits * 10 + (digits >> 8)).to_le_bytes();
    [p0, p1, p2, p3]
}

/// The eight-digit number of eight digit values.
#[inline]
pub(super) fn value(digits: u64) -> u32 {
    // Pairs, then groups of four, then the whole: each step multiplies the lane by its
    // weight and adds the next lane, and keeps every other lane.
    let pairs = (digits * 10 + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = (pairs.wrapping_mul((100 << 16) + 1) >> 16) & 0x0000_FFFF_0000_FFFF;
    // The result is below 10^8, so it fits a u32.
    (fours.wrapping_mul((10_000 << 32) + 1) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_a_plain_loop() {
        let edges = [0, 1, 9, 10, 99, 100, 12_345_678, 10_000_000, 99_999_999];
        let mut spread = 0u32;
        let spread = core::iter::from_fn(|| {
            spread = spread * 7 + 1 + spread % 13;
            (spread < 100_000_000).then_some(spread)
        });
        for n in edges.into_iter().chain(spread) {
            let text = alloc::format!("{n:08}");
            let d = eight(text.as_bytes(), 0).unwrap();
            assert_eq!(value(d), n);
            let b = text.as_bytes();
            let pair = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
            assert_eq!(pairs(d), [pair(0), pair(2), pair(4), pair(6)]);
        }
    }

    #[test]
    fn refuses_non_digits() {
        for bad in 0..=u8::MAX {
            if bad.is_ascii_digit() {
                continue;
            }
            for pos in 0..8 {
                let mut text = *b"12345678";
                text[pos] = bad;
                assert_eq!(eight(&text, 0), None, "{bad:#x} at {pos}");
            }
        }
        assert_eq!(eight(b"1234567", 0), None);
        assert_eq!(eight(b"123456789", 2), None);
    }
}

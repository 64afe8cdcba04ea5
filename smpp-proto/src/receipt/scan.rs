//! Byte scanning for the receipt parser: separators and keys, a word at a time.
//!
//! Token ends are found eight bytes per step and keys are compared as one masked
//! 64-bit word, because per-byte loops (and their mispredicted exits) dominated the
//! parse time.

/// The receipt keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Id,
    Sub,
    Dlvrd,
    SubmitDate,
    DoneDate,
    Stat,
    Err,
    Text,
}

impl Key {
    /// One bit per key, for the parser's set of keys seen.
    pub(super) const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Field separators: space and every ASCII control byte (tab, CR, LF, NUL, …), so a
/// byte test is one comparison.
pub(super) const fn is_space(b: u8) -> bool {
    b <= b' '
}

/// Index of the first non-separator byte at or after `pos`.
pub(super) fn next_token(input: &[u8], pos: usize) -> Option<usize> {
    let rest = input.get(pos..)?;
    rest.iter().position(|&b| !is_space(b)).map(|i| pos + i)
}

/// Index just past the run of non-separator bytes starting at `pos`.
pub(super) fn token_end(input: &[u8], pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = pos;
    while let Some(chunk) = input.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        // High bit set in bytes < 0x21. Borrows can only flag bytes above the first
        // true hit, so the lowest flagged byte is exact.
        let hits = word.wrapping_sub(ONES * 0x21) & !word & HIGH;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let rest = input.get(i..).unwrap_or_default();
    i + rest.iter().position(|&b| is_space(b)).unwrap_or(rest.len())
}

/// Recognises a key (any case) with its colon at the start of `rest`; returns the key
/// and the number of bytes it takes, colon included. Accepts `submit date:`,
/// `submitdate:` and `submit_date:` (likewise `done`).
pub(super) fn match_key(rest: &[u8]) -> Option<(Key, usize)> {
    let word = load(rest);
    // The low byte is the first byte (little-endian); OR 0x20 lower-cases a letter.
    let key = match (word as u8) | 0x20 {
        b'i' if ID.matches(word) => (Key::Id, 3),
        b's' if SUB.matches(word) => (Key::Sub, 4),
        b's' if STAT.matches(word) => (Key::Stat, 5),
        b's' if SUBMIT.matches(word) => (Key::SubmitDate, 6 + date_suffix(rest.get(6..)?)?),
        b'd' if DLVRD.matches(word) => (Key::Dlvrd, 6),
        b'd' if DONE.matches(word) => (Key::DoneDate, 4 + date_suffix(rest.get(4..)?)?),
        b'e' if ERR.matches(word) => (Key::Err, 4),
        b't' if TEXT.matches(word) => (Key::Text, 5),
        _ => return None,
    };
    Some(key)
}

/// The length of `key` (colon included) if it starts `rest`; the same test as
/// [`match_key`] for that one key. Inlined so a constant `key` selects one pattern.
#[inline(always)]
pub(super) fn key_at(rest: &[u8], key: Key) -> Option<usize> {
    let word = load(rest);
    let (pattern, len) = match key {
        Key::Id => (&ID, 3),
        Key::Sub => (&SUB, 4),
        Key::Dlvrd => (&DLVRD, 6),
        Key::SubmitDate => (&SUBMIT, 6),
        Key::DoneDate => (&DONE, 4),
        Key::Stat => (&STAT, 5),
        Key::Err => (&ERR, 4),
        Key::Text => (&TEXT, 5),
    };
    if !pattern.matches(word) {
        return None;
    }
    match key {
        Key::SubmitDate | Key::DoneDate => Some(len + date_suffix(rest.get(len..)?)?),
        _ => Some(len),
    }
}

/// Length of `date:`, ` date:` or `_date:` at the start of `rest`.
fn date_suffix(rest: &[u8]) -> Option<usize> {
    let word = load(rest);
    if DATE.matches(word) {
        Some(5)
    } else if SPACE_DATE.matches(word) || UNDERSCORE_DATE.matches(word) {
        Some(6)
    } else {
        None
    }
}

/// The first eight bytes of `rest` as a little-endian word, zero-padded. Padding never
/// matches a pattern byte: patterns hold no NUL, and a folded NUL is 0x20, not a letter.
fn load(rest: &[u8]) -> u64 {
    if let Some(chunk) = rest.first_chunk::<8>() {
        return u64::from_le_bytes(*chunk);
    }
    let mut buf = [0u8; 8];
    for (dst, src) in buf.iter_mut().zip(rest) {
        *dst = *src;
    }
    u64::from_le_bytes(buf)
}

/// Up to eight bytes compared as one word, letters ignoring case: a byte ORed with
/// 0x20 equals a lower-case letter only if it is that letter in either case.
struct Pattern {
    value: u64,
    mask: u64,
    fold: u64,
}

impl Pattern {
    const fn new(text: &[u8]) -> Self {
        let (mut value, mut mask, mut fold) = (0u64, 0u64, 0u64);
        let mut shift = 0;
        let mut rest = text;
        while let [b, tail @ ..] = rest {
            value |= (b.to_ascii_lowercase() as u64) << shift;
            mask |= 0xFF << shift;
            if b.is_ascii_alphabetic() {
                fold |= 0x20 << shift;
            }
            shift += 8;
            rest = tail;
        }
        Self { value, mask, fold }
    }

    const fn matches(&self, word: u64) -> bool {
        (word | self.fold) & self.mask == self.value
    }
}

const ID: Pattern = Pattern::new(b"id:");
const SUB: Pattern = Pattern::new(b"sub:");
const STAT: Pattern = Pattern::new(b"stat:");
const SUBMIT: Pattern = Pattern::new(b"submit");
const DLVRD: Pattern = Pattern::new(b"dlvrd:");
const DONE: Pattern = Pattern::new(b"done");
const ERR: Pattern = Pattern::new(b"err:");
const TEXT: Pattern = Pattern::new(b"text:");
const DATE: Pattern = Pattern::new(b"date:");
const SPACE_DATE: Pattern = Pattern::new(b" date:");
const UNDERSCORE_DATE: Pattern = Pattern::new(b"_date:");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_end_matches_a_byte_loop() {
        let input = b"abcdefghij klmnopqrstuvwxyz\t0123456789abcdef\x00xyz\x7f\x80\xff end";
        for pos in 0..=input.len() {
            let expected = input
                .iter()
                .skip(pos)
                .position(|&b| b <= b' ')
                .map_or(input.len(), |i| pos + i);
            assert_eq!(token_end(input, pos), expected, "from {pos}");
        }
    }

    #[test]
    fn keys() {
        assert_eq!(match_key(b"ID:1"), Some((Key::Id, 3)));
        assert_eq!(match_key(b"id"), None);
        assert_eq!(match_key(b"id\x1a"), None);
        assert_eq!(match_key(b"SubMit Date:1"), Some((Key::SubmitDate, 12)));
        assert_eq!(match_key(b"submit_date:"), Some((Key::SubmitDate, 12)));
        assert_eq!(match_key(b"submitdate:"), Some((Key::SubmitDate, 11)));
        assert_eq!(match_key(b"submit\0date:"), None);
        assert_eq!(match_key(b"submitted:"), None);
        assert_eq!(match_key(b"DONE DATE:"), Some((Key::DoneDate, 10)));
        assert_eq!(match_key(b"dlvrd:"), Some((Key::Dlvrd, 6)));
        assert_eq!(match_key(b"Text:"), Some((Key::Text, 5)));
        assert_eq!(match_key(b"text"), None);
        assert_eq!(match_key(b"stat:"), Some((Key::Stat, 5)));
        assert_eq!(match_key(b"state:"), None);
        assert_eq!(match_key(b"err:"), Some((Key::Err, 4)));
        assert_eq!(match_key(b""), None);
    }
}

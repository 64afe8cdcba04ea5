//! The parsing cursor over one PDU body.
//!
//! Two paths: a fast one of plain slice operations that only says "valid or not" (every
//! well-formed PDU takes it), and a detailed one where nom does the byte-level work and
//! failures become [`ParseError`]s naming the field and its offset. A PDU that fails the fast
//! path is parsed again on the detailed path to say exactly what is wrong; both accept the
//! same inputs (a test and the fuzz targets check they agree).

use nom::IResult;
use nom::bytes::complete::{take, take_till};
use nom::number::complete::{be_u8, be_u16, be_u32};

use crate::error::{Field, ParseError, ParseErrorKind};
use crate::header::HEADER_LEN;

// The unit error type: which field failed is known here, so nom need not build an error value.
type NomResult<'a, T> = IResult<&'a [u8], T, ()>;

/// A cursor over the body of one PDU (the bytes after the 16-octet header).
pub(crate) struct Reader<'a> {
    input: &'a [u8],
    body_len: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    pub(crate) fn new(body: &'a [u8]) -> Self {
        Self {
            input: body,
            body_len: body.len(),
        }
    }

    /// Offset of the next unread byte from the start of the PDU.
    #[inline]
    pub(crate) fn offset(&self) -> usize {
        HEADER_LEN + self.body_len - self.input.len()
    }

    #[inline]
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.input
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.input.is_empty()
    }

    #[cold]
    pub(crate) fn error(&self, kind: ParseErrorKind, field: Field) -> ParseError {
        ParseError::new(kind, field, self.offset())
    }

    #[inline]
    fn truncated(&self, field: Field) -> ParseError {
        self.error(ParseErrorKind::Truncated, field)
    }

    /// Runs a nom parser on the rest of the body; a failure is the body ending early.
    #[inline]
    fn run<T>(
        &mut self,
        field: Field,
        parser: impl FnOnce(&'a [u8]) -> NomResult<'a, T>,
    ) -> Result<T, ParseError> {
        match parser(self.input) {
            Ok((rest, v)) => {
                self.input = rest;
                Ok(v)
            }
            Err(_) => Err(self.truncated(field)),
        }
    }

    #[inline]
    pub(crate) fn u8(&mut self, field: Field) -> Result<u8, ParseError> {
        self.run(field, be_u8)
    }

    #[inline]
    pub(crate) fn u16(&mut self, field: Field) -> Result<u16, ParseError> {
        self.run(field, be_u16)
    }

    #[inline]
    pub(crate) fn u32(&mut self, field: Field) -> Result<u32, ParseError> {
        self.run(field, be_u32)
    }

    #[inline]
    pub(crate) fn take(&mut self, n: usize, field: Field) -> Result<&'a [u8], ParseError> {
        self.run(field, take(n))
    }

    /// A C-octet string of at most `max` octets including its NUL; returns it without the NUL.
    #[inline]
    pub(crate) fn c_octets(&mut self, max: usize, field: Field) -> Result<&'a [u8], ParseError> {
        fn until_nul(i: &[u8]) -> NomResult<'_, &[u8]> {
            let (rest, value) = take_till(|b| b == 0)(i)?;
            let (rest, _nul) = take(1usize)(rest)?;
            Ok((rest, value))
        }
        let too_long = ParseErrorKind::TooLong { max: max as u16 };
        match until_nul(self.input) {
            Ok((rest, value)) if value.len() < max => {
                self.input = rest;
                Ok(value)
            }
            Ok(_) => Err(self.error(too_long, field)),
            // No NUL before the end: too long if the field's maximum fitted, else truncated.
            Err(_) if self.input.len() >= max => Err(self.error(too_long, field)),
            Err(_) => Err(self.truncated(field)),
        }
    }

    // Fast path: no error detail (the caller re-parses with the methods above on failure).

    #[inline(always)]
    pub(crate) fn u8_fast(&mut self) -> Option<u8> {
        let (b, rest) = self.input.split_first()?;
        self.input = rest;
        Some(*b)
    }

    #[inline(always)]
    pub(crate) fn array_fast<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (b, rest) = self.input.split_first_chunk::<N>()?;
        self.input = rest;
        Some(*b)
    }

    #[inline(always)]
    pub(crate) fn u32_fast(&mut self) -> Option<u32> {
        let (b, rest) = self.input.split_first_chunk::<4>()?;
        self.input = rest;
        Some(u32::from_be_bytes(*b))
    }

    #[inline(always)]
    pub(crate) fn take_fast(&mut self, n: usize) -> Option<&'a [u8]> {
        let (v, rest) = self.input.split_at_checked(n)?;
        self.input = rest;
        Some(v)
    }

    #[inline(always)]
    pub(crate) fn c_octets_fast<const MAX: usize>(&mut self) -> Option<&'a [u8]> {
        let n = nul_position::<MAX>(self.input)?;
        let (value, rest) = self.input.split_at_checked(n)?;
        self.input = rest.get(1..)?;
        Some(value)
    }
}

/// Index of the first NUL among the first `MAX` octets of `s`.
///
/// When `MAX` octets are available the search runs over a fixed-size array, which the compiler
/// unrolls into one compare-and-branch per octet: each exit yields a constant index, so the
/// next field's position depends on a predicted branch rather than on a chain of loads. (A
/// word-at-a-time search ran slower: its index is data-dependent, so the fields serialise.)
#[inline(always)]
pub(crate) fn nul_position<const MAX: usize>(s: &[u8]) -> Option<usize> {
    match s.first_chunk::<MAX>() {
        Some(window) => window.iter().position(|&b| b == 0),
        None => s.iter().position(|&b| b == 0),
    }
}

#[cfg(test)]
mod tests {
    use super::nul_position;

    #[test]
    fn nul_position_matches_a_byte_scan() {
        let mut buf = [b'x'; 40];
        for len in 0..=buf.len() {
            for nul in (0..len).map(Some).chain([None]) {
                for second in [None, Some(0), Some(7), Some(9), Some(30)] {
                    buf.fill(b'x');
                    if let Some(i) = nul {
                        buf[i] = 0;
                    }
                    if let Some(j) = second.filter(|&j| j < len) {
                        buf[j] = 0;
                    }
                    let s = &buf[..len];
                    let expect = |max: usize| s[..max.min(len)].iter().position(|&b| b == 0);
                    assert_eq!(nul_position::<1>(s), expect(1), "{s:?}");
                    assert_eq!(nul_position::<6>(s), expect(6), "{s:?}");
                    assert_eq!(nul_position::<17>(s), expect(17), "{s:?}");
                    assert_eq!(nul_position::<21>(s), expect(21), "{s:?}");
                }
            }
        }
    }
}

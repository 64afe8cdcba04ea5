//! Packed GSM 7-bit: septets laid LSB-first into a continuous bit stream (3GPP TS 23.038
//! §6.1.2.1), with fill bits after a UDH and the CR padding rule.
//!
//! Septet *i* occupies bits `fill + 7i .. fill + 7i + 6`, bit 0 being the least
//! significant bit of the first octet. `fill` is the number of zero bits that bring the
//! text after a UDH to a septet boundary ([`fill_bits`]).
//!
//! CR padding: when the last octet has exactly 7 spare bits, a receiver that only knows
//! the octet count would read one more septet, `@` (0x00). So [`pack`] fills those 7 bits
//! with CR (0x0D), and [`unpack`] without a septet count drops a final CR that ends exactly
//! on an octet boundary. (23.038 also asks a sender whose real text ends with CR on an
//! octet boundary to add a second CR; where that matters, e.g. USSD, the caller appends it.)
//!
//! ```
//! use smpp_proto::text::packed;
//!
//! let mut out = [0u8; 16];
//! let n = packed::pack(b"\x68\x65\x6C\x6C\x6F", 0, &mut out).unwrap(); // "hello"
//! assert_eq!(&out[..n], &[0xE8, 0x32, 0x9B, 0xFD, 0x06]);
//! ```

use super::codec::{Chars, units, write_chars};
use super::{DecodeError, EncodeError, Encoding, GsmTables, OnError, encoded_len};

/// Octets that `septets` septets take after `fill_bits` fill bits.
pub const fn packed_len(septets: usize, fill_bits: u8) -> usize {
    (fill(fill_bits) + septets * 7).div_ceil(8)
}

/// Fill bits needed after a UDH of `udh_len` octets (including the UDHL octet) so that
/// the text starts on a septet boundary: `(7 − udh_len × 8 mod 7) mod 7`.
pub const fn fill_bits(udh_len: usize) -> u8 {
    ((7 - (udh_len * 8) % 7) % 7) as u8
}

/// Septets a packed buffer of `packed_len` octets holds, counting a CR padding septet.
pub const fn septet_capacity(packed_len: usize, fill_bits: u8) -> usize {
    (packed_len * 8).saturating_sub(fill(fill_bits)) / 7
}

const fn fill(fill_bits: u8) -> usize {
    // Fill bits only ever number 0..=6; more than 7 would skip a whole octet.
    if fill_bits > 7 { 7 } else { fill_bits as usize }
}

/// Packs `septets` (the high bit of each is ignored) after `fill_bits` zero bits into
/// `out`; returns the octets written. Seven spare bits at the end hold CR.
pub fn pack(septets: &[u8], fill_bits: u8, out: &mut [u8]) -> Result<usize, EncodeError> {
    let len = packed_len(septets.len(), fill_bits);
    let dst = out
        .get_mut(..len)
        .ok_or(EncodeError::BufferTooSmall { required: len })?;
    dst.fill(0);
    let mut bit = fill(fill_bits);
    for &s in septets {
        put_septet(dst, bit, s);
        bit += 7;
    }
    if len * 8 - bit == 7 {
        put_septet(dst, bit, 0x0D);
    }
    Ok(len)
}

fn put_septet(dst: &mut [u8], bit: usize, septet: u8) {
    let value = u16::from(septet & 0x7F) << (bit % 8);
    let [lo, hi] = value.to_le_bytes();
    if let Some(b) = dst.get_mut(bit / 8) {
        *b |= lo;
    }
    if hi != 0 {
        if let Some(b) = dst.get_mut(bit / 8 + 1) {
            *b |= hi;
        }
    }
}

fn get_septet(packed: &[u8], bit: usize) -> u8 {
    let lo = packed.get(bit / 8).copied().unwrap_or(0);
    let hi = packed.get(bit / 8 + 1).copied().unwrap_or(0);
    let both = u16::from_le_bytes([lo, hi]);
    ((both >> (bit % 8)) & 0x7F) as u8
}

/// Iterator over the septets of packed data, yielding `(septet index, septet)`.
#[derive(Debug, Clone)]
pub struct Septets<'a> {
    packed: &'a [u8],
    bit: usize,
    index: usize,
    count: usize,
}

impl<'a> Septets<'a> {
    /// Reads `packed` after `fill_bits` fill bits. With `Some(count)` exactly that many
    /// septets are read (an error if the data is too short); with `None` the count comes
    /// from the length, less a final CR padding septet.
    pub fn new(packed: &'a [u8], fill_bits: u8, count: Option<usize>) -> Result<Self, DecodeError> {
        let start = fill(fill_bits);
        let count = match count {
            Some(n) => {
                if packed_len(n, fill_bits) > packed.len() {
                    return Err(DecodeError::Truncated {
                        offset: packed.len(),
                    });
                }
                n
            }
            None => {
                let n = septet_capacity(packed.len(), fill_bits);
                let ends_on_boundary = start + n * 7 == packed.len() * 8;
                let last_is_cr = n > 0 && get_septet(packed, start + (n - 1) * 7) == 0x0D;
                if ends_on_boundary && last_is_cr {
                    n - 1
                } else {
                    n
                }
            }
        };
        Ok(Self {
            packed,
            bit: start,
            index: 0,
            count,
        })
    }

    /// Septets this iterator yields in all.
    pub const fn count_total(&self) -> usize {
        self.count
    }
}

impl Iterator for Septets<'_> {
    type Item = (usize, u8);

    fn next(&mut self) -> Option<(usize, u8)> {
        if self.index >= self.count {
            return None;
        }
        let s = get_septet(self.packed, self.bit);
        let i = self.index;
        self.index += 1;
        self.bit += 7;
        Some((i, s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.index;
        (left, Some(left))
    }
}

/// Unpacks septets into `out`, one per octet; returns how many. See [`Septets::new`] for
/// `count`.
pub fn unpack(
    packed: &[u8],
    fill_bits: u8,
    count: Option<usize>,
    out: &mut [u8],
) -> Result<usize, DecodeError> {
    let septets = Septets::new(packed, fill_bits, count)?;
    let n = septets.count_total();
    let dst = out
        .get_mut(..n)
        .ok_or(DecodeError::BufferTooSmall { required: n })?;
    for (slot, (_, s)) in dst.iter_mut().zip(septets) {
        *slot = s;
    }
    Ok(n)
}

/// Encodes `text` as packed GSM 7-bit after `fill_bits` fill bits; returns octets written.
///
/// ```
/// use smpp_proto::text::{packed, GsmTables, OnError};
///
/// let mut out = [0u8; 16];
/// let n = packed::encode("hellohello", GsmTables::DEFAULT, 0, OnError::Fail, &mut out).unwrap();
/// assert_eq!(&out[..n], &[0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37]);
/// ```
pub fn encode(
    text: &str,
    tables: GsmTables,
    fill_bits: u8,
    on_error: OnError,
    out: &mut [u8],
) -> Result<usize, EncodeError> {
    let encoding = Encoding::Gsm7(tables);
    let septets = encoded_len(text, encoding, on_error)?;
    let required = packed_len(septets, fill_bits);
    let dst = out
        .get_mut(..required)
        .ok_or(EncodeError::BufferTooSmall { required })?;
    dst.fill(0);
    let mut bit = fill(fill_bits);
    for unit in units(text, encoding, on_error) {
        for &s in unit?.as_bytes() {
            put_septet(dst, bit, s);
            bit += 7;
        }
    }
    if required * 8 - bit == 7 {
        put_septet(dst, bit, 0x0D);
    }
    Ok(required)
}

/// Decodes packed GSM 7-bit into `out` as UTF-8 and returns it as `&str`. See
/// [`Septets::new`] for `count`; error offsets count septets.
pub fn decode<'o>(
    packed: &[u8],
    fill_bits: u8,
    count: Option<usize>,
    tables: GsmTables,
    on_error: OnError,
    out: &'o mut [u8],
) -> Result<&'o str, DecodeError> {
    let septets = Septets::new(packed, fill_bits, count)?;
    write_chars(Chars::gsm_packed(septets, tables, on_error), out)
}

/// Decodes packed GSM 7-bit into a `String`. See [`decode`].
#[cfg(feature = "alloc")]
pub fn decode_to_string(
    packed: &[u8],
    fill_bits: u8,
    count: Option<usize>,
    tables: GsmTables,
    on_error: OnError,
) -> Result<alloc::string::String, DecodeError> {
    let septets = Septets::new(packed, fill_bits, count)?;
    Chars::gsm_packed(septets, tables, on_error).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    fn hex(b: &[u8]) -> std::string::String {
        b.iter().map(|x| std::format!("{x:02x}")).collect()
    }

    fn pack_text(text: &str, fill: u8) -> Vec<u8> {
        let mut out = [0u8; 64];
        let n = encode(text, GsmTables::DEFAULT, fill, OnError::Fail, &mut out).unwrap();
        out[..n].to_vec()
    }

    #[test]
    fn standard_examples() {
        assert_eq!(hex(&pack_text("hello", 0)), "e8329bfd06");
        assert_eq!(hex(&pack_text("hellohello", 0)), "e8329bfd4697d9ec37");
        // 8 septets fill 7 octets exactly: no padding.
        assert_eq!(hex(&pack_text("hellohel", 0)), "e8329bfd4697d9");
    }

    #[test]
    fn cr_padding_when_seven_bits_spare() {
        // 7 septets leave 7 spare bits: CR (0x0D << 1) goes there.
        assert_eq!(hex(&pack_text("hellohe", 0)), "e8329bfd46971b");
        let packed = pack_text("hellohe", 0);
        let mut out = [0u8; 16];
        let n = unpack(&packed, 0, None, &mut out).unwrap();
        assert_eq!(&out[..n], b"hellohe");
        // With the count known, the padding is simply not read.
        assert_eq!(unpack(&packed, 0, Some(7), &mut out), Ok(7));
        // A real trailing CR that ends on the boundary is read when the count is known.
        let n = unpack(&packed, 0, Some(8), &mut out).unwrap();
        assert_eq!(&out[..n], b"hellohe\r");
    }

    #[test]
    fn fill_bits_after_udh() {
        assert_eq!(fill_bits(6), 1);
        assert_eq!(fill_bits(7), 0);
        assert_eq!(fill_bits(4), 3);
        assert_eq!(fill_bits(0), 0);
        // Cross-check with the "prepend dummy septets" construction: 7 '@' septets
        // cover a 6-octet UDH plus one fill bit, so the octets after the header match.
        let text = b"hello world";
        let mut with_dummies = Vec::from([0u8; 7]);
        with_dummies.extend_from_slice(text);
        let mut a = [0u8; 64];
        let na = pack(&with_dummies, 0, &mut a).unwrap();
        let mut b = [0u8; 64];
        let nb = pack(text, fill_bits(6), &mut b).unwrap();
        assert_eq!(&a[6..na], &b[..nb]);
        assert_eq!(na, 6 + nb);
        // "hello" after a 6-octet UDH: 'h' (0x68) shifted left by one fill bit.
        assert_eq!(hex(&pack_text("hello", 1)), "d06536fb0d");
    }

    #[test]
    fn short_buffers_and_truncation() {
        let mut out = [0u8; 4];
        assert_eq!(
            pack(b"hello", 0, &mut out),
            Err(EncodeError::BufferTooSmall { required: 5 })
        );
        assert_eq!(
            unpack(&[0xE8, 0x32], 0, Some(3), &mut out),
            Err(DecodeError::Truncated { offset: 2 })
        );
        assert_eq!(
            encode("hello", GsmTables::DEFAULT, 0, OnError::Fail, &mut out),
            Err(EncodeError::BufferTooSmall { required: 5 })
        );
    }

    proptest! {
        #[test]
        fn pack_unpack_round_trip(septets in proptest::collection::vec(0u8..0x80, 0..200), fill in 0u8..7) {
            let mut packed = [0u8; 256];
            let n = pack(&septets, fill, &mut packed).unwrap();
            prop_assert_eq!(n, packed_len(septets.len(), fill));
            let mut out = [0u8; 256];
            let m = unpack(&packed[..n], fill, Some(septets.len()), &mut out).unwrap();
            prop_assert_eq!(&out[..m], &septets[..]);
            // Without the count, only a CR exactly on the boundary is ambiguous.
            let m = unpack(&packed[..n], fill, None, &mut out).unwrap();
            let boundary = (usize::from(fill) + septets.len() * 7) % 8 == 0;
            if boundary && septets.last() == Some(&0x0D) {
                prop_assert_eq!(&out[..m], &septets[..septets.len() - 1]);
            } else {
                prop_assert_eq!(&out[..m], &septets[..]);
            }
        }

        #[test]
        fn unpack_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64), fill in any::<u8>(), count in proptest::option::of(0usize..100)) {
            let mut out = [0u8; 128];
            let _ = unpack(&data, fill, count, &mut out);
            let mut s = [0u8; 512];
            let _ = decode(&data, fill, count, GsmTables::DEFAULT, OnError::Fail, &mut s);
        }
    }
}

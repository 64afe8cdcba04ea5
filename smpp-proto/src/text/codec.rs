//! Encoding and decoding whole texts in any [`Encoding`], into caller buffers or (with
//! `alloc`) into owned values, and a char iterator for decoding.

use super::{
    DecodeError, EncodeError, Encoding, GsmTables, OnError, ascii, gsm, iso8859, latin1, packed,
    ucs2,
};

/// The encoded bytes of one character (at most 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unit {
    buf: [u8; 4],
    len: u8,
}

impl Unit {
    pub(super) const fn one(a: u8) -> Self {
        Self {
            buf: [a, 0, 0, 0],
            len: 1,
        }
    }

    pub(super) const fn two(a: u8, b: u8) -> Self {
        Self {
            buf: [a, b, 0, 0],
            len: 2,
        }
    }

    pub(super) const fn four(buf: [u8; 4]) -> Self {
        Self { buf, len: 4 }
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or_default()
    }

    pub(super) const fn len(&self) -> usize {
        self.len as usize
    }
}

/// The bytes for `c`, if the encoding has it.
pub(super) fn encode_char(encoding: Encoding, c: char) -> Option<Unit> {
    match encoding {
        Encoding::Gsm7(tables) => gsm::encode_char(&tables, c),
        Encoding::Ascii => ascii::encode_char(c),
        Encoding::Latin1 => latin1::encode_char(c),
        Encoding::Cyrillic => iso8859::encode_char(&iso8859::CYRILLIC, c),
        Encoding::Hebrew => iso8859::encode_char(&iso8859::HEBREW, c),
        Encoding::Ucs2 => Some(ucs2::encode_char(c)),
    }
}

/// The bytes for `c`, its replacement, or the error naming it.
pub(super) fn map_char(
    encoding: Encoding,
    ch: char,
    index: usize,
    offset: usize,
    on_error: OnError,
) -> Result<Unit, EncodeError> {
    let unmappable = EncodeError::Unmappable { ch, index, offset };
    match encode_char(encoding, ch) {
        Some(u) => Ok(u),
        None => match on_error {
            OnError::Fail => Err(unmappable),
            OnError::Replace(r) => encode_char(encoding, r).ok_or(unmappable),
        },
    }
}

/// The encoded unit of each character of `text`, in order.
pub(super) fn units(
    text: &str,
    encoding: Encoding,
    on_error: OnError,
) -> impl Iterator<Item = Result<Unit, EncodeError>> + '_ {
    text.char_indices()
        .enumerate()
        .map(move |(index, (offset, ch))| map_char(encoding, ch, index, offset, on_error))
}

/// The exact number of bytes [`encode`] writes for `text` (for GSM, unpacked septets).
pub fn encoded_len(
    text: &str,
    encoding: Encoding,
    on_error: OnError,
) -> Result<usize, EncodeError> {
    units(text, encoding, on_error).try_fold(0, |n, u| Ok(n + u?.len()))
}

/// Encodes `text` into `out` and returns the bytes written. GSM 7-bit comes out unpacked,
/// one septet per octet, as usual on SMPP links ([`packed::encode`] packs it).
///
/// A character the encoding lacks is an [`EncodeError::Unmappable`] naming it and its
/// position, unless `on_error` gives a replacement. If `out` is too short the error
/// carries the size needed and `out`'s contents are unspecified.
///
/// ```
/// use smpp_proto::text::{encode, Encoding, EncodeError, OnError};
///
/// let mut out = [0u8; 32];
/// let n = encode("Price: 5€", Encoding::GSM7, OnError::Fail, &mut out).unwrap();
/// assert_eq!(&out[..n], b"Price: 5\x1b\x65");
///
/// let err = encode("a✓b", Encoding::GSM7, OnError::Fail, &mut out).unwrap_err();
/// assert_eq!(err, EncodeError::Unmappable { ch: '✓', index: 1, offset: 1 });
/// let n = encode("a✓b", Encoding::GSM7, OnError::Replace('?'), &mut out).unwrap();
/// assert_eq!(&out[..n], b"a?b");
/// ```
pub fn encode(
    text: &str,
    encoding: Encoding,
    on_error: OnError,
    out: &mut [u8],
) -> Result<usize, EncodeError> {
    let mut n = 0;
    for unit in units(text, encoding, on_error) {
        let unit = unit?;
        let bytes = unit.as_bytes();
        match out.get_mut(n..n + bytes.len()) {
            Some(dst) => dst.copy_from_slice(bytes),
            None => {
                let required = encoded_len(text, encoding, on_error)?;
                return Err(EncodeError::BufferTooSmall { required });
            }
        }
        n += bytes.len();
    }
    Ok(n)
}

/// Encodes `text` into a new `Vec`. See [`encode`].
#[cfg(feature = "alloc")]
pub fn encode_to_vec(
    text: &str,
    encoding: Encoding,
    on_error: OnError,
) -> Result<alloc::vec::Vec<u8>, EncodeError> {
    let mut out = alloc::vec::Vec::with_capacity(text.len());
    for unit in units(text, encoding, on_error) {
        out.extend_from_slice(unit?.as_bytes());
    }
    Ok(out)
}

#[derive(Debug, Clone)]
enum Inner<'a> {
    Gsm(gsm::Decoder<core::iter::Enumerate<core::iter::Copied<core::slice::Iter<'a, u8>>>>),
    GsmPacked(gsm::Decoder<packed::Septets<'a>>),
    Ascii(core::iter::Enumerate<core::iter::Copied<core::slice::Iter<'a, u8>>>),
    Latin1(core::iter::Copied<core::slice::Iter<'a, u8>>),
    Iso8859(
        &'static [u16; 96],
        core::iter::Enumerate<core::iter::Copied<core::slice::Iter<'a, u8>>>,
    ),
    Ucs2(ucs2::Decoder<'a>),
}

/// Iterator over the characters of encoded bytes; see [`decode_chars`]. In
/// [`OnError::Fail`] mode it ends after yielding the first error.
#[derive(Debug, Clone)]
pub struct Chars<'a> {
    inner: Inner<'a>,
    on_error: OnError,
    failed: bool,
}

impl<'a> Chars<'a> {
    pub(super) fn gsm_packed(
        septets: packed::Septets<'a>,
        tables: GsmTables,
        on_error: OnError,
    ) -> Self {
        Self {
            inner: Inner::GsmPacked(gsm::Decoder::new(septets, tables)),
            on_error,
            failed: false,
        }
    }
}

impl Iterator for Chars<'_> {
    type Item = Result<char, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = match &mut self.inner {
            Inner::Gsm(d) => d.next()?,
            Inner::GsmPacked(d) => d.next()?,
            Inner::Ascii(bytes) => {
                let (offset, byte) = bytes.next()?;
                ascii::decode_byte(byte).ok_or(DecodeError::InvalidByte { byte, offset })
            }
            Inner::Latin1(bytes) => Ok(latin1::decode_byte(bytes.next()?)),
            Inner::Iso8859(table, bytes) => {
                let (offset, byte) = bytes.next()?;
                iso8859::decode_byte(table, byte).ok_or(DecodeError::InvalidByte { byte, offset })
            }
            Inner::Ucs2(d) => d.next()?,
        };
        Some(match (item, self.on_error) {
            (Ok(c), _) => Ok(c),
            (Err(_), OnError::Replace(r)) => Ok(r),
            (Err(e), OnError::Fail) => {
                self.failed = true;
                Err(e)
            }
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.failed {
            return (0, Some(0));
        }
        match &self.inner {
            Inner::Gsm(d) => d.size_hint(),
            Inner::GsmPacked(d) => d.size_hint(),
            Inner::Ascii(b) => b.size_hint(),
            Inner::Latin1(b) => b.size_hint(),
            Inner::Iso8859(_, b) => b.size_hint(),
            Inner::Ucs2(d) => d.size_hint(),
        }
    }
}

/// The characters of `bytes` in `encoding` (GSM 7-bit unpacked: one septet per octet).
///
/// ```
/// use smpp_proto::text::{decode_chars, Encoding, OnError};
///
/// let s: String = decode_chars(b"\x00\x1b\x65\x5f", Encoding::GSM7, OnError::Fail)
///     .collect::<Result<_, _>>()
///     .unwrap();
/// assert_eq!(s, "@€§");
/// ```
pub fn decode_chars(bytes: &[u8], encoding: Encoding, on_error: OnError) -> Chars<'_> {
    let inner = match encoding {
        Encoding::Gsm7(tables) => {
            Inner::Gsm(gsm::Decoder::new(bytes.iter().copied().enumerate(), tables))
        }
        Encoding::Ascii => Inner::Ascii(bytes.iter().copied().enumerate()),
        Encoding::Latin1 => Inner::Latin1(bytes.iter().copied()),
        Encoding::Cyrillic => Inner::Iso8859(&iso8859::CYRILLIC, bytes.iter().copied().enumerate()),
        Encoding::Hebrew => Inner::Iso8859(&iso8859::HEBREW, bytes.iter().copied().enumerate()),
        Encoding::Ucs2 => Inner::Ucs2(ucs2::Decoder::new(bytes)),
    };
    Chars {
        inner,
        on_error,
        failed: false,
    }
}

/// Writes `chars` as UTF-8 into `out` and returns the written part as `&str`.
pub(super) fn write_chars(
    mut chars: impl Iterator<Item = Result<char, DecodeError>>,
    out: &mut [u8],
) -> Result<&str, DecodeError> {
    let mut n = 0;
    while let Some(c) = chars.next() {
        let c = c?;
        let len = c.len_utf8();
        match out.get_mut(n..n + len) {
            Some(dst) => {
                c.encode_utf8(dst);
                n += len;
            }
            None => {
                // Keep counting to report the whole size needed.
                let rest = chars.try_fold(0, |acc, c| c.map(|c| acc + c.len_utf8()))?;
                return Err(DecodeError::BufferTooSmall {
                    required: n + len + rest,
                });
            }
        }
    }
    let written = out.get(..n).unwrap_or_default();
    // Only whole UTF-8 sequences were written, so this cannot fail.
    core::str::from_utf8(written).map_err(|_| DecodeError::BufferTooSmall { required: n })
}

/// Bytes of UTF-8 that [`decode`] produces for `bytes`.
pub fn decoded_len(
    bytes: &[u8],
    encoding: Encoding,
    on_error: OnError,
) -> Result<usize, DecodeError> {
    decode_chars(bytes, encoding, on_error).try_fold(0, |n, c| Ok(n + c?.len_utf8()))
}

/// Decodes `bytes` in `encoding` into `out` as UTF-8 and returns it as `&str`.
///
/// Invalid input (a GSM byte above 0x7F, an unpaired surrogate, …) is a [`DecodeError`]
/// with its offset unless `on_error` gives a replacement; if `out` is too short the error
/// carries the size needed.
///
/// ```
/// use smpp_proto::text::{decode, Encoding, OnError};
///
/// let mut buf = [0u8; 64];
/// let s = decode(&[0xD8, 0x3D, 0xDE, 0x00, 0x00, 0x21], Encoding::Ucs2, OnError::Fail, &mut buf).unwrap();
/// assert_eq!(s, "😀!");
/// ```
pub fn decode<'o>(
    bytes: &[u8],
    encoding: Encoding,
    on_error: OnError,
    out: &'o mut [u8],
) -> Result<&'o str, DecodeError> {
    write_chars(decode_chars(bytes, encoding, on_error), out)
}

/// Decodes `bytes` in `encoding` into a new `String`. See [`decode`].
#[cfg(feature = "alloc")]
pub fn decode_to_string(
    bytes: &[u8],
    encoding: Encoding,
    on_error: OnError,
) -> Result<alloc::string::String, DecodeError> {
    decode_chars(bytes, encoding, on_error).collect()
}

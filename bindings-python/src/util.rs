//! Small conversions shared by the codec and the session: Latin-1 text, octet arguments,
//! spans into a held `bytes` object, and the exceptions defined in `smpp/exceptions.py`.

use std::ops::Deref;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use smpp_proto::{LengthError, ParseError, ParseErrorKind};

// The exception hierarchy lives in Python (smpp/exceptions.py), where it is documented; the
// extension raises those classes (the pyca/cryptography pattern).
pyo3::import_exception!(smpp.exceptions, PduDecodeError);
pyo3::import_exception!(smpp.exceptions, FramingError);
pyo3::import_exception!(smpp.exceptions, PduEncodeError);
pyo3::import_exception!(smpp.exceptions, FieldTooLong);
pyo3::import_exception!(smpp.exceptions, LocalProtocolError);
pyo3::import_exception!(smpp.exceptions, WindowFull);
pyo3::import_exception!(smpp.exceptions, RateLimited);
pyo3::import_exception!(smpp.exceptions, TransmitBufferFull);
pyo3::import_exception!(smpp.exceptions, SessionClosed);
pyo3::import_exception!(smpp.exceptions, TextEncodeError);
pyo3::import_exception!(smpp.exceptions, TextDecodeError);
pyo3::import_exception!(smpp.exceptions, ReceiptParseError);

/// C-octet strings become `str` through Latin-1: every octet maps to the code point of the
/// same value, so any received value round-trips exactly (and ASCII, what well-behaved peers
/// send, reads as expected).
pub fn latin1_str<'py>(py: Python<'py>, b: &[u8]) -> Bound<'py, PyString> {
    if b.is_ascii() {
        // ASCII is valid UTF-8: the common case takes PyO3's ordinary constructor.
        if let Ok(s) = std::str::from_utf8(b) {
            return PyString::new(py, s);
        }
    }
    let s: String = b.iter().map(|&c| char::from(c)).collect();
    PyString::new(py, &s)
}

/// Octets taken from a Python argument, borrowed where possible.
pub enum Octets<'a, 'py> {
    Borrowed(&'a [u8]),
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl Deref for Octets<'_, '_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Self::Borrowed(b) => b,
            Self::Bytes(b) => b.as_bytes(),
            Self::Owned(v) => v,
        }
    }
}

/// `str` → Latin-1 octets (one C call; code points above U+00FF raise), `bytes` → as is.
pub fn text_octets<'a, 'py>(v: &'a Bound<'py, PyAny>, field: &str) -> PyResult<Octets<'a, 'py>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(Octets::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return latin1_bytes(s, field).map(Octets::Bytes);
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Ok(Octets::Owned(b.to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be str or bytes, not {}",
        v.get_type().name()?
    )))
}

/// `bytes`/`bytearray`/`memoryview` → octets; `str` is refused (text needs a data_coding).
pub fn binary_octets<'a, 'py>(v: &'a Bound<'py, PyAny>, field: &str) -> PyResult<Octets<'a, 'py>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(Octets::Borrowed(b.as_bytes()));
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Ok(Octets::Owned(b.to_vec()));
    }
    if v.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{field} takes bytes, not str: encode the text first (smpp.encode_text) and set data_coding"
        )));
    }
    // Any other buffer (memoryview, array): let Python make the bytes.
    let b = v.py().get_type::<PyBytes>().call1((v,)).map_err(|_| {
        PyTypeError::new_err(format!("{field} must be bytes-like, not {}", type_name(v)))
    })?;
    let b = b.cast_into::<PyBytes>()?;
    Ok(Octets::Bytes(b))
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Latin-1 encoding of a `str` (C-octet string fields are Latin-1 so every octet round-trips).
pub fn latin1_bytes<'py>(s: &Bound<'py, PyString>, field: &str) -> PyResult<Bound<'py, PyBytes>> {
    // Nearly every address and id is ASCII, where UTF-8 and Latin-1 agree: one C call
    // (PyUnicode_AsUTF8String) instead of looking up and calling str.encode.
    if let Ok(b) = s.encode_utf8() {
        if b.as_bytes().is_ascii() {
            return Ok(b);
        }
    }
    let py = s.py();
    match s.call_method1(pyo3::intern!(py, "encode"), (pyo3::intern!(py, "latin-1"),)) {
        Ok(o) => Ok(o.cast_into::<PyBytes>()?),
        Err(_) => Err(TextEncodeError::new_err(format!(
            "{field} holds characters outside Latin-1; C-octet string fields are Latin-1 (pass bytes for other octets)"
        ))),
    }
}

/// A range of the held PDU octets.
#[derive(Clone, Copy, Default, Debug)]
pub struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    /// The span of `part`, a sub-slice of `whole` (empty parts need not point into it).
    #[inline]
    pub fn of(whole: &[u8], part: &[u8]) -> Self {
        if part.is_empty() {
            return Self::default();
        }
        let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        if start + part.len() > whole.len() {
            return Self::default();
        }
        Self {
            start: start as u32,
            len: part.len() as u32,
        }
    }

    #[inline]
    pub fn get<'b>(&self, whole: &'b [u8]) -> &'b [u8] {
        let s = self.start as usize;
        whole.get(s..s + self.len as usize).unwrap_or(&[])
    }
}

/// The kind of a parse error as a short name.
pub fn kind_name(k: ParseErrorKind) -> &'static str {
    match k {
        ParseErrorKind::Frame => "frame",
        ParseErrorKind::Truncated => "truncated",
        ParseErrorKind::TooLong { .. } => "too_long",
        ParseErrorKind::InvalidValue => "invalid_value",
        ParseErrorKind::TrailingBytes => "trailing_bytes",
        ParseErrorKind::TlvOverrun => "tlv_overrun",
        ParseErrorKind::TlvLength { .. } => "tlv_length",
        ParseErrorKind::MissingTlv => "missing_tlv",
        _ => "invalid",
    }
}

/// PduDecodeError(message, field, offset, command_status, sequence_number, command_id, kind).
pub fn decode_error(e: &ParseError) -> PyErr {
    PduDecodeError::new_err((
        e.to_string(),
        e.field().name(),
        e.offset(),
        e.command_status().0,
        e.sequence_number(),
        e.command_id(),
        kind_name(e.kind()),
    ))
}

/// FieldTooLong(message, field, length, max).
pub fn too_long(field: &str, e: LengthError) -> PyErr {
    FieldTooLong::new_err((
        format!(
            "{field} is {} octets long; at most {} are allowed (and no NUL)",
            e.len, e.max
        ),
        field.to_string(),
        e.len,
        e.max,
    ))
}

//! decode / encode / framing functions.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use smpp_proto::{
    DEFAULT_MAX_COMMAND_LENGTH, Frame, FrameError, FrameStatus, HEADER_LEN, peek_frame,
};

use crate::pdu::{PduBase, make_object};
use crate::util::{FramingError, PduDecodeError, binary_octets, decode_error};

pub fn framing_error(e: &FrameError) -> PyErr {
    FramingError::new_err((
        e.to_string(),
        "command_length",
        0usize,
        e.command_status().0,
        None::<u32>,
        None::<u32>,
        "frame",
    ))
}

fn length_error(msg: String, kind: &str) -> PyErr {
    PduDecodeError::new_err((
        msg,
        "command_length",
        0usize,
        smpp_proto::CommandStatus::ESME_RINVCMDLEN.0,
        None::<u32>,
        None::<u32>,
        kind.to_string(),
    ))
}

/// Checks that `whole` is exactly one PDU and decodes it into its Python object.
pub fn decode_bytes<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyBytes>,
) -> PyResult<Bound<'py, PyAny>> {
    let whole = data.as_bytes();
    if whole.len() >= 4 {
        let cl = u32::from_be_bytes([whole[0], whole[1], whole[2], whole[3]]) as usize;
        if cl < HEADER_LEN {
            return Err(framing_error(&FrameError::LengthTooShort {
                command_length: cl as u32,
            }));
        }
        if cl > whole.len() {
            return Err(length_error(
                format!(
                    "command_length is {cl} but only {} octets were given",
                    whole.len()
                ),
                "truncated",
            ));
        }
        if cl < whole.len() {
            return Err(length_error(
                format!(
                    "command_length is {cl} but {} octets were given: decode() takes exactly one \
                     PDU (use split_frames() or Framer for a stream)",
                    whole.len()
                ),
                "trailing_bytes",
            ));
        }
    }
    let f = Frame::decode(whole).map_err(|e| decode_error(&e))?;
    make_object(py, data, &f)
}

/// decode(data) -> Pdu: decodes exactly one PDU (all of `data`).
#[pyfunction]
pub fn decode<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return decode_bytes(py, b);
    }
    let o = binary_octets(data, "data")?;
    decode_bytes(py, &PyBytes::new(py, &o))
}

/// encode(pdu, sequence_number=None) -> bytes.
#[pyfunction]
#[pyo3(signature = (pdu, sequence_number = None))]
pub fn encode<'py>(
    py: Python<'py>,
    pdu: &Bound<'py, PduBase>,
    sequence_number: Option<u32>,
) -> PyResult<Bound<'py, PyBytes>> {
    let base = pdu.get();
    match sequence_number {
        None => Ok(base.data.bind(py).clone()),
        Some(seq) => {
            let src = base.bytes(py);
            PyBytes::new_with(py, src.len(), |buf| {
                buf.copy_from_slice(src);
                buf[12..16].copy_from_slice(&seq.to_be_bytes());
                Ok(())
            })
        }
    }
}

/// split_frames(buf, max_command_length=...) -> (list[bytes], rest): the complete PDUs at
/// the front of `buf` (undecoded) and the octets after them.
#[pyfunction]
#[pyo3(signature = (buf, max_command_length = DEFAULT_MAX_COMMAND_LENGTH))]
pub fn split_frames<'py>(
    py: Python<'py>,
    buf: &Bound<'py, PyAny>,
    max_command_length: u32,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyBytes>)> {
    let o = binary_octets(buf, "buf")?;
    let mut rest: &[u8] = &o;
    let list = PyList::empty(py);
    loop {
        match peek_frame(rest, max_command_length) {
            Ok(FrameStatus::Complete(n)) => {
                list.append(PyBytes::new(py, &rest[..n]))?;
                rest = &rest[n..];
            }
            Ok(FrameStatus::Incomplete { .. }) => break,
            Err(e) => return Err(framing_error(&e)),
        }
    }
    Ok((list, PyBytes::new(py, rest)))
}

/// frame_length(buf, max_command_length=...) -> int | None: the length of the PDU at the
/// front of `buf` when all of it is there, else None.
#[pyfunction]
#[pyo3(signature = (buf, max_command_length = DEFAULT_MAX_COMMAND_LENGTH))]
pub fn frame_length(buf: &Bound<'_, PyAny>, max_command_length: u32) -> PyResult<Option<usize>> {
    let o = binary_octets(buf, "buf")?;
    match peek_frame(&o, max_command_length) {
        Ok(FrameStatus::Complete(n)) => Ok(Some(n)),
        Ok(FrameStatus::Incomplete { .. }) => Ok(None),
        Err(e) => Err(framing_error(&e)),
    }
}

/// Splits a byte stream into decoded PDUs.
///
/// ```python
/// framer = Framer()
/// for pdu in framer.feed(chunk):
///     ...
/// ```
/// A PDU that does not parse raises PduDecodeError when iterated (it is skipped, iteration
/// may continue); a command_length that makes the stream untrustworthy raises FramingError,
/// now and on every later call.
#[pyclass(module = "smpp._smpp")]
pub struct Framer {
    buf: Vec<u8>,
    pos: usize,
    max: u32,
    failed: Option<FrameError>,
}

#[pymethods]
impl Framer {
    #[new]
    #[pyo3(signature = (max_command_length = DEFAULT_MAX_COMMAND_LENGTH))]
    fn new(max_command_length: u32) -> Self {
        Self {
            buf: Vec::new(),
            pos: 0,
            max: max_command_length,
            failed: None,
        }
    }

    /// Adds received octets; returns the framer, to iterate.
    fn feed<'py>(slf: Bound<'py, Self>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        {
            let mut me = slf.borrow_mut();
            if me.pos > 0 && me.pos == me.buf.len() {
                me.buf.clear();
                me.pos = 0;
            } else if me.pos > 4096 && me.pos * 2 > me.buf.len() {
                let p = me.pos;
                me.buf.drain(..p);
                me.pos = 0;
            }
            let o = binary_octets(data, "data")?;
            me.buf.extend_from_slice(&o);
        }
        Ok(slf)
    }

    /// Octets held that do not yet form a whole PDU (or have not been iterated yet).
    #[getter]
    fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Some(e) = &self.failed {
            return Err(framing_error(e));
        }
        let rest = &self.buf[self.pos..];
        match peek_frame(rest, self.max) {
            Ok(FrameStatus::Complete(n)) => {
                let data = PyBytes::new(py, &rest[..n]);
                self.pos += n;
                let f = Frame::decode(data.as_bytes()).map_err(|e| decode_error(&e))?;
                make_object(py, &data, &f).map(Some)
            }
            Ok(FrameStatus::Incomplete { .. }) => Ok(None),
            Err(e) => {
                self.failed = Some(e);
                Err(framing_error(&e))
            }
        }
    }
}

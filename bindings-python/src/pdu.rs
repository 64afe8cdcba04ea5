//! PDU classes: one frozen Python class per SMPP 3.4 / 5.0 operation.
//!
//! A PDU object holds its own encoded octets (a `bytes` object: the received one when
//! decoded, a freshly encoded one when built from keyword arguments) plus the position of
//! each field in them. Attributes are made on access, so decoding creates one object and no
//! field values; encoding a built PDU returns the held `bytes`. This mirrors the Rust crate's
//! `OwnedFrame`: one representation, one codec path, and equality is octet equality.

use pyo3::IntoPyObjectExt;
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyInt, PyList, PyString, PyTuple, PyType};

use smpp_proto as proto;
use smpp_proto::{CommandId, CommandStatus, Frame, Pdu as P, Tlv, TlvTag, Tlvs};

use crate::util::{
    FieldTooLong, Octets, PduEncodeError, Span, binary_octets, decode_error, latin1_str,
    text_octets, too_long,
};

/// One-octet fields: plain `u8` and the crate's newtypes over it.
pub trait U8Field: Copy {
    fn get(self) -> u8;
    fn make(v: u8) -> Self;
}

impl U8Field for u8 {
    fn get(self) -> u8 {
        self
    }
    fn make(v: u8) -> Self {
        v
    }
}

macro_rules! u8_fields {
    ($($t:ident),*) => {$(
        impl U8Field for proto::$t {
            fn get(self) -> u8 { self.0 }
            fn make(v: u8) -> Self { proto::$t(v) }
        }
    )*};
}
u8_fields!(
    Ton,
    Npi,
    EsmClass,
    RegisteredDelivery,
    DataCoding,
    PriorityFlag,
    MessageState,
    InterfaceVersion
);

/// A count-prefixed list (submit_multi destinations, submit_multi_resp failures).
#[derive(Clone, Copy, Default)]
pub struct ListSpan {
    span: Span,
    count: u8,
}

// ---------------------------------------------------------------------------------------
// The base class.

/// The base class of every PDU.
#[pyclass(frozen, subclass, module = "smpp._smpp", name = "Pdu")]
pub struct PduBase {
    pub(crate) data: Py<PyBytes>,
    #[pyo3(get)]
    pub(crate) command_id: u32,
    #[pyo3(get)]
    pub(crate) command_status: u32,
    #[pyo3(get)]
    pub(crate) sequence_number: u32,
    tlv: Span,
}

impl PduBase {
    pub(crate) fn new(data: Py<PyBytes>, whole: &[u8], f: &Frame<'_>) -> Self {
        let tlv = match f.pdu.tlvs() {
            Tlvs::Raw(r) => Span::of(whole, r),
            Tlvs::Items(_) => Span::default(),
        };
        Self {
            data,
            command_id: f.command_id().as_u32(),
            command_status: f.command_status.0,
            sequence_number: f.sequence_number,
            tlv,
        }
    }

    pub(crate) fn bytes<'a>(&'a self, py: Python<'a>) -> &'a [u8] {
        self.data.as_bytes(py)
    }

    fn tlvs_view<'a>(&'a self, py: Python<'a>) -> Tlvs<'a> {
        Tlvs::Raw(self.tlv.get(self.bytes(py)))
    }

    /// The borrowed Rust view of this PDU (the octets were validated when it was made).
    pub(crate) fn frame<'a>(&'a self, py: Python<'a>) -> PyResult<Frame<'a>> {
        Frame::decode(self.bytes(py)).map_err(|e| decode_error(&e))
    }
}

fn opt_str<'py>(py: Python<'py>, v: Option<&[u8]>) -> Option<Bound<'py, PyString>> {
    v.map(|b| latin1_str(py, b))
}

#[pymethods]
impl PduBase {
    /// The PDU base class cannot be made directly; use a subclass or `smpp.decode`.
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn py_new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Err(PyTypeError::new_err(
            "Pdu is abstract: build a concrete PDU (e.g. smpp.SubmitSm(...)) or use smpp.decode()",
        ))
    }

    /// The spec's name of the operation, e.g. "submit_sm".
    #[getter]
    fn command_name(&self) -> &'static str {
        match CommandId::from_u32(self.command_id) {
            CommandId::Other(_) => "unknown",
            id => id.name(),
        }
    }

    /// The encoded length (command_length).
    #[getter]
    fn command_length(&self, py: Python<'_>) -> usize {
        self.bytes(py).len()
    }

    /// True for responses (bit 31 of command_id set).
    #[getter]
    fn is_response(&self) -> bool {
        CommandId::from_u32(self.command_id).is_response()
    }

    fn __bytes__(&self, py: Python<'_>) -> Py<PyBytes> {
        self.data.clone_ref(py)
    }

    fn __richcmp__(
        slf: &Bound<'_, Self>,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let Ok(other) = other.cast::<PduBase>() else {
            return Ok(py.NotImplemented());
        };
        let same =
            slf.get_type().is(other.get_type()) && slf.get().bytes(py) == other.get().bytes(py);
        match op {
            CompareOp::Eq => same.into_py_any(py),
            CompareOp::Ne => (!same).into_py_any(py),
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.data.bind(py).hash()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let decode = py.import("smpp._smpp")?.getattr("decode")?;
        PyTuple::new(
            py,
            [
                decode,
                PyTuple::new(py, [self.data.clone_ref(py)])?.into_any(),
            ],
        )
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let cls = slf.get_type();
        let name = cls.name()?;
        let base = slf.get();
        let mut parts = vec![format!("sequence_number={}", base.sequence_number)];
        if base.command_status != 0 {
            parts.push(format!("command_status={:#x}", base.command_status));
        }
        let fields = cls.getattr("_fields")?;
        for f in fields.try_iter()? {
            let f = f?;
            let v = slf.as_any().getattr(f.cast::<PyString>()?)?;
            parts.push(format!("{}={}", f, v.repr()?));
        }
        if !base.tlv.get(base.bytes(py)).is_empty() {
            parts.push(format!("tlvs={}", slf.as_any().getattr("tlvs")?.repr()?));
        }
        Ok(format!("{name}({})", parts.join(", ")))
    }

    /// The fields as keyword arguments for the constructor (with sequence_number,
    /// command_status and the raw TLV list).
    fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        let py = slf.py();
        let d = PyDict::new(py);
        let base = slf.get();
        let fields = slf.get_type().getattr("_fields")?;
        for f in fields.try_iter()? {
            let f = f?;
            let v = slf.as_any().getattr(f.cast::<PyString>()?)?;
            d.set_item(f, v)?;
        }
        d.set_item("sequence_number", base.sequence_number)?;
        d.set_item("command_status", base.command_status)?;
        d.set_item("tlvs", slf.as_any().getattr("tlvs")?)?;
        Ok(d)
    }

    /// A copy with some fields changed: `pdu.replace(sequence_number=7)`.
    #[pyo3(signature = (**changes))]
    fn replace<'py>(
        slf: &Bound<'py, Self>,
        changes: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let d = Self::to_dict(slf)?;
        if let Some(c) = changes {
            d.update(c.as_mapping())?;
        }
        slf.get_type().call((), Some(&d))
    }

    /// The response PDU for this request, with the same sequence_number:
    /// `submit.response(message_id="42")`. Its command_status defaults to 0.
    #[pyo3(signature = (**fields))]
    fn response<'py>(
        slf: &Bound<'py, Self>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let base = slf.get();
        let id = CommandId::from_u32(base.command_id);
        let cls = id
            .response()
            .and_then(|r| class_for(py, r.as_u32()))
            .ok_or_else(|| PyTypeError::new_err(format!("{} has no response PDU", id)))?;
        let d = PyDict::new(py);
        d.set_item("sequence_number", base.sequence_number)?;
        if let Some(f) = fields {
            d.update(f.as_mapping())?;
        }
        cls.call((), Some(&d))
    }

    /// Every TLV in wire order as `(tag, value)` pairs; unknown tags are kept.
    #[getter]
    fn tlvs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for t in self.tlvs_view(py).iter() {
            list.append((t.tag().0, PyBytes::new(py, t.value())))?;
        }
        Ok(list)
    }

    /// The value of the first TLV with this tag, or None.
    fn tlv<'py>(&self, py: Python<'py>, tag: u16) -> Option<Bound<'py, PyBytes>> {
        self.tlvs_view(py)
            .get(TlvTag(tag))
            .map(|v| PyBytes::new(py, v))
    }

    /// Every value with this tag, in order.
    fn tlv_all<'py>(&self, py: Python<'py>, tag: u16) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for t in self.tlvs_view(py).get_all(TlvTag(tag)) {
            list.append(PyBytes::new(py, t.value()))?;
        }
        Ok(list)
    }

    /// The user data: short_message, or the message_payload TLV when short_message is empty.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let f = self.frame(py)?;
        let m: &[u8] = match f.pdu {
            P::SubmitSm(b) => b.message(),
            P::DeliverSm(b) => b.message(),
            P::SubmitMulti(b) => match b.tlvs.message_payload() {
                Some(p) if b.short_message.is_empty() => p,
                _ => b.short_message.as_bytes(),
            },
            P::ReplaceSm(b) => match b.tlvs.message_payload() {
                Some(p) if b.short_message.is_empty() => p,
                _ => b.short_message.as_bytes(),
            },
            other => other.tlvs().message_payload().unwrap_or(&[]),
        };
        Ok(PyBytes::new(py, m))
    }

    #[getter]
    fn message_payload<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.tlvs_view(py)
            .message_payload()
            .map(|v| PyBytes::new(py, v))
    }

    #[getter]
    fn receipted_message_id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        opt_str(py, self.tlvs_view(py).receipted_message_id())
    }

    #[getter]
    fn message_state(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).message_state().map(|s| s.0)
    }

    /// network_error_code as (network_type, error_code).
    #[getter]
    fn network_error_code(&self, py: Python<'_>) -> Option<(u8, u16)> {
        self.tlvs_view(py)
            .network_error_code()
            .map(|n| (n.network_type, n.error_code))
    }

    #[getter]
    fn sar_msg_ref_num(&self, py: Python<'_>) -> Option<u16> {
        self.tlvs_view(py).sar_msg_ref_num()
    }

    #[getter]
    fn sar_total_segments(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).sar_total_segments()
    }

    #[getter]
    fn sar_segment_seqnum(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).sar_segment_seqnum()
    }

    #[getter]
    fn user_message_reference(&self, py: Python<'_>) -> Option<u16> {
        self.tlvs_view(py).user_message_reference()
    }

    #[getter]
    fn source_port(&self, py: Python<'_>) -> Option<u16> {
        self.tlvs_view(py).source_port()
    }

    #[getter]
    fn destination_port(&self, py: Python<'_>) -> Option<u16> {
        self.tlvs_view(py).destination_port()
    }

    #[getter]
    fn sc_interface_version(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).sc_interface_version().map(|v| v.0)
    }

    #[getter]
    fn congestion_state(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).congestion_state()
    }

    #[getter]
    fn additional_status_info_text<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        opt_str(py, self.tlvs_view(py).additional_status_info_text())
    }

    #[getter]
    fn delivery_failure_reason(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).delivery_failure_reason()
    }

    #[getter]
    fn payload_type(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).payload_type()
    }

    #[getter]
    fn language_indicator(&self, py: Python<'_>) -> Option<u8> {
        self.tlvs_view(py).language_indicator()
    }

    /// callback_num as (digit_mode, ton, npi, digits).
    #[getter]
    fn callback_num<'py>(&self, py: Python<'py>) -> Option<(u8, u8, u8, Bound<'py, PyString>)> {
        self.tlvs_view(py)
            .callback_num()
            .map(|c| (c.digit_mode, c.ton.0, c.npi.0, latin1_str(py, c.digits)))
    }
}

// ---------------------------------------------------------------------------------------
// TLV arguments.

enum TlvVal<'a, 'py> {
    Octets(Octets<'a, 'py>),
    Inline([u8; 4], usize),
    Owned(Vec<u8>),
}

/// TLVs given to a constructor: a mapping or a sequence of (tag, value) pairs. Tags are
/// ints or spec names ("message_payload"); values are bytes, ints (written in the tag's
/// integer width), str for the C-octet-string TLVs, or (type, code) for network_error_code.
pub struct TlvArgs<'a, 'py> {
    entries: Vec<(u16, TlvVal<'a, 'py>)>,
}

const C_STRING_TLVS: [TlvTag; 5] = [
    TlvTag::RECEIPTED_MESSAGE_ID,
    TlvTag::ADDITIONAL_STATUS_INFO_TEXT,
    TlvTag::SOURCE_NETWORK_ID,
    TlvTag::DEST_NETWORK_ID,
    TlvTag::BROADCAST_END_TIME,
];

pub fn tag_by_name(name: &str) -> Option<TlvTag> {
    TlvTag::ALL.iter().copied().find(|t| t.name() == Some(name))
}

fn tag_of(k: &Bound<'_, PyAny>) -> PyResult<u16> {
    if let Ok(s) = k.cast::<PyString>() {
        let s = s.to_cow()?;
        return tag_by_name(&s)
            .map(|t| t.0)
            .ok_or_else(|| PyValueError::new_err(format!("unknown TLV name {s:?}")));
    }
    k.extract::<u16>()
        .map_err(|_| PyTypeError::new_err("a TLV tag is an int 0..65535 or a TLV name"))
}

impl<'a, 'py> TlvArgs<'a, 'py> {
    pub fn empty() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    pub fn extract(
        v: Option<&'a Bound<'py, PyAny>>,
        keep: &'a mut Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Self> {
        let mut out = Self::empty();
        let Some(v) = v else { return Ok(out) };
        if v.is_none() {
            return Ok(out);
        }
        // Gather the (key, value) pairs first so the values outlive the borrows taken below.
        if let Ok(d) = v.cast::<PyDict>() {
            for (k, val) in d.iter() {
                keep.push(k);
                keep.push(val);
            }
        } else {
            for item in v.try_iter()? {
                let item = item?;
                let pair = item.cast::<PyTuple>().map_err(|_| {
                    PyTypeError::new_err(
                        "tlvs must be a mapping or a sequence of (tag, value) pairs",
                    )
                })?;
                if pair.len() != 2 {
                    return Err(PyTypeError::new_err("each TLV is a (tag, value) pair"));
                }
                keep.push(pair.get_item(0)?);
                keep.push(pair.get_item(1)?);
            }
        }
        let keep: &'a Vec<Bound<'py, PyAny>> = keep;
        for kv in keep.chunks(2) {
            let [k, val] = kv else { continue };
            let tag = tag_of(k)?;
            let t = TlvTag(tag);
            let name = t.name().unwrap_or("tlv");
            let v = if val.is_instance_of::<PyInt>() {
                let n: u64 = val.extract().map_err(|_| {
                    PyValueError::new_err(format!("{name} value must be a non-negative int"))
                })?;
                let width = match t.allowed_len() {
                    Some((_, max)) if max <= 4 && max > 0 => usize::from(max),
                    _ => {
                        return Err(PyTypeError::new_err(format!(
                            "{name} (0x{tag:04X}) is not an integer TLV: give its value as bytes"
                        )));
                    }
                };
                if width < 8 && n >= 1u64 << (8 * width) {
                    return Err(PyValueError::new_err(format!(
                        "{name} value {n} does not fit in {width} octet(s)"
                    )));
                }
                let be = (n as u32).to_be_bytes();
                let mut buf = [0u8; 4];
                buf[..width].copy_from_slice(&be[4 - width..]);
                TlvVal::Inline(buf, width)
            } else if let Ok(s) = val.cast::<PyString>() {
                if !C_STRING_TLVS.contains(&t) {
                    return Err(PyTypeError::new_err(format!(
                        "{name} (0x{tag:04X}) takes bytes, not str"
                    )));
                }
                let mut b = crate::util::latin1_bytes(s, name)?.as_bytes().to_vec();
                b.push(0);
                TlvVal::Owned(b)
            } else if t == TlvTag::NETWORK_ERROR_CODE && val.is_instance_of::<PyTuple>() {
                let (nt, code): (u8, u16) = val.extract()?;
                let c = code.to_be_bytes();
                TlvVal::Inline([nt, c[0], c[1], 0], 3)
            } else {
                TlvVal::Octets(binary_octets(val, name)?)
            };
            out.entries.push((tag, v));
        }
        Ok(out)
    }

    pub fn items(&self) -> PyResult<Vec<Tlv<'_>>> {
        let mut v = Vec::with_capacity(self.entries.len());
        for (tag, val) in &self.entries {
            let bytes: &[u8] = match val {
                TlvVal::Octets(o) => o,
                TlvVal::Inline(b, n) => &b[..*n],
                TlvVal::Owned(b) => b,
            };
            let t = Tlv::new(TlvTag(*tag), bytes).map_err(|e| {
                FieldTooLong::new_err((
                    e.to_string(),
                    TlvTag(*tag).name().unwrap_or("tlv").to_string(),
                    e.len,
                    65535usize,
                ))
            })?;
            v.push(t);
        }
        Ok(v)
    }
}

// ---------------------------------------------------------------------------------------
// Field kinds: how each kind is stored, read, taken from an argument and set.

macro_rules! store_ty {
    (cstr) => {
        Span
    };
    (sm) => {
        Span
    };
    (time) => {
        proto::TimeField
    };
    (u8) => {
        u8
    };
    (dests) => {
        ListSpan
    };
    (unsucc) => {
        ListSpan
    };
}

macro_rules! store_of {
    (cstr, $whole:expr, $v:expr) => {
        Span::of($whole, $v.as_bytes())
    };
    (sm, $whole:expr, $v:expr) => {
        Span::of($whole, $v.as_bytes())
    };
    (time, $whole:expr, $v:expr) => {
        $v
    };
    (u8, $whole:expr, $v:expr) => {
        U8Field::get($v)
    };
    (dests, $whole:expr, $v:expr) => {
        match $v {
            proto::DestAddresses::Raw { count, bytes } => ListSpan {
                span: Span::of($whole, bytes),
                count,
            },
            _ => ListSpan::default(),
        }
    };
    (unsucc, $whole:expr, $v:expr) => {
        match $v {
            proto::UnsuccessSmes::Raw { count, bytes } => ListSpan {
                span: Span::of($whole, bytes),
                count,
            },
            _ => ListSpan::default(),
        }
    };
}

macro_rules! get_kind {
    (cstr, $py:expr, $d:expr, $v:expr) => {
        Ok(latin1_str($py, $v.get($d)).into_any())
    };
    (sm, $py:expr, $d:expr, $v:expr) => {
        Ok(PyBytes::new($py, $v.get($d)).into_any())
    };
    (time, $py:expr, $d:expr, $v:expr) => {
        Ok(latin1_str($py, $v.as_bytes()).into_any())
    };
    (u8, $py:expr, $d:expr, $v:expr) => {
        $v.into_bound_py_any($py)
    };
    (dests, $py:expr, $d:expr, $v:expr) => {
        dests_list($py, $v, $d)
    };
    (unsucc, $py:expr, $d:expr, $v:expr) => {
        unsucc_list($py, $v, $d)
    };
}

macro_rules! arg_extract {
    (cstr, $f:ident) => {
        let $f = match &$f {
            Some(v) => Some(text_octets(v, stringify!($f))?),
            None => None,
        };
    };
    (time, $f:ident) => {
        let $f = match &$f {
            Some(v) => Some(text_octets(v, stringify!($f))?),
            None => None,
        };
    };
    (sm, $f:ident) => {
        let $f = match &$f {
            Some(v) => Some(binary_octets(v, stringify!($f))?),
            None => None,
        };
    };
    (u8, $f:ident) => {
        let $f = match &$f {
            Some(v) => Some(u8_arg(v, stringify!($f))?),
            None => None,
        };
    };
    (dests, $f:ident) => {
        let $f = dests_arg($f.as_ref())?;
    };
    (unsucc, $f:ident) => {
        let $f = unsucc_arg($f.as_ref())?;
    };
}

macro_rules! arg_set {
    (cstr, $body:ident, $f:ident $(, $def:expr)?) => {
        if let Some(x) = &$f {
            $body.$f = proto::COctetString::from_bytes(x).map_err(|e| too_long(stringify!($f), e))?;
        }
    };
    (time, $body:ident, $f:ident $(, $def:expr)?) => {
        if let Some(x) = &$f {
            $body.$f = proto::TimeField::from_bytes(x).map_err(|e| too_long(stringify!($f), e))?;
        }
    };
    (sm, $body:ident, $f:ident $(, $def:expr)?) => {
        if let Some(x) = &$f {
            $body.$f = proto::ShortMessage::new(x).map_err(|e| too_long(stringify!($f), e))?;
        }
    };
    (u8, $body:ident, $f:ident $(, $def:expr)?) => {
        match $f {
            Some(x) => $body.$f = U8Field::make(x),
            None => { $( $body.$f = U8Field::make($def); )? }
        }
    };
    (dests, $body:ident, $f:ident $(, $def:expr)?) => {
        let items = build_dests(&$f)?;
        $body.$f = proto::DestAddresses::Items(&items);
    };
    (unsucc, $body:ident, $f:ident $(, $def:expr)?) => {
        let items = build_unsucc(&$f)?;
        $body.$f = proto::UnsuccessSmes::Items(&items);
    };
}

fn u8_arg(v: &Bound<'_, PyAny>, field: &str) -> PyResult<u8> {
    v.extract::<u8>()
        .map_err(|_| PyValueError::new_err(format!("{field} must be an int in 0..255")))
}

pub enum DestIn<'a, 'py> {
    Sme(u8, u8, Octets<'a, 'py>),
    List(Octets<'a, 'py>),
}

fn dests_arg<'a, 'py>(v: Option<&'a Bound<'py, PyAny>>) -> PyResult<Vec<DestIn<'a, 'py>>> {
    let mut out = Vec::new();
    let Some(v) = v else { return Ok(out) };
    // Keep the items alive: they are borrowed by the octets taken from them.
    let list = v.cast::<PyList>().map_err(|_| {
        PyTypeError::new_err(
            "dest_addresses must be a list of (ton, npi, destination_addr) tuples or dl_name strings",
        )
    })?;
    for i in 0..list.len() {
        let item = list.get_item(i)?;
        out.push(dest_in(item)?);
    }
    Ok(out)
}

fn dest_in<'a, 'py>(item: Bound<'py, PyAny>) -> PyResult<DestIn<'a, 'py>> {
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(DestIn::List(Octets::Bytes(crate::util::latin1_bytes(
            s, "dl_name",
        )?)));
    }
    let t = item.cast::<PyTuple>().map_err(|_| {
        PyTypeError::new_err(
            "a destination is a (ton, npi, destination_addr) tuple or a dl_name str",
        )
    })?;
    let (ton, npi, addr): (u8, u8, Bound<'py, PyAny>) = t.extract()?;
    let o = match addr.cast::<PyString>() {
        Ok(s) => Octets::Bytes(crate::util::latin1_bytes(s, "destination_addr")?),
        Err(_) => Octets::Owned(binary_octets(&addr, "destination_addr")?.to_vec()),
    };
    Ok(DestIn::Sme(ton, npi, o))
}

fn build_dests<'s>(v: &'s [DestIn<'_, '_>]) -> PyResult<Vec<proto::DestAddress<'s>>> {
    if v.len() > 255 {
        return Err(PyValueError::new_err("at most 255 destinations"));
    }
    v.iter()
        .map(|d| {
            Ok(match d {
                DestIn::Sme(t, n, a) => proto::DestAddress::Sme {
                    dest_addr_ton: proto::Ton(*t),
                    dest_addr_npi: proto::Npi(*n),
                    destination_addr: proto::COctetString::from_bytes(a)
                        .map_err(|e| too_long("destination_addr", e))?,
                },
                DestIn::List(a) => proto::DestAddress::DistributionList {
                    dl_name: proto::COctetString::from_bytes(a)
                        .map_err(|e| too_long("dl_name", e))?,
                },
            })
        })
        .collect()
}

fn dests_list<'py>(py: Python<'py>, v: &ListSpan, d: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let raw = proto::DestAddresses::Raw {
        count: v.count,
        bytes: v.span.get(d),
    };
    let list = PyList::empty(py);
    for a in raw.iter() {
        match a {
            proto::DestAddress::Sme {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
            } => list.append((
                dest_addr_ton.0,
                dest_addr_npi.0,
                latin1_str(py, destination_addr.as_bytes()),
            ))?,
            proto::DestAddress::DistributionList { dl_name } => {
                list.append(latin1_str(py, dl_name.as_bytes()))?
            }
        }
    }
    Ok(list.into_any())
}

type UnsuccIn<'a, 'py> = (u8, u8, Octets<'a, 'py>, u32);

fn unsucc_arg<'a, 'py>(v: Option<&'a Bound<'py, PyAny>>) -> PyResult<Vec<UnsuccIn<'a, 'py>>> {
    let mut out = Vec::new();
    let Some(v) = v else { return Ok(out) };
    for item in v.try_iter()? {
        let item = item?;
        let (ton, npi, addr, status): (u8, u8, Bound<'py, PyAny>, u32) =
            item.extract().map_err(|_| {
                PyTypeError::new_err(
                    "unsuccess_smes entries are (ton, npi, destination_addr, error_status_code)",
                )
            })?;
        let o = Octets::Owned(text_octets(&addr, "destination_addr")?.to_vec());
        out.push((ton, npi, o, status));
    }
    Ok(out)
}

fn build_unsucc<'s>(v: &'s [UnsuccIn<'_, '_>]) -> PyResult<Vec<proto::UnsuccessSme<'s>>> {
    if v.len() > 255 {
        return Err(PyValueError::new_err("at most 255 unsuccess_smes"));
    }
    v.iter()
        .map(|(t, n, a, s)| {
            Ok(proto::UnsuccessSme {
                dest_addr_ton: proto::Ton(*t),
                dest_addr_npi: proto::Npi(*n),
                destination_addr: proto::COctetString::from_bytes(a)
                    .map_err(|e| too_long("destination_addr", e))?,
                error_status_code: CommandStatus(*s),
            })
        })
        .collect()
}

fn unsucc_list<'py>(py: Python<'py>, v: &ListSpan, d: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let raw = proto::UnsuccessSmes::Raw {
        count: v.count,
        bytes: v.span.get(d),
    };
    let list = PyList::empty(py);
    for u in raw.iter() {
        list.append((
            u.dest_addr_ton.0,
            u.dest_addr_npi.0,
            latin1_str(py, u.destination_addr.as_bytes()),
            u.error_status_code.0,
        ))?;
    }
    Ok(list.into_any())
}

/// Encodes a frame into a new `bytes` object.
pub fn encode_frame<'py>(py: Python<'py>, frame: &Frame<'_>) -> PyResult<Bound<'py, PyBytes>> {
    let len = frame.encoded_len();
    PyBytes::new_with(py, len, |buf| {
        frame
            .encode(buf)
            .map(|_| ())
            .map_err(|e| PduEncodeError::new_err(e.to_string()))
    })
}

/// Decodes octets this module just encoded (refusing what a peer would refuse, e.g. a
/// broadcast_sm without its mandatory TLVs).
fn reread<'a>(whole: &'a [u8]) -> PyResult<Frame<'a>> {
    Frame::decode(whole).map_err(|e| {
        PduEncodeError::new_err(format!("the PDU would not be valid on the wire: {e}"))
    })
}

// ---------------------------------------------------------------------------------------
// One class per operation.

macro_rules! pdu_class {
    ($name:ident, $variant:ident, $body:ident, { $( $f:ident : $k:ident $(= $def:expr)? ),* $(,)? }) => {
        #[pyclass(frozen, extends = PduBase, module = "smpp._smpp", freelist = 64)]
        pub struct $name {
            $( $f: store_ty!($k), )*
        }

        impl $name {
            #[allow(unused_variables)]
            #[inline]
            fn from_body(whole: &[u8], b: &proto::$body<'_>) -> Self {
                Self { $( $f: store_of!($k, whole, b.$f), )* }
            }
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = (*, $( $f = None, )* sequence_number = 0, command_status = 0, tlvs = None))]
            #[allow(clippy::too_many_arguments)]
            fn py_new<'py>(
                py: Python<'py>,
                $( $f: Option<Bound<'py, PyAny>>, )*
                sequence_number: u32,
                command_status: u32,
                tlvs: Option<Bound<'py, PyAny>>,
            ) -> PyResult<PyClassInitializer<Self>> {
                #[allow(unused_mut)]
                let mut body = proto::$body::default();
                $( arg_extract!($k, $f); )*
                $( arg_set!($k, body, $f $(, $def)?); )*
                let mut keep = Vec::new();
                let tlv_args = TlvArgs::extract(tlvs.as_ref(), &mut keep)?;
                let tlv_items = tlv_args.items()?;
                if !tlv_items.is_empty() {
                    body.tlvs = Tlvs::Items(&tlv_items);
                }
                let frame = Frame {
                    command_status: CommandStatus(command_status),
                    sequence_number,
                    pdu: P::$variant(body),
                };
                let data = encode_frame(py, &frame)?;
                let whole = data.as_bytes();
                let back = reread(whole)?;
                let base = PduBase::new(data.clone().unbind(), whole, &back);
                match back.pdu {
                    P::$variant(b) => Ok(PyClassInitializer::from(base).add_subclass(Self::from_body(whole, &b))),
                    _ => Err(PduEncodeError::new_err("internal error: encoded PDU read back as another operation")),
                }
            }

            /// The field names, in wire order.
            #[classattr]
            fn _fields(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
                let names: &[&str] = &[$( stringify!($f) ),*];
                PyTuple::new(py, names)
            }

            $(
                #[getter]
                fn $f<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
                    let py = slf.py();
                    #[allow(unused_variables)]
                    let d = slf.as_super().get().bytes(py);
                    let v = &slf.get().$f;
                    get_kind!($k, py, d, v)
                }
            )*
        }
    };
}

macro_rules! pdu_classes {
    ( $( $name:ident ( $body:ident ) $fields:tt ; )* ) => {
        $( pdu_class!($name, $name, $body, $fields); )*

        /// Makes the Python object for a decoded frame whose octets are `data`.
        pub fn make_object<'py>(py: Python<'py>, data: &Bound<'py, PyBytes>, f: &Frame<'_>) -> PyResult<Bound<'py, PyAny>> {
            let whole = data.as_bytes();
            let base = PduBase::new(data.clone().unbind(), whole, f);
            Ok(match &f.pdu {
                $( P::$name(b) => Bound::new(py, PyClassInitializer::from(base).add_subclass($name::from_body(whole, b)))?.into_any(), )*
                P::Unknown { body, .. } => Bound::new(py, PyClassInitializer::from(base).add_subclass(UnknownPdu { body: Span::of(whole, body) }))?.into_any(),
                #[allow(unreachable_patterns)]
                _ => return Err(PyTypeError::new_err("this operation has no Python class")),
            })
        }

        /// The Python class of an operation.
        pub fn class_for(py: Python<'_>, command_id: u32) -> Option<Bound<'_, PyType>> {
            match CommandId::from_u32(command_id) {
                $( CommandId::$name => Some(py.get_type::<$name>()), )*
                _ => None,
            }
        }

        pub fn add_classes(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add_class::<PduBase>()?;
            $( m.add_class::<$name>()?; )*
            m.add_class::<UnknownPdu>()?;
            Ok(())
        }
    };
}

pdu_classes! {
    BindTransmitter(Bind) { system_id: cstr, password: cstr, system_type: cstr, interface_version: u8 = 0x34, addr_ton: u8, addr_npi: u8, address_range: cstr };
    BindReceiver(Bind) { system_id: cstr, password: cstr, system_type: cstr, interface_version: u8 = 0x34, addr_ton: u8, addr_npi: u8, address_range: cstr };
    BindTransceiver(Bind) { system_id: cstr, password: cstr, system_type: cstr, interface_version: u8 = 0x34, addr_ton: u8, addr_npi: u8, address_range: cstr };
    BindTransmitterResp(BindResp) { system_id: cstr };
    BindReceiverResp(BindResp) { system_id: cstr };
    BindTransceiverResp(BindResp) { system_id: cstr };
    Outbind(Outbind) { system_id: cstr, password: cstr };
    Unbind(HeaderOnly) {};
    UnbindResp(HeaderOnly) {};
    GenericNack(HeaderOnly) {};
    EnquireLink(HeaderOnly) {};
    EnquireLinkResp(HeaderOnly) {};
    SubmitSm(SubmitSm) {
        service_type: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        dest_addr_ton: u8, dest_addr_npi: u8, destination_addr: cstr, esm_class: u8,
        protocol_id: u8, priority_flag: u8, schedule_delivery_time: time, validity_period: time,
        registered_delivery: u8, replace_if_present_flag: u8, data_coding: u8,
        sm_default_msg_id: u8, short_message: sm
    };
    SubmitSmResp(SubmitSmResp) { message_id: cstr };
    SubmitMulti(SubmitMulti) {
        service_type: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        dest_addresses: dests, esm_class: u8, protocol_id: u8, priority_flag: u8,
        schedule_delivery_time: time, validity_period: time, registered_delivery: u8,
        replace_if_present_flag: u8, data_coding: u8, sm_default_msg_id: u8, short_message: sm
    };
    SubmitMultiResp(SubmitMultiResp) { message_id: cstr, unsuccess_smes: unsucc };
    DeliverSm(DeliverSm) {
        service_type: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        dest_addr_ton: u8, dest_addr_npi: u8, destination_addr: cstr, esm_class: u8,
        protocol_id: u8, priority_flag: u8, schedule_delivery_time: time, validity_period: time,
        registered_delivery: u8, replace_if_present_flag: u8, data_coding: u8,
        sm_default_msg_id: u8, short_message: sm
    };
    DeliverSmResp(DeliverSmResp) { message_id: cstr };
    DataSm(DataSm) {
        service_type: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        dest_addr_ton: u8, dest_addr_npi: u8, destination_addr: cstr, esm_class: u8,
        registered_delivery: u8, data_coding: u8
    };
    DataSmResp(DataSmResp) { message_id: cstr };
    QuerySm(QuerySm) { message_id: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr };
    QuerySmResp(QuerySmResp) { message_id: cstr, final_date: time, message_state: u8, error_code: u8 };
    CancelSm(CancelSm) {
        service_type: cstr, message_id: cstr, source_addr_ton: u8, source_addr_npi: u8,
        source_addr: cstr, dest_addr_ton: u8, dest_addr_npi: u8, destination_addr: cstr
    };
    CancelSmResp(HeaderOnly) {};
    ReplaceSm(ReplaceSm) {
        message_id: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        schedule_delivery_time: time, validity_period: time, registered_delivery: u8,
        sm_default_msg_id: u8, short_message: sm
    };
    ReplaceSmResp(HeaderOnly) {};
    AlertNotification(AlertNotification) {
        source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        esme_addr_ton: u8, esme_addr_npi: u8, esme_addr: cstr
    };
    BroadcastSm(BroadcastSm) {
        service_type: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr,
        message_id: cstr, priority_flag: u8, schedule_delivery_time: time, validity_period: time,
        replace_if_present_flag: u8, data_coding: u8, sm_default_msg_id: u8
    };
    BroadcastSmResp(BroadcastSmResp) { message_id: cstr };
    QueryBroadcastSm(QueryBroadcastSm) { message_id: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr };
    QueryBroadcastSmResp(QueryBroadcastSmResp) { message_id: cstr };
    CancelBroadcastSm(CancelBroadcastSm) { service_type: cstr, message_id: cstr, source_addr_ton: u8, source_addr_npi: u8, source_addr: cstr };
    CancelBroadcastSmResp(HeaderOnly) {};
}

/// A PDU whose command_id this library does not know (a vendor operation). Its body is kept
/// as raw octets; a session answers such requests with generic_nack ESME_RINVCMDID.
#[pyclass(frozen, extends = PduBase, module = "smpp._smpp")]
pub struct UnknownPdu {
    body: Span,
}

#[pymethods]
impl UnknownPdu {
    #[new]
    #[pyo3(signature = (*, command_id, body = None, sequence_number = 0, command_status = 0, tlvs = None))]
    fn py_new<'py>(
        py: Python<'py>,
        command_id: u32,
        body: Option<Bound<'py, PyAny>>,
        sequence_number: u32,
        command_status: u32,
        tlvs: Option<Bound<'py, PyAny>>,
    ) -> PyResult<PyClassInitializer<Self>> {
        if let Some(t) = &tlvs {
            if !t.is_none() && t.len()? != 0 {
                return Err(PyValueError::new_err(
                    "an unknown PDU's body is opaque: put any TLVs in body",
                ));
            }
        }
        if !matches!(CommandId::from_u32(command_id), CommandId::Other(_)) {
            return Err(PyValueError::new_err(format!(
                "command_id {command_id:#x} is a known operation: use its class"
            )));
        }
        let b = match &body {
            Some(b) => Some(binary_octets(b, "body")?),
            None => None,
        };
        let frame = Frame {
            command_status: CommandStatus(command_status),
            sequence_number,
            pdu: P::Unknown {
                command_id,
                body: b.as_deref().unwrap_or(&[]),
            },
        };
        let data = encode_frame(py, &frame)?;
        let whole = data.as_bytes();
        let back = reread(whole)?;
        let base = PduBase::new(data.clone().unbind(), whole, &back);
        let span = match back.pdu {
            P::Unknown { body, .. } => Span::of(whole, body),
            _ => Span::default(),
        };
        Ok(PyClassInitializer::from(base).add_subclass(Self { body: span }))
    }

    #[classattr]
    fn _fields(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
        PyTuple::new(py, ["command_id", "body"])
    }

    /// The body octets as received.
    #[getter]
    fn body<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyBytes> {
        let py = slf.py();
        PyBytes::new(py, slf.get().body.get(slf.as_super().get().bytes(py)))
    }
}

/// An object for octets whose body does not parse (a malformed response a session still
/// reports): an UnknownPdu under the octets' own command_id, body kept raw.
pub fn make_raw_object<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyBytes>,
) -> PyResult<Bound<'py, PyAny>> {
    let whole = data.as_bytes();
    let word = |i: usize| {
        whole
            .get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .unwrap_or(0)
    };
    let base = PduBase {
        data: data.clone().unbind(),
        command_id: word(4),
        command_status: word(8),
        sequence_number: word(12),
        tlv: Span::default(),
    };
    let body = Span {
        start: 16.min(whole.len() as u32),
        len: whole.len().saturating_sub(16) as u32,
    };
    Ok(Bound::new(
        py,
        PyClassInitializer::from(base).add_subclass(UnknownPdu { body }),
    )?
    .into_any())
}

//! Text codecs, segment counting and splitting, delivery receipts and reassembly
//! (smpp_proto::text, ::receipt, ::reassembly). The Python package wraps these primitives
//! in smpp/text.py and smpp/receipt.py.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use smpp_proto as proto;
use smpp_proto::Pdu as P;
use smpp_proto::reassembly::{Part, Pushed, Reassembler as RsReassembler, ReassemblyConfig};
use smpp_proto::receipt::{self, DeliveryState, ErrorCode, Receipt, ReceiptDate};
use smpp_proto::text::{
    self, Charset, ChooseOptions, DefaultAlphabet, Encoding, GsmTables, Method, NationalLanguage,
    OnError, PortAddressing, SplitOptions,
};

use crate::pdu::PduBase;
use crate::util::{ReceiptParseError, TextDecodeError, TextEncodeError, binary_octets};

fn language(name: &str) -> PyResult<NationalLanguage> {
    NationalLanguage::ALL
        .iter()
        .copied()
        .find(|l| format!("{l:?}").eq_ignore_ascii_case(name))
        .ok_or_else(|| PyValueError::new_err(format!("unknown national language {name:?}")))
}

fn language_name(l: NationalLanguage) -> String {
    format!("{l:?}").to_ascii_lowercase()
}

fn default_alphabet(name: &str) -> PyResult<DefaultAlphabet> {
    match name.to_ascii_lowercase().as_str() {
        "gsm7" | "gsm" => Ok(DefaultAlphabet::Gsm7),
        "latin1" | "latin-1" | "iso-8859-1" => Ok(DefaultAlphabet::Latin1),
        "ascii" | "ia5" => Ok(DefaultAlphabet::Ascii),
        _ => Err(PyValueError::new_err(
            "default_alphabet must be 'gsm7', 'latin1' or 'ascii'",
        )),
    }
}

/// An encoding from a name ("gsm7", "ascii", "latin1", "ucs2") or a data_coding value, with
/// optional GSM national single/locking shift tables.
fn encoding(
    spec: &Bound<'_, PyAny>,
    default: DefaultAlphabet,
    single_shift: Option<&str>,
    locking_shift: Option<&str>,
) -> PyResult<Encoding> {
    let base = if let Ok(dc) = spec.extract::<u8>() {
        match text::charset(dc, default) {
            Charset::Text(e) => e,
            Charset::Binary => {
                return Err(TextEncodeError::new_err(format!(
                    "data_coding {dc:#04x} is binary, not text"
                )));
            }
            Charset::Unsupported => {
                return Err(TextEncodeError::new_err(format!(
                    "data_coding {dc:#04x} is an alphabet this library does not encode"
                )));
            }
        }
    } else if let Ok(s) = spec.cast::<PyString>() {
        match s.to_cow()?.to_ascii_lowercase().as_str() {
            "gsm7" | "gsm" | "gsm0338" | "gsm-7" => Encoding::GSM7,
            "ascii" | "ia5" => Encoding::Ascii,
            "latin1" | "latin-1" | "iso-8859-1" => Encoding::Latin1,
            "cyrillic" | "iso-8859-5" => Encoding::Cyrillic,
            "hebrew" | "iso-8859-8" => Encoding::Hebrew,
            "ucs2" | "ucs-2" | "utf-16-be" | "utf16be" => Encoding::Ucs2,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown encoding {other:?}: use 'gsm7', 'ascii', 'latin1', 'cyrillic', 'hebrew', 'ucs2' or a data_coding"
                )));
            }
        }
    } else {
        return Err(PyTypeError::new_err(
            "encoding is a name or a data_coding int",
        ));
    };
    match base {
        Encoding::Gsm7(_) if single_shift.is_some() || locking_shift.is_some() => {
            Ok(Encoding::Gsm7(GsmTables {
                single: single_shift.map(language).transpose()?,
                locking: locking_shift.map(language).transpose()?,
            }))
        }
        e => Ok(e),
    }
}

fn encoding_name(e: Encoding) -> &'static str {
    match e {
        Encoding::Gsm7(_) => "gsm7",
        Encoding::Ascii => "ascii",
        Encoding::Latin1 => "latin1",
        Encoding::Cyrillic => "cyrillic",
        Encoding::Hebrew => "hebrew",
        Encoding::Ucs2 => "ucs2",
    }
}

fn tables_of(e: Encoding) -> (Option<String>, Option<String>) {
    match e {
        Encoding::Gsm7(t) => (t.single.map(language_name), t.locking.map(language_name)),
        _ => (None, None),
    }
}

fn on_error(errors: &str, decode: bool) -> PyResult<OnError> {
    match errors {
        "strict" => Ok(OnError::Fail),
        "replace" => Ok(if decode {
            OnError::REPLACEMENT_CHARACTER
        } else {
            OnError::QUESTION_MARK
        }),
        _ => Err(PyValueError::new_err(
            "errors must be 'strict' or 'replace'",
        )),
    }
}

fn method(name: &str) -> PyResult<Method> {
    match name.to_ascii_lowercase().as_str() {
        "udh" | "udh8" => Ok(Method::Udh8),
        "udh16" => Ok(Method::Udh16),
        "sar" => Ok(Method::Sar),
        "payload" | "message_payload" => Ok(Method::Payload),
        _ => Err(PyValueError::new_err(
            "method must be 'udh8', 'udh16', 'sar' or 'payload'",
        )),
    }
}

fn encode_err(e: text::EncodeError) -> PyErr {
    TextEncodeError::new_err(e.to_string())
}

/// encode_text(text, encoding="gsm7", *, errors="strict", default_alphabet="gsm7",
/// single_shift=None, locking_shift=None) -> bytes. GSM 7-bit comes out one septet per octet.
#[pyfunction]
#[pyo3(signature = (text, encoding = None, *, errors = "strict", default_alphabet = "gsm7", single_shift = None, locking_shift = None))]
pub fn encode_text<'py>(
    py: Python<'py>,
    text: &str,
    encoding: Option<&Bound<'py, PyAny>>,
    errors: &str,
    default_alphabet: &str,
    single_shift: Option<&str>,
    locking_shift: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let da = self::default_alphabet(default_alphabet)?;
    let enc = match encoding {
        Some(e) => self::encoding(e, da, single_shift, locking_shift)?,
        None => da.encoding(),
    };
    let v = text::encode_to_vec(text, enc, on_error(errors, false)?).map_err(encode_err)?;
    Ok(PyBytes::new(py, &v))
}

/// decode_text(data, data_coding=0, *, errors="strict", default_alphabet="gsm7",
/// single_shift=None, locking_shift=None) -> str.
#[pyfunction]
#[pyo3(signature = (data, data_coding = None, *, errors = "strict", default_alphabet = "gsm7", single_shift = None, locking_shift = None))]
pub fn decode_text(
    data: &Bound<'_, PyAny>,
    data_coding: Option<&Bound<'_, PyAny>>,
    errors: &str,
    default_alphabet: &str,
    single_shift: Option<&str>,
    locking_shift: Option<&str>,
) -> PyResult<String> {
    let da = self::default_alphabet(default_alphabet)?;
    let enc = match data_coding {
        Some(e) => self::encoding(e, da, single_shift, locking_shift)
            .map_err(|e| TextDecodeError::new_err(e.to_string()))?,
        None => da.encoding(),
    };
    let o = binary_octets(data, "data")?;
    text::decode_to_string(&o, enc, on_error(errors, true)?)
        .map_err(|e| TextDecodeError::new_err(e.to_string()))
}

/// choose_encoding(text, *, latin1=False, national=(), locking_shift=False,
/// default_alphabet="gsm7", method="udh8") -> (encoding, data_coding, single_shift, locking_shift)
#[pyfunction]
#[pyo3(signature = (text, *, latin1 = false, national = Vec::new(), locking_shift = false, default_alphabet = "gsm7", method = "udh8"))]
pub fn choose_encoding(
    text: &str,
    latin1: bool,
    national: Vec<String>,
    locking_shift: bool,
    default_alphabet: &str,
    method: &str,
) -> PyResult<(&'static str, u8, Option<String>, Option<String>)> {
    let langs = national
        .iter()
        .map(|n| language(n))
        .collect::<PyResult<Vec<_>>>()?;
    let opts = ChooseOptions {
        default_alphabet: self::default_alphabet(default_alphabet)?,
        national: &langs,
        locking_shift,
        latin1,
        method: self::method(method)?,
    };
    let c = text::choose(text, &opts);
    let (s, l) = tables_of(c.encoding);
    Ok((encoding_name(c.encoding), c.data_coding, s, l))
}

/// The data_coding to send `encoding` with on a link whose default alphabet is
/// `default_alphabet` (0 for the link's default); an int is already a data_coding.
#[pyfunction]
#[pyo3(signature = (encoding, default_alphabet = "gsm7"))]
pub fn data_coding_for(encoding: &Bound<'_, PyAny>, default_alphabet: &str) -> PyResult<u8> {
    if let Ok(dc) = encoding.extract::<u8>() {
        return Ok(dc);
    }
    let da = self::default_alphabet(default_alphabet)?;
    let enc = self::encoding(encoding, da, None, None)?;
    enc.data_coding_for(da).ok_or_else(|| {
        PyValueError::new_err(format!(
            "encoding: GSM 7-bit has no data_coding on a link whose default alphabet is {default_alphabet} \
             (0 means {default_alphabet} there): pass a data_coding int or choose another encoding"
        ))
    })
}

/// count_text(text, encoding, method="udh8") ->
/// (encoding, data_coding, chars, units, segments, units_per_segment, remaining_in_last)
#[pyfunction]
#[pyo3(signature = (text, encoding, method = "udh8", *, single_shift = None, locking_shift = None, default_alphabet = "gsm7", ports = None, port_bits = 16))]
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
pub fn count_text(
    text: &str,
    encoding: &Bound<'_, PyAny>,
    method: &str,
    single_shift: Option<&str>,
    locking_shift: Option<&str>,
    default_alphabet: &str,
    ports: Option<(u16, u16)>,
    port_bits: u8,
) -> PyResult<(&'static str, u8, usize, usize, usize, usize, usize)> {
    let da = self::default_alphabet(default_alphabet)?;
    let enc = self::encoding(encoding, da, single_shift, locking_shift)?;
    let mut opts = SplitOptions::new(enc, self::method(method)?);
    opts.ports = port_addressing(ports, port_bits)?;
    let c = text::count_with(text, &opts).map_err(encode_err)?;
    Ok((
        encoding_name(c.encoding),
        enc.data_coding_for(da).unwrap_or(c.data_coding),
        c.chars,
        c.units,
        c.segments,
        c.units_per_segment,
        c.remaining_in_last,
    ))
}

/// `ports=(destination, origin)` with `port_bits` 16 (IEI 0x05) or 8 (IEI 0x04).
fn port_addressing(ports: Option<(u16, u16)>, bits: u8) -> PyResult<Option<PortAddressing>> {
    let Some((destination, origin)) = ports else {
        return Ok(None);
    };
    match bits {
        16 => Ok(Some(PortAddressing::Bits16 {
            destination,
            origin,
        })),
        8 => match (u8::try_from(destination), u8::try_from(origin)) {
            (Ok(destination), Ok(origin)) => Ok(Some(PortAddressing::Bits8 {
                destination,
                origin,
            })),
            _ => Err(PyValueError::new_err(
                "ports: 8-bit application ports must be in 0..255 (use port_bits=16)",
            )),
        },
        _ => Err(PyValueError::new_err("port_bits must be 8 or 16")),
    }
}

type SegmentTuple<'py> = (Bound<'py, PyBytes>, u8, Option<(u16, u8, u8)>, usize);

/// split_text(text, encoding, method="udh8", *, reference=0, packed=False, errors="strict")
/// -> list of (user_data, esm_class_bits, sar or None, units)
#[pyfunction]
#[pyo3(signature = (text, encoding, method = "udh8", *, reference = 0, packed = false, errors = "strict", single_shift = None, locking_shift = None, default_alphabet = "gsm7", ports = None, port_bits = 16))]
#[allow(clippy::too_many_arguments)]
pub fn split_text<'py>(
    py: Python<'py>,
    text: &str,
    encoding: &Bound<'py, PyAny>,
    method: &str,
    reference: u16,
    packed: bool,
    errors: &str,
    single_shift: Option<&str>,
    locking_shift: Option<&str>,
    default_alphabet: &str,
    ports: Option<(u16, u16)>,
    port_bits: u8,
) -> PyResult<Vec<SegmentTuple<'py>>> {
    let da = self::default_alphabet(default_alphabet)?;
    let enc = self::encoding(encoding, da, single_shift, locking_shift)?;
    let mut opts = SplitOptions::new(enc, self::method(method)?)
        .with_reference(reference)
        .with_packed(packed)
        .with_on_error(on_error(errors, false)?);
    opts.ports = port_addressing(ports, port_bits)?;
    let parts = text::split(text, opts).map_err(encode_err)?;
    Ok(parts
        .into_iter()
        .map(|s| {
            (
                PyBytes::new(py, &s.bytes),
                s.esm_class_bits,
                s.sar.map(|x| (x.reference, x.total, x.seqnum)),
                s.units,
            )
        })
        .collect())
}

/// The text of a received deliver_sm / data_sm (UDH removed, national tables from the UDH):
/// (text or None for binary, udh bytes or None, (reference, total, seqnum, "udh"|"sar") or None)
#[pyfunction]
#[pyo3(signature = (pdu, *, errors = "replace", default_alphabet = "gsm7"))]
#[allow(clippy::type_complexity)]
pub fn message_text<'py>(
    py: Python<'py>,
    pdu: &Bound<'py, PduBase>,
    errors: &str,
    default_alphabet: &str,
) -> PyResult<(
    Option<String>,
    Bound<'py, PyBytes>,
    Option<(u16, u8, u8, &'static str)>,
    Option<(u16, u16)>,
)> {
    let da = self::default_alphabet(default_alphabet)?;
    let oe = on_error(errors, true)?;
    let base = pdu.get();
    let f = base.frame(py)?;
    let tlvs = f.pdu.tlvs();
    let (ud, concat) = match f.pdu {
        P::DeliverSm(b) => (b.user_data(), b.concat()),
        P::DataSm(b) => (b.user_data(), b.concat()),
        P::SubmitSm(b) => (b.user_data(), b.concat()),
        _ => {
            return Err(PyTypeError::new_err(
                "message_text takes a submit_sm, deliver_sm or data_sm",
            ));
        }
    };
    let ud = ud.map_err(|e| TextDecodeError::new_err(format!("bad user data header: {e}")))?;
    let text = match ud.text(da, oe) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return Err(TextDecodeError::new_err(e.to_string())),
    };
    let payload = PyBytes::new(py, ud.payload);
    // Application ports: the UDH element, else the destination_port / source_port TLVs.
    let ports = ud
        .udh
        .as_ref()
        .and_then(|u| u.ports())
        .map(|p| (p.destination, p.origin))
        .or_else(|| Some((tlvs.destination_port()?, tlvs.source_port().unwrap_or(0))));
    let c = concat.map(|c| {
        (
            c.reference,
            c.total,
            c.seqnum,
            match c.source {
                proto::ConcatSource::Udh => "udh",
                proto::ConcatSource::Sar => "sar",
            },
        )
    });
    Ok((text, payload, c, ports))
}

// ---------------------------------------------------------------------------------------
// Receipts.

type DateTuple = (u16, u8, u8, u8, u8, u8, u16);

fn date_tuple(d: Option<ReceiptDate>) -> Option<DateTuple> {
    d.map(|d| {
        (
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second(),
            d.millisecond(),
        )
    })
}

fn err_value(py: Python<'_>, e: Option<ErrorCode<'_>>) -> PyResult<Option<Py<PyAny>>> {
    use pyo3::IntoPyObjectExt;
    Ok(match e {
        None => None,
        Some(ErrorCode::Numeric(n)) => Some(n.into_py_any(py)?),
        Some(ErrorCode::Other(s)) => Some(s.into_py_any(py)?),
    })
}

/// (id, sub, dlvrd, submit_date, done_date, stat, message_state, err, text)
type ReceiptTuple<'py> = (
    String,
    Option<u32>,
    Option<u32>,
    Option<DateTuple>,
    Option<DateTuple>,
    Option<String>,
    Option<u8>,
    Option<Py<PyAny>>,
    Option<Bound<'py, PyBytes>>,
);

fn receipt_tuple<'py>(py: Python<'py>, r: &Receipt<'_>) -> PyResult<ReceiptTuple<'py>> {
    Ok((
        r.id.to_string(),
        r.sub,
        r.dlvrd,
        date_tuple(r.submit_date),
        date_tuple(r.done_date),
        r.stat.map(|s| s.as_str().to_string()),
        r.stat.and_then(|s| match s {
            DeliveryState::Other(_) => None,
            s => Some(s.message_state()),
        }),
        err_value(py, r.err)?,
        r.text.map(|t| PyBytes::new(py, t)),
    ))
}

/// Parses receipt text; raises ReceiptParseError.
#[pyfunction]
pub fn parse_receipt_text<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<ReceiptTuple<'py>> {
    let o = if let Ok(s) = data.cast::<PyString>() {
        crate::util::Octets::Owned(s.to_cow()?.as_bytes().to_vec())
    } else {
        binary_octets(data, "data")?
    };
    let r = receipt::parse_receipt(&o).map_err(|e| ReceiptParseError::new_err(e.to_string()))?;
    receipt_tuple(py, &r)
}

/// The receipt a deliver_sm / data_sm carries: (message_id, message_state, network_error_code,
/// stat text, receipt tuple or None), or None when it is not a receipt.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn pdu_receipt<'py>(
    py: Python<'py>,
    pdu: &Bound<'py, PduBase>,
) -> PyResult<
    Option<(
        String,
        Option<u8>,
        Option<(u8, u16)>,
        Option<String>,
        Option<ReceiptTuple<'py>>,
    )>,
> {
    let base = pdu.get();
    let f = base.frame(py)?;
    let rep = match f.pdu {
        P::DeliverSm(b) => b.delivery_report(),
        P::DataSm(b) => b.delivery_report(),
        _ => None,
    };
    let Some(rep) = rep else { return Ok(None) };
    let text = rep.text.map(|t| receipt_tuple(py, &t)).transpose()?;
    Ok(Some((
        rep.message_id.to_string(),
        rep.message_state.map(|m| m.0),
        rep.network_error_code
            .map(|n| (n.network_type, n.error_code)),
        rep.state_text().map(str::to_string),
        text,
    )))
}

fn receipt_date(d: Option<DateTuple>) -> PyResult<Option<ReceiptDate>> {
    d.map(|(y, mo, da, h, mi, s, _ms)| {
        ReceiptDate::new(y, mo, da, h, mi, s)
            .ok_or_else(|| PyValueError::new_err("invalid receipt date"))
    })
    .transpose()
}

/// format_receipt(id, sub, dlvrd, submit_date, done_date, stat, err, text) -> bytes
/// (Appendix B layout; dates as (year, month, day, hour, minute, second, ms) tuples).
#[pyfunction]
#[pyo3(signature = (id, *, sub = None, dlvrd = None, submit_date = None, done_date = None, stat = None, err = None, text = None))]
#[allow(clippy::too_many_arguments)]
pub fn format_receipt<'py>(
    py: Python<'py>,
    id: &str,
    sub: Option<u32>,
    dlvrd: Option<u32>,
    submit_date: Option<DateTuple>,
    done_date: Option<DateTuple>,
    stat: Option<&str>,
    err: Option<&Bound<'py, PyAny>>,
    text: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let err_s;
    let err = match err {
        None => None,
        Some(e) => {
            if let Ok(n) = e.extract::<u32>() {
                Some(ErrorCode::Numeric(n))
            } else {
                err_s = e.extract::<String>()?;
                Some(ErrorCode::Other(&err_s))
            }
        }
    };
    let text_o = text
        .map(|t| {
            if let Ok(s) = t.cast::<PyString>() {
                crate::util::latin1_bytes(s, "text")
                    .map(|b| crate::util::Octets::Owned(b.as_bytes().to_vec()))
            } else {
                binary_octets(t, "text").map(|o| crate::util::Octets::Owned(o.to_vec()))
            }
        })
        .transpose()?;
    let r = Receipt {
        sub,
        dlvrd,
        submit_date: receipt_date(submit_date)?,
        done_date: receipt_date(done_date)?,
        stat: stat.map(DeliveryState::parse),
        err,
        text: text_o.as_deref(),
        ..Receipt::new(id)
    };
    let len = r.encoded_len();
    PyBytes::new_with(py, len, |buf| {
        r.encode(buf)
            .map(|_| ())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

/// Whether a submit_sm_resp message_id and a receipt id name the same message (leading
/// zeros, case, hex vs decimal).
#[pyfunction]
pub fn ids_match(submit_resp_id: &str, receipt_id: &str) -> bool {
    receipt::ids_match(submit_resp_id, receipt_id)
}

/// message_state value for a stat word ("DELIVRD" -> 2), or None.
#[pyfunction]
pub fn stat_message_state(stat: &str) -> Option<u8> {
    match DeliveryState::parse(stat) {
        DeliveryState::Other(_) => None,
        s => Some(s.message_state()),
    }
}

/// Stat word for a message_state value (2 -> "DELIVRD"), or None.
#[pyfunction]
pub fn message_state_stat(state: u8) -> Option<&'static str> {
    DeliveryState::from_message_state(state).map(|s| s.as_str())
}

// ---------------------------------------------------------------------------------------
// Reassembly.

/// Collects the parts of concatenated messages (UDH or SAR) within fixed memory bounds.
/// Keys are bytes naming the sender (the Python layer uses source, destination and
/// data_coding); time is seconds on the caller's clock.
#[pyclass(module = "smpp._smpp")]
pub struct Reassembler {
    inner: RsReassembler<Vec<u8>>,
}

type Incomplete<'py> = (
    String,
    Bound<'py, PyBytes>,
    u16,
    u8,
    Vec<(u8, Bound<'py, PyBytes>)>,
);

fn incomplete<'py>(py: Python<'py>, i: proto::reassembly::Incomplete<Vec<u8>>) -> Incomplete<'py> {
    (
        match i.reason {
            proto::reassembly::IncompleteReason::Evicted => "evicted".into(),
            proto::reassembly::IncompleteReason::Expired => "expired".into(),
        },
        PyBytes::new(py, &i.key),
        i.reference,
        i.total,
        i.parts
            .iter()
            .map(|(n, d)| (*n, PyBytes::new(py, d)))
            .collect(),
    )
}

fn ms(now: f64) -> u64 {
    if now.is_finite() && now > 0.0 {
        (now * 1000.0) as u64
    } else {
        0
    }
}

#[pymethods]
impl Reassembler {
    #[new]
    #[pyo3(signature = (*, max_messages = 256, max_parts = 255, max_buffered_bytes = 262144, timeout = 300.0))]
    fn new(max_messages: usize, max_parts: u8, max_buffered_bytes: usize, timeout: f64) -> Self {
        Self {
            inner: RsReassembler::new(ReassemblyConfig {
                max_messages,
                max_parts,
                max_buffered_bytes,
                timeout_ms: ms(timeout),
            }),
        }
    }

    /// Adds a part: returns ("completed", data, []), ("stored", None, evicted) or
    /// ("duplicate", None, []); raises ValueError for an invalid part.
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        reference: u16,
        total: u8,
        seqnum: u8,
        data: &Bound<'py, PyAny>,
        now: f64,
    ) -> PyResult<(
        &'static str,
        Option<Bound<'py, PyBytes>>,
        Vec<Incomplete<'py>>,
    )> {
        let key = binary_octets(key, "key")?.to_vec();
        let data = binary_octets(data, "data")?;
        match self
            .inner
            .push(key, Part::new(reference, total, seqnum, &data), ms(now))
            .map_err(|e| PyValueError::new_err(e.to_string()))?
        {
            Pushed::Completed(m) => Ok(("completed", Some(PyBytes::new(py, &m.data)), Vec::new())),
            Pushed::Stored { evicted } => Ok((
                "stored",
                None,
                evicted.into_iter().map(|i| incomplete(py, i)).collect(),
            )),
            Pushed::Duplicate { .. } => Ok(("duplicate", None, Vec::new())),
        }
    }

    /// Messages whose time ran out before every part arrived.
    fn expired<'py>(&mut self, py: Python<'py>, now: f64) -> Vec<Incomplete<'py>> {
        let mut out = Vec::new();
        while let Some(i) = self.inner.poll_expired(ms(now)) {
            out.push(incomplete(py, i));
        }
        out
    }

    /// When the next message expires (seconds), or None.
    fn next_deadline(&self) -> Option<f64> {
        self.inner.next_deadline().map(|m| m as f64 / 1000.0)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    #[getter]
    fn buffered_bytes(&self) -> usize {
        self.inner.buffered_bytes()
    }
}

pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(encode_text, m)?)?;
    m.add_function(wrap_pyfunction!(decode_text, m)?)?;
    m.add_function(wrap_pyfunction!(choose_encoding, m)?)?;
    m.add_function(wrap_pyfunction!(count_text, m)?)?;
    m.add_function(wrap_pyfunction!(data_coding_for, m)?)?;
    m.add_function(wrap_pyfunction!(split_text, m)?)?;
    m.add_function(wrap_pyfunction!(message_text, m)?)?;
    m.add_function(wrap_pyfunction!(parse_receipt_text, m)?)?;
    m.add_function(wrap_pyfunction!(pdu_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(format_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(ids_match, m)?)?;
    m.add_function(wrap_pyfunction!(stat_message_state, m)?)?;
    m.add_function(wrap_pyfunction!(message_state_stat, m)?)?;
    m.add_class::<Reassembler>()?;
    Ok(())
}

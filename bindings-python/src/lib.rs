//! The private extension module `smpp._smpp`. The public API is the Python package `smpp`,
//! which re-exports these classes and functions and adds the asyncio layer.

use pyo3::prelude::*;

mod codec;
mod pdu;
mod session;
mod text;
mod util;

/// Every command_status this library knows: (name, code, description).
#[pyfunction]
fn _command_statuses() -> Vec<(&'static str, u32, &'static str)> {
    smpp_proto::CommandStatus::ALL
        .iter()
        .map(|s| (s.name().unwrap_or("?"), s.0, s.description().unwrap_or("")))
        .collect()
}

/// Every command_id: (spec name, code).
#[pyfunction]
fn _command_ids() -> Vec<(&'static str, u32)> {
    (0u32..0x200)
        .chain(0x8000_0000..0x8000_0200)
        .filter_map(|v| match smpp_proto::CommandId::from_u32(v) {
            smpp_proto::CommandId::Other(_) => None,
            id => Some((id.name(), v)),
        })
        .collect()
}

/// Every TLV tag: (spec name, tag, min length, max length).
#[pyfunction]
fn _tlv_tags() -> Vec<(&'static str, u16, u16, u16)> {
    smpp_proto::TlvTag::ALL
        .iter()
        .map(|t| {
            let (lo, hi) = t.allowed_len().unwrap_or((0, 0xFFFF));
            (t.name().unwrap_or("?"), t.0, lo, hi)
        })
        .collect()
}

#[pymodule]
fn _smpp(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    pdu::add_classes(m)?;
    m.add_class::<codec::Framer>()?;
    session::add_events(m)?;
    text::add(m)?;
    m.add_function(wrap_pyfunction!(codec::decode, m)?)?;
    m.add_function(wrap_pyfunction!(codec::encode, m)?)?;
    m.add_function(wrap_pyfunction!(codec::split_frames, m)?)?;
    m.add_function(wrap_pyfunction!(codec::frame_length, m)?)?;
    m.add_function(wrap_pyfunction!(_command_statuses, m)?)?;
    m.add_function(wrap_pyfunction!(_command_ids, m)?)?;
    m.add_function(wrap_pyfunction!(_tlv_tags, m)?)?;
    Ok(())
}

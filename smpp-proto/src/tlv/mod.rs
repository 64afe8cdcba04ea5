//! TLVs (optional parameters): tags, values and the TLV area of a PDU.

mod list;
mod tag;
mod value;

pub use list::{CallbackNum, NetworkErrorCode, TlvIter, Tlvs};
pub use tag::TlvTag;
pub use value::{Tlv, TlvTooLong};

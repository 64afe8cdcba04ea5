//! Wire-level building blocks: the parse cursor, the encode cursor and field types.

mod field;
mod list;
mod reader;
mod strings;
mod writer;

pub(crate) use field::Wire;
pub(crate) use list::wire_list;
pub(crate) use reader::Reader;
pub use strings::{COctetString, LengthError, ShortMessage, TimeField};
pub(crate) use writer::Writer;

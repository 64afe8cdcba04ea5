//! Named values of SMPP fields: ids, statuses, bit fields, enumerations and time.

mod command_id;
mod command_status;
mod esm_class;
mod small;
mod time;

pub use command_id::CommandId;
pub use command_status::CommandStatus;
pub use esm_class::{EsmClass, MessageType, MessagingMode, ReceiptRequest, RegisteredDelivery};
pub use small::{Alphabet, DataCoding, InterfaceVersion, MessageState, Npi, PriorityFlag, Ton};
pub use time::{SmppTime, TimeError};
